//! `rust_decimal`: `Decimal` with `rust_decimal::Decimal`, so amounts are computed exactly.

use super::{Decimal, ScalarError};

/// Exactly; an error for more digits than `rust_decimal` holds (28 after the point, about 7.9e28
/// in all).
impl TryFrom<&Decimal> for rust_decimal::Decimal {
    type Error = ScalarError;
    fn try_from(value: &Decimal) -> Result<Self, ScalarError> {
        rust_decimal::Decimal::from_str_exact(value.as_str()).map_err(|_| ScalarError { text: value.as_str().to_owned(), expected: "decimal rust_decimal holds exactly" })
    }
}

impl TryFrom<Decimal> for rust_decimal::Decimal {
    type Error = ScalarError;
    fn try_from(value: Decimal) -> Result<Self, ScalarError> {
        Self::try_from(&value)
    }
}

/// Exactly, with the value's scale (`1.50` stays `"1.50"`).
impl From<rust_decimal::Decimal> for Decimal {
    fn from(value: rust_decimal::Decimal) -> Self {
        // `Display` writes digits, an optional point and a leading `-`: a decimal's text.
        Self { text: value.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scalars::Money;

    #[test]
    fn decimals_convert_exactly_both_ways() {
        let price = Decimal::parse("8.90").unwrap();
        let exact = rust_decimal::Decimal::try_from(&price).unwrap();
        assert_eq!(exact, rust_decimal::Decimal::new(890, 2));
        assert_eq!(Decimal::from(exact * rust_decimal::Decimal::from(3)).as_str(), "26.70");
        assert_eq!(Decimal::from(rust_decimal::Decimal::new(-5, 2)).as_str(), "-0.05");
        assert!(rust_decimal::Decimal::try_from(Decimal::parse("0.00000000000000000000000000001").unwrap()).is_err());
        assert_eq!(Money::new(rust_decimal::Decimal::new(890, 2), "EUR").unwrap().as_str(), "8.90 EUR");
    }
}
