use serde_json::Value;
use std::fmt;

/// A path of object keys into a JSON document, such as `data.items`. The empty path is the
/// document itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonPath(pub &'static [&'static str]);

impl JsonPath {
    /// The document itself.
    pub const ROOT: JsonPath = JsonPath(&[]);

    /// The value at this path, if every key along it exists.
    pub fn get<'v>(&self, value: &'v Value) -> Option<&'v Value> {
        self.0.iter().try_fold(value, |current, key| current.get(key))
    }

    /// The value at this path, to change, if every key along it exists.
    pub fn get_mut<'v>(&self, value: &'v mut Value) -> Option<&'v mut Value> {
        self.0.iter().try_fold(value, |current, key| current.get_mut(*key))
    }

    /// Removes and returns the value at this path (cheaper than cloning it out).
    pub fn take(&self, value: &mut Value) -> Option<Value> {
        let Some((last, parents)) = self.0.split_last() else {
            return Some(value.take());
        };
        let mut current = value;
        for key in parents {
            current = current.get_mut(key)?;
        }
        current.as_object_mut()?.remove(*last)
    }
}

impl JsonPath {
    /// Puts `value` at this path in `document`, making objects of whatever is missing or not an
    /// object along it (the empty path replaces the document).
    pub fn put(&self, document: &mut Value, value: Value) {
        let mut current = document;
        for key in self.0 {
            if !current.is_object() {
                *current = Value::Object(serde_json::Map::new());
            }
            let Value::Object(members) = current else {
                return;
            };
            current = members.entry(*key).or_insert(Value::Null);
        }
        *current = value;
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("(the body)")
        } else {
            f.write_str(&self.0.join("."))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn get_and_take_follow_keys() {
        let mut doc = json!({"data": {"items": [1, 2]}, "x": 1});
        let path = JsonPath(&["data", "items"]);
        assert_eq!(path.get(&doc), Some(&json!([1, 2])));
        assert_eq!(JsonPath(&["data", "missing"]).get(&doc), None);
        assert_eq!(path.take(&mut doc), Some(json!([1, 2])));
        assert_eq!(doc, json!({"data": {}, "x": 1}));
        assert_eq!(JsonPath::ROOT.get(&doc), Some(&doc));
        assert_eq!(path.to_string(), "data.items");
    }

    #[test]
    fn put_makes_the_objects_along_the_path() {
        let mut doc = json!({"x": 1, "data": 3});
        JsonPath(&["data", "items"]).put(&mut doc, json!([1]));
        assert_eq!(doc, json!({"x": 1, "data": {"items": [1]}}), "a member that is not an object is replaced");
        JsonPath(&["data", "total"]).put(&mut doc, json!(1));
        assert_eq!(doc, json!({"x": 1, "data": {"items": [1], "total": 1}}));
        JsonPath::ROOT.put(&mut doc, json!([]));
        assert_eq!(doc, json!([]));
    }
}
