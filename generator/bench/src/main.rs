//! `bench`: measures the generator and the generated clients, each against the alternative a user
//! would pick, and writes `BENCHMARKS.md`. Run it with `cargo xtask bench` (release build); it is
//! not part of `cargo xtask test`.
//!
//! - `codegen`: regenerating the five providers, and synthetic specs of 100, 1,000 and 5,000
//!   endpoints (growth ratio);
//! - `progenitor`: our generated crate against progenitor's (builder and positional) for the same
//!   API, exported to OpenAPI: codegen time, lines per operation, `cargo build` and `cargo check`
//!   time of the generated crate with its dependencies already built;
//! - `runtime`: requests per second through the generated client against hand-written `reqwest`
//!   and `serde_json`, on a local server;
//! - `memory`: peak memory streaming 1,000,000 paginated items against 10,000;
//! - `scale`: building synthetic crates of 1,000 and 5,000 endpoints, with every resource and with
//!   one.

mod codegen;
mod machine;
mod memory;
mod progenitor;
mod runtime;
mod scale;
mod server;
mod synthetic;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: bench [all|codegen|progenitor|runtime|memory|scale] [--quick] [--out FILE]

  all          every benchmark (default); writes BENCHMARKS.md (or --out FILE)
  codegen      generator speed and scaling
  progenitor   against progenitor: codegen time, lines, build and check time
  runtime      generated client against hand-written reqwest
  memory       peak memory streaming 1,000,000 items against 10,000
  scale        build time of synthetic crates of 1,000 and 5,000 endpoints, every resource and one
  --quick      fewer repetitions and smaller sizes, to try the benchmarks out

  synthetic-spec N   print the synthetic spec of N endpoints the codegen benchmark uses
  runtime-side generated|raw get|post N
                     send N requests (32 in flight) through one client only, to profile it,
                     for example under `perf stat -e instructions:u`";

/// The heading of BENCHMARKS.md's hand-written part, which a new run keeps.
const FINDINGS: &str = "## 6. Findings and fixes";

/// Benchmark results in one run, as Markdown sections.
type Sections = Vec<String>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // The memory benchmark runs its measured client in a child process of this binary.
    if let [command, base_url, items] = args.as_slice()
        && command == memory::CHILD_COMMAND
    {
        return match memory::child(base_url, items) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        };
    }
    // `bench synthetic-spec N` prints the synthetic spec of N endpoints, to profile or inspect it.
    if let [command, endpoints] = args.as_slice()
        && command == "synthetic-spec"
    {
        let Ok(endpoints) = endpoints.parse::<usize>() else {
            eprintln!("error: `{endpoints}` is not a number of endpoints");
            return ExitCode::from(2);
        };
        print!("{}", synthetic::spec(endpoints));
        return ExitCode::SUCCESS;
    }
    // `bench runtime-side SIDE CASE N` runs one side of the runtime benchmark alone, to profile it.
    if let [command, side, case, requests] = args.as_slice()
        && command == "runtime-side"
    {
        return match runtime::one_side(side, case, requests) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::from(2)
            }
        };
    }
    let mut which = "all".to_owned();
    let mut quick = false;
    let mut out = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--out" => out = iter.next().map(PathBuf::from),
            "all" | "codegen" | "progenitor" | "runtime" | "memory" | "scale" => which = arg.clone(),
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("error: unexpected argument `{other}`\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    match run(&which, quick, out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(which: &str, quick: bool, out: Option<PathBuf>) -> Result<(), String> {
    let root = workspace_root();
    let mut sections = Sections::new();
    if matches!(which, "all" | "codegen") {
        sections.push(codegen::run(&root, quick)?);
    }
    if matches!(which, "all" | "progenitor") {
        sections.push(progenitor::run(&root, quick)?);
    }
    if matches!(which, "all" | "runtime") {
        sections.push(runtime::run(quick)?);
    }
    if matches!(which, "all" | "memory") {
        sections.push(memory::run(quick)?);
    }
    if matches!(which, "all" | "scale") {
        sections.push(scale::run(&root, quick)?);
    }
    let report = format!("{}\n{}", header(quick), sections.join("\n"));
    println!("{report}");
    if which == "all" || out.is_some() {
        let path = out.unwrap_or_else(|| root.join("BENCHMARKS.md"));
        // The hand-written record of what was found and fixed follows the measurements; keep it.
        let findings = std::fs::read_to_string(&path).ok().and_then(|text| text.find(FINDINGS).map(|at| text[at..].to_owned())).unwrap_or_default();
        let report = if findings.is_empty() { report } else { format!("{report}\n{findings}") };
        std::fs::write(&path, report).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

fn header(quick: bool) -> String {
    let mode = if quick { "\n\n**Quick run** (`--quick`): fewer repetitions and smaller sizes; not for comparison.\n" } else { "\n" };
    format!(
        "# Benchmarks\n\nWritten by `cargo xtask bench` (the `bench` binary in `generator/bench`, release build). Every \
         comparison is a ratio of two measurements taken in the same run, on this machine:\n\n{}{mode}",
        machine::describe()
    )
}

fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.ancestors().nth(2).map_or_else(|| manifest_dir.to_path_buf(), Path::to_path_buf)
}

/// The median of some durations, in seconds.
fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    match samples.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => samples[n / 2],
        n => (samples[n / 2 - 1] + samples[n / 2]) / 2.0,
    }
}
