//! Execution: the client handle ([`Core`]) and its pipeline. It reads descriptions
//! ([`crate::describe`]) and requests ([`crate::Request`]) and depends on nothing above it;
//! pagination and raw requests are built over it.
//!
//! - `builder`: [`ClientBuilder`], from settings to a [`Core`].
//! - `core`: [`Core`] and the entry points (`send_json`, `send_empty`, ...).
//! - `call`: [`SendWithResponse`], a call's value with its response's metadata.
//! - `pipeline`: attempts, retries, renewal, reading bodies.
//! - `decide`: the decisions the pipeline makes, without I/O.
//! - `wire`: a request as it goes on the wire.
//! - `session`, `rate_limit`: state shared by a client's clones.
//! - `response`: responses, and the metadata callers may keep ([`Response`], [`ResponseMeta`]).

mod builder;
mod call;
mod core;
mod decide;
mod multipart;
mod pipeline;
mod rate_limit;
mod response;
mod session;
mod wire;

pub use self::builder::{ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
pub use self::call::{Json, NoContent, RawBody, ResponseBody, SendWithResponse};
pub use self::core::Core;
pub(crate) use self::core::Payload;
pub use self::response::{Response, ResponseMeta};
pub(crate) use self::wire::same_origin;

use crate::error::{Error, ErrorKind};
use crate::request::Request;
use reqwest::Url;
use std::future::Future;

/// What the layers above execution (pagination) need from it: a request's payload, and how to
/// treat URLs a response points to.
pub(crate) trait Executor<K: ErrorKind>: Clone + Send + Sync + 'static {
    /// Sends `request` (to `url`, a next link, if given) through the whole pipeline and returns
    /// the success's payload, with the response it came from.
    fn payload(&self, request: &Request, url: Option<&Url>) -> impl Future<Output = Result<Payload, Error<K>>> + Send;

    /// The base URL, whose origin every request must stay on.
    fn base_url(&self) -> &Url;

    /// `url` as it may be shown, credentials masked.
    fn show_url<'u>(&self, url: &'u Url) -> std::borrow::Cow<'u, str>;
}

#[cfg(test)]
pub(crate) mod tests_support {
    //! An error kind and an in-memory transport for the runtime's unit tests.

    use crate::transport::{HttpResponse, Transport, TransportFuture};
    use crate::error::ErrorKind;
    use reqwest::header::{HeaderMap, HeaderValue};
    use reqwest::{StatusCode, Url};
    use std::collections::VecDeque;
    use std::fmt;
    use std::sync::{Arc, Mutex};

    /// An error kind named as the fixture error table names it.
    #[derive(Debug, Clone, Copy, PartialEq)]
    pub(crate) struct Kind(pub(crate) &'static str);

    impl fmt::Display for Kind {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }

    impl ErrorKind for Kind {
        fn from_name(name: &str) -> Self {
            const KNOWN: [&str; 4] = ["not_found", "rate_limited", "server_error", "session_expired"];
            Kind(KNOWN.into_iter().find(|known| *known == name).unwrap_or("other"))
        }

        fn is_retryable(self) -> bool {
            matches!(self.0, "rate_limited" | "server_error")
        }

        fn is_unprocessed(self) -> bool {
            self.0 == "rate_limited"
        }
    }

    /// A successful response with `body`, as execution reads it.
    pub(crate) fn raw_response(status: u16, body: &'static str) -> super::response::RawResponse {
        super::response::RawResponse {
            status: StatusCode::from_u16(status).expect("status"),
            headers: HeaderMap::new(),
            body: bytes::Bytes::from_static(body.as_bytes()),
            sensitive: &[],
        }
    }

    /// Answers requests in order from a script of (status, body), recording each request as
    /// `METHOD URL`. Responses carry `x-request-id: req-N`.
    #[derive(Clone)]
    pub(crate) struct Scripted {
        answers: Arc<Mutex<VecDeque<(u16, &'static str)>>>,
        seen: Arc<Mutex<Vec<String>>>,
        headers: Arc<Mutex<Vec<HeaderMap>>>,
        from: Option<Url>,
    }

    impl Scripted {
        pub(crate) fn new(answers: impl IntoIterator<Item = (u16, &'static str)>) -> Self {
            Self { answers: Arc::new(Mutex::new(answers.into_iter().collect())), seen: Arc::default(), headers: Arc::default(), from: None }
        }

        /// Answers as if from `url` instead of the request's URL.
        pub(crate) fn answering_from(mut self, url: &str) -> Self {
            self.from = Some(Url::parse(url).expect("url"));
            self
        }

        pub(crate) fn requests(&self) -> Vec<String> {
            self.seen.lock().expect("lock").clone()
        }

        /// The value of header `name` on each request sent, in order.
        pub(crate) fn header_values(&self, name: &str) -> Vec<Option<String>> {
            let headers = self.headers.lock().expect("lock");
            headers.iter().map(|headers| headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_owned)).collect()
        }
    }

    impl Transport for Scripted {
        fn send(&self, request: reqwest::Request) -> TransportFuture {
            let mut seen = self.seen.lock().expect("lock");
            seen.push(format!("{} {}", request.method(), request.url()));
            self.headers.lock().expect("lock").push(request.headers().clone());
            let (status, body) = self.answers.lock().expect("lock").pop_front().unwrap_or((500, "script ended"));
            let mut headers = HeaderMap::new();
            headers.insert("x-request-id", HeaderValue::from_str(&format!("req-{}", seen.len())).expect("value"));
            let url = self.from.clone().unwrap_or_else(|| request.url().clone());
            let response = HttpResponse::new(StatusCode::from_u16(status).expect("status"), headers, url, body);
            Box::pin(async move { Ok(response) })
        }
    }
}
