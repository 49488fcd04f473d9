//! Scenario tests of the client generated from the `paydesk` fixture spec, which uses what public
//! APIs commonly need beyond the five providers: constant headers and an API version callers may
//! choose, lists that continue after their last item, Unix timestamps, idempotency keys and
//! redirects followed within the origin. Each asserts what goes on the wire.

use futures_util::TryStreamExt;
use paydesk::{Client, PerCallOptions, RetryPolicy};
use serde_json::{Value, json};
use std::time::{Duration, UNIX_EPOCH};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    let policy = RetryPolicy { initial_backoff: Duration::from_millis(1), ..RetryPolicy::DEFAULT };
    Client::builder().secret_key("sk_test").base_url(server.uri()).retry_policy(policy).build().expect("client builds")
}

fn customer(id: &str) -> Value {
    json!({"id": id, "email": format!("{id}@example.com"), "created": 1_718_454_000})
}

async fn received(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

fn header<'r>(request: &'r Request, name: &str) -> Vec<&'r str> {
    request.headers.get_all(name).iter().filter_map(|value| value.to_str().ok()).collect()
}

#[tokio::test]
async fn constant_headers_replace_the_default_accept_and_callers_choose_the_version() {
    let server = MockServer::start().await;
    Mock::given(path("/customers/cus_1")).respond_with(ResponseTemplate::new(200).set_body_json(customer("cus_1"))).mount(&server).await;
    client(&server).customers().get("cus_1").send().await.expect("default version");
    let pinned = Client::builder().secret_key("sk_test").base_url(server.uri()).api_version("2025-01-15").build().expect("builds");
    pinned.customers().get("cus_1").send().await.expect("pinned version");
    pinned.customers().get("cus_1").header("Paydesk-Version", "2026-03-01").send().await.expect("one call's version");
    let requests = received(&server).await;
    let versions: Vec<Vec<&str>> = requests.iter().map(|request| header(request, "paydesk-version")).collect();
    assert_eq!(versions, [vec!["2024-06-01"], vec!["2025-01-15"], vec!["2026-03-01"]], "one value each, never two");
    assert!(requests.iter().all(|request| header(request, "accept") == ["application/vnd.paydesk+json"]));
    let bad = Client::builder().secret_key("sk_test").api_version("2025\n01").build().expect_err("not a header value");
    assert!(bad.to_string().contains("cannot carry"), "{bad}");
}

#[tokio::test]
async fn lists_continue_after_their_last_item_while_more_exist() {
    let server = MockServer::start().await;
    let page = |ids: &[&str], more: bool| {
        ResponseTemplate::new(200).set_body_json(json!({"object": "list", "has_more": more, "data": ids.iter().map(|id| customer(id)).collect::<Vec<_>>()}))
    };
    Mock::given(path("/customers")).and(query_param_is_missing("starting_after")).respond_with(page(&["cus_1", "cus_2"], true)).expect(1).mount(&server).await;
    Mock::given(query_param("starting_after", "cus_2")).respond_with(page(&["cus_3", "cus_4"], true)).expect(1).mount(&server).await;
    Mock::given(query_param("starting_after", "cus_4")).respond_with(page(&["cus_5"], false)).expect(1).mount(&server).await;
    let customers: Vec<_> = client(&server).customers().list().limit(2).stream().try_collect().await.expect("every page");
    let ids: Vec<&str> = customers.iter().map(|customer| customer.id.as_str()).collect();
    assert_eq!(ids, ["cus_1", "cus_2", "cus_3", "cus_4", "cus_5"]);
    let created = customers[0].created.expect("created").to_system_time();
    assert_eq!(created, Some(UNIX_EPOCH + Duration::from_secs(1_718_454_000)), "epoch seconds, not milliseconds");
    let queries: Vec<String> = received(&server).await.iter().map(|request| request.url.query().unwrap_or("").to_owned()).collect();
    assert_eq!(queries, ["limit=2", "limit=2&starting_after=cus_2", "limit=2&starting_after=cus_4"]);
}

#[tokio::test]
async fn a_post_carries_one_idempotency_key_across_its_retries_so_it_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(201).set_body_json(customer("cus_9"))).mount(&server).await;
    let client = client(&server);
    let created = client.customers().create("ada@example.com").send().await.expect("retried, since the key makes it safe");
    assert_eq!(created.id, "cus_9");
    client.customers().create("ada@example.com").idempotency_key("signup-42").send().await.expect("the caller's key");
    let requests = received(&server).await;
    let keys: Vec<Vec<&str>> = requests.iter().map(|request| header(request, "idempotency-key")).collect();
    assert_eq!(keys.len(), 3);
    assert_eq!(keys[0], keys[1], "a retry sends the call's key again");
    assert_eq!(keys[0][0].len(), 36, "a UUID");
    assert_eq!(keys[2], ["signup-42"]);
    // GETs carry no key.
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(customer("cus_9"))).mount(&server).await;
    client.customers().get("cus_9").send().await.expect("a GET");
    assert!(header(received(&server).await.last().expect("the GET"), "idempotency-key").is_empty());
}

#[tokio::test]
async fn a_renamed_resource_is_followed_within_the_origin_only() {
    let server = MockServer::start().await;
    Mock::given(path("/customers/cus_old")).respond_with(ResponseTemplate::new(301).insert_header("Location", "/customers/cus_new")).mount(&server).await;
    Mock::given(path("/customers/cus_new")).respond_with(ResponseTemplate::new(200).set_body_json(customer("cus_new"))).mount(&server).await;
    Mock::given(path("/customers/cus_away")).respond_with(ResponseTemplate::new(302).insert_header("Location", "https://elsewhere.example/customers/x")).mount(&server).await;
    let client = client(&server);
    let moved = client.customers().get("cus_old").send().await.expect("followed");
    assert_eq!(moved.id, "cus_new");
    let error = client.customers().get("cus_away").send().await.expect_err("another origin");
    assert_eq!(error.status(), Some(302));
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3, "nothing was sent elsewhere");
    assert!(requests.iter().all(|request| header(request, "authorization") == ["Bearer sk_test"]));
}

#[tokio::test]
async fn error_bodies_decode_into_their_model_and_field_errors_keep_their_codes() {
    let server = MockServer::start().await;
    let declined = json!({"error": {"type": "card_error", "code": "card_declined", "message": "Your card was declined.", "decline_code": "insufficient_funds", "doc_url": "https://docs.paydesk.example/errors/card_declined"}});
    Mock::given(path("/customers/cus_card")).respond_with(ResponseTemplate::new(402).set_body_json(declined)).mount(&server).await;
    let invalid = json!({"error": {"type": "invalid_request_error", "message": "Invalid fields.", "fields": [{"name": "email", "code": "missing", "message": "is required"}]}});
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(400).set_body_json(invalid)).mount(&server).await;
    let client = client(&server);
    let error = client.customers().get("cus_card").send().await.expect_err("declined");
    assert_eq!(error.kind(), Some(paydesk::ErrorKind::CardDeclined));
    let body: paydesk::models::ErrorBody = error.body_as().expect("the table's model");
    assert_eq!((body.error.type_.as_str(), body.error.decline_code.as_deref()), ("card_error", Some("insufficient_funds")));
    let error = client.customers().create("").send().await.expect_err("invalid");
    let field = &error.api_error().expect("an API error").field_errors[0];
    assert_eq!((field.field.as_str(), field.code.as_deref(), field.message.as_str()), ("email", Some("missing"), "is required"));
}

#[tokio::test]
async fn a_403_with_retry_after_is_a_rate_limit_and_waited_out() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(403).insert_header("Retry-After", "0").set_body_json(json!({"error": {"type": "api_error", "message": "Slow down."}}));
    Mock::given(path("/customers/cus_1")).respond_with(limited).up_to_n_times(1).mount(&server).await;
    Mock::given(path("/customers/cus_1")).respond_with(ResponseTemplate::new(200).set_body_json(customer("cus_1"))).mount(&server).await;
    Mock::given(path("/customers/cus_2")).respond_with(ResponseTemplate::new(403).set_body_json(json!({"error": {"type": "api_error"}}))).mount(&server).await;
    let client = client(&server);
    let customer = client.customers().get("cus_1").send().await.expect("retried after the wait");
    assert_eq!(customer.id, "cus_1");
    let error = client.customers().get("cus_2").send().await.expect_err("a plain 403");
    assert_eq!(error.kind(), Some(paydesk::ErrorKind::Forbidden));
    assert_eq!(received(&server).await.len(), 3, "the plain 403 is not retried");
}

#[tokio::test]
async fn a_union_is_decoded_by_shape_and_sent_back_unchanged() {
    use paydesk::models::{CustomerRef, ReceiptNumber};
    let server = MockServer::start().await;
    let charge = |customer: Value, receipt: Value| json!({"id": "ch_1", "amount": 1250, "customer": customer, "receipt_number": receipt});
    Mock::given(path("/charges/ch_1")).and(query_param_is_missing("expand")).respond_with(ResponseTemplate::new(200).set_body_json(charge(json!("cus_1"), json!(7)))).mount(&server).await;
    Mock::given(path("/charges/ch_1")).and(query_param("expand", "customer")).respond_with(ResponseTemplate::new(200).set_body_json(charge(customer("cus_1"), json!("R-7")))).mount(&server).await;
    Mock::given(path("/charges/ch_bad")).respond_with(ResponseTemplate::new(200).set_body_json(charge(json!(12), json!(1)))).mount(&server).await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(201).set_body_json(charge(json!("cus_1"), Value::Null))).mount(&server).await;
    let client = client(&server);
    let plain = client.charges().get("ch_1").send().await.expect("an id");
    assert_eq!(plain.customer, Some(CustomerRef::String("cus_1".to_owned())));
    assert_eq!(plain.receipt_number, Some(ReceiptNumber::Integer(7)));
    let expanded = client.charges().get("ch_1").expand("customer").send().await.expect("an object");
    assert!(matches!(&expanded.customer, Some(CustomerRef::Customer(customer)) if customer.email.as_deref() == Some("cus_1@example.com")));
    assert_eq!(expanded.receipt_number, Some(ReceiptNumber::String("R-7".to_owned())));
    let error = client.charges().get("ch_bad").send().await.expect_err("a number is neither an id nor a customer");
    assert!(error.report().to_string().contains("fits none of the alternatives of `CustomerRef` (string, Customer)"), "{error}");
    client.charges().create(990).customer("cus_1".to_owned()).send().await.expect("created");
    let sent: Value = serde_json::from_slice(&received(&server).await.last().expect("the POST").body).expect("JSON");
    assert_eq!(sent, json!({"amount": 990, "customer": "cus_1"}), "encoded as the value it holds");
}

#[tokio::test]
async fn a_file_is_uploaded_from_disk_beside_text_fields_and_sent_whole_again_on_a_retry() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "ev_1", "size": 200_000}))).mount(&server).await;
    let dir = std::env::temp_dir().join(format!("paydesk-upload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("receipt.pdf");
    let content: Vec<u8> = (0..200_000u32).map(|index| b"0123456789"[(index % 10) as usize]).collect();
    std::fs::write(&path, &content).expect("written");
    let file = paydesk::FilePart::path(&path).content_type("application/pdf");
    let receipt = client(&server).disputes().submit_evidence("dp_1", "receipt", file).note("Signed.").send().await.expect("retried once");
    assert_eq!(receipt.id, "ev_1");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2, "a POST with an idempotency key is retried");
    for request in &requests {
        let content_type = header(request, "content-type")[0];
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("multipart");
        let parts = apigen_runtime::testing::multipart_parts(&request.body, boundary);
        let names: Vec<&str> = parts.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["note", "purpose", "file"]);
        assert_eq!(parts[2].1.len(), content.len(), "the whole file, on every attempt");
        assert_eq!(header(request, "content-length"), [request.body.len().to_string().as_str()]);
        let text = String::from_utf8_lossy(&request.body);
        assert!(text.contains("filename=\"receipt.pdf\"\r\nContent-Type: application/pdf"), "the part declares its file name and type");
    }
    let missing = client(&server).disputes().submit_evidence("dp_1", "receipt", paydesk::FilePart::path(dir.join("gone.pdf"))).send().await;
    assert!(missing.expect_err("no such file").to_string().contains("cannot read"), "refused before sending");
    assert_eq!(received(&server).await.len(), 2);
    std::fs::remove_dir_all(&dir).ok();
}
