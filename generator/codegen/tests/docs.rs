//! Keeps `docs/spec-language.md` honest: every YAML block in it is accepted by the loader and
//! validator (blocks are fragments, so they are completed with the required top-level keys, and
//! the rule that endpoints need examples is not applied to them).

use std::path::Path;

#[test]
fn every_yaml_block_in_the_spec_language_reference_is_valid() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/spec-language.md")).expect("doc exists");
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        match (&mut current, line) {
            (None, "```yaml") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), line) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    assert!(blocks.len() >= 15, "found only {} yaml blocks", blocks.len());
    for block in blocks {
        let mut spec = String::new();
        for (key, value) in [("name", "docs"), ("title", "Docs"), ("base_url", "https://api.example.com")] {
            if !block.lines().any(|line| line.starts_with(&format!("{key}:"))) {
                spec.push_str(&format!("{key}: {value}\n"));
            }
        }
        // Fragments that start inside a section (`examples:`, `params:`, `fields:`) are wrapped
        // into a minimal endpoint or model so they load in context.
        let spec = if block.starts_with("examples:") || block.starts_with("params:") {
            let indented: String = block.lines().map(|line| format!("      {line}\n")).collect();
            let params = if block.starts_with("examples:") { "      params: {id: {in: path, type: string}}\n      body: Doc\n      response: Doc\n" } else { "" };
            format!("{spec}models:\n  Doc:\n    fields:\n      id: string\n      name: string\n      group_id: {{type: string, nullable: true}}\nendpoints:\n  docs:\n    call:\n      method: PATCH\n      path: /docs/{{id}}\n{params}{indented}")
        } else {
            format!("{spec}{block}")
        };
        // References to schemes that a fragment does not define itself are not its concern.
        let defines = |section: &str| block.lines().any(|line| line.starts_with(&format!("{section}:")));
        let foreign_reference = |message: &str| {
            [("unknown auth scheme", "auth"), ("unknown error table", "errors"), ("unknown envelope", "envelopes"), ("unknown pagination scheme", "pagination"), ("unknown endpoint", "endpoints")]
                .iter()
                .any(|(prefix, section)| message.starts_with(prefix) && !defines(section))
        };
        if let Err(diagnostics) = apigen::check(spec.as_bytes(), "docs/spec-language.md") {
            let relevant: Vec<String> = diagnostics
                .iter()
                .filter(|diagnostic| {
                    diagnostic.severity == apigen::Severity::Error
                        && !foreign_reference(&diagnostic.message)
                        && !diagnostic.message.starts_with("every endpoint needs at least one example")
                        && !diagnostic.message.starts_with("unknown type")
                        && !diagnostic.message.starts_with("unknown model")
                        && !diagnostic.message.contains("does not appear in the path")
                        && !diagnostic.message.contains("is not declared")
                        && !diagnostic.message.contains("must end with `/`")
                })
                .map(ToString::to_string)
                .collect();
            assert!(relevant.is_empty(), "a documented block is rejected:\n{block}\n{}", relevant.join("\n"));
        }
    }
}
