//! `time`: `DateTime` with `OffsetDateTime`, `Date` and `Day` with `time::Date`, `TimeOfDay` and
//! `Hhmm` with `time::Time`, the epoch counts with `OffsetDateTime`.

use super::{Date, DateTime, Day, EpochMillis, EpochSeconds, Hhmm, ScalarError, TimeOfDay};
use ::time::{Month, OffsetDateTime, Time, UtcOffset};

/// The instant at `offset_seconds`; `None` outside `time`'s range (the years -9999 to 9999).
fn instant(seconds: i64, nanos: u32, offset_seconds: i32) -> Option<OffsetDateTime> {
    let offset = UtcOffset::from_whole_seconds(offset_seconds).ok()?;
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(seconds) * 1_000_000_000 + i128::from(nanos)).ok()?.checked_to_offset(offset)
}

/// A calendar date; `None` when the day does not exist or is out of range.
fn calendar_date(year: u32, month: u32, day: u32) -> Option<::time::Date> {
    let month = Month::try_from(u8::try_from(month).ok()?).ok()?;
    ::time::Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
}

/// A time of day at whole minutes.
fn time_at(hours: u32, minutes: u32) -> Option<Time> {
    Time::from_hms(u8::try_from(hours).ok()?, u8::try_from(minutes).ok()?, 0).ok()
}

/// Keeps the offset the text is written at.
impl From<&DateTime> for OffsetDateTime {
    fn from(value: &DateTime) -> Self {
        // A `DateTime` is within the years 0000 to 9999 with an offset under a day, inside `time`'s
        // range, so the default is never taken.
        instant(value.unix_seconds(), value.subsec_nanos(), value.offset_seconds()).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }
}

impl From<DateTime> for OffsetDateTime {
    fn from(value: DateTime) -> Self {
        Self::from(&value)
    }
}

/// Written at the value's UTC offset; an error outside the years 0000 to 9999.
impl TryFrom<OffsetDateTime> for DateTime {
    type Error = ScalarError;
    fn try_from(value: OffsetDateTime) -> Result<Self, ScalarError> {
        super::date_time(value.unix_timestamp(), value.nanosecond(), value.offset().whole_seconds())
    }
}

impl From<&Date> for ::time::Date {
    fn from(value: &Date) -> Self {
        let (year, month, day) = value.ymd();
        // Every `Date` is a real day of the years 0000 to 9999.
        calendar_date(year, month, day).unwrap_or(OffsetDateTime::UNIX_EPOCH.date())
    }
}

impl From<Date> for ::time::Date {
    fn from(value: Date) -> Self {
        Self::from(&value)
    }
}

/// An error outside the years 0000 to 9999.
impl TryFrom<::time::Date> for Date {
    type Error = ScalarError;
    fn try_from(value: ::time::Date) -> Result<Self, ScalarError> {
        super::date(i64::from(value.year()), u32::from(u8::from(value.month())), u32::from(value.day()))
    }
}

/// An error for [`Day::UNSET`].
impl TryFrom<Day> for ::time::Date {
    type Error = ScalarError;
    fn try_from(value: Day) -> Result<Self, ScalarError> {
        let (year, month, day) = super::day_parts(value)?;
        calendar_date(year, month, day).ok_or_else(|| super::outside(value.to_string(), "day `time` can hold"))
    }
}

/// An error outside the years 1000 to 9999.
impl TryFrom<::time::Date> for Day {
    type Error = ScalarError;
    fn try_from(value: ::time::Date) -> Result<Self, ScalarError> {
        super::day(i64::from(value.year()), u32::from(u8::from(value.month())), u32::from(value.day()))
    }
}

impl From<&TimeOfDay> for Time {
    fn from(value: &TimeOfDay) -> Self {
        let (hours, minutes) = value.hours_minutes();
        // Hours are 0 to 23 and minutes 0 to 59.
        time_at(hours, minutes).unwrap_or(Time::MIDNIGHT)
    }
}

impl From<TimeOfDay> for Time {
    fn from(value: TimeOfDay) -> Self {
        Self::from(&value)
    }
}

/// An error when the time has seconds, which `HH:MM` cannot hold.
impl TryFrom<Time> for TimeOfDay {
    type Error = ScalarError;
    fn try_from(value: Time) -> Result<Self, ScalarError> {
        super::time_of_day(u32::from(value.hour()), u32::from(value.minute()), u32::from(value.second()), value.nanosecond())
    }
}

/// An error for `2400`, the end of the day.
impl TryFrom<Hhmm> for Time {
    type Error = ScalarError;
    fn try_from(value: Hhmm) -> Result<Self, ScalarError> {
        let (hours, minutes) = super::hhmm_parts(value)?;
        time_at(hours, minutes).ok_or_else(|| super::outside(value.to_string(), "time of day before 24:00"))
    }
}

/// An error when the time has seconds.
impl TryFrom<Time> for Hhmm {
    type Error = ScalarError;
    fn try_from(value: Time) -> Result<Self, ScalarError> {
        super::hhmm(u32::from(value.hour()), u32::from(value.minute()), u32::from(value.second()), value.nanosecond())
    }
}

// Epoch counts with instants (in UTC when made from a count).
epoch_conversions!(OffsetDateTime, "`time`", |seconds, nanos| instant(seconds, nanos, 0), |value: OffsetDateTime| (value.unix_timestamp(), value.nanosecond()));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_keep_the_instant_and_the_offset_both_ways() {
        let ours = DateTime::parse("2020-08-20T06:42:46.5+02:00").unwrap();
        let theirs = OffsetDateTime::from(&ours);
        assert_eq!((theirs.unix_timestamp(), theirs.nanosecond(), theirs.offset().whole_seconds()), (1_597_898_566, 500_000_000, 7200));
        let back = DateTime::try_from(theirs).unwrap();
        assert_eq!(back.as_str(), "2020-08-20T06:42:46.5+02:00");
        let year_minus_one = OffsetDateTime::from_unix_timestamp(-62_167_219_201).unwrap();
        assert!(DateTime::try_from(year_minus_one).is_err());
    }

    #[test]
    fn dates_days_and_times_convert_where_they_fit() {
        let date = Date::parse("2024-02-29").unwrap();
        let theirs = ::time::Date::from(&date);
        assert_eq!(Date::try_from(theirs).unwrap(), date);
        assert_eq!(Day::try_from(theirs).unwrap().value(), 20_240_229);
        assert_eq!(::time::Date::try_from(Day::try_from(20_240_229).unwrap()).unwrap(), theirs);
        assert!(::time::Date::try_from(Day::UNSET).is_err());
        let time = TimeOfDay::parse("23:59").unwrap();
        assert_eq!(TimeOfDay::try_from(Time::from(&time)).unwrap(), time);
        assert!(TimeOfDay::try_from(Time::from_hms_nano(9, 30, 0, 1).unwrap()).is_err());
        assert_eq!(Hhmm::try_from(Time::from_hms(9, 30, 0).unwrap()).unwrap().value(), 930);
        assert!(Time::try_from(Hhmm::try_from(2400).unwrap()).is_err());
    }

    #[test]
    fn epoch_counts_round_down_to_their_unit() {
        let before = OffsetDateTime::from_unix_timestamp_nanos(-750_000_000).unwrap();
        assert_eq!(EpochSeconds::try_from(before).unwrap().value(), -1);
        assert_eq!(EpochMillis::try_from(before).unwrap().value(), -750);
        assert_eq!(OffsetDateTime::try_from(EpochMillis::try_from(-750).unwrap()).unwrap(), before);
        assert!(OffsetDateTime::try_from(EpochSeconds::try_from(i64::MAX).unwrap()).is_err());
    }
}
