//! Requests: what generated builders hand to execution. A [`Request`] is an endpoint with its
//! path parameters encoded, its query, headers and body, and the call's options.

use crate::describe::{Endpoint, PageParam, PageSize};
use crate::encoding;
use crate::error::InvalidArgument;
use crate::options::CallOptions;
use crate::upload::FilePart;
use serde_json::Value;
use std::fmt::Display;

/// A request body.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    Json(bytes::Bytes),
    Raw { content_type: String, bytes: bytes::Bytes },
    /// `multipart/form-data`, encoded as each attempt is sent (files are read then).
    Multipart(Vec<Part>),
}

/// One part of a multipart body.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    /// The form field's name.
    pub(crate) name: String,
    pub(crate) content: PartContent,
}

/// What a multipart part holds.
#[derive(Debug, Clone)]
pub(crate) enum PartContent {
    Text(String),
    File(FilePart),
}

/// One request to an endpoint, built by generated code and executed by [`crate::Core`].
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) endpoint: &'static Endpoint,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<Body>,
    /// The `Accept` header: JSON unless the endpoint returns raw bytes.
    pub(crate) accept: &'static str,
    /// What this call changes from the client's configuration.
    pub(crate) options: CallOptions,
}

impl Request {
    /// Starts a request, filling the endpoint's path template with `path_params`
    /// (`(name, value)` pairs). Each value is percent-encoded as one path segment; empty values
    /// and the dot segments `.` and `..` are refused.
    pub fn new(endpoint: &'static Endpoint, path_params: &[(&str, &str)]) -> Result<Self, InvalidArgument> {
        let mut path = String::with_capacity(endpoint.path.len() + 32);
        let mut rest = endpoint.path;
        while let Some(open) = rest.find('{') {
            let close = rest[open..].find('}').map(|offset| open + offset).ok_or_else(|| InvalidArgument {
                name: endpoint.path.to_owned(),
                reason: "unclosed `{` in path template".to_owned(),
            })?;
            let name = &rest[open + 1..close];
            let value = path_params
                .iter()
                .find(|(param, _)| *param == name)
                .map(|(_, value)| *value)
                .ok_or_else(|| InvalidArgument { name: name.to_owned(), reason: "no value given".to_owned() })?;
            if value.is_empty() || value == "." || value == ".." {
                return Err(InvalidArgument {
                    name: name.to_owned(),
                    reason: format!("`{value}` cannot be used as a path segment"),
                });
            }
            path.push_str(&rest[..open]);
            encoding::push_path_segment(&mut path, value);
            rest = &rest[close + 1..];
        }
        path.push_str(rest);
        Ok(Self { endpoint, path, query: Vec::new(), headers: Vec::new(), body: None, accept: "application/json", options: CallOptions::default() })
    }

    /// Starts a request as [`Request::new`] does, with a builder's per-call options (timeout,
    /// extra headers, retry policy); fails on a header that cannot be sent.
    pub fn for_call(endpoint: &'static Endpoint, path_params: &[(&str, &str)], options: &CallOptions) -> Result<Self, InvalidArgument> {
        Self::new(endpoint, path_params)?.options(options)
    }

    /// A request to `path` as it is (already encoded), for raw requests.
    pub(crate) fn with_path(endpoint: &'static Endpoint, path: String) -> Self {
        Self { endpoint, path, query: Vec::new(), headers: Vec::new(), body: None, accept: "application/json", options: CallOptions::default() }
    }

    /// Applies a builder's per-call options (timeout, extra headers, retry policy); fails on a
    /// header that cannot be sent.
    pub fn options(mut self, options: &CallOptions) -> Result<Self, InvalidArgument> {
        options.check()?;
        self.options = options.clone();
        Ok(self)
    }

    /// The endpoint this request is for.
    pub fn endpoint(&self) -> &'static Endpoint {
        self.endpoint
    }

    /// The rendered path (parameters encoded), relative to the base URL.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: &str, value: impl Display) -> Self {
        self.query.push((name.to_owned(), value.to_string()));
        self
    }

    /// Sets the page size, if `size` is given, in the endpoint's page-size parameter; a size of
    /// zero or above the spec's maximum is refused before anything is sent.
    pub fn page_size(mut self, size: Option<u32>) -> Result<Self, InvalidArgument> {
        let (Some(size), Some(limit)) = (size, self.endpoint.page_size) else {
            return Ok(self);
        };
        check_page_size(limit, u64::from(size))?;
        self.set_param(limit.param, &size.to_string(), true).map_err(|reason| InvalidArgument { name: limit.param.name().to_owned(), reason })?;
        Ok(self)
    }

    /// Adds a query parameter if `value` is set.
    pub fn query_opt(self, name: &str, value: Option<impl Display>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// Adds a query parameter holding `values` joined with commas, if there are any.
    pub fn query_csv<T: Display>(self, name: &str, values: &[T]) -> Self {
        if values.is_empty() {
            return self;
        }
        let joined = values.iter().map(ToString::to_string).collect::<Vec<_>>().join(",");
        self.query(name, joined)
    }

    /// Adds the query parameter once per value (`name=a&name=b`).
    pub fn query_repeated<T: Display>(mut self, name: &str, values: &[T]) -> Self {
        for value in values {
            self = self.query(name, value);
        }
        self
    }

    /// Adds a query parameter holding `value` encoded as JSON text.
    pub fn query_json<T: serde::Serialize>(self, name: &str, value: &T) -> Result<Self, InvalidArgument> {
        let text = serde_json::to_string(value)
            .map_err(|error| InvalidArgument { name: name.to_owned(), reason: error.to_string() })?;
        Ok(self.query(name, text))
    }

    /// Adds `value` as bracketed query parameters (`name[key]=...`, `name[]=...`; see
    /// [`encoding::bracket_pairs`]).
    pub fn query_bracketed<T: serde::Serialize>(mut self, name: &str, value: &T) -> Result<Self, InvalidArgument> {
        let value = serde_json::to_value(value).map_err(|error| InvalidArgument { name: name.to_owned(), reason: error.to_string() })?;
        encoding::bracket_pairs(name, &encoding::whole_floats_as_integers(value), &mut self.query);
        Ok(self)
    }

    /// Sets or replaces a query parameter (used by pagination).
    pub(crate) fn set_query(&mut self, name: &str, value: String) {
        self.query.retain(|(existing, _)| existing != name);
        self.query.push((name.to_owned(), value));
    }

    /// The number the request sends in pagination parameter `param` (a query parameter, or a
    /// member of its JSON body), if it sends one.
    pub(crate) fn param_number(&self, param: PageParam) -> Option<u64> {
        match param {
            PageParam::Query(name) => self.query.iter().find(|(key, _)| key == name).and_then(|(_, value)| value.parse().ok()),
            PageParam::Body(name) => {
                let member = self.body_member(name)?;
                member.as_u64().or_else(|| member.as_str()?.parse().ok())
            }
        }
    }

    /// The member `name` of the request's own members in its JSON body, if it has one.
    fn body_member(&self, name: &str) -> Option<Value> {
        let mut body = self.json_body_value()?;
        self.endpoint.request_members_mut(&mut body)?.remove(name)
    }

    /// Sets or replaces pagination parameter `param`; in a JSON body, `value` is sent as a
    /// number when `number` is set and it is one, else as a string. Fails (with the reason) when
    /// the body is not a JSON object that could hold the member.
    pub(crate) fn set_param(&mut self, param: PageParam, value: &str, number: bool) -> Result<(), String> {
        let name = match param {
            PageParam::Query(name) => {
                self.set_query(name, value.to_owned());
                return Ok(());
            }
            PageParam::Body(name) => name,
        };
        let not_an_object = || format!("the request body is not a JSON object, so it cannot carry `{name}`");
        let mut body = self.json_body_value().ok_or_else(not_an_object)?;
        let members = self.endpoint.request_members_mut(&mut body).ok_or_else(not_an_object)?;
        let value = match value.parse::<serde_json::Number>() {
            Ok(number_value) if number => Value::Number(number_value),
            _ => Value::String(value.to_owned()),
        };
        members.insert(name.to_owned(), value);
        let bytes = serde_json::to_vec(&body).map_err(|error| error.to_string())?;
        self.body = Some(Body::Json(bytes.into()));
        Ok(())
    }

    /// The JSON body, parsed, if the request has one.
    fn json_body_value(&self) -> Option<Value> {
        match &self.body {
            Some(Body::Json(bytes)) => serde_json::from_slice(bytes).ok(),
            _ => None,
        }
    }

    /// Adds a header. Values with CR, LF or other control characters are refused, so a value
    /// cannot inject another header.
    pub fn header(mut self, name: &'static str, value: impl Display) -> Result<Self, InvalidArgument> {
        let value = value.to_string();
        if value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(InvalidArgument {
                name: name.to_owned(),
                reason: "header values cannot contain control characters such as CR or LF".to_owned(),
            });
        }
        self.headers.push((name, value));
        Ok(self)
    }

    /// Adds a header if `value` is set.
    pub fn header_opt(self, name: &'static str, value: Option<impl Display>) -> Result<Self, InvalidArgument> {
        match value {
            Some(value) => self.header(name, value),
            None => Ok(self),
        }
    }

    /// Sets a raw body (an image, a file) with its content type. Content types with control
    /// characters are refused.
    pub fn raw_body(mut self, content_type: &str, bytes: impl Into<bytes::Bytes>) -> Result<Self, InvalidArgument> {
        if content_type.is_empty() || content_type.chars().any(char::is_control) {
            return Err(InvalidArgument { name: "content_type".to_owned(), reason: format!("`{content_type}` is not a valid content type") });
        }
        self.body = Some(Body::Raw { content_type: content_type.to_owned(), bytes: bytes.into() });
        Ok(self)
    }

    /// Accepts any content type in the response (for endpoints that return files or images).
    pub fn accept_any(mut self) -> Self {
        self.accept = "*/*";
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body from a model: each member becomes a field
    /// (lists repeat the field, objects are sent as JSON text, nulls are left out).
    pub fn form_body<T: serde::Serialize + ?Sized>(self, body: &T) -> Result<Self, InvalidArgument> {
        self.form_body_from(body, &mut |name, value, pairs| pairs.extend(member_texts(value).into_iter().map(|text| (name.to_owned(), text))))
    }

    /// Sets a form body from `body`'s members, nested objects, maps and lists bracketed
    /// (`metadata[order_id]=6735`, `expand[]=customer`, `items[0][price]=...`; see
    /// [`encoding::bracket_pairs`]), as Rails, PHP and Stripe read them.
    pub fn bracketed_form_body<T: serde::Serialize + ?Sized>(self, body: &T) -> Result<Self, InvalidArgument> {
        self.form_body_from(body, &mut encoding::bracket_pairs)
    }

    /// Sets a `multipart/form-data` body: a text part per member of `fields` (numbers and
    /// booleans as text, lists as one part per item, objects as JSON text, nulls left out), then
    /// a part per file of `files` that is set. Members named in `files` are not sent as text.
    pub fn multipart_body<T: serde::Serialize + ?Sized>(mut self, fields: &T, files: &[(&str, Option<&FilePart>)]) -> Result<Self, InvalidArgument> {
        let members = body_members(fields, "a multipart body")?;
        let mut parts = Vec::new();
        for (name, value) in members.iter().filter(|(name, _)| !files.iter().any(|(file, _)| file == name)) {
            parts.extend(member_texts(value).into_iter().map(|value| Part { name: name.clone(), content: PartContent::Text(value) }));
        }
        for (name, file) in files {
            if let Some(file) = file {
                parts.push(Part { name: (*name).to_owned(), content: PartContent::File((*file).clone()) });
            }
        }
        self.body = Some(Body::Multipart(parts));
        Ok(self)
    }

    /// Sets a form body from `body`'s members, each written by `member` as pairs. Not generic
    /// over the writer, so it is compiled once.
    fn form_body_from<T: serde::Serialize + ?Sized>(
        mut self,
        body: &T,
        member: &mut MemberWriter<'_>,
    ) -> Result<Self, InvalidArgument> {
        let members = body_members(body, "a form body")?;
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (name, value) in &members {
            member(name, value, &mut pairs);
        }
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
        self.body = Some(Body::Raw {
            content_type: "application/x-www-form-urlencoded".to_owned(),
            bytes: encoding::form_encode(&borrowed).into(),
        });
        Ok(self)
    }

    /// Sets a JSON body, wrapped as the endpoint's envelope says.
    pub fn json_body<T: serde::Serialize + ?Sized>(self, body: &T) -> Result<Self, InvalidArgument> {
        // Only the serialization of `T` is generic; the wrapping is compiled once, here, rather
        // than in every generated crate for every body type.
        self.json_body_written_by(&mut |out: &mut Vec<u8>| serde_json::to_writer(out, body))
    }

    fn json_body_written_by(mut self, write_body: &mut dyn FnMut(&mut Vec<u8>) -> Result<(), serde_json::Error>) -> Result<Self, InvalidArgument> {
        let invalid = |error: serde_json::Error| InvalidArgument { name: "body".to_owned(), reason: error.to_string() };
        let mut bytes = Vec::with_capacity(256);
        match self.endpoint.envelope.and_then(|envelope| envelope.request.as_ref()) {
            None => write_body(&mut bytes).map_err(invalid)?,
            Some(wrap) => {
                // `{"<field>": <body>, "<constant>": <value>, ...}`, written around the body.
                bytes.push(b'{');
                serde_json::to_writer(&mut bytes, wrap.field).map_err(invalid)?;
                bytes.push(b':');
                write_body(&mut bytes).map_err(invalid)?;
                for (name, value) in wrap.constants {
                    bytes.push(b',');
                    serde_json::to_writer(&mut bytes, name).map_err(invalid)?;
                    bytes.push(b':');
                    serde_json::to_writer(&mut bytes, &value.to_value()).map_err(invalid)?;
                }
                bytes.push(b'}');
            }
        }
        self.body = Some(Body::Json(bytes.into()));
        // A page size the body carries is checked as one set with `page_size` is.
        if let Some(limit @ PageSize { param: PageParam::Body(name), .. }) = self.endpoint.page_size {
            match self.body_member(name) {
                None | Some(Value::Null) => {}
                Some(value) => match value.as_u64() {
                    Some(size) => check_page_size(limit, size)?,
                    None => return Err(InvalidArgument { name: name.to_owned(), reason: format!("{value} is not a page size") }),
                },
            }
        }
        Ok(self)
    }
}

/// Refuses a page size of zero or above the spec's maximum.
fn check_page_size(limit: PageSize, size: u64) -> Result<(), InvalidArgument> {
    let invalid = |reason: String| InvalidArgument { name: limit.param.name().to_owned(), reason };
    if size == 0 {
        return Err(invalid("a page holds at least 1 item".to_owned()));
    }
    if size > u64::from(limit.max) {
        return Err(invalid(format!("{size} is more than the largest page size, {}", limit.max)));
    }
    Ok(())
}

/// The members of a body that is sent field by field (`what`: "a form body"), which must be an
/// object; whole floats are written as integers, as query parameters write them.
fn body_members<T: serde::Serialize + ?Sized>(body: &T, what: &str) -> Result<serde_json::Map<String, serde_json::Value>, InvalidArgument> {
    let invalid = |reason: String| InvalidArgument { name: "body".to_owned(), reason };
    match encoding::whole_floats_as_integers(serde_json::to_value(body).map_err(|error| invalid(error.to_string()))?) {
        serde_json::Value::Object(members) => Ok(members),
        _ => Err(invalid(format!("{what} must be an object"))),
    }
}

/// A member's values as the text of form fields or multipart parts: none for null, one per
/// item of a list, strings as they are, anything else as JSON text.
fn member_texts(value: &serde_json::Value) -> Vec<String> {
    let text = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    match value {
        serde_json::Value::Null => Vec::new(),
        serde_json::Value::Array(items) => items.iter().map(text).collect(),
        other => vec![text(other)],
    }
}

/// Writes one member of a form body (its name and value) as name-value pairs.
type MemberWriter<'a> = dyn FnMut(&str, &serde_json::Value, &mut Vec<(String, String)>) + 'a;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::fixtures::{LIST, PLACE as USER, endpoint_with};
    use crate::describe::PageSize;

    #[test]
    fn bracketed_bodies_and_queries_nest_with_brackets_and_plain_forms_keep_json_text() {
        let body = serde_json::json!({"email": "a@example.com", "metadata": {"order_id": "6735"}, "tags": ["vip"], "gone": null});
        let form = |request: Request| match request.body {
            Some(Body::Raw { bytes, .. }) => String::from_utf8(bytes.to_vec()).expect("text"),
            _ => String::new(),
        };
        let bracketed = Request::new(&LIST, &[]).unwrap().bracketed_form_body(&body).unwrap();
        assert_eq!(form(bracketed), "email=a%40example.com&metadata%5Border_id%5D=6735&tags%5B%5D=vip");
        let plain = Request::new(&LIST, &[]).unwrap().form_body(&body).unwrap();
        assert_eq!(form(plain), "email=a%40example.com&metadata=%7B%22order_id%22%3A%226735%22%7D&tags=vip");
        let request = Request::new(&LIST, &[]).unwrap().query_bracketed("expand", &["customer", "invoice"]).unwrap();
        assert_eq!(request.query, [("expand[]".to_owned(), "customer".to_owned()), ("expand[]".to_owned(), "invoice".to_owned())]);
        assert!(Request::new(&LIST, &[]).unwrap().bracketed_form_body(&[1, 2]).is_err(), "a form body is an object");
    }

    #[test]
    fn path_parameters_stay_in_their_segment() {
        let request = Request::new(&USER, &[("id", "a/b?c#d%e f"), ("place_id", "..x")]).unwrap();
        assert_eq!(request.path(), "/users/a%2Fb%3Fc%23d%25e%20f/places/..x/");
    }

    #[test]
    fn dot_segments_and_empty_values_are_refused() {
        for bad in ["", ".", ".."] {
            let error = Request::new(&USER, &[("id", bad), ("place_id", "p")]).unwrap_err();
            assert_eq!(error.name, "id");
            assert!(error.reason.contains("cannot be used as a path segment"), "{error}");
        }
    }

    #[test]
    fn missing_path_parameter_is_reported() {
        let error = Request::new(&USER, &[("id", "1")]).unwrap_err();
        assert_eq!(error.to_string(), "invalid argument `place_id`: no value given");
    }

    #[test]
    fn header_values_with_newlines_are_refused() {
        let request = Request::new(&USER, &[("id", "1"), ("place_id", "2")]).unwrap();
        let error = request.header("X-Test", "a\r\nInjected: yes").unwrap_err();
        assert!(error.reason.contains("CR or LF"));
    }

    #[test]
    fn query_helpers_encode_lists() {
        let request = Request::new(&USER, &[("id", "1"), ("place_id", "2")])
            .unwrap()
            .query_csv("id", &["a", "b"])
            .query_repeated("tag", &[1, 2])
            .query_opt("none", None::<u8>)
            .query_csv::<u8>("empty", &[]);
        assert_eq!(
            request.query,
            vec![
                ("id".to_owned(), "a,b".to_owned()),
                ("tag".to_owned(), "1".to_owned()),
                ("tag".to_owned(), "2".to_owned())
            ]
        );
    }

    #[test]
    fn page_sizes_are_checked_against_the_spec_once() {
        static PAGED: Endpoint = endpoint_with(reqwest::Method::GET, "/items", &[], None, None, Some(PageSize { param: PageParam::Query("count"), max: 100 }));
        let request = Request::new(&PAGED, &[]).unwrap().page_size(Some(100)).unwrap();
        assert_eq!(request.query, [("count".to_owned(), "100".to_owned())]);
        for bad in [0, 101] {
            let error = Request::new(&PAGED, &[]).unwrap().page_size(Some(bad)).unwrap_err();
            assert_eq!(error.name, "count");
        }
        assert!(Request::new(&LIST, &[]).unwrap().page_size(Some(7)).unwrap().query.is_empty(), "no page-size parameter");
    }
}
