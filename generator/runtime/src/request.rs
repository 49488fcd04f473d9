use crate::error::{ErrorSchema, InvalidArgument};
use crate::options::CallOptions;
use crate::json_path::JsonPath;
use crate::pagination::Pagination;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use std::fmt::Display;

/// Static description of one endpoint, generated from the spec.
#[derive(Debug)]
pub struct Endpoint {
    /// HTTP method.
    pub method: Method,
    /// Path template relative to the base URL, such as `/users/{id}/`.
    pub path: &'static str,
    /// Indexes into the API's auth schemes, all applied to this endpoint.
    pub auth: &'static [usize],
    /// Where error responses carry their message, code and field errors.
    pub errors: &'static ErrorSchema,
    /// Success envelope to unwrap, if the provider wraps responses.
    pub envelope: Option<&'static Envelope>,
    /// Pagination style, for list endpoints.
    pub pagination: Option<&'static Pagination>,
    /// The page-size parameter and its maximum, enforced before sending.
    pub page_size: Option<PageSize>,
    /// Whether sending the request twice has the same effect as once.
    pub idempotent: bool,
    /// Whether a successful response carries a new session token (a login).
    pub starts_session: bool,
}

/// A page-size query parameter and the largest value the provider accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize {
    /// The query parameter.
    pub param: &'static str,
    /// The largest page size.
    pub max: u64,
}

/// A success envelope: the payload sits at `data`, and `success` (if set) tells success from an
/// application error carried in an HTTP 2xx response.
#[derive(Debug)]
pub struct Envelope {
    /// Where the payload is.
    pub data: JsonPath,
    /// The field that marks success, and its value on success.
    pub success: Option<SuccessFlag>,
    /// How request bodies are wrapped, if they are.
    pub request: Option<RequestWrap>,
}

/// A request wrapper: the body goes under `field`, beside constant members (such as
/// `{"data": <body>, "ver": 2}`).
#[derive(Debug)]
pub struct RequestWrap {
    /// The member holding the body.
    pub field: &'static str,
    /// Constant members sent beside it.
    pub constants: &'static [(&'static str, JsonLiteral)],
}

/// A field whose value marks a successful response, such as `status: 0` or `success: true`.
#[derive(Debug)]
pub struct SuccessFlag {
    /// Path of the field.
    pub path: JsonPath,
    /// Its value on success.
    pub equals: JsonLiteral,
    /// Whether a body without the field counts as a success.
    pub optional: bool,
}

impl SuccessFlag {
    /// Whether `document` marks success.
    pub fn succeeded(&self, document: &serde_json::Value) -> bool {
        match self.path.get(document) {
            Some(value) => self.equals.matches(value),
            None => self.optional,
        }
    }
}

/// A JSON scalar known at compile time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum JsonLiteral {
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(&'static str),
}

impl JsonLiteral {
    /// The literal as a JSON value.
    pub fn to_value(&self) -> serde_json::Value {
        match self {
            JsonLiteral::Bool(flag) => serde_json::Value::Bool(*flag),
            JsonLiteral::Int(number) => serde_json::Value::from(*number),
            JsonLiteral::Str(text) => serde_json::Value::from(*text),
        }
    }

    /// Whether `value` is this literal.
    pub fn matches(&self, value: &serde_json::Value) -> bool {
        match self {
            JsonLiteral::Bool(expected) => value.as_bool() == Some(*expected),
            JsonLiteral::Int(expected) => value.as_i64() == Some(*expected),
            JsonLiteral::Str(expected) => value.as_str() == Some(*expected),
        }
    }
}

/// A request body.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    Json(bytes::Bytes),
    Raw { content_type: String, bytes: bytes::Bytes },
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

/// Characters left as they are in a path segment: RFC 3986 unreserved. Everything else,
/// including `/`, `?`, `#` and `%`, is percent-encoded so a value cannot leave its segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

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
            path.extend(utf8_percent_encode(value, PATH_SEGMENT));
            rest = &rest[close + 1..];
        }
        path.push_str(rest);
        Ok(Self { endpoint, path, query: Vec::new(), headers: Vec::new(), body: None, accept: "application/json", options: CallOptions::default() })
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

    /// Sets or replaces a query parameter (used by pagination).
    pub(crate) fn set_query(&mut self, name: &str, value: String) {
        self.query.retain(|(existing, _)| existing != name);
        self.query.push((name.to_owned(), value));
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
    pub fn form_body<T: serde::Serialize + ?Sized>(mut self, body: &T) -> Result<Self, InvalidArgument> {
        let invalid = |reason: String| InvalidArgument { name: "body".to_owned(), reason };
        let serde_json::Value::Object(members) = serde_json::to_value(body).map_err(|error| invalid(error.to_string()))? else {
            return Err(invalid("a form body must be an object".to_owned()));
        };
        let text = |value: &serde_json::Value| match value {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (name, value) in &members {
            match value {
                serde_json::Value::Null => {}
                serde_json::Value::Array(items) => pairs.extend(items.iter().map(|item| (name.clone(), text(item)))),
                other => pairs.push((name.clone(), text(other))),
            }
        }
        let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
        self.body = Some(Body::Raw {
            content_type: "application/x-www-form-urlencoded".to_owned(),
            bytes: crate::oauth::form_encode(&borrowed).into(),
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
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static USER: Endpoint = Endpoint {
        method: Method::GET,
        path: "/users/{id}/places/{place_id}/",
        auth: &[],
        errors: &ErrorSchema { table: 0, message: &[], code: &[], field_errors: None, request_id_header: None },
        envelope: None,
        pagination: None,
        page_size: None,
        idempotent: true,
        starts_session: false,
    };

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
}
