//! The pipeline's decisions, made without I/O so they are tested without a server: whether a
//! response is a success (its status, and its envelope's success flag), what its payload is,
//! whether and when to retry, how long an attempt may take, and whether a session expired.

use super::response::RawResponse;
use crate::describe::{Endpoint, RetryPolicy, SessionConfig};
use crate::error::{ApiError, Error, KindTraits, Untyped};
use crate::lazy_json;
use bytes::Bytes;
use serde_json::Value;
use std::time::Duration;

/// Checks that `response` is a success: a 2xx status and, where the endpoint's envelope has a
/// success flag, a body that marks success (read up to the flag; the rest is read with the
/// payload). A 204 or 205 has no body to hold the flag, so its status alone is its success.
/// Anything else is the provider's error, classified by the endpoint's error table.
pub(crate) fn check_success(endpoint: &'static Endpoint, response: &RawResponse) -> Result<(), Untyped> {
    let status = response.status.as_u16();
    if !response.status.is_success() {
        let json: Option<Value> = serde_json::from_slice(&response.body).ok();
        let error = ApiError::from_parts(endpoint.errors, status, &response.headers, json.as_ref(), &response.body, response.sensitive);
        return Err(Error::Api(Box::new(error)));
    }
    if let Some(flag) = endpoint.envelope.and_then(|envelope| envelope.success.as_ref())
        && !matches!(status, 204 | 205)
    {
        let flag_value = match response.body.is_empty() {
            true => None,
            false => lazy_json::first_at(&response.body, flag.path.0).map_err(|error| response.decode_error(endpoint.path, error))?,
        };
        if !flag.succeeded_with(flag_value.as_ref()) {
            let document = response.parse_document(endpoint)?;
            let error = ApiError::from_parts(endpoint.errors, status, &response.headers, Some(&document), &response.body, response.sensitive);
            return Err(Error::Api(Box::new(error)));
        }
    }
    Ok(())
}

/// The JSON text of a successful response's payload: the body, or the part of it the endpoint's
/// envelope wraps (`null` when it is absent), sliced out of the body without a copy.
pub(crate) fn payload_text(endpoint: &'static Endpoint, response: &RawResponse) -> Result<Bytes, Untyped> {
    const NULL: Bytes = Bytes::from_static(b"null");
    if response.body.is_empty() {
        return Ok(NULL);
    }
    let Some(envelope) = endpoint.envelope else {
        return Ok(response.body.clone());
    };
    let decode_error = |error: serde_json::Error| response.decode_error(endpoint.path, error);
    // When the payload is the body itself, the success flag is envelope, not payload.
    if let (true, Some(flag)) = (envelope.data.0.is_empty(), &envelope.success)
        && let [field] = flag.path.0
    {
        let payload = lazy_json::to_value_without(&response.body, field).map_err(decode_error)?;
        return serde_json::to_vec(&payload).map(Bytes::from).map_err(decode_error);
    }
    let payload = lazy_json::at(&response.body, envelope.data.0).map_err(decode_error)?;
    Ok(payload.map_or(NULL, |payload| response.body.slice_ref(payload.get().as_bytes())))
}

/// The payload of a successful response as a JSON value ([`payload_text`], read whole).
pub(crate) fn payload(endpoint: &'static Endpoint, response: &RawResponse) -> Result<Value, Untyped> {
    let text = payload_text(endpoint, response)?;
    serde_json::from_slice(&text).map_err(|error| response.decode_error(endpoint.path, error))
}

/// The time a call has used, counted from its first attempt.
#[derive(Debug, Default)]
pub(crate) struct Budget {
    started: Option<tokio::time::Instant>,
}

impl Budget {
    pub(crate) fn elapsed(&self) -> Duration {
        self.started.map_or(Duration::ZERO, |started| started.elapsed())
    }

    /// The timeout of the next attempt: `None` for the client's own (`client_timeout`), else the
    /// call's own timeout or what remains of the call's budget, whichever is shorter. Starts the
    /// clock at the first attempt, after any wait for the client-side rate limiter; `None` as
    /// the error when no time is left.
    pub(crate) fn attempt_timeout(&mut self, policy: &RetryPolicy, call_timeout: Option<Duration>, client_timeout: Duration) -> Result<Option<Duration>, ()> {
        // The first attempt starts the clock, so it has the whole budget: with a client timeout
        // equal to `max_elapsed` it runs under the client's own timeout, as most calls do, and
        // the request carries none of its own (which reqwest would allocate for).
        let remaining = match self.started {
            None => {
                self.started = Some(tokio::time::Instant::now());
                policy.max_elapsed
            }
            Some(started) => policy.max_elapsed.saturating_sub(started.elapsed()),
        };
        if remaining.is_zero() {
            return Err(());
        }
        let timeout = call_timeout.unwrap_or(client_timeout);
        Ok((remaining < timeout || call_timeout.is_some()).then_some(remaining.min(timeout)))
    }
}

/// How long to wait before retrying after `error` under `policy`, or `None` to give up: the
/// error is not retryable for this request, attempts or time are used up, or `Retry-After` is
/// past the cap.
pub(crate) fn retry_delay(policy: &RetryPolicy, error: &Untyped, kinds: KindTraits, idempotent: bool, attempt: u32, budget: &Budget) -> Option<Duration> {
    if attempt >= policy.max_attempts || !may_retry(error, kinds, idempotent) {
        return None;
    }
    let delay = match error.retry_after() {
        Some(wait) if wait > policy.retry_after_cap => return None,
        Some(wait) => wait,
        None => policy.backoff(attempt),
    };
    (budget.elapsed() + delay < policy.max_elapsed).then_some(delay)
}

/// Whether `error` may be retried for a request that is (or is not) idempotent (`kinds` says
/// which API errors are retryable and which mean the provider did not act): a retryable API
/// error if the request is idempotent or the provider did not act on it; a timeout or transport
/// failure if idempotent; a connection never established (nothing was sent) for any request.
fn may_retry(error: &Untyped, kinds: KindTraits, idempotent: bool) -> bool {
    match error {
        Error::Api(api) => kinds.is_retryable(api.kind) && (idempotent || kinds.is_unprocessed(api.kind)),
        Error::Timeout { .. } => idempotent,
        Error::Transport { source, .. } => idempotent || source.is_connect(),
        _ => false,
    }
}

/// Whether `error`, answering a request to `endpoint`, says the login session expired: the
/// endpoint uses the session's scheme, is not the renewal itself, and the status or code is one
/// the spec lists as expiry.
pub(crate) fn session_expired(config: Option<&SessionConfig>, endpoint: &'static Endpoint, error: &Untyped) -> bool {
    let (Some(config), Some(api)) = (config, error.api_error()) else { return false };
    let uses_session = endpoint.auth.iter().any(|scheme| scheme.name == config.scheme.name);
    let is_renewal = config.renew.is_some_and(|renew| std::ptr::eq(renew, endpoint));
    let code = api.code.as_deref().and_then(|code| code.parse::<u16>().ok());
    uses_session && !is_renewal && (config.expired.contains(&api.status) || code.is_some_and(|code| config.expired.contains(&code)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::fixtures::{ERRORS, KEY, LIST, WITH_KEY, endpoint, endpoint_with};
    use crate::describe::{Envelope, JsonLiteral, JsonPath, SuccessFlag};
    use crate::error::KindName;
    use crate::execute::tests_support::Kind;
    use crate::transport::TransportError;
    use bytes::Bytes;
    use reqwest::StatusCode;
    use reqwest::header::HeaderMap;

    static ENVELOPE: Envelope = Envelope {
        data: JsonPath(&["data"]),
        success: Some(SuccessFlag { path: JsonPath(&["status"]), equals: JsonLiteral::Int(0), optional: false }),
        request: None,
    };
    static WRAPPED: Endpoint = endpoint_with(reqwest::Method::GET, "/wrapped", &WITH_KEY, Some(&ENVELOPE), None, None);

    fn raw(status: u16, body: &'static str) -> RawResponse {
        let status = StatusCode::from_u16(status).expect("status");
        RawResponse { status, headers: HeaderMap::new(), body: Bytes::from_static(body.as_bytes()), sensitive: &[] }
    }

    fn api_error(status: u16, code: Option<&str>) -> Untyped {
        let body = code.map(|code| serde_json::json!({ "code": code }));
        Error::Api(Box::new(ApiError::from_parts(&ERRORS, status, &HeaderMap::new(), body.as_ref(), b"", &[])))
    }

    /// The fixture kinds' traits: `rate_limited` and `server_error` retryable, `rate_limited`
    /// unprocessed.
    fn kinds() -> KindTraits {
        KindTraits::of::<Kind>()
    }

    #[test]
    fn statuses_and_success_flags_decide_success_and_the_table_the_kind() {
        assert!(check_success(&LIST, &raw(200, "[]")).is_ok());
        let error = check_success(&LIST, &raw(404, "{}")).expect_err("404");
        assert_eq!(error.kind(), Some(KindName("not_found")));
        let error = check_success(&LIST, &raw(503, "{}")).expect_err("503");
        assert_eq!(error.kind(), Some(KindName("server_error")));
        let error = check_success(&WRAPPED, &raw(200, r#"{"status": 7, "code": "expired"}"#)).expect_err("flag");
        assert_eq!((error.kind(), error.status()), (Some(KindName("session_expired")), Some(200)));
        let error = check_success(&WRAPPED, &raw(200, "")).expect_err("no flag in an empty body");
        assert_eq!(error.status(), Some(200));
        check_success(&WRAPPED, &raw(204, "")).expect("no content: no body to hold a flag");
        let error = check_success(&WRAPPED, &raw(200, r#"{"data": 1"#)).expect_err("malformed before the flag");
        assert!(matches!(error, Error::Decode { .. }), "{error:?}");
        let ok = raw(200, r#"{"status": 0, "data": {"id": 1}}"#);
        check_success(&WRAPPED, &ok).expect("flag set");
        assert_eq!(payload(&WRAPPED, &ok).expect("payload"), serde_json::json!({"id": 1}));
        assert_eq!(&payload_text(&WRAPPED, &ok).expect("text")[..], br#"{"id": 1}"#, "sliced from the body as sent");
        assert_eq!(&payload_text(&WRAPPED, &raw(200, r#"{"status": 0}"#)).expect("text")[..], b"null");
        let cut = raw(200, r#"{"status": 0, "data": {"id""#);
        check_success(&WRAPPED, &cut).expect("read up to the flag");
        assert!(matches!(payload_text(&WRAPPED, &cut), Err(Error::Decode { .. })), "the rest is read with the payload");
    }

    #[test]
    fn a_payload_that_is_the_body_loses_only_the_flag() {
        static BARE: Envelope = Envelope {
            data: JsonPath::ROOT,
            success: Some(SuccessFlag { path: JsonPath(&["status"]), equals: JsonLiteral::Int(0), optional: false }),
            request: None,
        };
        static BARE_ENDPOINT: Endpoint = endpoint_with(reqwest::Method::GET, "/bare", &WITH_KEY, Some(&BARE), None, None);
        let response = raw(200, r#"{"status": 0, "id": 1}"#);
        assert_eq!(payload(&BARE_ENDPOINT, &response).expect("payload"), serde_json::json!({"id": 1}));
        assert_eq!(payload(&LIST, &raw(200, "")).expect("empty"), Value::Null);
    }

    #[test]
    fn retries_follow_idempotency_kinds_and_connection_failures() {
        let policy = RetryPolicy::DEFAULT;
        let budget = Budget::default();
        assert!(retry_delay(&policy, &api_error(503, None), kinds(), true, 1, &budget).is_some());
        assert!(retry_delay(&policy, &api_error(503, None), kinds(), false, 1, &budget).is_none(), "a POST may have been acted on");
        assert!(retry_delay(&policy, &api_error(429, None), kinds(), false, 1, &budget).is_some(), "a rate limit was not acted on");
        assert!(retry_delay(&policy, &api_error(404, None), kinds(), true, 1, &budget).is_none());
        assert!(retry_delay(&policy, &api_error(503, None), kinds(), true, policy.max_attempts, &budget).is_none(), "attempts used up");
        let refused: Untyped = Error::Transport { method: "POST".to_owned(), path: "/x", source: TransportError::connect("refused") };
        let reset: Untyped = Error::Transport { method: "POST".to_owned(), path: "/x", source: TransportError::other("reset") };
        assert!(retry_delay(&policy, &refused, kinds(), false, 1, &budget).is_some(), "nothing was sent");
        assert!(retry_delay(&policy, &reset, kinds(), false, 1, &budget).is_none());
    }

    #[test]
    fn a_retry_after_past_the_cap_ends_retrying() {
        let mut headers = HeaderMap::new();
        headers.insert(reqwest::header::RETRY_AFTER, "120".parse().expect("value"));
        let error: Untyped = Error::Api(Box::new(ApiError::from_parts(&ERRORS, 429, &headers, None, b"", &[])));
        assert!(retry_delay(&RetryPolicy::DEFAULT, &error, kinds(), true, 1, &Budget::default()).is_none());
        let patient = RetryPolicy { retry_after_cap: Duration::from_secs(300), max_elapsed: Duration::from_secs(600), ..RetryPolicy::DEFAULT };
        assert_eq!(retry_delay(&patient, &error, kinds(), true, 1, &Budget::default()), Some(Duration::from_secs(120)));
    }

    #[tokio::test(start_paused = true)]
    async fn attempts_are_cut_to_the_calls_remaining_budget() {
        let policy = RetryPolicy { max_elapsed: Duration::from_secs(45), ..RetryPolicy::DEFAULT };
        let client = Duration::from_secs(30);
        let mut budget = Budget::default();
        assert_eq!(budget.attempt_timeout(&policy, None, client), Ok(None), "the client's 30 s timeout fits");
        tokio::time::advance(Duration::from_secs(30)).await;
        assert_eq!(budget.attempt_timeout(&policy, None, client), Ok(Some(Duration::from_secs(15))));
        let timeout: Untyped = Error::Timeout { method: "GET".to_owned(), path: "/items" };
        assert_eq!(retry_delay(&policy, &timeout, kinds(), true, 1, &budget).map(|delay| delay < Duration::from_secs(15)), Some(true));
        tokio::time::advance(Duration::from_secs(15)).await;
        assert!(retry_delay(&policy, &timeout, kinds(), true, 2, &budget).is_none(), "no retry past the budget");
        assert_eq!(budget.attempt_timeout(&policy, None, client), Err(()));
        let mut fresh = Budget::default();
        assert_eq!(fresh.attempt_timeout(&policy, Some(Duration::from_secs(2)), client), Ok(Some(Duration::from_secs(2))), "a call's own timeout");
        let equal = RetryPolicy { max_elapsed: client, ..RetryPolicy::DEFAULT };
        assert_eq!(Budget::default().attempt_timeout(&equal, None, client), Ok(None), "a first attempt has the whole budget");
    }

    #[test]
    fn only_an_expiry_on_an_endpoint_using_the_session_is_one() {
        static RENEW: Endpoint = endpoint(reqwest::Method::POST, "/renew/{id}", None);
        static SESSION: SessionConfig = SessionConfig { scheme: &KEY, token: JsonPath(&["token"]), user_id: None, renew: Some(&RENEW), renew_field: "token", expired: &[401, 13] };
        static OPEN: Endpoint = endpoint_with(reqwest::Method::GET, "/open", &[], None, None, None);
        assert!(session_expired(Some(&SESSION), &LIST, &api_error(401, None)));
        assert!(session_expired(Some(&SESSION), &LIST, &api_error(200, Some("13"))), "an expiry code in a 200 body");
        assert!(!session_expired(Some(&SESSION), &LIST, &api_error(404, None)));
        assert!(!session_expired(Some(&SESSION), &RENEW, &api_error(401, None)), "the renewal's own failure is final");
        assert!(!session_expired(Some(&SESSION), &OPEN, &api_error(401, None)));
        assert!(!session_expired(None, &LIST, &api_error(401, None)));
    }
}
