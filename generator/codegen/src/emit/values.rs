//! Rust expressions that build a spec example's value the way a user of the crate would: models
//! with `new` and their setters, enums by variant, unions by alternative, scalars parsed from
//! their text. Used by the doc examples and the generated tests, which compile outside the crate,
//! so the expressions name only what the crate exports.

use super::models::request_models;
use super::{float_literal, i64_literal, ident, int_literal};
use crate::ir::{Api, Enum, Model, Scalar, ScalarWire, Type, Union};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Writes example values for one crate.
pub(crate) struct ValueWriter<'a> {
    /// The generated crate's path (`hubrise`).
    krate: TokenStream,
    models: BTreeMap<&'a str, &'a Model>,
    enums: BTreeMap<&'a str, &'a Enum>,
    unions: BTreeMap<&'a str, &'a Union>,
    /// Models a request sends, whose optional nullable fields have `clear_*` methods.
    request_models: BTreeSet<&'a str>,
}

impl<'a> ValueWriter<'a> {
    pub(crate) fn new(api: &'a Api) -> Self {
        let krate = ident(&api.crate_name.replace('-', "_"));
        Self {
            krate: quote! { #krate },
            models: api.models.iter().map(|model| (model.name.as_str(), model)).collect(),
            enums: api.enums.iter().map(|enumeration| (enumeration.name.as_str(), enumeration)).collect(),
            unions: api.unions.iter().map(|union| (union.name.as_str(), union)).collect(),
            request_models: request_models(api),
        }
    }

    /// Whether a request sends the model named `name`, directly as a body or inside one.
    pub(crate) fn is_request_model(&self, name: &str) -> bool {
        self.request_models.contains(name)
    }

    /// The crate's path.
    pub(crate) fn krate(&self) -> &TokenStream {
        &self.krate
    }

    /// `value` as an argument of a builder, constructor or setter taking a `ty` (see
    /// `emit::arg_type`): text where the parameter takes `impl Into<String>`, a model unboxed.
    pub(crate) fn argument(&self, ty: &Type, value: &Value) -> TokenStream {
        match (ty, value) {
            (Type::String | Type::Scalar(Scalar::Secret), Value::String(text)) => quote! { #text },
            (Type::List(inner), Value::Array(items)) if **inner == Type::String && !items.is_empty() => {
                let items = items.iter().map(|item| self.argument(inner, item));
                quote! { [#(#items),*] }
            }
            (Type::List(inner), Value::Array(_)) if **inner == Type::String => quote! { Vec::<String>::new() },
            (Type::Model { name, .. }, _) => self.model(name, value),
            _ => self.exact(ty, value),
        }
    }

    /// `value` as an expression of exactly the type `ty` stands for (an `i64` beyond `i32` is
    /// suffixed, since an argument taking `impl Into<i64>` would read it as an `i32`).
    pub(crate) fn exact(&self, ty: &Type, value: &Value) -> TokenStream {
        let krate = &self.krate;
        match (ty, value) {
            (Type::String, Value::String(text)) => quote! { #text.to_owned() },
            (Type::Integer, Value::Number(number)) if number.is_i64() => i64_literal(number.as_i64().unwrap_or_default()),
            (Type::PageSize, Value::Number(number)) if number.is_u64() => {
                let size = super::unsuffixed(number.as_u64().unwrap_or_default());
                quote! { #size }
            }
            (Type::Number, Value::Number(number)) => float_literal(number.as_f64().unwrap_or_default()),
            (Type::Boolean, Value::Bool(flag)) => quote! { #flag },
            (Type::Scalar(Scalar::Secret), Value::String(text)) => quote! { #krate::Secret::new(#text) },
            (Type::Scalar(scalar), Value::String(text)) if scalar.wire() == ScalarWire::String => {
                let name = ident(scalar.rust_name());
                quote! { #krate::#name::parse(#text)? }
            }
            (Type::Scalar(scalar), Value::Number(number)) if scalar.wire() == ScalarWire::Integer && number.is_i64() => {
                let name = ident(scalar.rust_name());
                let value = int_literal(number.as_i64().unwrap_or_default());
                quote! { #krate::#name::try_from(#value)? }
            }
            (Type::Scalar(Scalar::Filter), Value::Object(parts)) => self.filter(parts).unwrap_or_else(|| self.decoded(ty, value)),
            (Type::Scalar(Scalar::GeoPoint), Value::Object(parts)) => match parts.get("coordinates").and_then(Value::as_array).map(Vec::as_slice) {
                Some([longitude, latitude]) if parts.len() == 2 && longitude.is_number() && latitude.is_number() => {
                    let latitude = float_literal(latitude.as_f64().unwrap_or_default());
                    let longitude = float_literal(longitude.as_f64().unwrap_or_default());
                    quote! { #krate::GeoPoint::new(#latitude, #longitude)? }
                }
                _ => self.decoded(ty, value),
            },
            (Type::File, Value::String(text)) => quote! { #krate::FilePart::bytes(#text.as_bytes().to_vec()) },
            (Type::Enum(name), _) => self.variant(name, value),
            (Type::List(inner), Value::Array(items)) if items.is_empty() => quote! { Vec::new() },
            (Type::List(inner), Value::Array(items)) => {
                let items = items.iter().map(|item| self.exact(inner, item));
                // Not `vec![..]`: prettyplease prints a macro's arguments unformatted.
                quote! { Vec::from([#(#items),*]) }
            }
            (Type::Map(_), Value::Object(members)) if members.is_empty() => quote! { std::collections::BTreeMap::new() },
            (Type::Map(inner), Value::Object(members)) => {
                let entries = members.iter().map(|(key, member)| {
                    let member = self.exact(inner, member);
                    quote! { (#key.to_owned(), #member) }
                });
                quote! { std::collections::BTreeMap::from([#(#entries),*]) }
            }
            (Type::Model { name, boxed: true }, _) => {
                let model = self.model(name, value);
                quote! { Box::new(#model) }
            }
            (Type::Model { name, .. }, _) => self.model(name, value),
            (Type::Union(name), _) => self.alternative(name, value),
            (Type::Any, value) => {
                let json = json_tokens(value);
                quote! { #krate::serde_json::json!(#json) }
            }
            (_, value) => self.decoded(ty, value),
        }
    }

    /// `value` read by the type's `Deserialize`, for values no constructor can make.
    fn decoded(&self, ty: &Type, value: &Value) -> TokenStream {
        let krate = &self.krate;
        let json = json_tokens(value);
        let ty = super::type_tokens(ty, &quote! { #krate::models:: });
        quote! { #krate::serde_json::from_value::<#ty>(#krate::serde_json::json!(#json))? }
    }

    /// A filter written with its builder (`Filter::new().sort("name", Order::Asc)...`), in the
    /// order it sends its parts; `None` for a shape the builder cannot write.
    fn filter(&self, parts: &serde_json::Map<String, Value>) -> Option<TokenStream> {
        let krate = &self.krate;
        let mut calls = Vec::new();
        for (field, order) in parts.get("sort").map(|sort| sort.as_object()).unwrap_or(Some(&serde_json::Map::new()))? {
            let order = match order.as_str()? {
                "asc" => quote! { #krate::Order::Asc },
                "desc" => quote! { #krate::Order::Desc },
                _ => return None,
            };
            calls.push(quote! { .sort(#field, #order) });
        }
        let condition = |condition: &Value| -> Option<(TokenStream, TokenStream)> {
            let condition = condition.as_object()?;
            let value = condition.get("value")?.as_str()?;
            match (condition.get("search_type").map(Value::as_str), condition.len()) {
                (None, 1) => Some((quote! { exact }, quote! { #value })),
                (Some(Some("include")), 2) => Some((quote! { includes }, quote! { #value })),
                _ => None,
            }
        };
        for (field, conditions) in parts.get("where").map(|conditions| conditions.as_object()).unwrap_or(Some(&serde_json::Map::new()))? {
            match conditions {
                Value::Array(list) => {
                    let list = list
                        .iter()
                        .map(|item| condition(item).map(|(kind, value)| quote! { #krate::Condition::#kind(#value) }))
                        .collect::<Option<Vec<_>>>()?;
                    calls.push(quote! { .any_of(#field, [#(#list),*]) });
                }
                single => {
                    let (kind, value) = condition(single)?;
                    calls.push(quote! { .#kind(#field, #value) });
                }
            }
        }
        for include in parts.get("include").map(|include| include.as_array()).unwrap_or(Some(&Vec::new()))? {
            let (path, select) = (include.get("path")?.as_str()?, include.get("select")?.as_str()?);
            if include.as_object()?.len() != 2 {
                return None;
            }
            calls.push(quote! { .include(#path, #select) });
        }
        if let Some(group) = parts.get("group") {
            let group = group.as_str()?;
            calls.push(quote! { .group(#group) });
        }
        if let Some(fields) = parts.get("fields") {
            let fields = fields.as_str()?.split_whitespace();
            calls.push(quote! { .fields([#(#fields),*]) });
        }
        let known = ["sort", "where", "include", "group", "fields"];
        parts.keys().all(|key| known.contains(&key.as_str())).then(|| quote! { #krate::Filter::new() #(#calls)* })
    }

    /// `Model::new(required...)` and a setter per optional member the value has.
    fn model(&self, name: &str, value: &Value) -> TokenStream {
        let krate = &self.krate;
        let type_name = ident(name);
        let Some(model) = self.models.get(name) else {
            return self.decoded(&Type::Model { name: name.to_owned(), boxed: false }, value);
        };
        let empty = serde_json::Map::new();
        let members = value.as_object().unwrap_or(&empty);
        let required = model.fields.iter().filter(|field| field.required).map(|field| match members.get(&field.wire) {
            Some(Value::Null) if field.nullable => quote! { None },
            Some(member) if field.nullable => {
                let member = self.exact(&field.ty, member);
                quote! { Some(#member) }
            }
            Some(member) if field.alias.is_some() => self.exact(&field.ty, member),
            Some(member) => self.argument(&field.ty, member),
            None => quote! { Default::default() },
        });
        let in_request = self.request_models.contains(name);
        let setters = model.fields.iter().filter(|field| !field.required).filter_map(|field| {
            let member = members.get(&field.wire)?;
            if member.is_null() {
                // Only a request's models send `null`; elsewhere an unset field reads the same.
                let clear = ident(field.clear.as_deref().filter(|_| in_request)?);
                return Some(quote! { .#clear() });
            }
            let setter = ident(field.setter.as_deref()?);
            let member = if field.alias.is_some() { self.exact(&field.ty, member) } else { self.argument(&field.ty, member) };
            Some(quote! { .#setter(#member) })
        });
        quote! { #krate::models::#type_name::new(#(#required),*) #(#setters)* }
    }

    /// An enum's variant for its wire value; a value the spec does not list is parsed.
    fn variant(&self, name: &str, value: &Value) -> TokenStream {
        let krate = &self.krate;
        let type_name = ident(name);
        let wire = match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        let known = self.enums.get(name).and_then(|enumeration| enumeration.variants.iter().find(|variant| variant.wire == wire));
        match (known, value) {
            (Some(variant), _) => {
                let variant = ident(&variant.rust);
                quote! { #krate::models::#type_name::#variant }
            }
            (None, Value::Number(number)) => {
                let number = int_literal(number.as_i64().unwrap_or_default());
                quote! { #krate::models::#type_name::from(#number) }
            }
            (None, _) => quote! { #krate::models::#type_name::from(#wire) },
        }
    }

    /// The union's first alternative that the value fits, as the client decodes it.
    fn alternative(&self, name: &str, value: &Value) -> TokenStream {
        let krate = &self.krate;
        let type_name = ident(name);
        let Some(variant) = self.unions.get(name).and_then(|union| union.variants.iter().find(|variant| self.fits(&variant.ty, value))) else {
            return self.decoded(&Type::Union(name.to_owned()), value);
        };
        let rust = ident(&variant.name);
        let inner = self.exact(&variant.ty, value);
        quote! { #krate::models::#type_name::#rust(#inner) }
    }

    /// Whether `value` has the shape of `ty`, as decoding a union tries it.
    fn fits(&self, ty: &Type, value: &Value) -> bool {
        match (ty, value) {
            (Type::Any, _) => true,
            (Type::String | Type::File, Value::String(_)) => true,
            (Type::Integer | Type::PageSize, Value::Number(number)) => number.is_i64(),
            (Type::Number, Value::Number(_)) | (Type::Boolean, Value::Bool(_)) => true,
            // Scalars decode strictly: a string that is no date-time is not a `DateTime`.
            (Type::Scalar(scalar), value) => crate::example_types::builtin_fits(scalar.spec_name(), value).is_ok(),
            (Type::Enum(name), Value::String(_)) => self.enums.get(name.as_str()).is_some_and(|enumeration| !enumeration.integer),
            (Type::Enum(name), Value::Number(number)) => number.is_i64() && self.enums.get(name.as_str()).is_some_and(|enumeration| enumeration.integer),
            (Type::List(inner), Value::Array(items)) => items.iter().all(|item| self.fits(inner, item)),
            (Type::Map(inner), Value::Object(members)) => members.values().all(|member| self.fits(inner, member)),
            (Type::Union(name), _) => self.unions.get(name.as_str()).is_some_and(|union| union.variants.iter().any(|variant| self.fits(&variant.ty, value))),
            (Type::Model { name, .. }, Value::Object(members)) => self.models.get(name.as_str()).is_some_and(|model| {
                model.fields.iter().all(|field| match members.get(&field.wire) {
                    None => !field.required,
                    Some(Value::Null) => field.nullable || !field.required,
                    Some(member) => self.fits(&field.ty, member),
                })
            }),
            _ => false,
        }
    }
}

/// A JSON value as the tokens of `serde_json::json!`'s input: strings as Rust literals.
fn json_tokens(value: &Value) -> TokenStream {
    match value {
        Value::Null => quote! { null },
        Value::Bool(flag) => quote! { #flag },
        Value::Number(number) => match (number.as_i64(), number.as_u64()) {
            (Some(value), _) => int_literal(value),
            (None, Some(value)) => {
                let value = proc_macro2::Literal::u64_unsuffixed(value);
                quote! { #value }
            }
            (None, None) => float_literal(number.as_f64().unwrap_or_default()),
        },
        Value::String(text) => quote! { #text },
        Value::Array(items) => {
            let items = items.iter().map(json_tokens);
            quote! { [#(#items),*] }
        }
        Value::Object(members) => {
            let members = members.iter().map(|(key, member)| {
                let member = json_tokens(member);
                quote! { #key: #member }
            });
            quote! { { #(#members),* } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SPEC: &str = r#"
name: shop
title: Shop
base_url: https://api.example.com/v1
defaults: {auth: [key], errors: standard}
auth:
  key: {type: header, name: X-Api-Key}
errors:
  standard:
    statuses:
      404: {kind: not_found}
enums:
  Status:
    values: [in_stock, sold_out]
models:
  Item:
    fields:
      name: {type: string, required: true}
      tags: list<string>
      note: {type: string, nullable: true}
      status: Status
      stock: map<list<Status>>
      ref: Ref
unions:
  Ref:
    of: [string, Item]
endpoints:
  items:
    create:
      method: POST
      path: /items
      body: Item
      response: Item
      examples:
        - body: {name: Cup, note: null, ref: i_1}
          response: {body: {name: Cup}}
"#;

    fn api() -> Api {
        crate::check(SPEC.as_bytes(), "specs/shop.yaml").expect("the spec is valid")
    }

    fn text(tokens: TokenStream) -> String {
        tokens.to_string()
    }

    fn item() -> Type {
        Type::Model { name: "Item".to_owned(), boxed: false }
    }

    #[test]
    fn models_are_built_with_new_and_setters_and_enums_by_variant() {
        let api = api();
        let value = json!({"name": "Cup", "tags": ["a", "b"], "note": null, "status": "in_stock"});
        let tokens = text(ValueWriter::new(&api).argument(&item(), &value));
        let expected = quote! { shop::models::Item::new("Cup").tags(["a", "b"]).clear_note().status(shop::models::Status::InStock) };
        assert_eq!(tokens, text(expected));
    }

    #[test]
    fn nested_values_have_exact_types_and_unknown_enum_values_are_parsed() {
        let api = api();
        let tokens = text(ValueWriter::new(&api).argument(&item(), &json!({"name": "Cup", "stock": {"k": ["sold_out", "gone"]}})));
        let expected = quote! {
            shop::models::Item::new("Cup").stock(std::collections::BTreeMap::from([("k".to_owned(), Vec::from([shop::models::Status::SoldOut, shop::models::Status::from("gone")]))]))
        };
        assert_eq!(tokens, text(expected));
    }

    #[test]
    fn any_values_are_written_with_the_json_macro_and_strings_stay_literals() {
        let api = api();
        let tokens = text(ValueWriter::new(&api).exact(&Type::Any, &json!({"a\n": [1, null, "x\u{1}"]})));
        assert_eq!(tokens, text(quote! { shop::serde_json::json!({ "a\n": [1, null, "x\u{1}"] }) }));
    }

    #[test]
    fn unions_take_the_first_alternative_the_value_fits() {
        let api = api();
        let writer = ValueWriter::new(&api);
        let ty = Type::Union("Ref".to_owned());
        assert_eq!(text(writer.exact(&ty, &json!("i_1"))), text(quote! { shop::models::Ref::String("i_1".to_owned()) }));
        let nested = writer.exact(&ty, &json!({"name": "Cup"}));
        assert_eq!(text(nested), text(quote! { shop::models::Ref::Item(Box::new(shop::models::Item::new("Cup"))) }));
    }
}
