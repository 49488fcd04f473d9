//! Project automation, run as `cargo xtask <command>`:
//!
//! - `codegen [--check]`: regenerate every crate under `generated/` from `specs/`, and the spec
//!   language's JSON Schema `specs/schema.json`; with `--check`, write nothing and fail naming
//!   each stale file.
//! - `openapi [--check]`: write an OpenAPI 3.0 document of every spec to
//!   `generated/<name>/openapi.yaml`; with `--check`, fail naming each stale one.
//! - `validate FILE...`: check specs without writing anything.
//! - `import-openapi FILE --name NAME [--force]`: write a draft spec `specs/NAME.yaml` from an
//!   OpenAPI 3.0 or 3.1 document (`apigen::import`).
//! - `test`: the drift checks (code and OpenAPI documents), every test, clippy with `-D warnings` and rustdoc with warnings
//!   denied. This is what CI runs.
//! - `package`: `cargo package` of the runtime and the generator (verified: each built from its
//!   package alone) and of every generated crate against the packaged runtime. Part of `test`.
//! - `outside`: the `apigen` command line in a folder outside this workspace (`outside.rs`).
//!   Part of `test`.
//! - `adversarial`: the adversarial corpus (`adversarial.rs`): each case refused with located
//!   diagnostics, or its crate built, linted, documented and tested in one scratch workspace,
//!   beside the crates of the five providers' OpenAPI exports imported back as drafts. Part of
//!   `test`.
//! - `fuzz [--cases N] [--seed S]`: a long fuzzing campaign over mutated specs, in release mode.
//! - `bench [WHICH] [--quick]`: the benchmarks (`generator/bench`), in release mode; they write
//!   `BENCHMARKS.md`. Not part of `test`.

mod adversarial;
mod outside;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The `apigen` binary's allocator, for the same codegen speed (BENCHMARKS.md §1).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  codegen [--check]   regenerate generated/<name>/ from every specs/<name>.yaml,
                      and the spec schema specs/schema.json
                      (--check: write nothing, fail and list stale files)
  openapi [--check]   write generated/<name>/openapi.yaml, an OpenAPI 3.0 document,
                      for every spec (--check: write nothing, fail if one is stale)
  validate FILE...    check specs and print every problem; non-zero exit on errors
  test                drift check, all tests, clippy -D warnings, rustdoc -D warnings
  new-provider NAME   write a commented starter spec to specs/NAME.yaml
  import-openapi FILE --name NAME [--force]
                      write a draft spec specs/NAME.yaml from an OpenAPI 3.0 or 3.1
                      document (JSON or YAML); --force replaces an existing spec
  package             cargo package of the runtime, the generator (built from
                      their packages) and every generated crate
  outside             the apigen CLI in a folder outside this workspace: a new spec
                      generated with a path and a git runtime, built and tested there
  adversarial [--verbose]
                      the adversarial corpus: every case refused with located
                      diagnostics, or its crate built, linted, documented, tested
  bench [WHICH] [--quick]
                      run the benchmarks (release build) and write BENCHMARKS.md;
                      WHICH is codegen, progenitor, runtime, memory or scale (default: all)
  fuzz [--cases N] [--seed S]
                      mutate the specs N times (default 100000) and check that nothing panics";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["codegen"] => codegen(&root, false),
        ["codegen", "--check"] => codegen(&root, true),
        ["openapi"] => openapi(&root, false),
        ["openapi", "--check"] => openapi(&root, true),
        ["validate", files @ ..] if !files.is_empty() => validate(files),
        ["test"] => test(&root),
        ["adversarial"] => adversarial(&root, false),
        ["outside"] => outside::check(&root),
        ["package"] => packages(&root, &std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())),
        ["adversarial", "--verbose"] => adversarial(&root, true),
        ["fuzz", options @ ..] => fuzz(&root, options),
        ["bench", options @ ..] => bench(&root, options),
        ["new-provider", name] => new_provider(&root, name),
        ["import-openapi", document, "--name", name] => import_openapi(&root, document, name, false),
        ["import-openapi", document, "--name", name, "--force"] | ["import-openapi", document, "--force", "--name", name] => import_openapi(&root, document, name, true),
        ["help" | "-h" | "--help"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(Path::to_path_buf).unwrap_or(manifest_dir)
}

/// Every `specs/*.yaml`, sorted, as paths relative to the root.
fn spec_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    let dir = root.join("specs");
    let entries = std::fs::read_dir(&dir).map_err(|error| format!("cannot list {}: {error}", dir.display()))?;
    let mut specs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .filter_map(|path| path.strip_prefix(root).ok().map(Path::to_path_buf))
        .collect();
    specs.sort();
    Ok(specs)
}

fn codegen(root: &Path, check: bool) -> Result<(), String> {
    let mut problems = Vec::new();
    let mut generated_names = Vec::new();
    // Crates of specs that failed to load are not orphans; a spec's crate is named after its file.
    let mut failed_names = Vec::new();
    problems.extend(schema(root, check)?);
    let specs = spec_files(root)?;
    // One thread per spec, so one spec's parse and checks (one core) overlap another's formatting;
    // what each reports is printed in spec order.
    let outcomes: Vec<Result<SpecOutcome, String>> = std::thread::scope(|scope| {
        let threads: Vec<_> = specs.iter().map(|spec| scope.spawn(move || regenerate(root, spec, check))).collect();
        // A thread panics only on a bug; the panic goes on as it was.
        threads.into_iter().map(|thread| thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    for outcome in outcomes {
        let outcome = outcome?;
        for warning in &outcome.warnings {
            eprintln!("{warning}");
        }
        problems.extend(outcome.problems);
        match outcome.crate_name {
            SpecCrate::Generated(name) => generated_names.push(name),
            SpecCrate::NotLoaded(name) => failed_names.extend(name),
        }
    }
    if let Ok(entries) = std::fs::read_dir(root.join("generated")) {
        let mut orphans: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.path().is_dir())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| !generated_names.contains(name) && !failed_names.contains(name))
            .collect();
        orphans.sort();
        problems.extend(orphans.into_iter().map(|name| format!("generated/{name} has no spec in specs/; remove it")));
    }
    if problems.is_empty() {
        println!("codegen: {} crate(s) {}", generated_names.len(), if check { "up to date" } else { "written" });
        Ok(())
    } else if check {
        Err(format!("{}\n\ngenerated code is stale: run `cargo xtask codegen` and commit the result", problems.join("\n")))
    } else {
        Err(problems.join("\n"))
    }
}

/// What regenerating one spec's crate found.
struct SpecOutcome {
    /// Warnings to print.
    warnings: Vec<String>,
    /// Problems that fail the run.
    problems: Vec<String>,
    /// The crate the spec made.
    crate_name: SpecCrate,
}

/// The crate a spec made, or would have made.
enum SpecCrate {
    /// Generated (or compared) under this name.
    Generated(String),
    /// The spec did not load; a spec's crate is named after its file, if it has a name.
    NotLoaded(Option<String>),
}

/// Checks `spec` and writes its crate under `generated/` (or, with `check`, compares it).
fn regenerate(root: &Path, spec: &Path, check: bool) -> Result<SpecOutcome, String> {
    let source = spec.to_string_lossy().replace('\\', "/");
    let bytes = std::fs::read(root.join(spec)).map_err(|error| format!("cannot read {source}: {error}"))?;
    let mut outcome = SpecOutcome { warnings: Vec::new(), problems: Vec::new(), crate_name: SpecCrate::NotLoaded(None) };
    if !bytes.starts_with(apigen::schema::SCHEMA_COMMENT.as_bytes()) {
        outcome.warnings.push(format!("warning: {source}: the first line is not `{}`, so editors will not find the spec schema", apigen::schema::SCHEMA_COMMENT));
    }
    let api = match apigen::check_with_warnings(&bytes, &source) {
        Ok((api, warnings)) => {
            if !warnings.is_empty() {
                outcome.warnings.push(warnings.render(&String::from_utf8_lossy(&bytes)));
            }
            api
        }
        Err(diagnostics) => {
            outcome.problems.push(diagnostics.render(&String::from_utf8_lossy(&bytes)));
            outcome.crate_name = SpecCrate::NotLoaded(spec.file_stem().map(|stem| stem.to_string_lossy().into_owned()));
            return Ok(outcome);
        }
    };
    // The language allows an endpoint without an example (a warning); this repository
    // tests every endpoint of its own specs, so CI refuses one.
    let untested: Vec<String> = api
        .resources
        .iter()
        .flat_map(|resource| resource.endpoints.iter().filter(|endpoint| endpoint.examples.is_empty()).map(move |endpoint| format!("{}.{}", resource.name, endpoint.name)))
        .collect();
    if check && !untested.is_empty() {
        outcome.problems.push(format!("{source}: every endpoint here needs an example (its test); these have none: {}", untested.join(", ")));
    }
    let out = root.join("generated").join(&api.crate_name);
    if check {
        let files = apigen::generate_api(&api).map_err(|error| error.to_string())?;
        let drift = apigen::write::check(&out, &files).map_err(|error| format!("cannot read {}: {error}", out.display()))?;
        outcome.problems.extend(drift.iter().map(|item| item.to_string()));
    } else {
        apigen::generate_api_into(&api, &apigen::Options::default(), &out).map_err(|error| error.to_string())?;
    }
    outcome.crate_name = SpecCrate::Generated(api.crate_name.clone());
    Ok(outcome)
}

fn openapi(root: &Path, check: bool) -> Result<(), String> {
    let mut problems = Vec::new();
    let mut documents = 0;
    for spec in spec_files(root)? {
        let source = spec.to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(root.join(&spec)).map_err(|error| format!("cannot read {source}: {error}"))?;
        let api = match apigen::check(&bytes, &source) {
            Ok(api) => api,
            Err(diagnostics) => {
                problems.push(diagnostics.render(&String::from_utf8_lossy(&bytes)));
                continue;
            }
        };
        let path = root.join("generated").join(&api.crate_name).join("openapi.yaml");
        match apigen::write::write_file(&path, &apigen::openapi::export(&api), check).map_err(|error| format!("cannot write {}: {error}", path.display()))? {
            Some(drift) => problems.push(drift.to_string()),
            None => documents += 1,
        }
    }
    if problems.is_empty() {
        println!("openapi: {documents} document(s) {}", if check { "up to date" } else { "written" });
        Ok(())
    } else if check {
        Err(format!("{}\n\nOpenAPI documents are stale: run `cargo xtask openapi` and commit the result", problems.join("\n")))
    } else {
        Err(problems.join("\n"))
    }
}

/// Writes `specs/schema.json` (the spec language's JSON Schema), or in check mode says if it is stale.
fn schema(root: &Path, check: bool) -> Result<Option<String>, String> {
    let path = root.join("specs").join("schema.json");
    let drift = apigen::write::write_file(&path, &apigen::schema::json_schema(), check).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    Ok(drift.map(|drift| drift.to_string()))
}

fn validate(files: &[&str]) -> Result<(), String> {
    let mut failed = 0;
    for file in files {
        match apigen::commands::check_file(Path::new(file)) {
            Ok(checked) => {
                // Warnings are likely mistakes, not failures: they are shown, and the exit code stays 0.
                if !checked.warnings.is_empty() {
                    eprintln!("{}", checked.warnings);
                }
                println!("{}", checked.summary);
            }
            Err(problems) => {
                eprintln!("{problems}");
                failed += 1;
            }
        }
    }
    if failed == 0 { Ok(()) } else { Err(format!("{failed} of {} spec(s) failed validation", files.len())) }
}

fn run(root: &Path, description: &str, program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result<(), String> {
    println!("\n==> {description}: {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(root)
        .status()
        .map_err(|error| format!("cannot run {program}: {error}"))?;
    if status.success() { Ok(()) } else { Err(format!("{description} failed ({status})")) }
}

fn new_provider(root: &Path, name: &str) -> Result<(), String> {
    apigen::commands::write_starter(&root.join("specs").join(format!("{name}.yaml")), name)?;
    println!("wrote specs/{name}.yaml\nnext: edit it, then `cargo xtask validate specs/{name}.yaml` and `cargo xtask codegen`");
    Ok(())
}

/// `import-openapi`: the document is read relative to where the command runs, the draft goes to
/// `specs/NAME.yaml` of this repository.
fn import_openapi(root: &Path, document: &str, name: &str, force: bool) -> Result<(), String> {
    let out = root.join("specs").join(format!("{name}.yaml"));
    let report = apigen::commands::import_openapi(Path::new(document), name, &out, force)?;
    println!("{report}");
    Ok(())
}

fn fuzz(root: &Path, options: &[&str]) -> Result<(), String> {
    let mut cases = "100000".to_owned();
    let mut seed = None;
    let mut iter = options.iter();
    while let Some(option) = iter.next() {
        match (*option, iter.next()) {
            ("--cases", Some(value)) if value.parse::<u64>().is_ok() => cases = (*value).to_owned(),
            ("--seed", Some(value)) if value.parse::<u64>().is_ok() => seed = Some((*value).to_owned()),
            _ => return Err(format!("unexpected fuzz option `{option}`\n\n{USAGE}")),
        }
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut envs = vec![("APIGEN_FUZZ_CASES", cases.as_str())];
    if let Some(seed) = &seed {
        envs.push(("APIGEN_FUZZ_SEED", seed.as_str()));
    }
    let sample = root.join("target").join("fuzz-sample");
    let _ = std::fs::remove_dir_all(&sample);
    let sample_text = sample.to_string_lossy().into_owned();
    envs.push(("APIGEN_FUZZ_SAMPLE_DIR", sample_text.as_str()));
    run(root, "fuzz", &cargo, &["test", "--release", "--locked", "-p", "apigen", "--test", "fuzz", "--", "--nocapture"], &envs)?;
    // A sample of the mutants the generator accepted must build, lint, document and pass their
    // tests, as any valid spec must.
    let mut cases = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&sample).map(|entries| entries.filter_map(Result::ok).map(|entry| entry.path()).collect()).unwrap_or_default();
    files.sort();
    for file in files {
        let spec = std::fs::read_to_string(&file).map_err(|error| format!("cannot read {}: {error}", file.display()))?;
        cases.push(adversarial::Case { name: file.display().to_string(), spec });
    }
    println!("==> building {} accepted mutants", cases.len());
    let workspace = root.join("target").join("fuzz-sample-crates");
    let outcome = adversarial::prepare(root, &workspace, &cases, true)?;
    if !outcome.problems.is_empty() {
        return Err(format!("fuzz sample:\n{}", outcome.problems.join("\n\n")));
    }
    build_scratch_workspace(root, &workspace, "fuzz sample", &outcome.narrow_features)
}

fn bench(root: &Path, options: &[&str]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // The progenitor comparison runs our `generate` binary as a process, so build it too.
    run(root, "build", &cargo, &["build", "--release", "--locked", "-p", "apigen", "-p", "apigen-bench"], &[])?;
    let bench = root.join("target/release/bench");
    run(root, "bench", &bench.to_string_lossy(), options, &[])
}

/// The adversarial corpus: refusals must be located; accepted cases' crates must build, pass
/// clippy and rustdoc with `-D warnings`, and pass their tests, all in one scratch workspace that
/// shares the main target directory (so the runtime and its dependencies are built once).
fn adversarial(root: &Path, verbose: bool) -> Result<(), String> {
    let workspace = root.join("target").join("adversarial");
    let mut cases = adversarial::cases();
    // The proof that imported drafts hold up: each provider's OpenAPI export imported back, and
    // each of the importer's test documents, must generate a crate that builds, lints and
    // passes its tests like any case.
    cases.extend(adversarial::imported_documents(root)?);
    println!("==> adversarial corpus: checking {} cases", cases.len());
    let outcome = adversarial::prepare(root, &workspace, &cases, false)?;
    println!("{} refused with located diagnostics, {} generated into {}", outcome.refused.len(), outcome.generated.len(), workspace.display());
    if verbose {
        println!("refused:\n  {}", outcome.refused.join("\n  "));
    }
    if !outcome.problems.is_empty() {
        return Err(format!("adversarial corpus:\n{}", outcome.problems.join("\n\n")));
    }
    build_scratch_workspace(root, &workspace, "adversarial", &outcome.narrow_features)
}

/// Lints, tests and documents the crates of a scratch workspace (written by
/// [`adversarial::prepare`]), sharing the main target directory; lints them again with only
/// their narrowest resource features (`crate/feature`) on, and with none.
fn build_scratch_workspace(root: &Path, workspace: &Path, what: &str, narrow_features: &[String]) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let manifest = workspace.join("Cargo.toml");
    let manifest = manifest.to_string_lossy();
    let target = root.join("target");
    let target = target.to_string_lossy();
    let envs = [("CARGO_TARGET_DIR", target.as_ref())];
    // With each crate's mock server (`testing`), whose doc example runs against it.
    run(root, &format!("{what} clippy"), &cargo, &["clippy", "--manifest-path", &manifest, "--workspace", "--all-targets", "--features", "testing", "--", "-D", "warnings"], &envs)?;
    run(root, &format!("{what} tests"), &cargo, &["test", "--manifest-path", &manifest, "--workspace", "--features", "testing"], &envs)?;
    if !narrow_features.is_empty() {
        let features = narrow_features.join(",");
        let args = ["clippy", "--manifest-path", &manifest, "--workspace", "--all-targets", "--no-default-features", "--features", "testing", "--features", &features, "--", "-D", "warnings"];
        run(root, &format!("{what} clippy, one resource each"), &cargo, &args, &envs)?;
        let args = ["clippy", "--manifest-path", &manifest, "--workspace", "--all-targets", "--no-default-features", "--", "-D", "warnings"];
        run(root, &format!("{what} clippy, no resource"), &cargo, &args, &envs)?;
    }
    let doc_envs = [("CARGO_TARGET_DIR", target.as_ref()), ("RUSTDOCFLAGS", "-D warnings")];
    run(root, &format!("{what} rustdoc"), &cargo, &["doc", "--manifest-path", &manifest, "--workspace", "--no-deps", "--features", "testing"], &doc_envs)
}

/// What `cargo publish` would upload: the runtime and the generator, each built from its package
/// alone; every generated crate packaged against the packaged runtime (they are built and tested
/// above, so not again).
fn packages(root: &Path, cargo: &str) -> Result<(), String> {
    run(root, "packages: runtime and generator", cargo, &["package", "--allow-dirty", "--quiet", "-p", "apigen-runtime", "-p", "apigen"], &[])?;
    let mut args = vec!["package", "--allow-dirty", "--no-verify", "--quiet", "-p", "apigen-runtime"];
    // A spec's crate is named after its file.
    let names: Vec<String> = spec_files(root)?.iter().filter_map(|spec| spec.file_stem()).map(|stem| stem.to_string_lossy().into_owned()).collect();
    for name in &names {
        args.extend(["-p", name.as_str()]);
    }
    run(root, "packages: generated crates", cargo, &args, &[])
}

/// The resource feature that compiles the fewest models, enums, unions and statics (the first
/// such), so that a crate built with it alone has the most left out; `None` without features.
pub fn narrowest_feature(api: &apigen::ir::Api) -> Option<String> {
    use apigen::ir::Gate;
    let gates: Vec<&Gate> = api
        .models
        .iter()
        .map(|model| &model.gate)
        .chain(api.enums.iter().map(|enumeration| &enumeration.gate))
        .chain(api.unions.iter().map(|union| &union.gate))
        .chain(api.pagination_statics.iter().map(|pagination| &pagination.gate))
        .chain(api.envelope_statics.iter().map(|envelope| &envelope.gate))
        .chain(api.error_tables.iter().map(|table| &table.gate))
        .collect();
    let compiled = |feature: &String| gates.iter().filter(|gate| matches!(gate, Gate::Features(features) if features.contains(feature))).count();
    api.resource_features().into_iter().min_by_key(|feature| compiled(feature))
}

/// Each generated crate, and each snapshot crate of the generator's fixture specs, built with no
/// resource feature (default features off): linted with `-D warnings`, so what the resources
/// share is left out with them. Then each with only its narrowest resource feature (and its mock
/// server): linted and tested, so nothing a feature leaves out is needed by what it keeps.
fn few_resources_each(root: &Path, cargo: &str) -> Result<(), String> {
    let snapshots = Path::new("generator/codegen/tests/snapshots");
    let fixtures = std::fs::read_dir(root.join(snapshots))
        .map_err(|error| format!("cannot list {}: {error}", snapshots.display()))?
        .filter_map(Result::ok)
        .map(|entry| Path::new("generator/codegen/tests/fixtures").join(format!("{}.yaml", entry.file_name().to_string_lossy())));
    let mut specs: Vec<PathBuf> = spec_files(root)?.into_iter().chain(fixtures).collect();
    specs.sort();
    let mut no_resource: Vec<String> = ["clippy", "--all-targets", "--locked", "--no-default-features"].map(str::to_owned).to_vec();
    let mut one_resource: Vec<String> = ["--no-default-features", "--features", "testing"].map(str::to_owned).to_vec();
    for spec in specs {
        let source = spec.to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(root.join(&spec)).map_err(|error| format!("cannot read {source}: {error}"))?;
        let api = apigen::check(&bytes, &source).map_err(|diagnostics| diagnostics.render(&String::from_utf8_lossy(&bytes)))?;
        no_resource.extend(["-p".to_owned(), api.crate_name.clone()]);
        if let Some(feature) = narrowest_feature(&api) {
            one_resource.extend(["-p".to_owned(), api.crate_name.clone(), "--features".to_owned(), format!("{}/{feature}", api.crate_name)]);
        }
    }
    no_resource.extend(["--", "-D", "warnings"].map(str::to_owned));
    let no_resource: Vec<&str> = no_resource.iter().map(String::as_str).collect();
    run(root, "clippy, no resource in any crate", cargo, &no_resource, &[])?;
    let args: Vec<&str> = one_resource.iter().map(String::as_str).collect();
    let clippy: Vec<&str> = ["clippy", "--all-targets", "--locked"].into_iter().chain(args.iter().copied()).chain(["--", "-D", "warnings"]).collect();
    run(root, "clippy, one resource per crate", cargo, &clippy, &[])?;
    let test: Vec<&str> = ["test", "--all-targets", "--locked"].into_iter().chain(args.iter().copied()).collect();
    run(root, "tests, one resource per crate", cargo, &test, &[])
}

fn test(root: &Path) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    println!("==> drift check: cargo xtask codegen --check");
    codegen(root, true)?;
    println!("==> drift check: cargo xtask openapi --check");
    openapi(root, true)?;
    // Every feature of every crate: the conversions and each generated crate's mock server
    // (`testing`), so no feature-gated code goes untested; the runtime alone is linted without.
    run(root, "tests", &cargo, &["test", "--workspace", "--all-targets", "--all-features", "--locked"], &[])?;
    run(root, "doc tests", &cargo, &["test", "--workspace", "--doc", "--all-features", "--locked"], &[])?;
    run(root, "clippy", &cargo, &["clippy", "--workspace", "--all-targets", "--all-features", "--locked", "--", "-D", "warnings"], &[])?;
    // The workspace's tests turn on every optional conversion of the runtime; alone, it is built
    // and linted as a crate that turns on none.
    run(root, "clippy, runtime without features", &cargo, &["clippy", "-p", "apigen-runtime", "--all-targets", "--no-default-features", "--locked", "--", "-D", "warnings"], &[])?;
    run(root, "rustdoc", &cargo, &["doc", "--workspace", "--no-deps", "--all-features", "--locked"], &[("RUSTDOCFLAGS", "-D warnings")])?;
    few_resources_each(root, &cargo)?;
    packages(root, &cargo)?;
    adversarial(root, false)?;
    println!("\n==> the apigen command line outside this workspace");
    outside::check(root)?;
    println!("\nall checks passed");
    Ok(())
}
