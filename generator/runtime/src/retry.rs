//! Retries: which failures are retried, how long to wait, and when to stop.
//!
//! A failure is retried only when sending the request again is safe and may help:
//! - an API error whose kind the spec marks `retryable`, if the request is idempotent or the
//!   spec marks the kind `unprocessed` (the provider did not act on it, as with HTTP 429);
//! - a timeout or a transport failure, if the request is idempotent;
//! - a connection that could not be established at all (nothing was sent), for any request.
//!
//! Waits grow exponentially with jitter; a `Retry-After` header (seconds or HTTP-date) replaces
//! the computed wait, up to a cap. Attempts and the total time are bounded.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How a client retries failed requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in total, the first included (1 = never retry).
    pub max_attempts: u32,
    /// Wait before the first retry; doubles after each retry.
    pub initial_backoff: Duration,
    /// Longest wait between two attempts.
    pub max_backoff: Duration,
    /// No retry starts after this much time since the first attempt.
    pub max_elapsed: Duration,
    /// Longest `Retry-After` honoured; a longer one ends retrying with the error.
    pub retry_after_cap: Duration,
}

impl RetryPolicy {
    /// Three attempts, 200 ms doubling up to 20 s, at most 60 s in all, `Retry-After` up to 60 s.
    pub const DEFAULT: RetryPolicy = RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(200),
        max_backoff: Duration::from_secs(20),
        max_elapsed: Duration::from_secs(60),
        retry_after_cap: Duration::from_secs(60),
    };

    /// Never retry.
    pub const NONE: RetryPolicy = RetryPolicy { max_attempts: 1, ..RetryPolicy::DEFAULT };

    /// The computed wait before retry number `retry` (1 for the first retry): exponential, capped,
    /// with "equal jitter" (half fixed, half random) so clients that failed together spread out.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exponential = self.initial_backoff.saturating_mul(1u32 << retry.saturating_sub(1).min(20));
        let capped = exponential.min(self.max_backoff);
        let half = capped / 2;
        half + half.mul_f64(jitter_fraction())
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A pseudo-random number in [0, 1): enough to spread retries, not for anything secret.
fn jitter_fraction() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.subsec_nanos());
    let mut x = COUNTER.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ u64::from(nanos);
    // xorshift64*
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
}

/// Parses a `Retry-After` value: delay seconds, or an HTTP-date (IMF-fixdate, such as
/// `Wed, 21 Oct 2015 07:28:00 GMT`) turned into the time left from `now`. A date in the past means
/// no wait. Other forms are ignored.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    let now = now.duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(at.saturating_sub(now)))
}

/// Seconds since the epoch of an IMF-fixdate.
fn parse_http_date(value: &str) -> Option<u64> {
    // "Wed, 21 Oct 2015 07:28:00 GMT"
    let rest = value.split_once(", ")?.1;
    let mut parts = rest.split(' ');
    let day: i64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':').map(|part| part.parse::<i64>().ok());
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    if parts.next()? != "GMT" || parts.next().is_some() || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = crate::scalars::days_from_civil(year, month, day);
    u64::try_from(days * 86_400 + hour * 3600 + minute * 60 + second).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped_with_jitter() {
        let policy = RetryPolicy { initial_backoff: Duration::from_millis(100), max_backoff: Duration::from_millis(1000), ..RetryPolicy::DEFAULT };
        for _ in 0..100 {
            let first = policy.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100), "{first:?}");
            let third = policy.backoff(3);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400), "{third:?}");
            let late = policy.backoff(40);
            assert!(late >= Duration::from_millis(500) && late <= Duration::from_millis(1000), "{late:?}");
        }
    }

    #[test]
    fn retry_after_accepts_seconds_and_http_dates() {
        let now = UNIX_EPOCH + Duration::from_secs(1_445_412_470); // 2015-10-21T07:27:50Z
        assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now), Some(Duration::from_secs(10)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now), Some(Duration::ZERO), "past dates mean no wait");
        for bad in ["", "soon", "-5", "1.5", "Wed, 21 Oct 2015 07:28:00 PST", "Wed, 32 Oct 2015 07:28:00 GMT", "Wed, 21 Foo 2015 07:28:00 GMT"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }
}
