//! Per-call options: a timeout, extra headers and a retry policy for one call, set on any
//! request builder through [`PerCallOptions`], instead of on the whole client.

use crate::error::InvalidArgument;
use crate::describe::RetryPolicy;
use reqwest::header::{HeaderName, HeaderValue};
use std::time::Duration;

/// What one call changes from its client's configuration. Empty by default, which costs one
/// pointer and no allocation: every request builder and request carries one, and requests'
/// futures are moved as they are built up, so their size matters.
#[derive(Debug, Clone, Default)]
pub struct CallOptions(Option<Box<Changes>>);

/// The changes, once a call makes one.
#[derive(Debug, Clone, Default)]
struct Changes {
    timeout: Option<Duration>,
    headers: Vec<(HeaderName, HeaderValue)>,
    retry: Option<RetryPolicy>,
    /// The caller's idempotency key.
    idempotency_key: Option<String>,
    /// The first header that could not be sent, reported when the request is built.
    invalid: Option<InvalidArgument>,
}

impl CallOptions {
    /// The error of the first header that could not be sent, if any.
    pub(crate) fn check(&self) -> Result<(), InvalidArgument> {
        match self.0.as_ref().and_then(|changes| changes.invalid.as_ref()) {
            Some(invalid) => Err(invalid.clone()),
            None => Ok(()),
        }
    }

    /// The call's own timeout for each attempt, if it sets one.
    pub(crate) fn timeout(&self) -> Option<Duration> {
        self.0.as_ref().and_then(|changes| changes.timeout)
    }

    /// The call's own retry policy, if it sets one.
    pub(crate) fn retry(&self) -> Option<RetryPolicy> {
        self.0.as_ref().and_then(|changes| changes.retry)
    }

    /// The caller's idempotency key for this call, if it gave one.
    pub(crate) fn idempotency_key(&self) -> Option<&str> {
        self.0.as_ref().and_then(|changes| changes.idempotency_key.as_deref())
    }

    /// The call's extra headers.
    pub(crate) fn headers(&self) -> &[(HeaderName, HeaderValue)] {
        self.0.as_ref().map_or(&[], |changes| &changes.headers)
    }

    fn changes(&mut self) -> &mut Changes {
        self.0.get_or_insert_with(Box::default)
    }

    pub(crate) fn add_header(&mut self, name: &str, value: &str) {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| InvalidArgument { name: name.to_owned(), reason: "not a valid header name".to_owned() })
            .and_then(|header| {
                HeaderValue::from_str(value)
                    .map(|value| (header, value))
                    .map_err(|_| InvalidArgument { name: name.to_owned(), reason: "the value has characters a header cannot carry".to_owned() })
            });
        let changes = self.changes();
        match header {
            Ok(header) => changes.headers.push(header),
            Err(invalid) => {
                changes.invalid.get_or_insert(invalid);
            }
        }
    }
}

/// Options for one call, on every request builder of a generated client:
/// `client.users().get("u1").timeout(Duration::from_secs(2)).send()` with this trait in scope
/// (generated crates re-export it). A builder method of the same name generated from the spec
/// (a query parameter called `timeout`) takes precedence; call the trait's then as
/// `PerCallOptions::timeout(builder, duration)`.
pub trait PerCallOptions: Sized {
    /// The builder's options; generated code implements this, callers use the other methods.
    fn call_options(&mut self) -> &mut CallOptions;

    /// A timeout for each attempt of this call instead of the client's. The retry policy's
    /// `max_elapsed` still bounds the whole call.
    fn timeout(mut self, timeout: Duration) -> Self {
        self.call_options().changes().timeout = Some(timeout);
        self
    }

    /// Sends an extra header with this call (a trace id, an experiment flag, another API
    /// version). It replaces a header of that name the client sets itself (`Accept`, a constant
    /// header of the spec); a name given twice in one call is sent twice. A name or value that
    /// cannot be sent makes the call fail with [`crate::Error::InvalidArgument`] before anything
    /// is sent.
    fn header(mut self, name: &str, value: &str) -> Self {
        self.call_options().add_header(name, value);
        self
    }

    /// Retries this call with `policy` instead of the client's ([`RetryPolicy::NONE`] for none).
    fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.call_options().changes().retry = Some(RetryPolicy { max_attempts: policy.max_attempts.max(1), ..policy });
        self
    }

    /// Sends this call with your own idempotency key (for example one stored with the order it
    /// creates, so that a call repeated after a crash is still acted on once), where the provider
    /// takes keys. Without one, calls whose method the spec names get a fresh key each. A call
    /// with a key is retried after timeouts and server errors, as an idempotent one is. A key
    /// that cannot be sent in a header fails the call before anything is sent.
    fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        let key = key.into();
        let changes = self.call_options().changes();
        if HeaderValue::from_str(&key).is_err() || key.is_empty() {
            changes.invalid.get_or_insert(InvalidArgument { name: "idempotency_key".to_owned(), reason: "not empty, and only characters a header can carry".to_owned() });
        }
        changes.idempotency_key = Some(key);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Builder {
        options: CallOptions,
    }

    impl PerCallOptions for Builder {
        fn call_options(&mut self) -> &mut CallOptions {
            &mut self.options
        }
    }

    #[test]
    fn no_options_cost_one_pointer() {
        assert_eq!(std::mem::size_of::<CallOptions>(), std::mem::size_of::<usize>());
        assert!(CallOptions::default().check().is_ok() && CallOptions::default().headers().is_empty());
    }

    #[test]
    fn options_are_recorded_and_bad_headers_reported_once() {
        let builder = Builder::default().timeout(Duration::from_secs(2)).header("X-Trace", "t-1").retry_policy(RetryPolicy { max_attempts: 0, ..RetryPolicy::NONE });
        assert_eq!(builder.options.timeout(), Some(Duration::from_secs(2)));
        assert_eq!(builder.options.headers()[0].1, "t-1");
        assert_eq!(builder.options.retry().map(|policy| policy.max_attempts), Some(1), "at least one attempt");
        assert!(builder.options.check().is_ok());
        let builder = builder.header("bad name", "x").header("X-Ok", "line\nbreak");
        let error = builder.options.check().expect_err("a header name with a space");
        assert_eq!(error.name, "bad name");
        let keyed = Builder::default().idempotency_key("order-7");
        assert_eq!(keyed.options.idempotency_key(), Some("order-7"));
        assert_eq!(Builder::default().idempotency_key("a\nb").options.check().map_err(|error| error.name), Err("idempotency_key".to_owned()));
    }
}
