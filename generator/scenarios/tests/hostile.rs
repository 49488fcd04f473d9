//! Promises kept against a hostile server, for every client each applies to: no credential or
//! body leaves the configured origin whatever HTTP settings the caller brings, no secret shows in
//! `Debug` or in errors, one renewal per session expiry, HTTP's transient statuses retried where
//! the provider's table is silent, malformed or repeated pages refused, next links requested as
//! given, and a whole call bounded in time. Every scenario asserts the exact number of requests;
//! `docs/reliability.md` lists them.

use apigen_runtime::reqwest;
use futures_util::TryStreamExt;
use scenarios::fault_server::{Fault, FaultServer};
use serde_json::{Value, json};
use std::future::Future;
use std::time::{Duration, Instant};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "key-h0stile-5ecret";

/// Three attempts with short waits.
const FAST: apigen_runtime::RetryPolicy = apigen_runtime::RetryPolicy {
    max_attempts: 3,
    initial_backoff: Duration::from_millis(10),
    max_backoff: Duration::from_millis(50),
    max_elapsed: Duration::from_secs(10),
    retry_after_cap: Duration::from_secs(3),
};

/// What a careless caller might configure: follow up to ten redirects, a long timeout.
fn permissive(http: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    http.redirect(reqwest::redirect::Policy::limited(10)).timeout(Duration::from_secs(60))
}

/// Runs `call` (a request through one client built with [`permissive`] HTTP settings against the
/// given base URL, returning the error's status) against a server that redirects it: to another
/// host with 301, 302, 303, 307 and 308, and to itself in a loop. Nothing may be followed.
async fn assert_redirects_are_not_followed<F, Fut>(provider: &str, call: F)
where
    F: Fn(String) -> Fut,
    Fut: Future<Output = Option<u16>>,
{
    for status in [301, 302, 303, 307, 308] {
        let elsewhere = FaultServer::start_on("127.0.0.2", vec![Fault::json(200, json!({}))]).await;
        let location = format!("{}/stolen", elsewhere.uri());
        let server = FaultServer::start(vec![Fault::json_with(status, &[("Location", &location)], json!({}))]).await;
        assert_eq!(call(server.uri()).await, Some(status), "{provider}: a {status} is an error with its status");
        assert_eq!(server.requests(), 1, "{provider}: a {status} is not retried");
        assert_eq!(elsewhere.requests(), 0, "{provider}: nothing reached the other host after a {status}");
    }
    let server = FaultServer::start(vec![]).await;
    for _ in 0..3 {
        server.push(Fault::json_with(302, &[("Location", &format!("{}/again", server.uri()))], json!({})));
    }
    assert_eq!(call(server.uri()).await, Some(302), "{provider}: a redirect loop");
    assert_eq!(server.requests(), 1, "{provider}: a redirect loop costs one request");
}

#[tokio::test]
async fn no_client_follows_a_redirect_whatever_http_settings_the_caller_brings() {
    assert_redirects_are_not_followed("hypertrack read", |base| async move {
        let client = hypertrack::Client::builder().secret_key(KEY).base_url(base).retry_policy(FAST).configure_http(permissive).build().unwrap();
        client.users().get("u1").send().await.err().and_then(|error| error.status())
    })
    .await;
    assert_redirects_are_not_followed("hypertrack create", |base| async move {
        let client = hypertrack::Client::builder().secret_key(KEY).base_url(base).retry_policy(FAST).configure_http(permissive).build().unwrap();
        client.users().create().name("Amit").send().await.err().and_then(|error| error.status())
    })
    .await;
    assert_redirects_are_not_followed("hypertrack stream", |base| async move {
        let client = hypertrack::Client::builder().secret_key(KEY).base_url(base).retry_policy(FAST).configure_http(permissive).build().unwrap();
        let result: Result<Vec<_>, _> = client.users().list().stream().try_collect().await;
        result.err().and_then(|error| error.status())
    })
    .await;
    assert_redirects_are_not_followed("trackier", |base| async move {
        let client = trackier::Client::builder().api_key(KEY).base_url(base).retry_policy(FAST).configure_http(permissive).build().unwrap();
        client.campaigns().get("c1").send().await.err().and_then(|error| error.status())
    })
    .await;
    assert_redirects_are_not_followed("hubrise", |base| async move {
        let client = hubrise::Client::builder().access_token(KEY).base_url(base).retry_policy(FAST).configure_http(permissive).build().unwrap();
        client.locations().get("l1").send().await.err().and_then(|error| error.status())
    })
    .await;
    assert_redirects_are_not_followed("hooptap login", |base| async move {
        let client = hooptap::Client::builder().api_key(KEY).base_url(base).retry_policy(FAST).configure_http(permissive).build().unwrap();
        client.users().login("john@example.com", "s3cret").send().await.err().and_then(|error| error.status())
    })
    .await;
    assert_redirects_are_not_followed("hellotracks", |base| async move {
        let client = hellotracks::Client::builder().api_key(KEY).base_url(base).retry_policy(FAST).configure_http(permissive).build().unwrap();
        client.jobs().get().send().await.err().and_then(|error| error.status())
    })
    .await;
}

#[tokio::test]
async fn credential_fields_never_show_in_debug_output_or_error_bodies() {
    const PASSWORD: &str = "pa55-h0stile";
    const TOKEN: &str = "eyJ.h0stile-token";
    let hooptap_client = |server: &FaultServer| hooptap::Client::builder().api_key(KEY).base_url(server.uri()).retry_policy(FAST).build().unwrap();

    // The login request builder holds the password.
    let server = FaultServer::start(vec![]).await;
    let login = hooptap_client(&server).users().login("john@example.com", PASSWORD);
    assert!(!format!("{login:?}").contains(PASSWORD), "{login:?}");

    // The session the login returns holds the token.
    let envelope = |payload: Value| json!({"code": "0000", "message": "Success", "response": payload});
    server.push(Fault::json(200, envelope(json!({"_id": "u1", "access_token": TOKEN}))));
    let session = login.send().await.expect("logged in");
    assert_eq!(session.access_token.expose(), TOKEN);
    assert!(!format!("{session:?}").contains(TOKEN), "{session:?}");

    // A login answer that does not decode: the error quotes the body, token masked.
    server.push(Fault::json(200, envelope(json!({"_id": ["not", "a", "string"], "access_token": TOKEN}))));
    let error = hooptap_client(&server).users().login("john@example.com", PASSWORD).send().await.expect_err("`_id` is not a string");
    assert!(matches!(error, hooptap::Error::Decode { .. }), "{error:?}");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(TOKEN) && shown.contains(r#""access_token":"***""#), "{shown}");

    // An error body that echoes the token: masked in the snippet and the details.
    server.push(Fault::json(401, json!({"message": "bad token", "access_token": TOKEN})));
    let client = hooptap_client(&server);
    let error = client.users().login("john@example.com", PASSWORD).send().await.expect_err("401");
    let api = error.api_error().expect("an API error");
    assert!(!format!("{error:?} {}", api.body_snippet).contains(TOKEN), "{error:?}");
    assert_eq!(api.details.as_ref().and_then(|details| details.get("access_token")), Some(&json!("***")));
    assert_eq!(server.requests(), 3);

    // HubRise's OAuth token response, when it does not decode.
    let server = FaultServer::start(vec![Fault::json(200, json!({"access_token": TOKEN, "account_id": 7}))]).await;
    let oauth = hubrise::oauth::AuthorizationFlow::new("client-id", "client-5ecret").with_origin(&server.uri());
    let error = oauth.exchange_code("code-1").await.expect_err("`account_id` is not a string");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(TOKEN) && !shown.contains("client-5ecret"), "{shown}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn credentials_in_a_base_url_never_show() {
    let server = FaultServer::start(vec![Fault::json(500, json!({"detail": "boom"}))]).await;
    let base = server.uri().replace("http://", "http://ann:pa55word@");
    let client = hypertrack::Client::builder().secret_key(KEY).base_url(base).retry_policy(apigen_runtime::RetryPolicy::NONE).build().unwrap();
    let error = client.users().get("u1").send().await.expect_err("500");
    let shown = format!("{client:?} {error} {error:?}");
    assert!(!shown.contains("pa55word") && !shown.contains(KEY), "{shown}");
    let broken = hypertrack::Client::builder().base_url("http://ann:pa55word@[bad").build().expect_err("not a URL");
    assert!(!broken.to_string().contains("pa55word"), "{broken}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn one_session_expiry_causes_one_renewal_however_many_requests_see_it() {
    const USER: &str = "56e2b0d5b1b9c21100a1b2c3";
    let server = MockServer::start().await;
    let ok = |payload: Value| ResponseTemplate::new(200).set_body_json(json!({"code": "0000", "message": "Success", "response": payload}));
    Mock::given(method("GET"))
        .and(path(format!("/user/{USER}")))
        .and(header("authorization", "Bearer old"))
        .respond_with(ResponseTemplate::new(419).set_body_json(json!({"message": "Token expired", "httpErrorCode": 419})))
        .mount(&server)
        .await;
    // Slow, so every request sees the old token expire before the renewal ends.
    Mock::given(method("PUT"))
        .and(path(format!("/user/{USER}/token")))
        .respond_with(ok(json!({"access_token": "new"})).set_delay(Duration::from_millis(300)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/user/{USER}")))
        .and(header("authorization", "Bearer new"))
        .respond_with(ok(json!({"_id": USER, "username": "John"})))
        .expect(10)
        .mount(&server)
        .await;
    let client = hooptap::Client::builder().api_key(KEY).session("old", USER).base_url(server.uri()).build().unwrap();
    let calls = (0..10).map(|_| {
        let client = client.clone();
        async move { client.users().get(USER).send().await }
    });
    let results = futures_util::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    let requests = server.received_requests().await.unwrap();
    let renewals = requests.iter().filter(|request| request.method.as_str() == "PUT").count();
    let expired = requests
        .iter()
        .filter(|request| request.method.as_str() == "GET" && request.headers.get("authorization").is_some_and(|value| value == "Bearer old"))
        .count();
    assert_eq!(renewals, 1);
    assert_eq!(expired, 10, "all ten calls saw the old token expire");
    assert_eq!(requests.len(), 21);
}

#[tokio::test]
async fn http_transient_statuses_are_retried_where_the_providers_table_is_silent() {
    // Hellotracks' RPC table has no 429: it is still rate limiting, and an RPC call (a POST) is
    // resent after `Retry-After`, since the provider did not act on it.
    let server = FaultServer::start(vec![Fault::json_with(429, &[("Retry-After", "1")], json!({"message": "slow down"})), Fault::json(200, json!({"status": 0, "jobs": []}))]).await;
    let client = hellotracks::Client::builder().api_key(KEY).base_url(server.uri()).retry_policy(FAST).build().unwrap();
    let started = Instant::now();
    client.jobs().get().send().await.expect("retried after the 429");
    assert!(started.elapsed() >= Duration::from_secs(1), "waited as Retry-After asked: {:?}", started.elapsed());
    assert_eq!(server.requests(), 2);

    // Trackier's table has no 502 or 504: a GET is retried through both.
    let trackier = |server: &FaultServer| trackier::Client::builder().api_key(KEY).base_url(server.uri()).retry_policy(FAST).build().unwrap();
    let campaign = json!({"success": true, "data": {"campaign": {"_id": "c7", "title": "Spring"}}});
    let server = FaultServer::start(vec![Fault::json(502, json!({})), Fault::json(504, json!({})), Fault::json(200, campaign)]).await;
    trackier(&server).campaigns().get("7").send().await.expect("third attempt succeeds");
    assert_eq!(server.requests(), 3);

    // A stream whose second page fails once with a 502 goes on.
    let page = |ids: &[u64]| Fault::json(200, json!({"success": true, "data": {"campaigns": ids.iter().map(|id| json!({"_id": format!("c{id}")})).collect::<Vec<_>>(), "total": 3}}));
    let server = FaultServer::start(vec![page(&[1, 2]), Fault::json(502, json!({})), page(&[3])]).await;
    let campaigns: Vec<_> = trackier(&server).campaigns().list().limit(2).stream().try_collect().await.expect("all pages");
    assert_eq!(campaigns.len(), 3);
    assert_eq!(server.requests(), 3, "page 1, page 2 (502), page 2; the total ends the walk");

    // Past the attempts, the error has HTTP's kind for the status.
    let server = FaultServer::start(vec![Fault::json(502, json!({})); 3]).await;
    let error = trackier(&server).campaigns().get("7").send().await.expect_err("502 three times");
    assert_eq!(error.kind(), Some(trackier::ErrorKind::BadGateway));
    assert_eq!(server.requests(), 3);

    // A POST is not resent after a 503 (the provider may have acted).
    let server = FaultServer::start(vec![Fault::json(503, json!({})), Fault::json(201, json!({"id": "u1"}))]).await;
    let client = hypertrack::Client::builder().secret_key(KEY).base_url(server.uri()).retry_policy(FAST).build().unwrap();
    client.users().create().name("Amit").send().await.expect_err("not resent");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_page_without_its_items_is_a_decode_error_naming_the_path() {
    let unexpected = || Fault::json(200, json!({"unexpected": true}));
    let server = FaultServer::start(vec![unexpected()]).await;
    let client = hypertrack::Client::builder().secret_key(KEY).base_url(server.uri()).retry_policy(FAST).build().unwrap();
    let error = client.users().list().send().await.expect_err("no `results`");
    assert!(matches!(&error, hypertrack::Error::Decode { source, .. } if source.to_string().contains("no items at `results`")), "{error}");
    assert_eq!(server.requests(), 1);

    let server = FaultServer::start(vec![Fault::json(200, json!({"success": true, "data": {"unexpected": true}}))]).await;
    let client = trackier::Client::builder().api_key(KEY).base_url(server.uri()).retry_policy(FAST).build().unwrap();
    let result: Result<Vec<_>, _> = client.campaigns().list().stream().try_collect().await;
    let error = result.expect_err("no `campaigns`");
    assert!(matches!(&error, trackier::Error::Decode { source, .. } if source.to_string().contains("no items at `campaigns`")), "{error}");
    assert_eq!(server.requests(), 1);

    let server = FaultServer::start(vec![unexpected()]).await;
    let client = hellotracks::Client::builder().api_key(KEY).base_url(server.uri()).retry_policy(FAST).build().unwrap();
    let error = client.connector().list_jobs().send().await.expect_err("no `data`");
    assert!(matches!(&error, hellotracks::Error::Decode { source, .. } if source.to_string().contains("no items at `items`")), "{error}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_server_that_ignores_the_page_parameter_ends_the_stream() {
    // Offsets (Hellotracks' connector): the same two jobs whatever `skip` says.
    let jobs = Fault::json(200, json!({"data": {"items": [{"id": "j1"}, {"id": "j2"}]}}));
    let server = FaultServer::start(vec![jobs.clone(), jobs.clone(), jobs]).await;
    let client = hellotracks::Client::builder().api_key(KEY).base_url(server.uri()).retry_policy(FAST).build().unwrap();
    let result: Result<Vec<_>, _> = client.connector().list_jobs().limit(2).stream().try_collect().await;
    let error = result.expect_err("the same page twice");
    assert!(matches!(error, hellotracks::Error::Pagination { .. }), "{error:?}");
    assert!(error.report().to_string().contains("skip=2"), "{error}");
    assert_eq!(server.requests(), 2);

    // Page numbers (Trackier's campaigns).
    let page = Fault::json(200, json!({"success": true, "data": {"campaigns": [{"_id": "c1"}, {"_id": "c2"}]}}));
    let server = FaultServer::start(vec![page.clone(), page.clone(), page]).await;
    let client = trackier::Client::builder().api_key(KEY).base_url(server.uri()).retry_policy(FAST).build().unwrap();
    let result: Result<Vec<_>, _> = client.campaigns().list().limit(2).stream().try_collect().await;
    assert!(matches!(result, Err(trackier::Error::Pagination { .. })), "{result:?}");
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_next_link_is_requested_exactly_as_given() {
    let server = FaultServer::start(vec![]).await;
    server.push(Fault::json(200, json!({"next": format!("{}/users/?page_size=2&cursor=p2", server.uri()), "results": [{"id": "u1"}, {"id": "u2"}]})));
    server.push(Fault::json(200, json!({"next": null, "results": [{"id": "u3"}]})));
    let client = hypertrack::Client::builder().secret_key(KEY).base_url(server.uri()).retry_policy(FAST).build().unwrap();
    let users: Vec<_> = client.users().list().page_size(2).stream().try_collect().await.expect("both pages");
    assert_eq!(users.len(), 3);
    let targets: Vec<String> = server.seen().into_iter().map(|seen| seen.target).collect();
    assert_eq!(targets, ["/users/?page_size=2", "/users/?page_size=2&cursor=p2"]);
}

#[tokio::test]
async fn a_whole_call_ends_within_the_policys_time_budget() {
    // Attempts time out after 600 ms, but the call may take 1 s in all: the second attempt is cut
    // to what remains, and no third starts.
    let silent = || Fault::SlowHeaders(Duration::from_secs(5));
    let server = FaultServer::start(vec![silent(), silent(), silent()]).await;
    let policy = apigen_runtime::RetryPolicy { max_elapsed: Duration::from_secs(1), ..FAST };
    let client = hypertrack::Client::builder().secret_key(KEY).base_url(server.uri()).retry_policy(policy).timeout(Duration::from_millis(600)).build().unwrap();
    let started = Instant::now();
    let error = client.users().get("u1").send().await.expect_err("never answered");
    let took = started.elapsed();
    assert!(matches!(error, hypertrack::Error::Timeout { .. }), "{error:?}");
    assert!(took >= Duration::from_millis(950) && took < Duration::from_millis(1400), "took {took:?}");
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn the_oauth_token_exchange_follows_no_redirect_and_buffers_no_huge_body() {
    let elsewhere = FaultServer::start_on("127.0.0.2", vec![Fault::json(200, json!({"access_token": "stolen"}))]).await;
    let location = format!("{}/token", elsewhere.uri());
    let huge = vec![b' '; 2 * 1024 * 1024];
    let server = FaultServer::start(vec![Fault::json_with(307, &[("Location", &location)], json!({})), Fault::raw(200, "application/json", &huge)]).await;
    let oauth = hubrise::oauth::AuthorizationFlow::new("client-id", "client-5ecret").with_origin(&server.uri());
    let redirected = oauth.exchange_code("code-1").await.expect_err("a 307 is an error");
    assert_eq!(redirected.status(), Some(307));
    assert_eq!(elsewhere.requests(), 0, "the code and the client secret stayed with the provider");
    let oversized = oauth.exchange_code("code-1").await.expect_err("2 MiB is refused");
    assert!(oversized.report().to_string().contains("larger than the limit"), "{oversized}");
    assert_eq!(server.requests(), 2);
}
