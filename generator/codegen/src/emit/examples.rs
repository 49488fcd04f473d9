//! `tests/examples.rs`: one test per spec example, checking the request on the wire and the
//! decoded response (or, for an error example, the error the call returns) against a local mock
//! server. Also the doc example of each resource.

use super::client::credential_call;
use super::values::ValueWriter;
use super::{Part, doc_attrs, gate_items, gated_imports, ident, used_by};
use crate::ir::{Api, AuthPlacement, Endpoint, Example, Gate, ListStyle, Param, ParamIn, Resource, Response, Type};
use proc_macro2::{TokenStream, TokenTree};
use quote::quote;
use serde_json::Value;

/// The test credential for auth scheme `index`, as (first, second) literals.
fn test_credential(api: &Api, index: usize) -> (String, String) {
    let scheme = &api.auth[index];
    if api.session.as_ref().is_some_and(|session| session.scheme == index) {
        return ("test-session".to_owned(), "test-user".to_owned());
    }
    match scheme.placement {
        AuthPlacement::Basic => ("test-user".to_owned(), "test-password".to_owned()),
        _ => (format!("test-{}", scheme.setter.replace('_', "-")), String::new()),
    }
}

/// A value as JSON text, a whole float written as the integer it is (`2`, not `2.0`), as the
/// client writes the fields of forms and multipart bodies.
fn field_json_text(value: &Value) -> String {
    fn whole_floats_as_integers(value: &Value) -> Value {
        const EXACT: f64 = 9_007_199_254_740_992.0;
        match value {
            Value::Number(number) if !number.is_i64() && !number.is_u64() => match number.as_f64() {
                // Whole and within ±2^53, so the conversion is exact.
                Some(float) if float.fract() == 0.0 && float.abs() <= EXACT => Value::from(float as i64),
                _ => value.clone(),
            },
            Value::Object(map) => Value::Object(map.iter().map(|(key, member)| (key.clone(), whole_floats_as_integers(member))).collect()),
            Value::Array(items) => Value::Array(items.iter().map(whole_floats_as_integers).collect()),
            other => other.clone(),
        }
    }
    whole_floats_as_integers(value).to_string()
}

/// A body member's values as form fields or multipart parts carry them: none for null, one per
/// item of a list, strings as they are, anything else as JSON text.
fn member_texts(value: &Value) -> Vec<String> {
    let text = |value: &Value| match value {
        Value::String(text) => text.clone(),
        other => field_json_text(other),
    };
    match value {
        Value::Null => Vec::new(),
        Value::Array(items) => items.iter().map(text).collect(),
        other => vec![text(other)],
    }
}

/// The pairs a bracketed value is sent as (`name[key]=v`, `name[]=a`, `name[0][key]=v`), written
/// here apart from the runtime's `encoding::bracket_pairs` so the generated tests check it.
fn bracket_pairs(name: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::String(text) => out.push((name.to_owned(), text.clone())),
        Value::Bool(_) | Value::Number(_) => out.push((name.to_owned(), field_json_text(value))),
        Value::Object(members) => members.iter().for_each(|(key, member)| bracket_pairs(&format!("{name}[{key}]"), member, out)),
        Value::Array(items) => {
            let nested = items.iter().any(|item| item.is_object() || item.is_array());
            for (index, item) in items.iter().enumerate() {
                let key = if nested { format!("{name}[{index}]") } else { format!("{name}[]") };
                bracket_pairs(&key, item, out);
            }
        }
    }
}

/// A raw string literal holding `text`, with enough `#`s.
pub(super) fn raw_string(text: &str) -> TokenStream {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}").parse().unwrap_or_else(|_| quote! { #text })
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// `client.<resource>().<endpoint>(args).<setter>(value)...` for an example.
pub(super) fn call_chain(resource: &Resource, endpoint: &Endpoint, example: &Example, values: &ValueWriter) -> TokenStream {
    let accessor = ident(&resource.accessor);
    let function = ident(&endpoint.fn_name);
    let param_value = |param: &Param| example.params.iter().find(|(index, _)| endpoint.params[*index].wire == param.wire).map(|(_, value)| value);
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for param in &endpoint.params {
        let Some(value) = param_value(param) else { continue };
        let value_tokens = values.argument(&param.ty, value);
        if param.required {
            args.push(value_tokens);
        } else {
            let setter = ident(&param.rust);
            setters.push(quote! { .#setter(#value_tokens) });
        }
    }
    if let Some(body) = endpoint.body.as_ref().filter(|body| body.whole) {
        let whole = Type::Model { name: body.model.clone(), boxed: false };
        args.push(values.argument(&whole, example.body.as_ref().unwrap_or(&Value::Null)));
    } else if let Some(body) = &endpoint.body {
        let members = example.body.as_ref().and_then(Value::as_object);
        for field in &body.fields {
            let setter = body.setter(&field.rust);
            let value = members.and_then(|members| members.get(&field.wire));
            match (field.required, value) {
                (true, Some(Value::Null)) if field.nullable => args.push(quote! { None }),
                (true, Some(value)) if field.nullable => {
                    let value = values.exact(&field.ty, value);
                    args.push(quote! { Some(#value) });
                }
                (true, Some(value)) => args.push(values.argument(&field.ty, value)),
                (true, None) => args.push(quote! { Default::default() }),
                (false, Some(Value::Null)) => {
                    if let Some(clear) = setter.and_then(|setter| setter.clear.as_deref()) {
                        let clear = ident(clear);
                        setters.push(quote! { .#clear() });
                    }
                }
                (false, Some(value)) => {
                    if let Some(setter) = setter {
                        let setter = ident(&setter.setter);
                        let value = values.argument(&field.ty, value);
                        setters.push(quote! { .#setter(#value) });
                    }
                }
                (false, None) => {}
            }
        }
    }
    if let (Some(ty), Some(body)) = (&endpoint.value_body, &example.body) {
        args.push(values.argument(ty, body));
    }
    if endpoint.raw_body {
        let content_type = example.content_type.as_deref().unwrap_or("application/octet-stream");
        let text = example.body.as_ref().and_then(Value::as_str).unwrap_or_default();
        args.push(quote! { #content_type });
        args.push(quote! { #text.as_bytes().to_vec() });
    }
    quote! { client.#accessor().#function(#(#args),*) #(#setters)* }
}

/// The doc example of an endpoint, built from its first example: the example function with its
/// wrapper lines hidden, as a rustdoc code block; empty when the endpoint has no example.
pub(crate) fn endpoint_doc_example(api: &Api, resource: &Resource, endpoint: &Endpoint, values: &ValueWriter) -> String {
    let Some(text) = endpoint.success_examples().next().and_then(|example| example_function(api, resource, endpoint, example, values)) else {
        return String::new();
    };
    let mut lines = vec![String::new(), String::new(), "# Example".to_owned(), String::new(), "```no_run".to_owned()];
    lines.extend(doc_lines(&text));
    lines.push("```".to_owned());
    lines.join("\n")
}

/// The lines of a formatted `async fn example()` as a doc example shows them: its body, with the
/// signature, the closing brace and `Ok(())` hidden (`# `).
pub(super) fn doc_lines(function: &str) -> Vec<String> {
    function
        .lines()
        .map(|line| {
            let hidden = line.starts_with("async fn") || line == "}" || line.trim() == "Ok(())";
            let line = line.strip_prefix("    ").unwrap_or(line);
            if hidden { format!("# {line}") } else { line.to_owned() }
        })
        .collect()
}

/// `async fn example()` calling a resource's first endpoint with an example, with its first
/// example, formatted; `None` when the resource has no example.
pub(crate) fn first_example_function(api: &Api, resource: &Resource, values: &ValueWriter) -> Option<String> {
    let (endpoint, example) = resource.endpoints.iter().find_map(|endpoint| endpoint.success_examples().next().map(|example| (endpoint, example)))?;
    example_function(api, resource, endpoint, example, values)
}

/// `async fn example()` making the call of `example`, formatted.
fn example_function(api: &Api, resource: &Resource, endpoint: &Endpoint, example: &Example, values: &ValueWriter) -> Option<String> {
    let krate_name = api.crate_name.replace('-', "_");
    let krate = values.krate();
    let call = call_chain(resource, endpoint, example, values);
    let credentials = endpoint.auth.iter().map(|&index| {
        let env_var = format!("{}_{}", krate_name.to_uppercase(), api.auth[index].setter.to_uppercase());
        let secret = quote! { std::env::var(#env_var)? };
        match api.auth[index].placement {
            AuthPlacement::Basic => credential_call(api, index, (&quote! { "user" }, &secret)),
            _ if api.session.as_ref().is_some_and(|session| session.scheme == index) => credential_call(api, index, (&secret, &quote! { "user-id" })),
            _ => credential_call(api, index, (&secret, &secret)),
        }
    });
    // The base URL's placeholders, read like the credentials from the environment.
    let base_url_params = api.base_url_params.iter().map(|name| {
        let setter = ident(name);
        let env_var = format!("{}_{}", krate_name.to_uppercase(), name.to_uppercase());
        quote! { .#setter(std::env::var(#env_var)?) }
    });
    let credentials = quote! { #(#base_url_params)* #(#credentials)* };
    let usage = match &endpoint.response {
        Response::Paged { .. } => quote! {
            let items = #call.stream();
            let mut items = std::pin::pin!(items);
            while let Some(item) = items.try_next().await? {
                println!("{item:?}");
            }
        },
        Response::Json(_) => quote! {
            let response = #call.send().await?;
            println!("{response:?}");
        },
        Response::Bytes => quote! {
            let bytes = #call.send().await?;
            println!("{} bytes", bytes.len());
        },
        Response::Stream => quote! {
            let file = #call.send().await?.collect(16 * 1024 * 1024).await?;
            println!("{} bytes", file.len());
        },
        Response::Empty => quote! { #call.send().await?; },
    };
    let import = matches!(endpoint.response, Response::Paged { .. }).then(|| quote! { use #krate::TryStreamExt; });
    let function = quote! {
        async fn example() -> Result<(), Box<dyn std::error::Error>> {
            #import
            let client = #krate::Client::builder() #credentials .build()?;
            #usage
            Ok(())
        }
    };
    let file = syn::parse2::<syn::File>(function).ok()?;
    Some(prettyplease::unparse(&file))
}

/// Percent-encodes a path segment as the runtime does (RFC 3986 unreserved kept).
fn encode_segment(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A parameter value as written on the wire.
fn wire_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        // The client writes an `f64` with Rust's `Display` (`1e-7` is `0.0000001`, `2.0` is `2`).
        Value::Number(number) if !number.is_i64() && !number.is_u64() => number.as_f64().unwrap_or_default().to_string(),
        other => other.to_string(),
    }
}

/// The payload without the envelope's success flag, when the payload is the body itself.
fn without_success_flag(endpoint: &Endpoint, payload: &Value) -> Value {
    let mut payload = payload.clone();
    if let Some(envelope) = &endpoint.envelope
        && envelope.data.is_empty()
        && let (Some((path, _, _)), Value::Object(members)) = (&envelope.success, &mut payload)
        && let [field] = path.as_slice()
    {
        members.remove(field);
    }
    payload
}

/// The path an example's call is sent to, relative to the base URL, percent-encoded.
pub(super) fn example_path(endpoint: &Endpoint, example: &Example) -> String {
    let mut path = String::new();
    let mut rest = endpoint.path.as_str();
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map_or(rest.len(), |offset| open + offset);
        let name = &rest[open + 1..close];
        let value = endpoint.params.iter().position(|param| param.wire == name).and_then(|index| example.params.iter().find(|(i, _)| *i == index));
        path.push_str(&rest[..open]);
        path.push_str(&encode_segment(&value.map(|(_, value)| wire_text(value)).unwrap_or_default()));
        rest = rest.get(close + 1..).unwrap_or("");
    }
    path.push_str(rest);
    path
}

/// What an example's parameters are sent as, credentials and constant headers aside.
pub(super) struct WireParams {
    /// Query pairs, in order.
    pub(super) query: Vec<(String, String)>,
    /// Headers, names in lowercase.
    pub(super) headers: Vec<(String, String)>,
}

pub(super) fn example_params(endpoint: &Endpoint, example: &Example) -> WireParams {
    let mut query: Vec<(String, String)> = Vec::new();
    let mut headers = Vec::new();
    for (index, value) in &example.params {
        let param = &endpoint.params[*index];
        match (param.location, value) {
            (ParamIn::Query, _) if param.style == ListStyle::Json => query.push((param.wire.clone(), value.to_string())),
            (ParamIn::Query, _) if param.style == ListStyle::Brackets => bracket_pairs(&param.wire, value, &mut query),
            (ParamIn::Query, Value::Array(items)) => match param.style {
                ListStyle::Repeat => query.extend(items.iter().map(|item| (param.wire.clone(), wire_text(item)))),
                _ if items.is_empty() => {}
                _ => query.push((param.wire.clone(), items.iter().map(wire_text).collect::<Vec<_>>().join(","))),
            },
            (ParamIn::Query, value) => query.push((param.wire.clone(), wire_text(value))),
            (ParamIn::Header, value) => headers.push((param.wire.to_lowercase(), wire_text(value))),
            (ParamIn::Path, _) => {}
        }
    }
    WireParams { query, headers }
}

/// An example's response body as the server sends it, and its content type: a file's text as it
/// is, or JSON pretty-printed.
pub(super) struct ResponseText {
    pub(super) text: String,
    pub(super) content_type: String,
    pub(super) json: bool,
}

pub(super) fn response_text(endpoint: &Endpoint, example: &Example) -> Option<ResponseText> {
    match example.response_body.as_ref()? {
        // An error answer is the provider's JSON error body, whatever the endpoint returns on success.
        Value::String(text) if !example.is_error() && matches!(endpoint.response, Response::Bytes | Response::Stream) => {
            let content_type = example.response_headers.iter().find(|(name, _)| name.eq_ignore_ascii_case("content-type")).map_or("application/octet-stream", |(_, value)| value.as_str());
            Some(ResponseText { text: text.clone(), content_type: content_type.to_owned(), json: false })
        }
        body => Some(ResponseText { text: pretty(body), content_type: "application/json".to_owned(), json: true }),
    }
}

/// The test of one example: the call it makes sends the request it shows, and the response it
/// shows decodes.
fn example_test(api: &Api, resource: &Resource, endpoint: &Endpoint, example: &Example, values: &ValueWriter) -> TokenStream {
    let test_name = ident(&example.test_name);
    let doc = doc_attrs(&format!(
        "`{} {}`{}",
        endpoint.method.as_str(),
        endpoint.path,
        example.doc.as_ref().map(|doc| format!(": {doc}")).unwrap_or_default()
    ));
    let status = super::unsuffixed(example.status);
    let mut template = quote! { ResponseTemplate::new(#status) };
    for (name, value) in &example.response_headers {
        template = quote! { #template.insert_header(#name, #value) };
    }
    if let Some(ResponseText { text, content_type, json }) = response_text(endpoint, example) {
        let text = if json { raw_string(&text) } else { quote! { #text } };
        template = quote! { #template.set_body_raw(#text, #content_type) };
    }
    let call = call_chain(resource, endpoint, example, values);
    let path = example_path(endpoint, example);
    let WireParams { mut query, headers: header_params } = example_params(endpoint, example);
    let mut headers: Vec<(String, TokenStream)> = header_params.into_iter().map(|(name, text)| (name, quote! { #text })).collect();
    // Constant headers, the endpoint's over the API's: each must arrive once, with its value.
    for header in endpoint.headers.iter().chain(api.headers.iter().filter(|header| !endpoint.headers.iter().any(|own| own.name.eq_ignore_ascii_case(&header.name)))) {
        let value = &header.value;
        headers.push((header.name.to_lowercase(), quote! { #value }));
    }
    let mut credential_setup = Vec::new();
    for &index in &endpoint.auth {
        let (first, second) = test_credential(api, index);
        match &api.auth[index].placement {
            AuthPlacement::Header { name, prefix } => {
                let value = format!("{prefix}{first}");
                headers.push((name.to_lowercase(), quote! { #value }));
            }
            AuthPlacement::Bearer => {
                let value = format!("Bearer {first}");
                headers.push(("authorization".to_owned(), quote! { #value }));
            }
            AuthPlacement::Query { name } => query.push((name.clone(), first)),
            AuthPlacement::Basic => {
                credential_setup.push(quote! { let basic = apigen_runtime::auth::basic_header_value(#first, #second); });
                headers.push(("authorization".to_owned(), quote! { basic.as_str() }));
            }
        }
    }
    let query_pairs = query.iter().map(|(name, value)| quote! { (#name, #value) });
    let json_params = endpoint.params.iter().filter(|param| param.style == ListStyle::Json).map(|param| param.wire.as_str());
    let header_pairs = headers.iter().map(|(name, value)| quote! { (#name, #value) });
    // A fresh key each call: its presence is checked, not its value.
    let present_headers = api.idempotency.iter().filter(|idempotency| idempotency.methods.contains(&endpoint.method)).map(|idempotency| idempotency.header.value.to_lowercase());
    let method = endpoint.method.as_str();
    let mut form_setup = None;
    // A body model is sent even when the example sets none of its fields: `{}`.
    let sent_body = example.body.clone().or_else(|| endpoint.body.as_ref().map(|_| Value::Object(serde_json::Map::new())));
    let body = match &sent_body {
        Some(Value::String(text)) if endpoint.raw_body => {
            let content_type = example.content_type.as_deref().unwrap_or("application/octet-stream");
            quote! { ExpectedBody::Raw { content_type: #content_type, bytes: #text.as_bytes() } }
        }
        Some(Value::Object(members)) if endpoint.multipart => {
            // Text parts in the order of the members' names (as a JSON object holds them), then
            // the files in the fields' order.
            let fields = endpoint.body.as_ref().map(|body| body.fields.as_slice()).unwrap_or_default();
            let is_file = |name: &str| fields.iter().any(|field| field.wire == name && field.ty == Type::File);
            let mut parts: Vec<(String, String)> = Vec::new();
            for (name, value) in members.iter().filter(|(name, _)| !is_file(name)) {
                parts.extend(member_texts(value).into_iter().map(|text| (name.clone(), text)));
            }
            for field in fields.iter().filter(|field| field.ty == Type::File) {
                if let Some(value) = members.get(&field.wire) {
                    parts.extend(member_texts(value).into_iter().map(|text| (field.wire.clone(), text)));
                }
            }
            let parts = parts.iter().map(|(name, content)| quote! { (#name, #content) });
            quote! { ExpectedBody::Multipart(&[#(#parts),*]) }
        }
        Some(Value::Object(members)) if endpoint.form_body => {
            let mut pairs = Vec::new();
            for (name, value) in members {
                if endpoint.form_brackets {
                    bracket_pairs(name, value, &mut pairs);
                } else {
                    pairs.extend(member_texts(value).into_iter().map(|text| (name.clone(), text)));
                }
            }
            let pairs = pairs.iter().map(|(name, value)| quote! { (#name, #value) });
            form_setup = Some(quote! { let form = apigen_runtime::encoding::form_encode(&[#(#pairs),*]); });
            quote! { ExpectedBody::Raw { content_type: "application/x-www-form-urlencoded", bytes: form.as_bytes() } }
        }
        Some(body) => {
            let wrapped = endpoint.request_json(body);
            let text = raw_string(&pretty(&wrapped));
            quote! { ExpectedBody::Json(json(#text)) }
        }
        None => quote! { ExpectedBody::None },
    };
    let response_check = match &endpoint.response {
        _ if example.is_error() => error_check(api, endpoint, example, &call, values),
        Response::Empty => quote! { #call.send().await?; },
        Response::Bytes => {
            let text = example.response_body.as_ref().and_then(Value::as_str).unwrap_or_default();
            quote! {
                let bytes = #call.send().await?;
                assert_eq!(bytes.as_ref(), #text.as_bytes());
            }
        }
        Response::Stream => {
            let text = example.response_body.as_ref().and_then(Value::as_str).unwrap_or_default();
            quote! {
                let stream = #call.send().await?;
                let bytes = stream.collect(usize::MAX).await?;
                assert_eq!(bytes.as_ref(), #text.as_bytes());
            }
        }
        Response::Json(_) => {
            let payload = example.response_body.as_ref().and_then(|body| match &endpoint.envelope {
                Some(envelope) => crate::ir::at_path(body, &envelope.data),
                None => Some(body),
            });
            let payload = payload.map(|payload| without_success_flag(endpoint, payload));
            let payload = payload.as_ref();
            let text = raw_string(&pretty(payload.unwrap_or(&Value::Null)));
            quote! {
                let response = #call.send().await?;
                assert_round_trip(&response, json(#text));
            }
        }
        Response::Paged { .. } => {
            let items = Value::Array(endpoint.example_items(example).unwrap_or_default());
            let text = raw_string(&pretty(&items));
            quote! {
                let page = #call.send().await?;
                assert_round_trip(&page.items, json(#text));
            }
        }
    };
    quote! {
        #doc
        #[tokio::test]
        async fn #test_name() -> Result<(), Box<dyn std::error::Error>> {
            let server = MockServer::start().await;
            Mock::given(any()).respond_with(#template).mount(&server).await;
            let client = client_for(&server)?;
            #response_check
            #(#credential_setup)*
            #form_setup
            ExpectedRequest {
                method: #method,
                path: #path,
                query: &[#(#query_pairs),*],
                json_params: &[#(#json_params),*],
                headers: &[#(#header_pairs),*],
                present_headers: &[#(#present_headers),*],
                body: #body,
            }
            .assert_matches(&recorded(&server).await);
            Ok(())
        }
    }
}

/// The check of an error example: the call, sent once (retries off, so a retryable status is
/// not sent again), returns the provider's error with the kind, status, message and code the
/// error table reads from the answer.
fn error_check(api: &Api, endpoint: &Endpoint, example: &Example, call: &TokenStream, values: &ValueWriter) -> TokenStream {
    let krate = values.krate();
    let expected = api.expected_error(endpoint, example);
    let kind = ident(expected.kind.map_or("Other", |kind| api.error_kinds[kind].variant.as_str()));
    let status = super::unsuffixed(example.status);
    let optional_text = |text: Option<String>| match text {
        Some(text) => quote! { Some(#text) },
        None => quote! { None },
    };
    // Only what the table reads: a table without codes never has one to check.
    let table = &api.error_tables[endpoint.error_table];
    let message = (!table.message.is_empty()).then(|| optional_text(expected.message)).map(|message| quote! { assert_eq!(api_error.message.as_deref(), #message); });
    let code = (!table.code.is_empty()).then(|| optional_text(expected.code)).map(|code| quote! { assert_eq!(api_error.code.as_deref(), #code); });
    quote! {
        use #krate::PerCallOptions as _;
        let error = #call.retry_policy(#krate::RetryPolicy::NONE).send().await.err().ok_or("the call should fail")?;
        assert_eq!(error.kind(), Some(#krate::ErrorKind::#kind));
        let api_error = error.api_error().ok_or("the error should be the provider's answer")?;
        assert_eq!(api_error.status, #status);
        #message
        #code
    }
}

/// The helpers of `tests/examples.rs`, and the names it may import.
const HELPER_AND_IMPORT_NAMES: &[&str] = &[
    "client_for", "recorded", "ExpectedBody", "ExpectedRequest", "RecordedRequest", "assert_round_trip", "json", "Client", "Error", "any", "Mock", "MockServer", "ResponseTemplate",
];

/// The helpers and imports of `tests/examples.rs` that a part of the tests names bare, from
/// its tokens before formatting: not after `::` or `.` (`std::error::Error` does not use an
/// imported `Error`, nor `.any(..)` the `any` matcher). Comments are not tokens, and literals
/// and doc comments are single literal tokens, so neither names anything.
pub(crate) fn names_used(tokens: &TokenStream) -> Vec<&'static str> {
    fn walk(tokens: TokenStream, found: &mut Vec<&'static str>) {
        // The last two tokens, where they are punctuation.
        let mut previous: [Option<char>; 2] = [None, None];
        for token in tokens {
            let after_path = matches!(previous, [_, Some('.')] | [Some(':'), Some(':')]);
            let punct = match &token {
                TokenTree::Punct(punct) => Some(punct.as_char()),
                _ => None,
            };
            match token {
                TokenTree::Ident(ident) if !after_path => {
                    if let Some(name) = HELPER_AND_IMPORT_NAMES.iter().find(|name| ident == name)
                        && !found.contains(name)
                    {
                        found.push(name);
                    }
                }
                TokenTree::Group(group) => walk(group.stream(), found),
                _ => {}
            }
            previous = [previous[1], punct];
        }
    }
    let mut found = Vec::new();
    walk(tokens.clone(), &mut found);
    found
}

/// The tests of `resources`' examples, each compiled with its resource.
pub(crate) fn resource_tests(api: &Api, resources: &[Resource], values: &ValueWriter) -> TokenStream {
    let tests = resources.iter().flat_map(|resource| {
        let gate = resource.gate();
        let examples = resource.endpoints.iter().flat_map(|endpoint| endpoint.examples.iter().map(move |example| (endpoint, example)));
        examples.map(move |(endpoint, example)| gate_items(&gate, example_test(api, resource, endpoint, example, values)))
    });
    quote! { #(#tests)* }
}

/// The webhook and OAuth tests, always compiled.
pub(crate) fn other_tests(api: &Api) -> TokenStream {
    let krate = ident(&api.crate_name.replace('-', "_"));
    let krate = quote! { #krate };
    let tests = super::webhooks::tests(api, &krate).into_iter().chain(super::oauth::tests(api, &krate));
    quote! { #(#tests)* }
}

/// The opening of `tests/examples.rs`: docs, then only the helpers and imports that `tests` (the
/// file's other parts, each with the names it uses: [`names_used`]) use, each compiled with the
/// tests using it, so that a spec without examples (or with only webhook examples), or a crate
/// built with a few resources, leaves nothing unused.
pub(crate) fn head(api: &Api, spec: &str, tests: &[(Part, &[&str])]) -> TokenStream {
    let krate = ident(&api.crate_name.replace('-', "_"));
    let credentials = (0..api.auth.len()).map(|index| {
        let (first, second) = test_credential(api, index);
        credential_call(api, index, (&quote! { #first }, &quote! { #second }))
    });
    let docs = super::inner_doc(&format!(
        "Tests generated from the examples in `{spec}`: each checks the request on the wire (method, path,\nquery, headers, body) and the decoded response, or the error an error example returns, against a\nlocal mock server."
    ));
    let used: Vec<(Gate, &[&str])> = tests
        .iter()
        .map(|&(part, names)| {
            let gates: Vec<Gate> = match part {
                Part::Units { start, end } => api.resources[start..end].iter().map(Resource::gate).collect(),
                _ => Vec::new(),
            };
            let gate = used_by(api, &gates).unwrap_or(Gate::Always);
            (gate, names)
        })
        .collect();
    let uses = |name: &str| used_by(api, used.iter().filter(|(_, names)| names.contains(&name)).map(|(gate, _)| gate));
    let (client_gate, recorded_gate) = (uses("client_for"), uses("recorded"));
    let client_helper = client_gate.as_ref().map(|gate| {
        gate_items(gate, quote! {
            /// A client pointed at the mock server, with test credentials.
            fn client_for(server: &MockServer) -> Result<Client, Error> {
                Client::builder() #(#credentials)* .base_url(server.uri()).build()
            }
        })
    });
    let recorded_helper = recorded_gate.as_ref().map(|gate| {
        gate_items(gate, quote! {
            /// The one request the mock server received.
            async fn recorded(server: &MockServer) -> RecordedRequest {
                let requests = server.received_requests().await.unwrap_or_default();
                assert_eq!(requests.len(), 1, "expected exactly one request, got {}", requests.len());
                let request = &requests[0];
                RecordedRequest {
                    method: request.method.to_string(),
                    path: request.url.path().to_owned(),
                    query: request.url.query_pairs().map(|(name, value)| (name.into_owned(), value.into_owned())).collect(),
                    headers: request
                        .headers
                        .iter()
                        .map(|(name, value)| (name.as_str().to_owned(), value.to_str().unwrap_or_default().to_owned()))
                        .collect(),
                    body: request.body.clone(),
                }
            }
        })
    });
    let needs = |name: &str| {
        let by_client = client_gate.as_ref().filter(|_| matches!(name, "Client" | "Error" | "MockServer"));
        let by_recorded = recorded_gate.as_ref().filter(|_| matches!(name, "RecordedRequest" | "MockServer"));
        let by_tests = uses(name);
        used_by(api, by_tests.iter().chain(by_client).chain(by_recorded))
    };
    let import = |path: TokenStream, names: &[&'static str]| {
        let names: Vec<(&str, Option<Gate>)> = names.iter().map(|name| (*name, needs(name))).collect();
        gated_imports(&path, &names)
    };
    let testing_import = import(quote! { apigen_runtime::testing }, &["ExpectedBody", "ExpectedRequest", "RecordedRequest", "assert_round_trip", "json"]);
    let crate_import = import(quote! { #krate }, &["Client", "Error"]);
    let any_import = import(quote! { wiremock::matchers }, &["any"]);
    let wiremock_import = import(quote! { wiremock }, &["Mock", "MockServer", "ResponseTemplate"]);
    quote! {
        #docs
        #testing_import
        #crate_import
        #any_import
        #wiremock_import

        #client_helper

        #recorded_helper
    }
}

#[cfg(test)]
mod tests {
    use super::names_used;
    use quote::quote;

    #[test]
    fn form_fields_write_whole_floats_as_integers() {
        let value = serde_json::json!({"a": 2.0, "b": [0.5, -3.0], "c": 1e300});
        assert_eq!(super::field_json_text(&value), r#"{"a":2,"b":[0.5,-3],"c":1e+300}"#);
        assert_eq!(super::member_texts(&serde_json::json!([1.0, "x", 2.5])), ["1", "x", "2.5"]);
    }

    #[test]
    fn names_used_leave_out_paths_methods_and_literals() {
        let tokens = quote! {
            /// Error: a doc line, `any` of it, client_for.
            fn test() -> Result<(), Box<dyn std::error::Error>> {
                let text = "Error any Mock";
                let raw = r#"{"json": "Mock"}"#;
                let request: RecordedRequest;
                let found = items.iter().any(|item| item.is_empty());
                let template = ResponseTemplate::new(200);
                let server = wiremock::MockServer::start();
                let value = json!({"a": 1u8});
                client_for(&server)?;
                Ok(())
            }
        };
        assert_eq!(names_used(&tokens), ["RecordedRequest", "ResponseTemplate", "json", "client_for"]);
    }
}
