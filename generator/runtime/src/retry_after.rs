//! `Retry-After` header values: delay seconds or an HTTP-date in any of its three forms.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Parses a `Retry-After` value: delay seconds, or an HTTP-date turned into the time left from
/// `now`. A date in the past means no wait. Other forms are ignored.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(Duration::from_secs);
    }
    let now = now.duration_since(UNIX_EPOCH).ok()?.as_secs();
    let at = parse_http_date(value, now)?;
    Some(Duration::from_secs(at.saturating_sub(now)))
}

/// Seconds since the epoch of an HTTP-date in any of the three forms RFC 9110 (section 5.6.7)
/// requires a recipient to accept: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the obsolete
/// RFC 850 form (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`).
fn parse_http_date(value: &str, now: u64) -> Option<u64> {
    let parts: Vec<&str> = value.split_ascii_whitespace().collect();
    let (day, month, year, clock) = match parts.as_slice() {
        [weekday, day, month, year, clock, "GMT"] if weekday.ends_with(',') => (digits(day, 2..=2)?, month_number(month)?, digits(year, 4..=4)?, *clock),
        [weekday, date, clock, "GMT"] if weekday.ends_with(',') => {
            let mut date = date.split('-');
            let (day, month, year) = (date.next()?, date.next()?, date.next()?);
            if date.next().is_some() {
                return None;
            }
            (digits(day, 2..=2)?, month_number(month)?, full_year(digits(year, 2..=2)?, now), *clock)
        }
        [_weekday, month, day, clock, year] => (digits(day, 1..=2)?, month_number(month)?, digits(year, 4..=4)?, *clock),
        _ => return None,
    };
    let mut clock = clock.split(':');
    let (hour, minute, second) = (digits(clock.next()?, 2..=2)?, digits(clock.next()?, 2..=2)?, digits(clock.next()?, 2..=2)?);
    if clock.next().is_some() || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = crate::scalars::days_from_civil(year, month, day);
    u64::try_from(days * 86_400 + hour * 3600 + minute * 60 + second).ok()
}

/// `text` as a number, if it is only ASCII digits and as many as `len` allows.
fn digits(text: &str, len: std::ops::RangeInclusive<usize>) -> Option<i64> {
    len.contains(&text.len()).then(|| crate::scalars::digits(text, 0..text.len())).flatten().map(i64::from)
}

fn month_number(name: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    MONTHS.iter().position(|month| *month == name).map(|index| index as i64 + 1)
}

/// The year a two-digit RFC 850 year stands for: the latest year with those digits that is not
/// more than 50 years after `now` (RFC 9110, section 5.6.7).
fn full_year(two_digits: i64, now: u64) -> i64 {
    // The average Gregorian year: off by at most a day, which a 50-year rule does not notice.
    let this_year = 1970 + (now / 31_556_952) as i64;
    let year = this_year - this_year.rem_euclid(100) + two_digits;
    if year > this_year + 50 { year - 100 } else { year }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_digit_years_are_at_most_50_years_ahead() {
        let mid_2026 = 1_782_000_000; // 2026-06-21
        assert_eq!(full_year(26, mid_2026), 2026);
        assert_eq!(full_year(76, mid_2026), 2076);
        assert_eq!(full_year(77, mid_2026), 1977);
        assert_eq!(full_year(94, mid_2026), 1994);
        assert_eq!(full_year(0, mid_2026), 2000);
    }

    #[test]
    fn retry_after_accepts_seconds_and_http_dates() {
        let now = UNIX_EPOCH + Duration::from_secs(1_445_412_470); // 2015-10-21T07:27:50Z
        assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now), Some(Duration::from_secs(10)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now), Some(Duration::ZERO), "past dates mean no wait");
        // The two obsolete forms every recipient must still accept (RFC 9110, section 5.6.7).
        assert_eq!(parse_retry_after("Wednesday, 21-Oct-15 07:28:00 GMT", now), Some(Duration::from_secs(10)));
        assert_eq!(parse_retry_after("Wed Oct 21 07:28:00 2015", now), Some(Duration::from_secs(10)));
        assert_eq!(parse_retry_after("Wed Oct  7 07:28:00 2015", now), Some(Duration::ZERO), "asctime pads the day with a space");
        let bad_forms = [
            "",
            "soon",
            "-5",
            "+5",
            "1.5",
            "Wed, 21 Oct 2015 07:28:00 PST",
            "Wed, 32 Oct 2015 07:28:00 GMT",
            "Wed, 21 Foo 2015 07:28:00 GMT",
            "Wed, 21 Oct 2015 7:28:00 GMT",
            "Wed, 21 Oct 2015 07:28:00:00 GMT",
            "Wednesday, 21-Oct-2015 07:28:00 GMT",
            "Wednesday, 21-Oct-15-1 07:28:00 GMT",
            "Wed Oct 21 07:28:00 15",
        ];
        for bad in bad_forms {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }
}
