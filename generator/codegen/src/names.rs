//! Rust identifiers from spec names: case conversion, keywords and odd characters.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeMap;

/// Names the standard prelude brings into every module, which generated code uses unqualified:
/// a generated type of one of these names would shadow it.
pub const PRELUDE_TYPES: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "ToString", "ToOwned", "Into", "From", "IntoIterator", "Iterator",
    "Clone", "Copy", "Send", "Sync", "Sized", "Default", "Drop", "Fn", "FnMut", "FnOnce", "AsRef", "AsMut", "PartialEq", "Eq", "PartialOrd", "Ord",
    "Extend", "TryFrom", "TryInto", "FromIterator", "Unpin",
];

/// Names a request builder's setters (`fn x(self, value) -> Self`) and `clear_*` methods
/// (`fn x(self) -> Self`) cannot have: clippy's `should_implement_trait` takes them for the
/// operator traits, and `into` would be shadowed by `Into::into`, which takes `self` first.
pub const SETTER_TRAIT_METHODS: &[&str] = &[
    "add", "sub", "mul", "div", "rem", "shl", "shr", "bitand", "bitor", "bitxor", "neg", "not", "into_iter", "into", "try_into",
];

/// Names methods taking `&self` and returning a value (resource accessors, endpoint methods)
/// cannot have: `clone` and `cmp` trip `should_implement_trait`, and `into` and `try_into` are
/// shadowed by the conversion traits' methods, which take `self` first.
pub const GETTER_TRAIT_METHODS: &[&str] = &["clone", "cmp", "into", "try_into"];

/// The identifiers of one Rust scope (a module's types, a type's methods, a struct's fields):
/// those the generated code uses itself, and those given to spec names, with the YAML path of
/// each spec name so that a clash between two of them names both.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Identifier -> the YAML path of the spec name it was given to; `None` for the
    /// generator's own.
    taken: BTreeMap<String, Option<String>>,
}

/// Two spec names that would become the same identifier in one scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    /// The identifier.
    pub ident: String,
    /// The YAML path of the name that has it already.
    pub first: String,
}

impl Scope {
    /// A scope in which the generated code already uses `reserved`.
    pub fn new<'n>(reserved: impl IntoIterator<Item = &'n str>) -> Self {
        Self { taken: reserved.into_iter().map(|name| (name.to_owned(), None)).collect() }
    }

    /// Adds an identifier the generated code uses itself.
    pub fn reserve(&mut self, ident: &str) {
        self.taken.entry(ident.to_owned()).or_insert(None);
    }

    /// Whether `ident` is taken.
    pub fn contains(&self, ident: &str) -> bool {
        self.taken.contains_key(ident)
    }

    /// Gives `ident` to the spec name at `path`. If the generated code uses it already, the name
    /// gets `suffix` (then a number) instead, deterministically; if another spec name has it, that
    /// is a clash the author must settle.
    pub fn claim(&mut self, ident: &str, suffix: &str, path: &str) -> Result<String, Clash> {
        match self.taken.get(ident) {
            None => {
                self.taken.insert(ident.to_owned(), Some(path.to_owned()));
                Ok(ident.to_owned())
            }
            Some(Some(first)) => Err(Clash { ident: ident.to_owned(), first: first.clone() }),
            Some(None) => Ok(self.unique(ident, suffix, path)),
        }
    }

    /// Like [`Scope::claim`], for a name that must be the same in two scopes (a builder's field
    /// and its setter): the identifier is free in both, or neither keeps it.
    pub fn claim_in_both(&mut self, other: &mut Scope, ident: &str, suffix: &str, path: &str) -> Result<String, Clash> {
        for scope in [&*self, &*other] {
            if let Some(Some(first)) = scope.taken.get(ident) {
                return Err(Clash { ident: ident.to_owned(), first: first.clone() });
            }
        }
        let mut candidate = ident.to_owned();
        let mut number = 1;
        while self.contains(&candidate) || other.contains(&candidate) {
            candidate = if number == 1 { format!("{ident}{suffix}") } else { format!("{ident}{suffix}{number}") };
            number += 1;
        }
        self.taken.insert(candidate.clone(), Some(path.to_owned()));
        other.taken.insert(candidate.clone(), Some(path.to_owned()));
        Ok(candidate)
    }

    /// The first of `ident`, `ident{suffix}`, `ident{suffix}2`, ... that is free, given to the
    /// name at `path`: for names the author never sees clash (test functions, statics).
    pub fn unique(&mut self, ident: &str, suffix: &str, path: &str) -> String {
        let mut candidate = ident.to_owned();
        let mut number = 1;
        while self.taken.contains_key(&candidate) {
            candidate = if number == 1 { format!("{ident}{suffix}") } else { format!("{ident}{suffix}{number}") };
            number += 1;
        }
        self.taken.insert(candidate.clone(), Some(path.to_owned()));
        candidate
    }
}

/// Words that cannot be used as identifiers (strict and reserved keywords, 2024 edition).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for", "gen",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct",
    "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Whether `word` is a Rust keyword.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// The identifier for a field or parameter: its `rust_name` if the author gave one, else one
/// made from its wire name.
pub fn field_ident(wire: &str, rust_name: Option<&str>, fallback: &str) -> String {
    rust_name.map_or_else(|| snake(wire, fallback), str::to_owned)
}

/// Whether `name` is shaped like a crate name: lowercase letters, digits, `-` and `_`, starting
/// with a letter. (`validate` also bounds its length and keeps it off names Rust code uses.)
pub fn is_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase()) && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Whether `name` can be used as it is as a `snake_case` identifier (a `rust_name`).
pub fn is_snake_ident(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name != "_"
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.contains("__")
        && !is_keyword(name)
}

/// Whether `name` can be used as it is as an `UpperCamelCase` identifier (a variant's `rust_name`).
pub fn is_camel_ident(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase()) && name.chars().all(|c| c.is_ascii_alphanumeric()) && !is_keyword(name)
}

/// Replaces everything but ASCII letters and digits with spaces, so case conversion splits
/// words there (`user.activity.walking`, `3-wheeler`, `__v`).
fn words(name: &str) -> String {
    name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// A `snake_case` identifier for a field, parameter, function or module. `fallback` is used when
/// the name has no letters or digits; a leading digit gets `fallback_` in front; keywords get a
/// trailing `_`.
pub fn snake(name: &str, fallback: &str) -> String {
    let mut ident = words(name).to_snake_case();
    if ident.is_empty() {
        ident = fallback.to_owned();
    } else if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident = format!("{fallback}_{ident}");
    }
    if is_keyword(&ident) {
        ident.push('_');
    }
    ident
}

/// The variant name of a union alternative: the type's own name (`String`, `Customer`,
/// `DateTime`), with `List` or `Map` after it for containers (`CustomerList`).
pub fn union_variant(ty: &crate::types::TypeExpr) -> String {
    use crate::types::TypeExpr;
    match ty {
        TypeExpr::Builtin(name) => camel(name, "Value"),
        TypeExpr::Named(name) => camel(name, "Value"),
        TypeExpr::List(inner) => format!("{}List", union_variant(inner)),
        TypeExpr::Map(inner) => format!("{}Map", union_variant(inner)),
    }
}

/// An `UpperCamelCase` identifier for a type or variant. A leading digit gets `fallback` in
/// front.
pub fn camel(name: &str, fallback: &str) -> String {
    let mut ident = words(name).to_upper_camel_case();
    if ident.is_empty() {
        ident = fallback.to_owned();
    } else if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident = format!("{fallback}{ident}");
    }
    if is_keyword(&ident) {
        ident.push('_');
    }
    ident
}

/// A `SCREAMING_SNAKE_CASE` identifier for a constant.
pub fn shouty(name: &str) -> String {
    let ident = words(name).to_shouty_snake_case();
    if ident.is_empty() || ident.starts_with(|c: char| c.is_ascii_digit()) { format!("C_{ident}") } else { ident }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_avoid_the_generators_names_and_report_spec_clashes() {
        let mut scope = Scope::new(["Request", "Page"]);
        assert_eq!(scope.claim("Users", "Resource", "endpoints.users"), Ok("Users".to_owned()));
        assert_eq!(scope.claim("Request", "Resource", "endpoints.request"), Ok("RequestResource".to_owned()));
        assert_eq!(scope.claim("Users", "Resource", "endpoints.USERS"), Err(Clash { ident: "Users".to_owned(), first: "endpoints.users".to_owned() }));
        assert_eq!(scope.unique("Page", "Resource", "a"), "PageResource");
        assert_eq!(scope.unique("Page", "Resource", "b"), "PageResource2");
    }

    #[test]
    fn union_variants_are_named_after_their_types() {
        let variant = |text: &str| union_variant(&crate::types::parse(text).expect("a type"));
        assert_eq!([variant("string"), variant("date_time"), variant("Customer"), variant("list<Customer>"), variant("map<integer>")], ["String", "DateTime", "Customer", "CustomerList", "IntegerMap"]);
    }

    #[test]
    fn odd_names_become_identifiers() {
        assert_eq!(snake("type", "field"), "type_");
        assert_eq!(snake("self", "field"), "self_");
        assert_eq!(snake("__v", "field"), "v");
        assert_eq!(snake("_id", "field"), "id");
        assert_eq!(snake("lookupId", "field"), "lookup_id");
        assert_eq!(snake("3d", "field"), "field_3d");
        assert_eq!(snake("---", "field"), "field");
        assert_eq!(snake("émoji", "field"), "moji");
        assert_eq!(camel("3-wheeler", "V"), "V3Wheeler");
        assert_eq!(camel("user.activity.walking", "V"), "UserActivityWalking");
        assert_eq!(camel("", "Empty"), "Empty");
        assert_eq!(camel("self", "V"), "Self_");
        assert_eq!(shouty("list"), "LIST");
        assert_eq!(shouty("2x"), "C_2X");
    }
}
