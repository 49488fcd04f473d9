//! The spec language's JSON Schema (`specs/schema.json`) against real specs: every spec and
//! fixture conforms, so editors never flag a valid spec; mistakes are flagged where the loader
//! flags them; every spec points editors at the schema; every key is in the language reference.

mod support;

use apigen::grammar;
use serde_json::Value;
use support::files::{root, specs_and_fixtures, yaml_files};
use support::json_schema;

fn schema_errors(schema: &Value, text: &str) -> Vec<String> {
    let tree = apigen::yaml::parse(text.as_bytes()).expect("YAML parses");
    json_schema::validate(schema, &json_schema::to_json(&tree))
}

#[test]
fn every_spec_and_fixture_conforms() {
    let schema = json_schema::spec_schema();
    let files = specs_and_fixtures();
    assert!(files.len() >= 8, "found {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let errors = schema_errors(&schema, &text);
        assert!(errors.is_empty(), "{} breaks the schema:\n{}", file.display(), errors.join("\n"));
    }
    assert!(schema_errors(&schema, &apigen::starter_spec("fresh")).is_empty());
}

#[test]
fn mistakes_are_flagged_where_the_loader_flags_them() {
    let schema = json_schema::spec_schema();
    let base = "name: x\ntitle: X\nbase_url: https://x.test\n";
    let cases = [
        ("titel: Y\n", "titel: unknown key"),
        ("endpoints:\n  pets:\n    list:\n      methd: GET\n", "endpoints.pets.list.methd: unknown key"),
        ("endpoints:\n  pets:\n    list:\n      method: FETCH\n      path: /p\n", "endpoints.pets.list.method: \"FETCH\" is not one of"),
        ("retry: {max_attempts: -1}\n", "retry.max_attempts: -1 is below 0"),
        ("pagination:\n  p: {style: next_link, items: data}\n", "pagination.p: matches none"),
        ("models:\n  M: {fields: {a: {type: string, requird: true}}}\n", "models.M.fields.a: matches none"),
        ("auth:\n  k: {type: header, name: X-Key, oauth2: {token_url: t}}\n", "auth.k.oauth2: missing required key `authorize_url`"),
    ];
    for (extra, expected) in cases {
        let text = format!("{base}{extra}");
        let errors = schema_errors(&schema, &text);
        assert!(errors.iter().any(|error| error.starts_with(expected)), "{extra:?}: expected `{expected}`, got {errors:?}");
        assert!(apigen::check(text.as_bytes(), "x.yaml").is_err(), "the loader accepts {extra:?}");
    }
    assert!(schema_errors(&schema, "title: X\nbase_url: u\n").iter().any(|error| error.contains("missing required key `name`")));
}

#[test]
fn the_written_schema_is_current() {
    let drift = apigen::write::file_drift(&root().join("specs/schema.json"), &apigen::schema::json_schema()).expect("readable");
    assert!(drift.is_none(), "specs/schema.json: {drift:?}; run `cargo xtask codegen`");
}

#[test]
fn every_spec_points_editors_at_the_schema() {
    for file in yaml_files(&root().join("specs")) {
        let text = std::fs::read_to_string(&file).expect("readable");
        assert!(text.starts_with(apigen::schema::SCHEMA_COMMENT), "{} does not start with `{}`", file.display(), apigen::schema::SCHEMA_COMMENT);
    }
    assert!(apigen::starter_spec("fresh").starts_with(apigen::schema::SCHEMA_COMMENT));
}

#[test]
fn every_key_of_the_grammar_is_in_the_language_reference() {
    let reference = std::fs::read_to_string(root().join("docs/spec-language.md")).expect("docs/spec-language.md exists");
    let keys: Vec<&str> = grammar::objects().iter().flat_map(|object| object.key_names()).collect();
    // Words inside code spans: `page_size: {param, max}` documents `page_size`, `param` and `max`.
    let documented: Vec<&str> =
        reference.split('`').skip(1).step_by(2).flat_map(|span| span.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))).collect();
    let missing: Vec<&str> = keys.into_iter().filter(|key| !documented.contains(key)).collect();
    assert!(missing.is_empty(), "keys missing from docs/spec-language.md: {missing:?}");
}

/// A key the grammar accepts must have an effect: the loader reads every one (only
/// `example_data`, free-form values for YAML anchors, is documented as ignored).
#[test]
fn the_loader_reads_every_key_the_grammar_declares() {
    let loader = std::fs::read_to_string(root().join("generator/codegen/src/load.rs")).expect("load.rs readable");
    let unread: Vec<String> = grammar::objects()
        .iter()
        .flat_map(|object| object.keys.iter().map(move |key| format!("{}.{}", object.name, key.name)))
        .filter(|qualified| {
            let key = qualified.split_once('.').map_or("", |(_, key)| key);
            key != "example_data" && !loader.contains(&format!("\"{key}\""))
        })
        .collect();
    assert!(unread.is_empty(), "keys the grammar accepts but the loader never reads: {unread:?}");
}
