//! Models widened to hold what the document's own examples show: documents often leave members
//! out of a schema that their examples have (a page's `previous` link, an envelope's `message`).
//! Such a member becomes an optional field typed from the example's value and marked for review,
//! so the example stays the endpoint's test instead of being replaced by a made-up one.

use super::draft::{Body, Draft, Field, ResponseType};
use crate::names::snake;
use crate::types::TypeExpr;
use serde_json::Value;

/// The doc of a field found only in an example.
pub const FOUND_IN_EXAMPLE: &str = "TODO: found in the document's example, not in its schema; check its type and meaning.";

/// Widens the models each endpoint's example reaches.
pub fn widen(draft: &mut Draft) {
    let mut found: Vec<(TypeExpr, Value)> = Vec::new();
    for endpoint in draft.resources.iter().flat_map(|resource| &resource.endpoints) {
        let Some(example) = &endpoint.example else { continue };
        if let (Some(Body::Typed { ty, .. }), Some(body)) = (&endpoint.body, &example.body) {
            found.push((ty.clone(), body.clone()));
        }
        if let (Some(ResponseType::Json(ty)), Some(body)) = (&endpoint.response, &example.response) {
            found.push((ty.clone(), body.clone()));
        }
    }
    for (ty, value) in found {
        fit(draft, &ty, &value, 0);
    }
}

/// Adds to the models inside `ty` the members `value` has and they lack.
fn fit(draft: &mut Draft, ty: &TypeExpr, value: &Value, depth: usize) {
    if depth > 16 {
        return;
    }
    match (ty, value) {
        (TypeExpr::List(item), Value::Array(values)) => values.iter().for_each(|value| fit(draft, item, value, depth + 1)),
        (TypeExpr::Map(item), Value::Object(members)) => members.values().for_each(|value| fit(draft, item, value, depth + 1)),
        (TypeExpr::Named(name), Value::Object(members)) => {
            let Some(index) = draft.models.iter().position(|model| model.name == *name) else { return };
            let mut inner: Vec<(TypeExpr, &Value)> = Vec::new();
            for (wire, member) in members {
                let model = &mut draft.models[index];
                match model.fields.iter().find(|field| field.wire == *wire) {
                    Some(field) => inner.push((field.ty.clone(), member)),
                    None => {
                        let ident = snake(wire, "field");
                        let taken = model.fields.iter().any(|field| field.rust_name.as_deref().map_or_else(|| snake(&field.wire, "field"), str::to_owned) == ident);
                        model.fields.push(Field {
                            wire: wire.clone(),
                            ty: infer(member),
                            required: false,
                            nullable: member.is_null(),
                            doc: Some(FOUND_IN_EXAMPLE.to_owned()),
                            rust_name: taken.then(|| format!("{ident}_2")),
                            binary: false,
                        });
                    }
                }
            }
            for (ty, member) in inner {
                fit(draft, &ty, member, depth + 1);
            }
        }
        _ => {}
    }
}

/// The type of an example value: scalars as themselves, lists by their first item, objects as
/// any value (the author names their model).
fn infer(value: &Value) -> TypeExpr {
    match value {
        Value::Bool(_) => TypeExpr::Builtin("boolean"),
        Value::Number(number) if number.is_i64() || number.is_u64() => TypeExpr::Builtin("integer"),
        Value::Number(_) => TypeExpr::Builtin("number"),
        Value::String(_) => TypeExpr::Builtin("string"),
        Value::Array(items) => match items.iter().find(|item| !item.is_null()).map(infer) {
            Some(item @ TypeExpr::Builtin(name)) if name != "any" => TypeExpr::List(Box::new(item)),
            _ => TypeExpr::List(Box::new(TypeExpr::Builtin("any"))),
        },
        Value::Null | Value::Object(_) => TypeExpr::Builtin("any"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::draft::Model;
    use serde_json::json;

    #[test]
    fn members_only_examples_have_become_optional_fields_at_any_depth() {
        let mut draft = Draft::default();
        let field = |wire: &str, ty: TypeExpr| Field { wire: wire.into(), ty, required: true, nullable: false, doc: None, rust_name: None, binary: false };
        draft.models.push(Model { name: "Page".into(), doc: None, fields: vec![field("items", TypeExpr::List(Box::new(TypeExpr::Named("Item".into()))))] });
        draft.models.push(Model { name: "Item".into(), doc: None, fields: vec![field("id", TypeExpr::Builtin("string"))] });
        fit(&mut draft, &TypeExpr::Named("Page".into()), &json!({"items": [{"id": "a", "tags": ["x"]}], "previous": null, "total": 3}), 0);
        let page: Vec<(&str, String, bool)> = draft.models[0].fields.iter().map(|field| (field.wire.as_str(), field.ty.to_string(), field.nullable)).collect();
        assert_eq!(page, [("items", "list<Item>".to_owned(), false), ("previous", "any".to_owned(), true), ("total", "integer".to_owned(), false)]);
        assert_eq!(draft.models[1].fields[1].ty.to_string(), "list<string>");
        assert_eq!(draft.models[1].fields[1].doc.as_deref(), Some(FOUND_IN_EXAMPLE));
    }
}
