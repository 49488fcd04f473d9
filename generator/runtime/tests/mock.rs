//! The mock server (feature `testing`) answered through the runtime's own client: every
//! pagination style walked to the end, envelopes unwrapped, each error kind classified as
//! stubbed (codes in HTTP 200 bodies too), rate limits waited out, examples matched, credentials
//! masked in recorded calls.

use apigen_runtime::auth::{AuthScheme, Credential, Placement};
use apigen_runtime::mock::{Call, EndpointMock, Example, ListMock, MockServer, REDACTED};
use apigen_runtime::{ApiDescription, ClientBuilder, Core, Endpoint, Envelope, ErrorSchema, JsonLiteral, JsonPath, MethodOverride, PageParam, Pagination, Request, RetryPolicy, StatusMatch, SuccessFlag};
use futures_util::TryStreamExt;
use reqwest::Method;
use serde_json::{Value, json};
use std::fmt;
use std::time::Duration;

/// Kinds by name, as a generated crate's are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NotFound,
    Invalid,
    RateLimited,
    Other,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::NotFound => "not_found",
            Kind::Invalid => "invalid",
            Kind::RateLimited => "rate_limited",
            Kind::Other => "other",
        })
    }
}

impl apigen_runtime::ErrorKind for Kind {
    fn from_name(name: &str) -> Self {
        match name {
            "not_found" => Kind::NotFound,
            "invalid" => Kind::Invalid,
            "rate_limited" => Kind::RateLimited,
            _ => Kind::Other,
        }
    }

    fn is_retryable(self) -> bool {
        self == Kind::RateLimited
    }

    fn is_unprocessed(self) -> bool {
        self == Kind::RateLimited
    }
}

static KEY: AuthScheme = AuthScheme { name: "key", placement: Placement::Header { name: "X-Api-Key", prefix: "" }, alternative: Some(Placement::Query { name: "api_key" }) };

static API: ApiDescription = ApiDescription {
    name: "test",
    default_base_url: "http://127.0.0.1:1",
    user_agent: "test",
    auth: &[&KEY],
    retry: RetryPolicy { max_attempts: 2, ..RetryPolicy::DEFAULT },
    rate_limits: &[],
    method_override: Some(MethodOverride { header: "X-HTTP-Method-Override", methods: &[Method::DELETE] }),
    sensitive: &[],
    session: None,
    headers: &[],
    idempotency: None,
    follow_redirects: 0,
};

/// Statuses, and codes in a `status` member as a provider with a success flag sends them.
static ERRORS: ErrorSchema = ErrorSchema {
    name: "errors",
    message: &[JsonPath(&["message"])],
    code: &[JsonPath(&["status"])],
    field_errors: None,
    request_id_header: None,
    codes: &[("-3", "invalid")],
    statuses: &[(StatusMatch::Exact(404), "not_found"), (StatusMatch::Exact(429), "rate_limited")],
    retry_after_statuses: &[],
};
static WRAPPED: Envelope = Envelope { data: JsonPath(&["data"]), success: Some(SuccessFlag { path: JsonPath(&["status"]), equals: JsonLiteral::Int(0), optional: false }), request: None };

static KEY_ONLY: &[&AuthScheme] = &[&KEY];

const fn list(path: &'static str, pagination: &'static Pagination) -> Endpoint {
    Endpoint { method: Method::GET, path, auth: KEY_ONLY, errors: &ERRORS, envelope: None, pagination: Some(pagination), page_size: None, idempotent: true, starts_session: false, headers: &[] }
}

const fn wrapped(path: &'static str, pagination: &'static Pagination) -> Endpoint {
    Endpoint { method: Method::GET, path, auth: KEY_ONLY, errors: &ERRORS, envelope: Some(&WRAPPED), pagination: Some(pagination), page_size: None, idempotent: true, starts_session: false, headers: &[] }
}

static NEXT_LINK: Endpoint = list("/next-link", &Pagination::NextLink { items: JsonPath(&["results"]), next: JsonPath(&["next"]), total: None });
static LINK_HEADER: Endpoint = list("/link-header", &Pagination::LinkHeader { items: JsonPath::ROOT, total: None });
static CURSOR_HEADER: Endpoint = list("/cursor-header", &Pagination::CursorHeader { items: JsonPath::ROOT, header: "X-Cursor-Next", param: PageParam::Query("cursor"), total: None });
static CURSOR_BODY: Endpoint = list("/cursor-body", &Pagination::CursorBody { items: JsonPath(&["data"]), cursor: JsonPath(&["meta", "next"]), param: PageParam::Query("after"), total: Some(JsonPath(&["meta", "count"])) });
static LAST_ITEM: Endpoint = list("/last-item", &Pagination::LastItem { items: JsonPath(&["data"]), id: JsonPath(&["id"]), param: PageParam::Query("starting_after"), has_more: JsonPath(&["has_more"]), total: None });
static PAGE_NUMBER: Endpoint = list("/page-number", &Pagination::PageNumber {
    items: JsonPath(&["items"]),
    param: PageParam::Query("page"),
    first: 1,
    total_pages: Some(JsonPath(&["paging", "total_pages"])),
    total: None,
    size_param: Some(PageParam::Query("limit")),
});
static OFFSET_LIMIT: Endpoint = list("/offset-limit", &Pagination::OffsetLimit { items: JsonPath::ROOT, offset_param: PageParam::Query("skip"), limit_param: PageParam::Query("limit"), total: None });
/// A list in an envelope: `{"status": 0, "data": {"items": [...], "paging": {...}}}`.
static WRAPPED_PAGES: Endpoint = wrapped("/wrapped-pages", &Pagination::PageNumber { items: JsonPath(&["items"]), param: PageParam::Query("page"), first: 0, total_pages: None, total: Some(JsonPath(&["paging", "total"])), size_param: None });
/// A search called with `POST`, its cursor and page size in the JSON body.
static BODY_SEARCH: Endpoint = Endpoint {
    method: Method::POST,
    path: "/search",
    auth: KEY_ONLY,
    errors: &ERRORS,
    envelope: None,
    pagination: Some(&Pagination::CursorBody { items: JsonPath(&["results"]), cursor: JsonPath(&["next_cursor"]), param: PageParam::Body("start_cursor"), total: None }),
    page_size: Some(apigen_runtime::PageSize { param: PageParam::Body("page_size"), max: 100 }),
    idempotent: true,
    starts_session: false,
    headers: &[],
};
static GET: Endpoint = Endpoint { method: Method::GET, path: "/items/{id}", auth: KEY_ONLY, errors: &ERRORS, envelope: Some(&WRAPPED), pagination: None, page_size: None, idempotent: true, starts_session: false, headers: &[] };
static CREATE: Endpoint = Endpoint { method: Method::POST, path: "/items", auth: KEY_ONLY, errors: &ERRORS, envelope: None, pagination: None, page_size: None, idempotent: false, starts_session: false, headers: &[] };

static DELETE: Endpoint = Endpoint { method: Method::DELETE, path: "/items/{id}", auth: KEY_ONLY, errors: &ERRORS, envelope: None, pagination: None, page_size: None, idempotent: true, starts_session: false, headers: &[] };

static ENDPOINTS: &[&Endpoint] = &[&GET, &CREATE, &DELETE];
static EXAMPLES: &[Example] = &[
    Example { endpoint: &GET, path: "/items/i1", query: &[], status: 200, headers: &[], body: Some(r#"{"status": 0, "data": {"id": "i1", "name": "first"}}"#) },
    Example { endpoint: &GET, path: "/items/i2", query: &[], status: 200, headers: &[], body: Some(r#"{"status": 0, "data": {"id": "i2", "name": "second"}}"#) },
];

async fn server(endpoints: &'static [&'static Endpoint]) -> (MockServer, Core<Kind>) {
    let server = MockServer::start(&API, endpoints, EXAMPLES).await;
    let core = ClientBuilder::new(&API).base_url(server.uri()).credential(&KEY, Credential::Token("test-key".into())).build().expect("core builds");
    (server, core)
}

fn ids(count: u32) -> Vec<Value> {
    (1..=count).map(|id| json!({"id": id})).collect()
}

async fn collect(core: &Core<Kind>, endpoint: &'static Endpoint, limit: Option<u32>) -> Vec<u64> {
    let request = Request::new(endpoint, &[]).map(|request| match limit {
        Some(limit) => request.query("limit", limit),
        None => request,
    });
    let values: Vec<Value> = core.items(request).try_collect().await.expect("every page");
    values.iter().filter_map(|value| value["id"].as_u64()).collect()
}

#[tokio::test]
async fn every_pagination_style_is_walked_to_the_end_of_a_stubbed_list() {
    // (endpoint, the page size the request asks for, the pages the client asks for): ten items in
    // pages of three (the stub's size) or four (asked); numbered pages without a page count or a
    // size the client knows end with an empty page.
    let cases = [
        (&NEXT_LINK, None, 4),
        (&LINK_HEADER, None, 4),
        (&CURSOR_HEADER, None, 4),
        (&CURSOR_BODY, None, 4),
        (&LAST_ITEM, None, 4),
        (&PAGE_NUMBER, Some(4), 3),
        (&OFFSET_LIMIT, Some(4), 3),
        (&WRAPPED_PAGES, None, 5),
    ];
    for (endpoint, limit, pages) in cases {
        static ALL: &[&Endpoint] = &[&NEXT_LINK, &LINK_HEADER, &CURSOR_HEADER, &CURSOR_BODY, &LAST_ITEM, &PAGE_NUMBER, &OFFSET_LIMIT, &WRAPPED_PAGES];
        let (server, core) = server(ALL).await;
        let mock = ListMock::<Value, Kind>::new(&server, endpoint);
        mock.page_size(3).returns_items(ids(10));
        let expected: Vec<u64> = (1..=10).collect();
        assert_eq!(collect(&core, endpoint, limit).await, expected, "{:?}", endpoint.pagination);
        ListMock::<Value, Kind>::new(&server, endpoint).assert_called(pages);
    }
}

#[tokio::test]
async fn a_list_whose_cursor_and_page_size_go_in_the_body_is_walked_by_its_body() {
    static SEARCH_ONLY: &[&Endpoint] = &[&BODY_SEARCH];
    let (server, core) = server(SEARCH_ONLY).await;
    ListMock::<Value, Kind>::new(&server, &BODY_SEARCH).page_size(3).returns_items(ids(10));
    let request = Request::new(&BODY_SEARCH, &[]).and_then(|request| request.json_body(&json!({"query": "x", "page_size": 4})));
    let values: Vec<Value> = core.items(request).try_collect().await.expect("every page");
    assert_eq!(values.iter().filter_map(|value| value["id"].as_u64()).collect::<Vec<_>>(), (1..=10).collect::<Vec<_>>());
    let calls = ListMock::<Value, Kind>::new(&server, &BODY_SEARCH).calls();
    let cursors: Vec<Value> = calls.iter().map(|call| call.json().expect("a JSON body")["start_cursor"].clone()).collect();
    assert_eq!(cursors, [Value::Null, json!("4"), json!("8")], "pages of the 4 asked for in the body, the mock's cursors sent back");
}

#[tokio::test]
async fn payloads_are_wrapped_in_the_envelope_and_errors_encoded_as_the_table_reads_them() {
    let (server, core) = server(ENDPOINTS).await;
    let get = || EndpointMock::<Value, Kind>::new(&server, &GET);
    let request = || Request::new(&GET, &[("id", "i9")]);
    get().returns(json!({"id": "i9"}));
    let value: Value = core.send_json(request().unwrap()).await.expect("stubbed value");
    assert_eq!(value, json!({"id": "i9"}), "unwrapped from {{status, data}}");

    get().fails_with(Kind::Invalid, "bad id");
    let error = core.send_json::<Value>(request().unwrap()).await.expect_err("stubbed failure");
    assert_eq!((error.kind(), error.status()), (Some(Kind::Invalid), Some(200)), "a code in an HTTP 200 body: {error}");
    assert!(error.to_string().contains("bad id"), "{error}");

    get().fails(Kind::NotFound);
    let error = core.send_json::<Value>(request().unwrap()).await.expect_err("stubbed failure");
    assert_eq!((error.kind(), error.status()), (Some(Kind::NotFound), Some(404)));
    get().assert_called(3);
}

#[tokio::test]
#[should_panic(expected = "lists no status or code for the kind `other`")]
async fn a_kind_the_table_cannot_encode_is_refused_when_stubbed() {
    let (server, _core) = server(ENDPOINTS).await;
    EndpointMock::<Value, Kind>::new(&server, &GET).fails(Kind::Other);
}

#[tokio::test]
async fn a_rate_limit_once_is_waited_out_and_the_call_sent_again() {
    let (server, core) = server(ENDPOINTS).await;
    let create = || EndpointMock::<Value, Kind>::new(&server, &CREATE);
    create().returns(json!({"id": "new"}));
    create().once().rate_limited(Duration::from_millis(1));
    let started = std::time::Instant::now();
    let value: Value = core.send_json(Request::new(&CREATE, &[]).unwrap().json_body(&json!({"name": "n"})).unwrap()).await.expect("second attempt");
    assert_eq!(value, json!({"id": "new"}));
    assert!(started.elapsed() >= Duration::from_secs(1), "Retry-After is whole seconds, rounded up");
    create().assert_called(2);
}

#[tokio::test]
async fn examples_answer_the_request_they_match_else_the_endpoints_first() {
    let (_server, core) = server(ENDPOINTS).await;
    let name = |id: &'static str| {
        let core = core.clone();
        async move { core.send_json::<Value>(Request::new(&GET, &[("id", id)]).unwrap()).await.expect("example")["name"].clone() }
    };
    assert_eq!(name("i2").await, json!("second"));
    assert_eq!(name("i1").await, json!("first"));
    assert_eq!(name("other").await, json!("first"), "no example matches: the first one answers");
    let error = core.send_empty(Request::new(&CREATE, &[]).unwrap()).await.expect_err("nothing answers");
    assert_eq!(error.kind(), Some(Kind::NotFound));
    assert!(error.to_string().contains("no stub or example answers POST /items"), "{error}");
}

#[tokio::test]
async fn calls_are_recorded_with_credentials_masked() {
    let (server, core) = server(ENDPOINTS).await;
    let _: Value = core.send_json(Request::new(&GET, &[("id", "i1")]).unwrap().query("q", "x")).await.expect("example");
    let calls: Vec<Call> = server.calls();
    assert_eq!(calls.len(), 1);
    let call = &calls[0];
    assert!(call.is_to(&GET) && call.method == "GET" && call.path == "/items/i1");
    assert_eq!(call.query_value("q"), Some("x"));
    assert_eq!(call.header("x-api-key"), Some(REDACTED), "{:?}", call.headers);
    assert!(!format!("{call:?}").contains("test-key"));
    let alternative: Core<Kind> = ClientBuilder::new(&API).base_url(server.uri()).credential(&KEY, Credential::Token("test-key".into())).use_alternative_placement(&KEY).build().expect("core builds");
    let _: Value = alternative.send_json(Request::new(&GET, &[("id", "i1")]).unwrap()).await.expect("example");
    assert_eq!(server.calls()[1].query_value("api_key"), Some(REDACTED));
}

#[tokio::test]
async fn an_overridden_method_is_routed_as_the_method_it_carries() {
    let (server, _core) = server(ENDPOINTS).await;
    EndpointMock::<(), Kind>::new(&server, &DELETE).returns(());
    let core: Core<Kind> = ClientBuilder::new(&API).base_url(server.uri()).credential(&KEY, Credential::Token("k".into())).method_override(true).build().expect("core builds");
    core.send_empty(Request::new(&DELETE, &[("id", "i1")]).unwrap()).await.expect("answered as DELETE");
    let call = &server.calls_to(&DELETE)[0];
    assert_eq!((call.method.as_str(), call.header("x-http-method-override")), ("POST", Some("DELETE")), "recorded as sent");
}
