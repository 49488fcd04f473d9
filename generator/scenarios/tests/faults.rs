//! The fault-injection suite: a generated client (HyperTrack's) against a local server that
//! misbehaves on command. Each scenario asserts the outcome (the error kind, or success after
//! retries) and the exact number of requests the server saw. `docs/reliability.md` lists them.

use futures_util::TryStreamExt;
use hypertrack::{Client, Error, ErrorKind, RateLimit, RetryPolicy};
use scenarios::fault_server::{Fault, FaultServer, http_date};
use serde_json::json;
use std::time::{Duration, Instant, SystemTime};

const KEY: &str = "sk_fault_5ecret";

/// Three attempts with short waits, so the suite runs fast.
const FAST: RetryPolicy = RetryPolicy {
    max_attempts: 3,
    initial_backoff: Duration::from_millis(10),
    max_backoff: Duration::from_millis(50),
    max_elapsed: Duration::from_secs(10),
    retry_after_cap: Duration::from_secs(3),
};

fn client(server: &FaultServer) -> Client {
    Client::builder().secret_key(KEY).base_url(server.uri()).retry_policy(FAST).timeout(Duration::from_millis(500)).build().expect("client builds")
}

fn user() -> Fault {
    Fault::json(200, json!({"id": "u1", "name": "Amit"}))
}

fn problem(status: u16) -> Fault {
    Fault::json(status, json!({"detail": format!("problem {status}")}))
}

async fn get(server: &FaultServer) -> Result<hypertrack::models::User, Error> {
    client(server).users().get("u1").send().await
}

async fn post(server: &FaultServer) -> Result<hypertrack::models::User, Error> {
    client(server).users().create().name("Amit").send().await
}

#[tokio::test]
async fn a_5xx_burst_is_retried_for_a_get() {
    let server = FaultServer::start(vec![problem(503), problem(502), user()]).await;
    let user = get(&server).await.expect("third attempt succeeds");
    assert_eq!(user.id, "u1");
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn a_5xx_is_not_retried_for_a_post() {
    let server = FaultServer::start(vec![problem(503), user()]).await;
    let error = post(&server).await.expect_err("a POST is not resent after a 503");
    assert_eq!(error.kind(), Some(ErrorKind::ServerError));
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn attempts_are_bounded() {
    let server = FaultServer::start(vec![problem(500), problem(500), problem(500), user()]).await;
    let error = get(&server).await.expect_err("three failures exhaust three attempts");
    assert_eq!(error.kind(), Some(ErrorKind::ServerError));
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn total_time_is_bounded() {
    let server = FaultServer::start(vec![problem(500); 10]).await;
    let policy = RetryPolicy {
        max_attempts: 10,
        initial_backoff: Duration::from_millis(200),
        max_backoff: Duration::from_secs(1),
        max_elapsed: Duration::from_millis(280),
        ..FAST
    };
    let error = client(&server).with_retry_policy(policy).users().get("u1").send().await.expect_err("gives up");
    assert_eq!(error.kind(), Some(ErrorKind::ServerError));
    // The first wait is 100-200 ms; the second, 200-400 ms, would end past the 280 ms bound.
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_429_with_retry_after_seconds_is_honoured_even_for_a_post() {
    let server = FaultServer::start(vec![Fault::json_with(429, &[("Retry-After", "1")], json!({"detail": "slow down"})), user()]).await;
    let started = Instant::now();
    post(&server).await.expect("the POST is resent after the wait: the 429 was not processed");
    assert!(started.elapsed() >= Duration::from_secs(1), "waited {:?}", started.elapsed());
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_429_with_an_http_date_retry_after_is_honoured() {
    let at = http_date(SystemTime::now() + Duration::from_secs(2));
    let server = FaultServer::start(vec![Fault::json_with(429, &[("Retry-After", &at)], json!({"detail": "later"})), user()]).await;
    let started = Instant::now();
    get(&server).await.expect("succeeds after the date");
    // The date has second precision, so the wait is between one and two seconds.
    assert!(started.elapsed() >= Duration::from_millis(900), "waited {:?}", started.elapsed());
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_returns_the_error_at_once() {
    let server = FaultServer::start(vec![Fault::json_with(429, &[("Retry-After", "120")], json!({"detail": "much later"})), user()]).await;
    let started = Instant::now();
    let error = get(&server).await.expect_err("two minutes is past the 3 s cap");
    assert_eq!(error.kind(), Some(ErrorKind::RateLimited));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_reset_before_the_headers_is_retried_for_a_get() {
    let server = FaultServer::start(vec![Fault::ResetBeforeHeaders, user()]).await;
    get(&server).await.expect("the second attempt succeeds");
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_reset_before_the_headers_is_not_retried_for_a_post() {
    let server = FaultServer::start(vec![Fault::ResetBeforeHeaders, user()]).await;
    let error = post(&server).await.expect_err("the POST may have been processed");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_reset_after_the_headers_is_retried_for_a_get() {
    let server = FaultServer::start(vec![Fault::ResetAfterHeaders, user()]).await;
    get(&server).await.expect("the second attempt succeeds");
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error_and_retried_for_a_get() {
    let server = FaultServer::start(vec![Fault::TruncatedBody, Fault::TruncatedBody, Fault::TruncatedBody]).await;
    let error = get(&server).await.expect_err("every body is cut short");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn invalid_json_is_a_decode_error_and_not_retried() {
    let server = FaultServer::start(vec![Fault::raw(200, "application/json", b"{\"id\": \"u1\", oops"), user()]).await;
    let error = get(&server).await.expect_err("not JSON");
    match &error {
        Error::Decode { snippet, status, .. } => {
            assert_eq!(*status, 200);
            assert!(snippet.contains("oops"));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_wrong_content_type_is_named_in_the_decode_error() {
    let server = FaultServer::start(vec![Fault::raw(200, "text/html", b"<html>maintenance</html>")]).await;
    let error = get(&server).await.expect_err("HTML is not a user");
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert!(error.report().to_string().contains("content type is `text/html`"), "{error}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn slow_headers_time_out_and_are_retried_for_a_get() {
    let server = FaultServer::start(vec![Fault::SlowHeaders(Duration::from_secs(3)); 3]).await;
    let policy = RetryPolicy { max_attempts: 2, ..FAST };
    let error = client(&server).with_retry_policy(policy).users().get("u1").send().await.expect_err("times out twice");
    assert!(matches!(error, Error::Timeout { path: "/users/{id}/", .. }), "{error:?}");
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_slow_body_times_out() {
    let server = FaultServer::start(vec![Fault::SlowBody(Duration::from_millis(100))]).await;
    let error = client(&server).with_retry_policy(RetryPolicy::NONE).users().get("u1").send().await.expect_err("body too slow");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_caller_configured_http_client_keeps_the_timeout() {
    // The builder's timeout is applied after the caller's changes, so it wins over theirs.
    let server = FaultServer::start(vec![Fault::SlowHeaders(Duration::from_secs(3))]).await;
    let client = Client::builder()
        .secret_key(KEY)
        .base_url(server.uri())
        .configure_http(|http| http.timeout(Duration::from_secs(60)))
        .retry_policy(RetryPolicy::NONE)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client builds");
    let started = Instant::now();
    let error = client.users().get("u1").send().await.expect_err("times out");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let big = vec![b' '; 2 * 1024 * 1024];
    let server = FaultServer::start(vec![Fault::raw(200, "application/json", &big), Fault::Chunked { chunks: 64, chunk_size: 32 * 1024, content_type: "application/json" }]).await;
    let client = Client::builder().secret_key(KEY).base_url(server.uri()).retry_policy(FAST).max_response_bytes(1024 * 1024).build().unwrap();
    for announced in ["with a Content-Length", "chunked"] {
        let error = client.users().get("u1").send().await.expect_err(announced);
        assert!(error.report().to_string().contains("larger than the limit of 1048576 bytes"), "{announced}: {error}");
    }
    assert_eq!(server.requests(), 2, "neither is retried");
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed() {
    let elsewhere = FaultServer::start_on("127.0.0.2", vec![user()]).await;
    let location = format!("{}/users/u1/", elsewhere.uri());
    let server = FaultServer::start(vec![Fault::json_with(302, &[("Location", &location)], json!({}))]).await;
    let error = get(&server).await.expect_err("redirects are reported, not followed");
    assert_eq!(error.status(), Some(302));
    assert_eq!(error.kind(), Some(ErrorKind::Other));
    assert_eq!(server.requests(), 1);
    assert_eq!(elsewhere.requests(), 0, "the credential never reached the other host");
}

#[tokio::test]
async fn a_next_link_to_another_host_is_not_followed() {
    let elsewhere = FaultServer::start_on("127.0.0.2", vec![]).await;
    let next = format!("{}/users/?page=2", elsewhere.uri());
    let server = FaultServer::start(vec![Fault::json(200, json!({"next": next, "results": [{"id": "u1"}]}))]).await;
    let result: Result<Vec<_>, Error> = client(&server).users().list().stream().try_collect().await;
    let error = result.expect_err("the foreign next link is refused");
    assert!(matches!(error, Error::Pagination { .. }), "{error:?}");
    assert_eq!(server.requests(), 1);
    assert_eq!(elsewhere.requests(), 0);
}

#[tokio::test]
async fn a_repeated_next_link_ends_the_stream() {
    let server = FaultServer::start(vec![]).await;
    let page = Fault::json(200, json!({"next": format!("{}/users/?page=2", server.uri()), "results": [{"id": "u1"}]}));
    for _ in 0..3 {
        server.push(page.clone());
    }
    let result: Result<Vec<_>, Error> = client(&server).users().list().stream().try_collect().await;
    assert!(matches!(result, Err(Error::Pagination { .. })), "{result:?}");
    assert_eq!(server.requests(), 2, "page 1, page 2, then page 2's link is recognised as seen");
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_post() {
    // Bind and drop a listener so the port is closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client = Client::builder().secret_key(KEY).base_url(format!("http://127.0.0.1:{port}")).retry_policy(FAST).build().unwrap();
    let started = Instant::now();
    let error = client.users().create().name("Amit").send().await.expect_err("nothing listens");
    assert!(matches!(&error, Error::Transport { source, .. } if source.is_connect()), "{error:?}");
    // Two waits of at least 5 ms each show that both retries happened.
    assert!(started.elapsed() >= Duration::from_millis(10), "{:?}", started.elapsed());
}

#[tokio::test]
async fn client_side_rate_limits_make_calls_wait_and_clones_share_them() {
    let server = FaultServer::start(vec![user(); 5]).await;
    let client = Client::builder()
        .secret_key(KEY)
        .base_url(server.uri())
        .rate_limits(vec![RateLimit { requests: 3, per: Duration::from_millis(600) }])
        .build()
        .unwrap();
    let clone = client.clone();
    let started = Instant::now();
    for index in 0..5 {
        let handle = if index % 2 == 0 { &client } else { &clone };
        handle.users().get("u1").send().await.expect("succeeds");
    }
    assert!(started.elapsed() >= Duration::from_millis(600), "the 4th call waited for the window: {:?}", started.elapsed());
    assert_eq!(server.requests(), 5);
}

#[tokio::test]
async fn errors_and_debug_output_never_show_the_key() {
    let server = FaultServer::start(vec![problem(401), Fault::ResetBeforeHeaders]).await;
    let client = client(&server).with_retry_policy(RetryPolicy::NONE);
    let unauthorized = client.users().get("u1").send().await.expect_err("401");
    let reset = client.users().get("u1").send().await.expect_err("reset");
    for text in [format!("{unauthorized} {unauthorized:?}"), format!("{reset} {reset:?}"), format!("{client:?}")] {
        assert!(!text.contains(KEY), "the key leaked: {text}");
    }
    assert_eq!(server.seen()[0].headers.iter().find(|(name, _)| name == "authorization").map(|(_, value)| value.as_str()), Some("token sk_fault_5ecret"));
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream() {
    // The petshop fixture's feed is paginated by a cursor in the `X-Cursor-Next` header.
    let page = Fault::json_with(200, &[("X-Cursor-Next", "c-same")], json!([{"id": "p1", "name": "Rex"}]));
    let server = FaultServer::start(vec![page.clone(), page.clone(), page]).await;
    let client = petshop::Client::builder().token("tok").base_url(server.uri()).build().unwrap();
    let result: Result<Vec<_>, petshop::Error> = client.pets().feed().stream().try_collect().await;
    let error = result.expect_err("the cursor repeats");
    assert!(matches!(error, petshop::Error::Pagination { .. }), "{error:?}");
    assert!(error.report().to_string().contains("cursor=c-same"), "{error}");
    let targets: Vec<String> = server.seen().into_iter().map(|seen| seen.target).collect();
    assert_eq!(targets, ["/pets/feed", "/pets/feed?cursor=c-same"]);
}

#[tokio::test]
async fn one_call_takes_its_own_retry_policy_headers_and_timeout() {
    use hypertrack::PerCallOptions;
    let server = FaultServer::start(vec![problem(503), user(), Fault::SlowHeaders(Duration::from_secs(3))]).await;
    let client = client(&server);
    let error = client.users().get("u1").retry_policy(RetryPolicy::NONE).send().await.expect_err("this call is not retried");
    assert_eq!(error.status(), Some(503));
    client.users().get("u1").header("X-Trace", "t-1").send().await.expect("sent with the extra header");
    assert!(server.seen()[1].headers.contains(&("x-trace".to_owned(), "t-1".to_owned())), "{:?}", server.seen()[1].headers);
    let started = Instant::now();
    let error = client.users().get("u1").timeout(Duration::from_millis(150)).retry_policy(RetryPolicy::NONE).send().await.expect_err("times out");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_millis(450), "the call's 150 ms, not the client's 500 ms: {:?}", started.elapsed());
    let error = client.users().get("u1").header("bad name", "x").send().await.expect_err("refused before sending");
    assert!(matches!(error, Error::InvalidArgument(_)), "{error:?}");
    assert_eq!(server.requests(), 3);
}

/// Signs every attempt with a header and records what it sees.
#[derive(Default)]
struct Signer(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl apigen_runtime::Interceptor for Signer {
    fn before_attempt(&self, request: &mut apigen_runtime::reqwest::Request, context: &apigen_runtime::interceptor::AttemptContext<'_>) -> Result<(), apigen_runtime::interceptor::InterceptorError> {
        let signature = format!("sig-{}", context.attempt);
        request.headers_mut().insert("x-signature", signature.parse()?);
        self.0.lock().map_err(|_| "poisoned")?.push(format!("before {} {} #{}", context.method, context.path, context.attempt));
        Ok(())
    }

    fn after_response(&self, response: &apigen_runtime::interceptor::ResponseInfo<'_>, _context: &apigen_runtime::interceptor::AttemptContext<'_>) {
        if let Ok(mut seen) = self.0.lock() {
            seen.push(format!("status {}", response.status.as_u16()));
        }
    }

    fn on_retry(&self, _error: &(dyn std::error::Error + 'static), _delay: Duration, context: &apigen_runtime::interceptor::AttemptContext<'_>) {
        if let Ok(mut seen) = self.0.lock() {
            seen.push(format!("retry after #{}", context.attempt));
        }
    }
}

/// Moves every request to another host: refused before anything is sent.
struct Redirector(String);

impl apigen_runtime::Interceptor for Redirector {
    fn before_attempt(&self, request: &mut apigen_runtime::reqwest::Request, _context: &apigen_runtime::interceptor::AttemptContext<'_>) -> Result<(), apigen_runtime::interceptor::InterceptorError> {
        *request.url_mut() = self.0.parse()?;
        Ok(())
    }
}

#[tokio::test]
async fn interceptors_sign_every_attempt_see_responses_and_retries_and_cannot_change_the_origin() {
    let server = FaultServer::start(vec![problem(503), user()]).await;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let client = Client::builder().secret_key(KEY).base_url(server.uri()).retry_policy(FAST).interceptor(Signer(std::sync::Arc::clone(&seen))).build().unwrap();
    client.users().get("u1").send().await.expect("second attempt succeeds");
    let signatures: Vec<String> = server.seen().iter().filter_map(|seen| seen.headers.iter().find(|(name, _)| name == "x-signature").map(|(_, value)| value.clone())).collect();
    assert_eq!(signatures, ["sig-1", "sig-2"]);
    assert_eq!(*seen.lock().unwrap(), ["before GET /users/{id}/ #1", "status 503", "retry after #1", "before GET /users/{id}/ #2", "status 200"]);

    let elsewhere = FaultServer::start_on("127.0.0.2", vec![user()]).await;
    let client = Client::builder().secret_key(KEY).base_url(server.uri()).retry_policy(FAST).interceptor(Redirector(format!("{}/stolen", elsewhere.uri()))).build().unwrap();
    let error = client.users().get("u1").send().await.expect_err("refused");
    assert!(matches!(error, Error::Interceptor { .. }), "{error:?}");
    assert_eq!((server.requests(), elsewhere.requests()), (2, 0));
}

#[tokio::test]
async fn raw_requests_go_through_the_same_auth_retries_and_error_decoding() {
    let server = FaultServer::start(vec![problem(503), Fault::json(200, json!({"beta": true})), problem(404)]).await;
    let client = client(&server);
    let value: serde_json::Value = client.raw(hypertrack::Method::GET, "/beta/features").query("limit", 2).header("X-Trace", "t-1").send_json().await.expect("retried, then decoded");
    assert_eq!(value, json!({"beta": true}));
    let seen = server.seen();
    assert_eq!(seen[1].target, "/beta/features?limit=2");
    assert!(seen[1].headers.contains(&("authorization".to_owned(), format!("token {KEY}"))), "the client's credential is sent");
    assert!(seen[1].headers.contains(&("x-trace".to_owned(), "t-1".to_owned())));
    let error = client.raw(hypertrack::Method::DELETE, "/beta/features/1").send_bytes().await.expect_err("404");
    assert_eq!(error.kind(), Some(ErrorKind::NotFound));
    let error = client.raw(hypertrack::Method::GET, "//127.0.0.2/stolen").send_bytes().await.expect_err("off the API");
    assert!(matches!(error, Error::InvalidArgument(_)), "{error:?}");
    assert_eq!(server.requests(), 3);
}
