//! `scale`: the build of large generated crates. Synthetic specs of growing size are generated
//! and built (dev profile, dependencies already built), with every resource and with one resource
//! feature, to show the build grows linearly and a user of a few resources pays for those only.
//! One more build of the largest crate runs under `-Z time-passes` to find what dominates.

use crate::progenitor::timed;
use crate::{median, synthetic};
use std::path::Path;
use std::process::Command;

/// The feature of the synthetic specs' first resource.
const ONE_RESOURCE: &str = "things0";

pub fn run(root: &Path, quick: bool) -> Result<String, String> {
    let sizes: &[usize] = if quick { &[100, 500] } else { &[1_000, 5_000] };
    let runs = if quick { 1 } else { 3 };
    let target_dir = root.join("target/bench-build");
    let mut rows = String::new();
    let mut passes = String::new();
    for &endpoints in sizes {
        let dir = root.join(format!("target/bench-work/synthetic-{endpoints}"));
        write_crate(root, &dir, endpoints)?;
        let all = build_seconds(&dir, &target_dir, &[], runs)?;
        let one = build_seconds(&dir, &target_dir, &["--no-default-features", "--features", &format!("rustls,{ONE_RESOURCE}")], runs)?;
        eprintln!("scale: {endpoints} endpoints: every resource {all:.2} s, one resource {one:.2} s");
        rows.push_str(&format!(
            "| {endpoints} | {:.1} s | {:.2} ms | {:.2} s | **{:.3}** |\n",
            all,
            all * 1e3 / endpoints as f64,
            one,
            one / all
        ));
        if Some(&endpoints) == sizes.last() {
            passes = time_passes(&dir, &target_dir)?;
        }
    }
    Ok(format!(
        "## 5. Large crates\n\nSynthetic specs (`bench synthetic-spec N`: resources of five endpoints, two models each, \
         every endpoint with an example) generated and built with `cargo build` (dev profile, dependencies already \
         built, sources touched, `CARGO_INCREMENTAL=0`; the median of {runs} runs): with every resource (the default \
         features), and with one resource (`default-features = false`, features `rustls` and `{ONE_RESOURCE}`). The real \
         providers' build per operation is in section 2.\n\n\
         | endpoints | build, every resource | build/op | build, one resource | one / every |\n|---:|---:|---:|---:|---:|\n{rows}\n\
         Aims: one resource at most 0.05 of every resource; build time linear in the number of endpoints.\n\n{passes}"
    ))
}

/// Writes the synthetic crate of `endpoints` endpoints into `dir`, as its own workspace.
fn write_crate(root: &Path, dir: &Path, endpoints: usize) -> Result<(), String> {
    let spec = synthetic::spec(endpoints);
    let api = apigen::check(spec.as_bytes(), "synthetic.yaml").map_err(|diagnostics| diagnostics.to_string())?;
    let runtime = root.join("generator/runtime");
    let options = apigen::Options { runtime: apigen::RuntimeDependency::Path(runtime.display().to_string()), ..apigen::Options::default() };
    let files = apigen::generate_api_with(&api, &options).map_err(|error| error.to_string())?;
    let _ = std::fs::remove_dir_all(dir);
    apigen::write::write(dir, &files).map_err(|error| error.to_string())?;
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|error| format!("cannot read {}: {error}", manifest.display()))?;
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).map_err(|error| error.to_string())
}

/// `cargo build` of the crate in `dir` alone, with `features`: built once with its dependencies,
/// then the median of `runs` builds of its touched sources.
fn build_seconds(dir: &Path, target_dir: &Path, features: &[&str], runs: usize) -> Result<f64, String> {
    let build = || {
        let mut command = cargo(dir, target_dir);
        command.arg("build").args(features);
        command
    };
    timed(&mut build())?;
    let mut samples = Vec::new();
    for _ in 0..runs {
        touch(&dir.join("src"))?;
        samples.push(timed(&mut build())?);
    }
    Ok(median(samples))
}

/// The passes of the crate's rustc run that take the most time (`-Z time-passes`, allowed on a
/// stable compiler through `RUSTC_BOOTSTRAP`).
fn time_passes(dir: &Path, target_dir: &Path) -> Result<String, String> {
    touch(&dir.join("src"))?;
    let mut command = cargo(dir, target_dir);
    command.args(["rustc", "--lib", "--", "-Z", "time-passes"]).env("RUSTC_BOOTSTRAP", "1");
    let output = command.output().map_err(|error| format!("cannot run {command:?}: {error}"))?;
    if !output.status.success() {
        return Err(format!("{command:?} failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    // Lines such as `time:   1.234; rss: ...    typeck`.
    let text = String::from_utf8_lossy(&output.stderr);
    let mut passes: Vec<(f64, String)> = text
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("time:")?;
            let (seconds, rest) = rest.split_once(';')?;
            let name = rest.split_whitespace().last()?;
            Some((seconds.trim().parse().ok()?, name.to_owned()))
        })
        .collect();
    let total = passes.iter().find(|(_, name)| name == "total").map_or(f64::NAN, |(seconds, _)| *seconds);
    passes.retain(|(_, name)| name != "total");
    passes.sort_by(|a, b| b.0.total_cmp(&a.0));
    let rows: String = passes.iter().take(8).map(|(seconds, name)| format!("| `{name}` | {seconds:.2} s | {:.0}% |\n", seconds / total * 100.0)).collect();
    Ok(format!(
        "The largest crate's rustc run under `-Z time-passes` ({total:.1} s in all, every resource; passes nest, so \
         shares add up to more than 100%):\n\n| pass | time | share |\n|---|---:|---:|\n{rows}"
    ))
}

fn cargo(dir: &Path, target_dir: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command.arg("--quiet").current_dir(dir).env("CARGO_TARGET_DIR", target_dir);
    // Each timed build compiles the crate whole, as after regenerating it.
    command.env_remove("RUSTFLAGS").env_remove("CARGO_ENCODED_RUSTFLAGS").env("CARGO_INCREMENTAL", "0");
    command
}

/// Rewrites every file under `dir`, so cargo builds the crate again.
fn touch(dir: &Path) -> Result<(), String> {
    for entry in std::fs::read_dir(dir).map_err(|error| format!("cannot read {}: {error}", dir.display()))? {
        let path = entry.map_err(|error| error.to_string())?.path();
        let text = std::fs::read(&path).map_err(|error| error.to_string())?;
        std::fs::write(&path, text).map_err(|error| error.to_string())?;
    }
    Ok(())
}
