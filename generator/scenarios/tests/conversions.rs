//! The scalars convert to the ecosystem's types through features the generated crates forward
//! to the runtime: `chrono` and `rust_decimal` through HubRise, `time` through HyperTrack, `jiff`
//! through Hellotracks.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

#[test]
fn date_times_convert_to_chrono_and_back_keeping_their_offset() -> Result<(), hubrise::Error> {
    let expected = hubrise::DateTime::parse("2020-08-20T12:30:00+02:00")?;
    let theirs = chrono::DateTime::<chrono::FixedOffset>::from(&expected);
    assert_eq!(theirs.to_rfc3339(), "2020-08-20T12:30:00+02:00");
    let later = hubrise::DateTime::try_from(theirs + chrono::Duration::minutes(30))?;
    assert_eq!(later.as_str(), "2020-08-20T13:00:00+02:00");
    assert!(later > expected, "ordered by instant");
    assert_eq!(hubrise::DateTime::parse("2020-08-20T10:30:00Z")?, expected, "equal by instant, whatever the offset");
    Ok(())
}

#[test]
fn money_is_computed_exactly_with_rust_decimal() -> Result<(), hubrise::Error> {
    let price = hubrise::Money::parse("8.90 EUR")?;
    let amount = rust_decimal::Decimal::try_from(price.amount())?;
    let total = hubrise::Money::new(amount * rust_decimal::Decimal::from(3), price.currency())?;
    assert_eq!(total.as_str(), "26.70 EUR");
    Ok(())
}

#[test]
fn date_times_convert_to_time_and_system_time() -> Result<(), hypertrack::Error> {
    let value = hypertrack::DateTime::parse("2016-03-09T05:20:19.742229Z")?;
    let theirs = time::OffsetDateTime::from(&value);
    assert_eq!((theirs.unix_timestamp(), theirs.nanosecond()), (1_457_500_819, 742_229_000));
    assert_eq!(SystemTime::try_from(&value)?, UNIX_EPOCH + Duration::new(1_457_500_819, 742_229_000));
    assert_eq!(hypertrack::DateTime::try_from(theirs)?, value);
    Ok(())
}

#[test]
fn days_and_epoch_milliseconds_convert_to_jiff() -> Result<(), hellotracks::Error> {
    let day = hellotracks::Day::try_from(20_240_501)?;
    let date = jiff::civil::Date::try_from(day)?;
    assert_eq!(date, jiff::civil::date(2024, 5, 1));
    let tomorrow = hellotracks::Day::try_from(date.tomorrow().map_err(|_| hellotracks::ScalarError { text: date.to_string(), expected: "a day before 9999-12-31" })?)?;
    assert_eq!(tomorrow.value(), 20_240_502);
    let created = hellotracks::EpochMillis::try_from(1_714_521_600_250)?;
    assert_eq!(jiff::Timestamp::try_from(created)?.as_millisecond(), 1_714_521_600_250);
    Ok(())
}
