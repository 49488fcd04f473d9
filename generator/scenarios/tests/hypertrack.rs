//! Scenario tests of the generated HyperTrack client against a local mock server: pagination
//! streams, the error table, input safety and secrets.

use futures_util::TryStreamExt;
use hypertrack::{Client, Error, ErrorKind};
use serde_json::{Value, json};
use std::time::Duration;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "sk_test_5ecret";

fn client(server: &MockServer) -> Client {
    Client::builder().secret_key(KEY).base_url(server.uri()).build().expect("client builds")
}

fn user(id: &str) -> Value {
    json!({"id": id, "name": format!("User {id}")})
}

fn page(server: &MockServer, ids: &[&str], next: Option<&str>) -> ResponseTemplate {
    let next = next.map(|query| format!("{}/users/?{query}", server.uri()));
    ResponseTemplate::new(200).set_body_json(json!({
        "count": 7,
        "next": next,
        "previous": null,
        "results": ids.iter().map(|id| user(id)).collect::<Vec<_>>(),
    }))
}

#[tokio::test]
async fn stream_walks_three_pages_lazily_and_in_order() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/users/"))
        .and(query_param_is_missing("page"))
        .and(query_param("page_size", "3"))
        .respond_with(page(&server, &["u1", "u2", "u3"], Some("page=2&page_size=3")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/"))
        .and(query_param("page", "2"))
        .respond_with(page(&server, &["u4", "u5", "u6"], Some("page=3&page_size=3")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users/"))
        .and(query_param("page", "3"))
        .respond_with(page(&server, &["u7"], None))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&server);
    let mut stream = std::pin::pin!(client.users().list().page_size(3).stream());
    // Lazy: the first item needs only the first page.
    let first = stream.try_next().await.expect("first item").expect("an item");
    assert_eq!(first.id, "u1");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    let rest: Vec<_> = stream.try_collect().await.expect("all pages");
    let ids: Vec<&str> = std::iter::once(first.id.as_str()).chain(rest.iter().map(|user| user.id.as_str())).collect();
    assert_eq!(ids, ["u1", "u2", "u3", "u4", "u5", "u6", "u7"]);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert_eq!(request.headers.get("authorization").unwrap(), &format!("token {KEY}"));
    }
}

#[tokio::test]
async fn pages_report_totals_and_next_links() {
    let server = MockServer::start().await;
    Mock::given(path("/users/")).respond_with(page(&server, &["u1"], Some("page=2"))).mount(&server).await;
    let page = client(&server).users().list().send().await.expect("one page");
    assert_eq!(page.total, Some(7));
    assert!(page.has_next());
    assert_eq!(page.next_token(), Some(format!("{}/users/?page=2", server.uri()).as_str()));
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "send() fetches one page only");
}

#[tokio::test]
async fn next_link_to_another_host_is_not_followed() {
    let server = MockServer::start().await;
    Mock::given(path("/users/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "next": "https://evil.example/users/?page=2",
            "results": [user("u1")],
        })))
        .mount(&server)
        .await;
    let results: Vec<Result<_, Error>> = futures_util::StreamExt::collect(client(&server).users().list().stream()).await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().expect("first page's item").id, "u1");
    let error = results[1].as_ref().expect_err("the foreign link is refused");
    assert!(matches!(error, Error::Pagination { .. }), "{error:?}");
    assert!(error.report().to_string().contains("evil.example"), "{error}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_repeated_next_link_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    Mock::given(path("/users/")).respond_with(page(&server, &["u1"], Some("page=2"))).mount(&server).await;
    let results: Vec<Result<_, Error>> = futures_util::StreamExt::collect(client(&server).users().list().stream()).await;
    // Page 1, then page 2 (which links to itself), then the error instead of a loop.
    assert_eq!(results.len(), 3);
    assert!(matches!(results[2], Err(Error::Pagination { .. })), "{:?}", results[2]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn every_status_in_the_error_table_decodes_to_its_kind_with_the_detail() {
    let table = [
        (301, ErrorKind::MovedPermanently, false),
        (400, ErrorKind::BadRequest, false),
        (401, ErrorKind::Unauthorized, false),
        (402, ErrorKind::PaymentRequired, false),
        (403, ErrorKind::Forbidden, false),
        (404, ErrorKind::NotFound, false),
        (405, ErrorKind::MethodNotAllowed, false),
        (406, ErrorKind::NotAcceptable, false),
        (410, ErrorKind::Gone, false),
        (429, ErrorKind::RateLimited, true),
        (500, ErrorKind::ServerError, true),
        (502, ErrorKind::ServerError, true),
        (503, ErrorKind::ServerError, true),
        (504, ErrorKind::ServerError, true),
        (418, ErrorKind::Other, false),
    ];
    for (status, kind, retryable) in table {
        let server = MockServer::start().await;
        let detail = format!("Problem {status}.");
        Mock::given(path("/users/u1/"))
            .respond_with(ResponseTemplate::new(status).set_body_json(json!({"detail": detail})))
            .mount(&server)
            .await;
        // Retries are the fault-injection suite's subject; here each status is seen once.
        let client = client(&server).with_retry_policy(hypertrack::RetryPolicy::NONE);
        let error = client.users().get("u1").send().await.expect_err("an error status");
        let api = error.api_error().unwrap_or_else(|| panic!("HTTP {status} should be an API error, got {error:?}"));
        assert_eq!(api.kind, kind, "HTTP {status}");
        assert_eq!(api.status, status);
        assert_eq!(api.message.as_deref(), Some(detail.as_str()));
        assert_eq!(error.kind(), Some(kind));
        assert_eq!(error.is_retryable(), retryable, "HTTP {status}");
        assert!(error.report().to_string().contains(&detail), "{error}");
    }
}

#[tokio::test]
async fn rate_limit_errors_carry_retry_after() {
    let server = MockServer::start().await;
    Mock::given(path("/users/u1/"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "7").set_body_json(json!({"detail": "Slow down."})))
        .mount(&server)
        .await;
    let error = client(&server).with_retry_policy(hypertrack::RetryPolicy::NONE).users().get("u1").send().await.expect_err("429");
    assert_eq!(error.kind(), Some(ErrorKind::RateLimited));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
}

#[tokio::test]
async fn a_real_invalid_token_body_is_decoded() {
    // The body HyperTrack sent in live-app-android#21.
    let server = MockServer::start().await;
    Mock::given(path("/users/")).respond_with(ResponseTemplate::new(403).set_body_string(r#"{"detail":"Invalid token."}"#)).mount(&server).await;
    let error = client(&server).users().list().send().await.expect_err("403");
    assert_eq!(error.kind(), Some(ErrorKind::Forbidden));
    assert_eq!(error.api_error().unwrap().message.as_deref(), Some("Invalid token."));
}

#[tokio::test]
async fn malformed_success_bodies_are_decode_errors_with_a_snippet() {
    let server = MockServer::start().await;
    Mock::given(path("/users/u1/")).respond_with(ResponseTemplate::new(200).set_body_string("<html>oops</html>")).mount(&server).await;
    Mock::given(path("/users/u2/")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "no id"}))).mount(&server).await;
    let error = client(&server).users().get("u1").send().await.expect_err("HTML is not a user");
    match &error {
        Error::Decode { status, snippet, path, .. } => {
            assert_eq!(*status, 200);
            assert_eq!(snippet, "<html>oops</html>");
            assert_eq!(*path, "/users/{id}/");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let error = client(&server).users().get("u2").send().await.expect_err("id is required");
    assert!(error.report().to_string().contains("missing field `id`"), "{error}");

    Mock::given(path("/users/u3/")).respond_with(ResponseTemplate::new(200).set_body_json(json!([user("u3")]))).mount(&server).await;
    let error = client(&server).users().get("u3").send().await.expect_err("a list is not a user");
    assert!(error.report().to_string().contains("invalid type: sequence, expected a JSON object (`User`)"), "{error}");
    Mock::given(path("/users/u4/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "u4", "is_connected": "yes"})))
        .mount(&server)
        .await;
    let error = client(&server).users().get("u4").send().await.expect_err("a string is not a boolean");
    assert!(error.report().to_string().contains("invalid type: string \"yes\", expected a boolean"), "{error}");
    // Members this client does not know, at any depth, are skipped rather than refused.
    let mut newer = user("u5");
    newer["introduced_later"] = json!({"nested": [1, {"id": "not this one"}]});
    newer["display"] = json!({"status_text": "Active", "badge": "new"});
    Mock::given(path("/users/u5/")).respond_with(ResponseTemplate::new(200).set_body_json(newer)).mount(&server).await;
    let decoded = client(&server).users().get("u5").send().await.expect("unknown members are skipped");
    assert_eq!(decoded.id, "u5");
    assert_eq!(decoded.display.and_then(|display| display.status_text).as_deref(), Some("Active"));
}

#[tokio::test]
async fn path_parameters_cannot_escape_their_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(user("x"))).mount(&server).await;
    let client = client(&server);
    client.users().get("a/b?c#d").send().await.expect("encoded id is sent");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), "/users/a%2Fb%3Fc%23d/");
    assert_eq!(requests[0].url.query(), None);
    for bad in ["..", ".", ""] {
        let error = client.users().get(bad).send().await.expect_err("dot segments are refused");
        assert!(matches!(error, Error::InvalidArgument(_)), "{error:?}");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "refused requests are never sent");
}

#[tokio::test]
async fn partial_updates_send_only_what_was_set() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH")).respond_with(ResponseTemplate::new(200).set_body_json(user("u1"))).mount(&server).await;
    let client = client(&server);
    client.users().update("u1").phone("+15550100").send().await.expect("patch");
    client.users().update("u1").clear_lookup_id().send().await.expect("patch");
    client.users().update("u1").send().await.expect("patch");
    let bodies: Vec<Value> = server.received_requests().await.unwrap().iter().map(|request| request.body_json().unwrap()).collect();
    assert_eq!(bodies, [json!({"phone": "+15550100"}), json!({"lookup_id": null}), json!({})]);
}

#[tokio::test]
async fn the_key_never_shows_in_debug_output_or_errors() {
    let server = MockServer::start().await;
    let client = client(&server);
    assert!(!format!("{client:?}").contains(KEY));
    let builder = Client::builder().secret_key(KEY);
    assert!(!format!("{builder:?}").contains(KEY));
    // A closed port gives a transport error; its text must not carry the key either.
    let closed = Client::builder().secret_key(KEY).base_url("http://127.0.0.1:9").retry_policy(hypertrack::RetryPolicy::NONE).build().unwrap();
    let error = closed.users().get("u1").send().await.expect_err("nothing listens on port 9");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(error.is_retryable());
    assert!(!format!("{error} {error:?}").contains(KEY));
}

#[tokio::test]
async fn a_missing_credential_is_reported_before_sending() {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let error = client.users().get("u1").send().await.expect_err("no key");
    assert!(matches!(error, Error::MissingCredential { scheme: "secret_key" }), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn slow_responses_time_out() {
    let server = MockServer::start().await;
    Mock::given(path("/users/u1/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(user("u1")).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .secret_key(KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .retry_policy(hypertrack::RetryPolicy::NONE)
        .build()
        .unwrap();
    let error = client.users().get("u1").send().await.expect_err("times out");
    assert!(matches!(error, Error::Timeout { method: _, path: "/users/{id}/" }), "{error:?}");
}

#[tokio::test]
async fn a_bad_base_url_is_a_configuration_error() {
    for url in ["not a url", "ftp://example.com", "https://example.com/?q=1"] {
        let error = Client::builder().base_url(url).build().expect_err("invalid base URL");
        assert!(matches!(error, Error::Config { .. }), "{url}: {error:?}");
    }
}
