//! Trackier scenarios: record pages keyed by id and as arrays, totals that end a walk, numbered
//! application errors, and the API key in the query string, masked wherever it could show.

use futures_util::TryStreamExt;
use serde_json::{Value, json};
use trackier::{Client, Error, ErrorKind, RetryPolicy};
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "trk-5ecret-key";

fn client(server: &MockServer) -> Client {
    Client::builder().api_key(KEY).base_url(server.uri()).retry_policy(RetryPolicy::NONE).build().expect("client builds")
}

#[tokio::test]
async fn conversion_records_keyed_by_id_are_streamed_over_pages() {
    let server = MockServer::start().await;
    let page = |records: Value| ResponseTemplate::new(200).set_body_json(json!({"records": records, "columns": {}, "limit": 2, "query": {}}));
    Mock::given(path("/network/conversions")).and(query_param_is_missing("page"))
        .respond_with(page(json!({"cv1": {"_id": "cv1", "status": "approved"}, "cv2": {"_id": "cv2", "status": "pending"}}))).mount(&server).await;
    Mock::given(path("/network/conversions")).and(query_param("page", "2"))
        .respond_with(page(json!({"cv3": {"_id": "cv3", "status": "rejected"}}))).mount(&server).await;
    Mock::given(path("/network/conversions")).and(query_param("page", "3")).respond_with(page(json!({}))).mount(&server).await;
    let conversions: Vec<trackier::models::Conversion> = client(&server).network().conversions().limit(2).stream().try_collect().await.expect("all pages");
    let ids: Vec<&str> = conversions.iter().map(|conversion| conversion.id.as_str()).collect();
    assert_eq!(ids, ["cv1", "cv2", "cv3"]);
    assert_eq!(conversions[2].status, Some(trackier::models::ConversionStatus::Rejected));
    assert_eq!(server.received_requests().await.unwrap().len(), 3, "an empty page ends the walk");
}

#[tokio::test]
async fn conversion_records_as_arrays_are_streamed_over_pages() {
    let server = MockServer::start().await;
    let page = |records: Value| ResponseTemplate::new(200).set_body_json(json!({"records": records, "limit": 2, "page": 1}));
    Mock::given(path("/advertiser/conversion-logs")).and(query_param_is_missing("page")).respond_with(page(json!([{"_id": "a"}, {"_id": "b"}]))).mount(&server).await;
    Mock::given(path("/advertiser/conversion-logs")).and(query_param("page", "2")).respond_with(page(json!([{"_id": "c"}]))).mount(&server).await;
    Mock::given(path("/advertiser/conversion-logs")).and(query_param("page", "3")).respond_with(page(json!([]))).mount(&server).await;
    let ids: Vec<String> = client(&server).advertiser_api().conversion_logs().limit(2).stream().map_ok(|conversion| conversion.id).try_collect().await.expect("all pages");
    assert_eq!(ids, ["a", "b", "c"]);
}

#[tokio::test]
async fn a_total_in_the_envelope_ends_the_walk_without_an_extra_request() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], page: u32| {
        let campaigns: Vec<Value> = ids.iter().map(|id| json!({"_id": id})).collect();
        ResponseTemplate::new(200).set_body_json(json!({"success": true, "data": {"campaigns": campaigns, "total": 5, "page": page, "limit": 2}}))
    };
    Mock::given(path("/campaign")).and(query_param_is_missing("page")).respond_with(page(&["c1", "c2"], 1)).mount(&server).await;
    Mock::given(path("/campaign")).and(query_param("page", "2")).respond_with(page(&["c3", "c4"], 2)).mount(&server).await;
    Mock::given(path("/campaign")).and(query_param("page", "3")).respond_with(page(&["c5"], 3)).mount(&server).await;
    let ids: Vec<String> = client(&server).campaigns().list().limit(2).stream().map_ok(|campaign| campaign.id).try_collect().await.expect("all pages");
    assert_eq!(ids, ["c1", "c2", "c3", "c4", "c5"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn code_13_is_an_invalid_api_key_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"success": false, "error": {"code": 13, "message": "Invalid API Key"}})))
        .mount(&server)
        .await;
    let error = client(&server).campaigns().get("12").send().await.expect_err("code 13");
    let api = error.api_error().expect("an API error");
    assert_eq!(api.kind, ErrorKind::InvalidApiKey, "the code decides the kind, whatever the status");
    assert_eq!((api.code.as_deref(), api.message.as_deref()), (Some("13"), Some("Invalid API Key")));
}

#[tokio::test]
async fn success_false_inside_http_200_is_an_error_with_the_data_message() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": false, "data": {"message": "Invalid Request Body!!"}}))).mount(&server).await;
    let domains = serde_json::from_value(json!({"domains": ["x"]})).unwrap();
    let error = client(&server).campaigns().set_domains(domains).send().await.expect_err("success false");
    let api = error.api_error().expect("an API error");
    assert_eq!(api.status, 200);
    assert_eq!(api.message.as_deref(), Some("Invalid Request Body!!"));
    assert_eq!(api.kind, ErrorKind::Other, "no code: the status does not name a kind either");
}

#[tokio::test]
async fn edits_are_posts_to_the_resource() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/affiliate/5a1b")).and(header("X-Api-Key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "data": {"affiliate": {"_id": "5a1b", "phone": "+15550100"}, "message": "Updated"}})))
        .expect(1)
        .mount(&server)
        .await;
    let edited = client(&server).affiliates().update("5a1b").phone("+15550100").send().await.expect("edited");
    assert_eq!(edited.affiliate.phone.as_deref(), Some("+15550100"));
    assert_eq!(edited.message.as_deref(), Some("Updated"));
}

#[tokio::test]
async fn a_new_accounts_password_never_shows_in_debug_output() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/affiliate"))
        .and(wiremock::matchers::body_json(json!({"name": "Ann", "email": "ann@example.com", "password": "pa55-trk"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"success": true, "data": {"user": {"_id": "5a1b"}, "message": "Created"}})))
        .expect(1)
        .mount(&server)
        .await;
    let create = client(&server).affiliates().create("Ann", "ann@example.com", "pa55-trk");
    assert!(!format!("{create:?}").contains("pa55-trk"), "{create:?}");
    create.send().await.expect("created with the password on the wire");
}

#[tokio::test]
async fn the_query_key_mode_sends_apikey_and_masks_it() {
    let server = MockServer::start().await;
    Mock::given(path("/campaign/12")).and(query_param("apiKey", KEY))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": {"code": 12, "message": "Unauthorized Request"}})))
        .mount(&server)
        .await;
    let client = Client::builder().api_key(KEY).api_key_in_query().base_url(server.uri()).retry_policy(RetryPolicy::NONE).build().unwrap();
    let error = client.campaigns().get("12").send().await.expect_err("401");
    assert_eq!(error.kind(), Some(ErrorKind::UnauthorizedRequest));
    let request = &server.received_requests().await.unwrap()[0];
    assert!(request.headers.get("x-api-key").is_none(), "the key goes in the query instead of the header");
    assert!(!format!("{error} {error:?} {client:?}").contains(KEY));

    // A transport error's text would normally carry the URL, and with it the key.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let closed = Client::builder().api_key(KEY).api_key_in_query().base_url(format!("http://127.0.0.1:{port}")).retry_policy(RetryPolicy::NONE).build().unwrap();
    let error = closed.campaigns().get("12").send().await.expect_err("nothing listens");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert!(!format!("{error} {error:?}").contains(KEY), "{error:?}");
}
