//! [`Core`]: the client handle generated clients wrap, and the entry points of the pipeline
//! (JSON, empty, bytes, streamed responses), each with or without the response's metadata.
//!
//! `Core<K>` is typed by the client's error kind only at its surface: it holds an `Engine`,
//! which runs the pipeline with errors whose kind is a name (`error::Untyped`), and gives them
//! the kind `K` when a call returns. The pipeline is thus compiled once, in the runtime.

use super::Executor;
use super::decide;
use super::rate_limit::RateLimiter;
use super::response::{RawResponse, Response, ResponseMeta};
use super::session::Sessions;
use crate::transport::Transport;
use super::wire::Wire;
use crate::auth::Session;
use crate::describe::{Endpoint, RetryPolicy};
use crate::error::{Error, ErrorKind, KindName, KindTraits, Untyped};
use crate::lazy_json;
use crate::stream::ByteStream;
use crate::interceptor::Interceptors;
use crate::request::Request;
use bytes::Bytes;
use futures_util::future::BoxFuture;
use reqwest::Url;
use serde::de::DeserializeOwned;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

/// What the clones of one client share.
pub(crate) struct Inner {
    pub(crate) wire: Wire,
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) timeout: Duration,
    pub(crate) max_response_bytes: usize,
    pub(crate) limiter: RateLimiter,
    pub(crate) sessions: Sessions,
    pub(crate) interceptors: Interceptors,
    /// What the client's error kinds say about retrying.
    pub(crate) kinds: KindTraits,
}

/// A client handle without its error kind: the pipeline runs on this, so it is compiled once,
/// in the runtime, and not again in every generated crate for that crate's kind.
#[derive(Clone)]
pub(crate) struct Engine {
    pub(crate) inner: Arc<Inner>,
    /// Kept outside the shared part so a clone can retry differently.
    pub(crate) retry: RetryPolicy,
}

impl Engine {
    /// The session, if the API has one and it is set.
    pub(crate) fn session(&self) -> Option<Session> {
        self.inner.sessions.current()
    }

    /// The base URL requests go to.
    pub(crate) fn base_url(&self) -> &Url {
        &self.inner.wire.base_url
    }

    /// The JSON text a successful response's value is decoded from: the body as it is, or,
    /// with an envelope or a login, the payload (a login's session is stored on the way).
    fn payload_text(&self, endpoint: &'static Endpoint, response: &RawResponse) -> Result<Bytes, Untyped> {
        if endpoint.starts_session {
            self.inner.sessions.store_from(&decide::payload(endpoint, response)?);
        }
        decide::payload_text(endpoint, response)
    }

    // The entry points typed clients call return boxed futures: a call then holds a pointer to
    // the pipeline's state rather than the state itself, so the crates that call them compile
    // none of the pipeline, not even the code that drops it.

    /// Sends `request` through the pipeline ([`Engine::execute`]) and reads the whole response.
    pub(crate) fn response<'a>(&'a self, request: &'a Request) -> BoxFuture<'a, Result<RawResponse, Untyped>> {
        Box::pin(self.execute(request, None))
    }

    /// Sends `request` (to `url`, if given) and returns the success's payload.
    pub(crate) fn payload<'a>(&'a self, request: &'a Request, url: Option<&'a Url>) -> BoxFuture<'a, Result<Payload, Untyped>> {
        Box::pin(async move {
            let response = self.execute(request, url).await?;
            let text = self.payload_text(request.endpoint, &response)?;
            Ok(Payload { text, response })
        })
    }

    /// Sends `request` and returns its body as a stream ([`Engine::open_stream`]).
    pub(crate) fn stream(&self, request: Request) -> BoxFuture<'_, Result<ByteStream<KindName>, Untyped>> {
        Box::pin(self.open_stream(request))
    }
}

/// The part of every generated client that talks HTTP. Cheap to clone; clones share one
/// connection pool, one rate limiter and one session.
pub struct Core<K> {
    pub(crate) engine: Engine,
    kind: PhantomData<fn() -> K>,
}

impl<K> Clone for Core<K> {
    fn clone(&self) -> Self {
        Self { engine: self.engine.clone(), kind: PhantomData }
    }
}

impl<K> fmt::Debug for Core<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.engine.inner;
        f.debug_struct("Core")
            .field("api", &inner.wire.api.name)
            .field("base_url", &crate::redact::url_text(inner.wire.base_url.as_str()))
            .field("timeout", &inner.timeout)
            .field("retry", &self.engine.retry)
            .finish_non_exhaustive()
    }
}

impl<K: ErrorKind> Core<K> {
    pub(crate) fn new(engine: Engine) -> Self {
        Self { engine, kind: PhantomData }
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        self.engine.base_url()
    }

    /// The current login session, if any (to save it and start from it later).
    pub fn session(&self) -> Option<Session> {
        self.engine.session()
    }

    /// Replaces the login session (or forgets it, with `None`).
    pub fn set_session(&self, session: Option<Session>) {
        self.engine.inner.sessions.set(session);
    }

    /// The retry policy of this handle.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.engine.retry
    }

    /// A handle that retries with `policy` and shares everything else (connections, rate
    /// limiter, credentials) with this one.
    pub fn with_retry_policy(&self, policy: RetryPolicy) -> Self {
        let retry = RetryPolicy { max_attempts: policy.max_attempts.max(1), ..policy };
        Self::new(Engine { inner: Arc::clone(&self.engine.inner), retry })
    }

    /// Sends `request` and decodes the JSON response (after unwrapping any envelope) as `T`.
    pub async fn send_json<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error<K>> {
        let mut response = self.engine.response(&request).await.map_err(Error::typed)?;
        self.decode(request.endpoint, &mut response)
    }

    /// As [`Core::send_json`], with the response's status, headers and request id.
    pub async fn send_json_with_response<T: DeserializeOwned>(&self, request: Request) -> Result<Response<T>, Error<K>> {
        let mut response = self.engine.response(&request).await.map_err(Error::typed)?;
        let value = self.decode(request.endpoint, &mut response)?;
        Ok(Response::new(value, response.take_meta(request.endpoint)))
    }

    /// Sends `request` and checks that it succeeded, ignoring any response body.
    pub async fn send_empty(&self, request: Request) -> Result<(), Error<K>> {
        self.engine.response(&request).await.map_err(Error::typed)?;
        Ok(())
    }

    /// As [`Core::send_empty`], with the response's status, headers and request id.
    pub async fn send_empty_with_response(&self, request: Request) -> Result<ResponseMeta, Error<K>> {
        Ok(self.engine.response(&request).await.map_err(Error::typed)?.take_meta(request.endpoint))
    }

    /// Sends `request` and returns the raw response body.
    pub async fn send_bytes(&self, request: Request) -> Result<Bytes, Error<K>> {
        Ok(self.engine.response(&request).await.map_err(Error::typed)?.body)
    }

    /// As [`Core::send_bytes`], with the response's status, headers and request id.
    pub async fn send_bytes_with_response(&self, request: Request) -> Result<Response<Bytes>, Error<K>> {
        let mut response = self.engine.response(&request).await.map_err(Error::typed)?;
        let meta = response.take_meta(request.endpoint);
        Ok(Response::new(response.body, meta))
    }

    /// Sends `request` and returns its body as a stream of chunks, read only as the caller
    /// consumes them. Error statuses, and JSON bodies whose envelope does not mark success, are
    /// errors; failures before the body starts are retried as for other requests.
    pub async fn send_stream(&self, request: Request) -> Result<ByteStream<K>, Error<K>> {
        self.engine.stream(request).await.map(ByteStream::typed).map_err(Error::typed)
    }

    /// `T` from the payload, decoded from JSON text by one deserializer (every generated crate
    /// instantiates this for each response type, so one decoding path keeps their compile time
    /// down): an envelope's payload in the same reading of the body that finds it, as a
    /// hand-written envelope struct would be read.
    fn decode<T: DeserializeOwned>(&self, endpoint: &'static Endpoint, response: &mut RawResponse) -> Result<T, Error<K>> {
        if let Some(data) = endpoint.envelope.map(|envelope| envelope.data.0).filter(|data| !data.is_empty())
            && !endpoint.starts_session
            && !response.body.is_empty()
        {
            let decoded = lazy_json::decode_at::<T>(&response.body, data).and_then(|found| found.map_or_else(|| serde_json::from_slice(b"null"), Ok));
            return decoded.map_err(|error| response.decode_error(endpoint.path, error));
        }
        let text = self.engine.payload_text(endpoint, response).map_err(Error::typed)?;
        serde_json::from_slice(&text).map_err(|error| response.decode_error(endpoint.path, error))
    }
}

/// A successful response's payload, with the response it came from.
pub(crate) struct Payload {
    /// Its JSON text.
    pub(crate) text: Bytes,
    pub(crate) response: RawResponse,
}

impl<K: ErrorKind> Executor<K> for Core<K> {
    async fn payload(&self, request: &Request, url: Option<&Url>) -> Result<Payload, Error<K>> {
        self.engine.payload(request, url).await.map_err(Error::typed)
    }

    fn base_url(&self) -> &Url {
        self.engine.base_url()
    }

    fn show_url<'u>(&self, url: &'u Url) -> std::borrow::Cow<'u, str> {
        self.engine.inner.wire.redact(url)
    }
}

#[cfg(test)]
mod tests {
    use crate::ClientBuilder;
    use crate::auth::Credential;
    use crate::describe::fixtures::{API, KEY};
    use crate::execute::tests_support::Kind;

    #[test]
    fn userinfo_in_a_callers_base_url_is_hidden() {
        let core = ClientBuilder::new(&API)
            .base_url("https://ann:pa55@api.example.com/v1")
            .credential(&KEY, Credential::Token(crate::Secret::new("k")))
            .build::<Kind>()
            .expect("builds");
        let shown = format!("{core:?}");
        assert!(!shown.contains("pa55") && shown.contains("https://***@api.example.com/v1"), "{shown}");
    }
}
