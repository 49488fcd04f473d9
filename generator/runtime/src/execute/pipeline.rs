//! The request pipeline: for each attempt, wait for the rate limiter, build the request, run the
//! interceptors, send it through the transport, check the origin, read the body within its
//! limit and check success; then retry, or renew an expired session once, as the decisions in
//! [`super::decide`] say.

use super::core::Engine;
use super::decide::{self, Budget};
use super::response::RawResponse;
use crate::transport::{Body, HttpResponse, TransportError};
use super::wire::same_origin;
use crate::describe::{Endpoint, RetryPolicy};
use crate::error::{Error, InvalidArgument, KindName, Untyped};
use crate::interceptor::{AttemptContext, ResponseInfo};
use crate::request::Request;
use crate::stream::ByteStream;
use bytes::Bytes;
use reqwest::Url;
use reqwest::header::CONTENT_TYPE;
use serde_json::Value;
use std::time::Duration;
use tracing::Instrument;

impl Engine {
    /// Sends a request (to `url_override` if given, else to its endpoint path) and reads the
    /// whole response, retrying as the retry policy allows. Non-2xx statuses, and envelopes that
    /// do not mark success, become [`Error::Api`]. An expired session is renewed once and the
    /// request sent again; a second expiry in a row is returned as it is, so this never loops.
    ///
    /// The whole call, renewal included, ends within the retry policy's `max_elapsed` of its
    /// first attempt: no retry starts that would end later, and an attempt's timeout is cut to
    /// what remains.
    pub(crate) async fn execute(&self, request: &Request, url_override: Option<&Url>) -> Result<RawResponse, Untyped> {
        let mut budget = Budget::default();
        let generation = self.inner.sessions.generation();
        let key = self.idempotency_key(request)?;
        let key = key.as_deref();
        let error = match self.execute_with_retries(request, url_override, key, &mut budget).await {
            Ok(response) => return Ok(response),
            Err(error) => error,
        };
        if !decide::session_expired(self.inner.sessions.config(), request.endpoint, &error) {
            return Err(error);
        }
        // Boxed: renewal is rare, and inline its state would double the size of every request's
        // future, which is moved (copied) as it is built up and handed to the executor.
        Box::pin(self.renew_session_once(generation, &mut budget)).await?;
        self.execute_with_retries(request, url_override, key, &mut budget).await
    }

    /// The idempotency key of a call, kept for all its attempts: the caller's, else a fresh UUID
    /// v4 where the provider takes keys and the spec names the endpoint's method.
    fn idempotency_key(&self, request: &Request) -> Result<Option<String>, Untyped> {
        let given = request.options.idempotency_key();
        let Some(keys) = self.inner.wire.api.idempotency else {
            return match given {
                None => Ok(None),
                Some(_) => Err(Error::InvalidArgument(InvalidArgument {
                    name: "idempotency_key".to_owned(),
                    reason: format!("the {} API takes no idempotency keys", self.inner.wire.api.name),
                })),
            };
        };
        match given {
            Some(key) => Ok(Some(key.to_owned())),
            None if keys.methods.contains(&request.endpoint.method) => {
                crate::encoding::uuid_v4().map(Some).map_err(|reason| Error::Config { reason: format!("no idempotency key could be made: {reason}") })
            }
            None => Ok(None),
        }
    }

    /// Renews the session unless another request already did since `generation` was read: the
    /// requests that saw one token expire wait for a single renewal, then all retry.
    pub(crate) async fn renew_session_once(&self, generation: u64, budget: &mut Budget) -> Result<(), Untyped> {
        let _turn = self.inner.sessions.renewal.lock().await;
        if self.inner.sessions.generation() != generation {
            return Ok(());
        }
        self.renew_session(budget).await
    }

    /// Exchanges the expired session token for a new one through the renewal endpoint.
    async fn renew_session(&self, budget: &mut Budget) -> Result<(), Untyped> {
        let config = self.inner.sessions.config().ok_or(Error::Config { reason: "this API has no login session".to_owned() })?;
        let renew = config.renew.ok_or(Error::Config { reason: "this API cannot renew sessions".to_owned() })?;
        let session = self.session().ok_or(Error::MissingCredential { scheme: config.scheme.name })?;
        let user_id = session.user_id.clone().ok_or(Error::Config {
            reason: "the session has no user id, so it cannot be renewed; log in again or start from a session with its user id".to_owned(),
        })?;
        let param = renew.path.split_once('{').and_then(|(_, rest)| rest.split_once('}')).map_or("id", |(name, _)| name);
        let body = serde_json::json!({ config.renew_field: session.token.expose() });
        let request = Request::new(renew, &[(param, &user_id)])?.json_body(&body)?;
        let response = self.execute_with_retries(&request, None, None, budget).await?;
        let payload: Value = decide::payload(renew, &response)?;
        if !self.inner.sessions.store_from(&payload) {
            return Err(response.decode_error(renew.path, format!("no session token at `{}` in the renewal", config.token)));
        }
        Ok(())
    }

    /// Sends a request (with idempotency key `key`, if any), retrying as the retry policy allows.
    async fn execute_with_retries(&self, request: &Request, url_override: Option<&Url>, key: Option<&str>, budget: &mut Budget) -> Result<RawResponse, Untyped> {
        let policy = self.policy(request);
        // The first attempt takes the URL as it is; a retry builds it again (a request takes it
        // by value, and a clone for every request would cost more than a rebuild on the rare
        // retry).
        let mut first_url = Some(self.inner.wire.url_for(request, url_override));
        let mut attempt = 1u32;
        loop {
            let url = match first_url.take() {
                Some(url) => url,
                None => self.inner.wire.url_for(request, url_override),
            };
            self.inner.limiter.acquire().await;
            let timeout = self.attempt_timeout(request, &policy, budget)?;
            let error = match self.attempt(request, url, key, attempt, timeout).await {
                Ok(response) => return Ok(response),
                Err(error) => error,
            };
            if !self.retry_after_pause(request, key.is_some(), &policy, &error, attempt, budget).await {
                return Err(error);
            }
            attempt += 1;
        }
    }

    /// Decides whether `error` is retried; if so, tells the interceptors, waits, and returns true.
    /// A request with an idempotency key (`keyed`) is retried as an idempotent one is: the
    /// provider acts on it once however often it arrives.
    async fn retry_after_pause(&self, request: &Request, keyed: bool, policy: &RetryPolicy, error: &Untyped, attempt: u32, budget: &Budget) -> bool {
        let endpoint = request.endpoint;
        let Some(delay) = decide::retry_delay(policy, error, self.inner.kinds, endpoint.idempotent || keyed, attempt, budget) else {
            return false;
        };
        self.inner.interceptors.on_retry(error, delay, &self.context(request, attempt));
        tracing::debug!(method = %endpoint.method, path = endpoint.path, attempt, delay_ms = delay.as_millis() as u64, error = %error, "retrying");
        tokio::time::sleep(delay).await;
        true
    }

    /// The retry policy of `request`: its own, else this handle's.
    fn policy(&self, request: &Request) -> RetryPolicy {
        request.options.retry().unwrap_or(self.retry)
    }

    /// The timeout of the next attempt (see [`Budget::attempt_timeout`]); a timeout error when
    /// the call's time is used up.
    fn attempt_timeout(&self, request: &Request, policy: &RetryPolicy, budget: &mut Budget) -> Result<Option<Duration>, Untyped> {
        let endpoint = request.endpoint;
        budget
            .attempt_timeout(policy, request.options.timeout(), self.inner.timeout)
            .map_err(|()| Error::Timeout { method: endpoint.method.to_string(), path: endpoint.path })
    }

    /// One attempt: send, read the body, check the status and the envelope's success flag.
    async fn attempt(&self, request: &Request, url: Url, key: Option<&str>, attempt: u32, timeout: Option<Duration>) -> Result<RawResponse, Untyped> {
        let endpoint = request.endpoint;
        let span = tracing::debug_span!(
            "http_request",
            api = self.inner.wire.api.name,
            method = %endpoint.method,
            path = endpoint.path,
            attempt,
            status = tracing::field::Empty,
        );
        async {
            let response = self.send(request, url, key, attempt, timeout).await?;
            span.record("status", response.status.as_u16());
            let HttpResponse { status, headers, body, .. } = response;
            let body = self.read_body(endpoint, status.as_u16(), body).await?;
            let raw = RawResponse { status, headers, body, sensitive: self.inner.wire.api.sensitive };
            decide::check_success(endpoint, &raw)?;
            Ok(raw)
        }
        .instrument(span.clone())
        .await
    }

    /// Where a call is, for interceptors.
    fn context<'r>(&self, request: &'r Request, attempt: u32) -> AttemptContext<'r> {
        let endpoint = request.endpoint;
        AttemptContext { api: self.inner.wire.api.name, method: endpoint.method.as_str(), path: endpoint.path, attempt }
    }

    /// Sends one attempt to `url`, following the redirects the provider documents
    /// ([`Engine::redirect_target`]); any other redirect is the answer.
    async fn send(&self, request: &Request, mut url: Url, key: Option<&str>, attempt: u32, timeout: Option<Duration>) -> Result<HttpResponse, Untyped> {
        let mut followed = 0;
        loop {
            let response = self.send_once(request, url, key, attempt, timeout).await?;
            match self.redirect_target(request, &response, followed) {
                Some(target) => {
                    tracing::debug!(method = %request.endpoint.method, path = request.endpoint.path, status = response.status.as_u16(), "following a redirect");
                    url = target;
                    followed += 1;
                }
                None => return Ok(response),
            }
        }
    }

    /// Where `response` redirects to, if the redirect is followed: the API follows redirects
    /// (`follow_redirects` in the spec), fewer than its limit were followed, the method is GET or
    /// HEAD (no body, nothing acted on), the status is 301, 302, 307 or 308, and `Location` is on
    /// the configured origin (with the request's query credentials set again).
    fn redirect_target(&self, request: &Request, response: &HttpResponse, followed: u32) -> Option<Url> {
        let api = self.inner.wire.api;
        let safe = matches!(request.endpoint.method, reqwest::Method::GET | reqwest::Method::HEAD);
        if followed >= u32::from(api.follow_redirects) || !safe || !matches!(response.status.as_u16(), 301 | 302 | 307 | 308) {
            return None;
        }
        let location = response.headers.get(reqwest::header::LOCATION)?.to_str().ok()?;
        let target = response.url().join(location).ok()?;
        same_origin(&target, self.base_url()).then(|| self.inner.wire.url_for(request, Some(&target)))
    }

    /// Sends one request: built, the interceptors run on it, and the response checked against
    /// the origin and shown to the interceptors before anything is read.
    async fn send_once(&self, request: &Request, url: Url, key: Option<&str>, attempt: u32, timeout: Option<Duration>) -> Result<HttpResponse, Untyped> {
        let endpoint = request.endpoint;
        let session = self.inner.sessions.config().and_then(|_| self.session());
        let mut outgoing = self.inner.wire.build(request, url, timeout, session.as_ref(), key)?;
        let interceptors = &self.inner.interceptors;
        if !interceptors.is_empty() {
            let stop = |source| Error::Interceptor { method: endpoint.method.to_string(), path: endpoint.path, source };
            interceptors.before_attempt(&mut outgoing, &self.context(request, attempt)).map_err(stop)?;
            // Credentials and bodies stay with the configured origin, whatever an interceptor does.
            if !same_origin(outgoing.url(), self.base_url()) {
                return Err(stop("an interceptor may not send a request to another origin".into()));
            }
        }
        let response = self.inner.transport.send(outgoing).await.map_err(|error| transport_error(endpoint, error))?;
        self.check_response_origin(response.url())?;
        if !interceptors.is_empty() {
            let info = ResponseInfo { status: response.status, headers: &response.headers };
            interceptors.after_response(&info, &self.context(request, attempt));
        }
        Ok(response)
    }

    /// Refuses a response that came from another origin than the base URL's. Redirects are
    /// never followed, so this cannot happen with the default transport; it is checked anyway,
    /// before anything is read, so that no transport can make another host's answer this API's.
    fn check_response_origin(&self, url: &Url) -> Result<(), Untyped> {
        if same_origin(url, self.base_url()) {
            return Ok(());
        }
        Err(Error::Config {
            reason: format!("a response came from `{}://{}`, not from the configured origin; it was not read", url.scheme(), url.host_str().unwrap_or("")),
        })
    }

    /// Reads a whole body, refusing one larger than the client's limit.
    async fn read_body(&self, endpoint: &'static Endpoint, status: u16, mut body: Body) -> Result<Bytes, Untyped> {
        let limit = self.inner.max_response_bytes;
        let too_large = || Error::Decode {
            path: endpoint.path,
            status,
            content_type: None,
            snippet: String::new(),
            source: crate::error::DecodeError::Shape(format!("the response body is larger than the limit of {limit} bytes")),
        };
        let announced = body.content_length();
        if announced.is_some_and(|length| length > limit as u64) {
            return Err(too_large());
        }
        let read_error = |error| transport_error(endpoint, error);
        // Most bodies arrive in one chunk, which is returned as it is, without a copy.
        let Some(first) = body.chunk().await.map_err(read_error)? else {
            return Ok(Bytes::new());
        };
        if first.len() > limit {
            return Err(too_large());
        }
        let Some(second) = body.chunk().await.map_err(read_error)? else {
            return Ok(first);
        };
        let mut whole = Vec::with_capacity(announced.map_or(first.len() + second.len(), |length| length as usize));
        whole.extend_from_slice(&first);
        let mut next = Some(second);
        while let Some(chunk) = next {
            if whole.len() + chunk.len() > limit {
                return Err(too_large());
            }
            whole.extend_from_slice(&chunk);
            next = body.chunk().await.map_err(read_error)?;
        }
        Ok(Bytes::from(whole))
    }

    /// Sends `request` and returns its body as a stream of chunks, read only as the caller
    /// consumes them. Error statuses, and JSON bodies whose envelope does not mark success, are
    /// errors; failures before the body starts are retried as for other requests.
    pub(crate) async fn open_stream(&self, request: Request) -> Result<ByteStream<KindName>, Untyped> {
        let url = self.inner.wire.url_for(&request, None);
        let policy = self.policy(&request);
        let key = self.idempotency_key(&request)?;
        let mut budget = Budget::default();
        let mut attempt = 1u32;
        loop {
            self.inner.limiter.acquire().await;
            let timeout = self.attempt_timeout(&request, &policy, &mut budget)?;
            let error = match self.stream_attempt(&request, &url, key.as_deref(), attempt, timeout).await {
                Ok(stream) => return Ok(stream),
                Err(error) => error,
            };
            if !self.retry_after_pause(&request, key.is_some(), &policy, &error, attempt, &budget).await {
                return Err(error);
            }
            attempt += 1;
        }
    }

    async fn stream_attempt(&self, request: &Request, url: &Url, key: Option<&str>, attempt: u32, timeout: Option<Duration>) -> Result<ByteStream<KindName>, Untyped> {
        let endpoint = request.endpoint;
        let HttpResponse { status, headers, body, .. } = self.send(request, url.clone(), key, attempt, timeout).await?;
        let content_type = headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).map(str::to_owned);
        let is_json = content_type.as_deref().is_some_and(|value| value.contains("json"));
        let success_flag = endpoint.envelope.and_then(|envelope| envelope.success.as_ref());
        if !status.is_success() || (is_json && success_flag.is_some()) {
            // Small bodies that say what went wrong: read them whole.
            let body = self.read_body(endpoint, status.as_u16(), body).await?;
            let raw = RawResponse { status, headers, body, sensitive: self.inner.wire.api.sensitive };
            decide::check_success(endpoint, &raw)?;
            let length = raw.body.len() as u64;
            return Ok(ByteStream::new(content_type, Some(length), futures_util::stream::once(async move { Ok(raw.body) })));
        }
        let length = body.content_length();
        let chunks = futures_util::stream::try_unfold(body, move |mut body| async move {
            match body.chunk().await {
                Ok(Some(chunk)) => Ok(Some((chunk, body))),
                Ok(None) => Ok(None),
                Err(error) => Err(transport_error(endpoint, error)),
            }
        });
        Ok(ByteStream::new(content_type, length, chunks))
    }
}

/// A transport failure as the caller sees it: a timeout, or the cause with the endpoint.
fn transport_error(endpoint: &'static Endpoint, error: TransportError) -> Untyped {
    if error.is_timeout() {
        Error::Timeout { method: endpoint.method.to_string(), path: endpoint.path }
    } else {
        Error::Transport { method: endpoint.method.to_string(), path: endpoint.path, source: error }
    }
}

#[cfg(test)]
mod tests {
    use crate::ClientBuilder;
    use crate::auth::Credential;
    use crate::describe::fixtures::{API, KEY, LIST, endpoint};
    use crate::error::Error;
    use crate::execute::tests_support::{Kind, Scripted};
    use crate::request::Request;
    use crate::{Core, RetryPolicy};
    use reqwest::Method;
    use std::time::Duration;

    fn core(transport: &Scripted) -> Core<Kind> {
        let policy = RetryPolicy { initial_backoff: Duration::from_millis(1), ..RetryPolicy::DEFAULT };
        ClientBuilder::new(&API)
            .credential(&KEY, Credential::Token(crate::Secret::new("k")))
            .retry_policy(policy)
            .transport(transport.clone())
            .build()
            .expect("builds")
    }

    #[tokio::test]
    async fn a_transient_failure_is_retried_and_the_success_decoded() {
        let transport = Scripted::new([(503, "{}"), (200, "[1, 2]")]);
        let items: Vec<u8> = core(&transport).send_json(Request::new(&LIST, &[]).expect("request")).await.expect("second attempt");
        assert_eq!(items, [1, 2]);
        assert_eq!(transport.requests(), ["GET https://api.example.com/v1/items?api_key=k"; 2]);
    }

    #[tokio::test]
    async fn a_post_is_not_sent_twice_after_a_server_error() {
        static CREATE: crate::Endpoint = endpoint(Method::POST, "/items", None);
        let transport = Scripted::new([(503, "{}"), (200, "{}")]);
        let error = core(&transport).send_empty(Request::new(&CREATE, &[]).expect("request")).await.expect_err("not retried");
        assert_eq!(error.kind(), Some(Kind("server_error")));
        assert_eq!(transport.requests().len(), 1);
    }

    #[tokio::test]
    async fn a_call_keeps_one_idempotency_key_across_retries_and_a_keyed_post_is_retried() {
        use crate::PerCallOptions;
        use crate::describe::{ApiDescription, IdempotencyKeys};
        static KEYED: ApiDescription = ApiDescription { idempotency: Some(IdempotencyKeys { header: "Idempotency-Key", methods: &[Method::POST] }), ..API };
        static CREATE: crate::Endpoint = endpoint(Method::POST, "/items", None);
        let keyed = |transport: &Scripted| {
            let policy = RetryPolicy { initial_backoff: Duration::from_millis(1), ..RetryPolicy::DEFAULT };
            let builder = ClientBuilder::new(&KEYED).credential(&KEY, Credential::Token(crate::Secret::new("k")));
            builder.retry_policy(policy).transport(transport.clone()).build::<Kind>().expect("builds")
        };
        let transport = Scripted::new([(503, "{}"), (200, "{}"), (200, "{}")]);
        let client = keyed(&transport);
        client.send_empty(Request::new(&CREATE, &[]).expect("request")).await.expect("retried with its key");
        client.send_empty(Request::new(&CREATE, &[]).expect("request")).await.expect("a second call");
        let keys = transport.header_values("idempotency-key");
        assert_eq!(keys.len(), 3);
        assert_eq!(keys[0], keys[1], "one call, one key");
        assert_ne!(keys[1], keys[2], "each call its own key");
        assert_eq!(keys[0].as_deref().map(str::len), Some(36));
        let transport = Scripted::new([(200, "[]"), (200, "{}")]);
        let client = keyed(&transport);
        client.send_empty(Request::new(&LIST, &[]).expect("request")).await.expect("a GET");
        struct Keyed(crate::CallOptions);
        impl PerCallOptions for Keyed {
            fn call_options(&mut self) -> &mut crate::CallOptions {
                &mut self.0
            }
        }
        let options = Keyed(crate::CallOptions::default()).idempotency_key("order-7").0;
        client.send_empty(Request::new(&CREATE, &[]).expect("request").options(&options).expect("options")).await.expect("the caller's key");
        assert_eq!(transport.header_values("idempotency-key"), [None, Some("order-7".to_owned())], "GETs get no key; the caller's is sent as given");
        let unkeyed = core(&Scripted::new([(200, "{}")]));
        let error = unkeyed.send_empty(Request::new(&CREATE, &[]).expect("request").options(&options).expect("options")).await.expect_err("no keys");
        assert!(error.to_string().contains("takes no idempotency keys"), "{error}");
    }

    #[tokio::test]
    async fn bodies_over_the_limit_and_answers_from_other_origins_are_refused() {
        let transport = Scripted::new([(200, "[1, 2, 3]")]);
        let small = ClientBuilder::new(&API)
            .credential(&KEY, Credential::Token(crate::Secret::new("k")))
            .max_response_bytes(4)
            .transport(transport.clone())
            .build::<Kind>()
            .expect("builds");
        let error = small.send_bytes(Request::new(&LIST, &[]).expect("request")).await.expect_err("too large");
        assert!(matches!(error, Error::Decode { .. }) && error.report().to_string().contains("limit of 4 bytes"), "{error}");
        let elsewhere = Scripted::new([(200, "[]")]).answering_from("https://evil.example.com/items");
        let error = core(&elsewhere).send_bytes(Request::new(&LIST, &[]).expect("request")).await.expect_err("other origin");
        assert!(error.to_string().contains("not from the configured origin"), "{error}");
    }

    #[tokio::test]
    async fn metadata_comes_with_the_value() {
        let transport = Scripted::new([(200, "7")]);
        let response = core(&transport).send_json_with_response::<u8>(Request::new(&LIST, &[]).expect("request")).await.expect("ok");
        assert_eq!((*response.value(), response.status().as_u16(), response.request_id()), (7, 200, Some("req-1")));
    }

    #[tokio::test]
    async fn renewal_is_skipped_when_another_request_already_renewed() {
        let core = core(&Scripted::new([]));
        let seen = core.engine.inner.sessions.generation();
        core.set_session(Some(crate::auth::Session { token: crate::Secret::new("new"), user_id: None }));
        // The API has no session config, so a renewal would fail: succeeding proves it was skipped.
        let mut budget = super::Budget::default();
        core.engine.renew_session_once(seen, &mut budget).await.expect("already renewed");
        assert!(core.engine.renew_session_once(core.engine.inner.sessions.generation(), &mut budget).await.is_err());
    }
}
