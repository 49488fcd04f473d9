//! `chrono`: `DateTime` with `chrono::DateTime<FixedOffset>` and `DateTime<Utc>`, `Date` and
//! `Day` with `NaiveDate`, `TimeOfDay` and `Hhmm` with `NaiveTime`, the epoch counts with
//! `DateTime<Utc>`.

use super::{Date, DateTime, Day, EpochMillis, EpochSeconds, Hhmm, ScalarError, TimeOfDay};
use chrono::{Datelike, FixedOffset, NaiveDate, NaiveTime, Offset, TimeZone, Timelike, Utc};

/// The instant in UTC; `None` outside chrono's range (about 262,000 years either way).
fn utc(seconds: i64, nanos: u32) -> Option<chrono::DateTime<Utc>> {
    chrono::DateTime::from_timestamp(seconds, nanos)
}

/// Keeps the offset the text is written at.
impl From<&DateTime> for chrono::DateTime<FixedOffset> {
    fn from(value: &DateTime) -> Self {
        // A `DateTime` is within the years 0000 to 9999 and its offset under a day, both well
        // inside chrono's ranges, so the defaults are never taken.
        let offset = FixedOffset::east_opt(value.offset_seconds()).unwrap_or(Utc.fix());
        utc(value.unix_seconds(), value.subsec_nanos()).unwrap_or_default().with_timezone(&offset)
    }
}

impl From<DateTime> for chrono::DateTime<FixedOffset> {
    fn from(value: DateTime) -> Self {
        Self::from(&value)
    }
}

impl From<&DateTime> for chrono::DateTime<Utc> {
    fn from(value: &DateTime) -> Self {
        // See above: always in range.
        utc(value.unix_seconds(), value.subsec_nanos()).unwrap_or_default()
    }
}

impl From<DateTime> for chrono::DateTime<Utc> {
    fn from(value: DateTime) -> Self {
        Self::from(&value)
    }
}

/// Written at the value's UTC offset; an error outside the years 0000 to 9999.
impl<Tz: TimeZone> TryFrom<chrono::DateTime<Tz>> for DateTime {
    type Error = ScalarError;
    fn try_from(value: chrono::DateTime<Tz>) -> Result<Self, ScalarError> {
        let offset = value.offset().fix().local_minus_utc();
        super::date_time(value.timestamp(), value.timestamp_subsec_nanos(), offset)
    }
}

impl From<&Date> for NaiveDate {
    fn from(value: &Date) -> Self {
        let (year, month, day) = value.ymd();
        // Every `Date` is a real day of the years 0000 to 9999.
        NaiveDate::from_ymd_opt(year as i32, month, day).unwrap_or_default()
    }
}

impl From<Date> for NaiveDate {
    fn from(value: Date) -> Self {
        Self::from(&value)
    }
}

/// An error outside the years 0000 to 9999.
impl TryFrom<NaiveDate> for Date {
    type Error = ScalarError;
    fn try_from(value: NaiveDate) -> Result<Self, ScalarError> {
        super::date(i64::from(value.year()), value.month(), value.day())
    }
}

/// An error for [`Day::UNSET`].
impl TryFrom<Day> for NaiveDate {
    type Error = ScalarError;
    fn try_from(value: Day) -> Result<Self, ScalarError> {
        let (year, month, day) = super::day_parts(value)?;
        NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(|| super::outside(value.to_string(), "day chrono can hold"))
    }
}

/// An error outside the years 1000 to 9999.
impl TryFrom<NaiveDate> for Day {
    type Error = ScalarError;
    fn try_from(value: NaiveDate) -> Result<Self, ScalarError> {
        super::day(i64::from(value.year()), value.month(), value.day())
    }
}

impl From<&TimeOfDay> for NaiveTime {
    fn from(value: &TimeOfDay) -> Self {
        let (hours, minutes) = value.hours_minutes();
        // Hours are 0 to 23 and minutes 0 to 59.
        NaiveTime::from_hms_opt(hours, minutes, 0).unwrap_or_default()
    }
}

impl From<TimeOfDay> for NaiveTime {
    fn from(value: TimeOfDay) -> Self {
        Self::from(&value)
    }
}

/// An error when the time has seconds, which `HH:MM` cannot hold.
impl TryFrom<NaiveTime> for TimeOfDay {
    type Error = ScalarError;
    fn try_from(value: NaiveTime) -> Result<Self, ScalarError> {
        super::time_of_day(value.hour(), value.minute(), value.second(), value.nanosecond())
    }
}

/// An error for `2400`, the end of the day.
impl TryFrom<Hhmm> for NaiveTime {
    type Error = ScalarError;
    fn try_from(value: Hhmm) -> Result<Self, ScalarError> {
        let (hours, minutes) = super::hhmm_parts(value)?;
        NaiveTime::from_hms_opt(hours, minutes, 0).ok_or_else(|| super::outside(value.to_string(), "time of day before 24:00"))
    }
}

/// An error when the time has seconds.
impl TryFrom<NaiveTime> for Hhmm {
    type Error = ScalarError;
    fn try_from(value: NaiveTime) -> Result<Self, ScalarError> {
        super::hhmm(value.hour(), value.minute(), value.second(), value.nanosecond())
    }
}

// Epoch counts with instants in UTC (`DateTime<Utc>`; another zone converts with `to_utc()`).
epoch_conversions!(chrono::DateTime<Utc>, "chrono", utc, |value: chrono::DateTime<Utc>| (value.timestamp(), value.timestamp_subsec_nanos()));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_keep_the_instant_and_the_offset_both_ways() {
        let ours = DateTime::parse("2020-08-20T06:42:46.5+02:00").unwrap();
        let theirs = chrono::DateTime::<FixedOffset>::from(&ours);
        assert_eq!(theirs.to_rfc3339(), "2020-08-20T06:42:46.500+02:00");
        assert_eq!(chrono::DateTime::<Utc>::from(&ours).timestamp(), 1_597_898_566);
        let back = DateTime::try_from(theirs).unwrap();
        assert_eq!(back.as_str(), "2020-08-20T06:42:46.5+02:00");
        assert_eq!(back, ours);
        let too_late = Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).unwrap();
        assert!(DateTime::try_from(too_late).is_err());
    }

    #[test]
    fn dates_days_and_times_convert_where_they_fit() {
        let date = Date::parse("2024-02-29").unwrap();
        let naive = NaiveDate::from(&date);
        assert_eq!(Date::try_from(naive).unwrap(), date);
        assert_eq!(Day::try_from(naive).unwrap().value(), 20_240_229);
        assert_eq!(NaiveDate::try_from(Day::try_from(20_240_229).unwrap()).unwrap(), naive);
        assert!(NaiveDate::try_from(Day::UNSET).is_err());
        assert!(Day::try_from(NaiveDate::from_ymd_opt(999, 1, 1).unwrap()).is_err());
        let time = TimeOfDay::parse("09:30").unwrap();
        assert_eq!(TimeOfDay::try_from(NaiveTime::from(&time)).unwrap(), time);
        assert!(TimeOfDay::try_from(NaiveTime::from_hms_opt(9, 30, 1).unwrap()).is_err());
        assert_eq!(Hhmm::try_from(NaiveTime::from_hms_opt(9, 30, 0).unwrap()).unwrap().value(), 930);
        assert!(NaiveTime::try_from(Hhmm::try_from(2400).unwrap()).is_err());
    }

    #[test]
    fn epoch_counts_round_down_to_their_unit() {
        let instant = Utc.with_ymd_and_hms(1969, 12, 31, 23, 59, 59).unwrap() + chrono::Duration::milliseconds(1500);
        assert_eq!(EpochSeconds::try_from(instant).unwrap().value(), 0);
        assert_eq!(EpochMillis::try_from(instant).unwrap().value(), 500);
        let before = Utc.with_ymd_and_hms(1969, 12, 31, 23, 59, 59).unwrap() + chrono::Duration::milliseconds(250);
        assert_eq!(EpochSeconds::try_from(before).unwrap().value(), -1);
        assert_eq!(chrono::DateTime::<Utc>::try_from(EpochMillis::try_from(-750).unwrap()).unwrap(), before);
        assert!(chrono::DateTime::<Utc>::try_from(EpochSeconds::try_from(i64::MAX).unwrap()).is_err());
    }
}
