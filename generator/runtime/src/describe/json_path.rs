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

    /// The value at this path where a key that is a number indexes a list (`errors.0.message`,
    /// as JSON:API and Cloudflare put an error's message), if every step along it exists. Error
    /// tables read their paths this way; payload paths are keys only, as the readers that find
    /// them in the text without parsing the whole body follow them.
    pub fn get_through_lists<'v>(&self, value: &'v Value) -> Option<&'v Value> {
        self.0.iter().try_fold(value, |current, key| match current {
            Value::Array(items) => key.parse::<usize>().ok().and_then(|index| items.get(index)),
            _ => current.get(key),
        })
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

impl JsonPath {
    /// Puts `value` at this path in `document` as [`JsonPath::get_through_lists`] reads it back:
    /// a key that is a number makes a list long enough to hold that index (`errors.0.message`
    /// gives `{"errors": [{"message": ...}]}`), any other key an object.
    pub fn put_through_lists(&self, document: &mut Value, value: Value) {
        let mut current = document;
        for key in self.0 {
            current = match key.parse::<usize>() {
                Ok(index) => {
                    if !current.is_array() {
                        *current = Value::Array(Vec::new());
                    }
                    let Value::Array(items) = current else {
                        return;
                    };
                    if items.len() <= index {
                        items.resize(index + 1, Value::Null);
                    }
                    &mut items[index]
                }
                Err(_) => {
                    if !current.is_object() {
                        *current = Value::Object(serde_json::Map::new());
                    }
                    let Value::Object(members) = current else {
                        return;
                    };
                    members.entry(*key).or_insert(Value::Null)
                }
            };
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
    fn a_number_indexes_a_list_only_where_lists_are_read_through() {
        let doc = json!({"errors": [{"code": 7003, "message": "No route"}, {"message": "second"}], "0": "key"});
        assert_eq!(JsonPath(&["errors", "0", "message"]).get_through_lists(&doc), Some(&json!("No route")));
        assert_eq!(JsonPath(&["errors", "1", "message"]).get_through_lists(&doc), Some(&json!("second")));
        assert_eq!(JsonPath(&["errors", "2", "message"]).get_through_lists(&doc), None, "past the end");
        assert_eq!(JsonPath(&["errors", "first"]).get_through_lists(&doc), None, "a list has no named members");
        assert_eq!(JsonPath(&["0"]).get_through_lists(&doc), Some(&json!("key")), "on an object a number is a key");
        assert_eq!(JsonPath(&["errors", "0", "message"]).get(&doc), None, "payload paths follow keys only");
        let mut body = json!({"success": false});
        JsonPath(&["errors", "0", "message"]).put_through_lists(&mut body, json!("No route"));
        JsonPath(&["errors", "0", "code"]).put_through_lists(&mut body, json!(7003));
        assert_eq!(body, json!({"success": false, "errors": [{"message": "No route", "code": 7003}]}));
        JsonPath(&["errors", "1"]).put_through_lists(&mut body, json!("x"));
        assert_eq!(body["errors"][1], json!("x"));
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
