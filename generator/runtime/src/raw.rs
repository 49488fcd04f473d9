//! The raw escape hatch: a request to any path of the API, for endpoints the spec does not
//! describe yet, sent through the same pipeline as generated calls (auth, retries, rate limits,
//! timeouts, interceptors, error decoding), returning bytes or a caller-chosen type.

use crate::describe::{AuthScheme, Endpoint, ErrorSchema};
use crate::error::{Error, ErrorKind, InvalidArgument};
use crate::execute::{Core, Response};
use crate::options::CallOptions;
use crate::request::Request;
use bytes::Bytes;
use reqwest::Method;
use serde::de::DeserializeOwned;
use std::fmt::Display;

/// The description a raw request is sent under: one per method, with the API's default auth
/// schemes and error table. Generated clients declare one static of these.
#[derive(Debug)]
pub struct RawEndpoints {
    get: Endpoint,
    post: Endpoint,
    put: Endpoint,
    patch: Endpoint,
    delete: Endpoint,
    head: Endpoint,
}

/// How raw requests show in errors and tracing spans (their paths may hold values).
const RAW_PATH: &str = "(raw request)";

impl RawEndpoints {
    /// Raw endpoints sent with the auth schemes `auth` and decoded with `errors`.
    pub const fn new(auth: &'static [&'static AuthScheme], errors: &'static ErrorSchema) -> Self {
        const fn endpoint(method: Method, auth: &'static [&'static AuthScheme], errors: &'static ErrorSchema, idempotent: bool) -> Endpoint {
            Endpoint { method, path: RAW_PATH, auth, errors, envelope: None, pagination: None, page_size: None, idempotent, starts_session: false, headers: &[] }
        }
        Self {
            get: endpoint(Method::GET, auth, errors, true),
            post: endpoint(Method::POST, auth, errors, false),
            put: endpoint(Method::PUT, auth, errors, true),
            patch: endpoint(Method::PATCH, auth, errors, false),
            delete: endpoint(Method::DELETE, auth, errors, true),
            head: endpoint(Method::HEAD, auth, errors, true),
        }
    }

    fn endpoint(&'static self, method: &Method) -> Option<&'static Endpoint> {
        Some(match *method {
            Method::GET => &self.get,
            Method::POST => &self.post,
            Method::PUT => &self.put,
            Method::PATCH => &self.patch,
            Method::DELETE => &self.delete,
            Method::HEAD => &self.head,
            _ => return None,
        })
    }
}

/// A request to a path the spec does not describe. Build one with the generated client's `raw`.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest<K> {
    core: Core<K>,
    request: Result<Request, InvalidArgument>,
    options: CallOptions,
}

impl<K: ErrorKind> RawRequest<K> {
    /// A request with `method` to `path` (relative to the base URL, starting with `/`; no query,
    /// which goes through [`RawRequest::query`]). A path that could leave the API (`//host`,
    /// `..` segments, a scheme) fails when sent.
    pub fn new(core: Core<K>, endpoints: &'static RawEndpoints, method: Method, path: &str) -> Self {
        let request = raw_request(endpoints, &method, path);
        Self { core, request, options: CallOptions::default() }
    }

    /// Adds a query parameter.
    pub fn query(mut self, name: &str, value: impl Display) -> Self {
        self.request = self.request.map(|request| request.query(name, value));
        self
    }

    /// Adds a header (not a credential: those come from the client). One that cannot be sent
    /// fails the call before anything is sent.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.options.add_header(name, value);
        self
    }

    /// Sends `body` as JSON.
    pub fn json(mut self, body: &impl serde::Serialize) -> Self {
        self.request = self.request.and_then(|request| request.json_body(body));
        self
    }

    /// Sends the request and returns the response body.
    pub async fn send_bytes(self) -> Result<Bytes, Error<K>> {
        let request = self.request?.options(&self.options)?;
        self.core.send_bytes(request).await
    }

    /// Sends the request and decodes the JSON response as `T`.
    pub async fn send_json<T: DeserializeOwned>(self) -> Result<T, Error<K>> {
        let request = self.request?.options(&self.options)?;
        self.core.send_json(request).await
    }

    /// Sends the request and returns the response body with the response's status, headers and
    /// request id.
    pub async fn send_with_response(self) -> Result<Response<Bytes>, Error<K>> {
        let request = self.request?.options(&self.options)?;
        self.core.send_bytes_with_response(request).await
    }
}

impl<K> crate::options::PerCallOptions for RawRequest<K> {
    fn call_options(&mut self) -> &mut CallOptions {
        &mut self.options
    }
}

/// A checked, encoded raw request.
fn raw_request(endpoints: &'static RawEndpoints, method: &Method, path: &str) -> Result<Request, InvalidArgument> {
    let invalid = |reason: &str| InvalidArgument { name: "path".to_owned(), reason: reason.to_owned() };
    let endpoint = endpoints.endpoint(method).ok_or_else(|| InvalidArgument { name: "method".to_owned(), reason: format!("raw requests cannot use {method}") })?;
    if !path.starts_with('/') || path.starts_with("//") {
        return Err(invalid("a raw path starts with a single `/` and stays on the API's host"));
    }
    if path.contains(['?', '#']) {
        return Err(invalid("a raw path has no query or fragment; add query parameters with `query`"));
    }
    // `%2e` is a dot to URL parsers too.
    if path.split('/').any(|segment| matches!(segment.to_ascii_lowercase().replace("%2e", ".").as_str(), "." | "..")) {
        return Err(invalid("a raw path cannot hold `.` or `..` segments"));
    }
    Ok(Request::with_path(endpoint, crate::encoding::raw_path(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::describe::fixtures::{ERRORS, KEY};

    static RAW: RawEndpoints = RawEndpoints::new(&[&KEY], &ERRORS);

    #[test]
    fn raw_paths_stay_on_the_api() {
        let request = raw_request(&RAW, &Method::GET, "/v2/orders/a b").expect("valid");
        assert_eq!(request.path(), "/v2/orders/a%20b");
        assert!(request.endpoint().idempotent);
        assert!(!raw_request(&RAW, &Method::POST, "/x").expect("valid").endpoint().idempotent);
        for path in ["orders", "//evil.example/x", "/a/../b", "/a/%2E%2e/b", "/a?x=1", "https://evil.example/"] {
            assert!(raw_request(&RAW, &Method::GET, path).is_err(), "{path}");
        }
        assert!(raw_request(&RAW, &Method::TRACE, "/x").is_err());
    }
}
