//! Responses: as read off the wire inside execution, and the metadata a caller can keep with a
//! typed value ([`Response`]) or a page.

use crate::describe::Endpoint;
use crate::error::{DecodeError, Error, Untyped};
use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde_json::Value;

/// A response as read off the wire.
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// JSON members whose values are credentials, masked in the snippets errors quote.
    pub(crate) sensitive: &'static [&'static str],
}

impl RawResponse {
    /// The body as JSON (`null` when empty).
    pub(crate) fn parse_document(&self, endpoint: &'static Endpoint) -> Result<Value, Untyped> {
        if self.body.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&self.body).map_err(|error| self.decode_error(endpoint.path, error))
    }

    /// A decode error quoting the start of the body, sensitive members masked, and naming the
    /// content type when it is not JSON.
    pub(crate) fn decode_error<K>(&self, path: &'static str, error: impl Into<DecodeError>) -> Error<K> {
        let content_type = self.headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or("");
        let content_type = (!content_type.is_empty() && !content_type.contains("json")).then(|| content_type.to_owned());
        let snippet = crate::redact::snippet(&self.body, self.sensitive);
        Error::Decode { path, status: self.status.as_u16(), content_type, snippet, source: error.into() }
    }

    /// What a caller may keep of this response, the headers moved out.
    pub(crate) fn take_meta(&mut self, endpoint: &'static Endpoint) -> ResponseMeta {
        ResponseMeta::new(self.status, std::mem::take(&mut self.headers), endpoint.errors.request_id_header)
    }
}

/// The status, headers and request id of a successful response.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ResponseMeta {
    status: StatusCode,
    headers: HeaderMap,
    request_id: Option<String>,
}

impl ResponseMeta {
    /// The metadata of a response with `status` and `headers`, its request id read from
    /// `request_id_header` (the API's, where it names one).
    pub fn new(status: StatusCode, headers: HeaderMap, request_id_header: Option<&str>) -> Self {
        let request_id = request_id_header.and_then(|name| headers.get(name)).and_then(|value| value.to_str().ok()).map(str::to_owned);
        Self { status, headers, request_id }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The provider's id for the request, from the header its spec names.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

/// A typed value with the metadata of the response it came from (`send_with_response()`).
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    value: T,
    meta: ResponseMeta,
}

impl<T> Response<T> {
    /// A value and its response's metadata.
    pub fn new(value: T, meta: ResponseMeta) -> Self {
        Self { value, meta }
    }

    /// The value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The value, the metadata dropped.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The value and the metadata.
    pub fn into_parts(self) -> (T, ResponseMeta) {
        (self.value, self.meta)
    }

    /// The response's status, headers and request id.
    pub fn meta(&self) -> &ResponseMeta {
        &self.meta
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.meta.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.meta.headers
    }

    /// The provider's id for the request, where it sends one.
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::fixtures::LIST;
    use crate::execute::tests_support::Kind;
    use reqwest::header::HeaderValue;

    fn response(body: &'static [u8], content_type: &'static str) -> RawResponse {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        headers.insert("x-request-id", HeaderValue::from_static("req-9"));
        RawResponse { status: StatusCode::OK, headers, body: Bytes::from_static(body), sensitive: &["pin"] }
    }

    #[test]
    fn decode_errors_mask_sensitive_members_and_name_a_content_type_that_is_not_json() {
        let raw = response(br#"{"pin": "1234", "password": "pw", "n": 1}"#, "application/json");
        let shown = raw.decode_error::<Kind>(LIST.path, "wrong shape").to_string();
        assert!(!shown.contains("1234") && !shown.contains("\"pw\"") && shown.contains(r#""n": 1"#), "{shown}");
        let html = response(b"<html>", "text/html");
        let error = html.parse_document(&LIST).expect_err("not JSON");
        assert!(error.to_string().contains("`text/html`, not JSON"), "{error}");
    }

    #[test]
    fn metadata_keeps_status_headers_and_the_request_id() {
        let mut raw = response(b"{}", "application/json");
        let meta = raw.take_meta(&LIST);
        assert_eq!((meta.status(), meta.request_id()), (StatusCode::OK, Some("req-9")));
        let typed = Response::new(7, meta);
        assert_eq!((*typed.value(), typed.headers()[CONTENT_TYPE].to_str().ok()), (7, Some("application/json")));
        assert!(raw.headers.is_empty(), "the headers were moved, not copied");
    }
}
