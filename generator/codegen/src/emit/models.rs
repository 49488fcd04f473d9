//! `src/models.rs`: structs for models and enums with an unknown-value fallback.

use super::values::ValueWriter;
use super::{arg_type, cfg, convert, doc_attrs, gate_items, gated_imports, ident, type_tokens, used_by};
use crate::ir::{Api, Enum, Field, Model, Type, Union};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// Models, enums and unions: the units `src/models.rs` is emitted in, in that order.
pub(crate) fn unit_count(api: &Api) -> usize {
    api.models.len() + api.enums.len() + api.unions.len()
}

/// The module's docs, imports and scalar re-exports. Each import is compiled with the items using
/// it. Every model, enum and union implements the serde traits; enums `Display`. Models whose
/// fields are all optional decode into themselves, so this module needs `MapAccess` and
/// `ObjectFields`; the others decode into their twins in the partial module.
pub(crate) fn head(api: &Api) -> TokenStream {
    let types = api.models.iter().map(|model| &model.gate).chain(api.enums.iter().map(|enumeration| &enumeration.gate)).chain(api.unions.iter().map(|union| &union.gate));
    let serde = used_by(api, types);
    let self_collecting = used_by(api, api.models.iter().filter(|model| !has_partial(model)).map(|model| &model.gate));
    let any_model = used_by(api, api.models.iter().map(|model| &model.gate));
    let imports = [
        gated_imports(&quote! { apigen_runtime::serde }, &[("Deserialize", serde.clone()), ("Deserializer", serde.clone()), ("Serialize", serde.clone()), ("Serializer", serde)]),
        gated_imports(&quote! { apigen_runtime::serde::de }, &[("MapAccess", self_collecting.clone())]),
        gated_imports(&quote! { apigen_runtime::serde_helpers }, &[("ObjectFields", self_collecting), ("ObjectWriter", any_model.clone()), ("deserialize_object", any_model)]),
        gated_imports(&quote! { std }, &[("fmt", used_by(api, api.enums.iter().map(|enumeration| &enumeration.gate)))]),
    ];
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
        #(#imports)*
        #scalar_reexport
    }
}

/// The items of units `range` (see [`unit_count`]).
pub(crate) fn units(api: &Api, values: &ValueWriter, range: Range<usize>) -> TokenStream {
    let (models, enums) = (api.models.len(), api.enums.len());
    let items = range.map(|unit| {
        if let Some(model) = api.models.get(unit) {
            gate_items(&model.gate, emit_model(model, &field_shapes(model, values)))
        } else if let Some(enumeration) = api.enums.get(unit - models) {
            gate_items(&enumeration.gate, emit_enum(enumeration))
        } else {
            let union = &api.unions[unit - models - enums];
            gate_items(&union.gate, emit_union(union))
        }
    });
    quote! { #(#items)* }
}

/// Whether a model decodes through a partial twin: it has a required field.
fn has_partial(model: &Model) -> bool {
    model.fields.iter().any(|field| field.required)
}

/// How each of `model`'s fields is held.
fn field_shapes(model: &Model, values: &ValueWriter) -> Vec<FieldShape> {
    let in_body = values.is_request_model(&model.name);
    model.fields.iter().map(|field| field_shape(field, in_body)).collect()
}

/// Models that requests send, directly as a body or inside one: their optional nullable fields
/// are tri-state, so a caller can send an explicit `null` (to clear a value or remove an entry).
pub(crate) fn request_models(api: &Api) -> BTreeSet<&str> {
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

impl FieldShape {
    /// Whether the member may be left out of the object.
    fn may_be_absent(&self) -> bool {
        matches!(self, Self::Optional | Self::OptionalNullable)
    }
}

pub(crate) fn field_shape(field: &Field, in_body: bool) -> FieldShape {
    match (field.required, field.nullable) {
        (true, false) => FieldShape::Plain,
        (true, true) => FieldShape::RequiredNullable,
        (false, true) if in_body => FieldShape::OptionalNullable,
        (false, _) => FieldShape::Optional,
    }
}

/// A field's type: its alias, if it has one, else the type spelled out.
fn field_type(field: &Field, models: &TokenStream) -> TokenStream {
    match &field.alias {
        Some(alias) => {
            let alias = ident(alias);
            quote! { #models #alias }
        }
        None => type_tokens(&field.ty, models),
    }
}

/// `pub type` declarations of the fields' aliases.
fn aliases(model: &Model) -> TokenStream {
    let aliases = model.fields.iter().filter_map(|field| {
        let alias = ident(field.alias.as_deref()?);
        let ty = type_tokens(&field.ty, &TokenStream::new());
        let doc = doc_attrs(&format!("The type of [`{}::{}`].", model.name, field.rust));
        Some(quote! { #doc pub type #alias = #ty; })
    });
    quote! { #(#aliases)* }
}

fn emit_model(model: &Model, shapes: &[FieldShape]) -> TokenStream {
    let name = ident(&model.name);
    let doc = doc_attrs(model.doc.as_deref().unwrap_or(&format!("The `{}` object.", model.name)));
    let all_optional = model.fields.iter().all(|field| !field.required);
    let default = all_optional.then(|| quote! { , Default });
    let fields = model.fields.iter().zip(shapes).map(|(field, shape)| {
        let rust = ident(&field.rust);
        let ty = field_type(field, &TokenStream::new());
        let mut doc_text = field.doc.clone().unwrap_or_else(|| format!("`{}`.", field.wire));
        let ty = match shape {
            FieldShape::Plain => ty,
            FieldShape::RequiredNullable => {
                doc_text.push_str("\n\nAlways present; `None` when the API sends `null`.");
                quote! { Option<#ty> }
            }
            FieldShape::Optional => quote! { Option<#ty> },
            FieldShape::OptionalNullable => {
                doc_text.push_str("\n\n`None` leaves the field out; `Some(None)` sends `null` to clear it.");
                quote! { Option<Option<#ty>> }
            }
        };
        let doc = doc_attrs(&doc_text);
        quote! {
            #doc
            pub #rust: #ty,
        }
    });
    let constructors = emit_constructors(model, shapes);
    let serialize = emit_serialize(model, shapes);
    let deserialize = emit_deserialize(model, shapes, all_optional);
    let aliases = aliases(model);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #constructors
        #serialize
        #deserialize
        #aliases
    }
}

/// The parameter type of a model's constructor or setter for `field`: `impl Into<T>`, so callers
/// pass text, numbers of any width or a model for a boxed field, and the methods are generic,
/// compiled only where they are called.
fn value_type(field: &Field) -> TokenStream {
    match (&field.ty, &field.alias) {
        (Type::List(inner), None) if **inner == Type::String => arg_type(&field.ty),
        (Type::Model { name, boxed: true }, None) => {
            let name = ident(name);
            quote! { impl Into<#name> }
        }
        _ => {
            let ty = field_type(field, &TokenStream::new());
            quote! { impl Into<#ty> }
        }
    }
}

/// Converts `value`, taken as [`value_type`], into the field's type.
fn into_field(field: &Field, value: TokenStream) -> TokenStream {
    match (&field.ty, &field.alias) {
        (Type::List(inner), None) if **inner == Type::String => convert(&field.ty, value),
        (Type::Model { boxed: true, .. }, None) => quote! { Box::new(#value.into()) },
        _ => quote! { #value.into() },
    }
}

/// `new` taking the required fields in declaration order, and a chainable setter per optional
/// field (plus `clear_*` where a request may send `null`), as the request builders have: the model
/// is `#[non_exhaustive]`, so this is how code outside the crate builds one.
fn emit_constructors(model: &Model, shapes: &[FieldShape]) -> TokenStream {
    let name = ident(&model.name);
    let required: Vec<(&Field, &FieldShape)> = model.fields.iter().zip(shapes).filter(|(field, _)| field.required).collect();
    let params = required.iter().map(|(field, shape)| {
        let rust = ident(&field.rust);
        let ty = match (shape, &field.alias) {
            (FieldShape::RequiredNullable, _) => {
                let ty = field_type(field, &TokenStream::new());
                quote! { Option<#ty> }
            }
            _ => value_type(field),
        };
        quote! { #rust: #ty }
    });
    let inits = model.fields.iter().zip(shapes).map(|(field, shape)| {
        let rust = ident(&field.rust);
        match shape {
            FieldShape::Plain => {
                let value = into_field(field, quote! { #rust });
                quote! { #rust: #value, }
            }
            FieldShape::RequiredNullable => quote! { #rust, },
            FieldShape::Optional | FieldShape::OptionalNullable => quote! { #rust: None, },
        }
    });
    let new_doc = if required.is_empty() {
        doc_attrs("Builds this model with every field unset; set them with the methods named like the fields.")
    } else {
        let arguments: Vec<String> = required.iter().map(|(field, _)| format!("- `{}`: {}", field.rust, super::first_line(field.doc.as_deref()))).collect();
        let optional = if required.len() < model.fields.len() { " The optional fields start unset; set them with the methods named like the fields." } else { "" };
        doc_attrs(&format!("Builds this model from its required fields.{optional}\n\n# Arguments\n\n{}", arguments.join("\n")))
    };
    // A constructor takes each required field, however many the provider's object has.
    let allow = (required.len() > super::CLIPPY_MAX_ARGUMENTS).then(|| quote! { #[allow(clippy::too_many_arguments, reason = "one argument per required field")] });
    let new = if required.is_empty() {
        quote! {
            #new_doc
            #[inline]
            pub fn new() -> Self {
                Self::default()
            }
        }
    } else {
        quote! {
            #new_doc
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits)* }
            }
        }
    };
    let setters = model.fields.iter().zip(shapes).filter_map(|(field, shape)| {
        let setter = ident(field.setter.as_deref()?);
        let rust = ident(&field.rust);
        let (ty, value) = (value_type(field), into_field(field, quote! { value }));
        let doc = doc_attrs(field.doc.as_deref().unwrap_or(&format!("Sets `{}`.", field.wire)));
        let (assign, clear) = match shape {
            FieldShape::OptionalNullable => {
                let clear = field.clear.as_deref().map(|clear| {
                    let clear = ident(clear);
                    let doc = doc_attrs(&format!("Sends `{}` as `null`, clearing it.", field.wire));
                    quote! {
                        #doc
                        #[inline]
                        pub fn #clear(mut self) -> Self {
                            self.#rust = Some(None);
                            self
                        }
                    }
                });
                (quote! { Some(Some(#value)) }, clear)
            }
            _ => (quote! { Some(#value) }, None),
        };
        Some(quote! {
            #doc
            pub fn #setter(mut self, value: #ty) -> Self {
                self.#rust = #assign;
                self
            }

            #clear
        })
    });
    quote! {
        impl #name {
            #new
            #(#setters)*
        }
    }
}

/// `Serialize`: every member in declaration order, optional ones only when set.
fn emit_serialize(model: &Model, shapes: &[FieldShape]) -> TokenStream {
    let name = ident(&model.name);
    if model.fields.is_empty() {
        return quote! {
            impl Serialize for #name {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    ObjectWriter::new(serializer)?.end()
                }
            }
        };
    }
    let members = model.fields.iter().zip(shapes).map(|(field, shape)| {
        let rust = ident(&field.rust);
        let wire = &field.wire;
        if shape.may_be_absent() {
            quote! { object.optional(#wire, &self.#rust)?; }
        } else {
            quote! { object.member(#wire, &self.#rust)?; }
        }
    });
    quote! {
        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut object = ObjectWriter::new(serializer)?;
                #(#members)*
                object.end()
            }
        }
    }
}

/// `Deserialize` through the runtime's member loop. A model whose fields are all optional
/// collects members into itself; any other collects into its partial twin (see
/// [`partials`]), which checks the required members at the end.
fn emit_deserialize(model: &Model, shapes: &[FieldShape], all_optional: bool) -> TokenStream {
    let name = ident(&model.name);
    if !all_optional {
        return quote! {
            impl<'de> Deserialize<'de> for #name {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    deserialize_object::<partial::#name, D>(deserializer)
                }
            }
        };
    }
    let fields = object_fields(model, shapes, &quote! { Self }, &quote! { Ok(self) });
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserialize_object::<Self, D>(deserializer)
            }
        }

        #fields
    }
}

/// The `partial` module: for each model with a required field, a twin whose required fields
/// are `Option`s while the object is read.
pub(crate) fn partials(api: &Api, values: &ValueWriter) -> TokenStream {
    let models: Vec<&Model> = api.models.iter().filter(|model| has_partial(model)).collect();
    let Some(gate) = used_by(api, models.iter().map(|model| &model.gate)) else { return TokenStream::new() };
    let partials = models.iter().map(|model| {
        let shapes = &field_shapes(model, values);
        let name = ident(&model.name);
        let fields = model.fields.iter().zip(shapes).map(|(field, shape)| {
            let rust = ident(&field.rust);
            let ty = field_type(field, &quote! { super:: });
            let ty = match shape {
                FieldShape::Plain | FieldShape::RequiredNullable | FieldShape::Optional => quote! { Option<#ty> },
                FieldShape::OptionalNullable => quote! { Option<Option<#ty>> },
            };
            quote! { #rust: #ty, }
        });
        let values = model.fields.iter().zip(shapes).map(|(field, shape)| {
            let rust = ident(&field.rust);
            let wire = &field.wire;
            match shape {
                FieldShape::Plain => quote! { #rust: self.#rust.ok_or(#wire)?, },
                _ => quote! { #rust: self.#rust, },
            }
        });
        let object_fields = object_fields(model, shapes, &quote! { super::#name }, &quote! { Ok(super::#name { #(#values)* }) });
        let twin = quote! {
            #[derive(Default)]
            pub(super) struct #name {
                #(#fields)*
            }

            #object_fields
        };
        gate_items(&model.gate, twin)
    });
    let cfg = cfg(&gate);
    quote! {
        /// Models with required fields while they are decoded: every field is an `Option` until
        /// the object ends, then `finish` names any required member that was absent.
        #cfg
        mod partial {
            use apigen_runtime::serde::de::MapAccess;
            use apigen_runtime::serde_helpers::ObjectFields;

            #(#partials)*
        }
    }
}

/// `impl ObjectFields` for the type named like the model (the model itself or its partial twin):
/// a `match` from member names to fields, and `finish` with the given body.
fn object_fields(model: &Model, shapes: &[FieldShape], output: &TokenStream, finish: &TokenStream) -> TokenStream {
    let name = ident(&model.name);
    let expecting = format!("a JSON object (`{}`)", model.name);
    let member = if model.fields.is_empty() {
        quote! {
            fn member<A: MapAccess<'de>>(&mut self, _key: &str, _map: &mut A) -> Result<bool, A::Error> {
                Ok(false)
            }
        }
    } else {
        let arms = model.fields.iter().zip(shapes).map(|(field, shape)| {
            let rust = ident(&field.rust);
            let wire = &field.wire;
            match shape {
                // A required member is wrapped in the partial twin; a present member of an
                // optional, nullable field is `Some`, even when it is `null`.
                FieldShape::Plain | FieldShape::OptionalNullable => quote! { #wire => self.#rust = Some(map.next_value()?), },
                FieldShape::RequiredNullable | FieldShape::Optional => quote! { #wire => self.#rust = map.next_value()?, },
            }
        });
        quote! {
            fn member<A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
                match key {
                    #(#arms)*
                    _ => return Ok(false),
                }
                Ok(true)
            }
        }
    };
    quote! {
        impl<'de> ObjectFields<'de> for #name {
            type Model = #output;
            const EXPECTING: &'static str = #expecting;

            #member

            fn finish(self) -> Result<#output, &'static str> {
                #finish
            }
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
        #[non_exhaustive]
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

        /// Parses a wire value; a value this version does not know is `UnknownValue`, so parsing
        /// never fails.
        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
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

/// A union: an enum with a variant per alternative, decoded as the first alternative that fits
/// (the value is read once, then tried against each) and encoded as the value it holds.
fn emit_union(union: &Union) -> TokenStream {
    let name = ident(&union.name);
    let models = quote! {};
    let described: Vec<&str> = union.variants.iter().map(|variant| variant.described.as_str()).collect();
    let alternatives = described.join(", ");
    let shown: Vec<String> = described.iter().map(|alternative| format!("`{alternative}`")).collect();
    let shown = shown.join(", ");
    let lead = union.doc.clone().unwrap_or_else(|| format!("One of: {shown}."));
    let doc = doc_attrs(&format!("{lead}\n\nDecoded by shape: the first alternative that fits, in this order: {shown}. Encoded as the value it holds."));
    let variants = union.variants.iter().map(|variant| {
        let (rust, ty) = (ident(&variant.name), type_tokens(&variant.ty, &models));
        let doc = doc_attrs(&format!("A `{}`.", variant.described));
        quote! { #doc #rust(#ty), }
    });
    let serialize_arms = union.variants.iter().map(|variant| {
        let rust = ident(&variant.name);
        quote! { Self::#rust(value) => value.serialize(serializer), }
    });
    let attempts = union.variants.iter().map(|variant| {
        let (rust, ty) = (ident(&variant.name), type_tokens(&variant.ty, &models));
        quote! {
            if let Ok(found) = <#ty as Deserialize>::deserialize(&value) {
                return Ok(Self::#rust(found));
            }
        }
    });
    let conversions = union.variants.iter().map(|variant| {
        let rust = ident(&variant.name);
        match &variant.ty {
            Type::Model { name: model, boxed: true } => {
                let model = ident(model);
                quote! {
                    impl From<#model> for #name {
                        fn from(value: #model) -> Self {
                            Self::#rust(Box::new(value))
                        }
                    }
                }
            }
            ty => {
                let ty = type_tokens(ty, &models);
                quote! {
                    impl From<#ty> for #name {
                        fn from(value: #ty) -> Self {
                            Self::#rust(value)
                        }
                    }
                }
            }
        }
    });
    let union_name = &union.name;
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }

        #(#conversions)*

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                }
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = apigen_runtime::serde_json::Value::deserialize(deserializer)?;
                #(#attempts)*
                Err(apigen_runtime::serde_helpers::no_alternative(&value, #union_name, #alternatives))
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
        #[non_exhaustive]
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

        /// Parses a wire value written as text (`"2"`); a value this version does not know is
        /// `UnknownValue`, and text that is not an integer is an error.
        impl std::str::FromStr for #name {
            type Err = std::num::ParseIntError;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                value.trim().parse::<i64>().map(Self::from)
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
