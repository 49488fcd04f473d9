//! `cargo xtask validate` as a user runs it: exit codes and messages on good, broken and
//! hostile specs. A panic would exit with 101; every failure here must exit with 1.

use std::path::{Path, PathBuf};
use std::process::Command;

fn xtask(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("xtask runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Writes `contents` to a scratch file named after the test.
fn scratch(name: &str, contents: &[u8]) -> PathBuf {
    // Under the target folder, which cargo cleans, rather than the system temp folder.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("apigen-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn the_hypertrack_spec_validates() {
    let spec = root().join("specs/hypertrack.yaml");
    let (code, stdout, stderr) = xtask(&["validate", spec.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("33 endpoints"), "{stdout}");
}

#[test]
fn a_misspelled_model_reference_fails_with_path_and_suggestion() {
    let spec = std::fs::read_to_string(root().join("specs/hypertrack.yaml")).unwrap();
    let broken = spec.replacen("      response: Group\n", "      response: Gruop\n", 1);
    assert_ne!(broken, spec);
    let path = scratch("misspelled.yaml", broken.as_bytes());
    let (code, _, stderr) = xtask(&["validate", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error: unknown type `Gruop`"), "{stderr}");
    let line = broken.lines().position(|line| line == "      response: Gruop").unwrap() + 1;
    // The misspelt value is underlined, not its key.
    assert!(stderr.contains(&format!("misspelled.yaml:{line}:17 (endpoints.groups.create.response)")), "{stderr}");
    assert!(stderr.contains(&format!("{line} |       response: Gruop\n")) && stderr.contains("|                 ^^^^^\n"), "{stderr}");
    assert!(stderr.contains("did you mean `Group`?"), "{stderr}");
}

#[test]
fn warnings_are_shown_but_do_not_fail_validation() {
    let spec = std::fs::read_to_string(root().join("specs/hypertrack.yaml")).unwrap();
    let with_unused = spec.replacen("models:\n", "models:\n  Leftover:\n    doc: Nothing refers to this.\n    fields:\n      id: string\n", 1);
    assert_ne!(with_unused, spec);
    let path = scratch("unused.yaml", with_unused.as_bytes());
    let (code, stdout, stderr) = xtask(&["validate", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning: model `Leftover` is never used") && stderr.contains(&format!("unused.yaml:{}:3 (models.Leftover)", with_unused.lines().position(|line| line == "  Leftover:").unwrap() + 1)), "{stderr}");
    assert!(stdout.contains("ok:"), "{stdout}");
}

#[test]
fn malformed_inputs_fail_cleanly() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        bomb.push_str(&format!("a{level}: &a{level} [{}]\n", [format!("*a{}", level - 1).as_str(); 10].join(", ")));
    }
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.yaml", Vec::new(), "the file is empty"),
        ("not-yaml.yaml", b"name: [unclosed\n  - {".to_vec(), "not valid YAML"),
        ("binary.yaml", vec![0x89, b'P', b'N', b'G', 0, 0xff], "not UTF-8"),
        ("deep.yaml", format!("name: {}1{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(), "not valid YAML"),
        ("bomb.yaml", bomb.into_bytes(), "not valid YAML"),
        ("huge-key.yaml", format!("{}: 1\n", "k".repeat(5_000_000)).into_bytes(), "not valid YAML"),
        ("scalar.yaml", b"just a string".to_vec(), "expected a mapping"),
    ];
    for (name, contents, expected) in cases {
        let path = scratch(name, &contents);
        let (code, _, stderr) = xtask(&["validate", path.to_str().unwrap()]);
        assert_eq!(code, 1, "{name}: {stderr}");
        assert!(stderr.contains(expected), "{name}: expected `{expected}` in {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
    let (code, _, stderr) = xtask(&["validate", "/nonexistent/spec.yaml"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("cannot read /nonexistent/spec.yaml"), "{stderr}");
}

#[test]
fn unknown_commands_print_usage() {
    let (code, _, stderr) = xtask(&["frobnicate"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("usage: cargo xtask"), "{stderr}");
}

#[test]
fn new_provider_refuses_bad_names_and_existing_specs() {
    let (code, _, stderr) = xtask(&["new-provider", "Bad Name"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("not a valid crate name"), "{stderr}");
    let (code, _, stderr) = xtask(&["new-provider", "hypertrack"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("exists already; not overwritten"), "{stderr}");
}
