//! Lint stage: likely mistakes in a resolved API that do not stop generation, reported as
//! warnings. Runs on [`crate::ir::Api`] after resolution, so it sees envelopes and pagination as
//! the generated code will.

use crate::diagnostics::Sink;
use crate::ir::Api;

/// Records a warning in `sink` for each likely mistake in `api`.
pub fn lint(api: &Api, sink: &mut Sink) {
    for resource in &api.resources {
        for endpoint in &resource.endpoints {
            let pages: Vec<Vec<serde_json::Value>> = endpoint.success_examples().filter_map(|example| endpoint.example_items(example)).collect();
            if !pages.is_empty() && pages.iter().all(Vec::is_empty) {
                sink.warning(
                    &format!("endpoints.{}.{}.examples", resource.name, endpoint.name),
                    "no example of this paginated endpoint returns an item where its pagination scheme's `items` path points, so its test never decodes one",
                    Some("give an example response a non-empty list at the `items` path (inside the envelope's `data`, if any)".to_owned()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    fn warnings(spec: &str) -> Vec<String> {
        let (_, diagnostics) = crate::check_with_warnings(spec.as_bytes(), "t.yaml").expect("valid");
        diagnostics.iter().map(|diagnostic| diagnostic.to_string()).collect()
    }

    const SPEC: &str = "name: t\ntitle: T\nbase_url: https://api.example.com\npagination:\n  pages: {style: link_header, items: results}\nmodels:\n  Item:\n    fields:\n      id: string\nendpoints:\n  items:\n    list:\n      method: GET\n      path: /items\n      pagination: pages\n      response: Item\n      examples:\n        - response: {body: BODY}\n";

    #[test]
    fn a_paginated_endpoint_whose_examples_hold_no_items_is_warned_about() {
        let found = warnings(&SPEC.replace("BODY", "{results: null}"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("warning: t.yaml: endpoints.items.list.examples: no example of this paginated endpoint returns an item"), "{found:?}");
        assert!(warnings(&SPEC.replace("BODY", "{results: []}"))[0].starts_with("warning:"));
        // Items elsewhere than the path are an error, not a warning.
        assert!(crate::check(SPEC.replace("BODY", "{items: [{id: a}]}").as_bytes(), "t.yaml").is_err());
    }

    #[test]
    fn items_at_the_path_silence_the_warning() {
        assert!(warnings(&SPEC.replace("BODY", "{results: [{id: a}]}")).is_empty());
    }
}
