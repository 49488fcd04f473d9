//! A small JSON Schema (draft-07) validator for the keywords `specs/schema.json` uses, so tests
//! can check specs against the schema the way an editor does. It refuses a schema with any other
//! keyword rather than silently ignoring it.

use apigen::yaml::Node;
use serde_json::{Map, Value};

const KNOWN_KEYWORDS: &[&str] = &[
    "$schema", "$comment", "$ref", "title", "description", "definitions", "type", "enum", "minimum", "properties", "required",
    "additionalProperties", "items", "anyOf",
];

/// A spec's YAML tree as the JSON an editor's schema check sees (a number JSON cannot hold is
/// `null`).
pub fn to_json(node: &Node) -> Value {
    match node {
        Node::Float(number) if !number.is_finite() => Value::Null,
        Node::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        Node::Map(entries) => Value::Object(entries.iter().map(|(key, value)| (key.clone(), to_json(value))).collect::<Map<_, _>>()),
        scalar => scalar.to_json().unwrap_or(Value::Null),
    }
}

/// The generator's spec schema, checked to use only keywords this validator implements.
pub fn spec_schema() -> Value {
    let schema: Value = serde_json::from_str(&apigen::schema::json_schema()).expect("the schema is JSON");
    let mut unknown = Vec::new();
    collect_unknown(&schema, &mut unknown);
    assert!(unknown.is_empty(), "the test validator does not implement {unknown:?}");
    schema
}

fn collect_unknown(schema: &Value, unknown: &mut Vec<String>) {
    let Value::Object(members) = schema else { return };
    for (keyword, value) in members {
        if !KNOWN_KEYWORDS.contains(&keyword.as_str()) {
            unknown.push(keyword.clone());
        }
        match keyword.as_str() {
            "properties" | "definitions" => value.as_object().into_iter().flat_map(Map::values).for_each(|schema| collect_unknown(schema, unknown)),
            "anyOf" => value.as_array().into_iter().flatten().for_each(|schema| collect_unknown(schema, unknown)),
            "items" | "additionalProperties" => collect_unknown(value, unknown),
            _ => {}
        }
    }
}

/// The places where `value` breaks `schema` (whose `definitions` resolve `$ref`s), as
/// `path: problem` lines; empty when it conforms.
pub fn validate(root: &Value, value: &Value) -> Vec<String> {
    validate_at(root, root, value, "")
}

fn check(root: &Value, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.strip_prefix("#/definitions/").unwrap_or(reference);
        match root["definitions"].get(name) {
            Some(definition) => check(root, definition, value, path, errors),
            None => errors.push(format!("{path}: dangling $ref {reference}")),
        }
    }
    if let Some(types) = schema.get("type") {
        let allowed: Vec<&str> = match types {
            Value::String(name) => vec![name.as_str()],
            Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if !allowed.iter().any(|name| has_type(value, name)) {
            errors.push(format!("{path}: expected {}, found {value}", allowed.join(" or ")));
            return;
        }
    }
    if let Some(Value::Array(values)) = schema.get("enum")
        && !values.contains(value)
    {
        errors.push(format!("{path}: {value} is not one of {}", Value::Array(values.clone())));
    }
    if let (Some(minimum), Some(number)) = (schema.get("minimum").and_then(Value::as_f64), value.as_f64())
        && number < minimum
    {
        errors.push(format!("{path}: {number} is below {minimum}"));
    }
    if let Some(Value::Array(options)) = schema.get("anyOf")
        && !options.iter().any(|option| validate_at(root, option, value, path).is_empty())
    {
        errors.push(format!("{path}: matches none of the {} allowed forms", options.len()));
    }
    if let Value::Object(members) = value {
        check_object(root, schema, members, path, errors);
    }
    if let (Some(items), Value::Array(elements)) = (schema.get("items"), value) {
        for (index, element) in elements.iter().enumerate() {
            check(root, items, element, &join(path, &index.to_string()), errors);
        }
    }
}

fn check_object(root: &Value, schema: &Value, members: &Map<String, Value>, path: &str, errors: &mut Vec<String>) {
    let properties = schema.get("properties").and_then(Value::as_object);
    for name in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        if !members.contains_key(name) {
            errors.push(format!("{path}: missing required key `{name}`"));
        }
    }
    for (key, member) in members {
        let member_path = join(path, key);
        match (properties.and_then(|properties| properties.get(key)), schema.get("additionalProperties")) {
            (Some(property), _) => check(root, property, member, &member_path, errors),
            (None, Some(Value::Bool(false))) => errors.push(format!("{member_path}: unknown key")),
            (None, Some(additional @ Value::Object(_))) => check(root, additional, member, &member_path, errors),
            (None, _) => {}
        }
    }
}

fn validate_at(root: &Value, schema: &Value, value: &Value, path: &str) -> Vec<String> {
    let mut errors = Vec::new();
    check(root, schema, value, path, &mut errors);
    errors
}

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => false,
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_owned() } else { format!("{path}.{key}") }
}
