//! `jiff`: `DateTime` with `Timestamp` and `Zoned`, `Date` and `Day` with `civil::Date`,
//! `TimeOfDay` and `Hhmm` with `civil::Time`, the epoch counts with `Timestamp`.

use super::{Date, DateTime, Day, EpochMillis, EpochSeconds, Hhmm, ScalarError, TimeOfDay};
use jiff::Timestamp;
use jiff::civil;
use jiff::tz::{Offset, TimeZone};

/// The instant; `None` outside jiff's range (the years -9999 to 9999).
fn timestamp(seconds: i64, nanos: u32) -> Option<Timestamp> {
    Timestamp::from_nanosecond(i128::from(seconds) * 1_000_000_000 + i128::from(nanos)).ok()
}

/// Seconds since the epoch (rounded down) and the nanoseconds past them.
fn parts(value: Timestamp) -> (i64, u32) {
    let nanos = value.as_nanosecond();
    // jiff's range is far inside an `i64` of seconds.
    (i64::try_from(nanos.div_euclid(1_000_000_000)).unwrap_or_default(), nanos.rem_euclid(1_000_000_000) as u32)
}

/// A calendar date; `None` when the day does not exist.
fn civil_date(year: u32, month: u32, day: u32) -> Option<civil::Date> {
    civil::Date::new(i16::try_from(year).ok()?, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// A time of day at whole minutes.
fn civil_time(hours: u32, minutes: u32) -> Option<civil::Time> {
    civil::Time::new(i8::try_from(hours).ok()?, i8::try_from(minutes).ok()?, 0, 0).ok()
}

impl From<&DateTime> for Timestamp {
    fn from(value: &DateTime) -> Self {
        // A `DateTime` is within the years 0000 to 9999, inside jiff's range, so the default is
        // never taken.
        timestamp(value.unix_seconds(), value.subsec_nanos()).unwrap_or(Timestamp::UNIX_EPOCH)
    }
}

impl From<DateTime> for Timestamp {
    fn from(value: DateTime) -> Self {
        Self::from(&value)
    }
}

/// In the fixed time zone of the offset the text is written at.
impl From<&DateTime> for jiff::Zoned {
    fn from(value: &DateTime) -> Self {
        // The offset is under a day, inside jiff's range.
        let offset = Offset::from_seconds(value.offset_seconds()).unwrap_or(Offset::UTC);
        Timestamp::from(value).to_zoned(TimeZone::fixed(offset))
    }
}

impl From<DateTime> for jiff::Zoned {
    fn from(value: DateTime) -> Self {
        Self::from(&value)
    }
}

/// In UTC; an error outside the years 0000 to 9999.
impl TryFrom<Timestamp> for DateTime {
    type Error = ScalarError;
    fn try_from(value: Timestamp) -> Result<Self, ScalarError> {
        let (seconds, nanos) = parts(value);
        super::date_time(seconds, nanos, 0)
    }
}

/// Written at the value's UTC offset (whole minutes); an error outside the years 0000 to 9999.
impl TryFrom<&jiff::Zoned> for DateTime {
    type Error = ScalarError;
    fn try_from(value: &jiff::Zoned) -> Result<Self, ScalarError> {
        let (seconds, nanos) = parts(value.timestamp());
        super::date_time(seconds, nanos, value.offset().seconds())
    }
}

impl TryFrom<jiff::Zoned> for DateTime {
    type Error = ScalarError;
    fn try_from(value: jiff::Zoned) -> Result<Self, ScalarError> {
        Self::try_from(&value)
    }
}

impl From<&Date> for civil::Date {
    fn from(value: &Date) -> Self {
        let (year, month, day) = value.ymd();
        // Every `Date` is a real day of the years 0000 to 9999.
        civil_date(year, month, day).unwrap_or_default()
    }
}

impl From<Date> for civil::Date {
    fn from(value: Date) -> Self {
        Self::from(&value)
    }
}

/// An error outside the years 0000 to 9999.
impl TryFrom<civil::Date> for Date {
    type Error = ScalarError;
    fn try_from(value: civil::Date) -> Result<Self, ScalarError> {
        super::date(i64::from(value.year()), value.month() as u32, value.day() as u32)
    }
}

/// An error for [`Day::UNSET`].
impl TryFrom<Day> for civil::Date {
    type Error = ScalarError;
    fn try_from(value: Day) -> Result<Self, ScalarError> {
        let (year, month, day) = super::day_parts(value)?;
        civil_date(year, month, day).ok_or_else(|| super::outside(value.to_string(), "day jiff can hold"))
    }
}

/// An error outside the years 1000 to 9999.
impl TryFrom<civil::Date> for Day {
    type Error = ScalarError;
    fn try_from(value: civil::Date) -> Result<Self, ScalarError> {
        super::day(i64::from(value.year()), value.month() as u32, value.day() as u32)
    }
}

impl From<&TimeOfDay> for civil::Time {
    fn from(value: &TimeOfDay) -> Self {
        let (hours, minutes) = value.hours_minutes();
        // Hours are 0 to 23 and minutes 0 to 59.
        civil_time(hours, minutes).unwrap_or_default()
    }
}

impl From<TimeOfDay> for civil::Time {
    fn from(value: TimeOfDay) -> Self {
        Self::from(&value)
    }
}

/// An error when the time has seconds, which `HH:MM` cannot hold.
impl TryFrom<civil::Time> for TimeOfDay {
    type Error = ScalarError;
    fn try_from(value: civil::Time) -> Result<Self, ScalarError> {
        super::time_of_day(value.hour() as u32, value.minute() as u32, value.second() as u32, value.subsec_nanosecond() as u32)
    }
}

/// An error for `2400`, the end of the day.
impl TryFrom<Hhmm> for civil::Time {
    type Error = ScalarError;
    fn try_from(value: Hhmm) -> Result<Self, ScalarError> {
        let (hours, minutes) = super::hhmm_parts(value)?;
        civil_time(hours, minutes).ok_or_else(|| super::outside(value.to_string(), "time of day before 24:00"))
    }
}

/// An error when the time has seconds.
impl TryFrom<civil::Time> for Hhmm {
    type Error = ScalarError;
    fn try_from(value: civil::Time) -> Result<Self, ScalarError> {
        super::hhmm(value.hour() as u32, value.minute() as u32, value.second() as u32, value.subsec_nanosecond() as u32)
    }
}

// Epoch counts with timestamps.
epoch_conversions!(Timestamp, "jiff", timestamp, parts);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_keep_the_instant_and_the_offset_both_ways() {
        let ours = DateTime::parse("2020-08-20T06:42:46.5+02:00").unwrap();
        let zoned = jiff::Zoned::from(&ours);
        assert_eq!(zoned.offset().seconds(), 7200);
        assert_eq!(Timestamp::from(&ours).as_millisecond(), 1_597_898_566_500);
        assert_eq!(DateTime::try_from(&zoned).unwrap().as_str(), "2020-08-20T06:42:46.5+02:00");
        assert_eq!(DateTime::try_from(Timestamp::from(&ours)).unwrap().as_str(), "2020-08-20T04:42:46.5Z");
        let before_year_zero = Timestamp::from_second(-62_167_219_201).unwrap();
        assert!(DateTime::try_from(before_year_zero).is_err());
    }

    #[test]
    fn dates_days_and_times_convert_where_they_fit() {
        let date = Date::parse("2024-02-29").unwrap();
        let theirs = civil::Date::from(&date);
        assert_eq!(Date::try_from(theirs).unwrap(), date);
        assert_eq!(Day::try_from(theirs).unwrap().value(), 20_240_229);
        assert_eq!(civil::Date::try_from(Day::try_from(20_240_229).unwrap()).unwrap(), theirs);
        assert!(civil::Date::try_from(Day::UNSET).is_err());
        let time = TimeOfDay::parse("00:01").unwrap();
        assert_eq!(TimeOfDay::try_from(civil::Time::from(&time)).unwrap(), time);
        assert!(TimeOfDay::try_from(civil::Time::new(9, 30, 5, 0).unwrap()).is_err());
        assert_eq!(Hhmm::try_from(civil::Time::new(9, 30, 0, 0).unwrap()).unwrap().value(), 930);
        assert!(civil::Time::try_from(Hhmm::try_from(2400).unwrap()).is_err());
    }

    #[test]
    fn epoch_counts_round_down_to_their_unit() {
        let before = Timestamp::from_millisecond(-750).unwrap();
        assert_eq!(EpochSeconds::try_from(before).unwrap().value(), -1);
        assert_eq!(EpochMillis::try_from(before).unwrap().value(), -750);
        assert_eq!(Timestamp::try_from(EpochMillis::try_from(-750).unwrap()).unwrap(), before);
        assert!(Timestamp::try_from(EpochSeconds::try_from(i64::MAX).unwrap()).is_err());
    }
}
