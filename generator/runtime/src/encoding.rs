//! Encodings of values on the wire: path segments, raw paths,
//! `application/x-www-form-urlencoded` bodies and UUIDs. Query strings are encoded by
//! [`reqwest::Url`].

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Characters left as they are in a path segment: RFC 3986 unreserved. Everything else,
/// including `/`, `?`, `#` and `%`, is percent-encoded so a value cannot leave its segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Characters a raw path keeps as they are: unreserved, `/` between segments, and `%` so a
/// caller's own escapes stand.
const RAW_PATH: &AsciiSet = &PATH_SEGMENT.remove(b'/').remove(b'%');

/// Characters encoded in `application/x-www-form-urlencoded` values (all but alphanumerics and
/// `*-._`; spaces become `+` separately).
const FORM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'*').remove(b'-').remove(b'.').remove(b'_');

/// Appends `value` to `out` as one path segment.
pub(crate) fn push_path_segment(out: &mut String, value: &str) {
    out.extend(utf8_percent_encode(value, PATH_SEGMENT));
}

/// `path` encoded for the wire, keeping its `/` separators and existing escapes.
pub(crate) fn raw_path(path: &str) -> String {
    utf8_percent_encode(path, RAW_PATH).to_string()
}

/// Encodes pairs as an `application/x-www-form-urlencoded` body.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    let encode = |text: &str| utf8_percent_encode(text, FORM).to_string().replace("%20", "+");
    pairs.iter().map(|(name, value)| format!("{}={}", encode(name), encode(value))).collect::<Vec<_>>().join("&")
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (RFC 4648 with padding), enough for HTTP Basic and webhook signatures;
/// not worth a dependency.
pub(crate) fn base64_encode(input: &[u8]) -> String {
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let bytes = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let triple = (u32::from(bytes[0]) << 16) | (u32::from(bytes[1]) << 8) | u32::from(bytes[2]);
        for index in 0..4 {
            if index <= chunk.len() {
                let sextet = (triple >> (18 - 6 * index)) & 0x3f;
                out.push(char::from(BASE64[sextet as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `value` with every whole float (`2.0`, as an `f64` field holding 2 serializes) written as the
/// integer it is, recursively: form fields, multipart parts and bracketed pairs say `2`, as query
/// parameters do, and tests compare JSON numbers by value. Floats beyond 2^53 stay floats: not
/// every integer there has an `f64` of its own.
pub fn whole_floats_as_integers(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match value {
        Value::Number(number) if !number.is_i64() && !number.is_u64() => match number.as_f64() {
            // Whole and within ±2^53, so the conversion is exact.
            Some(float) if float.fract() == 0.0 && float.abs() <= EXACT => Value::from(float as i64),
            _ => Value::Number(number),
        },
        Value::Object(map) => Value::Object(map.into_iter().map(|(key, member)| (key, whole_floats_as_integers(member))).collect()),
        Value::Array(items) => Value::Array(items.into_iter().map(whole_floats_as_integers).collect()),
        other => other,
    }
}

/// `value` as bracketed form or query pairs under `name`, the Rails, PHP and Stripe
/// convention: `name[key]=...` for object members, `name[]=...` for lists of scalars,
/// `name[0][key]=...` for lists of objects or lists; nulls are left out, other scalars written
/// as text (`true`, `12.5`).
pub fn bracket_pairs(name: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    match value {
        Value::Null => {}
        Value::String(text) => out.push((name.to_owned(), text.clone())),
        Value::Bool(_) | Value::Number(_) => out.push((name.to_owned(), value.to_string())),
        Value::Object(members) => {
            for (key, member) in members {
                bracket_pairs(&format!("{name}[{key}]"), member, out);
            }
        }
        Value::Array(items) => {
            let scalars = items.iter().all(|item| !matches!(item, Value::Object(_) | Value::Array(_)));
            for (index, item) in items.iter().enumerate() {
                let key = if scalars { format!("{name}[]") } else { format!("{name}[{index}]") };
                bracket_pairs(&key, item, out);
            }
        }
    }
}

/// A random (version 4) UUID in its hyphenated lowercase form, from the operating system's
/// random source; the error says why that source failed.
pub(crate) fn uuid_v4() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|error| error.to_string())?;
    Ok(format_uuid_v4(bytes))
}

/// `bytes` as a version 4, variant 1 UUID (RFC 9562): six of its bits are fixed.
fn format_uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut text = String::with_capacity(36);
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push(char::from(HEX[usize::from(byte >> 4)]));
        text.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    text
}

const HEX: &[u8; 16] = b"0123456789abcdef";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_floats_are_written_as_integers() {
        let value = serde_json::json!({"a": 2.0, "b": [1e-7, 3, -4.0], "c": 1e300, "d": 1e17, "e": -0.0});
        assert_eq!(whole_floats_as_integers(value), serde_json::json!({"a": 2, "b": [1e-7, 3, -4], "c": 1e300, "d": 1e17, "e": 0}));
    }

    #[test]
    fn nested_values_become_bracketed_pairs() {
        let value = serde_json::json!({
            "metadata": {"order_id": "6735", "gift": true},
            "expand": ["customer", "invoice"],
            "items": [{"price": "price_1", "quantity": 2}],
            "note": null,
        });
        let mut pairs = Vec::new();
        for (name, member) in value.as_object().expect("object") {
            bracket_pairs(name, member, &mut pairs);
        }
        let shown: Vec<String> = pairs.iter().map(|(name, value)| format!("{name}={value}")).collect();
        assert_eq!(shown, ["expand[]=customer", "expand[]=invoice", "items[0][price]=price_1", "items[0][quantity]=2", "metadata[gift]=true", "metadata[order_id]=6735"]);
    }

    #[test]
    fn uuids_are_version_4_variant_1_and_differ() {
        assert_eq!(format_uuid_v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(format_uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
        let (first, second) = (uuid_v4().expect("random"), uuid_v4().expect("random"));
        assert_ne!(first, second);
        assert_eq!((first.len(), &first[14..15]), (36, "4"));
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let vectors = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")];
        for (input, expected) in vectors {
            assert_eq!(base64_encode(input.as_bytes()), expected);
        }
    }

    #[test]
    fn form_encoding_follows_the_html_rules() {
        assert_eq!(form_encode(&[("code", "a b&c=d/é"), ("x", "*-._~")]), "code=a+b%26c%3Dd%2F%C3%A9&x=*-._%7E");
    }

    #[test]
    fn a_segment_cannot_leave_its_place_and_a_raw_path_keeps_its_own() {
        let mut out = String::from("/users/");
        push_path_segment(&mut out, "a/b?c#d%e f");
        assert_eq!(out, "/users/a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(raw_path("/v2/a b/%41"), "/v2/a%20b/%41");
    }
}
