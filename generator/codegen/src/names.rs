//! Rust identifiers from spec names: case conversion, keywords and odd characters.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

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
