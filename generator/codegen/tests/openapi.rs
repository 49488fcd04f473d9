//! The OpenAPI export: every spec and fixture exports a document that reads back as exactly what
//! was meant, has one operation per endpoint, and passes `openapi-spec-validator`, the reference
//! OpenAPI validator, installed from PyPI (pinned in `tools/openapi-validator/requirements.txt`)
//! into a virtualenv under `target/` by this test.

#[path = "support/files.rs"]
mod files;

use files::root;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Every spec and fixture, resolved: (file name stem, API).
fn apis() -> Vec<(String, apigen::ir::Api)> {
    files::specs_and_fixtures()
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).expect("readable");
            let api = apigen::check(&bytes, &path.display().to_string()).unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
            (path.file_stem().expect("a file name").to_string_lossy().into_owned(), api)
        })
        .collect()
}

#[test]
fn exports_read_back_as_the_document_with_one_operation_per_endpoint() {
    let apis = apis();
    assert!(apis.len() >= 8);
    for (name, api) in apis {
        let text = apigen::openapi::export(&api);
        let read: serde_json::Value = serde_yaml::from_str(&text).unwrap_or_else(|error| panic!("{name}: the export is not YAML: {error}"));
        assert_eq!(read, serde_json::Value::Object(apigen::openapi::document(&api)), "{name}: the YAML does not say what the document holds");
        let mut operation_ids: Vec<&str> = read["paths"]
            .as_object()
            .expect("paths")
            .values()
            .flat_map(|item| item.as_object().expect("a path item").values())
            .map(|operation| operation["operationId"].as_str().expect("an operationId"))
            .collect();
        let endpoints = api.endpoint_count();
        assert_eq!(operation_ids.len(), endpoints, "{name}: an endpoint is missing (two on one method and path?)");
        operation_ids.sort_unstable();
        operation_ids.dedup();
        assert_eq!(operation_ids.len(), endpoints, "{name}: operation ids repeat");
    }
}

/// The validator's command, installed on first use.
fn validator() -> &'static Path {
    static VALIDATOR: OnceLock<PathBuf> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let requirements_path = root().join("tools/openapi-validator/requirements.txt");
        let requirements = std::fs::read_to_string(&requirements_path).expect("tools/openapi-validator/requirements.txt exists");
        let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("openapi-validator");
        let marker = venv.join("installed-requirements.txt");
        let bin = venv.join("bin");
        if std::fs::read_to_string(&marker).ok().as_deref() != Some(requirements.as_str()) {
            let _ = std::fs::remove_dir_all(&venv);
            run(Command::new("python3").args(["-m", "venv"]).arg(&venv), "create a virtualenv (python3 with venv is needed)");
            run(
                Command::new(bin.join("pip")).args(["install", "--disable-pip-version-check", "--no-input", "--quiet", "-r"]).arg(&requirements_path),
                "install openapi-spec-validator from PyPI",
            );
            std::fs::write(&marker, &requirements).expect("marker written");
        }
        bin.join("openapi-spec-validator")
    })
}

fn run(command: &mut Command, what: &str) {
    let output = command.output().unwrap_or_else(|error| panic!("cannot {what}: {error}"));
    assert!(output.status.success(), "cannot {what}:\n{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
}

fn validate(files: &[PathBuf]) -> (bool, String) {
    let output = Command::new(validator()).args(files).output().expect("the validator runs");
    (output.status.success(), format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)))
}

#[test]
fn every_export_passes_openapi_spec_validator() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("openapi-exports");
    std::fs::create_dir_all(&dir).expect("export folder");
    let files: Vec<PathBuf> = apis()
        .into_iter()
        .map(|(name, api)| {
            let path = dir.join(format!("{name}.yaml"));
            std::fs::write(&path, apigen::openapi::export(&api)).expect("export written");
            path
        })
        .collect();
    let (passed, report) = validate(&files);
    assert!(passed, "openapi-spec-validator rejects an export:\n{report}");
    assert_eq!(report.matches(": OK").count(), files.len(), "{report}");

    // The validator must be able to fail: an operation whose path parameter is not declared.
    let broken = dir.join("broken.yaml");
    let petshop = std::fs::read_to_string(&files[files.iter().position(|file| file.ends_with("petshop.yaml")).expect("petshop exported")]).expect("readable");
    std::fs::write(&broken, petshop.replacen("in: path", "in: query", 1)).expect("written");
    let (passed, report) = validate(std::slice::from_ref(&broken));
    assert!(!passed, "the validator accepted a broken document:\n{report}");
}
