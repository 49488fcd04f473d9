//! Every pagination style walked over several pages against a local mock server, with the
//! requests each page is fetched with.

use apigen_runtime::{ApiDescription, ClientBuilder, Core, Endpoint, ErrorSchema, JsonPath, Page, Pagination, Request};
use futures_util::TryStreamExt;
use reqwest::Method;
use serde_json::{Value, json};
use wiremock::matchers::{path, query_param, query_param_is_missing};
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
static CURSOR_HEADER: Endpoint = endpoint(&Pagination::CursorHeader { items: JsonPath::ROOT, header: "X-Cursor-Next", param: "cursor", total: None });
static CURSOR_BODY: Endpoint = endpoint(&Pagination::CursorBody { items: JsonPath(&["data"]), cursor: JsonPath(&["meta", "next"]), param: "after", total: Some(JsonPath(&["meta", "count"])) });
static PAGE_NUMBER: Endpoint = endpoint(&Pagination::PageNumber {
    items: JsonPath(&["items"]),
    param: "page_number",
    first: 1,
    total_pages: Some(JsonPath(&["paging", "total_pages"])),
    total: Some(JsonPath(&["paging", "item_count"])),
    size_param: None,
});
static PAGE_TOTAL: Endpoint = endpoint(&Pagination::PageNumber {
    items: JsonPath(&["data", "records"]),
    param: "page",
    first: 1,
    total_pages: None,
    total: Some(JsonPath(&["data", "total"])),
    size_param: Some("limit"),
});
static LAST_ITEM: Endpoint = endpoint(&Pagination::LastItem {
    items: JsonPath(&["data"]),
    id: JsonPath(&["id"]),
    param: "starting_after",
    has_more: JsonPath(&["has_more"]),
    total: None,
});
static OFFSET_LIMIT: Endpoint = endpoint(&Pagination::OffsetLimit { items: JsonPath::ROOT, offset_param: "skip", limit_param: "limit", total: None });

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
