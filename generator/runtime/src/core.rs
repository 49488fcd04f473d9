use crate::auth::{AuthScheme, Credential, Placement, Session, SessionConfig};
use crate::error::{ApiError, Error, ErrorKind, InvalidArgument};
use crate::interceptor::{AttemptContext, Interceptor, Interceptors, ResponseInfo};
use crate::rate_limit::{RateLimit, RateLimiter};
use crate::request::{Body, Endpoint, Request};
use crate::retry::RetryPolicy;
use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;
use tracing::Instrument;

/// Static description of one provider's API, generated from its spec.
#[derive(Debug)]
pub struct ApiDescription {
    /// The API's name (the spec's `name`), shown in tracing spans.
    pub name: &'static str,
    /// The base URL requests go to unless the client builder overrides it.
    pub default_base_url: &'static str,
    /// Default `User-Agent`.
    pub user_agent: &'static str,
    /// The API's auth schemes; endpoints refer to them by index.
    pub auth: &'static [AuthScheme],
    /// The spec's retry policy, used unless the client builder overrides it.
    pub retry: RetryPolicy,
    /// The provider's rate limits, applied on the client side.
    pub rate_limits: &'static [RateLimit],
    /// How to send methods some clients cannot send, if the provider allows it.
    pub method_override: Option<MethodOverride>,
    /// The login session, if an auth scheme's token comes from logging in.
    pub session: Option<&'static SessionConfig>,
    /// JSON members whose values are credentials (model fields of type `secret`): masked in the
    /// response bodies that errors quote, besides [`crate::redact::ALWAYS_SENSITIVE`].
    pub sensitive: &'static [&'static str],
}

/// A provider's method override: requests with one of `methods` can be sent as POST with the real
/// method in the `header` header (for proxies and clients that cannot send them).
#[derive(Debug, Clone, Copy)]
pub struct MethodOverride {
    /// The header carrying the real method, such as `X-Http-Method-Override`.
    pub header: &'static str,
    /// The methods that may be overridden.
    pub methods: &'static [reqwest::Method],
}

/// Default whole-request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default cap on a response body: larger bodies are refused rather than buffered.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// Configures a [`Core`]. Generated `ClientBuilder`s wrap this and add one typed setter per
/// auth scheme.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    api: &'static ApiDescription,
    base_url: Option<String>,
    credentials: Vec<Option<Credential>>,
    use_alternative: Vec<bool>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: Option<String>,
    configure_http: Option<ConfigureHttp>,
    interceptors: Interceptors,
    max_response_bytes: usize,
    retry: RetryPolicy,
    rate_limits: Vec<RateLimit>,
    method_override: bool,
    session: Option<Session>,
}

impl ClientBuilder {
    /// A builder with the API's defaults.
    pub fn new(api: &'static ApiDescription) -> Self {
        Self {
            api,
            base_url: None,
            credentials: vec![None; api.auth.len()],
            use_alternative: vec![false; api.auth.len()],
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: None,
            configure_http: None,
            interceptors: Interceptors::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: api.retry,
            rate_limits: api.rate_limits.to_vec(),
            method_override: false,
            session: None,
        }
    }

    /// Sends requests to `url` instead of the API's default base URL (for tests and proxies).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets the credential for the auth scheme at `scheme` (its index in the API description).
    pub fn credential(mut self, scheme: usize, credential: Credential) -> Self {
        if let Some(slot) = self.credentials.get_mut(scheme) {
            *slot = Some(credential);
        }
        self
    }

    /// Sends the credential of `scheme` in its alternative placement (such as a query parameter
    /// instead of a header).
    pub fn use_alternative_placement(mut self, scheme: usize) -> Self {
        if let Some(flag) = self.use_alternative.get_mut(scheme) {
            *flag = true;
        }
        self
    }

    /// Timeout for a whole request, from sending to the end of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Timeout for establishing a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Replaces the default `User-Agent`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Changes the `reqwest::ClientBuilder` the client's HTTP client is built from: proxies, TLS
    /// roots and backends, DNS, connection pools, default headers. The client then applies what
    /// keeps its promises, which no change here can undo: redirects are never followed (a 3xx is
    /// an error, so credentials and bodies never reach another origin), and this builder's
    /// `timeout` and `connect_timeout` are the ones in force.
    pub fn configure_http(mut self, configure: impl Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static) -> Self {
        self.configure_http = Some(ConfigureHttp(Arc::new(configure)));
        self
    }

    /// Adds an interceptor, run at fixed points of every call after those added before it: before
    /// each attempt (with the request mutable), after each response, and when a retry is decided.
    pub fn interceptor(mut self, interceptor: impl Interceptor) -> Self {
        self.interceptors.push(interceptor);
        self
    }

    /// Refuses response bodies larger than `bytes`.
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Replaces the spec's retry policy ([`RetryPolicy::NONE`] turns retries off).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Replaces the spec's client-side rate limits (an empty list turns them off).
    pub fn rate_limits(mut self, limits: Vec<RateLimit>) -> Self {
        self.rate_limits = limits;
        self
    }

    /// Starts from a saved session: its token and, to renew it, the user id.
    pub fn session(mut self, token: crate::Secret, user_id: Option<String>) -> Self {
        self.session = Some(Session { token, user_id });
        self
    }

    /// Sends the methods the API's method override covers as POST with the override header.
    /// Fails at build time if the API has no method override.
    pub fn method_override(mut self, enabled: bool) -> Self {
        self.method_override = enabled;
        self
    }

    /// Builds the client core.
    pub fn build<K: ErrorKind>(self) -> Result<Core<K>, Error<K>> {
        let base_text = self.base_url.as_deref().unwrap_or(self.api.default_base_url);
        // A caller's base URL may carry userinfo (for a proxy): never show it.
        let shown = crate::redact::url_text(base_text);
        let base_text = shown.as_ref();
        let base_url = Url::parse(self.base_url.as_deref().unwrap_or(self.api.default_base_url))
            .map_err(|error| Error::Config { reason: format!("base URL `{base_text}` is not a valid URL: {error}") })?;
        if !matches!(base_url.scheme(), "http" | "https") || base_url.cannot_be_a_base() {
            return Err(Error::Config { reason: format!("base URL `{base_text}` must be an http or https URL") });
        }
        if base_url.query().is_some() || base_url.fragment().is_some() {
            return Err(Error::Config { reason: format!("base URL `{base_text}` cannot have a query or fragment") });
        }
        let user_agent_text = self.user_agent.as_deref().unwrap_or(self.api.user_agent);
        let user_agent = HeaderValue::from_str(user_agent_text)
            .map_err(|_| Error::Config { reason: "user agent contains characters not allowed in a header".to_owned() })?;
        let mut http = reqwest::Client::builder();
        if let Some(configure) = &self.configure_http {
            http = (configure.0)(http);
        }
        // Set after the caller's changes, so none can undo them. Redirects are not followed: a
        // redirect could carry credentials or a body to another host, and the specs treat a 3xx
        // as an error to report.
        let http = http
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .build()
            .map_err(|error| Error::Config { reason: format!("cannot build the HTTP client: {error}") })?;
        let mut placements = Vec::with_capacity(self.api.auth.len());
        for (index, scheme) in self.api.auth.iter().enumerate() {
            if self.api.session.is_some_and(|session| session.scheme == index) {
                // The session token changes at run time; it is rendered per request.
                placements.push((scheme.placement, None));
                continue;
            }
            let placement = match (self.use_alternative[index], scheme.alternative) {
                (true, Some(alternative)) => alternative,
                _ => scheme.placement,
            };
            let credential = match &self.credentials[index] {
                Some(credential) => Some(render_credential(credential, placement)?),
                None => None,
            };
            placements.push((placement, credential));
        }
        let method_override = match (self.method_override, self.api.method_override) {
            (true, Some(method_override)) => Some(method_override),
            (true, None) => return Err(Error::Config { reason: format!("the {} API has no method override", self.api.name) }),
            (false, _) => None,
        };
        if self.retry.max_attempts == 0 {
            return Err(Error::Config { reason: "a retry policy needs at least one attempt".to_owned() });
        }
        Ok(Core {
            inner: Arc::new(Inner {
                api: self.api,
                http,
                base_url,
                auth: placements,
                user_agent,
                timeout: self.timeout,
                max_response_bytes: self.max_response_bytes,
                limiter: RateLimiter::new(&self.rate_limits),
                method_override,
                session: std::sync::RwLock::new(SessionState { session: self.session, generation: 0 }),
                interceptors: self.interceptors,
                renewal: tokio::sync::Mutex::new(()),
            }),
            retry: self.retry,
            kind: PhantomData,
        })
    }
}

/// A caller's changes to the `reqwest::ClientBuilder` (see [`ClientBuilder::configure_http`]).
#[derive(Clone)]
struct ConfigureHttp(Arc<dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>);

impl fmt::Debug for ConfigureHttp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ConfigureHttp(..)")
    }
}

/// The login session and how many times it has been replaced, so that requests that saw one
/// token expire renew it once between them.
struct SessionState {
    session: Option<Session>,
    generation: u64,
}

/// A credential rendered once, at build time, to what goes on the wire.
#[derive(Clone)]
enum RenderedCredential {
    Header(HeaderName, HeaderValue),
    Query(&'static str, crate::Secret),
}

fn render_credential<K: ErrorKind>(credential: &Credential, placement: Placement) -> Result<RenderedCredential, Error<K>> {
    let value = credential.render(placement);
    let header_name = match placement {
        Placement::Query { name } => return Ok(RenderedCredential::Query(name, value)),
        Placement::Header { name, .. } => name,
        Placement::Basic => "Authorization",
    };
    let name = HeaderName::from_bytes(header_name.as_bytes())
        .map_err(|_| Error::Config { reason: format!("`{header_name}` is not a valid header name") })?;
    let mut value = HeaderValue::from_str(value.expose())
        .map_err(|_| Error::Config { reason: "the credential contains characters not allowed in a header".to_owned() })?;
    // Keeps the value out of reqwest's and hyper's debug output.
    value.set_sensitive(true);
    Ok(RenderedCredential::Header(name, value))
}

struct Inner {
    api: &'static ApiDescription,
    http: reqwest::Client,
    base_url: Url,
    auth: Vec<(Placement, Option<RenderedCredential>)>,
    user_agent: HeaderValue,
    timeout: Duration,
    max_response_bytes: usize,
    limiter: RateLimiter,
    method_override: Option<MethodOverride>,
    session: std::sync::RwLock<SessionState>,
    /// Held while a session is renewed: one expiry, one renewal, however many requests see it.
    renewal: tokio::sync::Mutex<()>,
    interceptors: Interceptors,
}

/// The part of every generated client that talks HTTP. Cheap to clone; clones share one
/// connection pool and one rate limiter.
pub struct Core<K> {
    inner: Arc<Inner>,
    /// Kept outside the shared part so a clone can retry differently (per-call override).
    retry: RetryPolicy,
    kind: PhantomData<fn() -> K>,
}

impl<K> Clone for Core<K> {
    fn clone(&self) -> Self {
        Self { inner: Arc::clone(&self.inner), retry: self.retry, kind: PhantomData }
    }
}

impl<K> fmt::Debug for Core<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Core")
            .field("api", &self.inner.api.name)
            .field("base_url", &crate::redact::url_text(self.inner.base_url.as_str()))
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// A response as read off the wire.
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// The body parsed as JSON, when an envelope check already needed it.
    pub(crate) document: Option<Value>,
}

impl<K: ErrorKind> Core<K> {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The current login session, if any (to save it and start from it later).
    pub fn session(&self) -> Option<Session> {
        self.inner.session.read().map_or(None, |state| state.session.clone())
    }

    /// Replaces the login session (or forgets it, with `None`).
    pub fn set_session(&self, session: Option<Session>) {
        if let Ok(mut state) = self.inner.session.write() {
            state.session = session;
            state.generation += 1;
        }
    }

    /// How many times the session has been replaced.
    fn session_generation(&self) -> u64 {
        self.inner.session.read().map_or(0, |state| state.generation)
    }

    /// Credential-bearing members to mask in the bodies errors quote.
    fn sensitive(&self) -> &'static [&'static str] {
        self.inner.api.sensitive
    }

    /// Remembers the session a login or renewal payload carries.
    pub(crate) fn store_session(&self, payload: &Value) {
        let Some(config) = self.inner.api.session else { return };
        let Some(token) = config.token.get(payload).and_then(Value::as_str) else { return };
        let user_id = config.user_id.and_then(|path| path.get(payload)).and_then(|id| match id {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        });
        let previous_user = self.session().and_then(|session| session.user_id);
        self.set_session(Some(Session { token: crate::Secret::new(token), user_id: user_id.or(previous_user) }));
    }

    /// The retry policy of this handle.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// A handle that retries with `policy` and shares everything else (connections, rate
    /// limiter, credentials) with this one.
    pub fn with_retry_policy(&self, policy: RetryPolicy) -> Self {
        let retry = RetryPolicy { max_attempts: policy.max_attempts.max(1), ..policy };
        Self { inner: Arc::clone(&self.inner), retry, kind: PhantomData }
    }

    /// Sends `request` and decodes the JSON response (after unwrapping any envelope) as `T`.
    pub async fn send_json<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error<K>> {
        let endpoint = request.endpoint;
        let mut response = self.execute(&request, None).await?;
        // `T` is decoded one way only, from JSON text: every generated crate instantiates this
        // for each response type, so one decoding path keeps their compile time down.
        let payload = self.payload_text(endpoint, &mut response)?;
        serde_json::from_slice(&payload).map_err(|error| self.decode_error(endpoint, &response, error))
    }

    /// The payload's JSON text: the body itself when there is no envelope (`null` when empty),
    /// else the envelope's payload. A login's session token is stored on the way.
    fn payload_text(&self, endpoint: &'static Endpoint, response: &mut RawResponse) -> Result<Bytes, Error<K>> {
        if endpoint.envelope.is_none() && !endpoint.starts_session {
            return Ok(if response.body.is_empty() { Bytes::from_static(b"null") } else { response.body.clone() });
        }
        let payload = self.payload(endpoint, response)?;
        if endpoint.starts_session {
            self.store_session(&payload);
        }
        serde_json::to_vec(&payload).map(Bytes::from).map_err(|error| self.decode_error(endpoint, response, error))
    }

    /// Sends `request` and checks that it succeeded, ignoring any response body.
    pub async fn send_empty(&self, request: Request) -> Result<(), Error<K>> {
        self.execute(&request, None).await?;
        Ok(())
    }

    /// Sends `request` and returns the raw response body.
    pub async fn send_bytes(&self, request: Request) -> Result<Bytes, Error<K>> {
        Ok(self.execute(&request, None).await?.body)
    }

    /// Parses the body (unless the envelope check already did) and unwraps the envelope,
    /// returning the payload.
    pub(crate) fn payload(&self, endpoint: &'static Endpoint, response: &mut RawResponse) -> Result<Value, Error<K>> {
        let mut document = match response.document.take() {
            Some(document) => document,
            None => self.parse_document(endpoint, response)?,
        };
        Ok(match endpoint.envelope {
            Some(envelope) => {
                let mut payload = envelope.data.take(&mut document).unwrap_or(Value::Null);
                // When the payload is the body itself, the success flag is envelope, not payload.
                if let (true, Some(flag), Value::Object(members)) = (envelope.data.0.is_empty(), &envelope.success, &mut payload)
                    && let [field] = flag.path.0
                {
                    members.remove(*field);
                }
                payload
            }
            None => document,
        })
    }

    /// Sends a request (to `url_override` if given, else to its endpoint path) and reads the
    /// whole response, retrying as the retry policy allows and waiting for the rate limiter
    /// before each attempt. Non-2xx statuses, and envelopes that do not mark success, become
    /// [`Error::Api`].
    ///
    /// The whole call, renewal included, ends within the retry policy's `max_elapsed` of its
    /// first attempt: no retry starts that would end later, and an attempt's timeout is cut to
    /// what remains.
    pub(crate) async fn execute(&self, request: &Request, url_override: Option<&Url>) -> Result<RawResponse, Error<K>> {
        let mut budget = Budget::default();
        let generation = self.session_generation();
        let error = match self.execute_with_retries(request, url_override, &mut budget).await {
            Ok(response) => return Ok(response),
            Err(error) => error,
        };
        // An expired session is renewed once and the request sent again; a second expiry in a
        // row is returned as it is, so this never loops.
        if !self.session_expired(request, &error) {
            return Err(error);
        }
        // Boxed: renewal is rare, and inline its state would double the size of every request's
        // future, which is moved (copied) as it is built up and handed to the executor.
        Box::pin(self.renew_session_once(generation, &mut budget)).await?;
        self.execute_with_retries(request, url_override, &mut budget).await
    }

    /// Renews the session unless another request already did since `generation` was read: the
    /// requests that saw one token expire wait for a single renewal, then all retry.
    async fn renew_session_once(&self, generation: u64, budget: &mut Budget) -> Result<(), Error<K>> {
        let _turn = self.inner.renewal.lock().await;
        if self.session_generation() != generation {
            return Ok(());
        }
        self.renew_session(budget).await
    }

    /// Whether `error` says the session token of `request` expired.
    fn session_expired(&self, request: &Request, error: &Error<K>) -> bool {
        let (Some(config), Some(api)) = (self.inner.api.session, error.api_error()) else { return false };
        let uses_session = request.endpoint.auth.contains(&config.scheme);
        let is_renewal = config.renew.is_some_and(|renew| std::ptr::eq(renew, request.endpoint));
        let code = api.code.as_deref().and_then(|code| code.parse::<u16>().ok());
        uses_session && !is_renewal && (config.expired.contains(&api.status) || code.is_some_and(|code| config.expired.contains(&code)))
    }

    /// Exchanges the expired session token for a new one through the renewal endpoint.
    async fn renew_session(&self, budget: &mut Budget) -> Result<(), Error<K>> {
        let config = self.inner.api.session.ok_or(Error::Config { reason: "this API has no login session".to_owned() })?;
        let renew = config.renew.ok_or(Error::Config { reason: "this API cannot renew sessions".to_owned() })?;
        let session = self.session().ok_or(Error::MissingCredential { scheme: self.inner.api.auth[config.scheme].name })?;
        let user_id = session.user_id.clone().ok_or(Error::Config {
            reason: "the session has no user id, so it cannot be renewed; log in again or start from a session with its user id".to_owned(),
        })?;
        let param = renew.path.split_once('{').and_then(|(_, rest)| rest.split_once('}')).map_or("id", |(name, _)| name);
        let body = serde_json::json!({ config.renew_field: session.token.expose() });
        let request = Request::new(renew, &[(param, &user_id)])?.json_body(&body)?;
        let mut response = self.execute_with_retries(&request, None, budget).await?;
        let payload = self.payload(renew, &mut response)?;
        if config.token.get(&payload).and_then(Value::as_str).is_none() {
            return Err(self.decode_error(renew, &response, format!("no session token at `{}` in the renewal", config.token)));
        }
        self.store_session(&payload);
        Ok(())
    }

    /// Sends a request, retrying as the retry policy allows.
    async fn execute_with_retries(&self, request: &Request, url_override: Option<&Url>, budget: &mut Budget) -> Result<RawResponse, Error<K>> {
        let endpoint = request.endpoint;
        let policy = self.policy(request);
        check_page_size(request)?;
        // The first attempt takes the URL as it is; a retry builds it again (reqwest takes it by
        // value, and a clone for every request would cost more than a rebuild on the rare retry).
        let mut first_url = Some(self.url_for(request, url_override)?);
        let mut attempt = 1u32;
        loop {
            let url = match first_url.take() {
                Some(url) => url,
                None => self.url_for(request, url_override)?,
            };
            self.inner.limiter.acquire().await;
            let timeout = self.attempt_timeout(request, &policy, budget)?;
            let error = match self.attempt(request, url, attempt, timeout).await {
                Ok(response) => return Ok(response),
                Err(error) => error,
            };
            let Some(delay) = retry_delay(&policy, &error, endpoint.idempotent, attempt, budget) else {
                return Err(error);
            };
            self.inner.interceptors.on_retry(&error, delay, &self.context(request, attempt));
            tracing::debug!(
                method = %endpoint.method,
                path = endpoint.path,
                attempt,
                delay_ms = delay.as_millis() as u64,
                error = %error,
                "retrying"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// The retry policy of `request`: its own, else this handle's.
    fn policy(&self, request: &Request) -> RetryPolicy {
        request.options.retry.unwrap_or(self.retry)
    }

    /// The timeout of the next attempt: `None` for the client's own, else the call's own timeout
    /// or what remains of the call's budget, whichever is shorter. Starts the budget's clock at
    /// the first attempt, after any wait for the client-side rate limiter.
    fn attempt_timeout(&self, request: &Request, policy: &RetryPolicy, budget: &mut Budget) -> Result<Option<Duration>, Error<K>> {
        let endpoint = request.endpoint;
        let started = *budget.started.get_or_insert_with(tokio::time::Instant::now);
        let remaining = policy.max_elapsed.saturating_sub(started.elapsed());
        if remaining.is_zero() {
            return Err(Error::Timeout { method: endpoint.method.to_string(), path: endpoint.path });
        }
        let timeout = request.options.timeout.unwrap_or(self.inner.timeout);
        Ok((remaining < timeout || request.options.timeout.is_some()).then_some(remaining.min(timeout)))
    }

    /// Sends `request` and returns its body as a stream of chunks, read only as the caller
    /// consumes them. Error statuses, and JSON bodies whose envelope does not mark success, are
    /// errors; failures before the body starts are retried as for other requests.
    pub async fn send_stream(&self, request: Request) -> Result<crate::ByteStream<K>, Error<K>> {
        let endpoint = request.endpoint;
        let url = self.url_for(&request, None)?;
        let policy = self.policy(&request);
        let mut budget = Budget::default();
        let mut attempt = 1u32;
        loop {
            self.inner.limiter.acquire().await;
            let timeout = self.attempt_timeout(&request, &policy, &mut budget)?;
            let error = match self.stream_attempt(&request, &url, attempt, timeout).await {
                Ok(stream) => return Ok(stream),
                Err(error) => error,
            };
            let Some(delay) = retry_delay(&policy, &error, endpoint.idempotent, attempt, &budget) else {
                return Err(error);
            };
            self.inner.interceptors.on_retry(&error, delay, &self.context(&request, attempt));
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    async fn stream_attempt(&self, request: &Request, url: &Url, attempt: u32, timeout: Option<Duration>) -> Result<crate::ByteStream<K>, Error<K>> {
        let endpoint = request.endpoint;
        let response = self.send(request, url.clone(), attempt, timeout).await?;
        let status = response.status();
        let content_type = response.headers().get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).map(str::to_owned);
        let is_json = content_type.as_deref().is_some_and(|value| value.contains("json"));
        let success_flag = endpoint.envelope.and_then(|envelope| envelope.success.as_ref());
        if !status.is_success() || (is_json && success_flag.is_some()) {
            // Small bodies that say what went wrong: read them whole.
            let headers = response.headers().clone();
            let body = self.read_body(endpoint, response).await?;
            let raw = RawResponse { status, headers, body, document: None };
            if !status.is_success() {
                let error = ApiError::from_response(endpoint.errors, status.as_u16(), &raw.headers, &raw.body, self.sensitive());
                return Err(Error::Api(Box::new(error)));
            }
            let document = self.parse_document(endpoint, &raw)?;
            if let Some(flag) = success_flag
                && !flag.succeeded(&document)
            {
                let error = ApiError::from_parts(endpoint.errors, status.as_u16(), &raw.headers, Some(&document), &raw.body, self.sensitive());
                return Err(Error::Api(Box::new(error)));
            }
            let length = raw.body.len() as u64;
            return Ok(crate::ByteStream::new(content_type, Some(length), futures_util::stream::once(async move { Ok(raw.body) })));
        }
        let length = response.content_length();
        let chunks = futures_util::stream::try_unfold(response, move |mut response| async move {
            match response.chunk().await {
                Ok(Some(chunk)) => Ok(Some((chunk, response))),
                Ok(None) => Ok(None),
                Err(error) => Err(transport_error(endpoint, error)),
            }
        });
        Ok(crate::ByteStream::new(content_type, length, chunks))
    }

    /// One attempt: send, read the body, check the status and the envelope's success flag.
    async fn attempt(&self, request: &Request, url: Url, attempt: u32, timeout: Option<Duration>) -> Result<RawResponse, Error<K>> {
        let endpoint = request.endpoint;
        let span = tracing::debug_span!(
            "http_request",
            api = self.inner.api.name,
            method = %endpoint.method,
            path = endpoint.path,
            attempt,
            status = tracing::field::Empty,
        );
        async {
            let mut response = self.send(request, url, attempt, timeout).await?;
            let status = response.status();
            span.record("status", status.as_u16());
            let headers = std::mem::take(response.headers_mut());
            let body = self.read_body(endpoint, response).await?;
            let mut raw = RawResponse { status, headers, body, document: None };
            if !status.is_success() {
                let error = ApiError::from_response(endpoint.errors, status.as_u16(), &raw.headers, &raw.body, self.sensitive());
                return Err(Error::Api(Box::new(error)));
            }
            if let Some(flag) = endpoint.envelope.and_then(|envelope| envelope.success.as_ref()) {
                let document = self.parse_document(endpoint, &raw)?;
                if !flag.succeeded(&document) {
                    let error = ApiError::from_parts(endpoint.errors, status.as_u16(), &raw.headers, Some(&document), &raw.body, self.sensitive());
                    return Err(Error::Api(Box::new(error)));
                }
                raw.document = Some(document);
            }
            Ok(raw)
        }
        .instrument(span.clone())
        .await
    }

    /// Where a call is, for interceptors.
    fn context<'r>(&self, request: &'r Request, attempt: u32) -> AttemptContext<'r> {
        let endpoint = request.endpoint;
        AttemptContext { api: self.inner.api.name, method: endpoint.method.as_str(), path: endpoint.path, attempt }
    }

    /// Sends one attempt: the request built, the interceptors run on it, and the response
    /// checked against the origin and shown to the interceptors before anything is read.
    async fn send(&self, request: &Request, url: Url, attempt: u32, timeout: Option<Duration>) -> Result<reqwest::Response, Error<K>> {
        let endpoint = request.endpoint;
        let builder = self.build_request(request, url, timeout)?;
        let response = if self.inner.interceptors.is_empty() {
            builder.send().await
        } else {
            let context = self.context(request, attempt);
            let mut outgoing = builder.build().map_err(|error| transport_error(endpoint, error))?;
            let stop = |source| Error::Interceptor { method: endpoint.method.to_string(), path: endpoint.path, source };
            self.inner.interceptors.before_attempt(&mut outgoing, &context).map_err(stop)?;
            // Credentials and bodies stay with the configured origin, whatever an interceptor does.
            if !same_origin(outgoing.url(), &self.inner.base_url) {
                return Err(stop("an interceptor may not send a request to another origin".into()));
            }
            self.inner.http.execute(outgoing).await
        };
        let response = response.map_err(|error| transport_error(endpoint, error))?;
        self.check_response_origin(&response)?;
        if !self.inner.interceptors.is_empty() {
            let info = ResponseInfo { status: response.status(), headers: response.headers() };
            self.inner.interceptors.after_response(&info, &self.context(request, attempt));
        }
        Ok(response)
    }

    /// Refuses a response that came from another origin than the base URL's. Redirects are
    /// never followed, so this cannot happen; it is checked anyway, before anything is read, so
    /// that no change to the HTTP client can make another host's answer this API's.
    fn check_response_origin(&self, response: &reqwest::Response) -> Result<(), Error<K>> {
        if same_origin(response.url(), &self.inner.base_url) {
            return Ok(());
        }
        Err(Error::Config {
            reason: format!(
                "a response came from `{}://{}`, not from the configured origin; it was not read",
                response.url().scheme(),
                response.url().host_str().unwrap_or("")
            ),
        })
    }

    /// `url` with the values of query-parameter credentials, and any userinfo, replaced by
    /// `***`, for showing.
    pub(crate) fn redact(&self, url: &Url) -> String {
        let secret_names: Vec<&str> = self
            .inner
            .auth
            .iter()
            .filter_map(|(placement, _)| match placement {
                Placement::Query { name } => Some(*name),
                _ => None,
            })
            .collect();
        if secret_names.is_empty() || url.query().is_none() {
            return crate::redact::url_text(url.as_str()).into_owned();
        }
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let value = if secret_names.contains(&name.as_ref()) { "***".to_owned() } else { value.into_owned() };
                (name.into_owned(), value)
            })
            .collect();
        let mut shown = url.clone();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
        crate::redact::url_text(shown.as_str()).into_owned()
    }

    /// The URL of `request`: its path on the base URL with its query, or `url_override` (a next
    /// link) exactly as given. Either way, query-parameter credentials are set, replacing any
    /// the link already carries.
    fn url_for(&self, request: &Request, url_override: Option<&Url>) -> Result<Url, Error<K>> {
        let credential_queries = request.endpoint.auth.iter().filter_map(|&index| match self.inner.auth.get(index) {
            Some((_, Some(RenderedCredential::Query(name, value)))) => Some((*name, value.expose())),
            _ => None,
        });
        if let Some(link) = url_override {
            let mut url = link.clone();
            let credentials: Vec<(&str, &str)> = credential_queries.collect();
            if !credentials.is_empty() {
                let kept: Vec<(String, String)> = link
                    .query_pairs()
                    .filter(|(name, _)| !credentials.iter().any(|(credential, _)| name == credential))
                    .map(|(name, value)| (name.into_owned(), value.into_owned()))
                    .collect();
                url.query_pairs_mut().clear().extend_pairs(kept).extend_pairs(credentials);
            }
            return Ok(url);
        }
        let base = self.inner.base_url.as_str().trim_end_matches('/');
        let mut text = String::with_capacity(base.len() + request.path.len());
        text.push_str(base);
        text.push_str(&request.path);
        let mut url = Url::parse(&text).map_err(|error| Error::from(InvalidArgument { name: "path".to_owned(), reason: error.to_string() }))?;
        let mut pairs: Vec<(&str, &str)> = request.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        pairs.extend(credential_queries);
        if !pairs.is_empty() {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        Ok(url)
    }

    fn build_request(&self, request: &Request, url: Url, timeout: Option<Duration>) -> Result<reqwest::RequestBuilder, Error<K>> {
        let endpoint = request.endpoint;
        let overridden = self.inner.method_override.filter(|method_override| method_override.methods.contains(&endpoint.method));
        let method = if overridden.is_some() { reqwest::Method::POST } else { endpoint.method.clone() };
        let mut builder = self
            .inner
            .http
            .request(method, url)
            .header(USER_AGENT, self.inner.user_agent.clone())
            .header(ACCEPT, HeaderValue::from_static(request.accept));
        if let Some(timeout) = timeout {
            builder = builder.timeout(timeout);
        }
        for &index in endpoint.auth {
            let scheme = &self.inner.api.auth[index];
            if self.inner.api.session.is_some_and(|session| session.scheme == index) {
                let session = self.session().ok_or(Error::MissingCredential { scheme: scheme.name })?;
                let (name, value) = match scheme.placement {
                    Placement::Header { name, prefix } => (name, format!("{prefix}{}", session.token.expose())),
                    _ => ("Authorization", format!("Bearer {}", session.token.expose())),
                };
                let mut value = HeaderValue::from_str(&value)
                    .map_err(|_| Error::Config { reason: "the session token cannot be sent in a header".to_owned() })?;
                value.set_sensitive(true);
                builder = builder.header(name, value);
                continue;
            }
            match self.inner.auth.get(index) {
                Some((_, Some(RenderedCredential::Header(name, value)))) => {
                    builder = builder.header(name.clone(), value.clone());
                }
                Some((_, Some(RenderedCredential::Query(..)))) => {}
                _ => return Err(Error::MissingCredential { scheme: scheme.name }),
            }
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value.as_str());
        }
        for (name, value) in &request.options.headers {
            builder = builder.header(name.clone(), value.clone());
        }
        if let Some(method_override) = overridden {
            builder = builder.header(method_override.header, endpoint.method.as_str());
        }
        match &request.body {
            Some(Body::Json(bytes)) => {
                builder = builder.header(CONTENT_TYPE, HeaderValue::from_static("application/json")).body(bytes.clone());
            }
            Some(Body::Raw { content_type, bytes }) => {
                builder = builder.header(CONTENT_TYPE, content_type.as_str()).body(bytes.clone());
            }
            None => {}
        }
        Ok(builder)
    }

    async fn read_body(&self, endpoint: &'static Endpoint, mut response: reqwest::Response) -> Result<Bytes, Error<K>> {
        let limit = self.inner.max_response_bytes;
        let status = response.status();
        if response.content_length().is_some_and(|length| length > limit as u64) {
            return Err(too_large(endpoint, status, limit));
        }
        // Most bodies arrive in one chunk, which is returned as it is, without a copy.
        let Some(first) = response.chunk().await.map_err(|error| transport_error(endpoint, error))? else {
            return Ok(Bytes::new());
        };
        if first.len() > limit {
            return Err(too_large(endpoint, status, limit));
        }
        let Some(second) = response.chunk().await.map_err(|error| transport_error(endpoint, error))? else {
            return Ok(first);
        };
        let mut body = Vec::with_capacity(response.content_length().map_or(first.len() + second.len(), |length| length as usize));
        body.extend_from_slice(&first);
        let mut next = Some(second);
        while let Some(chunk) = next {
            if body.len() + chunk.len() > limit {
                return Err(too_large(endpoint, status, limit));
            }
            body.extend_from_slice(&chunk);
            next = response.chunk().await.map_err(|error| transport_error(endpoint, error))?;
        }
        Ok(Bytes::from(body))
    }
}

/// How long to wait before retrying after `error` under `policy`, or `None` to give up: the
/// error is not retryable for this request, attempts or time are used up, or `Retry-After` is
/// past the cap.
fn retry_delay<K: ErrorKind>(policy: &RetryPolicy, error: &Error<K>, idempotent: bool, attempt: u32, budget: &Budget) -> Option<Duration> {
    if attempt >= policy.max_attempts || !may_retry(error, idempotent) {
        return None;
    }
    let delay = match error.retry_after() {
        Some(wait) if wait > policy.retry_after_cap => return None,
        Some(wait) => wait,
        None => policy.backoff(attempt),
    };
    (budget.elapsed() + delay < policy.max_elapsed).then_some(delay)
}

/// Whether `error` may be retried for a request that is (or is not) idempotent.
fn may_retry<K: ErrorKind>(error: &Error<K>, idempotent: bool) -> bool {
    match error {
        Error::Api(api) => api.kind.is_retryable() && (idempotent || api.kind.is_unprocessed()),
        Error::Timeout { .. } => idempotent,
        // A connection that was never established carried nothing, so any request may be resent.
        Error::Transport { source, .. } => idempotent || source.is_connect(),
        _ => false,
    }
}

/// Refuses a page size above the endpoint's maximum before anything is sent.
fn check_page_size(request: &Request) -> Result<(), InvalidArgument> {
    let Some(limit) = request.endpoint.page_size else {
        return Ok(());
    };
    for (name, value) in &request.query {
        if name == limit.param && value.parse::<u64>().is_ok_and(|size| size > limit.max) {
            return Err(InvalidArgument { name: name.clone(), reason: format!("{value} is more than the largest page size, {}", limit.max) });
        }
    }
    Ok(())
}

/// A decode error for a response that did not come from an endpoint (such as an OAuth token).
pub(crate) fn decode_error_raw<K: ErrorKind>(what: &'static str, response: &RawResponse, error: impl fmt::Display) -> Error<K> {
    let snippet = crate::redact::snippet(&response.body, &[]);
    Error::Decode { path: what, status: response.status.as_u16(), message: error.to_string(), snippet }
}

/// Whether two URLs have the same scheme, host and port.
pub(crate) fn same_origin(url: &Url, base: &Url) -> bool {
    url.scheme() == base.scheme() && url.host_str() == base.host_str() && url.port_or_known_default() == base.port_or_known_default()
}

/// The time a call has used, counted from its first attempt.
#[derive(Debug, Default)]
struct Budget {
    started: Option<tokio::time::Instant>,
}

impl Budget {
    fn elapsed(&self) -> Duration {
        self.started.map_or(Duration::ZERO, |started| started.elapsed())
    }
}

fn too_large<K: ErrorKind>(endpoint: &'static Endpoint, status: StatusCode, limit: usize) -> Error<K> {
    Error::Decode {
        path: endpoint.path,
        status: status.as_u16(),
        message: format!("the response body is larger than the limit of {limit} bytes"),
        snippet: String::new(),
    }
}

impl<K: ErrorKind> Core<K> {
    pub(crate) fn parse_document(&self, endpoint: &'static Endpoint, response: &RawResponse) -> Result<Value, Error<K>> {
        if response.body.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&response.body).map_err(|error| self.decode_error(endpoint, response, error))
    }

    /// A decode error quoting the start of the body, sensitive members masked.
    pub(crate) fn decode_error(&self, endpoint: &'static Endpoint, response: &RawResponse, error: impl fmt::Display) -> Error<K> {
        let content_type = response.headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or("");
        let message = if content_type.is_empty() || content_type.contains("json") {
            error.to_string()
        } else {
            format!("{error} (the response's content type is `{content_type}`, not JSON)")
        };
        let snippet = crate::redact::snippet(&response.body, self.sensitive());
        Error::Decode { path: endpoint.path, status: response.status.as_u16(), message, snippet }
    }
}

fn transport_error<K: ErrorKind>(endpoint: &'static Endpoint, error: reqwest::Error) -> Error<K> {
    // The URL may carry a query-parameter credential: never keep it in an error.
    let error = error.without_url();
    if error.is_timeout() {
        Error::Timeout { method: endpoint.method.to_string(), path: endpoint.path }
    } else {
        Error::Transport { method: endpoint.method.to_string(), path: endpoint.path, source: error }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::AuthScheme;
    use crate::error::ErrorSchema;

    #[derive(Debug, Clone, Copy, PartialEq)]
    struct Kind;

    impl fmt::Display for Kind {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("kind")
        }
    }

    impl ErrorKind for Kind {
        fn classify(_table: usize, _status: u16, _code: Option<&str>) -> Self {
            Kind
        }
        fn is_retryable(self) -> bool {
            false
        }
    }

    static ERRORS: ErrorSchema = ErrorSchema { table: 0, message: &[], code: &[], field_errors: None, request_id_header: None };
    static API: ApiDescription = ApiDescription {
        name: "test",
        default_base_url: "https://api.example.com/v1",
        user_agent: "test/1",
        auth: &[AuthScheme { name: "key", placement: Placement::Query { name: "api_key" }, alternative: None }],
        retry: RetryPolicy::DEFAULT,
        rate_limits: &[],
        method_override: None,
        session: None,
        sensitive: &["pin"],
    };
    static LIST: Endpoint = Endpoint {
        method: reqwest::Method::GET,
        path: "/items",
        auth: &[0],
        errors: &ERRORS,
        envelope: None,
        pagination: None,
        page_size: None,
        idempotent: true,
        starts_session: false,
    };

    fn core(base_url: &str) -> Core<Kind> {
        ClientBuilder::new(&API).base_url(base_url).credential(0, Credential::Token(crate::Secret::new("k-5ecret"))).build().expect("builds")
    }

    #[test]
    fn a_next_link_is_used_as_given_with_the_query_credential_set_once() {
        let core = core("https://api.example.com/v1");
        let request = Request::new(&LIST, &[]).expect("request").query("limit", 2);
        let first = core.url_for(&request, None).expect("url");
        assert_eq!(first.as_str(), "https://api.example.com/v1/items?limit=2&api_key=k-5ecret");
        // The link keeps its own query; the request's is not appended again, and a key the link
        // echoes is replaced, not doubled.
        let link = Url::parse("https://api.example.com/v1/items?limit=2&cursor=c2&api_key=echoed").expect("link");
        let next = core.url_for(&request, Some(&link)).expect("url");
        assert_eq!(next.as_str(), "https://api.example.com/v1/items?limit=2&cursor=c2&api_key=k-5ecret");
        assert_eq!(core.redact(&next), "https://api.example.com/v1/items?limit=2&cursor=c2&api_key=***");
    }

    #[test]
    fn userinfo_in_a_callers_base_url_is_hidden() {
        let core = core("https://ann:pa55@api.example.com/v1");
        let shown = format!("{core:?}");
        assert!(!shown.contains("pa55") && shown.contains("https://***@api.example.com/v1"), "{shown}");
        let error = ClientBuilder::new(&API).base_url("https://ann:pa55@[::1").build::<Kind>().expect_err("not a URL");
        assert!(!error.to_string().contains("pa55"), "{error}");
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let base = Url::parse("https://api.example.com/v1").expect("url");
        assert!(same_origin(&Url::parse("https://api.example.com:443/other?x=1").expect("url"), &base));
        assert!(!same_origin(&Url::parse("http://api.example.com/v1").expect("url"), &base));
        assert!(!same_origin(&Url::parse("https://api.example.com:8443/v1").expect("url"), &base));
        assert!(!same_origin(&Url::parse("https://evil.example.com/v1").expect("url"), &base));
    }

    #[tokio::test(start_paused = true)]
    async fn attempts_are_cut_to_the_calls_remaining_budget() {
        let core = core("https://api.example.com/v1").with_retry_policy(RetryPolicy { max_elapsed: Duration::from_secs(45), ..RetryPolicy::DEFAULT });
        let request = Request::new(&LIST, &[]).expect("request");
        let policy = core.policy(&request);
        let mut budget = Budget::default();
        assert_eq!(core.attempt_timeout(&request, &policy, &mut budget).expect("budget left"), None, "the client's 30 s timeout fits");
        tokio::time::advance(Duration::from_secs(30)).await;
        assert_eq!(core.attempt_timeout(&request, &policy, &mut budget).expect("budget left"), Some(Duration::from_secs(15)));
        let error: Error<Kind> = Error::Timeout { method: "GET".to_owned(), path: "/items" };
        assert_eq!(retry_delay(&policy, &error, true, 1, &budget).map(|delay| delay < Duration::from_secs(15)), Some(true));
        tokio::time::advance(Duration::from_secs(15)).await;
        assert!(retry_delay(&policy, &error, true, 2, &budget).is_none(), "no retry past the budget");
        assert!(matches!(core.attempt_timeout(&request, &policy, &mut budget), Err(Error::Timeout { .. })));
    }

    #[tokio::test(start_paused = true)]
    async fn a_calls_own_timeout_and_policy_win_over_the_clients() {
        struct Options(crate::CallOptions);
        impl crate::PerCallOptions for Options {
            fn call_options(&mut self) -> &mut crate::CallOptions {
                &mut self.0
            }
        }
        use crate::PerCallOptions as _;
        let core = core("https://api.example.com/v1");
        let options = Options(crate::CallOptions::default()).timeout(Duration::from_secs(2)).retry_policy(RetryPolicy::NONE).0;
        let request = Request::new(&LIST, &[]).expect("request").options(&options).expect("valid options");
        let policy = core.policy(&request);
        assert_eq!(policy, RetryPolicy::NONE);
        assert_eq!(core.attempt_timeout(&request, &policy, &mut Budget::default()).expect("budget"), Some(Duration::from_secs(2)));
    }

    #[test]
    fn decode_errors_mask_the_apis_sensitive_members() {
        let core = core("https://api.example.com/v1");
        let response = RawResponse { status: StatusCode::OK, headers: HeaderMap::new(), body: Bytes::from_static(br#"{"pin": "1234", "password": "pw", "n": 1}"#), document: None };
        let error = core.decode_error(&LIST, &response, "wrong shape");
        let shown = error.to_string();
        assert!(!shown.contains("1234") && !shown.contains("\"pw\"") && shown.contains(r#""n": 1"#), "{shown}");
    }

    #[tokio::test]
    async fn renewal_is_skipped_when_another_request_already_renewed() {
        let core = core("https://api.example.com/v1");
        let seen = core.session_generation();
        core.set_session(Some(Session { token: crate::Secret::new("new"), user_id: None }));
        // The API has no session config, so a renewal would fail: succeeding proves it was skipped.
        core.renew_session_once(seen, &mut Budget::default()).await.expect("already renewed");
        assert!(core.renew_session_once(core.session_generation(), &mut Budget::default()).await.is_err());
    }
}
