//! The runtime's layers: each module depends only on modules of its own layer or the layers
//! below it, and no modules depend on each other in a cycle. Read from the sources, so a new
//! `use` that breaks the order fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, lowest first (see the crate documentation).
const LAYERS: &[&[&str]] = &[
    &["secret", "redact", "scalars", "serde_helpers", "filter", "webhooks", "retry_after", "encoding", "testing", "upload", "lazy_json"],
    &["describe"],
    &["error", "auth", "options", "interceptor", "transport", "request", "stream"],
    &["execute"],
    &["pagination", "raw", "oauth"],
    &["mock"],
];

/// Each top-level module and the top-level modules its non-test code names through `crate::`.
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut files = vec![src.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).expect("readable").map(|entry| entry.expect("entry").path()));
            continue;
        }
        let relative = path.strip_prefix(&src).expect("under src");
        let module = relative.components().next().and_then(|part| part.as_os_str().to_str()).expect("utf-8").trim_end_matches(".rs").to_owned();
        if module == "lib" || relative.ends_with("fixtures.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
        let uses = graph.entry(module.clone()).or_default();
        for line in code.lines().filter(|line| !line.trim_start().starts_with("//")) {
            for (index, _) in line.match_indices("crate::") {
                let name: String = line[index + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                assert!(!name.starts_with(char::is_uppercase), "{}: `crate::{name}` names a re-export; name the module that defines it", relative.display());
                if name != module {
                    uses.insert(name);
                }
            }
        }
    }
    graph
}

fn layer(module: &str) -> usize {
    LAYERS.iter().position(|layer| layer.contains(&module)).unwrap_or_else(|| panic!("module `{module}` is in no layer; add it to LAYERS"))
}

#[test]
fn modules_depend_only_on_their_layer_and_those_below() {
    for (module, uses) in dependencies() {
        for used in uses {
            assert!(layer(&used) <= layer(&module), "`{module}` (layer {}) depends on `{used}` (layer {})", layer(&module), layer(&used));
        }
    }
    assert!(LAYERS[1].iter().all(|module| dependencies()[*module].is_empty()), "descriptions depend on nothing else in the runtime");
}

#[test]
fn no_modules_depend_on_each_other_in_a_cycle() {
    let graph = dependencies();
    // Kahn's algorithm: repeatedly remove modules nothing left depends on... in reverse: those
    // that depend on nothing left. Whatever remains is on a cycle.
    let mut remaining: BTreeMap<&str, BTreeSet<&str>> =
        graph.iter().map(|(module, uses)| (module.as_str(), uses.iter().map(String::as_str).filter(|used| graph.contains_key(*used)).collect())).collect();
    while let Some(free) = remaining.iter().find(|(_, uses)| uses.is_empty()).map(|(module, _)| *module) {
        remaining.remove(free);
        for uses in remaining.values_mut() {
            uses.remove(free);
        }
    }
    assert!(remaining.is_empty(), "modules in a cycle: {remaining:?}");
}
