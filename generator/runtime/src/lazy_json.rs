//! JSON read only as far as it is needed: a member is found in a document's text by key (an
//! envelope's payload, its success flag) without building a `serde_json::Value` of the rest, and
//! sliced out as text for the typed decode, as hand-written code would read it.

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use std::fmt;

/// The member at `path` (object keys, outermost first) of the JSON document `text`, or `None`
/// where a step is not an object or has no such key; the last of repeated keys counts, as in a
/// `Value`. The document is read once, and must be one well-formed JSON value.
pub(crate) fn at<'a>(text: &'a [u8], path: &[&str]) -> Result<Option<&'a RawValue>, serde_json::Error> {
    let Some((first, rest)) = path.split_first() else {
        return serde_json::from_slice(text).map(Some);
    };
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let found = match deserializer.deserialize_map(FindMember { key: first }) {
        Ok(found) => {
            deserializer.end()?;
            found
        }
        // Not an object: no member, if it is JSON at all.
        Err(error) if error.is_data() => {
            serde_json::from_slice::<IgnoredAny>(text)?;
            None
        }
        Err(error) => return Err(error),
    };
    Ok(found.and_then(|value| rest.iter().try_fold(value, |value, key| member(value, key))))
}

/// The member `key` of `object`, or `None` if it is not an object or has no such member.
fn member<'a>(object: &'a RawValue, key: &str) -> Option<&'a RawValue> {
    let mut deserializer = serde_json::Deserializer::from_str(object.get());
    deserializer.deserialize_map(FindMember { key }).ok().flatten()
}

/// `value` as a `serde_json::Value`; `null` if it cannot be read (it was checked when found).
pub(crate) fn to_value(value: &RawValue) -> Value {
    serde_json::from_str(value.get()).unwrap_or(Value::Null)
}

/// The JSON document `text` as a `Value` without its top-level member `key` (an envelope's
/// success flag, when the payload is the body itself); a document that is not an object whole.
pub(crate) fn to_value_without(text: &[u8], key: &str) -> Result<Value, serde_json::Error> {
    match serde_json::from_slice::<BTreeMap<String, &RawValue>>(text) {
        Ok(members) => Ok(Value::Object(members.into_iter().filter(|(name, _)| name != key).map(|(name, value)| (name, to_value(value))).collect())),
        Err(error) if error.is_data() => serde_json::from_slice(text),
        Err(error) => Err(error),
    }
}

/// Finds one member of an object, skipping the others' values unread.
struct FindMember<'k> {
    key: &'k str,
}

impl<'de> Visitor<'de> for FindMember<'_> {
    type Value = Option<&'de RawValue>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(is_key) = map.next_key_seed(IsKey(self.key))? {
            if is_key {
                found = Some(map.next_value::<&'de RawValue>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }
}

/// Reads an object key and says whether it is the one wanted, escaped or not, without keeping it.
struct IsKey<'k>(&'k str);

impl<'de> DeserializeSeed<'de> for IsKey<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for IsKey<'_> {
    type Value = bool;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object key")
    }

    fn visit_str<E>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn found(text: &str, path: &[&str]) -> Option<String> {
        at(text.as_bytes(), path).expect("json").map(|value| value.get().to_owned())
    }

    #[test]
    fn members_are_found_by_key_escaped_or_not_the_last_repeat_counting() {
        let document = r#" {"data": {"items": [1, 2], "next": "b"}, "ok": true, "d\u0061ta2": 3, "ok": false} "#;
        assert_eq!(found(document, &["data", "items"]).as_deref(), Some("[1, 2]"));
        assert_eq!(found(document, &["data2"]).as_deref(), Some("3"));
        assert_eq!(found(document, &["ok"]).as_deref(), Some("false"));
        assert_eq!(found(document, &[]).as_deref(), Some(document.trim()));
        assert_eq!(found(document, &["data", "items", "x"]), None, "an array has no members");
        assert_eq!(found(document, &["missing"]), None);
        assert_eq!(found("[1, 2]", &["data"]), None, "not an object");
        assert_eq!(found("null", &["data"]), None);
    }

    #[test]
    fn malformed_documents_are_refused_whatever_is_asked() {
        for text in ["{\"a\": 1", "{} {}", "", "[1, 2", "{\"a\": 1} x", "nul"] {
            assert!(at(text.as_bytes(), &["a"]).is_err(), "{text}");
            assert!(at(text.as_bytes(), &[]).is_err(), "{text}");
        }
    }

    #[test]
    fn a_document_becomes_values_without_one_member() {
        let document = br#"{"status": 0, "id": 1, "tags": ["a"]}"#;
        assert_eq!(to_value_without(document, "status").expect("json"), json!({"id": 1, "tags": ["a"]}));
        assert_eq!(to_value_without(b"[1]", "status").expect("json"), json!([1]), "not an object: kept whole");
        assert!(to_value_without(b"{\"status\": ", "status").is_err());
    }
}
