//! The transport seam: execution hands each finished request to a [`Transport`] and reads the
//! answer from it. The default, [`ReqwestTransport`], sends over the network with `reqwest`; a
//! test can plug in one that answers from memory (`ClientBuilder::transport`).
//!
//! A transport only moves bytes. Everything the client promises (credentials, retries, origin
//! checks, size limits, error decoding) happens around it, so it holds for every transport.

use bytes::Bytes;
use futures_util::stream::{BoxStream, StreamExt};
use reqwest::header::HeaderMap;
use reqwest::{StatusCode, Url};
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// A future a transport returns.
pub type TransportFuture = Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send>>;

/// Sends requests. Implementations must not follow redirects, and should honour the request's
/// [`reqwest::Request::timeout`] (the time left for this attempt), ending with
/// [`TransportError::timeout`] when it passes.
pub trait Transport: Send + Sync + 'static {
    /// Sends `request` and returns the response once its status and headers have arrived; the
    /// body is read afterwards, as the client needs it.
    fn send(&self, request: reqwest::Request) -> TransportFuture;
}

/// A response as a transport returns it: the body not yet read.
#[derive(Debug)]
#[non_exhaustive]
pub struct HttpResponse {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body, which also knows the URL the response came from.
    pub body: Body,
}

impl HttpResponse {
    /// A response from `url` with the whole `body` in memory (for transports that answer from
    /// memory).
    pub fn new(status: StatusCode, headers: HeaderMap, url: Url, body: impl Into<Bytes>) -> Self {
        let body = Some(body.into()).filter(|bytes| !bytes.is_empty());
        Self { status, headers, body: Body(BodyInner::Full { bytes: body, url }) }
    }

    /// A response from `url` whose body arrives as the chunks of `chunks`.
    pub fn streaming(
        status: StatusCode,
        headers: HeaderMap,
        url: Url,
        chunks: impl futures_util::Stream<Item = Result<Bytes, TransportError>> + Send + 'static,
    ) -> Self {
        Self { status, headers, body: Body(BodyInner::Chunks { chunks: chunks.boxed(), url }) }
    }

    /// The URL the response came from (checked against the client's origin).
    pub fn url(&self) -> &Url {
        self.body.url()
    }
}

/// A response body, read chunk by chunk.
pub struct Body(BodyInner);

enum BodyInner {
    Full { bytes: Option<Bytes>, url: Url },
    // The response keeps its own URL, so none is copied for the origin check.
    Reqwest(reqwest::Response),
    Chunks { chunks: BoxStream<'static, Result<Bytes, TransportError>>, url: Url },
}

impl Body {
    /// The next chunk, or `None` at the end.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, TransportError> {
        match &mut self.0 {
            BodyInner::Full { bytes, .. } => Ok(bytes.take()),
            BodyInner::Reqwest(response) => response.chunk().await.map_err(TransportError::from),
            BodyInner::Chunks { chunks, .. } => chunks.next().await.transpose(),
        }
    }

    /// The length still to read, where known (before the first chunk, the announced length).
    pub fn content_length(&self) -> Option<u64> {
        match &self.0 {
            BodyInner::Full { bytes, .. } => Some(bytes.as_ref().map_or(0, |bytes| bytes.len() as u64)),
            BodyInner::Reqwest(response) => response.content_length(),
            BodyInner::Chunks { .. } => None,
        }
    }

    /// The URL the response came from.
    fn url(&self) -> &Url {
        match &self.0 {
            BodyInner::Full { url, .. } | BodyInner::Chunks { url, .. } => url,
            BodyInner::Reqwest(response) => response.url(),
        }
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Body").field("content_length", &self.content_length()).finish_non_exhaustive()
    }
}

/// Why a transport could not send a request or read its response. It shows as its cause does,
/// and its `source()` is the cause's own, so an error report does not print the cause twice.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: Box<dyn std::error::Error + Send + Sync>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TransportErrorKind {
    Connect,
    Timeout,
    Other,
}

impl TransportError {
    /// No connection could be made, so nothing was sent: any request may be sent again.
    pub fn connect(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self { kind: TransportErrorKind::Connect, source: source.into() }
    }

    /// The attempt's time ran out.
    pub fn timeout(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self { kind: TransportErrorKind::Timeout, source: source.into() }
    }

    /// Anything else: the request may or may not have reached the server.
    pub fn other(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self { kind: TransportErrorKind::Other, source: source.into() }
    }

    /// Whether no connection could be made.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }

    /// Whether the attempt's time ran out.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.source.fmt(f)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.source()
    }
}

impl From<reqwest::Error> for TransportError {
    fn from(error: reqwest::Error) -> Self {
        // The URL may carry a query-parameter credential: never keep it in an error.
        let error = error.without_url();
        let kind = if error.is_timeout() {
            TransportErrorKind::Timeout
        } else if error.is_connect() {
            TransportErrorKind::Connect
        } else {
            TransportErrorKind::Other
        };
        Self { kind, source: Box::new(error) }
    }
}

/// The default transport: a `reqwest::Client`, built by the client builder with redirects off.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    http: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport over `http`. It must not follow redirects; the client builder builds its own
    /// this way, and refuses any response from another origin whatever the transport does.
    pub fn new(http: reqwest::Client) -> Self {
        Self { http }
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: reqwest::Request) -> TransportFuture {
        let sent = self.http.execute(request);
        Box::pin(async move {
            let mut response = sent.await?;
            // Moved out, not copied: the body does not need them.
            let headers = std::mem::take(response.headers_mut());
            Ok(HttpResponse { status: response.status(), headers, body: Body(BodyInner::Reqwest(response)) })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn bodies_in_memory_and_from_streams_read_the_same() {
        let url = Url::parse("https://api.example.com/").expect("url");
        let response = HttpResponse::new(StatusCode::OK, HeaderMap::new(), url.clone(), "abc");
        assert_eq!(response.url(), &url);
        let mut whole = response.body;
        assert_eq!(whole.content_length(), Some(3));
        assert_eq!(whole.chunk().await.expect("chunk").as_deref(), Some(&b"abc"[..]));
        assert!(whole.chunk().await.expect("end").is_none());
        let chunks = futures_util::stream::iter([Ok(Bytes::from_static(b"a")), Err(TransportError::other("reset"))]);
        let mut streamed = HttpResponse::streaming(StatusCode::OK, HeaderMap::new(), url, chunks).body;
        assert_eq!(streamed.chunk().await.expect("chunk").as_deref(), Some(&b"a"[..]));
        let error = streamed.chunk().await.expect_err("reset");
        assert!(!error.is_connect() && !error.is_timeout());
        assert_eq!(error.to_string(), "reset");
    }
}
