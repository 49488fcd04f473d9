//! Serde helpers used by generated models.
//!
//! Generated models implement `Serialize` and `Deserialize` by hand rather than with serde's
//! derive, because the derive's output is most of a client crate's compile time: for every model
//! it emits a field enum with its own visitor, a sequence visitor no JSON API needs, and a
//! duplicate check per field. Here the generic part (the member loop, key decoding, skipping
//! unknown members) is written once; a model supplies only [`ObjectFields`], a `match` on member
//! names, and serializes with [`ObjectWriter`].

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::marker::PhantomData;

/// The error of a union value that fits none of its alternatives: names the union, the
/// alternatives (`string, Customer`) and what the value was.
pub fn no_alternative<E: de::Error>(value: &serde_json::Value, union: &str, alternatives: &str) -> E {
    let found = match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    };
    E::custom(format_args!("{found} that fits none of the alternatives of `{union}` ({alternatives})"))
}

/// What a generated model declares to be decoded from a JSON object by [`deserialize_object`].
///
/// The implementing type collects members as they arrive (a model whose fields are all
/// optional collects into itself; otherwise a private partial type holds the required fields
/// as `Option`s) and [`finish`](ObjectFields::finish) turns it into the model.
pub trait ObjectFields<'de>: Default {
    /// The model being decoded.
    type Model;

    /// What the decoder expected, for error messages, for example "a JSON object (`User`)".
    const EXPECTING: &'static str;

    /// Decodes the value of the member `key` into its field. Returns `Ok(false)` when the model
    /// has no such member; the caller then skips the value, so new members on the server do not
    /// break decoding.
    fn member<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;

    /// The model once every member has been read, or `Err(name)` naming a required member that
    /// was absent.
    fn finish(self) -> Result<Self::Model, &'static str>;
}

/// Decodes a model from an object. Unknown members are skipped; when a member appears twice,
/// the last value wins, as in `serde_json::Value` and JavaScript.
pub fn deserialize_object<'de, F: ObjectFields<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<F::Model, D::Error> {
    deserializer.deserialize_map(ObjectVisitor::<F>(PhantomData))
}

struct ObjectVisitor<F>(PhantomData<F>);

impl<'de, F: ObjectFields<'de>> Visitor<'de> for ObjectVisitor<F> {
    type Value = F::Model;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(F::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<F::Model, A::Error> {
        let mut fields = F::default();
        while let Some(key) = map.next_key::<MemberName<'de>>()? {
            if !fields.member(key.as_str(), &mut map)? {
                map.next_value::<IgnoredAny>()?;
            }
        }
        fields.finish().map_err(de::Error::missing_field)
    }
}

/// A member name, borrowed from the input when it has no escapes.
enum MemberName<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl MemberName<'_> {
    fn as_str(&self) -> &str {
        match self {
            Self::Borrowed(name) => name,
            Self::Owned(name) => name,
        }
    }
}

impl<'de> Deserialize<'de> for MemberName<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NameVisitor;

        impl<'de> Visitor<'de> for NameVisitor {
            type Value = MemberName<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a member name")
            }

            fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Self::Value, E> {
                Ok(MemberName::Borrowed(name))
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<Self::Value, E> {
                Ok(MemberName::Owned(name.to_owned()))
            }

            fn visit_string<E: de::Error>(self, name: String) -> Result<Self::Value, E> {
                Ok(MemberName::Owned(name))
            }
        }

        deserializer.deserialize_str(NameVisitor)
    }
}

/// Writes a model as an object, member by member.
///
/// The serializer is not told the number of members in advance (optional members are left out
/// when unset), as for a map built on the fly: JSON, YAML and CBOR do not need it, and
/// MessagePack (`rmp-serde`) counts while it writes.
pub struct ObjectWriter<S: Serializer> {
    map: S::SerializeMap,
}

impl<S: Serializer> ObjectWriter<S> {
    /// Starts an object.
    pub fn new(serializer: S) -> Result<Self, S::Error> {
        Ok(Self { map: serializer.serialize_map(None)? })
    }

    /// Writes a member.
    pub fn member<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), S::Error> {
        self.map.serialize_entry(name, value)
    }

    /// Writes a member when it is set; `None` leaves it out.
    pub fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) -> Result<(), S::Error> {
        match value {
            Some(value) => self.map.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    /// Ends the object.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_value_fitting_no_alternative_is_named_with_the_union() {
        let error: serde_json::Error = no_alternative(&json!(12), "CustomerRef", "string, Customer");
        assert_eq!(error.to_string(), "a number that fits none of the alternatives of `CustomerRef` (string, Customer)");
    }

    /// A model as apigen emits it: `id` required, `note` optional, `group` optional and
    /// nullable (tri-state in requests).
    #[derive(Debug, Default, PartialEq)]
    struct Patch {
        id: String,
        note: Option<String>,
        group: Option<Option<String>>,
    }

    #[derive(Default)]
    struct PartialPatch {
        id: Option<String>,
        note: Option<String>,
        group: Option<Option<String>>,
    }

    impl<'de> ObjectFields<'de> for PartialPatch {
        type Model = Patch;
        const EXPECTING: &'static str = "a JSON object (`Patch`)";

        fn member<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
            match key {
                "id" => self.id = Some(map.next_value()?),
                "note" => self.note = map.next_value()?,
                "group" => self.group = Some(map.next_value()?),
                _ => return Ok(false),
            }
            Ok(true)
        }

        fn finish(self) -> Result<Patch, &'static str> {
            Ok(Patch { id: self.id.ok_or("id")?, note: self.note, group: self.group })
        }
    }

    impl<'de> Deserialize<'de> for Patch {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_object::<PartialPatch, D>(deserializer)
        }
    }

    impl Serialize for Patch {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut object = ObjectWriter::new(serializer)?;
            object.member("id", &self.id)?;
            object.optional("note", &self.note)?;
            object.optional("group", &self.group)?;
            object.end()
        }
    }

    fn patch(id: &str, note: Option<&str>, group: Option<Option<&str>>) -> Patch {
        Patch { id: id.to_owned(), note: note.map(str::to_owned), group: group.map(|group| group.map(str::to_owned)) }
    }

    #[test]
    fn absent_null_and_value_are_distinct() {
        assert_eq!(serde_json::to_value(patch("p", None, None)).unwrap(), json!({"id": "p"}));
        assert_eq!(serde_json::to_value(patch("p", None, Some(None))).unwrap(), json!({"id": "p", "group": null}));
        assert_eq!(serde_json::to_value(patch("p", Some("n"), Some(Some("g")))).unwrap(), json!({"id": "p", "note": "n", "group": "g"}));
        assert_eq!(serde_json::from_str::<Patch>(r#"{"id": "p"}"#).unwrap(), patch("p", None, None));
        assert_eq!(serde_json::from_str::<Patch>(r#"{"id": "p", "note": null, "group": null}"#).unwrap(), patch("p", None, Some(None)));
        assert_eq!(serde_json::from_str::<Patch>(r#"{"id": "p", "group": "g"}"#).unwrap(), patch("p", None, Some(Some("g"))));
    }

    #[test]
    fn unknown_members_are_skipped_and_the_last_duplicate_wins() {
        let text = r#"{"extra": {"deep": [1, {"id": "no"}]}, "id": "first", "id": "second", "more": null}"#;
        assert_eq!(serde_json::from_str::<Patch>(text).unwrap(), patch("second", None, None));
        // Member names with escapes are not borrowed from the input but still match.
        assert_eq!(serde_json::from_str::<Patch>(r#"{"\u0069d": "p"}"#).unwrap(), patch("p", None, None));
        // Decoding from a `Value` gives owned names.
        assert_eq!(serde_json::from_value::<Patch>(json!({"id": "p", "note": "n"})).unwrap(), patch("p", Some("n"), None));
    }

    #[test]
    fn errors_name_the_member_and_what_was_expected() {
        let missing = serde_json::from_str::<Patch>(r#"{"note": "n"}"#).unwrap_err().to_string();
        assert_eq!(missing, "missing field `id` at line 1 column 13");
        let null_required = serde_json::from_str::<Patch>(r#"{"id": null}"#).unwrap_err().to_string();
        assert!(null_required.starts_with("invalid type: null, expected a string"), "{null_required}");
        let not_object = serde_json::from_str::<Patch>("[1]").unwrap_err().to_string();
        assert!(not_object.starts_with("invalid type: sequence, expected a JSON object (`Patch`)"), "{not_object}");
        let bad_name = serde_json::from_value::<Patch>(serde_json::Value::Array(vec![])).unwrap_err().to_string();
        assert!(bad_name.contains("expected a JSON object (`Patch`)"), "{bad_name}");
    }

    #[test]
    fn members_are_written_in_declaration_order_and_unset_ones_left_out() {
        use serde_test::{Token, assert_ser_tokens};
        assert_ser_tokens(&patch("p", None, None), &[Token::Map { len: None }, Token::Str("id"), Token::Str("p"), Token::MapEnd]);
        assert_ser_tokens(
            &patch("p", Some("n"), Some(None)),
            &[
                Token::Map { len: None },
                Token::Str("id"),
                Token::Str("p"),
                Token::Str("note"),
                Token::Str("n"),
                Token::Str("group"),
                Token::None,
                Token::MapEnd,
            ],
        );
    }
}
