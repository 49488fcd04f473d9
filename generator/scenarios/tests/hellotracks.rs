//! Hellotracks scenarios: status codes inside HTTP 200 answers, retries on throttling, `/v1`
//! offset pages, JSON errors from report downloads, form-encoded webhooks and day conversions.

use futures_util::TryStreamExt;
use hellotracks::{Client, Day, Error, ErrorKind, Hhmm, RetryPolicy};
use serde_json::{Value, json};
use std::time::Duration;
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "ABCDEF.GHIJKL";

fn client(server: &MockServer) -> Client {
    let fast = RetryPolicy { initial_backoff: Duration::from_millis(10), ..RetryPolicy::DEFAULT };
    Client::builder().api_key(KEY).base_url(server.uri()).retry_policy(fast).build().expect("client builds")
}

#[tokio::test]
async fn http_200_with_status_minus_8_is_an_invalid_api_key_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/api/getjobs")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": -8}))).mount(&server).await;
    let error = client(&server).jobs().get().day(Day::try_from(20251008).unwrap()).send().await.expect_err("status -8");
    let api = error.api_error().expect("an API error");
    assert_eq!(api.kind, ErrorKind::InvalidApiKey);
    assert_eq!((api.status, api.code.as_deref()), (200, Some("-8")));
    assert!(!error.is_retryable());
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn calls_are_wrapped_with_data_and_ver_and_carry_the_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/getjobs"))
        .and(header("API-Key", KEY))
        .and(body_json(json!({"data": {"day": 20251008, "worker": "*"}, "ver": 2})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": 0, "jobs": [{"id": "j1", "day": 20251008, "windowStart": 930, "type": 2, "tsCreated": 1759900000000_i64}]})))
        .mount(&server)
        .await;
    let jobs = client(&server).jobs().get().day(Day::try_from(20251008).unwrap()).worker("*").send().await.expect("jobs");
    let job = &jobs.jobs.as_ref().unwrap()[0];
    assert_eq!(job.day.unwrap().to_date().unwrap().as_str(), "2025-10-08");
    assert_eq!(job.window_start.unwrap().hours_minutes(), (9, 30));
    assert_eq!(job.type_, Some(hellotracks::models::JobType::Dropoff));
    assert_eq!(job.ts_created.unwrap().value(), 1_759_900_000_000);
}

#[tokio::test]
async fn throttling_is_retried_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/api/getaccounts")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": -9}))).up_to_n_times(1).mount(&server).await;
    Mock::given(method("POST")).and(path("/api/getaccounts")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": 0, "accounts": [{"uid": "ann"}]}))).mount(&server).await;
    let accounts = client(&server).accounts().get().send().await.expect("retried after -9");
    assert_eq!(accounts.accounts.unwrap()[0].uid.as_deref(), Some("ann"));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn not_ready_is_retried_for_reads_but_not_for_writes() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": -7}))).mount(&server).await;
    let read = client(&server).places().get().send().await.expect_err("still not ready");
    assert_eq!(read.kind(), Some(ErrorKind::NotReady));
    assert_eq!(server.received_requests().await.unwrap().len(), 3, "a read is retried up to three attempts");
    let write = client(&server).places().create().name("Depot").send().await.expect_err("not ready");
    assert_eq!(write.kind(), Some(ErrorKind::NotReady));
    assert_eq!(server.received_requests().await.unwrap().len(), 4, "a write is sent once");
}

#[tokio::test]
async fn connector_jobs_are_walked_over_three_pages() {
    let server = MockServer::start().await;
    let page = |ids: &[&str]| ResponseTemplate::new(200).set_body_json(json!({"data": {"items": ids.iter().map(|id| json!({"id": id})).collect::<Vec<Value>>()}}));
    Mock::given(path("/v1/jobs")).and(query_param("limit", "2")).and(query_param_is_missing("skip")).respond_with(page(&["j1", "j2"])).mount(&server).await;
    Mock::given(path("/v1/jobs")).and(query_param("skip", "2")).respond_with(page(&["j3", "j4"])).mount(&server).await;
    Mock::given(path("/v1/jobs")).and(query_param("skip", "4")).respond_with(page(&["j5"])).mount(&server).await;
    let ids: Vec<String> = client(&server).connector().list_jobs().limit(2).stream().map_ok(|job| job.id.unwrap_or_default()).try_collect().await.expect("all pages");
    assert_eq!(ids, ["j1", "j2", "j3", "j4", "j5"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3, "a short page ends the walk");
}

#[tokio::test]
async fn connector_errors_carry_their_message() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/jobs/missing")).respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": {"message": "Job not found"}}))).mount(&server).await;
    let error = client(&server).connector().get_job("missing").send().await.expect_err("404");
    assert_eq!(error.kind(), Some(ErrorKind::NotFound));
    assert_eq!(error.api_error().unwrap().message.as_deref(), Some("Job not found"));
}

#[tokio::test]
async fn a_report_that_fails_answers_json_and_becomes_an_error() {
    let server = MockServer::start().await;
    Mock::given(path("/api/createreport")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": -11}))).mount(&server).await;
    let error = client(&server).reports().create("jobs").send().await.expect_err("data error");
    assert_eq!(error.kind(), Some(ErrorKind::DataError));
}

#[test]
fn form_encoded_webhooks_decode_into_typed_events() {
    let body = b"account=acme&id=j1&action=jobcompleted&reason=jobcompleted&data=%5B%7B%22id%22%3A%22j1%22%2C%22tsDoneSuccess%22%3A1759903600000%7D%5D";
    let event = hellotracks::webhooks::Jobs::parse(body).expect("decodes");
    assert_eq!(event.action, hellotracks::models::WebhookAction::Jobcompleted);
    assert_eq!(event.account.as_deref(), Some("acme"));
    assert_eq!(event.data.as_ref().unwrap()[0]["tsDoneSuccess"], json!(1_759_903_600_000_i64));
    assert!(hellotracks::webhooks::Jobs::parse(b"id=j1&action=jobcreated&data=%7Bbroken").is_err());
}

#[test]
fn days_and_times_convert_and_reject_invalid_values() {
    let day = Day::try_from(20251008).unwrap();
    assert_eq!(day.to_date().unwrap().as_str(), "2025-10-08");
    assert_eq!(Day::from_date(&hellotracks::Date::parse("2025-10-08").unwrap()), day);
    assert!(Day::try_from(0).unwrap().is_unset(), "0 means no day");
    for bad in [20251301, 20250230, 2025108, -1] {
        let error = Day::try_from(bad).unwrap_err();
        assert!(error.to_string().contains("YYYYMMDD"), "{error}");
    }
    assert_eq!(Hhmm::try_from(2400).unwrap().hours_minutes(), (24, 0));
    assert!(Hhmm::try_from(1260).is_err());
    let error = serde_json::from_value::<hellotracks::models::Job>(json!({"day": 20251332})).unwrap_err();
    assert!(error.to_string().contains("YYYYMMDD"), "{error}");
}

#[tokio::test]
async fn transport_failures_are_retried_for_reads_only() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::builder().api_key(KEY).base_url(format!("http://127.0.0.1:{port}")).build().unwrap();
    // Nothing listens: a refused connection carried nothing, so both may be retried; the point
    // here is that both fail cleanly as transport errors.
    for error in [client.jobs().get().send().await.unwrap_err(), client.jobs().delete(["j1"]).send().await.unwrap_err()] {
        assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    }
}

#[test]
fn enums_parse_from_their_wire_text_unknown_values_kept() {
    use hellotracks::models::JobType;
    assert_eq!("1".parse::<JobType>(), Ok(JobType::Pickup));
    assert_eq!(" 7 ".parse::<JobType>(), Ok(JobType::UnknownValue(7)));
    assert!("pickup".parse::<JobType>().is_err(), "an integer enum's text is its number");
}
