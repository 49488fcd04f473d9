//! Serde helpers used by generated models.

/// For fields that are optional *and* nullable in a request: `None` leaves the field out,
/// `Some(None)` sends `null` (clears it), `Some(Some(v))` sends the value. Use with
/// `#[serde(default, skip_serializing_if = "Option::is_none", with = "double_option")]`.
pub mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Serializes the inner option (`null` or the value).
    pub fn serialize<T: Serialize, S: Serializer>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    /// A present field becomes `Some(..)`, even when it is `null`.
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Option::is_none", with = "super::double_option")]
        group_id: Option<Option<String>>,
    }

    #[test]
    fn absent_null_and_value_are_distinct() {
        assert_eq!(serde_json::to_value(Patch::default()).unwrap(), json!({}));
        assert_eq!(serde_json::to_value(Patch { group_id: Some(None) }).unwrap(), json!({"group_id": null}));
        assert_eq!(serde_json::to_value(Patch { group_id: Some(Some("g".into())) }).unwrap(), json!({"group_id": "g"}));
        assert_eq!(serde_json::from_value::<Patch>(json!({})).unwrap(), Patch::default());
        assert_eq!(serde_json::from_value::<Patch>(json!({"group_id": null})).unwrap(), Patch { group_id: Some(None) });
    }
}
