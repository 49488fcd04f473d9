//! `import-openapi`: an OpenAPI 3.0 or 3.1 document as a draft spec the author then owns.
//!
//! A pipeline of its own, ending where the generator's starts: [`document`] reads the file and
//! follows references, [`schemas`] turns schemas into models, enums and unions, [`operations`]
//! turns operations into resources and endpoints, [`placeholder`] makes up the examples the
//! document lacks, and [`render`] writes the spec text. The text is then checked as any spec is
//! ([`crate::check_with_warnings`]); an example the document gives that does not fit its own
//! schemas is replaced by a made-up one, so the draft validates and generates at once.

pub mod document;
pub mod draft;
pub mod names;
pub mod operations;
pub mod placeholder;
pub mod render;
pub mod schemas;
pub mod widen;

use crate::diagnostics::{Diagnostics, Severity, Sink};
use document::{get, get_str, items};
use draft::Draft;
use std::collections::BTreeSet;

/// The note on an endpoint whose example was replaced.
const REPLACED: &str = "the document's example did not fit its own schemas and was replaced by a made-up one";

/// How many times examples that do not fit are replaced before giving up.
const REPAIR_ROUNDS: usize = 3;

/// A successful import.
#[derive(Debug)]
pub struct Imported {
    /// The draft spec's text.
    pub text: String,
    /// Problems in the document that did not stop the import (located in the document).
    pub warnings: Diagnostics,
    /// `petstore: 3 resources, 19 endpoints, 6 models; 4 examples made up`.
    pub summary: String,
}

/// Why an import failed.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The crate name cannot name a crate.
    #[error("`{0}` is not a valid crate name; use lowercase letters, digits, `-` or `_`, starting with a letter")]
    Name(String),
    /// The document is malformed or not OpenAPI 3; every problem found, located in it.
    #[error("{0}")]
    Document(Diagnostics),
    /// The draft does not validate: something the importer cannot express yet. The draft is
    /// kept, so the author can finish it by hand.
    #[error("the draft spec does not validate:\n{diagnostics}")]
    Draft {
        /// The draft's text.
        text: String,
        /// Its problems, located in the draft.
        diagnostics: Diagnostics,
    },
}

/// Imports the OpenAPI document `bytes` (named `source` in messages and in the draft) as a spec
/// for the crate `name`.
pub fn import(bytes: &[u8], source: &str, name: &str) -> Result<Imported, ImportError> {
    if !crate::names::is_crate_name(name) {
        return Err(ImportError::Name(name.to_owned()));
    }
    let mut sink = Sink::new(source);
    let Some(document) = document::read(bytes, &mut sink) else { return Err(ImportError::Document(sink.finish())) };
    let mut draft = convert(&document, source, name, &mut sink);
    if sink.has_errors() {
        return Err(ImportError::Document(sink.finish()));
    }
    widen::widen(&mut draft);
    let unused = draft.prune_unreachable();
    if !unused.is_empty() {
        let names: Vec<String> = unused.iter().map(|name| format!("`{name}`")).collect();
        draft.left_out.push(format!("schemas no operation reaches (an error body among them belongs in an error table's `model`): {}", names.join(", ")));
    }
    placeholder::complete(&mut draft);
    let spec_source = format!("specs/{name}.yaml");
    let mut text = render::render(&draft);
    let mut repairs = 0;
    while let Err(diagnostics) = crate::check_with_warnings(text.as_bytes(), &spec_source) {
        if repairs == REPAIR_ROUNDS || !repair_examples(&mut draft, &diagnostics) {
            return Err(ImportError::Draft { text, diagnostics });
        }
        repairs += 1;
        text = render::render(&draft);
    }
    let endpoints = draft.resources.iter().map(|resource| resource.endpoints.len()).sum::<usize>();
    let made_up = draft.resources.iter().flat_map(|resource| &resource.endpoints).filter(|endpoint| endpoint.example.as_ref().is_some_and(|example| example.made_up)).count();
    let summary = format!(
        "{name}: {} resources, {endpoints} endpoints, {} models, {} enums, {} unions; {made_up} examples made up, {} TODOs to review",
        draft.resources.len(),
        draft.models.len(),
        draft.enums.len(),
        draft.unions.len(),
        text.matches("TODO").count()
    );
    Ok(Imported { text, warnings: sink.finish(), summary })
}

/// The document as a draft (before examples are completed).
fn convert(document: &document::Document, source: &str, name: &str, sink: &mut Sink) -> Draft {
    let root = &document.root;
    let info = get(root, "info");
    let text = |key: &str| info.and_then(|info| get_str(info, key)).map(str::trim).filter(|text| !text.is_empty()).map(str::to_owned);
    let mut types = schemas::Types::new(document, sink);
    let security = operations::security(document, sink);
    let mut todos = Vec::new();
    let default_auth = operations::requirement(get(root, "security"), "security", &security, &mut todos, sink).unwrap_or_default();
    let found = operations::operations(document, &mut types, &security, &default_auth, sink);
    // A placeholder of the base URL becomes a client builder method, beside the credentials'.
    let taken: Vec<&str> = security.schemes.iter().map(|scheme| scheme.name.as_str()).chain(crate::validate::RESERVED_BUILDER_METHODS.iter().copied()).collect();
    let (base_url, base_url_todo) = base_url(root, &taken);
    let mut resources = found.resources;
    let default_auth = commonest_auth(&mut resources).unwrap_or(default_auth);
    let mut left_out = security.left_out;
    left_out.extend(todos.into_iter().map(|todo| format!("security: {todo}")));
    left_out.extend(found.left_out);
    if !document::entries(root, "webhooks").is_empty() {
        left_out.push("`webhooks`: describe each under `webhooks` with its payload model and signature".to_owned());
    }
    Draft {
        source: source.to_owned(),
        openapi_version: get_str(root, "openapi").unwrap_or("3").to_owned(),
        name: name.to_owned(),
        title: text("title").unwrap_or_else(|| name.to_owned()),
        description: text("description"),
        api_version: text("version"),
        docs_url: get(root, "externalDocs").and_then(|docs| get_str(docs, "url")).filter(|url| url.starts_with("https://") || url.starts_with("http://")).map(str::to_owned),
        base_url,
        base_url_todo,
        default_auth,
        auth: security.schemes,
        models: types.models,
        enums: types.enums,
        unions: types.unions,
        resources,
        error_statuses: found.error_statuses,
        error_members: found.error_members,
        pagination_hints: found.pagination_hints,
        left_out,
    }
}

/// The auth schemes most endpoints use, which become the defaults; endpoints using them then
/// name none of their own.
fn commonest_auth(resources: &mut [draft::Resource]) -> Option<Vec<String>> {
    let mut counts: Vec<(Vec<String>, usize)> = Vec::new();
    for auth in resources.iter().flat_map(|resource| &resource.endpoints).filter_map(|endpoint| endpoint.auth.as_ref()) {
        match counts.iter_mut().find(|(known, _)| known == auth) {
            Some((_, count)) => *count += 1,
            None => counts.push((auth.clone(), 1)),
        }
    }
    // The first of the most used, so ties go to what the document lists first.
    let commonest = counts.iter().rev().max_by_key(|(_, count)| *count).map(|(auth, _)| auth.clone())?;
    for endpoint in resources.iter_mut().flat_map(|resource| &mut resource.endpoints) {
        if endpoint.auth.as_ref() == Some(&commonest) {
            endpoint.auth = None;
        }
    }
    Some(commonest)
}

/// The first server's URL, made absolute, and why it needs review when it is not taken as it is.
/// A variable that names an account (free text in the host, such as Zendesk's `{subdomain}`, or
/// any free-text variable without a default) stays a placeholder, which becomes a client builder
/// method callers must use, unless its name would be no such method or clash with one in
/// `taken`; other variables (a choice among `enum` values, or a default in the path) take their
/// defaults, as a client can call it at once.
fn base_url(root: &crate::yaml::Node, taken: &[&str]) -> (String, Option<String>) {
    const STANDIN: &str = "https://api.example.com";
    let Some(server) = items(root, "servers").first() else {
        return (STANDIN.to_owned(), Some("the document names no server; set the API's URL".to_owned()));
    };
    let template = get_str(server, "url").unwrap_or_default();
    let host_end = template.find("://").map_or(0, |scheme| scheme + 3);
    let host_end = template[host_end..].find('/').map_or(template.len(), |slash| host_end + slash);
    // The URL with every variable at its default (to check it), and with the kept placeholders.
    let (mut url, mut with_placeholders) = (template.to_owned(), template.to_owned());
    let mut kept: Vec<String> = Vec::new();
    let mut todos = Vec::new();
    for (variable, detail) in document::entries(server, "variables") {
        let marker = format!("{{{variable}}}");
        let default = get_str(detail, "default").unwrap_or_default();
        let free_text = items(detail, "enum").is_empty();
        let in_host = template.find(&marker).is_some_and(|at| at < host_end);
        let name = crate::names::snake(variable, "server");
        let fits = crate::names::is_snake_ident(&name) && !taken.contains(&name.as_str()) && !kept.contains(&name);
        if free_text && (in_host || default.is_empty()) && fits {
            let shown = if default.is_empty() { String::new() } else { format!(" (the document's example: `{default}`)") };
            todos.push(format!("the server URL's `{marker}` varies by account{shown}: clients set it with `.{name}(...)`"));
            with_placeholders = with_placeholders.replace(&marker, &format!("{{{name}}}"));
            url = url.replace(&marker, if default.is_empty() { "x" } else { default });
            kept.push(name);
        } else {
            url = url.replace(&marker, default);
            with_placeholders = with_placeholders.replace(&marker, default);
        }
    }
    if items(root, "servers").len() > 1 {
        todos.push("the document lists several servers; the draft uses the first".to_owned());
    }
    for text in [&mut url, &mut with_placeholders] {
        if let Some(query) = text.find(['?', '#']) {
            text.truncate(query);
        }
    }
    let odd = |text: &str| text.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`' | '\\' | '{' | '}' | '@'));
    let url = if url.starts_with('/') && !odd(&url) {
        todos.push(format!("the document's server URL `{url}` is relative to where the document is served; set the API's full URL"));
        format!("{STANDIN}{with_placeholders}")
    } else if !is_absolute_http(&url) || odd(&url) {
        todos.push(format!("the document's server URL `{url}` is not an http(s) URL a client can call; set the API's URL"));
        STANDIN.to_owned()
    } else {
        with_placeholders
    };
    let trimmed = url.trim_end_matches('/').to_owned();
    (trimmed, (!todos.is_empty()).then(|| todos.join("; ")))
}

/// `http://host...` or `https://host...` with a host.
fn is_absolute_http(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| rest.split('/').next().is_some_and(|host| !host.is_empty() && !host.starts_with(':')))
}

/// Replaces each example a diagnostic points into with a made-up one, and drops a made-up one
/// that still does not fit; `false` when no diagnostic is about an example (nothing to repair).
fn repair_examples(draft: &mut Draft, diagnostics: &Diagnostics) -> bool {
    let mut broken: BTreeSet<(String, String)> = BTreeSet::new();
    for diagnostic in diagnostics.iter().filter(|diagnostic| diagnostic.severity == Severity::Error) {
        let mut parts = diagnostic.path.splitn(4, '.');
        if let (Some("endpoints"), Some(resource), Some(endpoint), Some(rest)) = (parts.next(), parts.next(), parts.next(), parts.next())
            && rest.starts_with("examples")
        {
            broken.insert((resource.to_owned(), endpoint.to_owned()));
        } else {
            return false;
        }
    }
    if broken.is_empty() {
        return false;
    }
    let mut resources = std::mem::take(&mut draft.resources);
    for resource in &mut resources {
        for endpoint in &mut resource.endpoints {
            if !broken.contains(&(resource.name.clone(), endpoint.name.clone())) {
                continue;
            }
            let replaced_before = endpoint.todos.iter().any(|todo| todo == REPLACED);
            if replaced_before || !placeholder::replace(draft, endpoint) {
                endpoint.example = None;
                endpoint.todos.retain(|todo| todo != REPLACED);
                endpoint.todos.push("no example fits this endpoint's types; write one from the provider's docs".to_owned());
            } else {
                endpoint.todos.push(REPLACED.to_owned());
            }
        }
    }
    draft.resources = resources;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(yaml: &str) -> (String, Option<String>) {
        let mut sink = Sink::new("api.yaml");
        let document = document::read(format!("openapi: 3.0.0\n{yaml}").as_bytes(), &mut sink).expect("reads");
        base_url(&document.root, &["key", "timeout"])
    }

    #[test]
    fn the_base_url_is_the_first_servers_made_callable() {
        assert_eq!(server("servers: [{url: 'https://api.example.org/v1/'}]"), ("https://api.example.org/v1".to_owned(), None));
        assert_eq!(server("servers: [{url: 'https://{env}.x.io', variables: {env: {default: live, enum: [live, sandbox]}}}]"), ("https://live.x.io".to_owned(), None));
        // A host that names the account stays a placeholder; a path variable takes its default.
        let (url, todo) = server("servers: [{url: 'https://{subdomain}.zendesk.com/api/{basePath}', variables: {subdomain: {default: example}, basePath: {default: v2}}}]");
        assert_eq!(url, "https://{subdomain}.zendesk.com/api/v2");
        assert!(todo.is_some_and(|todo| todo.contains("`{subdomain}` varies by account (the document's example: `example`): clients set it with `.subdomain(...)`")));
        assert_eq!(server("servers: [{url: 'https://{yourOktaDomain}/api/v1', variables: {yourOktaDomain: {default: subdomain.okta.com}}}]").0, "https://{your_okta_domain}/api/v1");
        // A name that would clash with a builder method takes the default; a keyword is renamed.
        let host = |name: &str| server(&format!("servers: [{{url: 'https://{{{name}}}.x.io', variables: {{{name}: {{default: a}}}}}}]")).0;
        assert_eq!((host("timeout"), host("key"), host("type")), ("https://a.x.io".to_owned(), "https://a.x.io".to_owned(), "https://{type_}.x.io".to_owned()));
        let (url, todo) = server("servers: [{url: /v2}]");
        assert_eq!(url, "https://api.example.com/v2");
        assert!(todo.is_some_and(|todo| todo.contains("relative")));
        for odd in ["servers: [{url: 'ftp://x'}]", "servers: [{url: 'https://user@x.io'}]", "servers: [{url: 'x y'}]", "info: {}"] {
            let (url, todo) = server(odd);
            assert_eq!(url, "https://api.example.com", "{odd}");
            assert!(todo.is_some(), "{odd}");
        }
    }

    #[test]
    fn the_commonest_schemes_become_the_defaults() {
        let endpoint = |auth: &[&str]| draft::Endpoint {
            name: "e".into(),
            operation_id: None,
            doc: None,
            method: "GET".into(),
            path: "/".into(),
            params: Vec::new(),
            headers: Vec::new(),
            body: None,
            response: None,
            status: None,
            auth: Some(auth.iter().map(|name| (*name).to_owned()).collect()),
            example: None,
            todos: Vec::new(),
        };
        let mut resources = vec![draft::Resource { name: "r".into(), doc: None, endpoints: vec![endpoint(&["key"]), endpoint(&[]), endpoint(&["key"])] }];
        assert_eq!(commonest_auth(&mut resources), Some(vec!["key".to_owned()]));
        let left: Vec<Option<Vec<String>>> = resources[0].endpoints.iter().map(|endpoint| endpoint.auth.clone()).collect();
        assert_eq!(left, [None, Some(Vec::new()), None]);
    }
}
