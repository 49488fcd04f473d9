//! Synthetic specs of any size, made from a template: resources of five endpoints each (a
//! paginated list, get, create, update, delete), two models per resource, every endpoint with an
//! example, so they exercise every stage the way a real spec does.

use std::fmt::Write;

/// A valid spec with `endpoints` endpoints (rounded up to a multiple of five).
pub fn spec(endpoints: usize) -> String {
    let resources = endpoints.div_ceil(5);
    let mut spec = String::from(
        "name: synthetic
title: Synthetic
base_url: https://api.example.com/v1
defaults: {auth: [token], errors: standard}
auth:
  token: {type: bearer, doc: Sets the API token.}
errors:
  standard:
    message: error.message
    statuses:
      404: {kind: not_found, doc: No such item.}
      429: {kind: rate_limited, doc: Too many requests., retryable: true, unprocessed: true}
      5xx: {kind: server_error, doc: A server error., retryable: true}
pagination:
  pages: {style: next_link, items: results, next: next, page_size: {param: limit, max: 100}}
enums:
  Status: {doc: An item's state., values: [active, archived]}
models:
",
    );
    for index in 0..resources {
        let _ = write!(
            spec,
            "  Item{index}:
    doc: An item of resource {index}.
    fields:
      id: {{type: string, required: true, doc: Unique id.}}
      name: {{type: string, doc: Display name.}}
      count: {{type: integer, doc: How many.}}
      tags: {{type: list<string>, doc: Labels.}}
      status: {{type: Status, doc: Its state.}}
      created_at: {{type: date_time, doc: When it was created.}}
  NewItem{index}:
    doc: A new item of resource {index}.
    fields:
      name: {{type: string, required: true, doc: Display name.}}
      count: {{type: integer, doc: How many.}}
"
        );
    }
    spec.push_str("endpoints:\n");
    let item = r#"{id: i1, name: First, count: 2, tags: [a], status: active, created_at: "2024-05-01T12:00:00Z"}"#;
    for index in 0..resources {
        let _ = write!(
            spec,
            "  things{index}:
    list:
      doc: Lists the items.
      method: GET
      path: /things{index}
      params:
        limit: {{in: query, type: integer, doc: Items per page.}}
        status: {{in: query, type: Status, doc: Only items in this state.}}
      pagination: pages
      response: Item{index}
      examples:
        - params: {{limit: 2}}
          response: {{body: {{results: [{item}], next: null}}}}
    get:
      doc: Retrieves an item.
      method: GET
      path: /things{index}/{{id}}
      params:
        id: {{in: path, type: string, doc: The item's id.}}
      response: Item{index}
      examples:
        - params: {{id: i1}}
          response: {{body: {item}}}
    create:
      doc: Creates an item.
      method: POST
      path: /things{index}
      body: NewItem{index}
      response: Item{index}
      examples:
        - body: {{name: First, count: 2}}
          response: {{status: 201, body: {item}}}
    update:
      doc: Changes an item.
      method: PATCH
      path: /things{index}/{{id}}
      params:
        id: {{in: path, type: string, doc: The item's id.}}
      body: NewItem{index}
      response: Item{index}
      examples:
        - params: {{id: i1}}
          body: {{name: First}}
          response: {{body: {item}}}
    delete:
      doc: Deletes an item.
      method: DELETE
      path: /things{index}/{{id}}
      params:
        id: {{in: path, type: string, doc: The item's id.}}
      examples:
        - params: {{id: i1}}
          response: {{status: 204}}
"
        );
    }
    spec
}

#[cfg(test)]
mod tests {
    #[test]
    fn synthetic_specs_are_valid_and_have_the_size_asked_for() {
        for endpoints in [5, 100] {
            let api = apigen::check(super::spec(endpoints).as_bytes(), "synthetic.yaml").unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
            assert_eq!(api.endpoint_count(), endpoints);
        }
    }
}
