//! The transport seam and response metadata, through a generated client (HyperTrack's): an
//! in-memory transport answers instead of the network, and every promise of the client (auth,
//! retries, origin checks, decoding) still holds around it.

use futures_util::TryStreamExt;
use hypertrack::transport::{HttpResponse, Transport, TransportFuture};
use hypertrack::{Client, ErrorKind, RetryPolicy, SendWithResponse};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use apigen_runtime::reqwest;

/// One scripted answer: status, body, and the URL it comes from (the request's if `None`).
type Answer = (u16, &'static str, Option<&'static str>);

/// Answers in order from a script, recording each request as `METHOD URL auth=<Authorization header>`.
#[derive(Clone, Default)]
struct InMemory {
    script: Arc<Mutex<VecDeque<Answer>>>,
    seen: Arc<Mutex<Vec<String>>>,
}

impl InMemory {
    fn new(script: impl IntoIterator<Item = Answer>) -> Self {
        Self { script: Arc::new(Mutex::new(script.into_iter().collect())), seen: Arc::default() }
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().expect("lock").clone()
    }
}

impl Transport for InMemory {
    fn send(&self, request: reqwest::Request) -> TransportFuture {
        let auth = request.headers().get("authorization").and_then(|value| value.to_str().ok()).unwrap_or("-").to_owned();
        self.seen.lock().expect("lock").push(format!("{} {} auth={auth}", request.method(), request.url()));
        let (status, body, from) = self.script.lock().expect("lock").pop_front().unwrap_or((500, "{}", None));
        let url = from.map_or_else(|| request.url().clone(), |from| from.parse().expect("url"));
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("content-type", reqwest::header::HeaderValue::from_static("application/json"));
        headers.insert("x-served-by", reqwest::header::HeaderValue::from_static("memory"));
        let status = reqwest::StatusCode::from_u16(status).expect("status");
        Box::pin(async move { Ok(HttpResponse::new(status, headers, url, body)) })
    }
}

fn client(transport: &InMemory) -> Client {
    let fast = RetryPolicy { initial_backoff: Duration::from_millis(1), ..RetryPolicy::DEFAULT };
    Client::builder().secret_key("sk_mem_5ecret").retry_policy(fast).transport(transport.clone()).build().expect("client builds")
}

#[tokio::test]
async fn an_in_memory_transport_answers_with_auth_and_retries_applied_and_metadata_kept() {
    let transport = InMemory::new([(503, r#"{"detail": "busy"}"#, None), (200, r#"{"id": "u1", "name": "Amit"}"#, None)]);
    let response = client(&transport).users().get("u1").send_with_response().await.expect("second attempt");
    assert_eq!(response.value().id, "u1");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["x-served-by"], "memory");
    assert_eq!(response.request_id(), None, "HyperTrack's spec names no request-id header");
    let expected = "GET https://api.hypertrack.com/api/v1/users/u1/ auth=token sk_mem_5ecret";
    assert_eq!(transport.seen(), [expected, expected]);
}

#[tokio::test]
async fn pages_carry_their_responses_and_an_answer_from_another_origin_is_refused() {
    let transport = InMemory::new([(200, r#"{"results": [{"id": "u1", "name": "A"}], "next": null, "count": 1}"#, None)]);
    let page = client(&transport).users().list().send().await.expect("page");
    assert_eq!((page.items.len(), page.response().status().as_u16()), (1, 200));
    assert_eq!(page.response().headers()["x-served-by"], "memory");

    let elsewhere = InMemory::new([(200, r#"{"id": "u1", "name": "A"}"#, Some("https://evil.example.com/users/u1"))]);
    let error = client(&elsewhere).users().get("u1").send().await.expect_err("another origin");
    assert!(error.report().to_string().contains("not from the configured origin"), "{error}");
}

#[tokio::test]
async fn provider_errors_from_memory_are_classified_as_from_the_network() {
    let transport = InMemory::new([(404, r#"{"detail": "no such user"}"#, None)]);
    let items: Result<Vec<_>, _> = client(&transport).users().list().stream().try_collect().await;
    let error = items.expect_err("404");
    assert_eq!(error.kind(), Some(ErrorKind::NotFound));
    assert_eq!(transport.seen().len(), 1, "a 404 is not retried");
}
