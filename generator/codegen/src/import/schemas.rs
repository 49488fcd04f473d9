//! JSON Schemas (OpenAPI 3.0 and 3.1 dialects) as the spec's types: component schemas that are
//! objects, enums and `oneOf`/`anyOf` become models, enums and unions under their own names;
//! inline ones are named after where they are (`UserAddress` for `User.address`); everything
//! else (strings, arrays, maps, aliases of those) is written where it is used.

use super::document::{Document, Version, entries, get, get_str, items};
use super::draft::{Enum, EnumValues, Field, Model, Union};
use super::names::{Names, type_name};
use crate::diagnostics::{Sink, join};
use crate::names::{camel, snake};
use crate::types::TypeExpr;
use crate::yaml::Node;
use std::collections::{BTreeMap, BTreeSet};

/// Deepest `list<>`/`map<>` nesting a field may have; deeper values become `any`.
const MAX_NESTING: usize = 4;

/// Where a type is used, which decides what it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A model's field: may be a `secret`.
    Field,
    /// Anything else.
    Value,
}

/// What a schema became where it is used.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    /// The type.
    pub ty: TypeExpr,
    /// Whether `null` is allowed.
    pub nullable: bool,
    /// Whether it is `format: binary`.
    pub binary: bool,
}

impl Typed {
    fn of(ty: TypeExpr) -> Self {
        Self { ty, nullable: false, binary: false }
    }

    fn any() -> Self {
        Self::of(TypeExpr::Builtin("any"))
    }
}

/// What a component schema became.
#[derive(Debug, Clone, PartialEq)]
enum Component {
    /// A model, enum or union of this name.
    Named { name: String, nullable: bool },
    /// Written where it is used.
    Alias,
}

/// The types made so far, and the names they took.
pub struct Types<'d> {
    document: &'d Document,
    /// Models, enums and unions, in the order made.
    pub models: Vec<Model>,
    /// Enums.
    pub enums: Vec<Enum>,
    /// Unions.
    pub unions: Vec<Union>,
    /// Type names given so far.
    pub names: Names,
    components: BTreeMap<String, Component>,
    /// Aliases being expanded, to stop one that contains itself.
    expanding: Vec<String>,
    union_names: BTreeSet<String>,
    /// Components declared as unions that turned out to have fewer than two alternatives a
    /// union can hold, and the type used instead.
    replaced: BTreeMap<String, TypeExpr>,
}

impl<'d> Types<'d> {
    /// Declares every component schema (so references to them resolve, and inline types are
    /// named apart from them), then converts each.
    pub fn new(document: &'d Document, sink: &mut Sink) -> Self {
        let mut types = Self {
            document,
            models: Vec::new(),
            enums: Vec::new(),
            unions: Vec::new(),
            names: Names::types(),
            components: BTreeMap::new(),
            expanding: Vec::new(),
            union_names: BTreeSet::new(),
            replaced: BTreeMap::new(),
        };
        let schemas = get(&document.root, "components").map_or(&[][..], |components| entries(components, "schemas"));
        for (key, schema) in schemas {
            let kind = types.kind(schema);
            let component = match kind {
                Kind::Alias => Component::Alias,
                _ => Component::Named { name: types.names.claim(&type_name(key)), nullable: types.nullable(schema) },
            };
            types.components.insert(key.clone(), component);
        }
        for (key, schema) in schemas {
            let path = join("components.schemas", key);
            if let Some(Component::Named { name, .. }) = types.components.get(key).cloned() {
                types.define(&name, schema, &path, sink);
            }
        }
        types.substitute_replaced();
        types
    }

    /// Writes the type used instead of each replaced union wherever a definition named it.
    fn substitute_replaced(&mut self) {
        if self.replaced.is_empty() {
            return;
        }
        let replaced = std::mem::take(&mut self.replaced);
        let substitute = |ty: &mut TypeExpr| substitute(ty, &replaced);
        for model in &mut self.models {
            for field in &mut model.fields {
                substitute(&mut field.ty);
            }
        }
        for union in &mut self.unions {
            union.of.iter_mut().for_each(substitute);
        }
        self.replaced = replaced;
    }

    /// Whether `name` is a union's.
    pub fn is_union(&self, name: &str) -> bool {
        self.union_names.contains(name)
    }

    /// The model named `name`.
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|model| model.name == name)
    }

    /// The model named `name`, to change.
    pub fn model_mut(&mut self, name: &str) -> Option<&mut Model> {
        self.models.iter_mut().find(|model| model.name == name)
    }

    /// Makes the `format: binary` fields of the model `name` file parts: it is a multipart body.
    pub fn files_in(&mut self, name: &str) {
        if let Some(model) = self.model_mut(name) {
            for field in model.fields.iter_mut().filter(|field| field.binary && field.ty == TypeExpr::Builtin("string")) {
                field.ty = TypeExpr::Builtin("file");
                field.nullable = false;
            }
        }
    }

    /// What a component schema is declared as.
    fn kind(&self, schema: &Node) -> Kind {
        if Document::reference(schema).is_some() {
            return Kind::Alias;
        }
        if !items(schema, "allOf").is_empty() {
            return if items(schema, "allOf").len() == 1 && !has_properties(schema) { Kind::Alias } else { Kind::Model };
        }
        for key in ["oneOf", "anyOf"] {
            let alternatives = items(schema, key).iter().filter(|alternative| !self.is_null_schema(alternative)).count();
            if alternatives >= 2 {
                return Kind::Union;
            }
            if alternatives == 1 {
                return Kind::Alias;
            }
        }
        if enum_values(schema).is_some_and(|values| matches!(enum_kind(&values), Some(EnumKind::Text | EnumKind::Integer))) {
            return Kind::Enum;
        }
        if has_properties(schema) {
            return Kind::Model;
        }
        Kind::Alias
    }

    /// Whether a schema admits only `null`.
    fn is_null_schema(&self, schema: &Node) -> bool {
        match get(schema, "type") {
            Some(Node::Str(kind)) => kind == "null",
            Some(Node::Seq(kinds)) => kinds.iter().all(|kind| matches!(kind, Node::Str(kind) if kind == "null")),
            _ => enum_values(schema).is_some_and(|values| values.iter().all(|value| matches!(value, Node::Null))),
        }
    }

    /// Whether a schema admits `null` besides other values.
    fn nullable(&self, schema: &Node) -> bool {
        let flagged = matches!(get(schema, "nullable"), Some(Node::Bool(true))) && self.document.version == Version::V30;
        let in_type = matches!(get(schema, "type"), Some(Node::Seq(kinds)) if kinds.iter().any(|kind| matches!(kind, Node::Str(kind) if kind == "null")));
        let in_enum = enum_values(schema).is_some_and(|values| values.iter().any(|value| matches!(value, Node::Null)));
        let in_alternatives = ["oneOf", "anyOf"].iter().any(|key| items(schema, key).iter().any(|alternative| self.is_null_schema(alternative)));
        flagged || in_type || in_enum || in_alternatives
    }

    /// Makes the model, enum or union `name` from a component schema.
    fn define(&mut self, name: &str, schema: &Node, path: &str, sink: &mut Sink) {
        let doc = description(schema);
        match self.kind(schema) {
            Kind::Model => {
                let index = self.models.len();
                self.models.push(Model { name: name.to_owned(), doc, fields: Vec::new() });
                let fields = self.fields(schema, path, name, sink);
                self.models[index].fields = fields;
            }
            Kind::Enum => {
                if let Some(values) = self.enum_values(schema, path, sink) {
                    self.enums.push(Enum { name: name.to_owned(), doc, values });
                }
            }
            Kind::Union => {
                self.union_names.insert(name.to_owned());
                let key = if items(schema, "oneOf").is_empty() { "anyOf" } else { "oneOf" };
                let of = self.alternatives(schema, key, path, name, sink);
                if of.len() < 2 {
                    self.union_names.remove(name);
                    self.replaced.insert(name.to_owned(), of.into_iter().next().unwrap_or(TypeExpr::Builtin("any")));
                } else {
                    self.unions.push(Union { name: name.to_owned(), doc, of });
                }
            }
            Kind::Alias => {}
        }
    }

    /// The type of the schema `schema` at `path`, used in `context` (the name an inline model or
    /// enum there gets).
    pub fn type_of(&mut self, schema: &Node, path: &str, context: &str, place: Place, sink: &mut Sink) -> Typed {
        let mut typed = self.type_inner(schema, path, context, place, sink);
        if self.nullable(schema) {
            typed.nullable = true;
        }
        typed
    }

    fn type_inner(&mut self, schema: &Node, path: &str, context: &str, place: Place, sink: &mut Sink) -> Typed {
        if let Some(reference) = Document::reference(schema) {
            return self.referenced(schema, reference, path, place, sink);
        }
        let all_of = items(schema, "allOf");
        if !all_of.is_empty() {
            if all_of.len() == 1 && !has_properties(schema) {
                return self.type_of(&all_of[0], &join(path, "allOf.0"), context, place, sink);
            }
            let name = self.names.claim(context);
            self.define(&name, schema, path, sink);
            return Typed::of(TypeExpr::Named(name));
        }
        for key in ["oneOf", "anyOf"] {
            let alternatives: Vec<&Node> = items(schema, key).iter().filter(|alternative| !self.is_null_schema(alternative)).collect();
            match alternatives.len() {
                0 => {}
                1 => {
                    let index = items(schema, key).iter().position(|alternative| std::ptr::eq(alternative, alternatives[0])).unwrap_or(0);
                    return self.type_of(alternatives[0], &join(path, &format!("{key}.{index}")), context, place, sink);
                }
                _ => {
                    let of = self.alternatives(schema, key, path, context, sink);
                    return match of.len() {
                        0 => Typed::any(),
                        1 => Typed::of(of.into_iter().next().unwrap_or(TypeExpr::Builtin("any"))),
                        _ => {
                            let name = self.names.claim(context);
                            self.union_names.insert(name.clone());
                            self.unions.push(Union { name: name.clone(), doc: None, of });
                            Typed::of(TypeExpr::Named(name))
                        }
                    };
                }
            }
        }
        if let Some(values) = enum_values(schema) {
            match enum_kind(&values) {
                Some(EnumKind::Text | EnumKind::Integer) => {
                    if let Some(values) = self.enum_values(schema, path, sink) {
                        let name = self.names.claim(context);
                        self.enums.push(Enum { name: name.clone(), doc: None, values });
                        return Typed::of(TypeExpr::Named(name));
                    }
                }
                Some(EnumKind::Constant(builtin)) => return Typed::of(TypeExpr::Builtin(builtin)),
                None => {}
            }
        }
        if let Some(builtin) = get(schema, "const").and_then(constant_type) {
            return Typed::of(TypeExpr::Builtin(builtin));
        }
        let kinds: Vec<&str> = match get(schema, "type") {
            Some(Node::Str(kind)) => vec![kind.as_str()],
            Some(Node::Seq(kinds)) => kinds.iter().filter_map(|kind| if let Node::Str(kind) = kind { Some(kind.as_str()) } else { None }).filter(|kind| *kind != "null").collect(),
            Some(other) => {
                sink.warning(&join(path, "type"), format!("expected a type name or a list of them, found {}; the value is typed `any`", other.kind()), None);
                return Typed::any();
            }
            None if has_properties(schema) || get(schema, "additionalProperties").is_some() => vec!["object"],
            None if get(schema, "items").is_some() => vec!["array"],
            None => return Typed::any(),
        };
        match kinds.as_slice() {
            [] => Typed::any(),
            [kind] => self.single_type(kind, schema, path, context, place, sink),
            several => {
                // `type: [integer, string]`: a union of the scalars, the narrower first.
                let mut of: Vec<TypeExpr> = Vec::new();
                for kind in ["boolean", "integer", "number", "string", "array", "object"] {
                    if several.contains(&kind) {
                        let typed = self.single_type(kind, schema, path, &format!("{context}{}", camel(kind, "V")), place, sink);
                        if typed.ty == TypeExpr::Builtin("any") || self.is_union_type(&typed.ty) {
                            return Typed::any();
                        }
                        of.push(typed.ty);
                    }
                }
                let name = self.names.claim(context);
                self.union_names.insert(name.clone());
                self.unions.push(Union { name: name.clone(), doc: None, of });
                Typed::of(TypeExpr::Named(name))
            }
        }
    }

    fn is_union_type(&self, ty: &TypeExpr) -> bool {
        matches!(ty, TypeExpr::Named(name) if self.is_union(name))
    }

    /// A schema of one JSON type.
    fn single_type(&mut self, kind: &str, schema: &Node, path: &str, context: &str, place: Place, sink: &mut Sink) -> Typed {
        let format = get_str(schema, "format").unwrap_or_default();
        let builtin = |name: &'static str| Typed::of(TypeExpr::Builtin(name));
        match kind {
            "string" => match format {
                "date-time" => builtin("date_time"),
                "date" => builtin("date"),
                "decimal" => builtin("decimal"),
                "password" if place == Place::Field => builtin("secret"),
                "binary" => Typed { binary: true, ..builtin("string") },
                _ => builtin("string"),
            },
            "integer" => builtin("integer"),
            "number" => builtin("number"),
            "boolean" => builtin("boolean"),
            "null" => Typed { nullable: true, ..Typed::any() },
            "array" => {
                let item = match get(schema, "items") {
                    Some(item @ Node::Map(_)) => self.type_of(item, &join(path, "items"), &format!("{context}Item"), Place::Value, sink).ty,
                    _ => TypeExpr::Builtin("any"),
                };
                nested(TypeExpr::List(Box::new(item)))
            }
            "object" => {
                if has_properties(schema) {
                    let name = self.names.claim(context);
                    self.define_model(&name, schema, path, sink);
                    return Typed::of(TypeExpr::Named(name));
                }
                let value = match get(schema, "additionalProperties") {
                    Some(value @ Node::Map(members)) if !members.is_empty() => self.type_of(value, &join(path, "additionalProperties"), &format!("{context}Value"), Place::Value, sink).ty,
                    _ => TypeExpr::Builtin("any"),
                };
                nested(TypeExpr::Map(Box::new(value)))
            }
            other => {
                sink.warning(&join(path, "type"), format!("`{other}` is not a JSON Schema type; the value is typed `any`"), None);
                Typed::any()
            }
        }
    }

    fn define_model(&mut self, name: &str, schema: &Node, path: &str, sink: &mut Sink) {
        let index = self.models.len();
        self.models.push(Model { name: name.to_owned(), doc: description(schema), fields: Vec::new() });
        let fields = self.fields(schema, path, name, sink);
        self.models[index].fields = fields;
    }

    /// A `$ref`: the named component, or what it points at converted in place.
    fn referenced(&mut self, schema: &Node, reference: &str, path: &str, place: Place, sink: &mut Sink) -> Typed {
        let component = reference.strip_prefix("#/components/schemas/").filter(|key| !key.contains('/'));
        if let Some(key) = component {
            let key = key.replace("~1", "/").replace("~0", "~");
            match self.components.get(&key).cloned() {
                Some(Component::Named { name, .. }) if self.replaced.contains_key(&name) => {
                    return Typed::of(self.replaced[&name].clone());
                }
                Some(Component::Named { name, nullable }) => {
                    return Typed { ty: TypeExpr::Named(name), nullable: nullable || self.nullable(schema), binary: false };
                }
                Some(Component::Alias) => {
                    if self.expanding.contains(&key) {
                        sink.warning(&join(path, "$ref"), format!("the schema `{key}` contains itself without an object in between; it is typed `any`"), None);
                        return Typed::any();
                    }
                    let Some((target, target_path)) = self.document.resolve(schema, path, sink) else { return Typed::any() };
                    self.expanding.push(key.clone());
                    let typed = self.type_of(target, &target_path, &type_name(&key), place, sink);
                    self.expanding.pop();
                    return typed;
                }
                None => {}
            }
        }
        match self.document.resolve(schema, path, sink) {
            Some((target, target_path)) if self.expanding.len() < 32 => {
                self.expanding.push(reference.to_owned());
                let context = type_name(target_path.rsplit('.').next().unwrap_or("Value"));
                let typed = self.type_of(target, &target_path, &context, place, sink);
                self.expanding.pop();
                typed
            }
            _ => Typed::any(),
        }
    }

    /// The fields of an object schema, `allOf` parts merged in order.
    fn fields(&mut self, schema: &Node, path: &str, owner: &str, sink: &mut Sink) -> Vec<Field> {
        let mut collected: Vec<(String, Node, String)> = Vec::new();
        let mut required: BTreeSet<String> = BTreeSet::new();
        self.collect_properties(schema, path, &mut collected, &mut required, 0, sink);
        let mut rust_names = Names::rust_names(&[]);
        let mut fields = Vec::new();
        for (wire, property, property_path) in collected {
            let context = format!("{owner}{}", camel(&wire, "Field"));
            let typed = self.type_of(&property, &property_path, &context, Place::Field, sink);
            let ident = snake(&wire, "field");
            let claimed = rust_names.claim(&ident);
            let doc = description(&property).or_else(|| self.referenced_description(&property));
            fields.push(Field {
                required: required.contains(&wire),
                rust_name: (claimed != ident).then_some(claimed),
                wire,
                ty: typed.ty,
                nullable: typed.nullable,
                doc,
                binary: typed.binary,
            });
        }
        fields
    }

    /// The description beside a single-part `allOf` (how OpenAPI 3.0 documents a reference).
    fn referenced_description(&self, property: &Node) -> Option<String> {
        match items(property, "allOf") {
            [only] => description(only),
            _ => None,
        }
    }

    /// Properties of `schema` and of its `allOf` parts; a later part's property replaces an
    /// earlier one of the same name.
    fn collect_properties(&self, schema: &Node, path: &str, out: &mut Vec<(String, Node, String)>, required: &mut BTreeSet<String>, depth: usize, sink: &mut Sink) {
        if depth > 32 {
            sink.warning(path, "`allOf` nested more than 32 deep; the deeper parts are left out", None);
            return;
        }
        let Some((schema, path)) = self.document.resolve(schema, path, sink) else { return };
        for (index, part) in items(schema, "allOf").iter().enumerate() {
            self.collect_properties(part, &join(&path, &format!("allOf.{index}")), out, required, depth + 1, sink);
        }
        for (name, property) in entries(schema, "properties") {
            let property_path = join(&join(&path, "properties"), name);
            match out.iter_mut().find(|(wire, _, _)| wire == name) {
                Some(existing) => *existing = (name.clone(), property.clone(), property_path),
                None => out.push((name.clone(), property.clone(), property_path)),
            }
        }
        for name in items(schema, "required") {
            if let Node::Str(name) = name {
                required.insert(name.clone());
            }
        }
    }

    /// The alternatives of a `oneOf`/`anyOf`, as distinct types a union can hold.
    fn alternatives(&mut self, schema: &Node, key: &str, path: &str, context: &str, sink: &mut Sink) -> Vec<TypeExpr> {
        let mut of: Vec<TypeExpr> = Vec::new();
        for (index, alternative) in items(schema, key).iter().enumerate() {
            if self.is_null_schema(alternative) {
                continue;
            }
            let alternative_path = join(path, &format!("{key}.{index}"));
            let typed = self.type_of(alternative, &alternative_path, &format!("{context}{}", index + 1), Place::Value, sink);
            if typed.ty == TypeExpr::Builtin("any") || self.is_union_type(&typed.ty) {
                sink.warning(&alternative_path, format!("a union's alternative cannot be {}; `{context}` is typed `any`", if typed.ty == TypeExpr::Builtin("any") { "any value" } else { "another union" }), None);
                return vec![TypeExpr::Builtin("any")];
            }
            if !of.contains(&typed.ty) {
                of.push(typed.ty);
            }
        }
        of
    }

    /// An enum's values, with variant names that do not clash.
    fn enum_values(&self, schema: &Node, path: &str, sink: &mut Sink) -> Option<EnumValues> {
        let values = enum_values(schema)?;
        let names = |labels: Vec<String>| {
            let mut variants = Names::camel(&["UnknownValue"]);
            labels.iter().map(|label| variants.claim(&camel(label, "V"))).collect::<Vec<_>>()
        };
        match enum_kind(&values)? {
            EnumKind::Text => {
                let mut seen = BTreeSet::new();
                let texts: Vec<String> = values.iter().filter_map(|value| if let Node::Str(text) = value { Some(text.clone()) } else { None }).filter(|text| seen.insert(text.clone())).collect();
                let variants = names(texts.clone());
                Some(EnumValues::Text(texts.into_iter().zip(variants).map(|(text, variant)| {
                    let rust_name = (variant != camel(&text, "V")).then_some(variant);
                    (text, rust_name)
                }).collect()))
            }
            EnumKind::Integer => {
                let mut seen = BTreeSet::new();
                let numbers: Vec<i64> = values.iter().filter_map(|value| if let Node::Int(number) = value { Some(*number) } else { None }).filter(|number| seen.insert(*number)).collect();
                let labels: Vec<String> = numbers.iter().map(|number| if *number < 0 { format!("minus_{}", number.unsigned_abs()) } else { format!("value_{number}") }).collect();
                let variants = names(labels);
                Some(EnumValues::Integer(numbers.into_iter().zip(variants).map(|(number, variant)| (number, snake(&variant, "value"))).collect()))
            }
            EnumKind::Constant(_) => {
                sink.warning(path, "an enum of one value is typed as its base type", None);
                None
            }
        }
    }
}

/// What a component schema is declared as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Model,
    Enum,
    Union,
    Alias,
}

/// What an `enum` list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EnumKind {
    /// Strings (and maybe `null`), more than one.
    Text,
    /// Integers (and maybe `null`), more than one.
    Integer,
    /// One value, or values an enum cannot hold (booleans, floats): the base type.
    Constant(&'static str),
}

fn enum_values(schema: &Node) -> Option<Vec<Node>> {
    match get(schema, "enum") {
        Some(Node::Seq(values)) if !values.is_empty() => Some(values.clone()),
        _ => None,
    }
}

fn enum_kind(values: &[Node]) -> Option<EnumKind> {
    let present: Vec<&Node> = values.iter().filter(|value| !matches!(value, Node::Null)).collect();
    if present.is_empty() {
        return None;
    }
    let all = |test: fn(&Node) -> bool| present.iter().all(|value| test(value));
    if present.len() == 1 {
        return constant_type(present[0]).map(EnumKind::Constant);
    }
    if all(|value| matches!(value, Node::Str(_))) {
        Some(EnumKind::Text)
    } else if all(|value| matches!(value, Node::Int(_))) {
        Some(EnumKind::Integer)
    } else if all(|value| matches!(value, Node::Int(_) | Node::Float(_))) {
        Some(EnumKind::Constant("number"))
    } else if all(|value| matches!(value, Node::Bool(_))) {
        Some(EnumKind::Constant("boolean"))
    } else {
        Some(EnumKind::Constant("any"))
    }
}

/// The base type of a constant.
fn constant_type(value: &Node) -> Option<&'static str> {
    Some(match value {
        Node::Str(_) => "string",
        Node::Int(_) => "integer",
        Node::Float(_) => "number",
        Node::Bool(_) => "boolean",
        Node::Seq(_) | Node::Map(_) => "any",
        Node::Null => return None,
    })
}

fn has_properties(schema: &Node) -> bool {
    !entries(schema, "properties").is_empty()
}

/// `ty` with every named type of `replaced` replaced.
fn substitute(ty: &mut TypeExpr, replaced: &BTreeMap<String, TypeExpr>) {
    match ty {
        TypeExpr::Named(name) => {
            if let Some(replacement) = replaced.get(name.as_str()) {
                *ty = replacement.clone();
            }
        }
        TypeExpr::List(inner) | TypeExpr::Map(inner) => substitute(inner, replaced),
        TypeExpr::Builtin(_) => {}
    }
}

/// A list or map nested deeper than a field may be is `any`.
fn nested(ty: TypeExpr) -> Typed {
    if ty.container_depth() > MAX_NESTING { Typed::any() } else { Typed::of(ty) }
}

/// A schema's `description`, else its `title`.
pub fn description(node: &Node) -> Option<String> {
    get_str(node, "description").or_else(|| get_str(node, "title")).map(str::trim).filter(|text| !text.is_empty()).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::document::read;

    fn types_of(yaml: &str) -> (Vec<Model>, Vec<Enum>, Vec<Union>, String) {
        let mut sink = Sink::new("api.yaml");
        let document = read(format!("openapi: 3.1.0\ncomponents:\n  schemas:\n{yaml}").as_bytes(), &mut sink).expect("reads");
        let types = Types::new(&document, &mut sink);
        (types.models, types.enums, types.unions, sink.finish().to_string())
    }

    fn field<'m>(models: &'m [Model], model: &str, wire: &str) -> &'m Field {
        models.iter().find(|candidate| candidate.name == model).and_then(|model| model.fields.iter().find(|field| field.wire == wire)).expect("the field")
    }

    #[test]
    fn all_of_parts_merge_and_later_properties_win() {
        let (models, ..) = types_of(
            "    Base: {type: object, required: [id], properties: {id: {type: string}, size: {type: string}}}\n    Full:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - {type: object, required: [size], properties: {size: {type: integer}, extra: {type: boolean}}}\n",
        );
        let full = models.iter().find(|model| model.name == "Full").expect("Full");
        let fields: Vec<(&str, String, bool)> = full.fields.iter().map(|field| (field.wire.as_str(), field.ty.to_string(), field.required)).collect();
        assert_eq!(fields, [("id", "string".to_owned(), true), ("size", "integer".to_owned(), true), ("extra", "boolean".to_owned(), false)]);
    }

    #[test]
    fn nullable_has_three_spellings_in_3_1() {
        let (models, ..) = types_of(
            "    M:\n      type: object\n      properties:\n        a: {type: [string, 'null']}\n        b: {anyOf: [{type: integer}, {type: 'null'}]}\n        c: {enum: [x, y, null]}\n        d: {type: string, nullable: true}\n",
        );
        assert!(field(&models, "M", "a").nullable && field(&models, "M", "b").nullable && field(&models, "M", "c").nullable);
        // `nullable` is a 3.0 keyword; in 3.1 it means nothing.
        assert!(!field(&models, "M", "d").nullable);
        assert_eq!(field(&models, "M", "b").ty.to_string(), "integer");
    }

    #[test]
    fn enums_unions_and_constants_take_the_shape_they_can() {
        let (models, enums, unions, warnings) = types_of(
            "    Size: {type: string, enum: [small, SMALL, large]}\n    Code: {type: integer, enum: [200, -1]}\n    Id: {oneOf: [{type: integer}, {type: string}]}\n    Anything: {oneOf: [{}, {type: string}]}\n    M:\n      type: object\n      properties:\n        flag: {type: boolean, enum: [true]}\n        mixed: {type: [integer, string]}\n        id: {$ref: '#/components/schemas/Id'}\n        anything: {$ref: '#/components/schemas/Anything'}\n        grid: {type: array, items: {type: array, items: {type: array, items: {type: array, items: {type: array, items: {type: number}}}}}}\n",
        );
        assert_eq!(enums[0].values, EnumValues::Text(vec![("small".into(), None), ("SMALL".into(), Some("SmallV".into())), ("large".into(), None)]));
        assert_eq!(enums[1].values, EnumValues::Integer(vec![(200, "value200".into()), (-1, "minus1".into())]));
        assert_eq!(unions.iter().map(|union| (union.name.as_str(), union.of.iter().map(ToString::to_string).collect::<Vec<_>>())).collect::<Vec<_>>(), [("Id", vec!["integer".to_owned(), "string".to_owned()]), ("MMixed", vec!["integer".to_owned(), "string".to_owned()])]);
        assert_eq!(field(&models, "M", "flag").ty.to_string(), "boolean");
        assert_eq!(field(&models, "M", "id").ty.to_string(), "Id");
        // A union that would hold any value is `any` wherever it was named.
        assert_eq!(field(&models, "M", "anything").ty.to_string(), "any");
        assert!(warnings.contains("typed `any`"), "{warnings}");
        // Deeper than a field may nest.
        assert_eq!(field(&models, "M", "grid").ty.to_string(), "any");
    }

    #[test]
    fn inline_objects_are_named_after_where_they_are() {
        let (models, enums, ..) = types_of(
            "    Order:\n      type: object\n      properties:\n        lines: {type: array, items: {type: object, properties: {qty: {type: integer}}}}\n        status: {type: string, enum: [open, shut]}\n        meta: {type: object, additionalProperties: {type: object, properties: {k: {type: string}}}}\n        tags: {type: object, additionalProperties: true}\n",
        );
        let names: Vec<&str> = models.iter().map(|model| model.name.as_str()).collect();
        assert_eq!(names, ["Order", "OrderLinesItem", "OrderMetaValue"]);
        assert_eq!(enums[0].name, "OrderStatus");
        assert_eq!(field(&models, "Order", "meta").ty.to_string(), "map<OrderMetaValue>");
        assert_eq!(field(&models, "Order", "tags").ty.to_string(), "map<any>");
    }
}
