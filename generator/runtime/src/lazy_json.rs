//! JSON read only as far as it is needed, from the text: a member found by key without building
//! a `serde_json::Value` of the rest (an envelope's payload, sliced out of the body), an
//! envelope's success flag read up to where it is, and a payload decoded into its type in the
//! same reading that finds it, as a hand-written envelope struct would be.

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;
use std::fmt;
use std::marker::PhantomData;

/// The member at `path` (object keys, outermost first) of the JSON document `text`, or `None`
/// where a step is not an object or has no such key; the last of repeated keys counts, as in a
/// `Value`. The document is read once, and must be one well-formed JSON value.
pub(crate) fn at<'a>(text: &'a [u8], path: &[&str]) -> Result<Option<&'a RawValue>, serde_json::Error> {
    decode_at::<&RawValue>(text, path)
}

/// The member at `path` of the JSON document `text` decoded as `T` in one reading of the text, or
/// `None` where the document has none (as [`at`] finds it).
pub(crate) fn decode_at<'a, T: Deserialize<'a>>(text: &'a [u8], path: &[&str]) -> Result<Option<T>, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let found = DecodeAt { path, value: PhantomData }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(found)
}

/// The value at `path` of the JSON document `text`, read only up to the first member on the
/// path (an envelope's success flag, usually its first member); the rest of the document is
/// checked when the payload is read. `None` where the document has none.
pub(crate) fn first_at(text: &[u8], path: &[&str]) -> Result<Option<Value>, serde_json::Error> {
    let Some((first, rest)) = path.split_first() else {
        return serde_json::from_slice(text).map(Some);
    };
    let mut found = None;
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    // Stopping at the member leaves the object unread to its end, which the deserializer reports
    // as an error; with the member found, that is expected.
    let read = deserializer.deserialize_map(FirstMember { key: first, found: &mut found });
    match (read, found) {
        (_, Some(member)) => Ok(decode_at::<Value>(member.get().as_bytes(), rest)?),
        (Ok(()), None) => deserializer.end().map(|()| None),
        // Not an object: no member, if it is JSON at all.
        (Err(error), None) if error.is_data() => serde_json::from_slice::<IgnoredAny>(text).map(|_| None),
        (Err(error), None) => Err(error),
    }
}

/// The JSON document `text` as a `Value` without its top-level member `key` (an envelope's
/// success flag, when the payload is the body itself); a document that is not an object whole.
pub(crate) fn to_value_without(text: &[u8], key: &str) -> Result<Value, serde_json::Error> {
    let mut document: Value = serde_json::from_slice(text)?;
    if let Value::Object(members) = &mut document {
        members.remove(key);
    }
    Ok(document)
}

/// Decodes the member at `path` as `T`, skipping everything else unread; `None` where a step is
/// not an object or has no such key.
struct DecodeAt<'p, T> {
    path: &'p [&'p str],
    value: PhantomData<fn() -> T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for DecodeAt<'_, T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        if self.path.is_empty() {
            return T::deserialize(deserializer).map(Some);
        }
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for DecodeAt<'_, T> {
    type Value = Option<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        let (first, rest) = self.path.split_first().map_or(("", &[][..]), |(first, rest)| (*first, rest));
        let mut found = None;
        while let Some(is_key) = map.next_key_seed(IsKey(first))? {
            if is_key {
                found = map.next_value_seed(DecodeAt { path: rest, value: PhantomData })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    // Anything but an object has no members.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<T>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_str<E>(self, _: &str) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_unit<E>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
}

/// Finds the first member named `key` of an object and stops reading there.
struct FirstMember<'k, 'f, 'de> {
    key: &'k str,
    found: &'f mut Option<&'de RawValue>,
}

impl<'de> Visitor<'de> for FirstMember<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(is_key) = map.next_key_seed(IsKey(self.key))? {
            if is_key {
                *self.found = Some(map.next_value()?);
                return Ok(());
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
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
    use std::collections::BTreeMap;

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
    fn payloads_decode_in_the_reading_that_finds_them() {
        let document = br#"{"success": true, "data": {"advertiser": {"id": 7}}, "more": [1, {"a": "b"}]}"#;
        assert_eq!(decode_at::<BTreeMap<String, u32>>(document, &["data", "advertiser"]).expect("json"), Some(BTreeMap::from([("id".to_owned(), 7)])));
        assert_eq!(decode_at::<u32>(document, &["data", "missing"]).expect("json"), None);
        assert!(decode_at::<String>(document, &["success"]).is_err(), "a payload of the wrong type");
        assert!(decode_at::<u32>(br#"{"data": 1, "x": }"#, &["data"]).is_err(), "the whole document is checked");
    }

    #[test]
    fn flags_are_read_up_to_where_they_are() {
        assert_eq!(first_at(br#"{"success": true, "data": {"a": 1}}"#, &["success"]).expect("json"), Some(json!(true)));
        // What follows the flag is read with the payload, not here.
        assert_eq!(first_at(br#"{"success": false, "data": {"#, &["success"]).expect("json"), Some(json!(false)));
        assert_eq!(first_at(br#"{"data": 1, "meta": {"ok": 0}}"#, &["meta", "ok"]).expect("json"), Some(json!(0)));
        assert_eq!(first_at(br#"{"data": 1}"#, &["success"]).expect("json"), None);
        assert_eq!(first_at(b"[1]", &["success"]).expect("json"), None);
        assert!(first_at(br#"{"data": 1"#, &["success"]).is_err(), "malformed before any flag");
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
