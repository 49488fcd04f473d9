//! Redirects a provider documents (`follow_redirects`), against a local mock server: followed for
//! GET within the origin, with the credentials set again, up to the limit; never for other
//! methods, never to another origin.

use apigen_runtime::auth::{AuthScheme, Credential, Placement};
use apigen_runtime::{ApiDescription, ClientBuilder, Core, Endpoint, Error, ErrorSchema, Request, RetryPolicy, Secret};
use reqwest::Method;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod support;

use support::Kind;

static KEY: AuthScheme = AuthScheme { name: "key", placement: Placement::Query { name: "api_key" }, alternative: None };
static ERRORS: ErrorSchema = ErrorSchema { name: "errors", message: &[], code: &[], field_errors: None, request_id_header: None, codes: &[], statuses: &[], retry_after_statuses: &[] };
static API: ApiDescription = ApiDescription {
    name: "moved",
    default_base_url: "http://127.0.0.1:1",
    user_agent: "test",
    auth: &[&KEY],
    retry: RetryPolicy::NONE,
    rate_limits: &[],
    method_override: None,
    sensitive: &[],
    session: None,
    headers: &[],
    idempotency: None,
    follow_redirects: 2,
};
static STRICT: ApiDescription = ApiDescription { follow_redirects: 0, ..API };

static WITH_KEY: [&AuthScheme; 1] = [&KEY];

const fn endpoint(method: Method, path: &'static str) -> Endpoint {
    Endpoint { method, path, auth: &WITH_KEY, errors: &ERRORS, envelope: None, pagination: None, page_size: None, idempotent: true, starts_session: false, headers: &[] }
}

static GET_OLD: Endpoint = endpoint(Method::GET, "/old");
static PUT_OLD: Endpoint = endpoint(Method::PUT, "/old");
static GET_LOOP: Endpoint = endpoint(Method::GET, "/a");

fn core(api: &'static ApiDescription, server: &MockServer) -> Core<Kind> {
    ClientBuilder::new(api).base_url(server.uri()).credential(&KEY, Credential::Token(Secret::new("k-1"))).build().expect("core builds")
}

fn moved(to: &str) -> ResponseTemplate {
    ResponseTemplate::new(301).insert_header("Location", to)
}

async fn paths(server: &MockServer) -> Vec<String> {
    let requests = server.received_requests().await.unwrap_or_default();
    requests.iter().map(|request| format!("{} {}?{}", request.method, request.url.path(), request.url.query().unwrap_or(""))).collect()
}

#[tokio::test]
async fn a_get_follows_a_same_origin_redirect_with_its_credentials() {
    let server = MockServer::start().await;
    Mock::given(path("/old")).respond_with(moved("/new")).mount(&server).await;
    Mock::given(path("/new")).respond_with(ResponseTemplate::new(200).set_body_string("[1]")).mount(&server).await;
    let items: Vec<u8> = core(&API, &server).send_json(Request::new(&GET_OLD, &[]).expect("request")).await.expect("followed");
    assert_eq!(items, [1]);
    assert_eq!(paths(&server).await, ["GET /old?api_key=k-1", "GET /new?api_key=k-1"]);
}

#[tokio::test]
async fn redirects_are_not_followed_for_other_methods_other_origins_past_the_limit_or_when_off() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(308).insert_header("Location", "/new")).mount(&server).await;
    Mock::given(path("/old")).respond_with(moved("http://127.0.0.2:9/new")).mount(&server).await;
    Mock::given(path("/a")).respond_with(moved("/b")).mount(&server).await;
    Mock::given(path("/b")).respond_with(moved("/a")).mount(&server).await;
    let core = core(&API, &server);
    let error = core.send_empty(Request::new(&PUT_OLD, &[]).expect("request")).await.expect_err("a PUT is not redirected");
    assert_eq!(error.status(), Some(308));
    let error = core.send_empty(Request::new(&GET_OLD, &[]).expect("request")).await.expect_err("another origin");
    assert_eq!(error.status(), Some(301));
    let error = core.send_empty(Request::new(&GET_LOOP, &[]).expect("request")).await.expect_err("a loop");
    assert!(matches!(error, Error::Api(_)) && error.status() == Some(301), "{error:?}");
    assert_eq!(paths(&server).await, ["PUT /old?api_key=k-1", "GET /old?api_key=k-1", "GET /a?api_key=k-1", "GET /b?api_key=k-1", "GET /a?api_key=k-1"]);
    let strict = self::core(&STRICT, &server);
    let error = strict.send_empty(Request::new(&GET_LOOP, &[]).expect("request")).await.expect_err("not followed");
    assert_eq!(error.status(), Some(301));
}
