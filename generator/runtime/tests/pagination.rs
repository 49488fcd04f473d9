//! Every pagination style walked over several pages against a local mock server, with the
//! requests each page is fetched with.

use apigen_runtime::{ApiDescription, ClientBuilder, Core, Endpoint, ErrorSchema, JsonPath, Page, PageParam, Pagination, Request};
use futures_util::TryStreamExt;
use reqwest::Method;
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod support;

use support::Kind;

static API: ApiDescription = ApiDescription {
    name: "test",
    default_base_url: "http://127.0.0.1:1",
    user_agent: "test",
    auth: &[],
    retry: apigen_runtime::RetryPolicy::NONE,
    rate_limits: &[],
    method_override: None,
    sensitive: &[],
    session: None,
    headers: &[],
    idempotency: None,
    follow_redirects: 0,
};
static ERRORS: ErrorSchema = ErrorSchema { name: "errors", message: &[], code: &[], field_errors: None, request_id_header: None, codes: &[], statuses: &[], retry_after_statuses: &[] };

const fn endpoint(pagination: &'static Pagination) -> Endpoint {
    Endpoint { method: Method::GET, path: "/items", auth: &[], errors: &ERRORS, envelope: None, pagination: Some(pagination), page_size: None, idempotent: true, starts_session: false, headers: &[] }
}

static LINK_HEADER: Endpoint = endpoint(&Pagination::LinkHeader { items: JsonPath::ROOT, total: None });
static CURSOR_HEADER: Endpoint = endpoint(&Pagination::CursorHeader { items: JsonPath::ROOT, header: "X-Cursor-Next", param: PageParam::Query("cursor"), total: None });
static CURSOR_BODY: Endpoint = endpoint(&Pagination::CursorBody { items: JsonPath(&["data"]), cursor: JsonPath(&["meta", "next"]), param: PageParam::Query("after"), total: Some(JsonPath(&["meta", "count"])) });
static PAGE_NUMBER: Endpoint = endpoint(&Pagination::PageNumber {
    items: JsonPath(&["items"]),
    param: PageParam::Query("page_number"),
    first: 1,
    total_pages: Some(JsonPath(&["paging", "total_pages"])),
    total: Some(JsonPath(&["paging", "item_count"])),
    size_param: None,
});
static PAGE_TOTAL: Endpoint = endpoint(&Pagination::PageNumber {
    items: JsonPath(&["data", "records"]),
    param: PageParam::Query("page"),
    first: 1,
    total_pages: None,
    total: Some(JsonPath(&["data", "total"])),
    size_param: Some(PageParam::Query("limit")),
});
static LAST_ITEM: Endpoint = endpoint(&Pagination::LastItem {
    items: JsonPath(&["data"]),
    id: JsonPath(&["id"]),
    param: PageParam::Query("starting_after"),
    has_more: JsonPath(&["has_more"]),
    total: None,
});
static OFFSET_LIMIT: Endpoint = endpoint(&Pagination::OffsetLimit { items: JsonPath::ROOT, offset_param: PageParam::Query("skip"), limit_param: PageParam::Query("limit"), total: None });

fn core(server: &MockServer) -> Core<Kind> {
    ClientBuilder::new(&API).base_url(server.uri()).build().expect("core builds")
}

fn items(ids: &[u32]) -> Value {
    Value::Array(ids.iter().map(|id| json!({"id": id})).collect())
}

async fn collect(server: &MockServer, endpoint: &'static Endpoint, limit: Option<u32>) -> Vec<u32> {
    let mut request = Request::new(endpoint, &[]);
    if let Some(limit) = limit {
        request = request.map(|request| request.query("limit", limit));
    }
    let values: Vec<Value> = core(server).items(request).try_collect().await.expect("all pages");
    values.iter().map(|value| value["id"].as_u64().unwrap() as u32).collect()
}

async fn requests(server: &MockServer) -> Vec<String> {
    server.received_requests().await.unwrap().iter().map(|request| request.url.query().unwrap_or("").to_owned()).collect()
}

#[tokio::test]
async fn link_header_pages_are_followed() {
    let server = MockServer::start().await;
    let next = |page: u32| format!("<{}/items?page={page}>; rel=\"next\", <{}/items?page=1>; rel=\"first\"", server.uri(), server.uri());
    Mock::given(path("/items")).and(query_param_is_missing("page")).respond_with(ResponseTemplate::new(200).insert_header("Link", next(2)).set_body_json(items(&[1, 2]))).mount(&server).await;
    Mock::given(query_param("page", "2")).respond_with(ResponseTemplate::new(200).insert_header("Link", next(3)).set_body_json(items(&[3]))).mount(&server).await;
    Mock::given(query_param("page", "3")).respond_with(ResponseTemplate::new(200).set_body_json(items(&[4]))).mount(&server).await;
    assert_eq!(collect(&server, &LINK_HEADER, None).await, [1, 2, 3, 4]);
    assert_eq!(requests(&server).await, ["", "page=2", "page=3"]);
}

#[tokio::test]
async fn header_cursors_are_sent_back_until_the_header_is_absent() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("cursor")).respond_with(ResponseTemplate::new(200).insert_header("X-Cursor-Next", "c2").set_body_json(items(&[1, 2]))).mount(&server).await;
    Mock::given(query_param("cursor", "c2")).respond_with(ResponseTemplate::new(200).insert_header("X-Cursor-Next", "c3").set_body_json(items(&[3, 4]))).mount(&server).await;
    Mock::given(query_param("cursor", "c3")).respond_with(ResponseTemplate::new(200).set_body_json(items(&[5]))).mount(&server).await;
    assert_eq!(collect(&server, &CURSOR_HEADER, Some(2)).await, [1, 2, 3, 4, 5]);
    assert_eq!(requests(&server).await, ["limit=2", "limit=2&cursor=c2", "limit=2&cursor=c3"]);
}

#[tokio::test]
async fn body_cursors_are_sent_back_until_null() {
    let server = MockServer::start().await;
    let page = |ids: &[u32], next: Value| ResponseTemplate::new(200).set_body_json(json!({"data": items(ids), "meta": {"next": next, "count": 3}}));
    Mock::given(query_param_is_missing("after")).respond_with(page(&[1], json!("a2"))).mount(&server).await;
    Mock::given(query_param("after", "a2")).respond_with(page(&[2], json!(3))).mount(&server).await;
    Mock::given(query_param("after", "3")).respond_with(page(&[3], Value::Null)).mount(&server).await;
    assert_eq!(collect(&server, &CURSOR_BODY, None).await, [1, 2, 3]);
    assert_eq!(requests(&server).await, ["", "after=a2", "after=3"]);
    let first: Page<Value> = core(&server).fetch_page(Request::new(&CURSOR_BODY, &[]).expect("request")).await.expect("first page");
    assert_eq!(first.total, Some(3), "a cursor style reports the total it names");
}

#[tokio::test]
async fn last_item_cursors_start_after_the_last_id_until_no_more() {
    let server = MockServer::start().await;
    let page = |ids: &[u32], more: bool| ResponseTemplate::new(200).set_body_json(json!({"data": items(ids), "has_more": more}));
    Mock::given(query_param_is_missing("starting_after")).respond_with(page(&[1, 2], true)).mount(&server).await;
    Mock::given(query_param("starting_after", "2")).respond_with(page(&[3, 4], true)).mount(&server).await;
    Mock::given(query_param("starting_after", "4")).respond_with(page(&[5], false)).mount(&server).await;
    assert_eq!(collect(&server, &LAST_ITEM, Some(2)).await, [1, 2, 3, 4, 5]);
    assert_eq!(requests(&server).await, ["limit=2", "limit=2&starting_after=2", "limit=2&starting_after=4"]);
}

#[tokio::test]
async fn page_numbers_stop_at_the_reported_last_page() {
    let server = MockServer::start().await;
    let page = |ids: &[u32], current: u32| {
        ResponseTemplate::new(200).set_body_json(json!({"items": items(ids), "paging": {"current_page": current, "total_pages": 3, "item_count": 5}}))
    };
    Mock::given(query_param_is_missing("page_number")).respond_with(page(&[1, 2], 1)).mount(&server).await;
    Mock::given(query_param("page_number", "2")).respond_with(page(&[3, 4], 2)).mount(&server).await;
    Mock::given(query_param("page_number", "3")).respond_with(page(&[5], 3)).mount(&server).await;
    assert_eq!(collect(&server, &PAGE_NUMBER, None).await, [1, 2, 3, 4, 5]);
    assert_eq!(requests(&server).await, ["", "page_number=2", "page_number=3"]);
    let first: apigen_runtime::Page<Value> = core(&server).fetch_page(Request::new(&PAGE_NUMBER, &[]).unwrap()).await.unwrap();
    assert_eq!(first.total, Some(5));
    assert_eq!(first.next_token(), Some("2"));
}

#[tokio::test]
async fn page_numbers_without_a_total_stop_at_an_empty_page() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("page_number")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": items(&[1])}))).mount(&server).await;
    Mock::given(query_param("page_number", "2")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": []}))).mount(&server).await;
    assert_eq!(collect(&server, &PAGE_NUMBER, None).await, [1]);
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn page_numbers_stop_at_the_total_and_read_records_keyed_by_id() {
    let server = MockServer::start().await;
    let page = |records: Value| ResponseTemplate::new(200).set_body_json(json!({"data": {"records": records, "total": 5}}));
    Mock::given(query_param_is_missing("page")).respond_with(page(json!({"a": {"id": 1}, "b": {"id": 2}}))).mount(&server).await;
    Mock::given(query_param("page", "2")).respond_with(page(json!([{"id": 3}, {"id": 4}]))).mount(&server).await;
    Mock::given(query_param("page", "3")).respond_with(page(json!({"e": {"id": 5}}))).mount(&server).await;
    assert_eq!(collect(&server, &PAGE_TOTAL, Some(2)).await, [1, 2, 3, 4, 5]);
    assert_eq!(requests(&server).await, ["limit=2", "limit=2&page=2", "limit=2&page=3"], "page 3 holds the last of 5");
}

#[tokio::test]
async fn offsets_advance_by_the_items_received_and_stop_on_a_short_page() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("skip")).respond_with(ResponseTemplate::new(200).set_body_json(items(&[1, 2]))).mount(&server).await;
    Mock::given(query_param("skip", "2")).respond_with(ResponseTemplate::new(200).set_body_json(items(&[3, 4]))).mount(&server).await;
    Mock::given(query_param("skip", "4")).respond_with(ResponseTemplate::new(200).set_body_json(items(&[5]))).mount(&server).await;
    assert_eq!(collect(&server, &OFFSET_LIMIT, Some(2)).await, [1, 2, 3, 4, 5]);
    assert_eq!(requests(&server).await, ["limit=2", "limit=2&skip=2", "limit=2&skip=4"]);
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    Mock::given(path("/items")).respond_with(ResponseTemplate::new(200).insert_header("X-Cursor-Next", "same").set_body_json(items(&[1]))).mount(&server).await;
    let results: Vec<Result<Value, _>> = futures_util::StreamExt::collect(core(&server).items(Request::new(&CURSOR_HEADER, &[]))).await;
    assert_eq!(results.len(), 3, "two pages of one item, then the error");
    let error = results[2].as_ref().unwrap_err();
    assert!(matches!(error, apigen_runtime::Error::Pagination { .. }), "{error:?}");
    assert!(error.to_string().contains("cursor=same"), "{error}");
    assert_eq!(requests(&server).await.len(), 2);
}

#[tokio::test]
async fn items_of_the_wrong_shape_are_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(path("/items")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"items": "not a list"}))).mount(&server).await;
    let error = core(&server).fetch_page::<Value>(Request::new(&PAGE_NUMBER, &[]).unwrap()).await.unwrap_err();
    assert!(matches!(error, apigen_runtime::Error::Decode { .. }), "{error:?}");
    assert!(error.report().to_string().contains("items at `items`"), "{error}");
}

static KEYED_API: ApiDescription = ApiDescription {
    name: "keyed",
    default_base_url: "http://127.0.0.1:1",
    user_agent: "test",
    auth: &[&KEY],
    retry: apigen_runtime::RetryPolicy::NONE,
    rate_limits: &[],
    method_override: None,
    sensitive: &[],
    session: None,
    headers: &[],
    idempotency: None,
    follow_redirects: 0,
};

static KEY: apigen_runtime::auth::AuthScheme =
    apigen_runtime::auth::AuthScheme { name: "key", placement: apigen_runtime::auth::Placement::Query { name: "apiKey" }, alternative: None };

static KEYED_NEXT_LINK: Endpoint = Endpoint {
    method: Method::GET,
    path: "/items",
    auth: &[&KEY],
    errors: &ERRORS,
    envelope: None,
    pagination: Some(&Pagination::NextLink { items: JsonPath(&["results"]), next: JsonPath(&["next"]), total: None }),
    page_size: None,
    idempotent: true,
    starts_session: false,
    headers: &[],
};

#[tokio::test]
async fn next_links_are_shown_with_query_keys_masked() {
    let server = MockServer::start().await;
    let next = format!("{}/items?page=2&apiKey=k_5ecret", server.uri());
    Mock::given(path("/items")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"next": next, "results": []}))).mount(&server).await;
    let core: Core<Kind> = ClientBuilder::new(&KEYED_API)
        .base_url(server.uri())
        .credential(&KEY, apigen_runtime::auth::Credential::Token(apigen_runtime::Secret::new("k_5ecret")))
        .build()
        .unwrap();
    let page: apigen_runtime::Page<Value> = core.fetch_page(Request::new(&KEYED_NEXT_LINK, &[]).unwrap()).await.unwrap();
    assert_eq!(page.next_token(), Some(format!("{}/items?page=2&apiKey=***", server.uri()).as_str()));
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(sent.url.query(), Some("apiKey=k_5ecret"), "the key itself is sent");
}

/// A search called with `POST`, taking its cursor and page size in the JSON body (as Notion's
/// and Square's searches do).
static BODY_CURSOR: Endpoint = Endpoint {
    method: Method::POST,
    path: "/search",
    auth: &[],
    errors: &ERRORS,
    envelope: None,
    pagination: Some(&Pagination::CursorBody { items: JsonPath(&["results"]), cursor: JsonPath(&["next_cursor"]), param: PageParam::Body("start_cursor"), total: None }),
    page_size: Some(apigen_runtime::PageSize { param: PageParam::Body("page_size"), max: 50 }),
    idempotent: true,
    starts_session: false,
    headers: &[],
};
/// Offsets in the body, inside a request wrapper (`{"params": {...}, "v": 2}`).
static WRAP: apigen_runtime::Envelope = apigen_runtime::Envelope {
    data: JsonPath::ROOT,
    success: None,
    request: Some(apigen_runtime::RequestWrap { field: "params", constants: &[("v", apigen_runtime::JsonLiteral::Int(2))] }),
};
static BODY_OFFSET: Endpoint = Endpoint {
    method: Method::POST,
    path: "/rpc",
    auth: &[],
    errors: &ERRORS,
    envelope: Some(&WRAP),
    pagination: Some(&Pagination::OffsetLimit { items: JsonPath(&["items"]), offset_param: PageParam::Body("from"), limit_param: PageParam::Body("size"), total: None }),
    page_size: None,
    idempotent: true,
    starts_session: false,
    headers: &[],
};

/// The JSON bodies the server received, in order.
async fn bodies(server: &MockServer) -> Vec<Value> {
    server.received_requests().await.unwrap().iter().map(|request| serde_json::from_slice(&request.body).expect("a JSON body")).collect()
}

#[tokio::test]
async fn body_cursors_go_back_in_the_request_body_beside_its_other_members() {
    let server = MockServer::start().await;
    let page = |ids: &[u32], next: Value| ResponseTemplate::new(200).set_body_json(json!({"results": items(ids), "next_cursor": next, "has_more": !next.is_null()}));
    Mock::given(body_partial_json(json!({"filter": {"done": false}}))).and(body_lacks("start_cursor")).respond_with(page(&[1, 2], json!("c2"))).mount(&server).await;
    Mock::given(body_partial_json(json!({"start_cursor": "c2"}))).respond_with(page(&[3], json!(7))).mount(&server).await;
    Mock::given(body_partial_json(json!({"start_cursor": 7}))).respond_with(page(&[4], Value::Null)).mount(&server).await;
    let request = Request::new(&BODY_CURSOR, &[]).and_then(|request| request.json_body(&json!({"filter": {"done": false}, "page_size": 2})));
    let values: Vec<Value> = core(&server).items(request).try_collect().await.expect("all pages");
    assert_eq!(values.iter().map(|value| value["id"].as_u64().unwrap()).collect::<Vec<_>>(), [1, 2, 3, 4]);
    let sent = bodies(&server).await;
    assert_eq!(sent[0], json!({"filter": {"done": false}, "page_size": 2}));
    // The cursor keeps its JSON type (a string, then a number), and the caller's members stay.
    assert_eq!(sent[1], json!({"filter": {"done": false}, "page_size": 2, "start_cursor": "c2"}));
    assert_eq!(sent[2], json!({"filter": {"done": false}, "page_size": 2, "start_cursor": 7}));
    assert!(requests(&server).await.iter().all(String::is_empty), "nothing goes in the query");
}

#[tokio::test]
async fn a_page_size_in_the_body_is_checked_when_the_body_is_set() {
    let body = |size: Value| Request::new(&BODY_CURSOR, &[]).expect("request").json_body(&json!({ "page_size": size }));
    assert!(body(json!(50)).is_ok() && body(Value::Null).is_ok());
    for bad in [json!(0), json!(51), json!("ten"), json!(-1)] {
        let error = body(bad.clone()).expect_err("refused");
        assert_eq!(error.name, "page_size", "{bad}");
    }
    let request = Request::new(&BODY_CURSOR, &[]).and_then(|request| request.json_body(&json!({}))).and_then(|request| request.page_size(Some(20))).expect("a size within the maximum");
    assert_eq!(request.endpoint().path, "/search");
    let error = Request::new(&BODY_CURSOR, &[]).expect("request").page_size(Some(20)).expect_err("no body to carry it");
    assert!(error.reason.contains("not a JSON object"), "{}", error.reason);
}

#[tokio::test]
async fn body_offsets_advance_inside_the_request_wrapper() {
    let server = MockServer::start().await;
    let page = |ids: &[u32]| ResponseTemplate::new(200).set_body_json(json!({"items": items(ids)}));
    Mock::given(body_partial_json(json!({"params": {"size": 2}}))).and(body_lacks_in("params", "from")).respond_with(page(&[1, 2])).mount(&server).await;
    Mock::given(body_partial_json(json!({"params": {"from": 2}}))).respond_with(page(&[3, 4])).mount(&server).await;
    Mock::given(body_partial_json(json!({"params": {"from": 4}}))).respond_with(page(&[5])).mount(&server).await;
    let request = Request::new(&BODY_OFFSET, &[]).and_then(|request| request.json_body(&json!({"size": 2, "q": "x"})));
    let values: Vec<Value> = core(&server).items(request).try_collect().await.expect("all pages");
    assert_eq!(values.len(), 5, "a short page ends the list");
    let sent = bodies(&server).await;
    assert_eq!(sent[1], json!({"params": {"size": 2, "q": "x", "from": 2}, "v": 2}), "offsets are numbers, inside the wrapper, beside its constants");
    assert_eq!(sent[2]["params"]["from"], json!(4));
}

/// Matches a JSON body without the member `name`.
fn body_lacks(name: &'static str) -> impl wiremock::Match {
    move |request: &wiremock::Request| serde_json::from_slice::<Value>(&request.body).is_ok_and(|body| body.get(name).is_none())
}

/// Matches a JSON body whose member `outer` lacks the member `name`.
fn body_lacks_in(outer: &'static str, name: &'static str) -> impl wiremock::Match {
    move |request: &wiremock::Request| serde_json::from_slice::<Value>(&request.body).is_ok_and(|body| body[outer].get(name).is_none())
}
