use crate::describe::{ErrorSchema, FieldErrors, JsonPath};
use crate::redact;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt;
use std::time::Duration;

/// The error kinds of one provider, generated from its spec's error tables.
///
/// Each generated crate has one `ErrorKind` enum implementing this trait. Which kind a response
/// is, is decided by the endpoint's [`ErrorSchema`]; this trait turns the kind's name into the
/// enum.
pub trait ErrorKind: Copy + fmt::Debug + fmt::Display + PartialEq + Send + Sync + 'static {
    /// The kind the spec's error tables call `name`; the catch-all kind for any other name.
    fn from_name(name: &str) -> Self;

    /// Whether a request that failed with this kind may succeed if sent again.
    fn is_retryable(self) -> bool;

    /// Whether this kind means the provider did not act on the request at all (as with a rate
    /// limit), so that even a non-idempotent request may be sent again.
    fn is_unprocessed(self) -> bool {
        false
    }
}

/// One field-level validation error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field the provider complained about.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
    /// The provider's code for what is wrong (`missing_field`), where the table names one.
    pub code: Option<String>,
    /// The whole element, for members the table does not name (`resource`), sensitive members
    /// masked.
    pub details: Value,
}

/// An error the provider answered with.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError<K> {
    /// The provider's kind for this error, from its error table.
    pub kind: K,
    /// The HTTP status (200 for application errors carried in a successful response).
    pub status: u16,
    /// The application error code from the body, if any.
    pub code: Option<String>,
    /// The message from the body, if any.
    pub message: Option<String>,
    /// Per-field validation errors, if any.
    pub field_errors: Vec<FieldError>,
    /// The provider's request id, if it sends one.
    pub request_id: Option<String>,
    /// How long the provider asked us to wait before trying again (`Retry-After`).
    pub retry_after: Option<Duration>,
    /// The start of the response body, for diagnostics (sensitive members masked).
    pub body_snippet: String,
    /// The whole error body, when it is JSON, for fields the error table does not name
    /// (sensitive members masked).
    pub details: Option<Value>,
}

impl<K: ErrorKind> ApiError<K> {
    /// Builds an API error from a response's status, headers and body, using the error schema.
    /// The values of `sensitive` members (and of [`redact::ALWAYS_SENSITIVE`]) are masked in the
    /// snippet and details.
    pub fn from_response(
        schema: &ErrorSchema,
        status: u16,
        headers: &reqwest::header::HeaderMap,
        body: &[u8],
        sensitive: &[&str],
    ) -> Self {
        let json: Option<Value> = serde_json::from_slice(body).ok();
        let named = ApiError::from_parts(schema, status, headers, json.as_ref(), body, sensitive);
        let kind = K::from_name(named.kind.0);
        named.with_kind(kind)
    }
}

impl<K> ApiError<K> {
    /// The error body decoded as `T`, typically the model the spec declares for its error table
    /// (`model`), for members the table does not name (`type`, `param`, `doc_url`); `None` when
    /// the body was not JSON of that shape. Sensitive members are masked, as in `details`.
    pub fn body_as<T: DeserializeOwned>(&self) -> Option<T> {
        self.details.as_ref().and_then(|details| T::deserialize(details).ok())
    }

    /// This error with `kind` instead of its own.
    pub(crate) fn with_kind<L>(self, kind: L) -> ApiError<L> {
        let Self { kind: _, status, code, message, field_errors, request_id, retry_after, body_snippet, details } = self;
        ApiError { kind, status, code, message, field_errors, request_id, retry_after, body_snippet, details }
    }
}

impl ApiError<KindName> {
    /// Builds an API error from a response, its body already parsed (`json`) where it is JSON;
    /// see [`ApiError::from_response`].
    pub(crate) fn from_parts(
        schema: &ErrorSchema,
        status: u16,
        headers: &reqwest::header::HeaderMap,
        json: Option<&Value>,
        body: &[u8],
        sensitive: &[&str],
    ) -> Self {
        let first = |paths: &[JsonPath]| json.and_then(|doc| paths.iter().find_map(|path| path.get_through_lists(doc).and_then(scalar_text)));
        let code = first(schema.code);
        let message = first(schema.message);
        let field_errors = match (json, schema.field_errors) {
            (Some(doc), Some(spec)) => read_field_errors(doc, &spec, sensitive),
            _ => Vec::new(),
        };
        let request_id = schema
            .request_id_header
            .and_then(|name| headers.get(name))
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let retry_after = headers
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|text| crate::retry_after::parse_retry_after(text, std::time::SystemTime::now()));
        Self {
            kind: KindName(schema.kind_name(status, code.as_deref(), headers.contains_key(reqwest::header::RETRY_AFTER)).unwrap_or("other")),
            status,
            code,
            message,
            field_errors,
            request_id,
            retry_after,
            body_snippet: redact::snippet(body, sensitive),
            details: json.map(|json| {
                let mut details = json.clone();
                redact::mask_value(&mut details, sensitive);
                details
            }),
        }
    }
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

fn read_field_errors(doc: &Value, spec: &FieldErrors, sensitive: &[&str]) -> Vec<FieldError> {
    let Some(Value::Array(items)) = spec.list.get_through_lists(doc) else {
        return Vec::new();
    };
    items
        .iter()
        .map(|item| {
            let mut details = item.clone();
            redact::mask_value(&mut details, sensitive);
            FieldError {
                field: item.get(spec.field).and_then(scalar_text).unwrap_or_default(),
                message: item.get(spec.message).and_then(scalar_text).unwrap_or_default(),
                code: spec.code.and_then(|code| item.get(code)).and_then(scalar_text),
                details,
            }
        })
        .collect()
}


impl<K: fmt::Display> fmt::Display for ApiError<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {}", self.kind, self.status)?;
        if let Some(code) = &self.code {
            write!(f, ", code {code}")?;
        }
        f.write_str(")")?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        for field_error in &self.field_errors {
            write!(f, "; {}: {}", field_error.field, field_error.message)?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " [request id {request_id}]")?;
        }
        Ok(())
    }
}

impl<K: fmt::Debug + fmt::Display> std::error::Error for ApiError<K> {}

/// Why a response could not be decoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The body is not JSON, or not of the type the spec gives it.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// The body is not shaped as the spec says: a page without its items, a next link that is
    /// not a string, a body over the size limit.
    #[error("{0}")]
    Shape(String),
}

impl From<String> for DecodeError {
    fn from(reason: String) -> Self {
        Self::Shape(reason)
    }
}

impl From<&str> for DecodeError {
    fn from(reason: &str) -> Self {
        Self::Shape(reason.to_owned())
    }
}

/// The note a decode error adds about a content type that is not JSON.
fn not_json(content_type: Option<&str>) -> String {
    content_type.map(|content_type| format!(" (the content type is `{content_type}`, not JSON)")).unwrap_or_default()
}

/// An error and each of its causes, as one line: `outer: cause: cause`. Each error's text leaves
/// its cause out (the cause is its `source()`), so print this, or use an error reporter such as
/// `anyhow`'s `{:#}`, to see why a call failed.
#[derive(Debug, Clone, Copy)]
pub struct ErrorReport<'a>(pub &'a (dyn std::error::Error + 'static));

impl fmt::Display for ErrorReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut cause = self.0.source();
        while let Some(error) = cause {
            write!(f, ": {error}")?;
            cause = error.source();
        }
        Ok(())
    }
}

/// An argument the caller passed cannot be put on the wire.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid argument `{name}`: {reason}")]
pub struct InvalidArgument {
    /// The parameter's name in the spec.
    pub name: String,
    /// What is wrong with it.
    pub reason: String,
}

/// Everything that can go wrong when calling an API through a generated client.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<K> {
    /// The provider answered with an error. It is the error itself rather than a cause, so its
    /// text and its source are the [`ApiError`]'s.
    #[error(transparent)]
    Api(Box<ApiError<K>>),
    /// The request did not complete within the configured timeout.
    #[error("request `{method} {path}` timed out")]
    Timeout {
        /// HTTP method.
        method: String,
        /// Path template of the endpoint (no parameter values, so no secrets).
        path: &'static str,
    },
    /// The request could not be sent or the response could not be read.
    // The cause is the source, not part of the text: an error report prints each once.
    #[error("transport error on `{method} {path}`")]
    Transport {
        /// HTTP method.
        method: String,
        /// Path template of the endpoint.
        path: &'static str,
        /// The underlying error, with the URL removed (it may carry a query-parameter key).
        #[source]
        source: crate::transport::TransportError,
    },
    /// The response arrived but is not what the spec says it is; what did not match is the
    /// source.
    #[error("could not decode the response to `{path}` (HTTP {status}){}; body starts: {snippet}", not_json(content_type.as_deref()))]
    Decode {
        /// Path template of the endpoint.
        path: &'static str,
        /// HTTP status of the response.
        status: u16,
        /// The response's content type, when it is not JSON.
        content_type: Option<String>,
        /// The start of the body (sensitive members masked).
        snippet: String,
        /// What did not match.
        #[source]
        source: DecodeError,
    },
    /// An argument cannot be sent (for example a path parameter of `..`).
    #[error(transparent)]
    InvalidArgument(#[from] InvalidArgument),
    /// The endpoint needs a credential that the client was not given.
    #[error("no credential configured for auth scheme `{scheme}`; set it on the client builder")]
    MissingCredential {
        /// Name of the auth scheme in the spec.
        scheme: &'static str,
    },
    /// Pagination cannot go on safely (a repeated cursor, a next link to another origin).
    #[error("pagination stopped: {reason}")]
    Pagination {
        /// Why.
        reason: String,
    },
    /// Writing a streamed body failed (the I/O error is the source), or it was larger than
    /// allowed.
    #[error("streaming the response failed: {reason}")]
    Io {
        /// What went wrong.
        reason: String,
        /// The I/O error, where there was one.
        #[source]
        source: Option<std::io::Error>,
    },
    /// An interceptor stopped the call before an attempt was sent.
    #[error("an interceptor stopped `{method} {path}`")]
    Interceptor {
        /// HTTP method.
        method: String,
        /// Path template of the endpoint.
        path: &'static str,
        /// What the interceptor said.
        #[source]
        source: crate::interceptor::InterceptorError,
    },
    /// A value given to the client does not have its type's format (a date, a decimal), from a
    /// scalar's `parse` or `try_from`, so `?` works on those in functions returning this error.
    #[error(transparent)]
    Scalar(#[from] crate::scalars::ScalarError),
    /// The client configuration is invalid (for example a malformed base URL).
    #[error("invalid client configuration: {reason}")]
    Config {
        /// What is wrong.
        reason: String,
    },
}

impl<K: Copy> Error<K> {
    /// The provider's error, if the provider answered with one.
    pub fn api_error(&self) -> Option<&ApiError<K>> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The provider's error kind, if the provider answered with an error.
    pub fn kind(&self) -> Option<K> {
        self.api_error().map(|api| api.kind)
    }

    /// The HTTP status of the response, where there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// How long the provider asked to wait before trying again.
    pub fn retry_after(&self) -> Option<Duration> {
        self.api_error().and_then(|api| api.retry_after)
    }

    /// The provider's error body decoded as `T` (see [`ApiError::body_as`]).
    pub fn body_as<T: DeserializeOwned>(&self) -> Option<T> {
        self.api_error().and_then(ApiError::body_as)
    }
}

impl<K: fmt::Debug + fmt::Display + Send + Sync + 'static> Error<K> {
    /// This error and its causes on one line (`could not decode ...: missing field `id` at line 1
    /// column 2`); see [`ErrorReport`].
    pub fn report(&self) -> ErrorReport<'_> {
        ErrorReport(self)
    }
}

impl<K: ErrorKind> Error<K> {
    /// Whether sending the same request again may succeed: retryable API error kinds, timeouts and
    /// transport failures. Whether it is *safe* to resend depends on the request's idempotency.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(api) => api.kind.is_retryable(),
            Error::Timeout { .. } | Error::Transport { .. } => true,
            _ => false,
        }
    }
}

/// An error kind as execution knows it: the name the spec's error tables give it. Execution is
/// compiled once, in the runtime, with these, rather than in every generated crate for its own
/// kind; a client types its errors when a call returns ([`Error::typed`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KindName(pub(crate) &'static str);

impl fmt::Display for KindName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// An error as execution returns it, before a client types its kind.
pub(crate) type Untyped = Error<KindName>;

/// What a client's error kinds say about retrying, looked up by kind name, so that execution
/// decides retries without being generic over the kind.
#[derive(Clone, Copy)]
pub(crate) struct KindTraits {
    retryable: fn(&str) -> bool,
    unprocessed: fn(&str) -> bool,
}

impl KindTraits {
    /// The traits of `K`'s kinds.
    pub(crate) fn of<K: ErrorKind>() -> Self {
        Self { retryable: |name| K::from_name(name).is_retryable(), unprocessed: |name| K::from_name(name).is_unprocessed() }
    }

    /// See [`ErrorKind::is_retryable`].
    pub(crate) fn is_retryable(&self, kind: KindName) -> bool {
        (self.retryable)(kind.0)
    }

    /// See [`ErrorKind::is_unprocessed`].
    pub(crate) fn is_unprocessed(&self, kind: KindName) -> bool {
        (self.unprocessed)(kind.0)
    }
}

impl fmt::Debug for KindTraits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KindTraits(..)")
    }
}

impl Untyped {
    /// This error with the client's own kind, named as the error tables name it.
    pub(crate) fn typed<K: ErrorKind>(self) -> Error<K> {
        match self {
            Error::Api(api) => {
                let kind = K::from_name(api.kind.0);
                Error::Api(Box::new(api.with_kind(kind)))
            }
            Error::Timeout { method, path } => Error::Timeout { method, path },
            Error::Transport { method, path, source } => Error::Transport { method, path, source },
            Error::Decode { path, status, content_type, snippet, source } => Error::Decode { path, status, content_type, snippet, source },
            Error::InvalidArgument(invalid) => Error::InvalidArgument(invalid),
            Error::MissingCredential { scheme } => Error::MissingCredential { scheme },
            Error::Pagination { reason } => Error::Pagination { reason },
            Error::Io { reason, source } => Error::Io { reason, source },
            Error::Interceptor { method, path, source } => Error::Interceptor { method, path, source },
            Error::Scalar(invalid) => Error::Scalar(invalid),
            Error::Config { reason } => Error::Config { reason },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::fixtures::ERRORS;
    use crate::execute::tests_support::Kind;
    use reqwest::header::{HeaderMap, HeaderValue};

    #[test]
    fn an_error_body_gives_its_kind_message_code_request_id_and_wait_with_credentials_masked() {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", HeaderValue::from_static("req-7"));
        headers.insert(reqwest::header::RETRY_AFTER, HeaderValue::from_static("3"));
        let body = br#"{"message": "slow down", "code": "expired", "password": "hunter2"}"#;
        let error: ApiError<Kind> = ApiError::from_response(&ERRORS, 429, &headers, body, &[]);
        assert_eq!(error.kind, Kind("session_expired"), "the code decides before the status");
        assert_eq!((error.message.as_deref(), error.code.as_deref()), (Some("slow down"), Some("expired")));
        assert_eq!((error.request_id.as_deref(), error.retry_after), (Some("req-7"), Some(Duration::from_secs(3))));
        assert!(!error.body_snippet.contains("hunter2") && !error.details.as_ref().is_some_and(|details| details.to_string().contains("hunter2")));
        assert_eq!(error.to_string(), "session_expired (HTTP 429, code expired): slow down [request id req-7]");
    }

    #[test]
    fn a_403_with_retry_after_is_a_rate_limit_and_bodies_decode_into_models_and_field_codes() {
        let mut headers = HeaderMap::new();
        let forbidden: ApiError<Kind> = ApiError::from_response(&ERRORS, 403, &headers, b"{}", &[]);
        assert_eq!(forbidden.kind, Kind("other"), "403 alone is not in the table");
        headers.insert(reqwest::header::RETRY_AFTER, HeaderValue::from_static("60"));
        let limited: ApiError<Kind> = ApiError::from_response(&ERRORS, 403, &headers, b"{}", &[]);
        assert_eq!((limited.kind, limited.retry_after), (Kind("rate_limited"), Some(Duration::from_secs(60))));

        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct CardError {
            r#type: String,
            decline_code: Option<String>,
        }
        let body = br#"{"type": "card_error", "decline_code": "insufficient_funds", "message": "declined"}"#;
        let declined: Error<Kind> = Error::Api(Box::new(ApiError::from_response(&ERRORS, 402, &HeaderMap::new(), body, &[])));
        let card: Option<CardError> = declined.body_as();
        assert_eq!(card, Some(CardError { r#type: "card_error".to_owned(), decline_code: Some("insufficient_funds".to_owned()) }));
        assert_eq!(Error::<Kind>::Timeout { method: "GET".to_owned(), path: "/" }.body_as::<CardError>(), None);

        static WITH_FIELDS: ErrorSchema = ErrorSchema {
            field_errors: Some(FieldErrors { list: JsonPath(&["errors"]), field: "field", message: "message", code: Some("code") }),
            ..ERRORS
        };
        let body = br#"{"errors": [{"resource": "Issue", "field": "title", "code": "missing_field", "password": "p"}]}"#;
        let invalid: ApiError<Kind> = ApiError::from_response(&WITH_FIELDS, 422, &HeaderMap::new(), body, &[]);
        let field = &invalid.field_errors[0];
        assert_eq!((field.field.as_str(), field.message.as_str(), field.code.as_deref()), ("title", "", Some("missing_field")));
        assert_eq!(field.details["resource"], "Issue");
        assert_ne!(field.details["password"], "p", "sensitive members are masked");
    }

    #[test]
    fn error_paths_index_lists_as_json_api_and_cloudflare_bodies_need() {
        static FIRST_OF_LIST: ErrorSchema = ErrorSchema {
            message: &[JsonPath(&["errors", "0", "detail"]), JsonPath(&["errors", "0", "message"])],
            code: &[JsonPath(&["errors", "0", "code"])],
            ..ERRORS
        };
        let json_api = br#"{"errors": [{"status": "422", "code": "taken", "detail": "Title is taken"}, {"detail": "second"}]}"#;
        let error: ApiError<Kind> = ApiError::from_response(&FIRST_OF_LIST, 422, &HeaderMap::new(), json_api, &[]);
        assert_eq!((error.message.as_deref(), error.code.as_deref()), (Some("Title is taken"), Some("taken")));
        let cloudflare = br#"{"success": false, "errors": [{"code": 7003, "message": "Could not route"}], "result": null}"#;
        let error: ApiError<Kind> = ApiError::from_response(&FIRST_OF_LIST, 400, &HeaderMap::new(), cloudflare, &[]);
        assert_eq!((error.message.as_deref(), error.code.as_deref()), (Some("Could not route"), Some("7003")));
        let empty: ApiError<Kind> = ApiError::from_response(&FIRST_OF_LIST, 400, &HeaderMap::new(), br#"{"errors": []}"#, &[]);
        assert_eq!((empty.message, empty.code), (None, None));
    }

    #[test]
    fn causes_are_sources_printed_once_and_scalar_errors_convert() {
        use std::error::Error as _;
        let refused: Error<Kind> = Error::Transport { method: "GET".to_owned(), path: "/items", source: crate::transport::TransportError::connect("connection refused") };
        assert_eq!(refused.to_string(), "transport error on `GET /items`");
        assert_eq!(refused.source().map(ToString::to_string).as_deref(), Some("connection refused"));
        fn parse_date(text: &str) -> Result<crate::scalars::Date, Error<Kind>> {
            Ok(crate::scalars::Date::parse(text)?)
        }
        let invalid = parse_date("31/12/2024").expect_err("not ISO 8601");
        assert!(matches!(invalid, Error::Scalar(_)) && invalid.to_string().contains("`31/12/2024` is not a valid"), "{invalid}");
        assert!(parse_date("2024-12-31").is_ok());
    }

    #[test]
    fn decode_and_io_causes_are_sources_and_a_report_prints_each_once() {
        use std::error::Error as _;
        let json = serde_json::from_str::<u32>("\"x\"").expect_err("not a number");
        let decode: Error<Kind> = Error::Decode { path: "/items", status: 200, content_type: Some("text/html".to_owned()), snippet: "\"x\"".to_owned(), source: json.into() };
        assert_eq!(decode.to_string(), "could not decode the response to `/items` (HTTP 200) (the content type is `text/html`, not JSON); body starts: \"x\"");
        let cause = decode.source().expect("the decoder's error is the source");
        assert!(cause.to_string().starts_with("invalid type: string \"x\", expected u32"), "{cause}");
        assert_eq!(decode.report().to_string(), format!("{decode}: {cause}"));
        let disk = std::io::Error::new(std::io::ErrorKind::StorageFull, "disk full");
        let io: Error<Kind> = Error::Io { reason: "writing the body failed".to_owned(), source: Some(disk) };
        assert_eq!(io.report().to_string(), "streaming the response failed: writing the body failed: disk full");
        let api: Error<Kind> = Error::Api(Box::new(ApiError::from_response(&ERRORS, 404, &HeaderMap::new(), br#"{"message": "no such item"}"#, &[])));
        assert_eq!(api.to_string(), "not_found (HTTP 404): no such item", "the API error is the error, not wrapped in another text");
        assert!(api.source().is_none());
        let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(api.api_error().expect("an API error").clone());
        assert_eq!(boxed.to_string(), "not_found (HTTP 404): no such item");
    }

    #[test]
    fn errors_say_whether_retrying_may_help() {
        let api: Error<Kind> = Error::Api(Box::new(ApiError::from_response(&ERRORS, 503, &reqwest::header::HeaderMap::new(), b"", &[])));
        assert_eq!((api.kind(), api.status(), api.is_retryable()), (Some(Kind("server_error")), Some(503), true));
        let missing: Error<Kind> = Error::MissingCredential { scheme: "key" };
        assert!(!missing.is_retryable() && missing.kind().is_none());
        let timeout: Error<Kind> = Error::Timeout { method: "GET".to_owned(), path: "/items" };
        assert!(timeout.is_retryable());
        assert_eq!(timeout.to_string(), "request `GET /items` timed out");
    }

    #[test]
    fn execution_errors_take_the_clients_kind_by_name_and_keep_the_rest() {
        let named: Untyped = Error::Api(Box::new(ApiError::from_parts(&ERRORS, 503, &HeaderMap::new(), None, b"busy", &[])));
        let typed: Error<Kind> = named.typed();
        assert_eq!((typed.kind(), typed.status(), typed.is_retryable()), (Some(Kind("server_error")), Some(503), true));
        assert_eq!(typed.api_error().map(|api| api.body_snippet.as_str()), Some("busy"));
        let unknown: Error<Kind> = Error::Api(Box::new(ApiError::from_parts(&ERRORS, 418, &HeaderMap::new(), None, b"", &[]))).typed();
        assert_eq!(unknown.kind(), Some(Kind("other")));
        let timeout: Error<Kind> = Untyped::Timeout { method: "GET".to_owned(), path: "/items" }.typed();
        assert_eq!(timeout.to_string(), "request `GET /items` timed out");
        let kinds = KindTraits::of::<Kind>();
        assert!(kinds.is_retryable(KindName("rate_limited")) && kinds.is_unprocessed(KindName("rate_limited")));
        assert!(kinds.is_retryable(KindName("server_error")) && !kinds.is_unprocessed(KindName("server_error")));
        assert!(!kinds.is_retryable(KindName("not_found")) && !kinds.is_retryable(KindName("no_such_kind")));
    }
}
