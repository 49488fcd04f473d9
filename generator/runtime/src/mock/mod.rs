//! A local HTTP server that speaks a described API, for testing code that uses a generated
//! client without the network (feature `testing`).
//!
//! Generated crates wrap it in their own `testing::MockServer`, which knows the provider's
//! endpoints and the spec's examples; this module knows only descriptions. The server answers
//! each request, in this order:
//!
//! 1. with a session expiry, once, after [`MockServer::expire_session_once`], on an endpoint that
//!    sends the session token;
//! 2. with the most recent stub of the endpoint that still applies ([`EndpointMock`],
//!    [`ListMock`]): a payload in the endpoint's envelope, a list paged in its pagination style,
//!    an error of a given kind encoded as its error table reads it, a `429` with `Retry-After`;
//! 3. with the response of the spec's example whose path and query the request has, or else the
//!    endpoint's first example (as the last page of a list, so a client does not follow a link
//!    to the real provider);
//! 4. with a `404` whose message says what was asked and that nothing answers it.
//!
//! Every request is recorded ([`Call`]), credentials masked.

mod encode;

pub use encode::DEFAULT_PAGE_SIZE;

use crate::describe::{ApiDescription, Endpoint, Placement};
use crate::error::ErrorKind;
use encode::Reply;
use serde::Serialize;
use serde_json::Value;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// One example of a spec, as the mock server answers it: the request it matches and the
/// response it gets.
#[derive(Debug)]
pub struct Example {
    /// The endpoint.
    pub endpoint: &'static Endpoint,
    /// The request's path, percent-encoded, relative to the base URL.
    pub path: &'static str,
    /// Query pairs the request has (others may be present too).
    pub query: &'static [(&'static str, &'static str)],
    /// The response's status.
    pub status: u16,
    /// The response's headers.
    pub headers: &'static [(&'static str, &'static str)],
    /// The response's body, as sent.
    pub body: Option<&'static str>,
}

/// A request the mock server received, with credentials masked.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Call {
    /// The endpoint it was routed to, if any matched its method and path.
    pub endpoint: Option<&'static Endpoint>,
    /// The HTTP method, as sent (a method-override header may carry another).
    pub method: String,
    /// The path, percent-encoded as sent.
    pub path: String,
    /// Decoded query pairs in the order sent; credentials read `<redacted>`.
    pub query: Vec<(String, String)>,
    /// Headers, names in lowercase; credentials read `<redacted>`.
    pub headers: Vec<(String, String)>,
    /// The raw body.
    pub body: Vec<u8>,
}

/// What a masked credential reads in a [`Call`].
pub const REDACTED: &str = "<redacted>";

impl Call {
    /// The body as JSON, if it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The first value of query parameter `name`.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// Whether this call went to `endpoint`.
    pub fn is_to(&self, endpoint: &'static Endpoint) -> bool {
        self.endpoint.is_some_and(|routed| std::ptr::eq(routed, endpoint))
    }
}

/// How a stub answers.
#[derive(Debug)]
enum Answer {
    /// A reply decided when the stub was made.
    Fixed(Reply),
    /// A list, paged as each request asks.
    Items { items: Vec<Value>, page_size: usize },
}

#[derive(Debug)]
struct Stub {
    endpoint: &'static Endpoint,
    answer: Answer,
    /// How many more calls it answers; `None`: every call.
    remaining: Option<usize>,
}

#[derive(Debug, Default)]
struct State {
    stubs: Vec<Stub>,
    calls: Vec<Call>,
    expire_session: bool,
}

/// A local server on 127.0.0.1 that answers as the described API would.
#[derive(Debug)]
pub struct MockServer {
    server: wiremock::MockServer,
    state: Arc<Mutex<State>>,
}

impl MockServer {
    /// Starts a server for `api`, routing requests to `endpoints` and answering with `examples`
    /// until stubs say otherwise.
    pub async fn start(api: &'static ApiDescription, endpoints: &'static [&'static Endpoint], examples: &'static [Example]) -> Self {
        let server = wiremock::MockServer::start().await;
        let state = Arc::new(Mutex::new(State::default()));
        let responder = Responder { api, endpoints, examples, state: Arc::clone(&state), uri: server.uri() };
        wiremock::Mock::given(wiremock::matchers::any()).respond_with(responder).mount(&server).await;
        Self { server, state }
    }

    /// The server's base URL (`http://127.0.0.1:PORT`).
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The next call of an endpoint that sends the session token fails as the provider says a
    /// session expired; the client renews its session and sends the call again.
    pub fn expire_session_once(&self) {
        self.state().expire_session = true;
    }

    /// Every request received so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.state().calls.clone()
    }

    /// The requests received so far that went to `endpoint`.
    pub fn calls_to(&self, endpoint: &'static Endpoint) -> Vec<Call> {
        self.state().calls.iter().filter(|call| call.is_to(endpoint)).cloned().collect()
    }

    fn add_stub(&self, endpoint: &'static Endpoint, answer: Answer, remaining: Option<usize>) {
        self.state().stubs.push(Stub { endpoint, answer, remaining });
    }
}

/// The wiremock responder behind [`MockServer`].
struct Responder {
    api: &'static ApiDescription,
    endpoints: &'static [&'static Endpoint],
    examples: &'static [Example],
    state: Arc<Mutex<State>>,
    uri: String,
}

impl wiremock::Respond for Responder {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        // A POST carrying the real method in the API's override header is that method.
        let overridden = self.api.method_override.filter(|_| request.method.as_str() == "POST").and_then(|method_override| request.headers.get(method_override.header)).and_then(|value| value.to_str().ok());
        let method = overridden.unwrap_or(request.method.as_str());
        let path = request.url.path();
        let query: Vec<(String, String)> = request.url.query_pairs().map(|(name, value)| (name.into_owned(), value.into_owned())).collect();
        let endpoint = self.endpoints.iter().copied().find(|endpoint| endpoint.method.as_str() == method && path_matches(endpoint.path, path));
        let headers = request.headers.iter().map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()));
        let call = Call {
            endpoint,
            method: request.method.as_str().to_owned(),
            path: path.to_owned(),
            query: query.iter().map(|(name, value)| (name.clone(), if self.is_credential_param(name) { REDACTED.to_owned() } else { value.clone() })).collect(),
            headers: headers.map(|(name, value)| if self.is_credential_header(&name) { (name, REDACTED.to_owned()) } else { (name, value) }).collect(),
            body: request.body.clone(),
        };
        let reply = {
            let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            state.calls.push(call);
            match endpoint {
                Some(endpoint) => self.answer(&mut state, endpoint, path, &encode::Sent::new(endpoint, &query, &request.body)),
                None => encode::unanswered(None, &format!("no endpoint of the API is {method} {path} (mock server)")),
            }
        };
        template(reply)
    }
}

impl Responder {
    fn answer(&self, state: &mut State, endpoint: &'static Endpoint, path: &str, sent: &encode::Sent<'_>) -> Reply {
        let query = sent.query();
        if let Some(session) = self.api.session {
            let sends_token = endpoint.auth.iter().any(|scheme| std::ptr::eq(*scheme, session.scheme));
            let renews = session.renew.is_some_and(|renew| std::ptr::eq(renew, endpoint));
            if state.expire_session && sends_token && !renews && !endpoint.starts_session {
                state.expire_session = false;
                return encode::session_expired(endpoint, session);
            }
        }
        let stub = state.stubs.iter_mut().rev().find(|stub| std::ptr::eq(stub.endpoint, endpoint) && stub.remaining != Some(0));
        if let Some(stub) = stub {
            if let Some(remaining) = stub.remaining.as_mut() {
                *remaining -= 1;
            }
            return match (&stub.answer, endpoint.pagination) {
                (Answer::Fixed(reply), _) => reply.clone(),
                (Answer::Items { items, page_size }, Some(style)) => encode::page(endpoint, style, items, sent, *page_size, |offset| self.next_url(path, query, offset)),
                // A list stub on an endpoint without pagination: the whole list is the payload.
                (Answer::Items { items, .. }, None) => encode::success(endpoint, Value::Array(items.clone())),
            };
        }
        let examples = || self.examples.iter().filter(|example| std::ptr::eq(example.endpoint, endpoint));
        let has = |example: &&Example| example.path == path && example.query.iter().all(|(name, value)| query.iter().any(|(key, sent)| key == name && sent == value));
        let Some(example) = examples().find(has).or_else(|| examples().next()) else {
            let message = format!("no stub or example answers {} {path} (mock server)", endpoint.method);
            return encode::unanswered(Some(endpoint), &message);
        };
        match endpoint.pagination {
            Some(style) if !encode::is_first_page(style, sent) => encode::empty_page(endpoint, style),
            Some(style) => {
                let mut reply = example_reply(example);
                encode::last_page(endpoint, style, &mut reply);
                reply
            }
            None => example_reply(example),
        }
    }

    /// The mock's URL of the page of this list starting at `offset`.
    fn next_url(&self, path: &str, query: &[(String, String)], offset: usize) -> String {
        // The server's own URI always parses; the fallback keeps this total.
        let Ok(mut url) = reqwest::Url::parse(&self.uri) else {
            return format!("{}{path}?{}={offset}", self.uri, encode::OFFSET_PARAM);
        };
        url.set_path(path);
        url.query_pairs_mut()
            .clear()
            .extend_pairs(query.iter().filter(|(name, _)| name != encode::OFFSET_PARAM))
            .append_pair(encode::OFFSET_PARAM, &offset.to_string());
        url.into()
    }

    fn placements(&self) -> impl Iterator<Item = Placement> + '_ {
        self.api.auth.iter().flat_map(|scheme| std::iter::once(scheme.placement).chain(scheme.alternative))
    }

    fn is_credential_header(&self, name: &str) -> bool {
        name.eq_ignore_ascii_case("authorization") || self.placements().any(|placement| matches!(placement, Placement::Header { name: header, .. } if header.eq_ignore_ascii_case(name)))
    }

    fn is_credential_param(&self, name: &str) -> bool {
        self.placements().any(|placement| matches!(placement, Placement::Query { name: param } if param == name))
    }
}

/// Whether `path` is an instance of the endpoint's `template` (`/users/{id}`).
fn path_matches(template: &str, path: &str) -> bool {
    let (mut template, mut path) = (template.split('/'), path.split('/'));
    loop {
        match (template.next(), path.next()) {
            (None, None) => return true,
            (Some(expected), Some(segment)) if expected.starts_with('{') && expected.ends_with('}') => {
                if segment.is_empty() {
                    return false;
                }
            }
            (Some(expected), Some(segment)) if expected == segment => {}
            _ => return false,
        }
    }
}

fn example_reply(example: &Example) -> Reply {
    let headers = example.headers.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect();
    // A body that is not JSON (a file's bytes) is sent as text; a JSON body is parsed so a list
    // can be made its last page.
    match example.body.map(|text| (text, serde_json::from_str::<Value>(text))) {
        Some((_, Ok(body))) => Reply { status: example.status, headers, body: Some(body) },
        Some((text, Err(_))) => Reply { status: example.status, headers, body: Some(Value::String(text.to_owned())) },
        None => Reply { status: example.status, headers, body: None },
    }
}

fn template(reply: Reply) -> wiremock::ResponseTemplate {
    let mut template = wiremock::ResponseTemplate::new(reply.status);
    let content_type = reply.headers.iter().find(|(name, _)| name.eq_ignore_ascii_case("content-type")).map(|(_, value)| value.clone());
    for (name, value) in &reply.headers {
        template = template.insert_header(name.as_str(), value.as_str());
    }
    match (reply.body, content_type) {
        (Some(Value::String(text)), Some(content_type)) if !content_type.contains("json") => template.set_body_raw(text, &content_type),
        (Some(body), _) => template.set_body_raw(body.to_string(), "application/json"),
        (None, _) => template,
    }
}

/// Stubs of one endpoint, typed by its response `T` and the crate's error kind `K`. Generated
/// crates hand these out per endpoint (`mock.orders().get()`); each method adds a stub that
/// answers every later call of the endpoint (or the next `n`, after [`times`](Self::times)).
#[derive(Debug)]
#[must_use = "a stub is added by one of `returns`, `fails`, `rate_limited` or `responds`"]
pub struct EndpointMock<'a, T, K> {
    server: &'a MockServer,
    endpoint: &'static Endpoint,
    times: Option<usize>,
    types: PhantomData<fn(T, K)>,
}

impl<'a, T: Serialize, K: ErrorKind> EndpointMock<'a, T, K> {
    /// Stubs of `endpoint` on `server` (for generated crates).
    pub fn new(server: &'a MockServer, endpoint: &'static Endpoint) -> Self {
        Self { server, endpoint, times: None, types: PhantomData }
    }

    /// The stub answers the next `n` calls only; later calls get the stub before it, or the
    /// examples.
    pub fn times(mut self, n: usize) -> Self {
        self.times = Some(n);
        self
    }

    /// The stub answers the next call only.
    pub fn once(self) -> Self {
        self.times(1)
    }

    fn add(self, answer: Answer) {
        self.server.add_stub(self.endpoint, answer, self.times);
    }

    /// Calls succeed with `value`, in the endpoint's envelope.
    ///
    /// # Panics
    ///
    /// If `value` does not serialize to JSON (a map with non-text keys).
    pub fn returns(self, value: T) {
        let payload = serde_json::to_value(value).unwrap_or_else(|error| panic!("the stubbed value does not serialize to JSON: {error}"));
        let reply = encode::success(self.endpoint, payload);
        self.add(Answer::Fixed(reply));
    }

    /// Calls fail with `kind`, encoded as the provider does (its status, or its code in the body,
    /// in an HTTP 200 where the provider sends codes that way).
    ///
    /// # Panics
    ///
    /// If the endpoint's error table lists no status or code for `kind` (such as the catch-all
    /// kind): then use [`responds`](Self::responds).
    pub fn fails(self, kind: K) {
        self.fails_with(kind, "stubbed failure");
    }

    /// Like [`fails`](Self::fails), with the provider's message.
    ///
    /// # Panics
    ///
    /// As [`fails`](Self::fails).
    pub fn fails_with(self, kind: K, message: &str) {
        let name = kind.to_string();
        let reply = encode::error(self.endpoint, &name, message)
            .unwrap_or_else(|| panic!("the error table `{}` lists no status or code for the kind `{name}`; stub the response with `responds`", self.endpoint.errors.name));
        self.add(Answer::Fixed(reply));
    }

    /// Calls are refused with `429 Too Many Requests` and `Retry-After` (whole seconds, rounded
    /// up). The client waits and sends the call again, so combine with [`once`](Self::once).
    pub fn rate_limited(self, retry_after: Duration) {
        let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
        let reply = encode::rate_limited(self.endpoint, seconds);
        self.add(Answer::Fixed(reply));
    }

    /// Calls get exactly this status and JSON body (no envelope added).
    pub fn responds(self, status: u16, body: Value) {
        self.add(Answer::Fixed(Reply::json(status, body)));
    }

    /// The calls of this endpoint so far.
    pub fn calls(&self) -> Vec<Call> {
        self.server.calls_to(self.endpoint)
    }

    /// Asserts that this endpoint was called `times` times.
    ///
    /// # Panics
    ///
    /// If it was called another number of times.
    #[track_caller]
    pub fn assert_called(&self, times: usize) {
        let calls = self.calls();
        assert_eq!(calls.len(), times, "{} {} was called {} times, not {times}", self.endpoint.method, self.endpoint.path, calls.len());
    }
}

/// Stubs of a list endpoint, typed by its item `Item` and the crate's error kind `K`: besides
/// what [`EndpointMock`] does, a whole list served page by page in the provider's pagination
/// style.
#[derive(Debug)]
#[must_use = "a stub is added by one of `returns_items`, `fails`, `rate_limited` or `responds`"]
pub struct ListMock<'a, Item, K> {
    inner: EndpointMock<'a, (), K>,
    page_size: usize,
    items: PhantomData<fn(Item)>,
}

impl<'a, Item: Serialize, K: ErrorKind> ListMock<'a, Item, K> {
    /// Stubs of the list `endpoint` on `server` (for generated crates).
    pub fn new(server: &'a MockServer, endpoint: &'static Endpoint) -> Self {
        Self { inner: EndpointMock::new(server, endpoint), page_size: DEFAULT_PAGE_SIZE, items: PhantomData }
    }

    /// The stub answers the next `n` calls (pages) only.
    pub fn times(mut self, n: usize) -> Self {
        self.inner = self.inner.times(n);
        self
    }

    /// The stub answers the next call only.
    pub fn once(self) -> Self {
        self.times(1)
    }

    /// Items per page when the request does not say ([`DEFAULT_PAGE_SIZE`] unless set).
    pub fn page_size(mut self, size: usize) -> Self {
        self.page_size = size.max(1);
        self
    }

    /// Calls get `items`, a page at a time, with the next link, cursor, page count or total
    /// the provider sends, in its envelope.
    ///
    /// # Panics
    ///
    /// If an item does not serialize to JSON.
    pub fn returns_items(self, items: impl IntoIterator<Item = Item>) {
        let items = items.into_iter().map(|item| serde_json::to_value(item).unwrap_or_else(|error| panic!("a stubbed item does not serialize to JSON: {error}"))).collect();
        let page_size = self.page_size;
        self.inner.add(Answer::Items { items, page_size });
    }

    /// See [`EndpointMock::fails`].
    ///
    /// # Panics
    ///
    /// As [`EndpointMock::fails`].
    pub fn fails(self, kind: K) {
        self.inner.fails(kind);
    }

    /// See [`EndpointMock::fails_with`].
    ///
    /// # Panics
    ///
    /// As [`EndpointMock::fails`].
    pub fn fails_with(self, kind: K, message: &str) {
        self.inner.fails_with(kind, message);
    }

    /// See [`EndpointMock::rate_limited`].
    pub fn rate_limited(self, retry_after: Duration) {
        self.inner.rate_limited(retry_after);
    }

    /// See [`EndpointMock::responds`].
    pub fn responds(self, status: u16, body: Value) {
        self.inner.responds(status, body);
    }

    /// The calls (pages) of this endpoint so far.
    pub fn calls(&self) -> Vec<Call> {
        self.inner.calls()
    }

    /// Asserts that this endpoint was called `times` times (once per page).
    ///
    /// # Panics
    ///
    /// If it was called another number of times.
    #[track_caller]
    pub fn assert_called(&self, times: usize) {
        self.inner.assert_called(times);
    }
}

#[cfg(test)]
mod tests {
    use super::path_matches;

    #[test]
    fn paths_match_their_templates_segment_by_segment() {
        assert!(path_matches("/users/{id}", "/users/u%201"));
        assert!(path_matches("/users/{id}/", "/users/7/"));
        assert!(!path_matches("/users/{id}/", "/users/7"), "the trailing slash is part of the path");
        assert!(!path_matches("/users/{id}", "/users/"), "a parameter is never empty");
        assert!(!path_matches("/users/{id}", "/users/7/orders"));
        assert!(path_matches("/users", "/users"));
        assert!(!path_matches("/users", "/orders"));
    }
}
