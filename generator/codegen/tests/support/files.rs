//! The spec files tests run over.

use std::path::{Path, PathBuf};

/// The repository's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `.yaml` files directly in `dir`, sorted.
pub fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("folder exists")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    files
}

/// Every provider spec (`specs/`) and fixture spec (`generator/codegen/tests/fixtures/`).
pub fn specs_and_fixtures() -> Vec<PathBuf> {
    let mut files = yaml_files(&root().join("specs"));
    files.extend(yaml_files(&root().join("generator/codegen/tests/fixtures")));
    files
}
