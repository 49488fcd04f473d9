//! What the `apigen` command line and `cargo xtask` share: reading a spec file and checking it,
//! writing a starter spec. Each returns the text to print, so both tools print the same.

use crate::{Diagnostics, check_with_warnings, ir, starter_spec};
use std::path::Path;

/// A spec file that checked out: its API, its warnings rendered (empty when none) and a one-line
/// summary.
#[derive(Debug)]
pub struct Checked {
    /// The resolved API.
    pub api: ir::Api,
    /// The warnings, each with its line and a caret; empty when there are none.
    pub warnings: String,
    /// `ok: specs/x.yaml: 3 resources, 12 endpoints, 9 models`.
    pub summary: String,
}

/// Reads and checks the spec at `path`, named in diagnostics as written. The error is the text
/// to print: every problem with its line, or why the file cannot be read.
pub fn check_file(path: &Path) -> Result<Checked, String> {
    let source = path.to_string_lossy().replace('\\', "/");
    let bytes = std::fs::read(path).map_err(|error| format!("error: cannot read {source}: {error}"))?;
    let text = String::from_utf8_lossy(&bytes);
    let render = |diagnostics: &Diagnostics| if diagnostics.is_empty() { String::new() } else { diagnostics.render(&text) };
    match check_with_warnings(&bytes, &source) {
        Ok((api, warnings)) => {
            let summary = format!("ok: {source}: {} resources, {} endpoints, {} models", api.resources.len(), api.endpoint_count(), api.models.len());
            Ok(Checked { warnings: render(&warnings), summary, api })
        }
        Err(diagnostics) => Err(render(&diagnostics)),
    }
}

/// Writes a starter spec for the provider `name` (a crate name) to `path`, after checking that it
/// validates; never overwrites a file.
pub fn write_starter(path: &Path, name: &str) -> Result<(), String> {
    if !crate::names::is_crate_name(name) {
        return Err(format!("`{name}` is not a valid crate name; use lowercase letters, digits, `-` or `_`, starting with a letter"));
    }
    if path.exists() {
        return Err(format!("{} exists already; not overwritten", path.display()));
    }
    let spec = starter_spec(name);
    // The starter must always be a valid spec; check before writing anything.
    check_with_warnings(spec.as_bytes(), &path.to_string_lossy()).map_err(|diagnostics| diagnostics.to_string())?;
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
    }
    std::fs::write(path, spec).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// Imports the OpenAPI document at `document` as the draft spec `out` for the crate `name`, and
/// writes the spec language's schema beside it if missing (the draft's first line points
/// editors at it). Never overwrites a spec unless `force`. Returns the lines to print: the
/// document's warnings, then a summary; the error is the text to print. A draft that imports
/// but does not validate is still written, so nothing is lost, and its problems are the error.
pub fn import_openapi(document: &Path, name: &str, out: &Path, force: bool) -> Result<String, String> {
    use crate::import::{ImportError, import};
    let source = document.to_string_lossy().replace('\\', "/");
    if out.exists() && !force {
        return Err(format!("{} exists already; not overwritten (pass --force to replace it)", out.display()));
    }
    let bytes = std::fs::read(document).map_err(|error| format!("error: cannot read {source}: {error}"))?;
    let document_text = String::from_utf8_lossy(&bytes);
    let write = |text: &str| -> Result<(), String> {
        if let Some(parent) = out.parent().filter(|parent| !parent.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|error| format!("error: cannot create {}: {error}", parent.display()))?;
            let schema = parent.join("schema.json");
            if !schema.exists() {
                crate::write::write_file(&schema, &crate::schema::json_schema(), false).map_err(|error| format!("error: cannot write {}: {error}", schema.display()))?;
            }
        }
        std::fs::write(out, text).map_err(|error| format!("error: cannot write {}: {error}", out.display()))
    };
    match import(&bytes, &source, name) {
        Ok(imported) => {
            write(&imported.text)?;
            let mut report = String::new();
            if !imported.warnings.is_empty() {
                report.push_str(&imported.warnings.render(&document_text));
                report.push('\n');
            }
            report.push_str(&format!("wrote {}: {}\nnext: review its TODOs, then `apigen validate {}`", out.display(), imported.summary, out.display()));
            Ok(report)
        }
        Err(ImportError::Document(diagnostics)) => Err(diagnostics.render(&document_text)),
        Err(ImportError::Draft { text, diagnostics }) => {
            write(&text)?;
            Err(format!("{}\nwrote the draft to {} anyway; these problems are the importer's to fix, please report them", diagnostics.render(&text), out.display()))
        }
        Err(error @ ImportError::Name(_)) => Err(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("apigen-commands-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_starter_is_written_once_validates_and_refuses_bad_names() {
        let dir = scratch("starter");
        let path = dir.join("specs/shop.yaml");
        write_starter(&path, "shop").expect("writes");
        let checked = check_file(&path).expect("the starter validates");
        assert!(checked.summary.starts_with("ok: ") && checked.summary.contains(" endpoints, "), "{}", checked.summary);
        assert!(write_starter(&path, "shop").expect_err("exists").contains("exists already"));
        assert!(write_starter(&dir.join("x.yaml"), "Shop!").expect_err("bad name").contains("not a valid crate name"));
        std::fs::remove_dir_all(&dir).expect("cleans up");
    }

    #[test]
    fn a_broken_or_missing_spec_gives_the_text_to_print() {
        let dir = scratch("broken");
        std::fs::create_dir_all(&dir).expect("creates");
        let path = dir.join("broken.yaml");
        std::fs::write(&path, "name: x\ntitle: x\nbase_url: https://x\nmodles: {}\n").expect("writes");
        let error = check_file(&path).expect_err("broken");
        assert!(error.contains("unknown key `modles`") && error.contains("4 | modles: {}"), "{error}");
        assert!(check_file(&dir.join("missing.yaml")).expect_err("missing").starts_with("error: cannot read "));
        std::fs::remove_dir_all(&dir).expect("cleans up");
    }
}
