//! Endpoints: method, path template, auth, error table, envelope and pagination, as a spec
//! declares them. Generated crates declare one static [`Endpoint`] per endpoint, referring to the
//! statics of the spec's schemes.

use super::auth::AuthScheme;
use super::errors::ErrorSchema;
use super::json_path::JsonPath;
use super::pagination::{PageParam, Pagination};
use reqwest::Method;

/// Static description of one endpoint, generated from the spec.
#[derive(Debug)]
pub struct Endpoint {
    /// HTTP method.
    pub method: Method,
    /// Path template relative to the base URL, such as `/users/{id}/`.
    pub path: &'static str,
    /// The API's auth schemes this endpoint uses, all applied to each request.
    pub auth: &'static [&'static AuthScheme],
    /// Where error responses carry their message, code and field errors.
    pub errors: &'static ErrorSchema,
    /// Success envelope to unwrap, if the provider wraps responses.
    pub envelope: Option<&'static Envelope>,
    /// Pagination style, for list endpoints.
    pub pagination: Option<&'static Pagination>,
    /// The page-size parameter and its maximum, checked when a request sets it.
    pub page_size: Option<PageSize>,
    /// Whether sending the request twice has the same effect as once.
    pub idempotent: bool,
    /// Whether a successful response carries a new session token (a login).
    pub starts_session: bool,
    /// Headers this endpoint always sends, over the API's (an `Accept` of its own).
    pub headers: &'static [ConstantHeader],
}

impl Endpoint {
    /// The object of a JSON request body that holds the request's own members (where a
    /// [`PageParam::Body`] is): the body, or the member the request wrapper puts it under.
    pub fn request_members<'v>(&self, body: &'v serde_json::Value) -> Option<&'v serde_json::Map<String, serde_json::Value>> {
        match self.envelope.and_then(|envelope| envelope.request.as_ref()) {
            Some(wrap) => body.get(wrap.field)?.as_object(),
            None => body.as_object(),
        }
    }

    /// [`request_members`](Self::request_members), to change.
    pub fn request_members_mut<'v>(&self, body: &'v mut serde_json::Value) -> Option<&'v mut serde_json::Map<String, serde_json::Value>> {
        match self.envelope.and_then(|envelope| envelope.request.as_ref()) {
            Some(wrap) => body.get_mut(wrap.field)?.as_object_mut(),
            None => body.as_object_mut(),
        }
    }
}

/// A header sent with a fixed value: a media type in `Accept`, an API version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConstantHeader {
    /// The header's name.
    pub name: &'static str,
    /// Its value.
    pub value: &'static str,
}

/// A page-size parameter and the largest value the provider accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize {
    /// The query parameter or body member.
    pub param: PageParam,
    /// The largest page size.
    pub max: u32,
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
        self.succeeded_with(self.path.get(document))
    }

    /// Whether the flag's value, `None` when the document has none, marks success.
    pub fn succeeded_with(&self, value: Option<&serde_json::Value>) -> bool {
        match value {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn success_flags_compare_literals_and_may_be_optional() {
        let flag = SuccessFlag { path: JsonPath(&["status"]), equals: JsonLiteral::Int(0), optional: false };
        assert!(flag.succeeded(&json!({"status": 0})));
        assert!(!flag.succeeded(&json!({"status": 3})));
        assert!(!flag.succeeded(&json!({"status": "0"})), "a string is not the integer 0");
        assert!(!flag.succeeded(&json!({})));
        let optional = SuccessFlag { optional: true, equals: JsonLiteral::Bool(true), ..flag };
        assert!(optional.succeeded(&json!({})));
        assert!(!optional.succeeded(&json!({"status": false})));
        assert_eq!(JsonLiteral::Str("ok").to_value(), json!("ok"));
    }
}
