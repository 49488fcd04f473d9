//! Load stage: YAML [`Node`] tree -> [`crate::ast::Spec`]. Checks shapes and key names (unknown keys are
//! errors, with a suggestion), and keeps going after an error so one run reports them all.

use crate::ast::*;
use crate::diagnostics::{Sink, did_you_mean, join};
use crate::grammar;
use crate::yaml::Node;
use serde_json::Value;

/// Reads a spec from its YAML tree, recording problems in `sink`.
pub fn load(root: &Node, sink: &mut Sink) -> Spec {
    let mut spec = Spec::default();
    let Some(top) = object(sink, root, "", &grammar::SPEC) else {
        return spec;
    };
    spec.name = req_string(sink, &top, "name");
    spec.title = req_string(sink, &top, "title").map(|title| title.value);
    spec.description = opt_string(sink, &top, "description").map(|text| text.value);
    spec.api_version = opt_string(sink, &top, "api_version").map(|text| text.value);
    spec.docs_url = opt_string(sink, &top, "docs_url").map(|text| text.value);
    if let Some(node) = top.get("package") {
        spec.package = load_package(sink, node, &top.path_of("package"));
    }
    spec.base_url = req_string(sink, &top, "base_url");
    if let Some(rule) = opt_string(sink, &top, "trailing_slash") {
        spec.trailing_slash = match rule.value.as_str() {
            "always" => TrailingSlash::Always,
            "never" => TrailingSlash::Never,
            "any" => TrailingSlash::Any,
            other => {
                one_of(sink, &rule.path, "trailing_slash rule", other, grammar::TRAILING_SLASH_RULES);
                TrailingSlash::Any
            }
        };
    }
    if let Some(node) = top.get("defaults") {
        spec.defaults = load_defaults(sink, node, &top.path_of("defaults"));
    }
    if let Some(node) = top.get("retry") {
        spec.retry = load_retry(sink, node, &top.path_of("retry"));
    }
    if let Some(node) = top.get("rate_limits") {
        spec.rate_limits = load_rate_limits(sink, node, &top.path_of("rate_limits"));
    }
    if let Some(node) = top.get("method_override") {
        spec.method_override = load_method_override(sink, node, &top.path_of("method_override"));
    }
    spec.headers = load_constant_headers(sink, &top, true);
    if let Some(count) = opt_u64(sink, &top, "follow_redirects") {
        match u8::try_from(count) {
            Ok(count @ 1..=10) => spec.follow_redirects = count,
            _ => sink.value_error(&top.path_of("follow_redirects"), format!("`{count}` redirects; expected 1 to 10 (leave the key out to follow none)"), None),
        }
    }
    if let Some(node) = top.get("idempotency") {
        spec.idempotency = load_idempotency(sink, node, &top.path_of("idempotency"));
    }
    for (name, node) in named_entries(sink, &top, "auth") {
        if let Some(scheme) = load_auth(sink, name, node) {
            spec.auth.push(scheme);
        }
    }
    for (name, node) in named_entries(sink, &top, "pagination") {
        if let Some(scheme) = load_pagination(sink, name, node) {
            spec.pagination.push(scheme);
        }
    }
    for (name, node) in named_entries(sink, &top, "envelopes") {
        if let Some(envelope) = load_envelope(sink, name, node) {
            spec.envelopes.push(envelope);
        }
    }
    for (name, node) in named_entries(sink, &top, "errors") {
        if let Some(table) = load_error_table(sink, name, node) {
            spec.errors.push(table);
        }
    }
    for (name, node) in named_entries(sink, &top, "models") {
        if let Some(model) = load_model(sink, name, node) {
            spec.models.push(model);
        }
    }
    for (name, node) in named_entries(sink, &top, "enums") {
        if let Some(enumeration) = load_enum(sink, name, node) {
            spec.enums.push(enumeration);
        }
    }
    for (name, node) in named_entries(sink, &top, "unions") {
        if let Some(union) = load_union(sink, name, node) {
            spec.unions.push(union);
        }
    }
    for (name, node) in named_entries(sink, &top, "resources") {
        if let Some(object) = object(sink, node, &name.path, &grammar::RESOURCE) {
            let doc = opt_string(sink, &object, "doc").map(|doc| doc.value);
            spec.resources.push(ResourceDoc { name, doc });
        }
    }
    for (resource, node) in named_entries(sink, &top, "endpoints") {
        let mut group = EndpointGroup { resource: resource.clone(), endpoints: Vec::new() };
        let Node::Map(entries) = node else {
            sink.error(&resource.path, format!("expected a mapping of endpoint names to endpoints, found {}", node.kind()));
            continue;
        };
        for (key, endpoint_node) in entries {
            let name = Spanned::new(key.clone(), join(&resource.path, key));
            if let Some(endpoint) = load_endpoint(sink, name, endpoint_node) {
                group.endpoints.push(endpoint);
            }
        }
        spec.endpoint_groups.push(group);
    }
    for (name, node) in named_entries(sink, &top, "webhooks") {
        if let Some(webhook) = load_webhook(sink, name, node) {
            spec.webhooks.push(webhook);
        }
    }
    spec
}

fn load_webhook(sink: &mut Sink, name: Spanned<String>, node: &Node) -> Option<Webhook> {
    let object = object(sink, node, &name.path, &grammar::WEBHOOK)?;
    let form = choice(sink, &object, "format", "webhook format", grammar::ENCODINGS, "form").unwrap_or(false);
    let json_fields: Vec<String> =
        object.get("json_fields").map(|node| name_list(sink, node, &object.path_of("json_fields"))).unwrap_or_default().into_iter().map(|name| name.value).collect();
    let signature = match object.get("signature") {
        None => None,
        Some(node) => {
            let signature = self::object(sink, node, &object.path_of("signature"), &grammar::SIGNATURE)?;
            if let Some(algorithm) = opt_string(sink, &signature, "algorithm")
                && algorithm.value != "hmac_sha256"
            {
                one_of(sink, &algorithm.path, "signature algorithm", &algorithm.value, grammar::SIGNATURE_ALGORITHMS);
            }
            let encoding = opt_string(sink, &signature, "encoding").map_or_else(|| "hex".to_owned(), |encoding| encoding.value);
            if !matches!(encoding.as_str(), "hex" | "base64") {
                one_of(sink, &signature.path_of("encoding"), "signature encoding", &encoding, grammar::SIGNATURE_ENCODINGS);
            }
            Some(WebhookSignature {
                header: req_string(sink, &signature, "header")?.value,
                encoding,
                secret_doc: opt_string(sink, &signature, "secret").map(|text| text.value),
            })
        }
    };
    let mut examples = Vec::new();
    let examples_path = object.path_of("examples");
    match object.get("examples") {
        None => {}
        Some(Node::Seq(items)) => {
            for (index, item) in items.iter().enumerate() {
                let path = join(&examples_path, &index.to_string());
                if let Some(value) = to_json(sink, item, &path) {
                    examples.push(Spanned::new(value, path));
                }
            }
        }
        Some(other) => sink.error(&examples_path, format!("expected a list of example payloads, found {}", other.kind())),
    }
    Some(Webhook {
        doc: opt_string(sink, &object, "doc").map(|doc| doc.value),
        payload: req_string(sink, &object, "payload")?,
        signature,
        examples,
        form,
        json_fields,
        name,
    })
}


/// A mapping node whose keys have been checked.
struct Obj<'n> {
    entries: &'n [(String, Node)],
    path: String,
}

impl<'n> Obj<'n> {
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries.iter().find(|(name, _)| name == key).map(|(_, node)| node)
    }

    fn path_of(&self, key: &str) -> String {
        join(&self.path, key)
    }
}

/// Checks that `node` is a mapping whose keys are all keys of `grammar`.
fn object<'n>(sink: &mut Sink, node: &'n Node, path: &str, grammar: &grammar::Object) -> Option<Obj<'n>> {
    let allowed: Vec<&str> = grammar.key_names().collect();
    let Node::Map(entries) = node else {
        let expected = allowed.iter().take(4).map(|key| format!("`{key}`")).collect::<Vec<_>>().join(", ");
        sink.error(path, format!("expected a mapping (with keys such as {expected}), found {}", node.kind()));
        return None;
    };
    for (key, value) in entries {
        if !allowed.contains(&key.as_str()) {
            let shown = if key.chars().count() > 64 { format!("{}…", key.chars().take(64).collect::<String>()) } else { key.clone() };
            // `{doc: a, b}` parses `b` as a key: prose with a comma in a flow mapping.
            let looks_like_prose = key.contains(' ') && *value == Node::Null;
            let help = if looks_like_prose {
                Some("a comma inside `{...}` starts a new key; put text that contains commas in quotes".to_owned())
            } else {
                did_you_mean(key, allowed.iter().copied()).or_else(|| synonym(key, &allowed))
            };
            sink.error_with_help(&join(path, key), format!("unknown key `{shown}`; expected one of: {}", allowed.join(", ")), help);
        }
    }
    Some(Obj { entries, path: path.to_owned() })
}

/// A key the grammar spells another way at this level (the spec's `description`, every other
/// level's `doc`), as a "did you mean" that spelling would not find.
fn synonym(key: &str, allowed: &[&str]) -> Option<String> {
    const SYNONYMS: &[(&str, &str)] = &[("doc", "description"), ("description", "doc"), ("summary", "doc"), ("summary", "description")];
    SYNONYMS.iter().find(|(name, other)| *name == key && allowed.contains(other)).map(|(_, other)| format!("did you mean `{other}`?"))
}

/// The entries of a section keyed by name (`models`, `auth`, ...), each with its path.
fn named_entries<'n>(sink: &mut Sink, parent: &Obj<'n>, key: &str) -> Vec<(Spanned<String>, &'n Node)> {
    let path = parent.path_of(key);
    match parent.get(key) {
        None | Some(Node::Null) => Vec::new(),
        Some(Node::Map(entries)) => {
            entries.iter().map(|(name, node)| (Spanned::new(name.clone(), join(&path, name)), node)).collect()
        }
        Some(other) => {
            sink.error(&path, format!("expected a mapping of names to definitions, found {}", other.kind()));
            Vec::new()
        }
    }
}

fn string_of(sink: &mut Sink, node: &Node, path: &str) -> Option<String> {
    match node {
        Node::Str(text) => Some(text.clone()),
        other => {
            sink.value_error(path, format!("expected a string, found {}", other.kind()), None);
            None
        }
    }
}

fn opt_string(sink: &mut Sink, object: &Obj<'_>, key: &str) -> Option<Spanned<String>> {
    let path = object.path_of(key);
    let node = object.get(key)?;
    string_of(sink, node, &path).map(|value| Spanned::new(value, path))
}

fn req_string(sink: &mut Sink, object: &Obj<'_>, key: &str) -> Option<Spanned<String>> {
    if object.get(key).is_none() {
        sink.error(&object.path_of(key), format!("missing required key `{key}` (a string)"));
        return None;
    }
    opt_string(sink, object, key)
}

fn opt_bool(sink: &mut Sink, object: &Obj<'_>, key: &str) -> Option<bool> {
    match object.get(key)? {
        Node::Bool(flag) => Some(*flag),
        other => {
            sink.value_error(&object.path_of(key), format!("expected `true` or `false`, found {}", other.kind()), None);
            None
        }
    }
}

fn opt_u64(sink: &mut Sink, object: &Obj<'_>, key: &str) -> Option<u64> {
    match object.get(key)? {
        Node::Int(value) if *value >= 0 => Some(*value as u64),
        Node::Int(value) => {
            sink.value_error(&object.path_of(key), format!("expected a non-negative integer, found {value}"), None);
            None
        }
        Node::Float(value) if value.fract() == 0.0 && *value > 0.0 => {
            sink.value_error(&object.path_of(key), format!("this number is too large; expected at most {}", i64::MAX), None);
            None
        }
        other => {
            sink.value_error(&object.path_of(key), format!("expected a non-negative integer, found {}", other.kind()), None);
            None
        }
    }
}

/// Whether the text at `key`, one of `allowed`, is `chosen`; `None` when absent or unknown (an
/// unknown value is reported).
fn choice(sink: &mut Sink, object: &Obj<'_>, key: &str, what: &str, allowed: &[&str], chosen: &str) -> Option<bool> {
    let value = opt_string(sink, object, key)?;
    if !allowed.contains(&value.value.as_str()) {
        one_of(sink, &value.path, what, &value.value, allowed);
        return None;
    }
    Some(value.value == chosen)
}

fn one_of(sink: &mut Sink, path: &str, what: &str, found: &str, allowed: &[&str]) {
    sink.value_error(
        path,
        format!("unknown {what} `{found}`; expected one of: {}", allowed.join(", ")),
        did_you_mean(found, allowed.iter().copied()),
    );
}

/// A list of names, also accepting a single name.
fn name_list(sink: &mut Sink, node: &Node, path: &str) -> Vec<Spanned<String>> {
    match node {
        Node::Str(name) => vec![Spanned::new(name.clone(), path)],
        Node::Seq(items) => items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| {
                let item_path = join(path, &index.to_string());
                string_of(sink, item, &item_path).map(|name| Spanned::new(name, item_path))
            })
            .collect(),
        other => {
            sink.error(path, format!("expected a list of names, found {}", other.kind()));
            Vec::new()
        }
    }
}

fn load_defaults(sink: &mut Sink, node: &Node, path: &str) -> Defaults {
    let Some(object) = object(sink, node, path, &grammar::DEFAULTS) else {
        return Defaults::default();
    };
    Defaults {
        auth: object.get("auth").map(|node| name_list(sink, node, &object.path_of("auth"))),
        errors: opt_string(sink, &object, "errors"),
        envelope: opt_string(sink, &object, "envelope"),
        body_encoding: body_encoding(sink, &object),
        form_brackets: choice(sink, &object, "form_nesting", "form nesting", grammar::FORM_NESTINGS, "brackets"),
    }
}

/// The `body_encoding` of a spec's defaults or an endpoint, if given and known.
fn body_encoding(sink: &mut Sink, object: &Obj<'_>) -> Option<BodyEncoding> {
    let value = opt_string(sink, object, "body_encoding")?;
    match value.value.as_str() {
        "json" => Some(BodyEncoding::Json),
        "form" => Some(BodyEncoding::Form),
        "multipart" => Some(BodyEncoding::Multipart),
        other => {
            one_of(sink, &value.path, "body encoding", other, grammar::BODY_ENCODINGS);
            None
        }
    }
}

fn load_package(sink: &mut Sink, node: &Node, path: &str) -> Package {
    let Some(object) = object(sink, node, path, &grammar::PACKAGE) else {
        return Package::default();
    };
    let mut names = |key: &str| object.get(key).map(|node| name_list(sink, node, &object.path_of(key))).unwrap_or_default();
    let (keywords, categories) = (names("keywords"), names("categories"));
    Package {
        version: opt_string(sink, &object, "version"),
        publish: opt_bool(sink, &object, "publish"),
        license: opt_string(sink, &object, "license"),
        repository: opt_string(sink, &object, "repository"),
        keywords,
        categories,
    }
}

fn load_retry(sink: &mut Sink, node: &Node, path: &str) -> Retry {
    let Some(object) = object(sink, node, path, &grammar::RETRY) else {
        return Retry::default();
    };
    let retry = Retry {
        max_attempts: opt_u64(sink, &object, "max_attempts"),
        initial_backoff_ms: opt_u64(sink, &object, "initial_backoff_ms"),
        max_backoff_ms: opt_u64(sink, &object, "max_backoff_ms"),
        max_elapsed_ms: opt_u64(sink, &object, "max_elapsed_ms"),
        retry_after_cap_ms: opt_u64(sink, &object, "retry_after_cap_ms"),
    };
    match retry.max_attempts {
        Some(0) => sink.value_error(&object.path_of("max_attempts"), "`max_attempts` counts the first attempt, so it is at least 1 (1 turns retries off)", None),
        Some(attempts) if attempts > u64::from(u32::MAX) => {
            sink.value_error(&object.path_of("max_attempts"), format!("`{attempts}` attempts is more than the client can count; expected at most {}", u32::MAX), None);
        }
        _ => {}
    }
    retry
}

fn load_rate_limits(sink: &mut Sink, node: &Node, path: &str) -> Vec<RateLimit> {
    let Node::Seq(items) = node else {
        sink.error(path, format!("expected a list of `{{requests, per_seconds}}` windows, found {}", node.kind()));
        return Vec::new();
    };
    let mut limits = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let item_path = join(path, &index.to_string());
        let Some(window) = object(sink, item, &item_path, &grammar::RATE_LIMIT) else { continue };
        let requests = opt_u64(sink, &window, "requests");
        let per_seconds = opt_u64(sink, &window, "per_seconds");
        match (requests, per_seconds) {
            (Some(requests), _) if requests > u64::from(u32::MAX) => {
                sink.value_error(&window.path_of("requests"), format!("`{requests}` requests is more than the client can count; expected at most {}", u32::MAX), None);
            }
            (Some(requests @ 1..), Some(per_seconds @ 1..)) => limits.push(RateLimit { requests, per_seconds }),
            _ => sink.error(&item_path, "a rate-limit window needs `requests` and `per_seconds`, both at least 1"),
        }
    }
    limits
}

fn load_method_override(sink: &mut Sink, node: &Node, path: &str) -> Option<MethodOverride> {
    let object = object(sink, node, path, &grammar::METHOD_OVERRIDE)?;
    let header = req_string(sink, &object, "header")?.value;
    let methods_path = object.path_of("methods");
    let methods = match object.get("methods") {
        Some(node) => name_list(sink, node, &methods_path)
            .into_iter()
            .filter_map(|name| match parse_method(&name.value) {
                Some(method) => Some(method),
                None => {
                    one_of(sink, &name.path, "HTTP method", &name.value, grammar::METHODS);
                    None
                }
            })
            .collect(),
        None => {
            sink.error(&methods_path, "missing required key `methods` (the methods that may be overridden)");
            Vec::new()
        }
    };
    Some(MethodOverride { header, methods })
}

/// The `headers` of a spec or an endpoint: name to value, or (for the whole API, `settable`) to
/// `{value, setter, doc}`. Numbers and booleans are taken as their text (`X-Version: 2`).
fn load_constant_headers(sink: &mut Sink, parent: &Obj<'_>, settable: bool) -> Vec<ConstantHeader> {
    let mut headers = Vec::new();
    for (name, node) in named_entries(sink, parent, "headers") {
        let header = match node {
            Node::Map(_) if settable => {
                let Some(long) = object(sink, node, &name.path, &grammar::CONSTANT_HEADER) else { continue };
                let Some(value) = long.get("value").and_then(|node| header_text(sink, node, &long.path_of("value"))) else {
                    if long.get("value").is_none() {
                        sink.error(&long.path_of("value"), "missing required key `value` (the value sent unless the caller chooses another)");
                    }
                    continue;
                };
                let setter = opt_string(sink, &long, "setter");
                let doc = opt_string(sink, &long, "doc").map(|doc| doc.value);
                ConstantHeader { name, value, setter, doc }
            }
            _ => {
                let Some(value) = header_text(sink, node, &name.path) else { continue };
                ConstantHeader { name, value, setter: None, doc: None }
            }
        };
        headers.push(header);
    }
    headers
}

/// A header's value: a string, or a number or boolean as its text.
fn header_text(sink: &mut Sink, node: &Node, path: &str) -> Option<Spanned<String>> {
    let text = match node {
        Node::Str(text) => text.clone(),
        Node::Int(number) => number.to_string(),
        Node::Float(number) => number.to_string(),
        Node::Bool(flag) => flag.to_string(),
        other => {
            sink.value_error(path, format!("expected the header's value (a string), found {}", other.kind()), None);
            return None;
        }
    };
    Some(Spanned::new(text, path))
}

fn load_idempotency(sink: &mut Sink, node: &Node, path: &str) -> Option<Idempotency> {
    let object = object(sink, node, path, &grammar::IDEMPOTENCY)?;
    let header = req_string(sink, &object, "header")?;
    let methods = match object.get("methods") {
        None => vec![Method::Post],
        Some(node) => name_list(sink, node, &object.path_of("methods"))
            .into_iter()
            .filter_map(|name| {
                let method = parse_method(&name.value);
                if method.is_none() {
                    one_of(sink, &name.path, "HTTP method", &name.value, grammar::METHODS);
                }
                method
            })
            .collect(),
    };
    Some(Idempotency { header, methods })
}

fn parse_method(text: &str) -> Option<Method> {
    Some(match text {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        "HEAD" => Method::Head,
        _ => return None,
    })
}

fn load_auth(sink: &mut Sink, name: Spanned<String>, node: &Node) -> Option<AuthScheme> {
    let object = object(sink, node, &name.path, &grammar::AUTH)?;
    let doc = opt_string(sink, &object, "doc").map(|doc| doc.value);
    let placement = load_placement(sink, &object)?;
    let alternative = match object.get("alternative") {
        None => None,
        Some(node) => {
            let path = object.path_of("alternative");
            let alternative = self::object(sink, node, &path, &grammar::AUTH_ALTERNATIVE)?;
            load_placement(sink, &alternative)
        }
    };
    let oauth2 = object.get("oauth2").and_then(|node| load_oauth2(sink, node, &object.path_of("oauth2")));
    let session = object.get("session").and_then(|node| load_session(sink, node, &object.path_of("session")));
    Some(AuthScheme { name, doc, placement, alternative, oauth2, session })
}

fn load_session(sink: &mut Sink, node: &Node, path: &str) -> Option<SessionSpec> {
    let object = object(sink, node, path, &grammar::SESSION)?;
    let login = match object.get("login") {
        Some(node) => name_list(sink, node, &object.path_of("login")),
        None => {
            sink.error(&object.path_of("login"), "missing required key `login` (the endpoints whose responses carry a token, as `resource.endpoint`)");
            Vec::new()
        }
    };
    let mut expired = Vec::new();
    match object.get("expired") {
        None => {}
        Some(Node::Seq(items)) => {
            for (index, item) in items.iter().enumerate() {
                match item {
                    Node::Int(code @ 100..=999) => expired.push(*code as u16),
                    other => sink.error(&join(&object.path_of("expired"), &index.to_string()), format!("expected a status or error code (a number), found {}", other.kind())),
                }
            }
        }
        Some(other) => sink.error(&object.path_of("expired"), format!("expected a list of statuses, found {}", other.kind())),
    }
    Some(SessionSpec {
        path: path.to_owned(),
        login,
        token: req_string(sink, &object, "token")?.value,
        user_id: opt_string(sink, &object, "user_id").map(|path| path.value),
        renew: opt_string(sink, &object, "renew"),
        renew_field: opt_string(sink, &object, "renew_field").map_or_else(|| "token".to_owned(), |field| field.value),
        expired,
    })
}

fn load_oauth2(sink: &mut Sink, node: &Node, path: &str) -> Option<OAuth2> {
    let object = object(sink, node, path, &grammar::OAUTH2)?;
    let client_auth = opt_string(sink, &object, "client_auth").map_or_else(|| "basic".to_owned(), |auth| auth.value);
    if !matches!(client_auth.as_str(), "basic" | "body") {
        one_of(sink, &object.path_of("client_auth"), "client authentication", &client_auth, grammar::CLIENT_AUTH);
    }
    let authorize_params = object.get("authorize_params").map(|node| name_list(sink, node, &object.path_of("authorize_params"))).unwrap_or_default();
    let scopes = match object.get("scopes") {
        None => None,
        Some(node) => {
            let scopes = self::object(sink, node, &object.path_of("scopes"), &grammar::SCOPES)?;
            let list = |sink: &mut Sink, key: &str| scopes.get(key).map(|node| name_list(sink, node, &scopes.path_of(key))).unwrap_or_default();
            Some(Scopes {
                separator: opt_string(sink, &scopes, "separator").map_or_else(|| " ".to_owned(), |separator| separator.value),
                values: list(sink, "values"),
                groups: list(sink, "groups"),
                permissions: list(sink, "permissions"),
            })
        }
    };
    let example = match object.get("example") {
        None => None,
        Some(node) => {
            let example = self::object(sink, node, &object.path_of("example"), &grammar::OAUTH2_EXAMPLE)?;
            let code = req_string(sink, &example, "code")?.value;
            let response_path = example.path_of("response");
            let response = example.get("response").and_then(|node| to_json(sink, node, &response_path));
            match response {
                Some(response) => Some((code, Spanned::new(response, response_path))),
                None => {
                    sink.error(&response_path, "missing required key `response` (the token response the code gets)");
                    None
                }
            }
        }
    };
    Some(OAuth2 {
        path: path.to_owned(),
        authorize_url: req_string(sink, &object, "authorize_url")?.value,
        token_url: req_string(sink, &object, "token_url")?.value,
        revoke_url: opt_string(sink, &object, "revoke_url").map(|url| url.value),
        client_auth,
        token_response: req_string(sink, &object, "token_response")?,
        authorize_params,
        scopes,
        example,
    })
}

fn load_placement(sink: &mut Sink, object: &Obj<'_>) -> Option<AuthPlacement> {
    let kind = req_string(sink, object, "type")?;
    let prefix = opt_string(sink, object, "prefix");
    let placement = match kind.value.as_str() {
        "header" => AuthPlacement::Header {
            name: req_string(sink, object, "name")?.value,
            prefix: prefix.map(|prefix| prefix.value).unwrap_or_default(),
        },
        "query" => AuthPlacement::Query { name: req_string(sink, object, "name")?.value },
        "bearer" => AuthPlacement::Bearer,
        "basic" => AuthPlacement::Basic,
        other => {
            one_of(sink, &kind.path, "auth type", other, grammar::AUTH_TYPES);
            return None;
        }
    };
    if !matches!(placement, AuthPlacement::Header { .. } | AuthPlacement::Query { .. }) && object.get("name").is_some() {
        sink.error(&object.path_of("name"), format!("`name` is only for `header` and `query` auth, not `{}`", kind.value));
    }
    Some(placement)
}

fn load_pagination(sink: &mut Sink, name: Spanned<String>, node: &Node) -> Option<PaginationScheme> {
    let style = match node {
        Node::Map(entries) => entries.iter().find(|(key, _)| key == "style").and_then(|(_, node)| match node {
            Node::Str(style) => Some(style.as_str()),
            _ => None,
        }),
        _ => None,
    };
    let object = object(sink, node, &name.path, grammar::pagination_object(style.unwrap_or_default()))?;
    let page_size = match object.get("page_size") {
        None => None,
        Some(node) => {
            let path = object.path_of("page_size");
            self::object(sink, node, &path, &grammar::PAGE_SIZE).and_then(|size| {
                let param = req_string(sink, &size, "param");
                let max = opt_u64(sink, &size, "max");
                let max = max.filter(|max| (1..=u64::from(u32::MAX)).contains(max));
                if max.is_none() {
                    sink.error(&size.path_of("max"), format!("`max` is the largest page size the provider accepts, from 1 to {}", u32::MAX));
                }
                Some(PageSize { param: param?, max: max? })
            })
        }
    };
    let style_name = req_string(sink, &object, "style")?;
    let items = opt_string(sink, &object, "items").map(|path| path.value).unwrap_or_default();
    let text = |sink: &mut Sink, key: &str| opt_string(sink, &object, key).map(|value| value.value);
    let required = |sink: &mut Sink, key: &str| req_string(sink, &object, key).map(|value| value.value);
    let style = match style_name.value.as_str() {
        "next_link" => PaginationStyle::NextLink { items, next: required(sink, "next")?, total: text(sink, "total") },
        "link_header" => PaginationStyle::LinkHeader { items, total: text(sink, "total") },
        "cursor_header" => {
            PaginationStyle::CursorHeader { items, header: required(sink, "header")?, param: required(sink, "param")?, total: text(sink, "total") }
        }
        "cursor_body" => PaginationStyle::CursorBody { items, cursor: required(sink, "cursor")?, param: required(sink, "param")?, total: text(sink, "total") },
        "last_item" => {
            // Every missing key is reported, not only the first.
            let (id, param, has_more) = (required(sink, "id"), required(sink, "param"), required(sink, "has_more"));
            PaginationStyle::LastItem { items, id: id?, param: param?, has_more: has_more?, total: text(sink, "total") }
        }
        "page_number" => PaginationStyle::PageNumber {
            items,
            param: required(sink, "param")?,
            first: opt_u64(sink, &object, "first").unwrap_or(1),
            total_pages: text(sink, "total_pages"),
            total: text(sink, "total"),
            size_param: text(sink, "size_param"),
        },
        "offset_limit" => PaginationStyle::OffsetLimit {
            items,
            offset_param: required(sink, "offset_param")?,
            limit_param: required(sink, "limit_param")?,
            total: text(sink, "total"),
        },
        other => {
            one_of(sink, &style_name.path, "pagination style", other, grammar::PAGINATION_STYLES);
            return None;
        }
    };
    let params_in = match choice(sink, &object, "in", "place of pagination parameters", grammar::PAGE_PARAMS_IN, "body") {
        Some(true) => PageParamsIn::Body,
        _ => PageParamsIn::Query,
    };
    Some(PaginationScheme { name, style, page_size, params_in })
}

fn load_envelope(sink: &mut Sink, name: Spanned<String>, node: &Node) -> Option<Envelope> {
    let object = object(sink, node, &name.path, &grammar::ENVELOPE)?;
    let data = req_string(sink, &object, "data")?.value;
    let request = match object.get("request") {
        None => None,
        Some(node) => {
            let wrap = self::object(sink, node, &object.path_of("request"), &grammar::ENVELOPE_REQUEST)?;
            let field = req_string(sink, &wrap, "field")?.value;
            let mut constants = Vec::new();
            for (name, value) in named_entries(sink, &wrap, "constants") {
                match value {
                    Node::Bool(flag) => constants.push((name.value, Literal::Bool(*flag))),
                    Node::Int(number) => constants.push((name.value, Literal::Int(*number))),
                    Node::Str(text) => constants.push((name.value, Literal::Str(text.clone()))),
                    other => sink.error(&name.path, format!("expected a string, integer or boolean, found {}", other.kind())),
                }
            }
            Some((field, constants))
        }
    };
    let success = match object.get("success") {
        None => None,
        Some(node) => {
            let success = self::object(sink, node, &object.path_of("success"), &grammar::ENVELOPE_SUCCESS)?;
            let optional = opt_bool(sink, &success, "optional").unwrap_or(false);
            let field = req_string(sink, &success, "field")?.value;
            let equals = match success.get("equals") {
                Some(Node::Bool(flag)) => Literal::Bool(*flag),
                Some(Node::Int(value)) => Literal::Int(*value),
                Some(Node::Str(text)) => Literal::Str(text.clone()),
                Some(other) => {
                    sink.error(&success.path_of("equals"), format!("expected a string, integer or boolean, found {}", other.kind()));
                    return None;
                }
                None => {
                    sink.error(&success.path_of("equals"), "missing required key `equals` (the value that marks success)");
                    return None;
                }
            };
            Some((field, equals, optional))
        }
    };
    Some(Envelope { name, data, success, request })
}

fn load_error_table(sink: &mut Sink, name: Spanned<String>, node: &Node) -> Option<ErrorTable> {
    let object = object(sink, node, &name.path, &grammar::ERROR_TABLE)?;
    let field_errors = match object.get("field_errors") {
        None => None,
        Some(node) => {
            let fields = self::object(sink, node, &object.path_of("field_errors"), &grammar::FIELD_ERRORS)?;
            Some(FieldErrors {
                list: req_string(sink, &fields, "list")?.value,
                field: req_string(sink, &fields, "field")?.value,
                message: req_string(sink, &fields, "message")?.value,
                code: opt_string(sink, &fields, "code").map(|code| code.value),
            })
        }
    };
    let mut table = ErrorTable {
        name,
        message: object.get("message").map(|node| name_list(sink, node, &object.path_of("message"))).unwrap_or_default().into_iter().map(|path| path.value).collect(),
        code: object.get("code").map(|node| name_list(sink, node, &object.path_of("code"))).unwrap_or_default().into_iter().map(|path| path.value).collect(),
        field_errors,
        request_id_header: opt_string(sink, &object, "request_id_header").map(|header| header.value),
        statuses: Vec::new(),
        codes: Vec::new(),
        model: opt_string(sink, &object, "model"),
    };
    let mut seen_statuses: Vec<(StatusKey, String)> = Vec::new();
    for (key, node) in named_entries(sink, &object, "statuses") {
        let status = parse_status_key(&key.value);
        let Some(status) = status else {
            sink.error(&key.path, format!("`{}` is not an HTTP status; expected a number from 100 to 599 or a class such as `5xx`", key.value));
            continue;
        };
        // `404` and `"0404"`, `5xx` and `5XX` are one key.
        if let Some((_, first)) = seen_statuses.iter().find(|(seen, _)| *seen == status) {
            sink.error(&key.path, format!("`{}` is the same status as `{first}`, listed already in this table", key.value));
            continue;
        }
        seen_statuses.push((status, key.value.clone()));
        if let Some(entry) = load_error_entry(sink, &key.path, node, status) {
            table.statuses.push(entry);
        }
    }
    for (key, node) in named_entries(sink, &object, "codes") {
        // `13` and `"13"` are one code.
        if table.codes.iter().any(|entry| entry.key == key.value) {
            sink.error(&key.path, format!("the code `{}` is listed twice in this table", key.value));
            continue;
        }
        if let Some(entry) = load_error_entry(sink, &key.path, node, key.value.clone()) {
            table.codes.push(entry);
        }
    }
    Some(table)
}

fn parse_status_key(text: &str) -> Option<StatusKey> {
    if let Some(digit) = text.strip_suffix("xx").or_else(|| text.strip_suffix("XX")) {
        return match digit.parse::<u16>() {
            Ok(class @ 1..=5) if digit.len() == 1 => Some(StatusKey::Class(class)),
            _ => None,
        };
    }
    match text.parse::<u16>() {
        Ok(status @ 100..=599) => Some(StatusKey::Exact(status)),
        _ => None,
    }
}

fn load_error_entry<K>(sink: &mut Sink, path: &str, node: &Node, key: K) -> Option<ErrorEntry<K>> {
    let object = object(sink, node, path, &grammar::ERROR_ENTRY)?;
    let retryable = opt_bool(sink, &object, "retryable").unwrap_or(false);
    let unprocessed = opt_bool(sink, &object, "unprocessed").unwrap_or(false);
    if unprocessed && !retryable {
        sink.error(&object.path_of("unprocessed"), "`unprocessed: true` only matters for a kind that is also `retryable: true`");
    }
    Some(ErrorEntry {
        key,
        kind: req_string(sink, &object, "kind")?,
        doc: opt_string(sink, &object, "doc").map(|doc| doc.value),
        retryable,
        unprocessed,
        with_retry_after: opt_string(sink, &object, "with_retry_after"),
    })
}

fn load_model(sink: &mut Sink, name: Spanned<String>, node: &Node) -> Option<Model> {
    let object = object(sink, node, &name.path, &grammar::MODEL)?;
    let doc = opt_string(sink, &object, "doc").map(|doc| doc.value);
    let mut fields = Vec::new();
    for (wire, node) in named_entries(sink, &object, "fields") {
        if let Some(field) = load_field(sink, wire, node) {
            fields.push(field);
        }
    }
    Some(Model { name, doc, fields })
}

fn load_field(sink: &mut Sink, wire: Spanned<String>, node: &Node) -> Option<Field> {
    if let Node::Str(ty) = node {
        let ty = Spanned::new(ty.clone(), wire.path.clone());
        return Some(Field { wire, ty, doc: None, required: false, nullable: false, rust_name: None });
    }
    let object = object(sink, node, &wire.path, &grammar::FIELD)?;
    Some(Field {
        ty: req_string(sink, &object, "type")?,
        doc: opt_string(sink, &object, "doc").map(|doc| doc.value),
        required: opt_bool(sink, &object, "required").unwrap_or(false),
        nullable: opt_bool(sink, &object, "nullable").unwrap_or(false),
        rust_name: opt_string(sink, &object, "rust_name"),
        wire,
    })
}

fn load_union(sink: &mut Sink, name: Spanned<String>, node: &Node) -> Option<Union> {
    let object = object(sink, node, &name.path, &grammar::UNION)?;
    let doc = opt_string(sink, &object, "doc").map(|doc| doc.value);
    let of_path = object.path_of("of");
    let of = match object.get("of") {
        Some(Node::Seq(items)) => items.iter().enumerate().filter_map(|(index, item)| string_of(sink, item, &join(&of_path, &index.to_string())).map(|ty| Spanned::new(ty, join(&of_path, &index.to_string())))).collect(),
        Some(other) => {
            sink.error(&of_path, format!("expected a list of type expressions, found {}", other.kind()));
            return None;
        }
        None => {
            sink.error(&of_path, "missing required key `of` (the alternatives, in the order they are tried)");
            return None;
        }
    };
    Some(Union { name, doc, of })
}

fn load_enum(sink: &mut Sink, name: Spanned<String>, node: &Node) -> Option<Enum> {
    let object = object(sink, node, &name.path, &grammar::ENUM)?;
    let doc = opt_string(sink, &object, "doc").map(|doc| doc.value);
    let values_path = object.path_of("values");
    let mut values = Vec::new();
    let mut integer = false;
    match object.get("values") {
        Some(Node::Seq(items)) if items.is_empty() => sink.error(&values_path, "an enum needs at least one value"),
        Some(Node::Seq(items)) => {
            for (index, item) in items.iter().enumerate() {
                let path = join(&values_path, &index.to_string());
                match item {
                    Node::Str(text) => values.push(EnumValue { wire: Spanned::new(text.clone(), path), name: None, doc: None }),
                    Node::Map(entries) if matches!(entries.iter().find(|(key, _)| key == "value"), Some((_, Node::Float(_)))) => {
                        sink.value_error(&join(&path, "value"), format!("an integer enum value must fit in 64 bits (at most {})", i64::MAX), None);
                    }
                    Node::Map(entries) if matches!(entries.iter().find(|(key, _)| key == "value"), Some((_, Node::Int(_)))) => {
                        // An integer value needs a name for its variant.
                        let Some(entry) = self::object(sink, item, &path, &grammar::INTEGER_ENUM_VALUE) else { continue };
                        let Some(Node::Int(number)) = entry.get("value") else { continue };
                        integer = true;
                        let name = req_string(sink, &entry, "name").map(|name| name.value);
                        let doc = opt_string(sink, &entry, "doc").map(|doc| doc.value);
                        values.push(EnumValue { wire: Spanned::new(number.to_string(), entry.path_of("value")), name, doc });
                    }
                    Node::Map(_) => {
                        let Some(entry) = self::object(sink, item, &path, &grammar::ENUM_VALUE) else { continue };
                        if let Some(wire) = req_string(sink, &entry, "value") {
                            let doc = opt_string(sink, &entry, "doc").map(|doc| doc.value);
                            let name = opt_string(sink, &entry, "rust_name").map(|name| name.value);
                            values.push(EnumValue { wire, name, doc });
                        }
                    }
                    Node::Int(number) => sink.error(&path, format!("an integer enum value needs a name for its variant: `{{value: {number}, name: ...}}`")),
                    other => sink.error(&path, format!("expected a string, a mapping with `value` (and `doc`, `rust_name`), or an integer value as `{{value, name}}`, found {}", other.kind())),
                }
            }
        }
        Some(other) => sink.error(&values_path, format!("expected a list of values, found {}", other.kind())),
        None => sink.error(&values_path, "missing required key `values` (a list of the enum's wire values)"),
    }
    for (index, value) in values.iter().enumerate() {
        if let Some(first) = values[..index].iter().find(|earlier| earlier.wire.value == value.wire.value) {
            sink.value_error(&value.wire.path, format!("the value `{}` is listed twice (first at `{}`)", value.wire.value, first.wire.path), None);
        }
    }
    if integer && values.iter().any(|value| value.name.is_none()) {
        sink.error(&values_path, "an enum's values are all integers (`{value: 0, name: work}`) or all strings, not a mix");
    }
    Some(Enum { name, doc, values, integer })
}


fn load_endpoint(sink: &mut Sink, name: Spanned<String>, node: &Node) -> Option<Endpoint> {
    let object = object(sink, node, &name.path, &grammar::ENDPOINT)?;
    let method = req_string(sink, &object, "method").and_then(|method| match parse_method(&method.value) {
        Some(parsed) => Some(Spanned::new(parsed, method.path)),
        None => {
            one_of(sink, &method.path, "HTTP method", &method.value, grammar::METHODS);
            None
        }
    });
    let mut params = Vec::new();
    for (wire, node) in named_entries(sink, &object, "params") {
        if let Some(param) = load_param(sink, wire, node) {
            params.push(param);
        }
    }
    let pagination = match object.get("pagination") {
        None => None,
        Some(Node::Str(scheme)) => Some(PaginationUse {
            scheme: Spanned::new(scheme.clone(), object.path_of("pagination")),
            items: None,
            total: None,
        }),
        Some(node) => {
            let usage = self::object(sink, node, &object.path_of("pagination"), &grammar::PAGINATION_USE);
            usage.and_then(|usage| {
                Some(PaginationUse {
                    scheme: req_string(sink, &usage, "scheme")?,
                    items: opt_string(sink, &usage, "items").map(|path| path.value),
                    total: opt_string(sink, &usage, "total").map(|path| path.value),
                })
            })
        }
    };
    let envelope = opt_string(sink, &object, "envelope")
        .map(|envelope| Spanned::new((envelope.value != "none").then(|| envelope.value.clone()), envelope.path));
    let mut examples = Vec::new();
    let examples_path = object.path_of("examples");
    match object.get("examples") {
        None => {}
        Some(Node::Seq(items)) => {
            for (index, item) in items.iter().enumerate() {
                if let Some(example) = load_example(sink, item, &join(&examples_path, &index.to_string())) {
                    examples.push(example);
                }
            }
        }
        Some(other) => sink.error(&examples_path, format!("expected a list of examples, found {}", other.kind())),
    }
    Some(Endpoint {
        doc: opt_string(sink, &object, "doc").map(|doc| doc.value),
        method,
        path: req_string(sink, &object, "path"),
        params,
        body: opt_string(sink, &object, "body"),
        response: opt_string(sink, &object, "response"),
        pagination,
        auth: object.get("auth").map(|node| name_list(sink, node, &object.path_of("auth"))),
        errors: opt_string(sink, &object, "errors"),
        envelope,
        idempotent: opt_bool(sink, &object, "idempotent"),
        body_encoding: body_encoding(sink, &object),
        form_brackets: choice(sink, &object, "form_nesting", "form nesting", grammar::FORM_NESTINGS, "brackets"),
        headers: load_constant_headers(sink, &object, false),
        examples,
        name,
    })
}

fn load_param(sink: &mut Sink, wire: Spanned<String>, node: &Node) -> Option<Param> {
    let object = object(sink, node, &wire.path, &grammar::PARAM)?;
    let location = req_string(sink, &object, "in").and_then(|location| match location.value.as_str() {
        "path" => Some(ParamIn::Path),
        "query" => Some(ParamIn::Query),
        "header" => Some(ParamIn::Header),
        other => {
            one_of(sink, &location.path, "parameter location", other, grammar::PARAM_LOCATIONS);
            None
        }
    });
    let style = opt_string(sink, &object, "style").and_then(|style| match style.value.as_str() {
        "csv" => Some(ListStyle::Csv),
        "repeat" => Some(ListStyle::Repeat),
        "json" => Some(ListStyle::Json),
        "brackets" => Some(ListStyle::Brackets),
        other => {
            one_of(sink, &style.path, "list style", other, grammar::LIST_STYLES);
            None
        }
    });
    let ty = req_string(sink, &object, "type");
    let required = opt_bool(sink, &object, "required");
    let location = location?;
    if location == ParamIn::Path && required == Some(false) {
        sink.error(&object.path_of("required"), "path parameters are always required");
    }
    Some(Param {
        location,
        ty: ty?,
        doc: opt_string(sink, &object, "doc").map(|doc| doc.value),
        required: location == ParamIn::Path || required.unwrap_or(false),
        style: style.unwrap_or_default(),
        rust_name: opt_string(sink, &object, "rust_name"),
        wire,
    })
}

fn load_example(sink: &mut Sink, node: &Node, path: &str) -> Option<Example> {
    let object = object(sink, node, path, &grammar::EXAMPLE)?;
    let mut params = Vec::new();
    for (name, node) in named_entries(sink, &object, "params") {
        if let Some(value) = to_json(sink, node, &name.path) {
            params.push((name, value));
        }
    }
    let body = object.get("body").and_then(|node| {
        let body_path = object.path_of("body");
        to_json(sink, node, &body_path).map(|value| Spanned::new(value, body_path))
    });
    let mut example = Example {
        path: path.to_owned(),
        name: opt_string(sink, &object, "name"),
        doc: opt_string(sink, &object, "doc").map(|doc| doc.value),
        params,
        body,
        content_type: opt_string(sink, &object, "content_type").map(|text| text.value),
        status: 200,
        response_headers: Vec::new(),
        response_body: None,
    };
    if let Some(node) = object.get("response") {
        let response_path = object.path_of("response");
        let response = self::object(sink, node, &response_path, &grammar::EXAMPLE_RESPONSE)?;
        if let Some(status) = opt_u64(sink, &response, "status") {
            if (100..=599).contains(&status) {
                example.status = status as u16;
            } else {
                sink.error(&response.path_of("status"), format!("`{status}` is not an HTTP status (100 to 599)"));
            }
        }
        for (header, node) in named_entries(sink, &response, "headers") {
            if let Some(value) = string_of(sink, node, &header.path) {
                example.response_headers.push((header.value, value));
            }
        }
        example.response_body = response.get("body").and_then(|node| {
            let body_path = response.path_of("body");
            to_json(sink, node, &body_path).map(|value| Spanned::new(value, body_path))
        });
    }
    Some(example)
}

/// Example data as JSON.
fn to_json(sink: &mut Sink, node: &Node, path: &str) -> Option<Value> {
    Some(match node {
        Node::Null => Value::Null,
        Node::Bool(flag) => Value::Bool(*flag),
        Node::Int(value) => Value::from(*value),
        Node::Float(value) => match serde_json::Number::from_f64(*value) {
            Some(number) => Value::Number(number),
            None => {
                sink.error(path, "JSON cannot represent NaN or infinity");
                return None;
            }
        },
        Node::Str(text) => Value::String(text.clone()),
        Node::Seq(items) => Value::Array(
            items.iter().enumerate().map(|(index, item)| to_json(sink, item, &join(path, &index.to_string()))).collect::<Option<_>>()?,
        ),
        Node::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(key, member)| to_json(sink, member, &join(path, key)).map(|value| (key.clone(), value)))
                .collect::<Option<_>>()?,
        ),
    })
}
