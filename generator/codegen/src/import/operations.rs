//! Operations as endpoints: grouped into resources by their first tag (else their path's first
//! segment), named from their operation ids (else their method and path), with their parameters,
//! bodies, success responses and examples; security schemes as auth schemes.

use super::document::{Document, entries, get, get_str, items};
use super::draft::{AuthScheme, Body, Endpoint, Example, Param, Placement, Resource, ResponseType};
use super::names::Names;
use super::schemas::{Place, Types, description};
use crate::diagnostics::{Sink, join};
use crate::names::{GETTER_TRAIT_METHODS, camel, snake};
use crate::types::TypeExpr;
use crate::validate::{MANAGED_HEADERS, RESERVED_BUILDER_METHODS, RESERVED_CLIENT_METHODS, RESERVED_MODULES, RESERVED_REQUEST_METHODS};
use crate::yaml::Node;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head"];

/// Whether a header is one a spec cannot take as a parameter: one the client sets itself or
/// that carries credentials (`validate`'s list), or `Accept`, which a spec sends as a constant.
fn is_managed_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "accept" || MANAGED_HEADERS.iter().any(|(managed, _)| *managed == lower)
}

/// Query parameters (or JSON body members) and response members that suggest a paginated list.
const PAGE_PARAMS: &[&str] = &["page", "page_number", "pagenumber", "per_page", "perpage", "page_size", "pagesize", "limit", "offset", "cursor", "start_cursor", "starting_after", "ending_before", "after", "before", "page_token", "pagetoken", "next_token", "continuation_token", "skip", "top"];
const PAGE_MEMBERS: &[&str] = &["next", "next_page", "nextpage", "next_cursor", "nextcursor", "has_more", "hasmore", "next_page_token", "nextpagetoken", "cursor", "links", "total_pages", "totalpages", "page_count"];

/// The auth schemes, and which spec name each security scheme key took.
pub struct Security {
    /// The schemes.
    pub schemes: Vec<AuthScheme>,
    /// Security scheme key -> spec name.
    pub names: BTreeMap<String, String>,
    /// Every declared security scheme key, those left out included.
    pub declared: BTreeSet<String>,
    /// What could not be expressed.
    pub left_out: Vec<String>,
}

/// The document's security schemes as auth schemes.
pub fn security(document: &Document, sink: &mut Sink) -> Security {
    let mut security = Security { schemes: Vec::new(), names: BTreeMap::new(), declared: BTreeSet::new(), left_out: Vec::new() };
    let mut names = Names::spec_names(RESERVED_BUILDER_METHODS, "_auth");
    let schemes = get(&document.root, "components").map_or(&[][..], |components| entries(components, "securitySchemes"));
    for (key, scheme) in schemes {
        let path = join("components.securitySchemes", key);
        security.declared.insert(key.clone());
        let Some((scheme, _)) = document.resolve(scheme, &path, sink) else { continue };
        let kind = get_str(scheme, "type").unwrap_or_default();
        let mut todo = None;
        let placement = match (kind, get_str(scheme, "in"), get_str(scheme, "scheme").map(str::to_ascii_lowercase).as_deref()) {
            ("apiKey", Some("header"), _) => match get_str(scheme, "name") {
                Some(name) if name.eq_ignore_ascii_case("authorization") => {
                    todo = Some("the credential goes in `Authorization`; if the provider wants text before it (`token `, `Bearer `), set `prefix`".to_owned());
                    Placement::Header(name.to_owned())
                }
                Some(name) => Placement::Header(name.to_owned()),
                None => {
                    sink.error(&join(&path, "name"), "an `apiKey` scheme needs `name`: the header or parameter that carries the key");
                    continue;
                }
            },
            ("apiKey", Some("query"), _) => match get_str(scheme, "name") {
                Some(name) => Placement::Query(name.to_owned()),
                None => {
                    sink.error(&join(&path, "name"), "an `apiKey` scheme needs `name`: the header or parameter that carries the key");
                    continue;
                }
            },
            ("http", _, Some("bearer")) => Placement::Bearer,
            ("http", _, Some("basic")) => Placement::Basic,
            ("oauth2", _, _) => {
                let flows: Vec<String> = entries(scheme, "flows").iter().map(|(flow, detail)| {
                    let urls: Vec<String> = ["authorizationUrl", "tokenUrl"].iter().filter_map(|key| get_str(detail, key).map(|url| format!("{key} {url}"))).collect();
                    format!("{flow} ({})", urls.join(", "))
                }).collect();
                todo = Some(format!(
                    "an OAuth 2.0 token, sent as `Authorization: Bearer`; flows: {}. If users obtain tokens with the authorization-code flow, add an `oauth2` block (docs/spec-language.md, auth)",
                    if flows.is_empty() { "none listed".to_owned() } else { flows.join("; ") }
                ));
                Placement::Bearer
            }
            ("openIdConnect", _, _) => {
                todo = Some(format!("an OpenID Connect token (discovery at {}), sent as `Authorization: Bearer`", get_str(scheme, "openIdConnectUrl").unwrap_or("an unnamed URL")));
                Placement::Bearer
            }
            (kind, location, http) => {
                let what = match (kind, location, http) {
                    ("apiKey", Some(location), _) => format!("an API key in a {location}"),
                    ("http", _, Some(http)) => format!("HTTP `{http}` authentication"),
                    _ => format!("a `{kind}` scheme"),
                };
                security.left_out.push(format!("security scheme `{key}`: {what}, which specs cannot express; endpoints that need it are left without it"));
                continue;
            }
        };
        let name = names.claim(&snake(key, "auth"));
        security.names.insert(key.clone(), name.clone());
        security.schemes.push(AuthScheme { name, placement, doc: description(scheme), todo });
    }
    security
}

/// The schemes of a security requirement list: the first requirement's (every one of its
/// schemes is sent); the others are noted. `None` when there is no list.
pub fn requirement(node: Option<&Node>, path: &str, security: &Security, todos: &mut Vec<String>, sink: &mut Sink) -> Option<Vec<String>> {
    let requirements = match node? {
        Node::Seq(requirements) => requirements,
        other => {
            sink.warning(path, format!("`security` is a list of requirements, found {}; ignored", other.kind()), None);
            return None;
        }
    };
    let schemes = |requirement: &Node| -> Vec<String> { if let Node::Map(entries) = requirement { entries.iter().map(|(key, _)| key.clone()).collect() } else { Vec::new() } };
    let Some(first) = requirements.first() else { return Some(Vec::new()) };
    let mut names = Vec::new();
    for key in schemes(first) {
        match security.names.get(&key) {
            Some(name) => names.push(name.clone()),
            None if !security.declared.contains(&key) => sink.warning(path, format!("the security scheme `{key}` is not declared under `components.securitySchemes`; left out"), None),
            // Declared but not expressible: listed as left out already.
            None => {}
        }
    }
    if requirements.len() > 1 {
        let others: Vec<String> = requirements[1..].iter().map(|requirement| {
            let keys = schemes(requirement);
            if keys.is_empty() { "no credentials".to_owned() } else { keys.join(" + ") }
        }).collect();
        todos.push(format!("the document also accepts {} instead; the draft sends the first choice", others.join(", or ")));
    }
    Some(names)
}

/// Everything the operations give the draft.
#[derive(Default)]
pub struct Operations {
    /// Resources and endpoints.
    pub resources: Vec<Resource>,
    /// Error statuses and their descriptions, first seen first.
    pub error_statuses: Vec<(String, Option<String>)>,
    /// Top-level members of the documented error bodies.
    pub error_members: Vec<String>,
    /// Why some endpoints look paginated.
    pub pagination_hints: Vec<String>,
    /// What was left out.
    pub left_out: Vec<String>,
}

/// Converts every operation of `paths`.
pub fn operations(document: &Document, types: &mut Types<'_>, security: &Security, default_auth: &[String], sink: &mut Sink) -> Operations {
    let mut out = Operations::default();
    let tag_docs: BTreeMap<String, Option<String>> = items(&document.root, "tags")
        .iter()
        .filter_map(|tag| get_str(tag, "name").map(|name| (name.to_owned(), description(tag))))
        .collect();
    let mut resource_names = Names::spec_names(&[RESERVED_MODULES, RESERVED_CLIENT_METHODS].concat(), "_resource");
    let mut resource_keys: BTreeMap<String, usize> = BTreeMap::new();
    let mut method_names: Vec<Names> = Vec::new();
    for (template, item) in entries(&document.root, "paths") {
        let item_path = join("paths", template);
        let Some((item, item_path)) = document.resolve(item, &item_path, sink) else { continue };
        if !template.starts_with('/') {
            sink.error(&item_path, format!("the path `{template}` does not start with `/`"));
            continue;
        }
        let shared_params = items(item, "parameters");
        let Node::Map(members) = item else { continue };
        for (method, operation) in members {
            if !METHODS.contains(&method.as_str()) {
                if matches!(method.as_str(), "options" | "trace") {
                    out.left_out.push(format!("`{} {template}`: specs have no {} endpoints", method.to_ascii_uppercase(), method.to_ascii_uppercase()));
                }
                continue;
            }
            let operation_path = join(&item_path, method);
            let tag = items(operation, "tags").iter().find_map(|tag| if let Node::Str(tag) = tag { Some(tag.clone()) } else { None });
            let key = tag.clone().unwrap_or_else(|| path_resource(template));
            let index = match resource_keys.get(&key) {
                Some(index) => *index,
                None => {
                    let name = resource_names.claim(&snake(&key, "resource"));
                    let doc = tag.as_ref().and_then(|tag| tag_docs.get(tag).cloned().flatten());
                    out.resources.push(Resource { name, doc, endpoints: Vec::new() });
                    method_names.push(Names::spec_names(&[&["new", "client"][..], GETTER_TRAIT_METHODS].concat(), "_call"));
                    resource_keys.insert(key, out.resources.len() - 1);
                    out.resources.len() - 1
                }
            };
            let resource_name = out.resources[index].name.clone();
            let name = method_names[index].claim(&endpoint_name(get_str(operation, "operationId"), &resource_name, method, template));
            let context = format!("{}{}", camel(&resource_name, "Resource"), camel(&name, "Call"));
            let here = Here { template, method, path: &operation_path, context: &context, item_path: &item_path };
            let mut converter = Converter { document, security, default_auth, types: &mut *types, out: &mut out, sink: &mut *sink };
            let endpoint = converter.endpoint(&here, operation, shared_params, name);
            out.resources[index].endpoints.push(endpoint);
        }
    }
    out
}

/// The resource of an untagged operation: its path's first segment that is not a version.
fn path_resource(template: &str) -> String {
    let is_version = |segment: &str| segment == "api" || (segment.starts_with('v') && segment[1..].chars().all(|c| c.is_ascii_digit() || c == '.') && segment.len() > 1);
    template.split('/').find(|segment| !segment.is_empty() && !segment.starts_with('{') && !is_version(segment)).unwrap_or("root").to_owned()
}

/// An endpoint's name: its operation id without the resource's name in front, else its verb and
/// the path's segments after the resource's.
fn endpoint_name(operation_id: Option<&str>, resource: &str, method: &str, template: &str) -> String {
    if let Some(id) = operation_id.map(|id| snake(id, "call")).filter(|id| id != "call") {
        let stripped = id.strip_prefix(&format!("{resource}_")).filter(|rest| !rest.is_empty() && !rest.starts_with(|c: char| c.is_ascii_digit()));
        return stripped.unwrap_or(&id).to_owned();
    }
    let segments: Vec<&str> = template.split('/').filter(|segment| !segment.is_empty()).collect();
    let ends_with_param = segments.last().is_some_and(|segment| segment.starts_with('{'));
    // A GET of a plural noun lists; of anything else (`/health`, `/users/{id}/profile`) gets.
    let plural = segments.last().is_some_and(|segment| segment.ends_with('s') && !segment.ends_with("ss"));
    let verb = match (method, ends_with_param) {
        ("get", false) if plural => "list",
        ("get", _) => "get",
        ("post", _) => "create",
        ("put" | "patch", _) => "update",
        ("delete", _) => "delete",
        _ => method,
    };
    let after: Vec<String> = segments.iter().skip_while(|segment| snake(segment, "") != resource).skip(1).filter(|segment| !segment.starts_with('{')).map(|segment| snake(segment, "part")).collect();
    if after.is_empty() { verb.to_owned() } else { format!("{verb}_{}", after.join("_")) }
}

/// An operation's success response.
#[derive(Debug, Default)]
struct Success {
    /// What it holds; `None` for no body.
    response: Option<ResponseType>,
    /// Its status, when exact.
    status: Option<u16>,
    /// The document's example body.
    example: Option<Value>,
    /// A JSON media type other than `application/json` to ask for.
    accept: Option<String>,
}

/// Where one operation is.
struct Here<'a> {
    template: &'a str,
    method: &'a str,
    /// The operation's YAML path.
    path: &'a str,
    /// The path item's YAML path.
    item_path: &'a str,
    /// What inline types of the operation are named after (`UsersList`).
    context: &'a str,
}

/// Converts operations, adding types, statuses and notes as it goes.
struct Converter<'a, 'd> {
    document: &'a Document,
    security: &'a Security,
    default_auth: &'a [String],
    types: &'a mut Types<'d>,
    out: &'a mut Operations,
    sink: &'a mut Sink,
}

impl Converter<'_, '_> {
    fn endpoint(&mut self, here: &Here<'_>, operation: &Node, shared_params: &[Node], name: String) -> Endpoint {
        let mut todos = Vec::new();
        let summary = get_str(operation, "summary").map(str::trim).filter(|text| !text.is_empty());
        let details = get_str(operation, "description").map(str::trim).filter(|text| !text.is_empty());
        let doc = match (summary, details) {
            (Some(summary), Some(details)) if !details.starts_with(summary) => Some(format!("{summary}\n\n{details}")),
            (_, Some(details)) => Some(details.to_owned()),
            (summary, None) => summary.map(str::to_owned),
        };
        if matches!(get(operation, "deprecated"), Some(Node::Bool(true))) {
            todos.push("the document marks this operation deprecated".to_owned());
        }
        if !entries(operation, "callbacks").is_empty() {
            self.out.left_out.push(format!("`{} {}`: callbacks (describe them as `webhooks`)", here.method.to_ascii_uppercase(), here.template));
        }
        let mut headers = Vec::new();
        let mut params = self.params(here, operation, shared_params, &mut headers, &mut todos);
        undeclared_path_params(here.template, &mut params, &mut todos);
        let body = get(operation, "requestBody").and_then(|body| self.body(here, body, &mut todos));
        let Success { response, status, example: response_example, accept } = self.response(here, operation, &mut todos);
        if let Some(accept) = accept {
            headers.push(("Accept".to_owned(), accept));
        }
        // Every endpoint's schemes; the commonest become the defaults once all are known.
        let auth = requirement(get(operation, "security"), &join(here.path, "security"), self.security, &mut todos, self.sink).unwrap_or_else(|| self.default_auth.to_vec());
        let body_example = get(operation, "requestBody").and_then(|body| self.document.resolve(body, here.path, self.sink)).and_then(|(body, _)| media_example(self.document, preferred_media(body).map(|(_, media)| media)?));
        let example = Example {
            params: params.iter().filter_map(|param| param.example.clone().map(|value| (param.wire.clone(), value))).collect(),
            body: body_example.filter(|_| matches!(body, Some(Body::Typed { .. }))),
            status: status.unwrap_or(200),
            response: response_example.filter(|_| matches!(response, Some(ResponseType::Json(_)))),
            made_up: false,
        };
        self.hint_pagination(here, &params, body.as_ref(), response.as_ref());
        let mut endpoint = Endpoint {
            name,
            operation_id: get_str(operation, "operationId").map(str::to_owned),
            doc,
            method: here.method.to_ascii_uppercase(),
            path: crate::text::encode_path(here.template),
            params,
            headers,
            body,
            response,
            status,
            auth: Some(auth),
            example: Some(example),
            todos,
        };
        settle_argument_names(&mut endpoint, self.types);
        endpoint
    }

    /// The operation's parameters, over the path item's of the same name and place.
    fn params(&mut self, here: &Here<'_>, operation: &Node, shared: &[Node], headers: &mut Vec<(String, String)>, todos: &mut Vec<String>) -> Vec<Param> {
        let mut resolved: Vec<(&Node, String)> = Vec::new();
        let document = self.document;
        let listed = shared.iter().enumerate().map(|(index, param)| (param, join(here.item_path, &format!("parameters.{index}")))).chain(items(operation, "parameters").iter().enumerate().map(|(index, param)| (param, join(here.path, &format!("parameters.{index}")))));
        for (param, path) in listed {
            let Some((param, path)) = document.resolve(param, &path, self.sink) else { continue };
            let key = (get_str(param, "name"), get_str(param, "in"));
            resolved.retain(|(other, _)| (get_str(other, "name"), get_str(other, "in")) != key);
            resolved.push((param, path));
        }
        let auth_names: Vec<String> = self.security.schemes.iter().filter_map(|scheme| match &scheme.placement {
            Placement::Header(name) | Placement::Query(name) => Some(name.to_ascii_lowercase()),
            _ => None,
        }).collect();
        let mut params = Vec::new();
        for (param, path) in resolved {
            let (Some(wire), Some(location)) = (get_str(param, "name"), get_str(param, "in")) else {
                self.sink.error(&path, "a parameter needs `name` and `in`");
                continue;
            };
            let location = match location {
                "path" => "path",
                "query" => "query",
                "header" => "header",
                "cookie" => {
                    todos.push(format!("the cookie parameter `{wire}` is left out: specs send no cookies"));
                    continue;
                }
                other => {
                    self.sink.value_error(&join(&path, "in"), format!("`{other}` is not a parameter location; expected path, query, header or cookie"), None);
                    continue;
                }
            };
            if location != "path" && auth_names.contains(&wire.to_ascii_lowercase()) {
                continue;
            }
            let schema = get(param, "schema").or_else(|| entries(param, "content").first().and_then(|(_, media)| get(media, "schema")));
            let json_content = get(param, "schema").is_none() && !entries(param, "content").is_empty();
            let required = location == "path" || matches!(get(param, "required"), Some(Node::Bool(true)));
            if location == "header" {
                let constant = schema.and_then(|schema| match get(schema, "enum") {
                    Some(Node::Seq(values)) if values.len() == 1 => scalar_text(&values[0]),
                    _ => None,
                });
                if is_managed_header(wire) {
                    if let Some(value) = constant.filter(|_| wire.eq_ignore_ascii_case("accept")) {
                        headers.push((wire.to_owned(), value));
                    }
                    continue;
                }
                if let Some(value) = constant.filter(|_| required) {
                    headers.push((wire.to_owned(), value));
                    continue;
                }
            }
            let context = format!("{}{}", here.context, camel(wire, "Param"));
            let schema_path = join(&path, "schema");
            let typed = match schema {
                Some(schema) => self.types.type_of(schema, &schema_path, &context, Place::Value, self.sink).ty,
                None => TypeExpr::Builtin("string"),
            };
            let (ty, style) = param_type(typed, location, param, json_content, wire, todos, self.types);
            let example = example_of(document, param, schema);
            let doc = description(param);
            params.push(Param { wire: wire.to_owned(), location, ty, required, style, doc, rust_name: None, example });
        }
        params
    }

    fn body(&mut self, here: &Here<'_>, body: &Node, todos: &mut Vec<String>) -> Option<Body> {
        let (body, path) = self.document.resolve(body, &join(here.path, "requestBody"), self.sink)?;
        let Some((media_type, media)) = preferred_media(body) else {
            if !entries(body, "content").is_empty() {
                todos.push("the request body's media types are none a spec sends; check the body".to_owned());
            }
            return None;
        };
        let media_path = join(&join(&path, "content"), media_type);
        let encoding = match media_kind(media_type) {
            MediaKind::Json => None,
            MediaKind::Form => Some("form"),
            MediaKind::Multipart => Some("multipart"),
            MediaKind::Other => return Some(Body::Bytes),
        };
        let schema = get(media, "schema")?;
        let typed = self.types.type_of(schema, &join(&media_path, "schema"), &format!("{}Body", here.context), Place::Value, self.sink);
        match &typed.ty {
            TypeExpr::Named(name) if self.types.model(name).is_some() => {
                if encoding == Some("multipart") {
                    self.types.files_in(name);
                }
                Some(Body::Typed { ty: typed.ty, encoding })
            }
            TypeExpr::List(_) | TypeExpr::Map(_) if encoding.is_none() => Some(Body::Typed { ty: typed.ty, encoding }),
            _ if encoding.is_none() && typed.ty == TypeExpr::Builtin("any") => Some(Body::Typed { ty: TypeExpr::Map(Box::new(TypeExpr::Builtin("any"))), encoding }),
            _ => {
                todos.push(format!("the request body is {}, which a spec sends only as raw bytes", describe(&typed.ty)));
                Some(Body::Bytes)
            }
        }
    }

    /// The success response; error responses' statuses and body members are noted for the
    /// suggested error table.
    fn response(&mut self, here: &Here<'_>, operation: &Node, todos: &mut Vec<String>) -> Success {
        let document = self.document;
        let responses = entries(operation, "responses");
        let mut success: Option<(&str, &Node)> = None;
        for (code, response) in responses {
            let code = code.as_str();
            if code.starts_with('2') && success.is_none_or(|(best, _)| best.contains('X') && !code.contains(['X', 'x'])) {
                success = Some((code, response));
            } else if code.starts_with(['4', '5']) || code == "default" {
                let status = code.to_ascii_lowercase();
                let path = join(&join(here.path, "responses"), code);
                let resolved = document.resolve(response, &path, self.sink);
                if code != "default" && !self.out.error_statuses.iter().any(|(known, _)| *known == status) {
                    self.out.error_statuses.push((status, resolved.as_ref().and_then(|(response, _)| description(response))));
                }
                let schema = resolved.and_then(|(response, _)| preferred_media(response).and_then(|(_, media)| get(media, "schema")));
                if let Some((schema, _)) = schema.and_then(|schema| document.resolve(schema, &path, self.sink)) {
                    for (member, _) in entries(schema, "properties") {
                        if !self.out.error_members.contains(member) {
                            self.out.error_members.push(member.clone());
                        }
                    }
                }
            }
        }
        let Some((code, response)) = success else {
            if !responses.iter().any(|(code, _)| code == "default") {
                todos.push("the document lists no success response; the draft decodes none".to_owned());
            }
            return Success::default();
        };
        let status = code.parse::<u16>().ok();
        let path = join(&join(here.path, "responses"), code);
        let Some((response, path)) = document.resolve(response, &path, self.sink) else { return Success { status, ..Success::default() } };
        let Some((media_type, media)) = preferred_media(response) else {
            let response = (!entries(response, "content").is_empty()).then_some(ResponseType::Bytes);
            return Success { response, status, ..Success::default() };
        };
        if media_kind(media_type) != MediaKind::Json {
            // Asked for by name, as a download is: the client's default `Accept` is JSON.
            let accept = (!media_type.contains('*')).then(|| media_type.to_owned());
            return Success { response: Some(ResponseType::Bytes), status, accept, ..Success::default() };
        }
        let accept = (media_type != "application/json" && !media_type.contains('*')).then(|| media_type.to_owned());
        let ty = match get(media, "schema") {
            Some(schema) => self.types.type_of(schema, &join(&join(&join(&path, "content"), media_type), "schema"), &format!("{}Response", here.context), Place::Value, self.sink).ty,
            None => TypeExpr::Builtin("any"),
        };
        Success { response: Some(ResponseType::Json(ty)), status, example: media_example(document, media), accept }
    }

    fn hint_pagination(&mut self, here: &Here<'_>, params: &[Param], body: Option<&Body>, response: Option<&ResponseType>) {
        let (types, out) = (&*self.types, &mut *self.out);
        let page_params: Vec<&str> = params.iter().filter(|param| param.location == "query" && PAGE_PARAMS.contains(&param.wire.to_ascii_lowercase().as_str())).map(|param| param.wire.as_str()).collect();
        let model_fields = |name: &str, known: &[&str]| -> Vec<&str> {
            types.model(name).map(|model| model.fields.iter().map(|field| field.wire.as_str()).filter(|wire| known.contains(&wire.to_ascii_lowercase().as_str())).collect()).unwrap_or_default()
        };
        let members: Vec<&str> = match response {
            Some(ResponseType::Json(TypeExpr::Named(name))) => model_fields(name, PAGE_MEMBERS),
            _ => Vec::new(),
        };
        // A search called with POST may take its cursor and page size in its JSON body; only a
        // body beside an answer that looks like a page is taken for one.
        let body_params: Vec<&str> = match body {
            Some(Body::Typed { ty: TypeExpr::Named(name), encoding: None }) if !members.is_empty() => model_fields(name, PAGE_PARAMS),
            _ => Vec::new(),
        };
        if page_params.is_empty() && members.is_empty() && body_params.is_empty() {
            return;
        }
        let mut why = Vec::new();
        if !page_params.is_empty() {
            why.push(format!("parameters {}", quoted(&page_params)));
        }
        if !body_params.is_empty() {
            why.push(format!("body members {} (a scheme with `in: body`)", quoted(&body_params)));
        }
        if !members.is_empty() {
            why.push(format!("response members {}", quoted(&members)));
        }
        out.pagination_hints.push(format!("{} {}: {}", here.method.to_ascii_uppercase(), here.template, why.join(", ")));
    }
}

/// The type and style a parameter can have: scalars and enums in paths and headers; lists of
/// them in queries, and anything else in a query as JSON text or bracketed.
fn param_type(ty: TypeExpr, location: &str, param: &Node, json_content: bool, wire: &str, todos: &mut Vec<String>, types: &Types<'_>) -> (TypeExpr, Option<&'static str>) {
    let scalar = |ty: &TypeExpr| match ty {
        TypeExpr::Builtin(name) => !matches!(*name, "any" | "secret" | "file" | "geo_point" | "filter"),
        TypeExpr::Named(name) => types.enums.iter().any(|enumeration| enumeration.name == *name),
        _ => false,
    };
    let style = get_str(param, "style");
    let explode = match get(param, "explode") {
        Some(Node::Bool(explode)) => *explode,
        _ => style.is_none_or(|style| style == "form"),
    };
    if scalar(&ty) {
        return (ty, None);
    }
    let list_of_scalars = matches!(&ty, TypeExpr::List(item) if scalar(item));
    if location != "query" {
        let what = if list_of_scalars { "a list" } else { "structured values" };
        todos.push(format!("the {location} parameter `{wire}` holds {what}; specs send {location} parameters as one value, so it is typed `string` (join the values as the provider wants)"));
        return (TypeExpr::Builtin("string"), None);
    }
    if json_content {
        return (ty, Some("json"));
    }
    if style == Some("deepObject") {
        return (ty, Some("brackets"));
    }
    if list_of_scalars {
        if matches!(style, Some("spaceDelimited" | "pipeDelimited")) {
            todos.push(format!("`{wire}` is {}-delimited in the document; specs send lists comma-separated or repeated", if style == Some("spaceDelimited") { "space" } else { "pipe" }));
        }
        return (ty, if explode { Some("repeat") } else { None });
    }
    todos.push(format!("the query parameter `{wire}` holds an object or nested list; the draft sends it as JSON text, check how the provider wants it"));
    (ty, Some("json"))
}

/// Path template parameters the document does not declare, as strings.
fn undeclared_path_params(template: &str, params: &mut Vec<Param>, todos: &mut Vec<String>) {
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else { break };
        let name = &rest[start + 1..start + end];
        if !params.iter().any(|param| param.location == "path" && param.wire == name) {
            todos.push(format!("the path parameter `{name}` is not declared in the document; typed `string`"));
            params.push(Param { wire: name.to_owned(), location: "path", ty: TypeExpr::Builtin("string"), required: true, style: None, doc: None, rust_name: None, example: None });
        }
        rest = &rest[start + end + 1..];
    }
    params.retain(|param| param.location != "path" || template.contains(&format!("{{{}}}", param.wire)));
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")
}

fn describe(ty: &TypeExpr) -> String {
    match ty {
        TypeExpr::Builtin(name) => format!("a `{name}`"),
        other => format!("`{other}`"),
    }
}

/// Required parameters and body fields are the method's arguments, optional ones its builder's
/// setters: each group needs distinct names, apart from the builder's own methods.
fn settle_argument_names(endpoint: &mut Endpoint, types: &mut Types<'_>) {
    let mut arguments = Names::rust_names(&["self"]);
    let mut setters = Names::rust_names(RESERVED_REQUEST_METHODS);
    match &endpoint.body {
        Some(Body::Typed { ty: TypeExpr::Named(name), .. }) => {
            if let Some(model) = types.model_mut(name) {
                for field in &mut model.fields {
                    let names = if field.required { &mut arguments } else { &mut setters };
                    let ident = field.rust_name.clone().unwrap_or_else(|| snake(&field.wire, "field"));
                    if names.contains(&ident) {
                        let claimed = names.claim(&ident);
                        field.rust_name = Some(claimed);
                    } else {
                        names.reserve(&ident);
                    }
                }
            }
        }
        Some(Body::Typed { .. }) => arguments.reserve("body"),
        Some(Body::Bytes) => {
            arguments.reserve("content_type");
            arguments.reserve("data");
        }
        None => {}
    }
    for param in &mut endpoint.params {
        let names = if param.required { &mut arguments } else { &mut setters };
        let ident = snake(&param.wire, "param");
        let claimed = names.claim(&ident);
        param.rust_name = (claimed != ident).then_some(claimed);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaKind {
    Json,
    Form,
    Multipart,
    Other,
}

fn media_kind(media_type: &str) -> MediaKind {
    let media_type = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if media_type == "application/json" || media_type.ends_with("+json") || media_type == "*/*" || media_type == "application/*" || media_type == "text/json" {
        MediaKind::Json
    } else if media_type == "application/x-www-form-urlencoded" {
        MediaKind::Form
    } else if media_type == "multipart/form-data" {
        MediaKind::Multipart
    } else {
        MediaKind::Other
    }
}

/// The media type of a body or response a spec expresses best: JSON, then a form, then
/// multipart, then any other.
fn preferred_media(node: &Node) -> Option<(&str, &Node)> {
    let content = entries(node, "content");
    let rank = |media_type: &str| match media_kind(media_type) {
        MediaKind::Json if media_type.starts_with("application/json") => 0,
        MediaKind::Json => 1,
        MediaKind::Form => 2,
        MediaKind::Multipart => 3,
        MediaKind::Other => 4,
    };
    content.iter().min_by_key(|(media_type, _)| rank(media_type)).map(|(media_type, media)| (media_type.as_str(), media))
}

/// A media object's example.
fn media_example(document: &Document, media: &Node) -> Option<Value> {
    example_of(document, media, get(media, "schema"))
}

/// The example of a media object or parameter: its `example`, the first of its `examples`, or
/// its schema's `example`. A reference that leads nowhere or a number JSON cannot hold is no
/// example (the draft makes one up).
fn example_of(document: &Document, node: &Node, schema: Option<&Node>) -> Option<Value> {
    let mut ignored = Sink::new("");
    if let Some(example) = get(node, "example") {
        return example.to_json();
    }
    if let Some((_, first)) = entries(node, "examples").first() {
        let (first, _) = document.resolve(first, "", &mut ignored)?;
        return get(first, "value")?.to_json();
    }
    let (schema, _) = document.resolve(schema?, "", &mut ignored)?;
    get(schema, "example")?.to_json()
}

/// A scalar's text, for a constant header.
fn scalar_text(node: &Node) -> Option<String> {
    match node {
        Node::Str(text) => Some(text.clone()),
        Node::Int(number) => Some(number.to_string()),
        Node::Float(number) => Some(number.to_string()),
        Node::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_named_from_operation_ids_else_from_method_and_path() {
        assert_eq!(endpoint_name(Some("users_list"), "users", "get", "/users"), "list");
        assert_eq!(endpoint_name(Some("listPets"), "pets", "get", "/pets"), "list_pets");
        assert_eq!(endpoint_name(None, "pets", "get", "/pets"), "list");
        assert_eq!(endpoint_name(None, "pets", "get", "/v1/pets/{id}"), "get");
        assert_eq!(endpoint_name(None, "pets", "post", "/pets/{id}/photos"), "create_photos");
        assert_eq!(endpoint_name(None, "pets", "get", "/pets/{id}/owner"), "get_owner");
        assert_eq!(endpoint_name(None, "health", "get", "/health"), "get");
        assert_eq!(path_resource("/v2/pets/{id}"), "pets");
        assert_eq!(path_resource("/{id}"), "root");
    }

    #[test]
    fn media_types_rank_json_first() {
        assert_eq!(media_kind("application/vnd.api+json; charset=utf-8"), MediaKind::Json);
        assert_eq!(media_kind("multipart/form-data"), MediaKind::Multipart);
        assert_eq!(media_kind("text/csv"), MediaKind::Other);
    }
}
