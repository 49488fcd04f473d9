//! `src/models.rs`: structs for models and enums with an unknown-value fallback.

use super::{doc_attrs, ident, type_tokens};
use crate::ir::{Api, Enum, Field, Model, Type};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

pub fn emit(api: &Api) -> TokenStream {
    let body_models = request_models(api);
    let models = api.models.iter().map(|model| emit_model(model, body_models.contains(model.name.as_str())));
    let enums = api.enums.iter().map(emit_enum);
    let uses_enums = !api.enums.is_empty();
    let fmt_import = uses_enums.then(|| quote! { use std::fmt; });
    let serde_import = if uses_enums {
        quote! { use apigen_runtime::serde::{Deserialize, Deserializer, Serialize, Serializer}; }
    } else {
        quote! { use apigen_runtime::serde::{Deserialize, Serialize}; }
    };
    let docs = super::inner_doc(&format!("Request and response types of the {} API.", api.title));
    let scalars = super::used_scalars(api);
    let scalar_reexport = (!scalars.is_empty()).then(|| {
        let names = scalars.iter().map(|name| ident(name));
        quote! {
            /// Semantic scalar types used by these models and by endpoint parameters.
            pub use apigen_runtime::scalars::{#(#names),*};
        }
    });
    quote! {
        #docs
        #serde_import
        #fmt_import
        #scalar_reexport
        #(#models)*
        #(#enums)*
    }
}

/// Models that requests send, directly as a body or inside one: their optional nullable fields
/// are tri-state, so a caller can send an explicit `null` (to clear a value or remove an entry).
fn request_models(api: &Api) -> BTreeSet<&str> {
    fn named(ty: &Type, found: &mut Vec<String>) {
        match ty {
            Type::Model { name, .. } => found.push(name.clone()),
            Type::List(inner) | Type::Map(inner) => named(inner, found),
            _ => {}
        }
    }
    let mut pending: Vec<String> = Vec::new();
    for endpoint in api.resources.iter().flat_map(|resource| &resource.endpoints) {
        if let Some(body) = &endpoint.body {
            pending.push(body.model.clone());
        }
        if let Some(ty) = &endpoint.value_body {
            named(ty, &mut pending);
        }
    }
    let models: BTreeMap<&str, &Model> = api.models.iter().map(|model| (model.name.as_str(), model)).collect();
    let mut found = BTreeSet::new();
    while let Some(name) = pending.pop() {
        let Some(model) = models.get(name.as_str()) else { continue };
        if found.insert(model.name.as_str()) {
            for field in &model.fields {
                named(&field.ty, &mut pending);
            }
        }
    }
    found
}

/// How a field is held and serialized.
pub(crate) enum FieldShape {
    /// Always present, never null: `T`.
    Plain,
    /// Always present, may be null: `Option<T>`, null sent as `null`.
    RequiredNullable,
    /// May be absent: `Option<T>`, left out when `None`.
    Optional,
    /// May be absent or null in a request: `Option<Option<T>>`, so a caller can leave it out,
    /// clear it with `null`, or set it.
    OptionalNullable,
}

pub(crate) fn field_shape(field: &Field, in_body: bool) -> FieldShape {
    match (field.required, field.nullable) {
        (true, false) => FieldShape::Plain,
        (true, true) => FieldShape::RequiredNullable,
        (false, true) if in_body => FieldShape::OptionalNullable,
        (false, _) => FieldShape::Optional,
    }
}

fn emit_model(model: &Model, in_body: bool) -> TokenStream {
    let name = ident(&model.name);
    let doc = doc_attrs(model.doc.as_deref().unwrap_or(&format!("The `{}` object.", model.name)));
    let all_optional = model.fields.iter().all(|field| !field.required);
    let default = all_optional.then(|| quote! { Default, });
    let fields = model.fields.iter().map(|field| {
        let rust = ident(&field.rust);
        let wire = &field.wire;
        let ty = type_tokens(&field.ty, &TokenStream::new());
        let mut doc_text = field.doc.clone().unwrap_or_else(|| format!("`{}`.", field.wire));
        let rename = (field.rust != field.wire).then(|| quote! { rename = #wire });
        let (ty, mut serde_args) = match field_shape(field, in_body) {
            FieldShape::Plain => (ty, Vec::new()),
            FieldShape::RequiredNullable => {
                doc_text.push_str("\n\nAlways present; `None` when the API sends `null`.");
                (quote! { Option<#ty> }, Vec::new())
            }
            FieldShape::Optional => (quote! { Option<#ty> }, vec![quote! { default }, quote! { skip_serializing_if = "Option::is_none" }]),
            FieldShape::OptionalNullable => {
                doc_text.push_str("\n\n`None` leaves the field out; `Some(None)` sends `null` to clear it.");
                (
                    quote! { Option<Option<#ty>> },
                    vec![quote! { default }, quote! { skip_serializing_if = "Option::is_none" }, quote! { with = "apigen_runtime::serde_helpers::double_option" }],
                )
            }
        };
        if let Some(rename) = rename {
            serde_args.insert(0, rename);
        }
        let serde_attr = (!serde_args.is_empty()).then(|| quote! { #[serde(#(#serde_args),*)] });
        let doc = doc_attrs(&doc_text);
        quote! {
            #doc
            #serde_attr
            pub #rust: #ty,
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        #[serde(crate = "apigen_runtime::serde")]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn emit_enum(enumeration: &Enum) -> TokenStream {
    if enumeration.integer {
        return emit_integer_enum(enumeration);
    }
    let name = ident(&enumeration.name);
    let doc = doc_attrs(enumeration.doc.as_deref().unwrap_or(&format!("The `{}` values.", enumeration.name)));
    let variants = enumeration.variants.iter().map(|variant| {
        let rust = ident(&variant.rust);
        let doc = variant_doc(variant);
        quote! { #doc #rust, }
    });
    let to_wire = enumeration.variants.iter().map(|variant| {
        let rust = ident(&variant.rust);
        let wire = &variant.wire;
        quote! { Self::#rust => #wire, }
    });
    let from_wire = enumeration.variants.iter().map(|variant| {
        let rust = ident(&variant.rust);
        let wire = &variant.wire;
        quote! { #wire => Self::#rust, }
    });
    quote! {
        #doc
        ///
        /// Values this version of the client does not know are kept in `UnknownValue`, so a new value
        /// on the server does not break decoding.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know.
            UnknownValue(String),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::UnknownValue(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::UnknownValue(other.to_owned()),
                }
            }
        }

        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str> as Deserialize<'de>>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    }
}

/// A variant's doc: its wire value, then its meaning.
fn variant_doc(variant: &crate::ir::Variant) -> TokenStream {
    doc_attrs(&match &variant.doc {
        Some(doc) => format!("`{}`: {doc}", variant.wire),
        None => format!("`{}`.", variant.wire),
    })
}

/// An enum whose wire values are integers (`0`, `1`, `2`), with an unknown-value fallback.
fn emit_integer_enum(enumeration: &Enum) -> TokenStream {
    let name = ident(&enumeration.name);
    let doc = doc_attrs(enumeration.doc.as_deref().unwrap_or(&format!("The `{}` values.", enumeration.name)));
    let values: Vec<TokenStream> = enumeration.variants.iter().map(|variant| super::int_literal(variant.wire.parse().unwrap_or_default())).collect();
    let variants = enumeration.variants.iter().map(|variant| {
        let rust = ident(&variant.rust);
        let doc = variant_doc(variant);
        quote! { #doc #rust, }
    });
    let to_wire = enumeration.variants.iter().zip(&values).map(|(variant, value)| {
        let rust = ident(&variant.rust);
        quote! { Self::#rust => #value, }
    });
    let from_wire = enumeration.variants.iter().zip(&values).map(|(variant, value)| {
        let rust = ident(&variant.rust);
        quote! { #value => Self::#rust, }
    });
    quote! {
        #doc
        ///
        /// Values this version of the client does not know are kept in `UnknownValue`, so a new value
        /// on the server does not break decoding.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the client does not know.
            UnknownValue(i64),
        }

        impl #name {
            /// The value as it appears on the wire.
            pub fn value(self) -> i64 {
                match self {
                    #(#to_wire)*
                    Self::UnknownValue(value) => value,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::UnknownValue(other),
                }
            }
        }

        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Ok(Self::from(<i64 as Deserialize<'de>>::deserialize(deserializer)?))
            }
        }
    }
}
