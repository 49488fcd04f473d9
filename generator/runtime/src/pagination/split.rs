//! A page's payload read in one pass: its items decoded from the text straight into their type,
//! as hand-written code decodes a page struct, and only the rest of the payload (next link,
//! cursor, flags, totals, metadata) read into `Value`s.

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// A page's items as read: decoded, or their text, kept when the style must look at it (numbered
/// and offset pages are compared by their items' text; last-item cursors read the last item).
pub(crate) enum Items<'de, T> {
    Decoded(Vec<T>),
    Text(&'de RawValue),
}

/// A payload split at its items.
pub(crate) struct Split<'de, T> {
    /// The items, or `None` if the payload has no member at their path.
    pub(crate) items: Option<Items<'de, T>>,
    /// The payload without its items.
    pub(crate) rest: Value,
}

/// How a page's items are read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reading {
    /// Keep the items' text undecoded.
    pub(crate) keep_text: bool,
    /// How many items to make room for at once (the previous page's count), so a page of large
    /// items is not moved as its list grows.
    pub(crate) capacity: usize,
}

/// Reads the payload `text` in one pass, splitting it at `path` (object keys, outermost first;
/// empty when the payload is the list).
pub(crate) fn split<'de, T: Deserialize<'de>>(text: &'de [u8], path: &[&str], reading: Reading) -> Result<Split<'de, T>, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let split = SplitAt { path, reading, item: PhantomData }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(split)
}

/// Decodes items kept as text, making room for `capacity` at once.
pub(crate) fn decode<'de, T: Deserialize<'de>>(items: &'de RawValue, capacity: usize) -> Result<Vec<T>, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(items.get().as_bytes());
    ItemsSeed { capacity, item: PhantomData }.deserialize(&mut deserializer)
}

/// The last item of items kept as text, as a `Value`.
pub(crate) fn last(items: &RawValue) -> Option<Value> {
    let items: Vec<&RawValue> = serde_json::from_str(items.get()).ok()?;
    serde_json::from_str(items.last()?.get()).ok()
}

struct SplitAt<'p, T> {
    path: &'p [&'p str],
    reading: Reading,
    item: PhantomData<fn() -> T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for SplitAt<'_, T> {
    type Value = Split<'de, T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        if !self.path.is_empty() {
            // `null` (an envelope without its payload) has no items; anything else must be an object.
            return deserializer.deserialize_option(self);
        }
        let items = match self.reading.keep_text {
            true => Items::Text(<&RawValue>::deserialize(deserializer)?),
            false => Items::Decoded(ItemsSeed { capacity: self.reading.capacity, item: PhantomData }.deserialize(deserializer)?),
        };
        Ok(Split { items: Some(items), rest: Value::Null })
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for SplitAt<'_, T> {
    type Value = Split<'de, T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "a JSON object holding the page's items at `{}`", self.path.join("."))
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Split { items: None, rest: Value::Null })
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (first, inner_path) = self.path.split_first().map_or(("", &[][..]), |(first, rest)| (*first, rest));
        let mut rest = Map::new();
        let mut items = None;
        while let Some(key) = map.next_key_seed(KeyText)? {
            if key == first {
                let inner = map.next_value_seed(SplitAt { path: inner_path, reading: self.reading, item: PhantomData })?;
                items = inner.items;
                // An object around the items stays, without them.
                if !inner_path.is_empty() {
                    rest.insert(key.into_owned(), inner.rest);
                }
            } else {
                rest.insert(key.into_owned(), map.next_value()?);
            }
        }
        Ok(Split { items, rest: Value::Object(rest) })
    }
}

/// An object key, borrowed from the text unless it has escapes (the items' key is only compared).
struct KeyText;

impl<'de> DeserializeSeed<'de> for KeyText {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyText {
    type Value = Cow<'de, str>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(key))
    }

    fn visit_str<E>(self, key: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(key.to_owned()))
    }
}

/// Items: an array, `null` for none, or an object whose values are the records (some providers
/// key records by id), in the order sent.
struct ItemsSeed<T> {
    capacity: usize,
    item: PhantomData<fn() -> T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for ItemsSeed<T> {
    type Value = Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ItemsSeed<T> {
    type Value = Vec<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a list of items, an object of records, or null")
    }

    fn visit_unit<E>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(self.capacity);
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(items)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
        let mut records = Vec::new();
        while map.next_key::<IgnoredAny>()?.is_some() {
            records.push(map.next_value()?);
        }
        Ok(records)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decoded(text: &str, path: &[&str]) -> (Option<Vec<u32>>, Value) {
        let split = split::<u32>(text.as_bytes(), path, Reading { keep_text: false, capacity: 0 }).expect("page");
        let items = split.items.map(|items| match items {
            Items::Decoded(items) => items,
            Items::Text(text) => panic!("kept as text: {text}"),
        });
        (items, split.rest)
    }

    #[test]
    fn pages_split_into_items_and_the_rest() {
        assert_eq!(decoded(r#"{"results": [1, 2], "next": "b", "count": 2}"#, &["results"]), (Some(vec![1, 2]), json!({"next": "b", "count": 2})));
        assert_eq!(decoded(r#"{"data": {"items": [3], "total": 1}, "ok": true}"#, &["data", "items"]), (Some(vec![3]), json!({"data": {"total": 1}, "ok": true})));
        assert_eq!(decoded("[4, 5]", &[]), (Some(vec![4, 5]), Value::Null));
        assert_eq!(decoded(r#"{"items": null}"#, &["items"]), (Some(vec![]), json!({})));
        assert_eq!(decoded(r#"{"items": {"b": 7, "a": 6}}"#, &["items"]), (Some(vec![7, 6]), json!({})), "records keyed by id, in the order sent");
        assert_eq!(decoded(r#"{"next": null}"#, &["items"]), (None, json!({"next": null})));
        assert_eq!(decoded("null", &["items"]), (None, Value::Null), "an envelope without its payload");
        assert_eq!(decoded(r#"{"data": null}"#, &["data", "items"]), (None, json!({"data": null})));
    }

    #[test]
    fn items_kept_as_text_decode_later() {
        let split = split::<u32>(br#"{"items": [1, 2, 3], "page": 1}"#, &["items"], Reading { keep_text: true, capacity: 0 }).expect("page");
        let Some(Items::Text(text)) = split.items else { panic!("not kept") };
        assert_eq!(text.get(), "[1, 2, 3]");
        assert_eq!(decode::<u32>(text, 8).expect("items"), vec![1, 2, 3]);
        assert_eq!(last(text), Some(json!(3)));
    }

    #[test]
    fn malformed_pages_and_items_are_errors() {
        for text in [r#"{"items": [1, "x"]}"#, r#"{"items": [1]"#, r#"{"items": [1]} {}"#, "5", r#"{"items": 5}"#, ""] {
            assert!(split::<u32>(text.as_bytes(), &["items"], Reading { keep_text: false, capacity: 2 }).is_err(), "{text}");
        }
    }
}
