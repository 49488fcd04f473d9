//! Snapshot tests: each fixture spec under `tests/fixtures/` generates exactly the files under
//! `tests/snapshots/<name>/`. Those folders are workspace members, so the snapshots also compile,
//! pass clippy and run their own generated tests.
//!
//! After an intended change to the generator, refresh them with
//! `UPDATE_SNAPSHOTS=1 cargo test -p apigen --test snapshots` and review the diff.

use std::path::Path;

fn check_fixture(name: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let spec = root.join("fixtures").join(format!("{name}.yaml"));
    let bytes = std::fs::read(&spec).expect("fixture exists");
    let source = format!("generator/codegen/tests/fixtures/{name}.yaml");
    let api = apigen::check(&bytes, &source).unwrap_or_else(|diagnostics| panic!("fixture is valid:\n{diagnostics}"));
    let options = apigen::Options { runtime: apigen::RuntimeDependency::Path("../../../../runtime".to_owned()), ..apigen::Options::default() };
    let files = apigen::generate_api_with(&api, &options).expect("generates");
    let out = root.join("snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        apigen::write::write(&out, &files).expect("snapshots written");
        return;
    }
    let drift = apigen::write::check(&out, &files).expect("snapshots readable");
    let listed: Vec<String> = drift.iter().map(ToString::to_string).collect();
    assert!(
        listed.is_empty(),
        "snapshots of `{name}` differ from the generator's output:\n{}\nrun `UPDATE_SNAPSHOTS=1 cargo test -p apigen --test snapshots` and review the diff",
        listed.join("\n")
    );
}

#[test]
fn petshop() {
    check_fixture("petshop");
}

/// Capabilities common among public APIs beyond the five providers (constant headers, ...).
#[test]
fn paydesk() {
    check_fixture("paydesk");
}

/// Checks that `tests/fixtures/{name}.yaml` holds `expected` (text derived from elsewhere), then
/// checks its snapshot crate. `UPDATE_SNAPSHOTS=1` rewrites the fixture first.
fn check_derived_fixture(name: &str, expected: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(format!("{name}.yaml"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, expected).expect("fixture written");
    } else {
        let fixture = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(fixture, expected, "tests/fixtures/{name}.yaml is out of date; run with UPDATE_SNAPSHOTS=1");
    }
    check_fixture(name);
}

/// The starter spec of `cargo xtask new-provider` is a fixture too, so its crate is compiled and
/// its generated tests run.
#[test]
fn starter() {
    check_derived_fixture("starter", &apigen::starter_spec("starter"));
}

/// The YAML blocks of `docs/new-provider.md`, joined in order, are the walk-through's whole spec
/// (Basic auth, `Link`-header pagination): it must generate a crate that compiles and passes its
/// tests, so following the walk-through works.
#[test]
fn walkthrough() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/new-provider.md")).expect("docs/new-provider.md exists");
    let mut spec = String::from("# The spec of docs/new-provider.md: its YAML blocks, joined in order.\n");
    let mut in_block = false;
    for line in doc.lines() {
        match (in_block, line) {
            (false, "```yaml") => in_block = true,
            (true, "```") => {
                in_block = false;
                spec.push('\n');
            }
            (true, line) => {
                spec.push_str(line);
                spec.push('\n');
            }
            (false, _) => {}
        }
    }
    spec.truncate(spec.trim_end().len());
    spec.push('\n');
    check_derived_fixture("shelfwise", &spec);
}

#[test]
fn generation_is_deterministic() {
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/petshop.yaml")).unwrap();
    let first = apigen::generate(&bytes, "petshop.yaml").unwrap();
    let second = apigen::generate(&bytes, "petshop.yaml").unwrap();
    assert_eq!(first, second);
}

/// Writing each file as it is formatted gives the files that generating then writing gives, and
/// reports (and fixes) exactly what differed: a missing file, a stale one, one no longer generated.
#[test]
fn generating_into_a_folder_writes_what_generating_gives() {
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/paydesk.yaml")).unwrap();
    let api = apigen::check(&bytes, "paydesk.yaml").unwrap();
    let options = apigen::Options::default();
    let files = apigen::generate_api_with(&api, &options).unwrap();
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generate-into");
    let _ = std::fs::remove_dir_all(&out);
    let written = apigen::generate_api_into(&api, &options, &out).unwrap();
    assert_eq!(written.len(), files.len());
    assert!(written.iter().all(|change| matches!(change, apigen::write::Drift::Missing(_))));
    assert!(apigen::write::check(&out, &files).unwrap().is_empty());

    std::fs::write(out.join("src/models.rs"), "// edited by hand\n").unwrap();
    std::fs::remove_file(out.join("src/client.rs")).unwrap();
    std::fs::write(out.join("src/retired.rs"), "// a resource removed from the spec\n").unwrap();
    let changes: Vec<String> = apigen::generate_api_into(&api, &options, &out).unwrap().iter().map(ToString::to_string).collect();
    let at = |path: &str| out.join(path).display().to_string();
    assert_eq!(changes, [format!("missing: {}", at("src/client.rs")), format!("stale: {}", at("src/models.rs")), format!("not generated any more: {}", at("src/retired.rs"))]);
    assert!(apigen::write::check(&out, &files).unwrap().is_empty());
    assert!(apigen::generate_api_into(&api, &options, &out).unwrap().is_empty());
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn generating_into_a_file_is_an_error_naming_it() {
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/petshop.yaml")).unwrap();
    let api = apigen::check(&bytes, "petshop.yaml").unwrap();
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generate-into-a-file");
    std::fs::write(&out, "not a folder").unwrap();
    let error = apigen::generate_api_into(&api, &apigen::Options::default(), &out).unwrap_err().to_string();
    assert!(error.starts_with(&format!("cannot write {}", out.display())), "{error}");
    std::fs::remove_file(&out).unwrap();
}
