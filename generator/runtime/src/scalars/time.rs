//! Dates, times and calendar days: their formats checked, their text kept.

use super::ScalarError;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// The digits at `range` of `text` as a number; `None` if any is not an ASCII digit.
pub(crate) fn digits(text: &str, range: std::ops::Range<usize>) -> Option<u32> {
    let part = text.get(range)?;
    if part.bytes().all(|b| b.is_ascii_digit()) { part.parse().ok() } else { None }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        _ => 28,
    }
}

/// Parses `YYYY-MM-DD` at the start of `text`, checking the day exists.
fn parse_ymd(text: &str) -> Option<(u32, u32, u32)> {
    if text.len() < 10 || text.as_bytes()[4] != b'-' || text.as_bytes()[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(text, 0..4)?, digits(text, 5..7)?, digits(text, 8..10)?);
    ((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day)).then_some((year, month, day))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// An RFC 3339 date-time with a UTC offset, such as `2016-03-09T05:20:19.742229Z` or
/// `2020-08-20T06:42:46+02:00`. Keeps the exact text it was given.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateTime {
    text: String,
    unix_seconds: i64,
    nanos: u32,
}

impl DateTime {
    const EXPECTED: &'static str = "RFC 3339 date-time such as 2024-05-01T12:00:00Z";

    /// Checks and wraps RFC 3339 text.
    pub fn parse(text: &str) -> Result<Self, ScalarError> {
        let error = || ScalarError { text: text.to_owned(), expected: Self::EXPECTED };
        let (year, month, day) = parse_ymd(text).ok_or_else(error)?;
        let bytes = text.as_bytes();
        if bytes.len() < 20 || !matches!(bytes[10], b'T' | b't' | b' ') || bytes[13] != b':' || bytes[16] != b':' {
            return Err(error());
        }
        let (hour, minute, second) = (digits(text, 11..13).ok_or_else(error)?, digits(text, 14..16).ok_or_else(error)?, digits(text, 17..19).ok_or_else(error)?);
        if hour > 23 || minute > 59 || second > 60 {
            return Err(error());
        }
        let mut rest = &text[19..];
        let mut nanos = 0u32;
        if let Some(fraction) = rest.strip_prefix('.') {
            let length = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if length == 0 {
                return Err(error());
            }
            let significant = &fraction[..length.min(9)];
            nanos = significant.parse::<u32>().map_err(|_| error())? * 10u32.pow(9 - significant.len() as u32);
            rest = &fraction[length..];
        }
        let offset_seconds: i64 = match rest {
            "Z" | "z" => 0,
            _ if rest.len() == 6 && matches!(rest.as_bytes()[0], b'+' | b'-') && rest.as_bytes()[3] == b':' => {
                let hours = i64::from(digits(rest, 1..3).ok_or_else(error)?);
                let minutes = i64::from(digits(rest, 4..6).ok_or_else(error)?);
                if hours > 23 || minutes > 59 {
                    return Err(error());
                }
                let sign = if rest.starts_with('-') { -1 } else { 1 };
                sign * (hours * 3600 + minutes * 60)
            }
            _ => return Err(error()),
        };
        let days = days_from_civil(i64::from(year), i64::from(month), i64::from(day));
        let unix_seconds = days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second) - offset_seconds;
        Ok(Self { text: text.to_owned(), unix_seconds, nanos })
    }

    /// The text as received.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(&self) -> i64 {
        self.unix_seconds
    }

    /// The fraction of the second, in nanoseconds.
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }
}

string_scalar!(DateTime);

/// An ISO 8601 calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    text: String,
}

impl Date {
    /// Checks and wraps `YYYY-MM-DD` text.
    pub fn parse(text: &str) -> Result<Self, ScalarError> {
        match parse_ymd(text) {
            Some(_) if text.len() == 10 => Ok(Self { text: text.to_owned() }),
            _ => Err(ScalarError { text: text.to_owned(), expected: "date in the form YYYY-MM-DD" }),
        }
    }

    /// A date from its parts, if the day exists.
    pub fn from_ymd(year: u32, month: u32, day: u32) -> Option<Self> {
        Self::parse(&format!("{year:04}-{month:02}-{day:02}")).ok()
    }

    /// Year, month (1-12) and day (1-31).
    pub fn ymd(&self) -> (u32, u32, u32) {
        parse_ymd(&self.text).unwrap_or((1970, 1, 1))
    }

    /// The text, `YYYY-MM-DD`.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

string_scalar!(Date);

/// A time of day as `"HH:MM"` text, 00:00 to 23:59.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimeOfDay {
    text: String,
}

impl TimeOfDay {
    /// Checks and wraps `HH:MM` text.
    pub fn parse(text: &str) -> Result<Self, ScalarError> {
        let valid = text.len() == 5
            && text.as_bytes()[2] == b':'
            && digits(text, 0..2).is_some_and(|hours| hours < 24)
            && digits(text, 3..5).is_some_and(|minutes| minutes < 60);
        if valid {
            Ok(Self { text: text.to_owned() })
        } else {
            Err(ScalarError { text: text.to_owned(), expected: "time of day HH:MM from 00:00 to 23:59" })
        }
    }

    /// Hours and minutes.
    pub fn hours_minutes(&self) -> (u32, u32) {
        (digits(&self.text, 0..2).unwrap_or(0), digits(&self.text, 3..5).unwrap_or(0))
    }

    /// The text, `HH:MM`.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

string_scalar!(TimeOfDay);

/// A calendar day carried as the integer `YYYYMMDD` (`20240501`). Some providers send `0` for
/// "no day" (or "today"); that is [`Day::UNSET`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day(u32);

impl Day {
    /// `0`: no day given.
    pub const UNSET: Day = Day(0);

    /// Whether this is `0`, no day.
    pub fn is_unset(self) -> bool {
        self.0 == 0
    }

    /// The integer, `YYYYMMDD`.
    pub fn value(self) -> u32 {
        self.0
    }

    /// The same day as a [`Date`]; `None` for [`Day::UNSET`].
    pub fn to_date(self) -> Option<Date> {
        (!self.is_unset()).then(|| Date { text: format!("{:04}-{:02}-{:02}", self.0 / 10_000, self.0 / 100 % 100, self.0 % 100) })
    }

    /// The day of a [`Date`].
    pub fn from_date(date: &Date) -> Self {
        let (year, month, day) = date.ymd();
        Self(year * 10_000 + month * 100 + day)
    }
}

impl TryFrom<i64> for Day {
    type Error = ScalarError;
    fn try_from(value: i64) -> Result<Self, ScalarError> {
        let error = || ScalarError { text: value.to_string(), expected: "day as the integer YYYYMMDD, such as 20240501" };
        let value = u32::try_from(value).map_err(|_| error())?;
        if value == 0 {
            return Ok(Day::UNSET);
        }
        let (year, month, day) = (value / 10_000, value / 100 % 100, value % 100);
        let valid = (1000..=9999).contains(&year) && (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day);
        if valid { Ok(Self(value)) } else { Err(error()) }
    }
}

integer_scalar!(Day);

/// A time of day carried as the integer `HHMM` (`930` is 09:30); `2400` marks the end of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hhmm(u16);

impl Hhmm {
    /// The integer, `HHMM`.
    pub fn value(self) -> u16 {
        self.0
    }

    /// Hours (0 to 24) and minutes.
    pub fn hours_minutes(self) -> (u16, u16) {
        (self.0 / 100, self.0 % 100)
    }
}

impl TryFrom<i64> for Hhmm {
    type Error = ScalarError;
    fn try_from(value: i64) -> Result<Self, ScalarError> {
        let valid = (0..=2400).contains(&value) && value % 100 < 60;
        match u16::try_from(value) {
            Ok(value) if valid => Ok(Self(value)),
            _ => Err(ScalarError { text: value.to_string(), expected: "time as the integer HHMM from 0 to 2400, such as 930" }),
        }
    }
}

integer_scalar!(Hhmm);

/// A point in time as an integer count of units since 1970-01-01T00:00:00Z: `$unit` names the
/// unit in the docs, `$duration` makes a `Duration` of a count.
macro_rules! epoch_scalar {
    ($(#[$doc:meta])* $type:ident, $unit:literal, $duration:path) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $type(i64);

        impl $type {
            #[doc = concat!($unit, " since the epoch.")]
            pub fn value(self) -> i64 {
                self.0
            }

            /// As a `SystemTime`.
            pub fn to_system_time(self) -> std::time::SystemTime {
                let offset = $duration(self.0.unsigned_abs());
                if self.0 >= 0 { std::time::UNIX_EPOCH + offset } else { std::time::UNIX_EPOCH - offset }
            }
        }

        impl TryFrom<i64> for $type {
            type Error = ScalarError;
            fn try_from(value: i64) -> Result<Self, ScalarError> {
                Ok(Self(value))
            }
        }

        integer_scalar!($type);
    };
}

epoch_scalar!(
    /// A point in time carried as milliseconds since 1970-01-01T00:00:00Z.
    EpochMillis,
    "Milliseconds",
    std::time::Duration::from_millis
);

epoch_scalar!(
    /// A point in time carried as whole seconds since 1970-01-01T00:00:00Z (a Unix timestamp).
    EpochSeconds,
    "Seconds",
    std::time::Duration::from_secs
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn epoch_seconds_are_whole_seconds_either_side_of_1970() {
        let instant: EpochSeconds = serde_json::from_value(json!(1_597_898_566_i64)).unwrap();
        assert_eq!(instant.value(), 1_597_898_566);
        assert_eq!(instant.to_system_time(), std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_597_898_566));
        assert_eq!(serde_json::to_value(instant).unwrap(), json!(1_597_898_566_i64));
        let before: EpochSeconds = serde_json::from_value(json!(-86_400)).unwrap();
        assert_eq!(before.to_system_time(), std::time::UNIX_EPOCH - std::time::Duration::from_secs(86_400));
        assert!(serde_json::from_value::<EpochSeconds>(json!("1597898566")).is_err(), "a string is not a timestamp");
    }

    #[test]
    fn date_time_round_trips_and_computes_epoch() {
        for text in ["2016-03-09T05:20:19.742229Z", "2020-08-20T06:42:46+02:00", "1970-01-01T00:00:00Z"] {
            let value: DateTime = serde_json::from_value(json!(text)).unwrap();
            assert_eq!(serde_json::to_value(&value).unwrap(), json!(text));
        }
        let paris = DateTime::parse("2020-08-20T06:42:46+02:00").unwrap();
        let utc = DateTime::parse("2020-08-20T04:42:46Z").unwrap();
        assert_eq!(paris.unix_seconds(), utc.unix_seconds());
        assert_eq!(utc.unix_seconds(), 1_597_898_566);
        assert_eq!(DateTime::parse("2016-03-09T05:20:19.742229Z").unwrap().subsec_nanos(), 742_229_000);
    }

    #[test]
    fn malformed_date_times_are_rejected() {
        for text in ["", "2020-02-30T00:00:00Z", "2020-08-20", "2020-08-20T25:00:00Z", "2020-08-20T06:42:46", "2020-08-20T06:42:46.Z", "2020-08-20T06:42:46+2:00", "２０２０-08-20T06:42:46Z"] {
            let error = serde_json::from_value::<DateTime>(json!(text)).unwrap_err();
            assert!(error.to_string().contains("RFC 3339"), "{text}: {error}");
        }
    }

    #[test]
    fn dates_check_the_calendar() {
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2023-1-01").is_err());
        assert_eq!(Date::from_ymd(2024, 5, 1).unwrap().as_str(), "2024-05-01");
        assert_eq!(Date::parse("2024-05-01").unwrap().ymd(), (2024, 5, 1));
    }

    #[test]
    fn integer_scalars_round_trip_and_reject_invalid_values() {
        for value in [20240501, 20240229, 19991231] {
            let day: Day = serde_json::from_value(json!(value)).unwrap();
            assert_eq!(serde_json::to_value(day).unwrap(), json!(value));
        }
        for value in [json!(20230229), json!(20241301), json!(2024051), json!(-20240501), json!("20240501"), json!(20240501.5)] {
            assert!(serde_json::from_value::<Day>(value.clone()).is_err(), "{value} should be rejected");
        }
        let day = Day::try_from(20240501).unwrap();
        assert_eq!(day.to_date().unwrap().as_str(), "2024-05-01");
        assert_eq!(Day::try_from(0).unwrap().to_date(), None);
        assert_eq!(Day::from_date(&Date::parse("2024-05-01").unwrap()), day);
        for value in [0, 930, 2359, 2400] {
            let time: Hhmm = serde_json::from_value(json!(value)).unwrap();
            assert_eq!(serde_json::to_value(time).unwrap(), json!(value));
        }
        for value in [-1, 960, 2401, 2500] {
            assert!(Hhmm::try_from(value).is_err(), "{value}");
        }
        assert_eq!(Hhmm::try_from(930).unwrap().hours_minutes(), (9, 30));
        let instant: EpochMillis = serde_json::from_value(json!(1_597_898_566_000_i64)).unwrap();
        assert_eq!(instant.to_system_time().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs(), 1_597_898_566);
        assert_eq!(serde_json::to_value(instant).unwrap(), json!(1_597_898_566_000_i64));
    }
}
