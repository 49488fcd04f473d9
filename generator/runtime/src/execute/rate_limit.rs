//! Client-side rate limiting over several windows at once (such as 500 per minute and 2,500 per
//! hour). A request waits until every window has room, so the client never exceeds a declared
//! limit. All clones of a client share one limiter.

use crate::describe::RateLimit;
use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;
use tokio::time::Instant;

/// Sliding-window limiter: remembers the send times of the last `requests` requests per window.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    windows: Mutex<Vec<(RateLimit, VecDeque<Instant>)>>,
    /// No windows: `acquire` returns at once, without locking or reading the clock.
    unlimited: bool,
}

impl RateLimiter {
    pub(crate) fn new(limits: &[RateLimit]) -> Self {
        let windows: Vec<_> = limits
            .iter()
            .filter(|limit| limit.requests > 0 && !limit.per.is_zero())
            .map(|limit| (*limit, VecDeque::with_capacity(limit.requests.min(16_384) as usize)))
            .collect();
        Self { unlimited: windows.is_empty(), windows: Mutex::new(windows) }
    }

    /// Waits until a request may be sent without exceeding any window, and records it.
    pub(crate) async fn acquire(&self) {
        if self.unlimited {
            return;
        }
        loop {
            let wait = {
                let mut windows = self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                let now = Instant::now();
                let mut wait = Duration::ZERO;
                for (limit, sent) in windows.iter_mut() {
                    while sent.front().is_some_and(|&at| now.duration_since(at) >= limit.per) {
                        sent.pop_front();
                    }
                    if sent.len() >= limit.requests as usize
                        && let Some(&oldest) = sent.front()
                    {
                        wait = wait.max(limit.per - now.duration_since(oldest));
                    }
                }
                if wait.is_zero() {
                    for (_, sent) in windows.iter_mut() {
                        sent.push_back(now);
                    }
                    return;
                }
                wait
            };
            tracing::debug!(wait_ms = wait.as_millis() as u64, "client-side rate limit reached; waiting");
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn waits_until_every_window_has_room() {
        let limiter = RateLimiter::new(&[
            RateLimit { requests: 3, per: Duration::from_secs(1) },
            RateLimit { requests: 5, per: Duration::from_secs(10) },
        ]);
        let start = Instant::now();
        let mut sent_at = Vec::new();
        for _ in 0..7 {
            limiter.acquire().await;
            sent_at.push(start.elapsed().as_millis());
        }
        // Three at once, two more a second later (5 per 10 s reached), the rest after 10 s.
        assert_eq!(sent_at, [0, 0, 0, 1000, 1000, 10_000, 10_000]);
    }

    #[tokio::test(start_paused = true)]
    async fn no_limits_means_no_wait() {
        let limiter = RateLimiter::new(&[]);
        let start = Instant::now();
        for _ in 0..1000 {
            limiter.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO);
    }
}
