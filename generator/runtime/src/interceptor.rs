//! Interceptors: code of the caller's that runs at fixed points of every call, registered on the
//! client builder. Before each attempt it may change the request (add a header, sign it); after
//! each response it sees the status and headers; when a retry is decided it sees the error and
//! the wait. Tracing is built in and needs none.

pub use reqwest::Request;
pub use reqwest::StatusCode;
pub use reqwest::header::{HeaderMap, HeaderValue};
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Where a call is when an interceptor runs.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct AttemptContext<'a> {
    /// The API's name (the spec's `name`).
    pub api: &'static str,
    /// The HTTP method.
    pub method: &'a str,
    /// The endpoint's path template (no parameter values).
    pub path: &'static str,
    /// The attempt, from 1.
    pub attempt: u32,
}

/// What an interceptor sees of a response: it arrives before the body is read.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ResponseInfo<'a> {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: &'a HeaderMap,
}

/// The error an interceptor stops a call with.
pub type InterceptorError = Box<dyn std::error::Error + Send + Sync>;

/// Code that runs at fixed points of every call of a client (see the module documentation).
/// Every method has a default that does nothing.
pub trait Interceptor: Send + Sync + 'static {
    /// Before each attempt is sent, with the request as it will go out. An error stops the call
    /// with [`crate::Error::Interceptor`]; nothing is sent.
    fn before_attempt(&self, request: &mut reqwest::Request, context: &AttemptContext<'_>) -> Result<(), InterceptorError> {
        let _ = (request, context);
        Ok(())
    }

    /// After each response arrives, before its body is read.
    fn after_response(&self, response: &ResponseInfo<'_>, context: &AttemptContext<'_>) {
        let _ = (response, context);
    }

    /// When the attempt in `context` failed with `error` and the call will be sent again after
    /// `delay`.
    fn on_retry(&self, error: &(dyn std::error::Error + 'static), delay: Duration, context: &AttemptContext<'_>) {
        let _ = (error, delay, context);
    }
}

/// The interceptors of one client, in the order they were added.
#[derive(Clone, Default)]
pub(crate) struct Interceptors(Vec<Arc<dyn Interceptor>>);

impl Interceptors {
    pub(crate) fn push(&mut self, interceptor: impl Interceptor) {
        self.0.push(Arc::new(interceptor));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Runs every `before_attempt`; the first error stops.
    pub(crate) fn before_attempt(&self, request: &mut reqwest::Request, context: &AttemptContext<'_>) -> Result<(), InterceptorError> {
        self.0.iter().try_for_each(|interceptor| interceptor.before_attempt(request, context))
    }

    pub(crate) fn after_response(&self, response: &ResponseInfo<'_>, context: &AttemptContext<'_>) {
        self.0.iter().for_each(|interceptor| interceptor.after_response(response, context));
    }

    pub(crate) fn on_retry(&self, error: &(dyn std::error::Error + 'static), delay: Duration, context: &AttemptContext<'_>) {
        self.0.iter().for_each(|interceptor| interceptor.on_retry(error, delay, context));
    }
}

impl fmt::Debug for Interceptors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Interceptors({})", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Recorder(Arc<Mutex<Vec<String>>>);

    impl Interceptor for Recorder {
        fn before_attempt(&self, request: &mut reqwest::Request, context: &AttemptContext<'_>) -> Result<(), InterceptorError> {
            request.headers_mut().insert("x-signed", reqwest::header::HeaderValue::from_static("yes"));
            self.0.lock().map_err(|_| "poisoned")?.push(format!("before {} {} #{}", context.method, context.path, context.attempt));
            Ok(())
        }

        fn on_retry(&self, error: &(dyn std::error::Error + 'static), delay: Duration, _context: &AttemptContext<'_>) {
            if let Ok(mut seen) = self.0.lock() {
                seen.push(format!("retry after {delay:?}: {error}"));
            }
        }
    }

    struct Refuses;

    impl Interceptor for Refuses {
        fn before_attempt(&self, _request: &mut reqwest::Request, _context: &AttemptContext<'_>) -> Result<(), InterceptorError> {
            Err("no signing key".into())
        }
    }

    #[test]
    fn interceptors_run_in_order_and_the_first_error_stops() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let mut interceptors = Interceptors::default();
        interceptors.push(Recorder(Arc::clone(&seen)));
        let context = AttemptContext { api: "t", method: "GET", path: "/items", attempt: 2 };
        let mut request = reqwest::Request::new(reqwest::Method::GET, "https://api.example.com/items".parse().expect("url"));
        interceptors.before_attempt(&mut request, &context).expect("allowed");
        assert_eq!(request.headers()["x-signed"], "yes");
        interceptors.on_retry(&std::io::Error::other("reset"), Duration::from_millis(5), &context);
        assert_eq!(*seen.lock().expect("lock"), ["before GET /items #2", "retry after 5ms: reset"]);
        interceptors.push(Refuses);
        assert_eq!(interceptors.before_attempt(&mut request, &context).expect_err("refused").to_string(), "no signing key");
        assert_eq!(format!("{interceptors:?}"), "Interceptors(2)");
    }
}
