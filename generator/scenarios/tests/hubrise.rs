//! HubRise scenarios: cursor pagination over the `X-Cursor-Next` header, field-level validation
//! errors, rate limiting with retries, the OAuth code exchange on the wire, and signed callbacks.

use futures_util::TryStreamExt;
use hubrise::oauth::{AuthorizationFlow, Scope, ScopeGroup, ScopePermission, ScopeValue};
use hubrise::webhooks::{Callback, WebhookError};
use hubrise::{Client, Error, ErrorKind, Money, RetryPolicy};
use serde_json::{Value, json};
use std::time::Duration;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "b9a3c1d2e4f5";

fn client(server: &MockServer) -> Client {
    let fast = RetryPolicy { initial_backoff: Duration::from_millis(10), ..RetryPolicy::DEFAULT };
    Client::builder().access_token(TOKEN).base_url(server.uri()).retry_policy(fast).build().expect("client builds")
}

fn orders(range: std::ops::Range<u32>) -> Value {
    Value::Array(range.map(|n| json!({"id": format!("o{n}"), "status": "new", "total": format!("{n}.50 EUR")})).collect())
}

#[tokio::test]
async fn two_hundred_fifty_orders_arrive_over_three_cursor_pages() {
    let server = MockServer::start().await;
    let first = ResponseTemplate::new(200).insert_header("X-Cursor-Next", "cur-2").set_body_json(orders(0..100));
    let second = ResponseTemplate::new(200).insert_header("X-Cursor-Next", "cur-3").set_body_json(orders(100..200));
    let third = ResponseTemplate::new(200).set_body_json(orders(200..250));
    let base = || Mock::given(method("GET")).and(path("/location/orders")).and(header("X-Access-Token", TOKEN)).and(query_param("count", "100"));
    base().and(query_param_is_missing("cursor")).respond_with(first).mount(&server).await;
    base().and(query_param("cursor", "cur-2")).respond_with(second).expect(1).mount(&server).await;
    base().and(query_param("cursor", "cur-3")).respond_with(third).expect(1).mount(&server).await;

    let all: Vec<hubrise::models::Order> = client(&server).location().list_orders().count(100).stream().try_collect().await.expect("all pages");
    assert_eq!(all.len(), 250);
    assert_eq!(all[0].id, "o0");
    assert_eq!(all[249].id, "o249");
    let total: Money = all[249].total.clone().expect("a total");
    assert_eq!((total.amount().as_str(), total.currency()), ("249.50", "EUR"));
    assert_eq!(server.received_requests().await.unwrap().len(), 3);

    let page = client(&server).location().list_orders().count(100).send().await.expect("one page");
    assert_eq!(page.items.len(), 100);
    assert_eq!(page.next_token(), Some("cur-2"));
    assert_eq!(server.received_requests().await.unwrap().len(), 4, "send() fetched one page");
}

#[tokio::test]
async fn a_page_size_over_one_hundred_is_refused() {
    let server = MockServer::start().await;
    let error = client(&server).location().list_orders().count(101).send().await.expect_err("too large");
    assert!(matches!(&error, Error::InvalidArgument(argument) if argument.name == "count"), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn validation_errors_carry_the_field_breakdown() {
    let server = MockServer::start().await;
    let body = json!({
        "error_type": "unprocessable_entity",
        "message": "Validation failed",
        "errors": [
            {"field": "items[0].price", "message": "is not a valid money amount"},
            {"field": "status", "message": "is not included in the list"}
        ]
    });
    Mock::given(method("POST")).and(path("/location/orders")).respond_with(ResponseTemplate::new(422).set_body_json(body)).mount(&server).await;
    let error = client(&server).location().create_order(hubrise::models::OrderStatus::New).send().await.expect_err("422");
    let api = error.api_error().expect("an API error");
    assert_eq!(api.kind, ErrorKind::UnprocessableEntity);
    assert_eq!(api.status, 422);
    assert_eq!(api.code.as_deref(), Some("unprocessable_entity"));
    assert_eq!(api.message.as_deref(), Some("Validation failed"));
    let fields: Vec<(&str, &str)> = api.field_errors.iter().map(|error| (error.field.as_str(), error.message.as_str())).collect();
    assert_eq!(fields, [("items[0].price", "is not a valid money amount"), ("status", "is not included in the list")]);
    assert!(!error.is_retryable());
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "a validation error is not retried");
}

#[tokio::test]
async fn a_429_is_retried_after_retry_after_and_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/location/orders"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1").set_body_json(json!({"error_type": "too_many_requests"})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/location/orders"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "5dpm9", "status": "new"})))
        .mount(&server)
        .await;
    let started = std::time::Instant::now();
    let order = client(&server).location().create_order(hubrise::models::OrderStatus::New).send().await.expect("retried");
    assert_eq!(order.id, "5dpm9");
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "the POST was resent: a 429 was not processed");
}

#[tokio::test]
async fn the_oauth_flow_builds_the_consent_url_exchanges_the_code_and_revokes() {
    let oauth = AuthorizationFlow::new("459691768564.clients.hubrise.com", "client-5ecret");
    let scope = Scope::new()
        .group(ScopeGroup::Location, [ScopePermission::OrdersWrite, ScopePermission::CustomerListRead])
        .value(ScopeValue::Profile);
    assert_eq!(scope.to_string(), "location[orders.write,customer_list.read],profile");
    let url = oauth.authorize_url("urn:ietf:wg:oauth:2.0:oob", &scope).state("s-1").country("FR").to_string();
    assert_eq!(
        url,
        "https://manager.hubrise.com/oauth2/v1/authorize?redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob\
         &client_id=459691768564.clients.hubrise.com&scope=location%5Borders.write%2Ccustomer_list.read%5D%2Cprofile&state=s-1&country=FR"
    );

    let server = MockServer::start().await;
    let token = json!({"access_token": TOKEN, "token_type": "Bearer", "location_id": "3r4s3-1", "location_name": "Paris 8e"});
    Mock::given(method("POST")).and(path("/oauth2/v1/token")).respond_with(ResponseTemplate::new(200).set_body_json(token)).mount(&server).await;
    Mock::given(method("POST")).and(path("/oauth2/v1/revoke")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let oauth = oauth.with_origin(&server.uri());
    let response = oauth.exchange_code("ce9f2b 7a/1d").await.expect("exchanged");
    assert_eq!(response.access_token.expose(), TOKEN);
    assert_eq!(response.location_id, Some("3r4s3-1".to_owned()));
    oauth.revoke(response.access_token.clone()).await.expect("revoked");

    let requests: Vec<Request> = server.received_requests().await.unwrap();
    let exchange = &requests[0];
    // base64("459691768564.clients.hubrise.com:client-5ecret")
    assert_eq!(exchange.headers.get("authorization").unwrap(), "Basic NDU5NjkxNzY4NTY0LmNsaWVudHMuaHVicmlzZS5jb206Y2xpZW50LTVlY3JldA==");
    assert_eq!(exchange.headers.get("content-type").unwrap(), "application/x-www-form-urlencoded");
    assert_eq!(String::from_utf8_lossy(&exchange.body), "code=ce9f2b+7a%2F1d");
    assert_eq!(String::from_utf8_lossy(&requests[1].body), format!("token={TOKEN}"));
    assert!(!format!("{oauth:?}").contains("client-5ecret"));
}

#[tokio::test]
async fn a_bad_oauth_code_is_an_api_error() {
    let server = MockServer::start().await;
    Mock::given(path("/oauth2/v1/token")).respond_with(ResponseTemplate::new(400).set_body_json(json!({"message": "code expired"}))).mount(&server).await;
    let error = AuthorizationFlow::new("id", "secret").with_origin(&server.uri()).exchange_code("old").await.expect_err("400");
    assert_eq!(error.kind(), Some(ErrorKind::BadRequest));
    assert_eq!(error.api_error().unwrap().message.as_deref(), Some("code expired"));
}

#[test]
fn callback_signatures_are_checked_over_the_raw_body() {
    let secret = b"client-5ecret";
    let body = br#"{"id":"e1","resource_type":"order","event_type":"create","created_at":"2020-08-20T06:42:46+02:00","order_id":"5dpm9","location_id":"3r4s3-1"}"#;
    // Computed independently of this project (Python's hmac module, SHA-256, hex digest).
    let signature = "371c9c1f91b5fa821dcc8bc92347da74793b2441213a878f3f6acb7120d54773";
    let event = Callback::verify_and_parse(secret, body, signature).expect("accepted");
    assert_eq!(event.order_id.as_deref(), Some("5dpm9"));
    assert_eq!(Callback::SIGNATURE_HEADER, "X-HubRise-Hmac-SHA256");

    let mut tampered = body.to_vec();
    tampered[10] = b'2';
    assert!(matches!(Callback::verify(secret, &tampered, signature), Err(WebhookError::BadSignature)));
    assert!(matches!(Callback::verify(b"other", body, signature), Err(WebhookError::BadSignature)));
    assert!(matches!(Callback::verify(secret, body, "not-hex"), Err(WebhookError::MalformedSignature { .. })));
}

#[test]
fn string_enums_parse_from_their_wire_text_unknown_values_kept() {
    use hubrise::models::OrderStatus;
    assert_eq!("new".parse::<OrderStatus>(), Ok(OrderStatus::New));
    assert_eq!("on_the_moon".parse::<OrderStatus>(), Ok(OrderStatus::UnknownValue("on_the_moon".to_owned())));
}
