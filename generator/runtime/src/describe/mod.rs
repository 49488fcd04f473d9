//! Descriptions: what a generated crate declares about its API, as statics, and nothing that
//! executes. Endpoints, auth schemes, error tables, envelopes, pagination styles, JSON paths,
//! retry and rate-limit policies. This layer depends on no other module of the runtime; the
//! execution layer ([`crate::Core`]) reads it.

mod auth;
mod endpoint;
mod errors;
#[cfg(test)]
pub(crate) mod fixtures;
mod json_path;
mod pagination;
mod retry;

pub use auth::{AuthScheme, Placement, SessionConfig};
pub use endpoint::{ConstantHeader, Endpoint, Envelope, JsonLiteral, PageSize, RequestWrap, SuccessFlag};
pub use errors::{ErrorSchema, FieldErrors, StatusMatch};
pub use json_path::JsonPath;
pub use pagination::{PageParam, Pagination};
pub use retry::RetryPolicy;
use std::time::Duration;

/// Static description of one provider's API, generated from its spec.
#[derive(Debug)]
pub struct ApiDescription {
    /// The API's name (the spec's `name`), shown in tracing spans.
    pub name: &'static str,
    /// The base URL requests go to unless the client builder overrides it.
    pub default_base_url: &'static str,
    /// Default `User-Agent`.
    pub user_agent: &'static str,
    /// The API's auth schemes, in the order the client builder takes their credentials.
    pub auth: &'static [&'static AuthScheme],
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
    /// Headers every request sends (replacing the default `Accept`); a client may choose other
    /// values for them ([`crate::ClientBuilder::constant_header`]).
    pub headers: &'static [ConstantHeader],
    /// The header carrying idempotency keys, if the provider takes them.
    pub idempotency: Option<IdempotencyKeys>,
    /// How many redirects of a GET or HEAD to follow within the API's origin (0: none; a
    /// redirect is then an error, as is one to another origin).
    pub follow_redirects: u8,
}

/// A provider's idempotency keys: a request carrying one in `header` is acted on at most once,
/// however often it is sent. Calls with one of `methods` get a fresh key (a UUID v4) each, kept
/// across their retries; a caller may give its own key to any call.
#[derive(Debug, Clone, Copy)]
pub struct IdempotencyKeys {
    /// The header, such as `Idempotency-Key`.
    pub header: &'static str,
    /// The methods whose calls get a key without asking (usually POST).
    pub methods: &'static [reqwest::Method],
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

/// At most `requests` requests in any span of `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in a window.
    pub requests: u32,
    /// The window's length.
    pub per: Duration,
}

impl ApiDescription {
    /// The position of `scheme` among the API's auth schemes (schemes are told apart by name).
    pub fn scheme_index(&self, scheme: &AuthScheme) -> Option<usize> {
        self.auth.iter().position(|declared| declared.name == scheme.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static KEY: AuthScheme = AuthScheme { name: "key", placement: Placement::Query { name: "key" }, alternative: None };
    static TOKEN: AuthScheme = AuthScheme { name: "token", placement: Placement::Basic, alternative: None };
    static API: ApiDescription = ApiDescription {
        name: "test",
        default_base_url: "https://api.example.com",
        user_agent: "test/1",
        auth: &[&KEY, &TOKEN],
        retry: RetryPolicy::NONE,
        rate_limits: &[RateLimit { requests: 10, per: Duration::from_secs(1) }],
        method_override: None,
        session: None,
        sensitive: &[],
        headers: &[],
        idempotency: None,
        follow_redirects: 0,
    };

    #[test]
    fn schemes_are_found_by_name() {
        assert_eq!(API.scheme_index(&TOKEN), Some(1));
        let other = AuthScheme { name: "other", ..KEY };
        assert_eq!(API.scheme_index(&other), None);
    }
}
