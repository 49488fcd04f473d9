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

/// Year, month and day of a count of days since 1970-01-01 (Howard Hinnant's algorithm).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 } as u32;
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

/// An RFC 3339 date-time with a UTC offset, such as `2016-03-09T05:20:19.742229Z` or
/// `2020-08-20T06:42:46+02:00`. Keeps the exact text it was given; equal to, and ordered
/// against, other date-times by the instant it names, whatever the offset.
#[derive(Debug, Clone)]
pub struct DateTime {
    text: String,
    unix_seconds: i64,
    nanos: u32,
    offset_seconds: i32,
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
        let offset_seconds: i32 = match rest {
            "Z" | "z" => 0,
            _ if rest.len() == 6 && matches!(rest.as_bytes()[0], b'+' | b'-') && rest.as_bytes()[3] == b':' => {
                let hours = digits(rest, 1..3).ok_or_else(error)?;
                let minutes = digits(rest, 4..6).ok_or_else(error)?;
                if hours > 23 || minutes > 59 {
                    return Err(error());
                }
                let sign = if rest.starts_with('-') { -1 } else { 1 };
                sign * (hours * 3600 + minutes * 60) as i32
            }
            _ => return Err(error()),
        };
        let days = days_from_civil(i64::from(year), i64::from(month), i64::from(day));
        let unix_seconds = days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second) - i64::from(offset_seconds);
        Ok(Self { text: text.to_owned(), unix_seconds, nanos, offset_seconds })
    }

    /// The instant `unix_seconds` (plus `nanos`) after 1970-01-01T00:00:00Z, written in UTC
    /// (`2020-08-20T04:42:46Z`, with as many fraction digits as `nanos` needs). An error when the
    /// year is outside 0000 to 9999, which RFC 3339 cannot write, or `nanos` is a second or more.
    pub fn from_unix(unix_seconds: i64, nanos: u32) -> Result<Self, ScalarError> {
        Self::from_unix_at_offset(unix_seconds, nanos, 0)
    }

    /// The instant written in local time at `offset_seconds` east of UTC
    /// (`2020-08-20T06:42:46+02:00`); the offset is whole minutes, less than a day either way.
    pub fn from_unix_at_offset(unix_seconds: i64, nanos: u32, offset_seconds: i32) -> Result<Self, ScalarError> {
        let error = || ScalarError { text: format!("{unix_seconds} s + {nanos} ns at offset {offset_seconds} s"), expected: Self::EXPECTED };
        if nanos >= 1_000_000_000 || offset_seconds.unsigned_abs() >= 86_400 || offset_seconds % 60 != 0 {
            return Err(error());
        }
        let local = unix_seconds.checked_add(i64::from(offset_seconds)).ok_or_else(error)?;
        let (year, month, day) = civil_from_days(local.div_euclid(86_400));
        if !(0..=9999).contains(&year) {
            return Err(error());
        }
        let second_of_day = local.rem_euclid(86_400);
        let mut text = format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}", second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
        if nanos > 0 {
            let fraction = format!("{nanos:09}");
            text.push('.');
            text.push_str(fraction.trim_end_matches('0'));
        }
        if offset_seconds == 0 {
            text.push('Z');
        } else {
            let sign = if offset_seconds < 0 { '-' } else { '+' };
            let minutes = offset_seconds.unsigned_abs() / 60;
            text.push_str(&format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60));
        }
        Ok(Self { text, unix_seconds, nanos, offset_seconds })
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

    /// The UTC offset the text is written at, in seconds east of UTC (`7200` for `+02:00`).
    pub fn offset_seconds(&self) -> i32 {
        self.offset_seconds
    }

    /// The instant as a key that orders and compares it.
    fn instant(&self) -> (i64, u32) {
        (self.unix_seconds, self.nanos)
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.instant() == other.instant()
    }
}

impl Eq for DateTime {}

impl std::hash::Hash for DateTime {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.instant().hash(state);
    }
}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.instant().cmp(&other.instant())
    }
}

/// The same instant; an error only where the platform's `SystemTime` cannot hold it (Windows
/// cannot go before 1601).
impl TryFrom<&DateTime> for std::time::SystemTime {
    type Error = ScalarError;
    fn try_from(value: &DateTime) -> Result<Self, ScalarError> {
        system_time(value.unix_seconds, value.nanos).ok_or_else(|| ScalarError { text: value.text.clone(), expected: SYSTEM_TIME })
    }
}

impl TryFrom<DateTime> for std::time::SystemTime {
    type Error = ScalarError;
    fn try_from(value: DateTime) -> Result<Self, ScalarError> {
        Self::try_from(&value)
    }
}

/// What a conversion to `SystemTime` expects.
const SYSTEM_TIME: &str = "time this platform's SystemTime can hold";

/// The `SystemTime` `seconds` (plus `nanos`) from the epoch, if the platform can hold it.
pub(crate) fn system_time(seconds: i64, nanos: u32) -> Option<std::time::SystemTime> {
    let whole = std::time::Duration::from_secs(seconds.unsigned_abs());
    let whole = if seconds >= 0 { std::time::UNIX_EPOCH.checked_add(whole) } else { std::time::UNIX_EPOCH.checked_sub(whole) };
    whole?.checked_add(std::time::Duration::from_nanos(u64::from(nanos)))
}

/// In UTC; an error for a time outside the years 0000 to 9999.
impl TryFrom<std::time::SystemTime> for DateTime {
    type Error = ScalarError;
    fn try_from(value: std::time::SystemTime) -> Result<Self, ScalarError> {
        let (seconds, nanos) = system_time_parts(value).ok_or_else(|| ScalarError { text: format!("{value:?}"), expected: Self::EXPECTED })?;
        Self::from_unix(seconds, nanos)
    }
}

/// Seconds since the epoch (rounded down) and the nanoseconds past them; `None` when the seconds
/// do not fit an `i64`.
pub(crate) fn system_time_parts(value: std::time::SystemTime) -> Option<(i64, u32)> {
    let nanos = match value.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => i128::try_from(after.as_nanos()).ok()?,
        Err(before) => -i128::try_from(before.duration().as_nanos()).ok()?,
    };
    Some((i64::try_from(nanos.div_euclid(1_000_000_000)).ok()?, u32::try_from(nanos.rem_euclid(1_000_000_000)).ok()?))
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

    /// A time of day from its parts, if they make one (hours 0 to 23, minutes 0 to 59).
    pub fn from_hm(hours: u32, minutes: u32) -> Option<Self> {
        (hours < 24 && minutes < 60).then(|| Self { text: format!("{hours:02}:{minutes:02}") })
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
    /// A time from its parts, if they make one (hours 0 to 23 with minutes 0 to 59, or 24:00).
    pub fn from_hm(hours: u16, minutes: u16) -> Option<Self> {
        hours.checked_mul(100).and_then(|value| Self::try_from(i64::from(value) + i64::from(minutes)).ok()).filter(|_| minutes < 60)
    }

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
/// unit in the docs, `$nanos_per_unit` is its length.
macro_rules! epoch_scalar {
    ($(#[$doc:meta])* $type:ident, $unit:literal, $unit_lower:literal, $nanos_per_unit:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $type(i64);

        impl $type {
            #[doc = concat!($unit, " since the epoch.")]
            pub fn value(self) -> i64 {
                self.0
            }

            /// As a `SystemTime`; `None` where the platform's `SystemTime` cannot hold it.
            pub fn to_system_time(self) -> Option<std::time::SystemTime> {
                let (seconds, nanos) = self.unix_parts();
                system_time(seconds, nanos)
            }

            /// Seconds since the epoch (rounded down) and the nanoseconds past them.
            pub(crate) fn unix_parts(self) -> (i64, u32) {
                let nanos = i128::from(self.0) * i128::from($nanos_per_unit);
                // Both parts fit: the seconds are at most the count, the nanoseconds under 10^9.
                ((nanos.div_euclid(1_000_000_000)) as i64, nanos.rem_euclid(1_000_000_000) as u32)
            }

            /// The count at `seconds` (plus `nanos`) from the epoch, rounded down to a whole
            /// unit; `None` when it does not fit an `i64`.
            pub(crate) fn from_unix_parts(seconds: i64, nanos: u32) -> Option<Self> {
                let nanos = i128::from(seconds) * 1_000_000_000 + i128::from(nanos);
                i64::try_from(nanos.div_euclid($nanos_per_unit)).ok().map(Self)
            }
        }

        /// The same instant; an error only where the platform's `SystemTime` cannot hold it.
        impl TryFrom<$type> for std::time::SystemTime {
            type Error = ScalarError;
            fn try_from(value: $type) -> Result<Self, ScalarError> {
                value.to_system_time().ok_or_else(|| ScalarError { text: value.0.to_string(), expected: SYSTEM_TIME })
            }
        }

        #[doc = concat!("Rounded down to whole ", $unit_lower, "; an error when the count does not fit an `i64`.")]
        impl TryFrom<std::time::SystemTime> for $type {
            type Error = ScalarError;
            fn try_from(value: std::time::SystemTime) -> Result<Self, ScalarError> {
                system_time_parts(value)
                    .and_then(|(seconds, nanos)| Self::from_unix_parts(seconds, nanos))
                    .ok_or_else(|| ScalarError { text: format!("{value:?}"), expected: concat!($unit_lower, " since the epoch that fit an i64") })
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
    "milliseconds",
    1_000_000
);

epoch_scalar!(
    /// A point in time carried as whole seconds since 1970-01-01T00:00:00Z (a Unix timestamp).
    EpochSeconds,
    "Seconds",
    "seconds",
    1_000_000_000
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn epoch_seconds_are_whole_seconds_either_side_of_1970() {
        let instant: EpochSeconds = serde_json::from_value(json!(1_597_898_566_i64)).unwrap();
        assert_eq!(instant.value(), 1_597_898_566);
        assert_eq!(instant.to_system_time(), Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_597_898_566)));
        assert_eq!(serde_json::to_value(instant).unwrap(), json!(1_597_898_566_i64));
        let before: EpochSeconds = serde_json::from_value(json!(-86_400)).unwrap();
        assert_eq!(before.to_system_time(), Some(std::time::UNIX_EPOCH - std::time::Duration::from_secs(86_400)));
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
        for text in ["", "2020-02-30T00:00:00Z", "2020-08-20", "2020-08-20T25:00:00Z", "2020-08-20T06:42:46", "2020-08-20T06:42:46.Z", "2020-08-20T06:42:46+2:00", "２０２０-08-20T06:42:46Z", "2020-08-20T06:42:\u{feff}46+02:00", "2020-08-20T06:42:4\u{e9}+02:00"] {
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
        assert_eq!(instant.to_system_time().unwrap().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs(), 1_597_898_566);
        assert_eq!(serde_json::to_value(instant).unwrap(), json!(1_597_898_566_000_i64));
    }

    #[test]
    fn date_times_compare_and_order_by_instant_and_keep_their_text() {
        let paris = DateTime::parse("2020-08-20T06:42:46+02:00").unwrap();
        let utc = DateTime::parse("2020-08-20T04:42:46Z").unwrap();
        let later = DateTime::parse("2020-08-20T04:42:46.001Z").unwrap();
        assert_eq!(paris, utc);
        assert!(utc < later && paris < later);
        use std::hash::BuildHasher;
        let state = std::hash::RandomState::new();
        assert_eq!(state.hash_one(&paris), state.hash_one(&utc));
        assert_eq!(paris.as_str(), "2020-08-20T06:42:46+02:00");
        assert_eq!(paris.offset_seconds(), 7200);
    }

    #[test]
    fn date_times_are_built_from_instants_and_convert_to_and_from_system_time() {
        let value = DateTime::from_unix(1_597_898_566, 742_229_000).unwrap();
        assert_eq!(value.as_str(), "2020-08-20T04:42:46.742229Z");
        assert_eq!(DateTime::from_unix_at_offset(1_597_898_566, 0, -5 * 3600 - 1800).unwrap().as_str(), "2020-08-19T23:12:46-05:30");
        assert_eq!(DateTime::from_unix(-1, 0).unwrap().as_str(), "1969-12-31T23:59:59Z");
        assert_eq!(DateTime::from_unix(-62_167_219_200, 0).unwrap().as_str(), "0000-01-01T00:00:00Z");
        assert!(DateTime::from_unix(-62_167_219_201, 0).is_err(), "before year 0");
        assert!(DateTime::from_unix(253_402_300_800, 0).is_err(), "after 9999");
        assert!(DateTime::from_unix(0, 1_000_000_000).is_err());
        assert!(DateTime::from_unix_at_offset(0, 0, 30).is_err(), "offsets are whole minutes");
        for text in ["2020-08-20T04:42:46.742229Z", "1969-12-31T23:59:59.5Z", "2020-08-20T06:42:46+02:00"] {
            let parsed = DateTime::parse(text).unwrap();
            let built = DateTime::from_unix_at_offset(parsed.unix_seconds(), parsed.subsec_nanos(), parsed.offset_seconds()).unwrap();
            assert_eq!(built.as_str(), text);
            let system = std::time::SystemTime::try_from(&parsed).unwrap();
            assert_eq!(DateTime::try_from(system).unwrap(), parsed);
        }
        let half_before = std::time::UNIX_EPOCH - std::time::Duration::from_millis(500);
        assert_eq!(DateTime::try_from(half_before).unwrap().as_str(), "1969-12-31T23:59:59.5Z");
    }

    #[test]
    fn epoch_counts_convert_to_and_from_system_time_rounding_down() {
        let half_before = std::time::UNIX_EPOCH - std::time::Duration::from_millis(1500);
        assert_eq!(EpochSeconds::try_from(half_before).unwrap().value(), -2);
        assert_eq!(EpochMillis::try_from(half_before).unwrap().value(), -1500);
        let seconds = EpochSeconds::try_from(1_597_898_566).unwrap();
        assert_eq!(std::time::SystemTime::try_from(seconds).unwrap(), std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_597_898_566));
        // The extremes convert where the platform's `SystemTime` holds them, and never panic.
        for count in [i64::MIN, i64::MAX] {
            let extreme = EpochSeconds::try_from(count).unwrap();
            if let Some(system) = extreme.to_system_time() {
                assert_eq!(EpochSeconds::try_from(system).unwrap(), extreme);
            }
        }
    }

    #[test]
    fn times_of_day_are_built_from_parts() {
        assert_eq!(TimeOfDay::from_hm(9, 5).unwrap().as_str(), "09:05");
        assert_eq!(TimeOfDay::from_hm(24, 0), None);
        assert_eq!(Hhmm::from_hm(9, 30).unwrap().value(), 930);
        assert_eq!(Hhmm::from_hm(24, 0).unwrap().value(), 2400);
        assert_eq!(Hhmm::from_hm(9, 60), None);
        assert_eq!(Hhmm::from_hm(24, 1), None);
    }
}
