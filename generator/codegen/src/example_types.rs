//! Whether an example's JSON value fits a spec type, as the generated client would decode or
//! send it: the scalars' formats (the same rules as `apigen_runtime::scalars`), enum values,
//! model members (required, unknown, `null`), integer ranges. Part of validation: an example that
//! does not fit would become a generated test that fails.

use serde_json::Value;

/// What a type looks like to the checker: the spec's models and enums, by name.
pub trait Types {
    /// The fields of model `name`: (wire name, type, required, nullable).
    fn model(&self, name: &str) -> Option<Vec<(String, crate::types::TypeExpr, bool, bool)>>;
    /// The wire values of enum `name`, and whether they are integers.
    fn enum_values(&self, name: &str) -> Option<(Vec<String>, bool)>;
    /// The alternatives of union `name`, in the order they are tried.
    fn union_alternatives(&self, name: &str) -> Option<Vec<crate::types::TypeExpr>>;
}

/// One way a value does not fit, at a YAML path below the value's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    /// The path of the offending part, relative to the checked value (empty for the value).
    pub at: Vec<String>,
    /// What is wrong.
    pub message: String,
}

/// Which way a value travels: what may be `null` differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Sent by the client: only nullable fields may be `null` (an optional field is left out).
    Request,
    /// Received: an optional field may be `null` too (it decodes as absent).
    Response,
}

/// Every way `value` does not fit `ty` (empty when it fits).
pub fn check(types: &dyn Types, ty: &crate::types::TypeExpr, value: &Value, direction: Direction) -> Vec<Misfit> {
    let mut misfits = Vec::new();
    walk(types, ty, value, direction, &mut Vec::new(), &mut misfits, 0);
    misfits
}

/// Deeper values than this are not checked further (examples are written by hand).
const MAX_DEPTH: usize = 64;

fn walk(types: &dyn Types, ty: &crate::types::TypeExpr, value: &Value, direction: Direction, at: &mut Vec<String>, misfits: &mut Vec<Misfit>, depth: usize) {
    use crate::types::TypeExpr;
    if depth > MAX_DEPTH || misfits.len() >= 20 {
        return;
    }
    fn fail(misfits: &mut Vec<Misfit>, at: &[String], message: String) {
        misfits.push(Misfit { at: at.to_vec(), message });
    }
    match (ty, value) {
        (TypeExpr::Builtin(name), value) => {
            if let Err(expected) = builtin_fits(name, value) {
                fail(misfits, at, format!("{} does not fit `{name}`: expected {expected}", shown(value)));
            }
        }
        (TypeExpr::List(inner), Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                at.push(index.to_string());
                walk(types, inner, item, direction, at, misfits, depth + 1);
                at.pop();
            }
        }
        (TypeExpr::Map(inner), Value::Object(members)) => {
            for (key, member) in members {
                at.push(key.clone());
                walk(types, inner, member, direction, at, misfits, depth + 1);
                at.pop();
            }
        }
        (TypeExpr::List(_), other) => fail(misfits, at, format!("expected a list, found {}", kind(other))),
        (TypeExpr::Map(_), other) => fail(misfits, at, format!("expected a mapping, found {}", kind(other))),
        (TypeExpr::Named(name), value) if types.union_alternatives(name).is_some() => {
            // The client decodes a union as the first alternative that decodes (a model ignoring
            // members it lacks, an enum taking values it does not list), so the example must fit
            // that one: a later alternative it was meant for would be lost in the round trip.
            let alternatives = types.union_alternatives(name).unwrap_or_default();
            match alternatives.iter().find(|alternative| decodes(types, alternative, value, direction, depth + 1)) {
                None => {
                    let names: Vec<String> = alternatives.iter().map(ToString::to_string).collect();
                    fail(misfits, at, format!("{} fits none of the alternatives of the union `{name}`: {}", shown(value), names.join(", ")));
                }
                Some(chosen) => {
                    let mut inner = Vec::new();
                    walk(types, chosen, value, direction, &mut at.clone(), &mut inner, depth + 1);
                    for misfit in inner {
                        let message = format!("decoded as `{chosen}`, the first alternative of the union `{name}` it fits: {}; put the alternative it is meant for first", misfit.message);
                        misfits.push(Misfit { at: misfit.at, message });
                    }
                }
            }
        }
        (TypeExpr::Named(name), value) => {
            if let Some((values, integer)) = types.enum_values(name) {
                let text = match value {
                    Value::String(text) if !integer => Some(text.clone()),
                    Value::Number(number) if integer && number.is_i64() => Some(number.to_string()),
                    _ => None,
                };
                if !text.is_some_and(|text| values.contains(&text)) {
                    fail(misfits, at, format!("{} is not a value of the enum `{name}`; expected one of: {}", shown(value), values.join(", ")));
                }
            } else if let Some(fields) = types.model(name) {
                let Value::Object(members) = value else {
                    fail(misfits, at, format!("expected a mapping (the model `{name}`), found {}", kind(value)));
                    return;
                };
                for key in members.keys() {
                    if !fields.iter().any(|(wire, ..)| wire == key) {
                        let known: Vec<&str> = fields.iter().map(|(wire, ..)| wire.as_str()).collect();
                        fail(misfits, at, format!("`{key}` is not a field of the model `{name}` (its fields: {})", known.join(", ")));
                    }
                }
                for (wire, field_ty, required, nullable) in &fields {
                    match members.get(wire) {
                        None if *required => fail(misfits, at, format!("the required field `{wire}` of the model `{name}` is missing")),
                        None => {}
                        Some(Value::Null) if *nullable || (direction == Direction::Response && !*required) => {}
                        Some(Value::Null) => {
                            at.push(wire.clone());
                            fail(misfits, at, format!("`{wire}` of the model `{name}` is not nullable, so it cannot be null"));
                            at.pop();
                        }
                        Some(member) => {
                            at.push(wire.clone());
                            walk(types, field_ty, member, direction, at, misfits, depth + 1);
                            at.pop();
                        }
                    }
                }
            }
        }
    }
}

/// Whether the client would decode `value` as `ty` at all, as a union tries its alternatives:
/// scalars strictly, enums taking any value of their kind, models their required members and
/// ignoring the others.
fn decodes(types: &dyn Types, ty: &crate::types::TypeExpr, value: &Value, direction: Direction, depth: usize) -> bool {
    use crate::types::TypeExpr;
    if depth > MAX_DEPTH {
        return true;
    }
    match (ty, value) {
        (TypeExpr::Builtin(name), value) => builtin_fits(name, value).is_ok(),
        (TypeExpr::List(inner), Value::Array(items)) => items.iter().all(|item| decodes(types, inner, item, direction, depth + 1)),
        (TypeExpr::Map(inner), Value::Object(members)) => members.values().all(|member| decodes(types, inner, member, direction, depth + 1)),
        (TypeExpr::List(_) | TypeExpr::Map(_), _) => false,
        (TypeExpr::Named(name), value) => {
            if let Some(alternatives) = types.union_alternatives(name) {
                return alternatives.iter().any(|alternative| decodes(types, alternative, value, direction, depth + 1));
            }
            if let Some((_, integer)) = types.enum_values(name) {
                return if integer { value.as_i64().is_some() } else { value.is_string() };
            }
            let (Some(fields), Value::Object(members)) = (types.model(name), value) else { return false };
            fields.iter().all(|(wire, field_ty, required, nullable)| match members.get(wire) {
                None => !required,
                Some(Value::Null) => *nullable || (direction == Direction::Response && !required),
                Some(member) => decodes(types, field_ty, member, direction, depth + 1),
            })
        }
    }
}

/// Whether `value` fits the built-in type `name`; else what was expected.
pub(crate) fn builtin_fits(name: &str, value: &Value) -> Result<(), &'static str> {
    let ok = match (name, value) {
        ("any", _) => true,
        ("string" | "secret" | "file", Value::String(_)) => true,
        ("integer" | "epoch_millis" | "epoch_seconds", Value::Number(number)) => number.is_i64(),
        ("number", Value::Number(_)) => true,
        ("boolean", Value::Bool(_)) => true,
        ("filter", Value::Object(_)) => true,
        ("date_time", Value::String(text)) => is_date_time(text),
        ("date", Value::String(text)) => text.len() == 10 && ymd(text).is_some(),
        ("time_of_day", Value::String(text)) => {
            text.len() == 5 && text.as_bytes()[2] == b':' && digits(text, 0..2).is_some_and(|hours| hours < 24) && digits(text, 3..5).is_some_and(|minutes| minutes < 60)
        }
        ("decimal", Value::String(text)) => is_decimal(text),
        ("money", Value::String(text)) => text.split_once(' ').is_some_and(|(amount, currency)| is_decimal(amount) && currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase())),
        ("days_of_week", Value::String(text)) => text.len() == 7 && text.bytes().enumerate().all(|(index, byte)| byte == b'-' || byte == b'1' + index as u8),
        ("day", Value::Number(number)) => number.as_i64().is_some_and(is_day),
        ("hhmm", Value::Number(number)) => number.as_i64().is_some_and(|value| (0..=2400).contains(&value) && value % 100 < 60),
        ("geo_point", Value::Object(members)) => {
            members.get("type").and_then(Value::as_str) == Some("Point")
                && members.get("coordinates").and_then(Value::as_array).is_some_and(|coordinates| coordinates.len() == 2 && coordinates.iter().all(Value::is_number))
        }
        _ => false,
    };
    if ok { Ok(()) } else { Err(expected(name)) }
}

fn expected(name: &str) -> &'static str {
    match name {
        "string" => "a string",
        "secret" => "a string",
        "file" => "the file's content as a string",
        "integer" | "epoch_millis" | "epoch_seconds" => "an integer that fits in 64 bits",
        "number" => "a number",
        "boolean" => "true or false",
        "filter" => "a mapping",
        "date_time" => "an RFC 3339 date-time such as \"2024-05-01T12:00:00Z\"",
        "date" => "a date such as \"2024-05-01\"",
        "time_of_day" => "a time such as \"09:30\"",
        "decimal" => "a decimal as a string, such as \"-2.50\"",
        "money" => "an amount and currency such as \"8.90 EUR\"",
        "days_of_week" => "days of week such as \"12345--\"",
        "day" => "a day as the integer YYYYMMDD, such as 20240501 (or 0)",
        "hhmm" => "a time as the integer HHMM from 0 to 2400, such as 930",
        "geo_point" => "a GeoJSON point {type: Point, coordinates: [longitude, latitude]}",
        _ => "another value",
    }
}

fn digits(text: &str, range: std::ops::Range<usize>) -> Option<u32> {
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

fn ymd(text: &str) -> Option<(u32, u32, u32)> {
    if text.len() < 10 || text.as_bytes()[4] != b'-' || text.as_bytes()[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(text, 0..4)?, digits(text, 5..7)?, digits(text, 8..10)?);
    ((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day)).then_some((year, month, day))
}

fn is_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Read by byte positions below, which only a date-time's ASCII text allows.
    if !text.is_ascii() || ymd(text).is_none() || bytes.len() < 20 || !matches!(bytes[10], b'T' | b't' | b' ') || bytes[13] != b':' || bytes[16] != b':' {
        return false;
    }
    let time_ok = digits(text, 11..13).is_some_and(|hour| hour <= 23) && digits(text, 14..16).is_some_and(|minute| minute <= 59) && digits(text, 17..19).is_some_and(|second| second <= 60);
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let length = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if length == 0 {
            return false;
        }
        rest = &fraction[length..];
    }
    let offset_ok = matches!(rest, "Z" | "z")
        || (rest.len() == 6
            && matches!(rest.as_bytes()[0], b'+' | b'-')
            && rest.as_bytes()[3] == b':'
            && digits(rest, 1..3).is_some_and(|hours| hours <= 23)
            && digits(rest, 4..6).is_some_and(|minutes| minutes <= 59));
    time_ok && offset_ok
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

fn is_day(value: i64) -> bool {
    let Ok(value) = u32::try_from(value) else { return false };
    let (year, month, day) = (value / 10_000, value / 100 % 100, value % 100);
    value == 0 || ((1000..=9999).contains(&year) && (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day))
}

/// A short name for a JSON value's kind, for messages.
pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// A value for a message, cut short, with characters that print as nothing (a byte-order mark,
/// zero-width spaces, direction marks) written as escapes, so the message shows what is wrong.
fn shown(value: &Value) -> String {
    let text = value.to_string();
    let cut: String = text.chars().take(60).collect();
    let mut out = String::with_capacity(cut.len());
    for c in cut.chars() {
        if is_invisible(c) {
            out.push_str(&format!("\\u{{{:04x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// Format characters that take no room when printed.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{TypeExpr, parse};
    use serde_json::json;

    struct Spec;

    impl Types for Spec {
        fn model(&self, name: &str) -> Option<Vec<(String, TypeExpr, bool, bool)>> {
            match name {
                "Item" => Some(vec![
                    ("id".to_owned(), parse("string").unwrap(), true, false),
                    ("count".to_owned(), parse("integer").unwrap(), false, true),
                    ("size".to_owned(), parse("Size").unwrap(), false, false),
                    ("born".to_owned(), parse("date").unwrap(), false, false),
                ]),
                "Wide" => Some(vec![("id".to_owned(), parse("string").unwrap(), true, false), ("width".to_owned(), parse("integer").unwrap(), false, false)]),
                _ => None,
            }
        }

        fn enum_values(&self, name: &str) -> Option<(Vec<String>, bool)> {
            (name == "Size").then(|| (vec!["small".to_owned(), "large".to_owned()], false))
        }

        fn union_alternatives(&self, name: &str) -> Option<Vec<TypeExpr>> {
            match name {
                "ItemRef" => Some(vec![parse("string").unwrap(), parse("Item").unwrap()]),
                "Either" => Some(vec![parse("Item").unwrap(), parse("Wide").unwrap()]),
                "SizeOrText" => Some(vec![parse("Size").unwrap(), parse("string").unwrap()]),
                _ => None,
            }
        }
    }

    fn messages(ty: &str, value: Value) -> Vec<String> {
        check(&Spec, &parse(ty).unwrap(), &value, Direction::Request).into_iter().map(|misfit| format!("{}: {}", misfit.at.join("."), misfit.message)).collect()
    }

    #[test]
    fn models_enums_and_scalars_are_checked_member_by_member() {
        assert!(messages("Item", json!({"id": "i1", "count": null, "size": "small", "born": "2024-02-29"})).is_empty());
        assert_eq!(
            messages("list<Item>", json!([{"count": 1.5, "size": "medium", "born": "2023-02-29", "extra": 1}])),
            [
                "0: `extra` is not a field of the model `Item` (its fields: id, count, size, born)",
                "0: the required field `id` of the model `Item` is missing",
                "0.count: 1.5 does not fit `integer`: expected an integer that fits in 64 bits",
                "0.size: \"medium\" is not a value of the enum `Size`; expected one of: small, large",
                "0.born: \"2023-02-29\" does not fit `date`: expected a date such as \"2024-05-01\"",
            ]
        );
    }

    #[test]
    fn a_union_value_fits_when_one_alternative_does() {
        assert!(messages("ItemRef", json!("i1")).is_empty());
        assert!(messages("list<ItemRef>", json!(["i1", {"id": "i2"}])).is_empty());
        assert_eq!(messages("ItemRef", json!(7)), [": 7 fits none of the alternatives of the union `ItemRef`: string, Item"]);
        assert_eq!(messages("ItemRef", json!({"count": 1})), [": {\"count\":1} fits none of the alternatives of the union `ItemRef`: string, Item"]);
    }

    #[test]
    fn a_union_value_must_fit_the_alternative_the_client_decodes_it_as() {
        // `Item` is tried before `Wide` and decodes this value, dropping `width`.
        assert_eq!(
            messages("Either", json!({"id": "i1", "width": 3})),
            [": decoded as `Item`, the first alternative of the union `Either` it fits: `width` is not a field of the model `Item` (its fields: id, count, size, born); put the alternative it is meant for first"]
        );
        assert!(messages("Either", json!({"id": "i1", "count": 2})).is_empty());
        // An enum decodes any string, so a string after it is never reached.
        assert_eq!(messages("SizeOrText", json!("huge")), [": decoded as `Size`, the first alternative of the union `SizeOrText` it fits: \"huge\" is not a value of the enum `Size`; expected one of: small, large; put the alternative it is meant for first"]);
    }

    #[test]
    fn invisible_characters_are_shown_as_escapes() {
        assert_eq!(
            messages("date_time", json!("2020-08-20T06:42:\u{feff}46+02:00")),
            [": \"2020-08-20T06:42:\\u{feff}46+02:00\" does not fit `date_time`: expected an RFC 3339 date-time such as \"2024-05-01T12:00:00Z\""]
        );
    }

    #[test]
    fn scalar_formats_follow_the_runtime() {
        for (ty, value, fits) in [
            ("date_time", json!("2020-08-20T06:42:46+02:00"), true),
            ("date_time", json!("2016-03-09T05:20:19.742229Z"), true),
            ("date_time", json!("yesterday"), false),
            // Not ASCII where digits are read by position: refused, not a panic (fuzz seed 20261201).
            ("date_time", json!("2020-08-20T06:42:\u{feff}46+02:00"), false),
            ("date_time", json!("2020-08-20T06:42:4\u{e9}+02:00"), false),
            ("money", json!("8.90 EUR"), true),
            ("money", json!("12 euros"), false),
            ("decimal", json!("-2.50"), true),
            ("decimal", json!("1e5"), false),
            ("days_of_week", json!("12----7"), true),
            ("day", json!(20240501), true),
            ("day", json!(0), true),
            ("day", json!(20240230), false),
            ("hhmm", json!(2400), true),
            ("hhmm", json!(960), false),
            ("integer", json!(9_223_372_036_854_775_807_i64), true),
            ("integer", json!(9_223_372_036_854_775_808_u64), false),
            ("geo_point", json!({"type": "Point", "coordinates": [2.29, 48.85]}), true),
        ] {
            assert_eq!(messages(ty, value.clone()).is_empty(), fits, "{ty} {value}");
        }
    }
}
