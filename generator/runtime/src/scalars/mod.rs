//! Semantic scalar types: values with a specific wire format that a spec names by meaning
//! (`date_time`, `date`, `geo_point`, ...). Each one checks its format when decoded and
//! serializes back to exactly the text it was decoded from.

pub use crate::filter::Filter;
pub use crate::secret::Secret;
use serde::de::{self, Deserializer};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A value that does not have the format its type requires.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a valid {expected}")]
pub struct ScalarError {
    /// The text that was given.
    pub text: String,
    /// What was expected, such as "RFC 3339 date-time (2024-05-01T12:00:00Z)".
    pub expected: &'static str,
}

/// Implements `Display`, `FromStr`, `Serialize` and `Deserialize` for a string-backed scalar whose
/// `parse` function checks the format.
macro_rules! string_scalar {
    ($type:ident) => {
        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl FromStr for $type {
            type Err = ScalarError;
            fn from_str(text: &str) -> Result<Self, ScalarError> {
                Self::parse(text)
            }
        }

        impl TryFrom<&str> for $type {
            type Error = ScalarError;
            fn try_from(text: &str) -> Result<Self, ScalarError> {
                Self::parse(text)
            }
        }

        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.text)
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Self::parse(&text).map_err(de::Error::custom)
            }
        }
    };
}

/// Implements `Display`, `Serialize` and `Deserialize` for an integer-backed scalar whose
/// `TryFrom<i64>` checks the value.
macro_rules! integer_scalar {
    ($type:ident) => {
        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl Serialize for $type {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(i64::from(self.0))
            }
        }

        impl<'de> Deserialize<'de> for $type {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = i64::deserialize(deserializer)?;
                Self::try_from(value).map_err(de::Error::custom)
            }
        }
    };
}

#[cfg(any(feature = "chrono", feature = "time", feature = "jiff"))]
mod convert;
#[cfg(feature = "rust_decimal")]
mod rust_decimal;
mod time;

pub use time::{Date, DateTime, Day, EpochMillis, EpochSeconds, Hhmm, TimeOfDay};
pub(crate) use time::{days_from_civil, digits};

/// A GeoJSON `Point`: `{"type": "Point", "coordinates": [longitude, latitude]}`. Longitude comes
/// first on the wire; the fields here are named so the order cannot be confused.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoPoint {
    /// Degrees east, -180 to 180.
    pub longitude: f64,
    /// Degrees north, -90 to 90.
    pub latitude: f64,
}

impl GeoPoint {
    /// A point from latitude and longitude, checking their ranges.
    pub fn new(latitude: f64, longitude: f64) -> Result<Self, ScalarError> {
        if (-90.0..=90.0).contains(&latitude) && (-180.0..=180.0).contains(&longitude) {
            Ok(Self { longitude, latitude })
        } else {
            Err(ScalarError {
                text: format!("latitude {latitude}, longitude {longitude}"),
                expected: "point (latitude -90..90, longitude -180..180)",
            })
        }
    }
}

impl Serialize for GeoPoint {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut point = serializer.serialize_struct("GeoPoint", 2)?;
        point.serialize_field("type", "Point")?;
        point.serialize_field("coordinates", &[self.longitude, self.latitude])?;
        point.end()
    }
}

impl<'de> Deserialize<'de> for GeoPoint {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Wire {
            #[serde(rename = "type")]
            kind: String,
            coordinates: Vec<f64>,
        }
        let wire = Wire::deserialize(deserializer)?;
        if wire.kind != "Point" {
            return Err(de::Error::custom(format!("GeoJSON type `{}` is not `Point`", wire.kind)));
        }
        match wire.coordinates[..] {
            [longitude, latitude] | [longitude, latitude, _] => GeoPoint::new(latitude, longitude).map_err(de::Error::custom),
            _ => Err(de::Error::custom("a GeoJSON point needs [longitude, latitude] coordinates")),
        }
    }
}

/// A decimal number carried as a JSON string (`"-2.5"`, `"48.858951"`), so no precision is lost
/// to floating point. Keeps its exact text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal {
    text: String,
}

impl Decimal {
    /// Checks and wraps decimal text: an optional `-`, digits, optionally `.` and more digits.
    pub fn parse(text: &str) -> Result<Self, ScalarError> {
        if is_decimal(text) {
            Ok(Self { text: text.to_owned() })
        } else {
            Err(ScalarError { text: text.to_owned(), expected: "decimal number such as -2.50" })
        }
    }

    /// The text, as received.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The nearest `f64` (lossy; for display or rough arithmetic only: convert to
    /// `rust_decimal::Decimal` with the `rust_decimal` feature to compute with money).
    pub fn to_f64(&self) -> f64 {
        self.text.parse().unwrap_or(f64::NAN)
    }
}

/// Whole numbers convert exactly.
macro_rules! decimal_from_integer {
    ($($integer:ty),*) => {
        $(
            impl From<$integer> for Decimal {
                fn from(value: $integer) -> Self {
                    Self { text: value.to_string() }
                }
            }
        )*
    };
}

decimal_from_integer!(i8, i16, i32, i64, i128, u8, u16, u32, u64, u128, usize, isize);

/// The shortest text that reads back as the same `f64` (`0.1` is `"0.1"`); an error for NaN and
/// the infinities.
impl TryFrom<f64> for Decimal {
    type Error = ScalarError;
    fn try_from(value: f64) -> Result<Self, ScalarError> {
        // `Display` of a finite `f64` never uses an exponent.
        Self::parse(&value.to_string())
    }
}

fn is_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

string_scalar!(Decimal);

/// An amount of money: a decimal amount, a space and an ISO 4217 currency code, such as
/// `"8.90 EUR"` or `"-0.05 GBP"`. Keeps its exact text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Money {
    text: String,
}

impl Money {
    /// An amount in an ISO 4217 currency (three capital letters, such as `EUR`).
    pub fn new(amount: impl Into<Decimal>, currency: &str) -> Result<Self, ScalarError> {
        Self::parse(&format!("{} {currency}", amount.into().text))
    }

    /// Checks and wraps money text.
    pub fn parse(text: &str) -> Result<Self, ScalarError> {
        let valid = text.split_once(' ').is_some_and(|(amount, currency)| {
            is_decimal(amount) && currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase())
        });
        if valid {
            Ok(Self { text: text.to_owned() })
        } else {
            Err(ScalarError { text: text.to_owned(), expected: "amount and ISO 4217 currency such as 8.90 EUR" })
        }
    }

    /// The amount.
    pub fn amount(&self) -> Decimal {
        Decimal { text: self.text.split_once(' ').map_or(String::new(), |(amount, _)| amount.to_owned()) }
    }

    /// The ISO 4217 currency code.
    pub fn currency(&self) -> &str {
        self.text.split_once(' ').map_or("", |(_, currency)| currency)
    }

    /// The text, as received.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

string_scalar!(Money);

/// Days of the week as a 7-character string: position 1 is Monday and holds `1`, ..., position 7
/// is Sunday and holds `7`; `-` marks an excluded day (`"12----7"`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DaysOfWeek {
    text: String,
}

impl DaysOfWeek {
    /// Checks and wraps days-of-week text.
    pub fn parse(text: &str) -> Result<Self, ScalarError> {
        let valid = text.len() == 7 && text.bytes().enumerate().all(|(index, byte)| byte == b'-' || byte == b'1' + index as u8);
        if valid {
            Ok(Self { text: text.to_owned() })
        } else {
            Err(ScalarError { text: text.to_owned(), expected: "days of week such as 12345-- (Monday is 1, `-` excludes a day)" })
        }
    }

    /// The days given (1 = Monday ... 7 = Sunday), in any order; an error for a number outside
    /// 1 to 7.
    pub fn from_days(days: impl IntoIterator<Item = u8>) -> Result<Self, ScalarError> {
        let mut text = *b"-------";
        for day in days {
            if !(1..=7).contains(&day) {
                return Err(ScalarError { text: day.to_string(), expected: "day of the week from 1 (Monday) to 7 (Sunday)" });
            }
            text[usize::from(day - 1)] = b'0' + day;
        }
        // Every byte is `-` or an ASCII digit.
        Ok(Self { text: text.iter().map(|&byte| char::from(byte)).collect() })
    }

    /// Whether the day (1 = Monday ... 7 = Sunday) is included.
    pub fn includes(&self, day: u8) -> bool {
        (1..=7).contains(&day) && self.text.as_bytes()[usize::from(day - 1)] != b'-'
    }

    /// The text, as received.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

string_scalar!(DaysOfWeek);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn string_scalars_round_trip_and_reject_malformed_text() {
        fn round_trip<T: serde::de::DeserializeOwned + Serialize>(good: &[&str], bad: &[&str]) {
            for text in good {
                let value: T = serde_json::from_value(json!(text)).unwrap_or_else(|error| panic!("{text}: {error}"));
                assert_eq!(serde_json::to_value(&value).unwrap(), json!(text));
            }
            for text in bad {
                assert!(serde_json::from_value::<T>(json!(text)).is_err(), "{text} should be rejected");
            }
        }
        round_trip::<Decimal>(&["1", "-2.5", "48.858951", "0.10"], &["", "1.", ".5", "1e3", "+1", "1,5", "- 1"]);
        round_trip::<Money>(&["8.90 EUR", "-0.05 GBP", "10 USD"], &["8.90", "8.90 eur", "8.90  EUR", "EUR 8.90", "8.90 EURO"]);
        round_trip::<DaysOfWeek>(&["1234567", "12----7", "-------"], &["123456", "7654321", "12x4567", "12345678"]);
        round_trip::<TimeOfDay>(&["00:00", "13:30", "23:59"], &["24:00", "9:30", "12:60", "1230"]);
        assert!(serde_json::from_value::<Decimal>(json!(1.5)).is_err(), "a JSON number is not a decimal string");
        let money = Money::parse("-0.05 GBP").unwrap();
        assert_eq!((money.amount().as_str(), money.currency()), ("-0.05", "GBP"));
        assert!(DaysOfWeek::parse("12----7").unwrap().includes(7));
        assert!(!DaysOfWeek::parse("12----7").unwrap().includes(3));
        assert_eq!(TimeOfDay::parse("13:30").unwrap().hours_minutes(), (13, 30));
    }

    #[test]
    fn geo_points_are_longitude_first() {
        let wire = json!({"type": "Point", "coordinates": [-122.4194, 37.7749]});
        let point: GeoPoint = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!(point.latitude, 37.7749);
        assert_eq!(serde_json::to_value(point).unwrap(), wire);
        assert!(serde_json::from_value::<GeoPoint>(json!({"type": "Point", "coordinates": [1.0]})).is_err());
        assert!(serde_json::from_value::<GeoPoint>(json!({"type": "LineString", "coordinates": [1.0, 2.0]})).is_err());
        assert!(serde_json::from_value::<GeoPoint>(json!({"type": "Point", "coordinates": [200.0, 2.0]})).is_err());
    }

    #[test]
    fn decimals_and_money_are_built_from_numbers_and_parts() {
        assert_eq!(Decimal::from(-42_i64).as_str(), "-42");
        assert_eq!(Decimal::from(7_u8).as_str(), "7");
        assert_eq!(Decimal::try_from(0.1).unwrap().as_str(), "0.1");
        assert_eq!(Decimal::try_from(-2.5e-7).unwrap().as_str(), "-0.00000025");
        assert!(Decimal::try_from(f64::NAN).is_err());
        assert!(Decimal::try_from(f64::INFINITY).is_err());
        let price = Money::new(Decimal::parse("8.90").unwrap(), "EUR").unwrap();
        assert_eq!(price.as_str(), "8.90 EUR");
        assert_eq!((price.amount().as_str(), price.currency()), ("8.90", "EUR"));
        assert_eq!(Money::new(5, "GBP").unwrap().as_str(), "5 GBP");
        assert!(Money::new(5, "eur").is_err());
        assert!(Money::new(5, "EURO").is_err());
        let weekend = DaysOfWeek::from_days([7, 6]).unwrap();
        assert_eq!(weekend.as_str(), "-----67");
        assert!(weekend.includes(6) && !weekend.includes(1));
        assert!(DaysOfWeek::from_days([0]).is_err() && DaysOfWeek::from_days([8]).is_err());
    }
}
