//! The drift test: every spec under `specs/` regenerates to exactly what is checked in under
//! `generated/`, so `cargo test` fails when generated code is stale (as `cargo xtask codegen
//! --check` does).

use std::path::Path;

#[test]
fn generated_crates_match_their_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut specs: Vec<_> = std::fs::read_dir(root.join("specs"))
        .expect("specs/ exists")
        .map(|entry| entry.expect("readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no specs found");
    let mut stale = Vec::new();
    for spec in specs {
        let name = spec.file_name().unwrap().to_string_lossy().into_owned();
        let source = format!("specs/{name}");
        let api = apigen::check(&std::fs::read(&spec).unwrap(), &source).unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
        let files = apigen::generate_api(&api).expect("generates");
        let out = root.join("generated").join(&api.crate_name);
        stale.extend(apigen::write::check(&out, &files).expect("readable").iter().map(ToString::to_string));
    }
    assert!(stale.is_empty(), "generated code is stale; run `cargo xtask codegen`:\n{}", stale.join("\n"));
}
