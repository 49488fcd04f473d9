//! `generate --spec FILE --out DIR`: generates a client crate from a spec, outside this repo.

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: generate --spec FILE --out DIR [--check]

Generates a typed Rust client crate from a YAML API spec.
  --spec FILE   the spec to read
  --out DIR     the crate directory to write (created if missing)
  --check       write nothing; exit 1 and list the files that differ";

fn main() -> ExitCode {
    let mut spec = None;
    let mut out = None;
    let mut check = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--spec" => spec = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            "--check" => check = true,
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
    let (Some(spec), Some(out)) = (spec, out) else {
        eprintln!("error: both --spec and --out are required\n\n{USAGE}");
        return ExitCode::from(2);
    };
    let files = match apigen::generate_file(&spec) {
        Ok(files) => files,
        Err(apigen::Error::Spec(diagnostics)) => {
            // Show each problem's line with a caret when the text can be read again.
            let text = std::fs::read(&spec).map(|bytes| String::from_utf8_lossy(&bytes).into_owned()).unwrap_or_default();
            eprintln!("{}", diagnostics.render(&text));
            return ExitCode::FAILURE;
        }
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let result = if check {
        apigen::write::check(&out, &files).map(|drift| {
            for item in &drift {
                eprintln!("{item}");
            }
            drift.is_empty()
        })
    } else {
        apigen::write::write(&out, &files).map(|()| true)
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", out.display());
            ExitCode::FAILURE
        }
    }
}
