//! `generate --spec FILE --out DIR`: generates a client crate from a spec, anywhere.

use apigen::{Options, RuntimeDependency};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: generate --spec FILE --out DIR [--check] [RUNTIME]

Generates a typed Rust client crate from a YAML API spec.
  --spec FILE              the spec to read
  --out DIR                the crate directory to write (created if missing)
  --check                  write nothing; exit 1 and list the files that differ

How the crate depends on apigen-runtime (RUNTIME, at most one):
  --runtime-path DIR       the runtime crate's folder (written relative to the crate)
  --runtime-git URL        a git repository holding the runtime, with
    [--runtime-rev REV]    a commit, tag or branch (default: its default branch)
  --runtime-version VER    the registry's apigen-runtime VER
Without one: this checkout's generator/runtime when the generator runs from a checkout,
else the registry's apigen-runtime of the generator's version.";

/// The command line, parsed.
struct Args {
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

fn parse(args: impl IntoIterator<Item = String>) -> Result<Option<Args>, String> {
    let (mut spec, mut out, mut check) = (None, None, false);
    let (mut path, mut git, mut rev, mut version) = (None, None, None, None);
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--spec" => spec = Some(PathBuf::from(value("--spec")?)),
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--check" => check = true,
            "--runtime-path" => path = Some(PathBuf::from(value("--runtime-path")?)),
            "--runtime-git" => git = Some(value("--runtime-git")?),
            "--runtime-rev" => rev = Some(value("--runtime-rev")?),
            "--runtime-version" => version = Some(value("--runtime-version")?),
            "-h" | "--help" => return Ok(None),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    let (Some(spec), Some(out)) = (spec, out) else {
        return Err("both --spec and --out are required".to_owned());
    };
    if rev.is_some() && git.is_none() {
        return Err("--runtime-rev goes with --runtime-git".to_owned());
    }
    let runtime = match (path, git, version) {
        (None, None, None) => None,
        (Some(path), None, None) => Some(RuntimeChoice::Path(path)),
        (None, Some(url), None) => Some(RuntimeChoice::Git { url, rev }),
        (None, None, Some(version)) => Some(RuntimeChoice::Version(version)),
        _ => return Err("choose one of --runtime-path, --runtime-git and --runtime-version".to_owned()),
    };
    Ok(Some(Args { spec, out, check, runtime }))
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

/// The runtime of the checkout this generator was built from, if it is still there.
fn checkout_runtime() -> Option<PathBuf> {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    runtime.join("Cargo.toml").is_file().then(|| absolute(&runtime).ok()).flatten()
}

/// The options for a crate written to `out`, and the flags that reproduce the runtime choice
/// (for the command in the files' headers).
fn options(args: &Args, out: &Path) -> std::io::Result<Options> {
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
        regenerate: format!("generate --spec {spec} --out .{flags}"),
        spec: Some(spec),
        crate_path: Some(args.out.to_string_lossy().replace('\\', "/")),
    })
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let out = match absolute(&args.out) {
        Ok(out) => out,
        Err(error) => {
            eprintln!("error: cannot resolve {}: {error}", args.out.display());
            return ExitCode::FAILURE;
        }
    };
    let options = match options(&args, &out) {
        Ok(options) => options,
        Err(error) => {
            eprintln!("error: cannot resolve the paths given: {error}");
            return ExitCode::FAILURE;
        }
    };
    let source = args.spec.to_string_lossy().replace('\\', "/");
    let bytes = match std::fs::read(&args.spec) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("error: cannot read {source}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let (api, warnings) = match apigen::check_with_warnings(&bytes, &source) {
        Ok(checked) => checked,
        Err(diagnostics) => {
            eprintln!("{}", diagnostics.render(&String::from_utf8_lossy(&bytes)));
            return ExitCode::FAILURE;
        }
    };
    if !warnings.is_empty() {
        eprintln!("{}", warnings.render(&String::from_utf8_lossy(&bytes)));
    }
    let files = match apigen::generate_api_with(&api, &options) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let endpoints: usize = api.resources.iter().map(|resource| resource.endpoints.len()).sum();
    if args.check {
        return match apigen::write::check(&out, &files) {
            Ok(drift) if drift.is_empty() => {
                println!("{}: {endpoints} endpoints, {} files up to date in {}", api.crate_name, files.len(), args.out.display());
                ExitCode::SUCCESS
            }
            Ok(drift) => {
                for item in &drift {
                    eprintln!("{item}");
                }
                ExitCode::FAILURE
            }
            Err(error) => {
                eprintln!("error: cannot read {}: {error}", args.out.display());
                ExitCode::FAILURE
            }
        };
    }
    match apigen::write::write(&out, &files) {
        Ok(()) => {
            println!("{}: {endpoints} endpoints, {} files written to {}", api.crate_name, files.len(), args.out.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", args.out.display());
            ExitCode::FAILURE
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
    fn arguments_choose_one_runtime() {
        let args = |list: &[&str]| parse(list.iter().map(|arg| (*arg).to_owned()));
        assert!(matches!(args(&["--spec", "a.yaml", "--out", "x", "--runtime-git", "u", "--runtime-rev", "r"]), Ok(Some(Args { runtime: Some(RuntimeChoice::Git { .. }), .. }))));
        assert!(args(&["--spec", "a.yaml", "--out", "x", "--runtime-git", "u", "--runtime-version", "0.1"]).is_err());
        assert!(args(&["--spec", "a.yaml", "--out", "x", "--runtime-rev", "r"]).is_err());
        assert!(args(&["--spec", "a.yaml"]).is_err());
        assert!(args(&["--spec"]).is_err());
        assert!(matches!(args(&["--help"]), Ok(None)));
    }
}
