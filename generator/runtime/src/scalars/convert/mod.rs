//! Conversions between the date and time scalars and the types of `chrono`, `time` and `jiff`,
//! each behind a feature of the crate's name: `From` where every value converts exactly,
//! `TryFrom` (with a [`ScalarError`]) where some do not.
//!
//! Every library's instant converts through seconds and nanoseconds since the epoch, its dates
//! through year, month and day and its times of day through hours, minutes and seconds, with the
//! checks in this module, so the three agree on what converts.

use super::{Date, DateTime, Day, EpochMillis, EpochSeconds, Hhmm, ScalarError, TimeOfDay};

/// `TryFrom` both ways between the epoch counts and a library's instant type `$instant`:
/// `$instant_at` makes one from seconds and nanoseconds since the epoch (`None` outside the
/// library's range), `$unix_parts` reads them back. Counts are rounded down to their unit, and a
/// count that does not fit an `i64` is an error.
macro_rules! epoch_conversions {
    ($instant:ty, $library:literal, $instant_at:expr, $unix_parts:expr) => {
        epoch_conversions!(@count EpochMillis, epoch_millis, $instant, $library, $instant_at, $unix_parts);
        epoch_conversions!(@count EpochSeconds, epoch_seconds, $instant, $library, $instant_at, $unix_parts);
    };
    (@count $count:ident, $from_parts:ident, $instant:ty, $library:literal, $instant_at:expr, $unix_parts:expr) => {
        impl TryFrom<$count> for $instant {
            type Error = ScalarError;
            fn try_from(value: $count) -> Result<Self, ScalarError> {
                let (seconds, nanos) = value.unix_parts();
                ($instant_at)(seconds, nanos).ok_or_else(|| super::outside(value.to_string(), concat!("instant ", $library, " can hold")))
            }
        }

        impl TryFrom<$instant> for $count {
            type Error = ScalarError;
            fn try_from(value: $instant) -> Result<Self, ScalarError> {
                let (seconds, nanos) = ($unix_parts)(value);
                super::$from_parts(seconds, nanos)
            }
        }
    };
}

#[cfg(feature = "chrono")]
mod chrono;
#[cfg(feature = "jiff")]
mod jiff;
#[cfg(feature = "time")]
mod time;

/// A date as `YYYY-MM-DD` from its parts; an error unless the year has four digits and the day
/// exists.
pub(crate) fn date(year: i64, month: u32, day: u32) -> Result<Date, ScalarError> {
    u32::try_from(year)
        .ok()
        .filter(|year| *year <= 9999)
        .and_then(|year| Date::from_ymd(year, month, day))
        .ok_or_else(|| ScalarError { text: format!("{year}-{month}-{day}"), expected: "date in the years 0000 to 9999" })
}

/// A [`Day`] from a date's parts; an error unless the year is 1000 to 9999.
pub(crate) fn day(year: i64, month: u32, day: u32) -> Result<Day, ScalarError> {
    let date = date(year, month, day)?;
    let (year, month, day) = date.ymd();
    Day::try_from(i64::from(year * 10_000 + month * 100 + day))
}

/// The date of a [`Day`]; an error for [`Day::UNSET`].
pub(crate) fn day_parts(day: Day) -> Result<(u32, u32, u32), ScalarError> {
    day.to_date().map(|date| date.ymd()).ok_or_else(|| ScalarError { text: "0".to_owned(), expected: "day that is set (not 0)" })
}

/// A [`TimeOfDay`] from a time's parts; an error when it has seconds, which `HH:MM` cannot hold.
pub(crate) fn time_of_day(hours: u32, minutes: u32, seconds: u32, nanos: u32) -> Result<TimeOfDay, ScalarError> {
    TimeOfDay::from_hm(hours, minutes)
        .filter(|_| seconds == 0 && nanos == 0)
        .ok_or_else(|| ScalarError { text: format!("{hours:02}:{minutes:02}:{seconds:02}.{nanos:09}"), expected: "time of day in whole minutes" })
}

/// An [`Hhmm`] from a time's parts; an error when it has seconds.
pub(crate) fn hhmm(hours: u32, minutes: u32, seconds: u32, nanos: u32) -> Result<Hhmm, ScalarError> {
    time_of_day(hours, minutes, seconds, nanos).and_then(|time| Hhmm::try_from(i64::from(hours * 100 + time.hours_minutes().1)))
}

/// The hours and minutes of an [`Hhmm`]; an error for `2400`, the end of the day, which no
/// library's time of day holds.
pub(crate) fn hhmm_parts(time: Hhmm) -> Result<(u32, u32), ScalarError> {
    match time.hours_minutes() {
        (24, _) => Err(ScalarError { text: time.to_string(), expected: "time of day before 24:00" }),
        (hours, minutes) => Ok((u32::from(hours), u32::from(minutes))),
    }
}

/// A [`DateTime`] at seconds and nanoseconds since the epoch, written at `offset_seconds`.
pub(crate) fn date_time(seconds: i64, nanos: u32, offset_seconds: i32) -> Result<DateTime, ScalarError> {
    DateTime::from_unix_at_offset(seconds, nanos, offset_seconds)
}

/// An epoch count from seconds and nanoseconds, rounded down to its unit.
pub(crate) fn epoch_millis(seconds: i64, nanos: u32) -> Result<EpochMillis, ScalarError> {
    EpochMillis::from_unix_parts(seconds, nanos).ok_or_else(|| ScalarError { text: format!("{seconds} s"), expected: "milliseconds since the epoch that fit an i64" })
}

/// An epoch count from seconds and nanoseconds, rounded down to its unit.
pub(crate) fn epoch_seconds(seconds: i64, nanos: u32) -> Result<EpochSeconds, ScalarError> {
    EpochSeconds::from_unix_parts(seconds, nanos).ok_or_else(|| ScalarError { text: format!("{seconds} s"), expected: "seconds since the epoch that fit an i64" })
}

/// What a conversion to another library's type expects when the value is outside its range.
pub(crate) fn outside(text: String, expected: &'static str) -> ScalarError {
    ScalarError { text, expected }
}
