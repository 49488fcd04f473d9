//! A typed `filter` query parameter in the style of Mongoose- and LoopBack-backed APIs: a JSON
//! object with `where` conditions, `include` (populate) directives, `sort`, `group` and `fields`,
//! sent URL-encoded in the query (`?filter={"where":{...}}`).

use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

/// One condition on a field: an exact match, or (with `include`) a substring match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    /// The value to match.
    pub value: String,
    /// `Some("include")` for a substring match; absent for an exact match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_type: Option<String>,
}

impl Condition {
    /// Matches the field's exact value.
    pub fn exact(value: impl Into<String>) -> Self {
        Self { value: value.into(), search_type: None }
    }

    /// Matches fields that contain `value`.
    pub fn includes(value: impl Into<String>) -> Self {
        Self { value: value.into(), search_type: Some("include".to_owned()) }
    }
}

/// Sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Ascending.
    Asc,
    /// Descending.
    Desc,
}

impl Order {
    fn as_str(self) -> &'static str {
        match self {
            Order::Asc => "asc",
            Order::Desc => "desc",
        }
    }
}

/// Replaces a reference field of the results by the document it points to, keeping `select`ed
/// fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Include {
    /// The reference field.
    pub path: String,
    /// Fields of the included document, separated by spaces.
    pub select: String,
}

/// A filter; build it with the methods, then pass it to an endpoint's `filter` setter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    sort: Vec<(String, Order)>,
    conditions: Vec<(String, Vec<Condition>)>,
    include: Vec<Include>,
    group: Option<String>,
    fields: Vec<String>,
}

impl Filter {
    /// An empty filter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Results whose `field` is exactly `value`.
    pub fn exact(self, field: impl Into<String>, value: impl Into<String>) -> Self {
        self.any_of(field, [Condition::exact(value)])
    }

    /// Results whose `field` contains `value`.
    pub fn includes(self, field: impl Into<String>, value: impl Into<String>) -> Self {
        self.any_of(field, [Condition::includes(value)])
    }

    /// Results whose `field` matches any of `conditions` (an OR list).
    pub fn any_of(mut self, field: impl Into<String>, conditions: impl IntoIterator<Item = Condition>) -> Self {
        self.conditions.push((field.into(), conditions.into_iter().collect()));
        self
    }

    /// Replaces the reference `path` by its document, keeping the space-separated `select` fields.
    pub fn include(mut self, path: impl Into<String>, select: impl Into<String>) -> Self {
        self.include.push(Include { path: path.into(), select: select.into() });
        self
    }

    /// Sorts by `field`; later calls sort ties.
    pub fn sort(mut self, field: impl Into<String>, order: Order) -> Self {
        self.sort.push((field.into(), order));
        self
    }

    /// Groups results by `field`.
    pub fn group(mut self, field: impl Into<String>) -> Self {
        self.group = Some(field.into());
        self
    }

    /// Returns only these fields.
    pub fn fields<S: Into<String>>(mut self, fields: impl IntoIterator<Item = S>) -> Self {
        self.fields.extend(fields.into_iter().map(Into::into));
        self
    }
}

/// A JSON object with the keys in insertion order.
struct OrderedMap<'a, V>(&'a [(String, V)]);

impl<V: Serialize> Serialize for OrderedMap<'_, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// A single condition serializes as an object, several as an array (an OR list).
struct Conditions<'a>(&'a [Condition]);

impl Serialize for Conditions<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            [single] => single.serialize(serializer),
            many => many.serialize(serializer),
        }
    }
}

impl Serialize for Filter {
    /// Keys in the order the provider documents: `sort`, `where`, `include`, `group`, `fields`;
    /// empty parts are left out.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = serializer.serialize_struct("Filter", 5)?;
        if !self.sort.is_empty() {
            let sort: Vec<(String, &str)> = self.sort.iter().map(|(field, order)| (field.clone(), order.as_str())).collect();
            object.serialize_field("sort", &OrderedMap(&sort))?;
        } else {
            object.skip_field("sort")?;
        }
        if !self.conditions.is_empty() {
            let conditions: Vec<(String, Conditions<'_>)> =
                self.conditions.iter().map(|(field, list)| (field.clone(), Conditions(list))).collect();
            object.serialize_field("where", &OrderedMap(&conditions))?;
        } else {
            object.skip_field("where")?;
        }
        if !self.include.is_empty() {
            object.serialize_field("include", &self.include)?;
        } else {
            object.skip_field("include")?;
        }
        match &self.group {
            Some(group) => object.serialize_field("group", group)?,
            None => object.skip_field("group")?,
        }
        if !self.fields.is_empty() {
            object.serialize_field("fields", &self.fields.join(" "))?;
        } else {
            object.skip_field("fields")?;
        }
        object.end()
    }
}

impl std::fmt::Display for Filter {
    /// The filter as JSON text.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&serde_json::to_string(self).map_err(|_| std::fmt::Error)?)
    }
}

impl<'de> Deserialize<'de> for Filter {
    /// Reads a filter back from its JSON (for tests and stored filters); keys of `where` and
    /// `sort` come back in the order JSON maps keep them.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Wire {
            #[serde(default)]
            sort: serde_json::Map<String, serde_json::Value>,
            #[serde(default, rename = "where")]
            conditions: serde_json::Map<String, serde_json::Value>,
            #[serde(default)]
            include: Vec<Include>,
            group: Option<String>,
            fields: Option<String>,
        }
        let wire = Wire::deserialize(deserializer)?;
        let mut filter = Filter { include: wire.include, group: wire.group, ..Filter::default() };
        for (field, order) in wire.sort {
            let order = match order.as_str() {
                Some("asc") => Order::Asc,
                Some("desc") => Order::Desc,
                _ => return Err(D::Error::custom(format!("sort order of `{field}` must be \"asc\" or \"desc\""))),
            };
            filter.sort.push((field, order));
        }
        for (field, condition) in wire.conditions {
            let conditions = match condition {
                serde_json::Value::Array(items) => items.into_iter().map(serde_json::from_value).collect::<Result<Vec<Condition>, _>>(),
                single => serde_json::from_value(single).map(|condition| vec![condition]),
            }
            .map_err(D::Error::custom)?;
            filter.conditions.push((field, conditions));
        }
        filter.fields = wire.fields.map(|fields| fields.split_whitespace().map(str::to_owned).collect()).unwrap_or_default();
        Ok(filter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seed document's example, exactly as it writes it.
    #[test]
    fn matches_the_documented_example_and_its_url_encoding() {
        let filter = Filter::new().sort("name", Order::Asc).includes("name", "John");
        assert_eq!(filter.to_string(), r#"{"sort":{"name":"asc"},"where":{"name":{"value":"John","search_type":"include"}}}"#);
        let mut url = reqwest::Url::parse("https://example.com/user?page_size=10&page_number=1").unwrap();
        url.query_pairs_mut().append_pair("filter", &filter.to_string());
        assert_eq!(
            url.query(),
            Some("page_size=10&page_number=1&filter=%7B%22sort%22%3A%7B%22name%22%3A%22asc%22%7D%2C%22where%22%3A%7B%22name%22%3A%7B%22value%22%3A%22John%22%2C%22search_type%22%3A%22include%22%7D%7D%7D")
        );
    }

    #[test]
    fn exact_include_or_lists_populate_group_and_fields() {
        let filter = Filter::new()
            .exact("username", "John")
            .any_of("surname", [Condition::includes("John"), Condition::exact("Jane")])
            .include("user", "username email")
            .include("reward", "name image")
            .sort("creation_date", Order::Desc)
            .group("product")
            .fields(["name", "image"]);
        assert_eq!(
            serde_json::to_value(&filter).unwrap(),
            serde_json::json!({
                "sort": {"creation_date": "desc"},
                "where": {
                    "username": {"value": "John"},
                    "surname": [{"value": "John", "search_type": "include"}, {"value": "Jane"}]
                },
                "include": [{"path": "user", "select": "username email"}, {"path": "reward", "select": "name image"}],
                "group": "product",
                "fields": "name image"
            })
        );
        assert_eq!(Filter::new().to_string(), "{}");
        let back: Filter = serde_json::from_value(serde_json::to_value(&filter).unwrap()).unwrap();
        assert_eq!(serde_json::to_value(&back).unwrap(), serde_json::to_value(&filter).unwrap());
        assert!(serde_json::from_str::<Filter>(r#"{"sort": {"a": "up"}}"#).is_err());
    }
}
