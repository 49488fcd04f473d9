//! Descriptions shared by the runtime's unit tests: a small API with a query-parameter key.

use super::*;
use reqwest::Method;

pub(crate) static ERRORS: ErrorSchema = ErrorSchema {
    name: "standard",
    message: &[JsonPath(&["message"])],
    code: &[JsonPath(&["code"])],
    field_errors: None,
    request_id_header: Some("x-request-id"),
    codes: &[("expired", "session_expired")],
    statuses: &[(StatusMatch::Exact(404), "not_found"), (StatusMatch::Exact(429), "rate_limited"), (StatusMatch::Class(5), "server_error")],
    retry_after_statuses: &[(StatusMatch::Exact(403), "rate_limited")],
};

pub(crate) static KEY: AuthScheme = AuthScheme { name: "key", placement: Placement::Query { name: "api_key" }, alternative: None };

pub(crate) static API: ApiDescription = ApiDescription {
    name: "test",
    default_base_url: "https://api.example.com/v1",
    user_agent: "test/1",
    auth: &[&KEY],
    retry: RetryPolicy::DEFAULT,
    rate_limits: &[],
    method_override: None,
    session: None,
    sensitive: &["pin"],
    headers: &[ConstantHeader { name: "X-Api-Version", value: "2024-01-01" }],
    idempotency: None,
    follow_redirects: 0,
};

/// The key alone, as an endpoint's auth.
pub(crate) static WITH_KEY: [&AuthScheme; 1] = [&KEY];

/// `GET /items`, idempotent, with the key.
pub(crate) static LIST: Endpoint = endpoint(Method::GET, "/items", None);

/// `GET /users/{id}/places/{place_id}/`, without auth.
pub(crate) static PLACE: Endpoint = endpoint_with(Method::GET, "/users/{id}/places/{place_id}/", &[], None, None, None);

/// An endpoint on the test API, with the key.
pub(crate) const fn endpoint(method: Method, path: &'static str, pagination: Option<&'static Pagination>) -> Endpoint {
    endpoint_with(method, path, &WITH_KEY, None, pagination, None)
}

/// An endpoint on the test API; idempotent unless a POST or PATCH.
pub(crate) const fn endpoint_with(
    method: Method,
    path: &'static str,
    auth: &'static [&'static AuthScheme],
    envelope: Option<&'static Envelope>,
    pagination: Option<&'static Pagination>,
    page_size: Option<PageSize>,
) -> Endpoint {
    let idempotent = !matches!(method, Method::POST | Method::PATCH);
    Endpoint { method, path, auth, errors: &ERRORS, envelope, pagination, page_size, idempotent, starts_session: false, headers: &[] }
}
