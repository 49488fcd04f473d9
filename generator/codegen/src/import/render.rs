//! The draft as spec text: the order and style of the hand-written specs in `specs/`, with
//! commented `TODO` blocks where the author has to read the provider's docs.

use super::draft::{AuthScheme, Body, Draft, Endpoint, EnumValues, Example, Field, Param, Placement, ResponseType};
use crate::yaml_text::{flow_text, member_lines, scalar_text, value_lines};
use serde_json::{Map, Value, json};
use std::fmt::Write as _;

/// Widest comment line written.
const WIDTH: usize = 100;

/// The draft's spec text.
pub fn render(draft: &Draft) -> String {
    let mut out = String::new();
    out.push_str("# yaml-language-server: $schema=./schema.json\n");
    comment(
        &mut out,
        0,
        &format!(
            "Imported from {} (OpenAPI {}) by `apigen import-openapi`: a draft for you to own. OpenAPI does not say how lists are paginated, whether payloads come inside an envelope, what error bodies mean or how to retry; the TODO blocks below say what to look for in the provider's docs. Examples marked as made up need real values. Search for TODO before publishing the crate.",
            draft.source, draft.openapi_version
        ),
    );
    if !draft.left_out.is_empty() {
        comment(&mut out, 0, "Left out (specs cannot express these; see docs/spec-language.md for what they can):");
        for line in &draft.left_out {
            comment(&mut out, 0, &format!("- {line}"));
        }
    }
    line(&mut out, 0, "name", &scalar_text(&draft.name));
    line(&mut out, 0, "title", &scalar_text(&draft.title));
    if let Some(description) = &draft.description {
        block_member(&mut out, 0, "description", description);
    }
    if let Some(version) = &draft.api_version {
        line(&mut out, 0, "api_version", &Value::String(version.clone()).to_string());
    }
    if let Some(url) = &draft.docs_url {
        line(&mut out, 0, "docs_url", &scalar_text(url));
    }
    if let Some(todo) = &draft.base_url_todo {
        comment(&mut out, 0, &format!("TODO base_url: {todo}"));
    }
    line(&mut out, 0, "base_url", &scalar_text(&draft.base_url));
    out.push('\n');
    policies(&mut out);
    defaults(&mut out, draft);
    auth(&mut out, &draft.auth);
    pagination(&mut out, draft);
    errors(&mut out, draft);
    types(&mut out, draft);
    resources(&mut out, draft);
    out
}

fn policies(out: &mut String) {
    comment(out, 0, "TODO retry: look for how the provider wants failed calls retried (attempts, backoff, how long a call may take in all). Without `retry` the client makes 3 attempts with backoff from 200 ms.");
    commented_yaml(out, "retry:\n  max_attempts: 3\n  initial_backoff_ms: 250\n  max_elapsed_ms: 30000");
    out.push('\n');
    comment(out, 0, "TODO rate_limits: look for documented request limits (per second, minute, hour, day); the client waits rather than exceed them.");
    commented_yaml(out, "rate_limits:\n  - {requests: 100, per_seconds: 60}");
    out.push('\n');
}

fn defaults(out: &mut String, draft: &Draft) {
    let todo = "TODO: once the error table below is written, name it in `defaults` (`errors: standard`); if every payload comes inside the same wrapper object, add `envelope: <name>` there too.";
    if draft.default_auth.is_empty() {
        comment(out, 0, todo);
    } else {
        out.push_str("defaults:\n");
        line(out, 2, "auth", &flow_list(&draft.default_auth));
        comment(out, 2, todo);
    }
    out.push('\n');
}

fn auth(out: &mut String, schemes: &[AuthScheme]) {
    if schemes.is_empty() {
        comment(out, 0, "TODO auth: the document declares no security scheme a spec can express; if calls need credentials, declare them under `auth` (docs/spec-language.md, auth).");
        out.push('\n');
        return;
    }
    out.push_str("auth:\n");
    for scheme in schemes {
        let _ = writeln!(out, "  {}:", flow_text(&scheme.name));
        if let Some(todo) = &scheme.todo {
            comment(out, 4, &format!("TODO: {todo}."));
        }
        match &scheme.placement {
            Placement::Header(name) => {
                line(out, 4, "type", "header");
                line(out, 4, "name", &scalar_text(name));
            }
            Placement::Query(name) => {
                line(out, 4, "type", "query");
                line(out, 4, "name", &scalar_text(name));
            }
            Placement::Bearer => line(out, 4, "type", "bearer"),
            Placement::Basic => line(out, 4, "type", "basic"),
        }
        if let Some(doc) = &scheme.doc {
            block_member(out, 4, "doc", doc);
        }
    }
    out.push('\n');
}

fn pagination(out: &mut String, draft: &Draft) {
    comment(
        out,
        0,
        "TODO pagination: OpenAPI does not say how lists are paged. Look in the provider's docs for how the next page is found (a next link, a Link header, a cursor, the last item's id, page numbers, offsets), declare a scheme, then give each list endpoint `pagination: <scheme>` and its item type as `response` (docs/spec-language.md, pagination).",
    );
    if !draft.pagination_hints.is_empty() {
        comment(out, 0, "Endpoints that look paginated:");
        for hint in &draft.pagination_hints {
            comment(out, 0, &format!("- {hint}"));
        }
    }
    commented_yaml(out, "pagination:\n  pages:\n    style: page_number\n    items: data\n    param: page");
    out.push('\n');
    comment(out, 0, "TODO envelopes: if payloads come inside a wrapper object (`{\"data\": ..., \"success\": true}`), declare it so calls return the payload (docs/spec-language.md, envelopes).");
    out.push('\n');
}

fn errors(out: &mut String, draft: &Draft) {
    comment(
        out,
        0,
        "TODO errors: an error table names what each error status and error code means and which are worth retrying. Check the error body's members (its message, its code, per-field errors) and whether errors also arrive with status 200, then uncomment and complete this table:",
    );
    let mut table = String::from("errors:\n  standard:\n");
    let message = ["message", "detail", "error_description", "error", "title", "description"].iter().find(|name| draft.error_members.iter().any(|member| member == *name));
    match message {
        Some(message) => {
            let _ = writeln!(table, "    message: {message}");
        }
        None => table.push_str("    message: message\n"),
    }
    if let Some(code) = ["code", "error_code", "type"].iter().find(|name| draft.error_members.iter().any(|member| member == *name)) {
        let _ = writeln!(table, "    code: {code}");
    }
    table.push_str("    statuses:\n");
    let mut statuses: Vec<(String, Option<String>)> = draft.error_statuses.clone();
    for (status, _) in [("429", ()), ("5xx", ())] {
        if !statuses.iter().any(|(known, _)| known == status) {
            statuses.push((status.to_owned(), None));
        }
    }
    for (status, doc) in statuses {
        let (mut kind, flags) = status_kind(&status);
        // A description that starts with its kind, as apigen's own export writes them.
        let mut doc = doc.as_deref().map(first_sentence);
        if let Some((named, rest)) = doc.as_deref().and_then(|doc| doc.strip_prefix('`')?.split_once("`: ")).filter(|(named, _)| crate::names::is_snake_ident(named)) {
            kind = named.to_owned();
            doc = Some(rest.to_owned());
        }
        let mut entry = format!("kind: {kind}");
        if let Some(doc) = doc.filter(|doc| !doc.is_empty()) {
            let _ = write!(entry, ", doc: {}", flow_text(&doc));
        }
        entry.push_str(flags);
        let _ = writeln!(table, "      {status}: {{{entry}}}");
    }
    commented_yaml(out, table.trim_end());
    out.push('\n');
}

/// The error kind a status usually means, and its retry flags.
fn status_kind(status: &str) -> (String, &'static str) {
    let (kind, flags) = match status {
        "400" => ("bad_request", ""),
        "401" => ("unauthorized", ""),
        "402" => ("payment_required", ""),
        "403" => ("forbidden", ""),
        "404" => ("not_found", ""),
        "405" => ("method_not_allowed", ""),
        "409" => ("conflict", ""),
        "410" => ("gone", ""),
        "412" => ("precondition_failed", ""),
        "413" => ("too_large", ""),
        "415" => ("unsupported_media_type", ""),
        "422" => ("unprocessable", ""),
        "429" => ("rate_limited", ", retryable: true, unprocessed: true"),
        "500" => ("server_error", ", retryable: true"),
        "502" => ("bad_gateway", ", retryable: true"),
        "503" => ("service_unavailable", ", retryable: true, unprocessed: true"),
        "504" => ("gateway_timeout", ", retryable: true"),
        "4xx" => ("client_error", ""),
        "5xx" => ("server_error", ", retryable: true"),
        "406" => ("not_acceptable", ""),
        _ => ("error", ""),
    };
    (kind.to_owned(), flags)
}

fn types(out: &mut String, draft: &Draft) {
    if !draft.enums.is_empty() {
        out.push_str("enums:\n");
        for enumeration in &draft.enums {
            let _ = writeln!(out, "  {}:", flow_text(&enumeration.name));
            if let Some(doc) = &enumeration.doc {
                block_member(out, 4, "doc", doc);
            }
            let values: Vec<String> = match &enumeration.values {
                EnumValues::Text(values) => values
                    .iter()
                    .map(|(value, rust_name)| match rust_name {
                        Some(rust_name) => format!("{{value: {}, rust_name: {rust_name}}}", flow_text(value)),
                        None => flow_text(value),
                    })
                    .collect(),
                EnumValues::Integer(values) => values.iter().map(|(value, name)| format!("{{value: {value}, name: {name}}}")).collect(),
            };
            list_lines(out, 4, "values", &values);
        }
        out.push('\n');
    }
    if !draft.unions.is_empty() {
        out.push_str("unions:\n");
        for union in &draft.unions {
            let _ = writeln!(out, "  {}:", flow_text(&union.name));
            if let Some(doc) = &union.doc {
                block_member(out, 4, "doc", doc);
            }
            let of: Vec<String> = union.of.iter().map(|ty| flow_text(&ty.to_string())).collect();
            line(out, 4, "of", &format!("[{}]", of.join(", ")));
        }
        out.push('\n');
    }
    if !draft.models.is_empty() {
        out.push_str("models:\n");
        for model in &draft.models {
            let _ = writeln!(out, "  {}:", flow_text(&model.name));
            if let Some(doc) = &model.doc {
                block_member(out, 4, "doc", doc);
            }
            if model.fields.is_empty() {
                out.push_str("    fields: {}\n");
                continue;
            }
            out.push_str("    fields:\n");
            for field in &model.fields {
                let _ = writeln!(out, "      {}: {}", flow_text(&field.wire), field_entry(field));
            }
        }
        out.push('\n');
    }
}

fn field_entry(field: &Field) -> String {
    let mut parts = vec![format!("type: {}", flow_text(&field.ty.to_string()))];
    if field.required {
        parts.push("required: true".to_owned());
    }
    if field.nullable {
        parts.push("nullable: true".to_owned());
    }
    if let Some(rust_name) = &field.rust_name {
        parts.push(format!("rust_name: {rust_name}"));
    }
    if let Some(doc) = &field.doc {
        parts.push(format!("doc: {}", flow_text(doc)));
    }
    format!("{{{}}}", parts.join(", "))
}

fn param_entry(param: &Param) -> String {
    let mut parts = vec![format!("in: {}", param.location), format!("type: {}", flow_text(&param.ty.to_string()))];
    if param.required && param.location != "path" {
        parts.push("required: true".to_owned());
    }
    if let Some(style) = param.style {
        parts.push(format!("style: {style}"));
    }
    if let Some(rust_name) = &param.rust_name {
        parts.push(format!("rust_name: {rust_name}"));
    }
    if let Some(doc) = &param.doc {
        parts.push(format!("doc: {}", flow_text(doc)));
    }
    format!("{{{}}}", parts.join(", "))
}

fn resources(out: &mut String, draft: &Draft) {
    if draft.resources.iter().any(|resource| resource.doc.is_some()) {
        out.push_str("resources:\n");
        for resource in draft.resources.iter().filter(|resource| resource.doc.is_some()) {
            let _ = writeln!(out, "  {}:", flow_text(&resource.name));
            if let Some(doc) = &resource.doc {
                block_member(out, 4, "doc", doc);
            }
        }
        out.push('\n');
    }
    out.push_str("endpoints:\n");
    if draft.resources.is_empty() {
        out.push_str("  {}\n");
    }
    for resource in &draft.resources {
        let _ = writeln!(out, "  {}:", flow_text(&resource.name));
        for endpoint in &resource.endpoints {
            endpoint_lines(out, endpoint);
        }
    }
}

fn endpoint_lines(out: &mut String, endpoint: &Endpoint) {
    let _ = writeln!(out, "    {}:", flow_text(&endpoint.name));
    for todo in &endpoint.todos {
        comment(out, 6, &format!("TODO: {todo}."));
    }
    // The operation id, where the endpoint's name does not show it.
    let shown = |id: &String| {
        let id = crate::names::snake(id, "call");
        id == endpoint.name || id.ends_with(&format!("_{}", endpoint.name))
    };
    if let Some(id) = endpoint.operation_id.as_ref().filter(|id| !shown(id)) {
        comment(out, 6, &format!("operationId: {id}"));
    }
    if let Some(doc) = &endpoint.doc {
        block_member(out, 6, "doc", doc);
    }
    line(out, 6, "method", &endpoint.method);
    line(out, 6, "path", &scalar_text(&endpoint.path));
    if !endpoint.params.is_empty() {
        out.push_str("      params:\n");
        for param in &endpoint.params {
            let _ = writeln!(out, "        {}: {}", flow_text(&param.wire), param_entry(param));
        }
    }
    if !endpoint.headers.is_empty() {
        out.push_str("      headers:\n");
        for (name, value) in &endpoint.headers {
            let _ = writeln!(out, "        {}: {}", flow_text(name), Value::String(value.clone()));
        }
    }
    match &endpoint.body {
        Some(Body::Typed { ty, encoding }) => {
            line(out, 6, "body", &flow_text(&ty.to_string()));
            if let Some(encoding) = encoding {
                line(out, 6, "body_encoding", encoding);
            }
        }
        Some(Body::Bytes) => line(out, 6, "body", "bytes"),
        None => {}
    }
    match &endpoint.response {
        Some(ResponseType::Json(ty)) => line(out, 6, "response", &flow_text(&ty.to_string())),
        Some(ResponseType::Bytes) => line(out, 6, "response", "bytes"),
        None => {}
    }
    if let Some(auth) = &endpoint.auth {
        line(out, 6, "auth", &flow_list(auth));
    }
    if let Some(example) = &endpoint.example {
        out.push_str("      examples:\n");
        if example.made_up {
            comment(out, 8, "TODO: made up by import-openapi where the document gives no example; replace with a real call from the provider's docs.");
        }
        let lines = value_lines(&example_value(example));
        let mut lines = lines.into_iter();
        if let Some(first) = lines.next() {
            let _ = writeln!(out, "        - {first}");
        }
        for rest in lines {
            if rest.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "          {rest}");
            }
        }
    }
}

fn example_value(example: &Example) -> Value {
    let mut value = Map::new();
    if !example.params.is_empty() {
        value.insert("params".into(), Value::Object(example.params.iter().cloned().collect()));
    }
    if let Some(body) = &example.body {
        value.insert("body".into(), body.clone());
    }
    let mut response = Map::new();
    if example.status != 200 {
        response.insert("status".into(), json!(example.status));
    }
    if let Some(body) = &example.response {
        response.insert("body".into(), body.clone());
    }
    if !response.is_empty() {
        value.insert("response".into(), Value::Object(response));
    }
    if value.is_empty() {
        value.insert("name".into(), json!("call"));
    }
    Value::Object(value)
}

/// `key: value` at `indent`.
fn line(out: &mut String, indent: usize, key: &str, value: &str) {
    let _ = writeln!(out, "{:indent$}{key}: {value}", "");
}

/// `key: text`, as a literal block when the text has several lines.
fn block_member(out: &mut String, indent: usize, key: &str, text: &str) {
    for text_line in member_lines(key, &Value::String(text.trim().to_owned())) {
        if text_line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{:indent$}{text_line}", "");
        }
    }
}

/// `key: [a, b]` on one line when short, else one item per line.
fn list_lines(out: &mut String, indent: usize, key: &str, items: &[String]) {
    let inline = format!("[{}]", items.join(", "));
    if indent + key.len() + inline.len() + 2 <= WIDTH {
        line(out, indent, key, &inline);
        return;
    }
    let _ = writeln!(out, "{:indent$}{key}:", "");
    for item in items {
        let _ = writeln!(out, "{:indent$}  - {item}", "");
    }
}

fn flow_list(names: &[String]) -> String {
    format!("[{}]", names.iter().map(|name| flow_text(name)).collect::<Vec<_>>().join(", "))
}

/// `# text` lines at `indent`, wrapped at [`WIDTH`]; lines of `text` are kept as they are.
fn comment(out: &mut String, indent: usize, text: &str) {
    for paragraph in text.lines() {
        let hanging = paragraph.len() - paragraph.trim_start().len();
        let mut current = String::new();
        for word in paragraph.split_whitespace() {
            if !current.is_empty() && indent + 2 + hanging + current.len() + 1 + word.len() > WIDTH {
                let _ = writeln!(out, "{:indent$}# {:hanging$}{current}", "", "");
                current.clear();
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        let _ = writeln!(out, "{:indent$}# {:hanging$}{current}", "", "");
    }
}

/// YAML to uncomment, line by line as it is (never wrapped).
fn commented_yaml(out: &mut String, yaml: &str) {
    for yaml_line in yaml.lines() {
        let _ = writeln!(out, "# {yaml_line}");
    }
}

/// The first sentence of a description (or its first line), for a one-line comment.
fn first_sentence(text: &str) -> String {
    let first_line = text.trim().lines().next().unwrap_or_default();
    match first_line.find(". ") {
        Some(end) => first_line[..=end].to_owned(),
        None => first_line.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_wrap_and_keep_their_lines() {
        let mut out = String::new();
        comment(&mut out, 2, &format!("{} end\nsecond:\n  indented", "word ".repeat(30)));
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.iter().all(|line| line.len() <= WIDTH && line.starts_with("  # ")), "{out}");
        assert!(out.ends_with("  # second:\n  #   indented\n"), "{out}");
    }
}
