//! Placeholder examples: values made up from the types for what an endpoint's example needs and
//! the document does not give (a required parameter, the body, the response), so every endpoint
//! has a test from the start. Made-up examples are marked for review in the draft.

use super::draft::{Body, Draft, Endpoint, EnumValues, Example, ResponseType};
use crate::types::TypeExpr;
use serde_json::{Map, Value, json};

/// Deepest nesting of models a made-up value goes to.
const MAX_DEPTH: usize = 8;

/// Fills in what each endpoint's example lacks.
pub fn complete(draft: &mut Draft) {
    let mut resources = std::mem::take(&mut draft.resources);
    for endpoint in resources.iter_mut().flat_map(|resource| resource.endpoints.iter_mut()) {
        let mut example = endpoint.example.take().unwrap_or_else(|| empty(endpoint));
        complete_example(draft, endpoint, &mut example);
        endpoint.example = Some(example);
    }
    draft.resources = resources;
}

/// Replaces an endpoint's example by one made up entirely (the document's did not fit its
/// types); `false` when no value of its types can be made up.
pub fn replace(draft: &Draft, endpoint: &mut Endpoint) -> bool {
    let mut example = empty(endpoint);
    let made = complete_example(draft, endpoint, &mut example);
    endpoint.example = made.then_some(example);
    made
}

fn empty(endpoint: &Endpoint) -> Example {
    Example { params: Vec::new(), body: None, status: endpoint.status.unwrap_or(200), response: None, made_up: false }
}

/// Fills `example` in; `false` when a value needed cannot be made up.
fn complete_example(draft: &Draft, endpoint: &Endpoint, example: &mut Example) -> bool {
    let mut complete = true;
    for param in endpoint.params.iter().filter(|param| param.required) {
        if !example.params.iter().any(|(wire, _)| *wire == param.wire) {
            match sample(draft, &param.ty, 0) {
                Some(value) => example.params.push((param.wire.clone(), value)),
                None => complete = false,
            }
            example.made_up = true;
        }
    }
    if example.body.is_none() {
        example.body = match &endpoint.body {
            Some(Body::Typed { ty, .. }) => sample(draft, ty, 0),
            Some(Body::Bytes) => Some(json!("example bytes")),
            None => None,
        };
        complete &= example.body.is_some() || endpoint.body.is_none();
        example.made_up |= endpoint.body.is_some();
    }
    if example.response.is_none() {
        example.response = match &endpoint.response {
            Some(ResponseType::Json(ty)) => sample(draft, ty, 0),
            Some(ResponseType::Bytes) => Some(json!("example bytes")),
            None => None,
        };
        complete &= example.response.is_some() || endpoint.response.is_none();
        example.made_up |= endpoint.response.is_some();
    }
    complete
}

/// A value of type `ty`: models with their required fields only, lists of one item.
fn sample(draft: &Draft, ty: &TypeExpr, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    Some(match ty {
        TypeExpr::Builtin(name) => match *name {
            "integer" => json!(1),
            "number" => json!(1.5),
            "boolean" => json!(true),
            "date_time" => json!("2024-01-01T00:00:00Z"),
            "date" => json!("2024-01-01"),
            "time_of_day" => json!("12:00"),
            "decimal" => json!("1.50"),
            "money" => json!("1.50 EUR"),
            "days_of_week" => json!("12345--"),
            "day" => json!(20240101),
            "hhmm" => json!(1200),
            "epoch_millis" => json!(1_700_000_000_000_i64),
            "epoch_seconds" => json!(1_700_000_000),
            "geo_point" => json!({"type": "Point", "coordinates": [13.4, 52.5]}),
            "filter" => json!({}),
            "secret" => json!("secret-value"),
            "file" => json!("file content"),
            _ => json!("example"),
        },
        TypeExpr::List(item) => Value::Array(sample(draft, item, depth + 1).into_iter().collect()),
        TypeExpr::Map(value) => Value::Object(sample(draft, value, depth + 1).map(|value| (String::from("key"), value)).into_iter().collect()),
        TypeExpr::Named(name) => {
            if let Some(model) = draft.models.iter().find(|model| model.name == *name) {
                let mut members = Map::new();
                for field in model.fields.iter().filter(|field| field.required) {
                    let value = match sample(draft, &field.ty, depth + 1) {
                        Some(value) => value,
                        None if field.nullable => Value::Null,
                        None => return None,
                    };
                    members.insert(field.wire.clone(), value);
                }
                Value::Object(members)
            } else if let Some(enumeration) = draft.enums.iter().find(|enumeration| enumeration.name == *name) {
                match &enumeration.values {
                    EnumValues::Text(values) => json!(values.first()?.0),
                    EnumValues::Integer(values) => json!(values.first()?.0),
                }
            } else {
                let union = draft.unions.iter().find(|union| union.name == *name)?;
                return union.of.iter().find_map(|alternative| sample(draft, alternative, depth + 1));
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::draft::{Field, Model, Param};

    fn field(wire: &str, ty: TypeExpr, required: bool, nullable: bool) -> Field {
        Field { wire: wire.into(), ty, required, nullable, doc: None, rust_name: None, binary: false }
    }

    #[test]
    fn made_up_values_fill_required_members_and_stop_at_cycles() {
        let mut draft = Draft::default();
        draft.models.push(Model {
            name: "Node".into(),
            doc: None,
            fields: vec![
                field("id", TypeExpr::Builtin("integer"), true, false),
                field("note", TypeExpr::Builtin("string"), false, false),
                field("children", TypeExpr::List(Box::new(TypeExpr::Named("Node".into()))), true, false),
                field("parent", TypeExpr::Named("Node".into()), true, true),
            ],
        });
        let value = sample(&draft, &TypeExpr::Named("Node".into()), 0).expect("a value");
        assert_eq!(value["id"], json!(1));
        assert!(value.get("note").is_none());
        // The required, nullable parent ends the recursion with `null` at the depth limit.
        let mut deepest = &value;
        while !deepest["parent"].is_null() {
            deepest = &deepest["parent"];
        }
        assert_eq!(deepest["children"], json!([]));

        draft.models.push(Model { name: "Loop".into(), doc: None, fields: vec![field("next", TypeExpr::Named("Loop".into()), true, false)] });
        assert_eq!(sample(&draft, &TypeExpr::Named("Loop".into()), 0), None);
    }

    #[test]
    fn an_example_gets_required_parameters_and_is_marked_made_up() {
        let draft = Draft::default();
        let mut endpoint = Endpoint {
            name: "get".into(),
            operation_id: None,
            doc: None,
            method: "GET".into(),
            path: "/items/{id}".into(),
            params: vec![Param { wire: "id".into(), location: "path", ty: TypeExpr::Builtin("string"), required: true, style: None, doc: None, rust_name: None, example: None }],
            headers: Vec::new(),
            body: None,
            response: Some(ResponseType::Json(TypeExpr::Builtin("any"))),
            status: None,
            auth: None,
            example: None,
            todos: Vec::new(),
        };
        assert!(replace(&draft, &mut endpoint));
        let example = endpoint.example.expect("an example");
        assert!(example.made_up);
        assert_eq!(example.params, vec![("id".to_owned(), json!("example"))]);
        assert_eq!(example.status, 200);
    }
}
