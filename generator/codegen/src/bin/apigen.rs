//! `apigen`: generate a typed Rust client crate from a YAML API spec, anywhere. Subcommands:
//! `generate`, `validate`, `new`, `import-openapi`, `openapi` and `schema` (`apigen help` lists them); `cargo xtask`
//! runs the same library functions inside this repository.

use apigen::write::Drift;
use apigen::{Options, RuntimeDependency};
use clap::{Arg, ArgAction, ArgGroup, ArgMatches, Command, value_parser};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

/// Emitting and formatting allocate many small token trees: mimalloc makes codegen a third faster
/// than the system allocator (BENCHMARKS.md §1).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The command line.
fn cli() -> Command {
    let path = |name: &'static str, value: &'static str, help: &'static str| Arg::new(name).long(name).value_name(value).value_parser(value_parser!(PathBuf)).help(help);
    let check = Arg::new("check").long("check").action(ArgAction::SetTrue).help("Write nothing; exit 1 and list the files that differ");
    Command::new("apigen")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Generates typed async Rust API clients from hand-written YAML API specs")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(
            Command::new("generate")
                .about("Generate a client crate from a spec")
                .arg(path("spec", "FILE", "The spec to read").required(true))
                .arg(path("out", "DIR", "The crate's folder (created if missing)").required(true))
                .arg(check.clone())
                .arg(path("runtime-path", "DIR", "Depend on the runtime crate in DIR (written relative to the crate)"))
                .arg(Arg::new("runtime-git").long("runtime-git").value_name("URL").help("Depend on the runtime in this git repository"))
                .arg(Arg::new("runtime-rev").long("runtime-rev").value_name("REV").requires("runtime-git").help("The commit, tag or branch of --runtime-git"))
                .arg(Arg::new("runtime-version").long("runtime-version").value_name("VER").help("Depend on the registry's apigen-runtime VER"))
                .group(ArgGroup::new("runtime").args(["runtime-path", "runtime-git", "runtime-version"]))
                .after_help(
                    "Without a runtime option, the crate depends on this checkout's generator/runtime when apigen runs from a checkout, else on the registry's apigen-runtime of apigen's version.",
                ),
        )
        .subcommand(
            Command::new("validate")
                .about("Check specs and print every problem; exit 1 if one has errors")
                .arg(Arg::new("files").value_name("FILE").required(true).num_args(1..).value_parser(value_parser!(PathBuf))),
        )
        .subcommand(
            Command::new("new")
                .about("Write a commented starter spec NAME.yaml, and the spec schema beside it if missing")
                .arg(Arg::new("name").value_name("NAME").required(true).help("The provider's crate name"))
                .arg(path("dir", "DIR", "Where to write it").default_value(".")),
        )
        .subcommand(
            Command::new("openapi")
                .about("Write an OpenAPI 3.0 document of a spec")
                .arg(path("spec", "FILE", "The spec to read").required(true))
                .arg(path("out", "FILE", "The document to write").required(true))
                .arg(check.clone()),
        )
        .subcommand(
            Command::new("import-openapi")
                .about("Write a draft spec from an OpenAPI 3.0 or 3.1 document (JSON or YAML)")
                .arg(Arg::new("document").value_name("FILE").required(true).value_parser(value_parser!(PathBuf)).help("The OpenAPI document"))
                .arg(Arg::new("name").long("name").value_name("NAME").required(true).help("The provider's crate name"))
                .arg(path("out", "FILE", "The spec to write [default: specs/NAME.yaml]"))
                .arg(Arg::new("force").long("force").action(ArgAction::SetTrue).help("Replace the spec if it exists")),
        )
        .subcommand(
            Command::new("schema")
                .about("Write the spec language's JSON Schema, for editors")
                .arg(path("out", "FILE", "Where to write it").default_value("schema.json"))
                .arg(check),
        )
}

/// The arguments of `generate`.
struct GenerateArgs {
    spec: PathBuf,
    out: PathBuf,
    check: bool,
    runtime: Option<RuntimeChoice>,
}

/// A runtime dependency chosen on the command line.
enum RuntimeChoice {
    Path(PathBuf),
    Git { url: String, rev: Option<String> },
    Version(String),
}

impl GenerateArgs {
    fn from(matches: &ArgMatches) -> Self {
        let text = |name: &str| matches.get_one::<String>(name).cloned();
        let runtime = match (matches.get_one::<PathBuf>("runtime-path"), text("runtime-git"), text("runtime-version")) {
            (Some(path), _, _) => Some(RuntimeChoice::Path(path.clone())),
            (_, Some(url), _) => Some(RuntimeChoice::Git { url, rev: text("runtime-rev") }),
            (_, _, Some(version)) => Some(RuntimeChoice::Version(version)),
            _ => None,
        };
        Self {
            spec: matches.get_one::<PathBuf>("spec").cloned().unwrap_or_default(),
            out: matches.get_one::<PathBuf>("out").cloned().unwrap_or_default(),
            check: matches.get_flag("check"),
            runtime,
        }
    }
}

/// `to` relative to the folder `from` (both absolute), with `/` separators: `../specs/x.yaml`.
fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<Component<'_>> = from.components().collect();
    let to: Vec<Component<'_>> = to.components().collect();
    let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let ups = std::iter::repeat_n("..".to_owned(), from.len() - shared);
    let downs = to[shared..].iter().map(|component| component.as_os_str().to_string_lossy().into_owned());
    let parts: Vec<String> = ups.chain(downs).collect();
    if parts.is_empty() { ".".to_owned() } else { parts.join("/") }
}

/// An absolute form of `path` without `.` and `..` (the path need not exist).
fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    let joined = std::env::current_dir()?.join(path);
    let mut clean = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    Ok(clean)
}

/// The runtime of the checkout this generator was built from, if it is still there (an `apigen`
/// installed from the registry was built from a package, beside no runtime).
fn checkout_runtime() -> Option<PathBuf> {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let manifest = std::fs::read_to_string(runtime.join("Cargo.toml")).ok()?;
    manifest.contains("name = \"apigen-runtime\"").then(|| absolute(&runtime).ok()).flatten()
}

/// The options for a crate written to `out`, and the flags that reproduce the runtime choice
/// (for the command in the files' headers).
fn options(args: &GenerateArgs, out: &Path) -> std::io::Result<Options> {
    let spec = relative(out, &absolute(&args.spec)?);
    let (runtime, flags) = match &args.runtime {
        Some(RuntimeChoice::Path(path)) => {
            let path = relative(out, &absolute(path)?);
            (RuntimeDependency::Path(path.clone()), format!(" --runtime-path {path}"))
        }
        Some(RuntimeChoice::Git { url, rev }) => {
            let rev_flag = rev.as_ref().map(|rev| format!(" --runtime-rev {rev}")).unwrap_or_default();
            (RuntimeDependency::Git { url: url.clone(), rev: rev.clone() }, format!(" --runtime-git {url}{rev_flag}"))
        }
        Some(RuntimeChoice::Version(version)) => (RuntimeDependency::Version(version.clone()), format!(" --runtime-version {version}")),
        None => match checkout_runtime() {
            Some(runtime) => {
                let path = relative(out, &runtime);
                (RuntimeDependency::Path(path.clone()), format!(" --runtime-path {path}"))
            }
            None => (RuntimeDependency::Version(apigen::RUNTIME_VERSION.to_owned()), format!(" --runtime-version {}", apigen::RUNTIME_VERSION)),
        },
    };
    Ok(Options {
        runtime,
        // Paths relative to the crate: the command runs in the crate's folder.
        regenerate: format!("apigen generate --spec {spec} --out .{flags}"),
        spec: Some(spec),
        crate_path: Some(args.out.to_string_lossy().replace('\\', "/")),
    })
}

fn main() -> ExitCode {
    let matches = cli().get_matches();
    let result = match matches.subcommand() {
        Some(("generate", matches)) => generate(&GenerateArgs::from(matches)),
        Some(("validate", matches)) => validate(matches.get_many::<PathBuf>("files").into_iter().flatten()),
        Some(("new", matches)) => new(matches.get_one::<String>("name").map_or("", String::as_str), matches.get_one::<PathBuf>("dir").map_or(Path::new("."), PathBuf::as_path)),
        Some(("openapi", matches)) => openapi(path_arg(matches, "spec"), path_arg(matches, "out"), matches.get_flag("check")),
        Some(("schema", matches)) => schema(path_arg(matches, "out"), matches.get_flag("check")),
        Some(("import-openapi", matches)) => import_openapi(matches),
        _ => Err("no such command; see `apigen help`".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("{message}");
            }
            ExitCode::FAILURE
        }
    }
}

fn import_openapi(matches: &ArgMatches) -> Result<(), String> {
    let name = matches.get_one::<String>("name").map_or("", String::as_str);
    let out = matches.get_one::<PathBuf>("out").cloned().unwrap_or_else(|| Path::new("specs").join(format!("{name}.yaml")));
    let report = apigen::commands::import_openapi(path_arg(matches, "document"), name, &out, matches.get_flag("force"))?;
    println!("{report}");
    Ok(())
}

fn path_arg<'a>(matches: &'a ArgMatches, name: &str) -> &'a Path {
    matches.get_one::<PathBuf>(name).map_or(Path::new(""), PathBuf::as_path)
}

/// Checks a spec, printing its warnings; the error is every problem, rendered.
fn checked(spec: &Path) -> Result<apigen::commands::Checked, String> {
    let checked = apigen::commands::check_file(spec)?;
    if !checked.warnings.is_empty() {
        eprintln!("{}", checked.warnings);
    }
    Ok(checked)
}

/// `1 endpoint`, `12 endpoints`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

fn generate(args: &GenerateArgs) -> Result<(), String> {
    let out = absolute(&args.out).map_err(|error| format!("error: cannot resolve {}: {error}", args.out.display()))?;
    let options = options(args, &out).map_err(|error| format!("error: cannot resolve the paths given: {error}"))?;
    let api = checked(&args.spec)?.api;
    let endpoints = api.endpoint_count();
    if args.check {
        let files = apigen::generate_api_with(&api, &options).map_err(|error| error.to_string())?;
        let drift = apigen::write::check(&out, &files).map_err(|error| format!("error: cannot read {}: {error}", args.out.display()))?;
        if !drift.is_empty() {
            let lines: Vec<String> = drift.iter().map(ToString::to_string).collect();
            return Err(lines.join("\n"));
        }
        println!("{}: {}, {} up to date in {}", api.crate_name, count(endpoints, "endpoint"), count(files.len(), "file"), args.out.display());
        return Ok(());
    }
    let changes = apigen::generate_api_into(&api, &options, &out).map_err(|error| format!("error: {error}"))?;
    let files = apigen::emit::files(&api);
    let removed = changes.iter().filter(|change| matches!(change, Drift::Extra(_))).count();
    let written = changes.len() - removed;
    let mut summary = format!("{}: {}, {} written, {} unchanged", api.crate_name, count(endpoints, "endpoint"), count(written, "file"), files.len() - written);
    if removed > 0 {
        summary.push_str(&format!(", {} removed", count(removed, "file")));
    }
    println!("{summary} in {}", args.out.display());
    Ok(())
}

fn validate<'a>(files: impl Iterator<Item = &'a PathBuf>) -> Result<(), String> {
    let (mut failed, mut total) = (0, 0);
    for file in files {
        total += 1;
        match checked(file) {
            Ok(checked) => println!("{}", checked.summary),
            Err(problems) => {
                eprintln!("{problems}");
                failed += 1;
            }
        }
    }
    if failed == 0 { Ok(()) } else { Err(format!("{failed} of {total} spec(s) failed validation")) }
}

fn new(name: &str, dir: &Path) -> Result<(), String> {
    let path = dir.join(format!("{name}.yaml"));
    apigen::commands::write_starter(&path, name)?;
    // The starter's first line points editors at `./schema.json`: make it resolve.
    let schema = dir.join("schema.json");
    if !schema.exists() {
        apigen::write::write_file(&schema, &apigen::schema::json_schema(), false).map_err(|error| format!("error: cannot write {}: {error}", schema.display()))?;
    }
    println!("wrote {} (and {} for editors)\nnext: edit it, then `apigen validate {}` and `apigen generate --spec {} --out <crate folder>`", path.display(), schema.display(), path.display(), path.display());
    Ok(())
}

fn openapi(spec: &Path, out: &Path, check: bool) -> Result<(), String> {
    let api = checked(spec)?.api;
    match apigen::write::write_file(out, &apigen::openapi::export(&api), check).map_err(|error| format!("error: cannot write {}: {error}", out.display()))? {
        Some(drift) if check => Err(drift.to_string()),
        _ => {
            println!("{}: OpenAPI document {} {}", api.crate_name, if check { "up to date in" } else { "written to" }, out.display());
            Ok(())
        }
    }
}

fn schema(out: &Path, check: bool) -> Result<(), String> {
    match apigen::write::write_file(out, &apigen::schema::json_schema(), check).map_err(|error| format!("error: cannot write {}: {error}", out.display()))? {
        Some(drift) if check => Err(drift.to_string()),
        _ => {
            println!("spec schema {} {}", if check { "up to date in" } else { "written to" }, out.display());
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_written_relative_to_the_crate() {
        assert_eq!(relative(Path::new("/w/clients/petshop"), Path::new("/w/specs/petshop.yaml")), "../../specs/petshop.yaml");
        assert_eq!(relative(Path::new("/w/clients"), Path::new("/w/clients/petshop.yaml")), "petshop.yaml");
        assert_eq!(relative(Path::new("/w"), Path::new("/w")), ".");
    }

    #[test]
    fn the_command_line_is_consistent() {
        cli().debug_assert();
        let parse = |args: &[&str]| cli().try_get_matches_from(std::iter::once("apigen").chain(args.iter().copied()));
        assert!(parse(&["generate", "--spec", "a.yaml", "--out", "x", "--runtime-git", "u", "--runtime-version", "0.1"]).is_err(), "one runtime");
        assert!(parse(&["generate", "--spec", "a.yaml", "--out", "x", "--runtime-rev", "r"]).is_err(), "a revision needs a repository");
        let matches = parse(&["generate", "--spec", "a.yaml", "--out", "x", "--runtime-git", "u", "--runtime-rev", "r"]).expect("valid");
        let args = GenerateArgs::from(matches.subcommand_matches("generate").expect("generate"));
        assert!(matches!(args.runtime, Some(RuntimeChoice::Git { ref rev, .. }) if rev.as_deref() == Some("r")));
    }
}
