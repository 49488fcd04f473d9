//! Hooptap scenarios: the login session (kept, sent, renewed once on expiry), error envelopes,
//! page-number pagination and typed filters.

use futures_util::TryStreamExt;
use hooptap::{Client, Condition, Error, ErrorKind, Filter, Order, RetryPolicy};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "api-key-5ecret";
const USER: &str = "56e2b0d5b1b9c21100a1b2c3";

fn ok(payload: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"code": "0000", "message": "Success", "time": "2016-03-11T12:00:00.000Z", "timestamp": 1457697600000_i64, "response": payload}))
}

fn expired() -> ResponseTemplate {
    ResponseTemplate::new(419).set_body_json(json!({"message": "Token expired", "errorId": "TOKEN_EXPIRED", "httpErrorCode": 419, "time": "2016-03-11T12:00:00.000Z", "timestamp": 1457697600000_i64}))
}

fn client(server: &MockServer) -> Client {
    Client::builder().api_key(KEY).base_url(server.uri()).retry_policy(RetryPolicy::NONE).build().expect("client builds")
}

fn user() -> Value {
    json!({"_id": USER, "username": "John"})
}

#[tokio::test]
async fn login_keeps_the_token_and_later_calls_carry_both_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/user/login"))
        .and(header("x-api-key", KEY))
        .and(body_json(json!({"login": "john@example.com", "password": "s3cret"})))
        .respond_with(ok(json!({"_id": USER, "access_token": "token-1"})))
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path(format!("/user/{USER}"))).respond_with(ok(user())).mount(&server).await;

    let client = client(&server);
    let session = client.users().login("john@example.com", "s3cret").send().await.expect("logged in");
    assert_eq!(session.access_token.expose(), "token-1");
    let kept = client.session().expect("the client keeps the session");
    assert_eq!((kept.token.expose(), kept.user_id.as_deref()), ("token-1", Some(USER)));

    let profile = client.clone().users().get(USER).send().await.expect("profile");
    assert_eq!(profile.id, USER);
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].headers.get("authorization").is_none(), "the login sends no session token");
    assert_eq!(requests[1].headers.get("x-api-key").unwrap(), KEY);
    assert_eq!(requests[1].headers.get("authorization").unwrap(), "Bearer token-1");
}

#[tokio::test]
async fn an_expired_token_is_renewed_once_and_the_call_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path(format!("/user/{USER}"))).and(header("authorization", "Bearer old")).respond_with(expired()).expect(1).mount(&server).await;
    Mock::given(method("PUT"))
        .and(path(format!("/user/{USER}/token")))
        .and(body_json(json!({"token": "old"})))
        .respond_with(ok(json!({"access_token": "new"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path(format!("/user/{USER}"))).and(header("authorization", "Bearer new")).respond_with(ok(user())).expect(1).mount(&server).await;

    // Start from a saved session.
    let client = Client::builder().api_key(KEY).session("old", USER).base_url(server.uri()).build().unwrap();
    let profile = client.users().get(USER).send().await.expect("renewed and retried");
    assert_eq!(profile.username.as_deref(), Some("John"));
    assert_eq!(client.session().unwrap().token.expose(), "new");
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_413_is_treated_as_an_expiry_too() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path(format!("/user/{USER}/level"))).and(header("authorization", "Bearer old"))
        .respond_with(ResponseTemplate::new(413).set_body_json(json!({"message": "expired", "httpErrorCode": 413})))
        .mount(&server)
        .await;
    Mock::given(method("PUT")).and(path(format!("/user/{USER}/token"))).respond_with(ok(json!({"access_token": "new"}))).mount(&server).await;
    Mock::given(method("GET")).and(path(format!("/user/{USER}/level"))).and(header("authorization", "Bearer new"))
        .respond_with(ok(json!({"_id": "l1", "number": 2})))
        .mount(&server)
        .await;
    let client = Client::builder().api_key(KEY).session("old", USER).base_url(server.uri()).build().unwrap();
    let level = client.users().level(USER).send().await.expect("renewed");
    assert_eq!(level.number, Some(2));
}

#[tokio::test]
async fn a_second_expiry_in_a_row_is_an_error_not_a_loop() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path(format!("/user/{USER}"))).respond_with(expired()).mount(&server).await;
    Mock::given(method("PUT")).and(path(format!("/user/{USER}/token"))).respond_with(ok(json!({"access_token": "new"}))).mount(&server).await;
    let client = Client::builder().api_key(KEY).session("old", USER).base_url(server.uri()).build().unwrap();
    let error = client.users().get(USER).send().await.expect_err("still expired after renewal");
    assert_eq!(error.kind(), Some(ErrorKind::TokenExpired));
    let requests = server.received_requests().await.unwrap();
    let methods: Vec<String> = requests.iter().map(|request| request.method.to_string()).collect();
    assert_eq!(methods, ["GET", "PUT", "GET"], "one renewal, one retry, then the error");
}

#[tokio::test]
async fn a_failed_renewal_is_returned() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path(format!("/user/{USER}"))).respond_with(expired()).mount(&server).await;
    Mock::given(method("PUT")).and(path(format!("/user/{USER}/token"))).respond_with(expired()).mount(&server).await;
    let client = Client::builder().api_key(KEY).session("old", USER).base_url(server.uri()).build().unwrap();
    let error = client.users().get(USER).send().await.expect_err("renewal refused");
    assert_eq!(error.kind(), Some(ErrorKind::TokenExpired));
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "the renewal is not itself renewed");
}

#[tokio::test]
async fn an_error_envelope_is_decoded_with_every_field() {
    let server = MockServer::start().await;
    let body = json!({"message": "User not found", "errorId": "USER_NOT_FOUND", "httpErrorCode": 404, "time": "2016-03-11T12:00:00.000Z", "timestamp": 1457697600000_i64});
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(404).set_body_json(body.clone())).mount(&server).await;
    let client = Client::builder().api_key(KEY).session("tok", USER).base_url(server.uri()).build().unwrap();
    let error = client.users().get("missing").send().await.expect_err("404");
    let api = error.api_error().expect("an API error");
    assert_eq!(api.kind, ErrorKind::NotFound);
    assert_eq!(api.status, 404);
    assert_eq!(api.message.as_deref(), Some("User not found"));
    assert_eq!(api.code.as_deref(), Some("404"));
    assert_eq!(api.details.as_ref(), Some(&body), "errorId, time and timestamp stay available");
    assert!(error.report().to_string().contains("User not found"));
}

#[tokio::test]
async fn three_pages_are_walked_with_the_paging_metadata_visible() {
    let server = MockServer::start().await;
    for page in 1..=3 {
        let items: Vec<Value> = (0..2).map(|n| json!({"_id": format!("u{page}{n}")})).collect();
        let payload = json!({"items": items, "paging": {"current_page": page, "page_size": 2, "total_pages": 3, "item_count": 6}, "next": format!("?page_number={}", page + 1)});
        let mock = Mock::given(method("GET")).and(path("/user")).and(query_param("page_size", "2"));
        let mock = if page == 1 { mock.and(query_param_is_missing("page_number")) } else { mock.and(query_param("page_number", page.to_string())) };
        mock.respond_with(ok(payload)).mount(&server).await;
    }
    let client = Client::builder().api_key(KEY).session("tok", USER).base_url(server.uri()).build().unwrap();
    let first = client.users().list().page_size(2).send().await.expect("first page");
    assert_eq!((first.total, first.total_pages), (Some(6), Some(3)));
    assert_eq!(first.metadata.as_ref().and_then(|meta| meta["paging"]["current_page"].as_u64()), Some(1));
    let ids: Vec<String> = client.users().list().page_size(2).stream().map_ok(|user| user.id).try_collect().await.expect("all pages");
    assert_eq!(ids, ["u10", "u11", "u20", "u21", "u30", "u31"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 4, "one single page, then three for the stream");
}

#[tokio::test]
async fn typed_filters_are_sent_as_url_encoded_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/user")).respond_with(ok(json!({"items": [], "paging": {"total_pages": 1}}))).mount(&server).await;
    let filter = Filter::new()
        .sort("name", Order::Asc)
        .any_of("username", [Condition::includes("John"), Condition::exact("Jane")])
        .include("reward", "name image")
        .group("product")
        .fields(["username", "email"]);
    let client = Client::builder().api_key(KEY).session("tok", USER).base_url(server.uri()).build().unwrap();
    client.users().list().page_size(10).page_number(1).filter(filter).send().await.expect("filtered");
    let request = &server.received_requests().await.unwrap()[0];
    let query = request.url.query().unwrap();
    assert!(query.starts_with("page_size=10&page_number=1&filter=%7B%22sort%22%3A%7B%22name%22%3A%22asc%22%7D%2C%22where%22"), "{query}");
    let sent: Value = serde_json::from_str(&request.url.query_pairs().find(|(name, _)| name == "filter").unwrap().1).unwrap();
    assert_eq!(
        sent,
        json!({
            "sort": {"name": "asc"},
            "where": {"username": [{"value": "John", "search_type": "include"}, {"value": "Jane"}]},
            "include": [{"path": "reward", "select": "name image"}],
            "group": "product",
            "fields": "username email"
        })
    );
}

#[tokio::test]
async fn calls_without_a_session_fail_before_sending() {
    let server = MockServer::start().await;
    let error = client(&server).users().get(USER).send().await.expect_err("no session");
    assert!(matches!(error, Error::MissingCredential { scheme: "session" }), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}
