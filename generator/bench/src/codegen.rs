//! Generator speed: regenerating the five providers, and growth over synthetic specs.

use crate::progenitor::timed;
use crate::{median, synthetic};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const PROVIDERS: &[&str] = &["hypertrack", "hubrise", "hooptap", "hellotracks", "trackier"];

/// Median seconds of the `apigen` binary (built beside this benchmark) generating a crate from
/// the spec file `spec`.
struct Generation {
    /// Into a fresh folder: every file created.
    fresh: f64,
    /// Into the folder holding that crate already: every file read and compared, none written
    /// (as `cargo xtask codegen` after a spec change that touches a few files).
    again: f64,
}

/// Times the `apigen` binary generating a crate from `spec`, `runs` times.
///
/// Each run writes into a folder of its own, and the folders are removed only when the section
/// ends: ext4 does not reuse an inode deleted in the last minutes, so creating files just after
/// deleting as many made each file cost 0.25 to 0.67 ms instead of 0.04 ms, which measured the
/// benchmark's cleanup rather than the generator.
fn generation(root: &Path, spec: &Path, runs: usize) -> Result<Generation, String> {
    let apigen = std::env::current_exe().map_err(|error| error.to_string())?.with_file_name("apigen");
    let (mut fresh, mut again) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let out = fresh_folder(root);
        let generate = || timed(Command::new(&apigen).arg("generate").arg("--spec").arg(spec).arg("--out").arg(&out));
        fresh.push(generate()?);
        again.push(generate()?);
    }
    Ok(Generation { fresh: median(fresh), again: median(again) })
}

/// A folder under [`scratch`] that no earlier run used (nothing is created there yet).
fn fresh_folder(root: &Path) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    scratch(root).join(format!("crate-{}", NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)))
}

/// Where generated crates are written: beside the build, as a repository's `generated/` folder
/// is (the system's temporary folder may be a slower file system); one folder per benchmark
/// process, so that what an interrupted run left is never mistaken for a fresh folder.
fn scratch(root: &Path) -> PathBuf {
    scratch_parent(root).join(std::process::id().to_string())
}

fn scratch_parent(root: &Path) -> PathBuf {
    root.join("target/bench-work/codegen")
}

/// The codegen section of the report.
pub fn run(root: &Path, quick: bool) -> Result<String, String> {
    let runs = if quick { 3 } else { 11 };
    let mut rows = String::new();
    let (mut total_fresh, mut total_again) = (0.0, 0.0);
    let mut total_endpoints = 0;
    for name in PROVIDERS {
        let source = format!("specs/{name}.yaml");
        let spec = std::fs::read(root.join(&source)).map_err(|error| format!("cannot read {source}: {error}"))?;
        let endpoints = endpoint_count(&spec, &source)?;
        let timing = generation(root, &root.join(&source), runs)?;
        (total_fresh, total_again) = (total_fresh + timing.fresh, total_again + timing.again);
        total_endpoints += endpoints;
        eprintln!("codegen: {name}: {endpoints} endpoints in {:.1} ms, again {:.1} ms", timing.fresh * 1e3, timing.again * 1e3);
        rows.push_str(&format!("| {name} | {endpoints} | {:.1} ms | {:.1} ms |\n", timing.fresh * 1e3, timing.again * 1e3));
    }
    rows.push_str(&format!("| **all five** | {total_endpoints} | **{:.1} ms** | **{:.1} ms** |\n", total_fresh * 1e3, total_again * 1e3));
    let xtask = xtask_codegen(root, runs.min(5))?;
    eprintln!("codegen: cargo xtask codegen --check in {:.1} ms", xtask * 1e3);

    let sizes: &[usize] = if quick { &[100, 1_000] } else { &[100, 1_000, 5_000] };
    let mut synthetic_rows = String::new();
    let mut measured: Vec<(usize, f64)> = Vec::new();
    for &endpoints in sizes {
        let spec = synthetic::spec(endpoints);
        let path = scratch(root).join(format!("synthetic-{endpoints}.yaml"));
        std::fs::create_dir_all(scratch(root)).and_then(|()| std::fs::write(&path, &spec)).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        let timing = generation(root, &path, if endpoints >= 5_000 { runs.min(5) } else { runs.min(7) })?;
        let seconds = timing.fresh;
        eprintln!("codegen: synthetic {endpoints} endpoints in {:.1} ms, again {:.1} ms", seconds * 1e3, timing.again * 1e3);
        let per_endpoint = seconds / endpoints as f64;
        let growth = measured.last().map_or_else(
            || "".to_owned(),
            |(previous_endpoints, previous_seconds)| {
                let size_ratio = endpoints as f64 / *previous_endpoints as f64;
                format!("×{:.1} for ×{size_ratio:.0} endpoints (per endpoint ×{:.2})", seconds / previous_seconds, per_endpoint / (previous_seconds / *previous_endpoints as f64))
            },
        );
        synthetic_rows.push_str(&format!(
            "| {endpoints} | {} KiB | {} | {:.1} ms | {:.0} µs | {growth} | {:.1} ms |\n",
            spec.len() / 1024,
            apigen::emit::files(&apigen::check(spec.as_bytes(), "synthetic.yaml").map_err(|diagnostics| diagnostics.to_string())?).len(),
            seconds * 1e3,
            per_endpoint * 1e6,
            timing.again * 1e3
        ));
        measured.push((endpoints, seconds));
    }
    let stages = stage_table(root, &synthetic::spec(*sizes.last().unwrap_or(&1_000)))?;
    // Removed only now, with whatever interrupted runs left: see `generation`.
    let _ = std::fs::remove_dir_all(scratch_parent(root));
    let import = import_section(*sizes.last().unwrap_or(&1_000), runs.min(3))?;
    let linear = match (measured.first(), measured.last()) {
        (Some((small, small_seconds)), Some((large, large_seconds))) if large > small => {
            let ratio = (large_seconds / *large as f64) / (small_seconds / *small as f64);
            format!("Time per endpoint at {large} endpoints is ×{ratio:.2} that at {small} (1.00 is perfectly linear).")
        }
        _ => String::new(),
    };
    Ok(format!(
        "## 1. Codegen\n\nThe `apigen` binary (release build) generating a crate: parse, validate, resolve, emit, format with \
         prettyplease (the parts of files spread over every core) and write; the median of {runs} runs. *Fresh*: into a new \
         folder, every file created; *again*: into the folder holding the crate, every file read and compared and none \
         written, as `cargo xtask codegen` is run after most spec changes.\n\n\
         | spec | endpoints | fresh | again |\n|---|---:|---:|---:|\n{rows}\n\
         Aim: all five under 100 ms.\n\n\
         `cargo xtask codegen --check`, as maintainers run it (through cargo, the generator built in the dev profile, the five \
         specs checked and their crates generated and compared at once), the median of {xtask_runs} runs: **{:.0} ms**.\n\n### Growth\n\nSynthetic specs (`generator/bench/src/synthetic.rs`): resources of five \
         endpoints (paginated list, get, create, update, delete) with two models each, every endpoint with an example.\n\n\
         | endpoints | spec | files | fresh | per endpoint | growth | again |\n|---:|---:|---:|---:|---:|---|---:|\n{synthetic_rows}\n{linear}\n\n\
         Aim: 5,000 endpoints under 1 s.\n\n\
         Where the time goes for the largest synthetic spec, stage by stage, in this benchmark's process (the system \
         allocator; the binary's is mimalloc), one run:\n\n{stages}\n{import}",
        xtask * 1e3,
        xtask_runs = runs.min(5),
    ))
}

/// Median seconds of `cargo xtask codegen --check` over `runs` (the first run, which may build
/// the task, is not counted).
fn xtask_codegen(root: &Path, runs: usize) -> Result<f64, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let run = || timed(Command::new(&cargo).args(["xtask", "codegen", "--check"]).current_dir(root));
    run()?;
    let samples = (0..runs.max(1)).map(|_| run()).collect::<Result<Vec<_>, _>>()?;
    Ok(median(samples))
}

/// `import-openapi` of the OpenAPI export of the synthetic spec of `endpoints` endpoints: reading
/// the document, converting it, writing the draft and validating it (the median of `runs`).
fn import_section(endpoints: usize, runs: usize) -> Result<String, String> {
    let spec = synthetic::spec(endpoints);
    let api = apigen::check(spec.as_bytes(), "synthetic.yaml").map_err(|diagnostics| diagnostics.to_string())?;
    let document = apigen::openapi::export(&api);
    let mut samples = Vec::new();
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        apigen::import::import(document.as_bytes(), "synthetic.openapi.yaml", "synthetic").map_err(|error| error.to_string())?;
        samples.push(started.elapsed().as_secs_f64());
    }
    let seconds = median(samples);
    eprintln!("codegen: import-openapi of {endpoints} operations in {:.1} ms", seconds * 1e3);
    Ok(format!(
        "### Importing OpenAPI\n\n`import-openapi` of that spec's OpenAPI export ({endpoints} operations, {:.1} MiB of YAML): read, \
         converted, written as a draft spec and the draft validated, in-process; the median of {runs} runs: **{:.2} s** \
         ({:.0} µs per operation). Aim: a document of thousands of operations in seconds.\n",
        document.len() as f64 / (1024.0 * 1024.0),
        seconds,
        seconds / endpoints as f64 * 1e6,
        runs = runs.max(1),
    ))
}

fn endpoint_count(spec: &[u8], source: &str) -> Result<usize, String> {
    let api = apigen::check(spec, source).map_err(|diagnostics| diagnostics.to_string())?;
    Ok(api.endpoint_count())
}

/// One run of the pipeline on `spec`, timed stage by stage, as a Markdown table.
fn stage_table(root: &Path, spec: &str) -> Result<String, String> {
    use apigen::{diagnostics::Sink, emit, load, resolve, validate, write, yaml};
    let mut rows = Vec::new();
    let row = |rows: &mut Vec<String>, stage: &str, seconds: f64| rows.push(format!("| {stage} | {:.1} ms |", seconds * 1e3));
    let started = Instant::now();
    let tree = yaml::parse(spec.as_bytes()).map_err(|error| error.message)?;
    row(&mut rows, "parse YAML", started.elapsed().as_secs_f64());
    let mut sink = Sink::new("synthetic.yaml");
    let started = Instant::now();
    let ast = load::load(&tree, &mut sink);
    row(&mut rows, "load", started.elapsed().as_secs_f64());
    let started = Instant::now();
    validate::validate(&ast, &mut sink);
    row(&mut rows, "validate", started.elapsed().as_secs_f64());
    let started = Instant::now();
    let api = resolve::resolve(&ast, "synthetic.yaml", &mut sink).ok_or_else(|| sink.finish().to_string())?;
    row(&mut rows, "resolve", started.elapsed().as_secs_f64());
    // Each file's parts emitted, then formatted, one after another, timed per file.
    let options = apigen::Options::default();
    let emitter = emit::Emitter::new(&api, &options);
    // `format::rust_part` is syn's parse then prettyplease's print; they are timed apart here.
    let (mut emitting, mut parsing, mut printing) = (0.0, 0.0, 0.0);
    let mut per_file: Vec<(String, f64)> = Vec::new();
    for kind in emit::files(&api) {
        let mut seconds = 0.0;
        let mut texts = Vec::new();
        for part in kind.parts(&api).into_iter().filter(|part| part.is_emitted_alone(kind)) {
            let started = Instant::now();
            let output = emitter.part(kind, part);
            let emitted = started.elapsed().as_secs_f64();
            let (mut parsed, mut printed) = (0.0, 0.0);
            texts.push(match output {
                emit::Output::Text(text) => text,
                emit::Output::Rust(tokens) => {
                    let started = Instant::now();
                    let file = syn::parse2::<syn::File>(tokens).map_err(|error| format!("{}: {error}", kind.path(&api)))?;
                    parsed = started.elapsed().as_secs_f64();
                    let started = Instant::now();
                    let text = prettyplease::unparse(&file);
                    printed = started.elapsed().as_secs_f64();
                    text
                }
            });
            (emitting, parsing, printing) = (emitting + emitted, parsing + parsed, printing + printed);
            seconds += emitted + parsed + printed;
        }
        std::hint::black_box(texts);
        per_file.push((kind.path(&api), seconds));
    }
    row(&mut rows, "emit (quote)", emitting);
    row(&mut rows, "format: parse the tokens (syn)", parsing);
    row(&mut rows, "format: print (prettyplease)", printing);
    per_file.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (path, seconds) in per_file.iter().take(3) {
        row(&mut rows, &format!("of which `{path}` (emit and format)"), *seconds);
    }
    let started = Instant::now();
    let files = apigen::generate_api_with(&api, &apigen::Options::default()).map_err(|error| error.to_string())?;
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    row(&mut rows, &format!("emit and format as `generate` does, parts of files spread over {threads} threads"), started.elapsed().as_secs_f64());
    let out = fresh_folder(root);
    let started = Instant::now();
    write::write(&out, &files).map_err(|error| error.to_string())?;
    row(&mut rows, &format!("write {} files to a fresh folder", files.len()), started.elapsed().as_secs_f64());
    let started = Instant::now();
    write::write(&out, &files).map_err(|error| error.to_string())?;
    row(&mut rows, "write again (read and compare, nothing written)", started.elapsed().as_secs_f64());
    let out = fresh_folder(root);
    let started = Instant::now();
    apigen::generate_api_into(&api, &apigen::Options::default(), &out).map_err(|error| error.to_string())?;
    row(&mut rows, "emit, format and write to a fresh folder as `apigen generate` does (each file written while others are formatted)", started.elapsed().as_secs_f64());
    Ok(format!("| stage | time |\n|---|---:|\n{}\n", rows.join("\n")))
}
