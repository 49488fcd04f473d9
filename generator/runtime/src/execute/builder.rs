//! The client builder: from an API description and the caller's settings to a [`Core`].

use super::core::{Core, Engine, Inner};
use super::rate_limit::RateLimiter;
use super::session::Sessions;
use crate::transport::{ReqwestTransport, Transport};
use super::wire::{Wire, render_credential};
use crate::auth::{Credential, Session};
use crate::describe::{ApiDescription, AuthScheme, RateLimit, RetryPolicy};
use crate::error::{Error, ErrorKind, KindTraits};
use crate::interceptor::{Interceptor, Interceptors};
use reqwest::Url;
use reqwest::header::{HeaderName, HeaderValue};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

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
    transport: Option<SharedTransport>,
    interceptors: Interceptors,
    max_response_bytes: usize,
    retry: RetryPolicy,
    rate_limits: Vec<RateLimit>,
    method_override: bool,
    session: Option<Session>,
    /// The caller's values for the API's constant headers, by header name.
    header_values: Vec<(&'static str, String)>,
    /// The caller's values for the placeholders of the default base URL (`{subdomain}`), by name.
    base_url_params: Vec<(&'static str, String)>,
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
            transport: None,
            interceptors: Interceptors::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retry: api.retry,
            rate_limits: api.rate_limits.to_vec(),
            method_override: false,
            session: None,
            header_values: Vec::new(),
            base_url_params: Vec::new(),
        }
    }

    /// Sends requests to `url` instead of the API's default base URL (for tests and proxies).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Fills the placeholder `{name}` of the API's default base URL (an account's subdomain, as in
    /// `https://{subdomain}.example.com`) with `value`. Ignored when [`ClientBuilder::base_url`]
    /// sets another URL. A value in the host is letters, digits, `-` and `.`; in the path it is
    /// one percent-encoded segment.
    pub fn base_url_param(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.base_url_params.retain(|(known, _)| *known != name);
        self.base_url_params.push((name, value.into()));
        self
    }

    /// Sets the credential for `scheme` (one of the API's auth schemes; others are ignored).
    pub fn credential(mut self, scheme: &AuthScheme, credential: Credential) -> Self {
        if let Some(slot) = self.api.scheme_index(scheme).and_then(|index| self.credentials.get_mut(index)) {
            *slot = Some(credential);
        }
        self
    }

    /// Sends the credential of `scheme` in its alternative placement (such as a query parameter
    /// instead of a header).
    pub fn use_alternative_placement(mut self, scheme: &AuthScheme) -> Self {
        if let Some(flag) = self.api.scheme_index(scheme).and_then(|index| self.use_alternative.get_mut(index)) {
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

    /// Sends every request through `transport` instead of `reqwest` (for example one that
    /// answers from memory in tests); `configure_http` then has no effect. Credentials, retries,
    /// origin checks, size limits and error decoding apply as with the default transport.
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(SharedTransport(Arc::new(transport)));
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

    /// Sends `value` in the API's constant header `name` (such as an API version the provider
    /// lets callers choose) instead of the spec's value. Building fails if the API declares no
    /// such header or the value cannot be sent in one.
    pub fn constant_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.header_values.retain(|(known, _)| !known.eq_ignore_ascii_case(name));
        self.header_values.push((name, value.into()));
        self
    }

    /// Replaces the spec's client-side rate limits (an empty list turns them off).
    pub fn rate_limits(mut self, limits: Vec<RateLimit>) -> Self {
        self.rate_limits = limits;
        self
    }

    /// Starts from a saved session: its token and, to renew it, the user id.
    pub fn session(mut self, token: crate::secret::Secret, user_id: Option<String>) -> Self {
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
        let retry = self.retry;
        match self.build_inner(KindTraits::of::<K>()) {
            Ok(inner) => Ok(Core::new(Engine { inner: Arc::new(inner), retry })),
            Err(reason) => Err(Error::Config { reason }),
        }
    }

    /// What the clones of the client will share; the error says what is wrong with the
    /// settings. Not generic, so it is compiled once, here, not in every generated crate.
    fn build_inner(self, kinds: KindTraits) -> Result<Inner, String> {
        let base_url = match &self.base_url {
            Some(url) => parse_base_url(url)?,
            None => parse_base_url(&fill_base_url(self.api.default_base_url, &self.base_url_params)?)?,
        };
        let user_agent_text = self.user_agent.as_deref().unwrap_or(self.api.user_agent);
        let user_agent =
            HeaderValue::from_str(user_agent_text).map_err(|_| "user agent contains characters not allowed in a header".to_owned())?;
        let transport = match self.transport {
            Some(transport) => transport.0,
            None => Arc::new(ReqwestTransport::new(self.http_client()?)),
        };
        let mut credentials = Vec::with_capacity(self.api.auth.len());
        for (index, scheme) in self.api.auth.iter().enumerate() {
            let placement = scheme.placement(self.use_alternative[index]);
            let rendered = match &self.credentials[index] {
                // A session token changes at run time; it is rendered per request.
                Some(credential) if self.api.session.is_none_or(|session| session.scheme.name != scheme.name) => {
                    Some(render_credential(credential, placement)?)
                }
                _ => None,
            };
            credentials.push((placement, rendered));
        }
        let method_override = match (self.method_override, self.api.method_override) {
            (true, Some(method_override)) => Some(method_override),
            (true, None) => return Err(format!("the {} API has no method override", self.api.name)),
            (false, _) => None,
        };
        if self.retry.max_attempts == 0 {
            return Err("a retry policy needs at least one attempt".to_owned());
        }
        let headers = constant_headers(self.api, &self.header_values)?;
        let wire = Wire { api: self.api, base_url, user_agent, credentials, method_override, headers };
        Ok(Inner {
            wire,
            transport,
            timeout: self.timeout,
            max_response_bytes: self.max_response_bytes,
            limiter: RateLimiter::new(&self.rate_limits),
            sessions: Sessions::new(self.api.session, self.session),
            interceptors: self.interceptors,
            kinds,
        })
    }

    /// The HTTP client of the default transport. Redirects and timeouts are set after the
    /// caller's changes, so none can undo them: a redirect could carry credentials or a body to
    /// another host, and the specs treat a 3xx as an error to report.
    fn http_client(&self) -> Result<reqwest::Client, String> {
        let mut http = reqwest::Client::builder();
        if let Some(configure) = &self.configure_http {
            http = (configure.0)(http);
        }
        http.redirect(reqwest::redirect::Policy::none())
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .build()
            .map_err(|error| format!("cannot build the HTTP client: {error}"))
    }
}

/// `template` (the default base URL) with each `{name}` replaced by its value in `params`: in the
/// host, letters, digits, `-` and `.` only, so a value cannot move the request to another host;
/// in the path, one percent-encoded segment. A placeholder without a value, or a value for none,
/// is an error naming it.
fn fill_base_url(template: &str, params: &[(&'static str, String)]) -> Result<String, String> {
    let authority = template.find("://").map_or(0, |scheme| scheme + 3);
    let host_end = template[authority..].find('/').map_or(template.len(), |slash| authority + slash);
    let mut url = String::with_capacity(template.len());
    let mut rest = template;
    let mut used = Vec::new();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|offset| open + offset) else { break };
        let name = &rest[open + 1..close];
        let value = params.iter().find(|(known, _)| *known == name).map(|(_, value)| value.as_str());
        let Some(value) = value else {
            return Err(format!("the base URL `{template}` needs `{name}`: set it on the builder (`.{name}(...)`), or set `base_url`"));
        };
        url.push_str(&rest[..open]);
        let in_host = template.len() - rest.len() + open < host_end;
        if in_host {
            if value.is_empty() || !value.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.')) {
                return Err(format!("`{name}` goes in the base URL's host, so it is letters, digits, `-` and `.`; got {value:?}"));
            }
            url.push_str(value);
        } else {
            if value.is_empty() {
                return Err(format!("`{name}` goes in the base URL's path, so it cannot be empty"));
            }
            crate::encoding::push_path_segment(&mut url, value);
        }
        used.push(name);
        rest = &rest[close + 1..];
    }
    url.push_str(rest);
    if let Some((unknown, _)) = params.iter().find(|(name, _)| !used.contains(name)) {
        return Err(format!("the base URL `{template}` has no `{{{unknown}}}`"));
    }
    Ok(url)
}

/// A base URL checked for use: http or https, a base, no query or fragment. Messages never show
/// userinfo (a caller's base URL may carry a proxy's).
fn parse_base_url(text: &str) -> Result<Url, String> {
    let shown = crate::redact::url_text(text);
    let url = Url::parse(text).map_err(|error| format!("base URL `{shown}` is not a valid URL: {error}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(format!("base URL `{shown}` must be an http or https URL"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("base URL `{shown}` cannot have a query or fragment"));
    }
    Ok(url)
}

/// The API's constant headers as they are sent: the caller's value where they chose one, else the
/// spec's.
fn constant_headers(api: &ApiDescription, chosen: &[(&'static str, String)]) -> Result<Vec<(HeaderName, HeaderValue)>, String> {
    if let Some((unknown, _)) = chosen.iter().find(|(name, _)| !api.headers.iter().any(|header| header.name.eq_ignore_ascii_case(name))) {
        return Err(format!("the {} API has no constant header `{unknown}`", api.name));
    }
    api.headers
        .iter()
        .map(|header| {
            let value = chosen.iter().find(|(name, _)| name.eq_ignore_ascii_case(header.name)).map_or(header.value, |(_, value)| value.as_str());
            let name = HeaderName::from_bytes(header.name.as_bytes()).map_err(|_| format!("`{}` is not a valid header name", header.name))?;
            let value = HeaderValue::from_str(value).map_err(|_| format!("the value of header `{}` has characters a header cannot carry", header.name))?;
            Ok((name, value))
        })
        .collect()
}

/// A caller's changes to the `reqwest::ClientBuilder` (see [`ClientBuilder::configure_http`]).
#[derive(Clone)]
struct ConfigureHttp(Arc<dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>);

impl fmt::Debug for ConfigureHttp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ConfigureHttp(..)")
    }
}

/// A caller's transport (see [`ClientBuilder::transport`]).
#[derive(Clone)]
struct SharedTransport(Arc<dyn Transport>);

impl fmt::Debug for SharedTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Transport(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::fixtures::API;
    use crate::execute::tests_support::Kind;

    #[test]
    fn base_url_placeholders_are_filled_and_kept_in_their_place() {
        let template = "https://{subdomain}.example.com/api/{tenant}/v2";
        let params = |pairs: &[(&'static str, &str)]| pairs.iter().map(|(name, value)| (*name, (*value).to_owned())).collect::<Vec<_>>();
        assert_eq!(fill_base_url(template, &params(&[("subdomain", "acme-eu.prod"), ("tenant", "a b/c")])), Ok("https://acme-eu.prod.example.com/api/a%20b%2Fc/v2".to_owned()));
        assert!(fill_base_url(template, &params(&[("subdomain", "acme")])).unwrap_err().contains("needs `tenant`"));
        for hostile in ["evil.com/", "a@b", "a:1", "", "x#"] {
            let error = fill_base_url(template, &params(&[("subdomain", hostile), ("tenant", "t")])).unwrap_err();
            assert!(error.contains("letters, digits"), "{hostile}: {error}");
        }
        assert!(fill_base_url(template, &params(&[("subdomain", "a"), ("tenant", "")])).unwrap_err().contains("cannot be empty"));
        assert!(fill_base_url("https://api.example.com", &params(&[("region", "eu")])).unwrap_err().contains("has no `{region}`"));
        assert_eq!(fill_base_url("https://api.example.com/v1", &[]), Ok("https://api.example.com/v1".to_owned()));
        // A client of an API whose base URL has a placeholder: filled, missing, or overridden whole.
        static ACCOUNT_API: ApiDescription = ApiDescription { default_base_url: "https://{subdomain}.example.com/v1", ..API };
        let core = ClientBuilder::new(&ACCOUNT_API).base_url_param("subdomain", "acme").build::<Kind>().expect("filled");
        assert_eq!(core.base_url().as_str(), "https://acme.example.com/v1");
        let error = ClientBuilder::new(&ACCOUNT_API).build::<Kind>().expect_err("missing");
        assert!(error.to_string().contains("needs `subdomain`"), "{error}");
        let core = ClientBuilder::new(&ACCOUNT_API).base_url("http://127.0.0.1:1/").build::<Kind>().expect("overridden");
        assert_eq!(core.base_url().as_str(), "http://127.0.0.1:1/");
    }

    #[test]
    fn base_urls_must_be_plain_http_bases_and_never_show_userinfo() {
        assert!(parse_base_url("https://api.example.com/v1").is_ok());
        for bad in ["ftp://api.example.com", "mailto:x@example.com", "https://api.example.com/?a=1", "https://api.example.com/#f"] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
        let error = ClientBuilder::new(&API).base_url("https://ann:pa55@[::1").build::<Kind>().expect_err("not a URL");
        assert!(!error.to_string().contains("pa55"), "{error}");
    }

    #[test]
    fn constant_headers_take_the_callers_value_and_unknown_or_unsendable_ones_are_refused() {
        let chosen = [("x-api-version", "2025-06-01".to_owned())];
        let headers = constant_headers(&API, &chosen).expect("renders");
        assert_eq!(headers, vec![(HeaderName::from_static("x-api-version"), HeaderValue::from_static("2025-06-01"))]);
        assert_eq!(constant_headers(&API, &[]).expect("renders")[0].1, "2024-01-01");
        let error = ClientBuilder::new(&API).constant_header("X-Other", "1").build::<Kind>().expect_err("undeclared");
        assert!(error.to_string().contains("no constant header `X-Other`"), "{error}");
        let error = ClientBuilder::new(&API).constant_header("X-Api-Version", "a\nb").build::<Kind>().expect_err("newline");
        assert!(error.to_string().contains("cannot carry"), "{error}");
    }

    #[test]
    fn a_method_override_the_api_lacks_and_zero_attempts_are_refused() {
        assert!(ClientBuilder::new(&API).method_override(true).build::<Kind>().is_err());
        let none = RetryPolicy { max_attempts: 0, ..RetryPolicy::NONE };
        assert!(ClientBuilder::new(&API).retry_policy(none).build::<Kind>().is_err());
    }
}
