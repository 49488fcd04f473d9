//! Helpers for the tests that the generator emits from spec examples.

use crate::encoding::whole_floats_as_integers;
use serde_json::Value;

/// Removes `null` members from objects, recursively. An absent optional field and an explicit
/// `null` decode to the same model value, so comparisons ignore the difference.
pub fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter().filter(|(_, member)| !member.is_null()).map(|(key, member)| (key, without_nulls(member))).collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

/// Asserts that `decoded`, serialized again, is the JSON `expected` (ignoring `null` members,
/// numbers compared by value): the model kept every field of the example and changed none.
#[track_caller]
pub fn assert_round_trip<T: serde::Serialize>(decoded: &T, expected: Value) {
    let actual = whole_floats_as_integers(without_nulls(serde_json::to_value(decoded).expect("decoded values serialize")));
    let expected = whole_floats_as_integers(without_nulls(expected));
    assert_eq!(actual, expected, "decoded response differs from the example (left: decoded, right: example)");
}

/// A request as a mock server recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// HTTP method.
    pub method: String,
    /// URL path, percent-encoded as sent.
    pub path: String,
    /// Decoded query pairs in the order sent.
    pub query: Vec<(String, String)>,
    /// Headers (names lowercase).
    pub headers: Vec<(String, String)>,
    /// Raw body.
    pub body: Vec<u8>,
}

/// What a generated test expects on the wire.
#[derive(Debug, Clone)]
pub struct ExpectedRequest<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// URL path, percent-encoded.
    pub path: &'a str,
    /// Every query pair, in any order.
    pub query: &'a [(&'a str, &'a str)],
    /// Query parameters whose values are JSON text, compared as JSON rather than as text.
    pub json_params: &'a [&'a str],
    /// Headers that must be present with these values (others may be present too).
    pub headers: &'a [(&'a str, &'a str)],
    /// Headers that must be present once, whatever their value (a fresh idempotency key).
    pub present_headers: &'a [&'a str],
    /// The body.
    pub body: ExpectedBody<'a>,
}

/// The body a generated test expects.
#[derive(Debug, Clone)]
pub enum ExpectedBody<'a> {
    /// No body.
    None,
    /// A JSON body equal to this value.
    Json(Value),
    /// A `multipart/form-data` body with these parts in this order: (name, content), a file
    /// part's content as text.
    Multipart(&'a [(&'a str, &'a str)]),
    /// Exactly these bytes, with this content type.
    Raw {
        /// The `Content-Type`.
        content_type: &'a str,
        /// The bytes.
        bytes: &'a [u8],
    },
}

impl ExpectedRequest<'_> {
    /// Asserts that `recorded` is this request.
    #[track_caller]
    pub fn assert_matches(&self, recorded: &RecordedRequest) {
        assert_eq!(recorded.method, self.method, "HTTP method");
        assert_eq!(recorded.path, self.path, "URL path");
        let canonical = |name: &str, value: &str| -> String {
            if self.json_params.contains(&name) {
                serde_json::from_str::<Value>(value).map_or_else(|_| value.to_owned(), |json| whole_floats_as_integers(json).to_string())
            } else {
                value.to_owned()
            }
        };
        let mut expected_query: Vec<(String, String)> = self.query.iter().map(|(k, v)| ((*k).to_owned(), canonical(k, v))).collect();
        let mut actual_query: Vec<(String, String)> = recorded.query.iter().map(|(k, v)| (k.clone(), canonical(k, v))).collect();
        expected_query.sort();
        actual_query.sort();
        assert_eq!(actual_query, expected_query, "query parameters (left: sent, right: expected)");
        for (name, value) in self.headers {
            let sent: Vec<&str> = recorded
                .headers
                .iter()
                .filter(|(header, _)| header.eq_ignore_ascii_case(name))
                .map(|(_, value)| value.as_str())
                .collect();
            assert_eq!(sent, vec![*value], "header `{name}`");
        }
        for name in self.present_headers {
            let count = recorded.headers.iter().filter(|(header, _)| header.eq_ignore_ascii_case(name)).count();
            assert_eq!(count, 1, "header `{name}` sent once");
        }
        let content_type = recorded.headers.iter().find(|(name, _)| name.eq_ignore_ascii_case("content-type")).map(|(_, value)| value.as_str());
        match &self.body {
            ExpectedBody::Raw { content_type: expected_type, bytes } => {
                assert_eq!(recorded.body.as_slice(), *bytes, "raw body");
                assert_eq!(content_type, Some(*expected_type), "content type");
            }
            ExpectedBody::Json(expected) => {
                let actual: Value = serde_json::from_slice(&recorded.body).unwrap_or_else(|error| {
                    panic!("the request body is not JSON ({error}): {}", String::from_utf8_lossy(&recorded.body))
                });
                assert_eq!(whole_floats_as_integers(actual), whole_floats_as_integers(expected.clone()), "JSON body (left: sent, right: expected)");
                assert_eq!(content_type, Some("application/json"), "content type");
            }
            ExpectedBody::Multipart(expected) => {
                let boundary = content_type.and_then(|value| value.strip_prefix("multipart/form-data; boundary=")).unwrap_or_else(|| panic!("content type {content_type:?}, not multipart"));
                let parts = multipart_parts(&recorded.body, boundary);
                let parts: Vec<(&str, &str)> = parts.iter().map(|(name, content)| (name.as_str(), content.as_str())).collect();
                assert_eq!(parts, *expected, "multipart parts (left: sent, right: expected)");
            }
            ExpectedBody::None => assert!(recorded.body.is_empty(), "expected no body, sent {}", String::from_utf8_lossy(&recorded.body)),
        }
    }
}

/// The (name, content) of each part of a multipart `body` framed by `boundary`.
#[track_caller]
pub fn multipart_parts(body: &[u8], boundary: &str) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(body);
    let delimiter = format!("--{boundary}");
    let closing = format!("{delimiter}--");
    assert!(text.trim_end().ends_with(&closing), "the body does not end with the closing delimiter: {text}");
    text.split(delimiter.as_str())
        .skip(1)
        .filter(|part| !part.starts_with("--"))
        .map(|part| {
            let part = part.strip_prefix("\r\n").unwrap_or(part);
            let (head, content) = part.split_once("\r\n\r\n").unwrap_or_else(|| panic!("a part without headers: {part}"));
            let name = head
                .split("\r\n")
                .find_map(|line| line.strip_prefix("Content-Disposition: form-data; name=\""))
                .and_then(|rest| rest.split('"').next())
                .unwrap_or_else(|| panic!("a part without a name: {head}"));
            (name.to_owned(), content.strip_suffix("\r\n").unwrap_or(content).to_owned())
        })
        .collect()
}

/// Parses JSON text written into a generated test.
#[track_caller]
pub fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("example JSON does not parse: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn whole_floats_compare_as_the_integers_they_are() {
        assert_round_trip(&json!({"amount": 2.0, "gone": null, "ratio": 0.5}), json!({"amount": 2, "ratio": 0.5}));
    }

    #[test]
    fn nulls_are_dropped_recursively() {
        let value = json!({"a": null, "b": [{"c": null, "d": 1}], "e": {"f": null}});
        assert_eq!(without_nulls(value), json!({"b": [{"d": 1}], "e": {}}));
    }
}
