//! Type expressions as written in specs: `string`, `list<User>`, `map<integer>`, `date_time`.

use std::fmt;

/// Built-in scalar types and what they mean.
pub const BUILTIN_TYPES: &[(&str, &str)] = &[
    ("string", "text"),
    ("integer", "a 64-bit signed integer"),
    ("number", "a 64-bit float"),
    ("boolean", "true or false"),
    ("any", "any JSON value"),
    ("date_time", "an RFC 3339 date-time with offset"),
    ("date", "an ISO 8601 date, YYYY-MM-DD"),
    ("time_of_day", "a time of day as the string HH:MM"),
    ("decimal", "a decimal number carried as a JSON string"),
    ("money", "an amount and ISO 4217 currency as a string, `8.90 EUR`"),
    ("days_of_week", "a 7-character days-of-week string, `12----7`"),
    ("day", "a calendar day as the integer YYYYMMDD"),
    ("hhmm", "a time of day as the integer HHMM"),
    ("epoch_millis", "milliseconds since the Unix epoch, an integer"),
    ("epoch_seconds", "seconds since the Unix epoch (a Unix timestamp), an integer"),
    ("geo_point", "a GeoJSON Point, longitude first"),
    ("filter", "a where/include/sort/group/fields JSON filter, for `style: json` query parameters"),
    ("file", "a file sent as one part of a `multipart` body: bytes, or a path read as the request is sent, with a file name and content type (`FilePart`)"),
    ("secret", "a credential carried as a JSON string (a password, a token): a `Secret`, hidden in `Debug` and in the bodies errors quote"),
];

/// A parsed type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// A built-in scalar (one of [`BUILTIN_TYPES`]).
    Builtin(&'static str),
    /// A model or enum, by its spec name.
    Named(String),
    /// `list<T>`.
    List(Box<TypeExpr>),
    /// `map<T>`: a JSON object with string keys.
    Map(Box<TypeExpr>),
}

impl TypeExpr {
    /// The built-in types this expression mentions.
    pub fn builtins(&self) -> Vec<&'static str> {
        match self {
            TypeExpr::Builtin(name) => vec![*name],
            TypeExpr::Named(_) => Vec::new(),
            TypeExpr::List(inner) | TypeExpr::Map(inner) => inner.builtins(),
        }
    }

    /// How many `list<>` and `map<>` levels deep it is (`list<map<string>>` is 2).
    pub fn container_depth(&self) -> usize {
        match self {
            TypeExpr::Builtin(_) | TypeExpr::Named(_) => 0,
            TypeExpr::List(inner) | TypeExpr::Map(inner) => 1 + inner.container_depth(),
        }
    }

    /// The named types this expression mentions.
    pub fn names(&self) -> Vec<&str> {
        match self {
            TypeExpr::Builtin(_) => Vec::new(),
            TypeExpr::Named(name) => vec![name.as_str()],
            TypeExpr::List(inner) | TypeExpr::Map(inner) => inner.names(),
        }
    }
}

impl fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeExpr::Builtin(name) => f.write_str(name),
            TypeExpr::Named(name) => f.write_str(name),
            TypeExpr::List(inner) => write!(f, "list<{inner}>"),
            TypeExpr::Map(inner) => write!(f, "map<{inner}>"),
        }
    }
}

/// Parses a type expression, or says what is wrong with it.
pub fn parse(text: &str) -> Result<TypeExpr, String> {
    parse_at(text.trim(), 0)
}

/// Deeper nesting than this is certainly a mistake.
const MAX_NESTING: usize = 16;

fn parse_at(text: &str, depth: usize) -> Result<TypeExpr, String> {
    if depth > MAX_NESTING {
        return Err(format!("type nested more than {MAX_NESTING} levels deep"));
    }
    for (wrapper, build) in [("list<", TypeExpr::List as fn(Box<TypeExpr>) -> TypeExpr), ("map<", TypeExpr::Map)] {
        if let Some(rest) = text.strip_prefix(wrapper) {
            let inner = rest.strip_suffix('>').ok_or_else(|| format!("`{text}` is missing its closing `>`"))?;
            return Ok(build(Box::new(parse_at(inner.trim(), depth + 1)?)));
        }
    }
    if text.is_empty() {
        return Err("empty type; expected a built-in type, a model or an enum name".to_owned());
    }
    if let Some((name, _)) = BUILTIN_TYPES.iter().find(|(name, _)| *name == text) {
        return Ok(TypeExpr::Builtin(name));
    }
    if text.starts_with(|c: char| c.is_ascii_alphabetic()) && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Ok(TypeExpr::Named(text.to_owned()));
    }
    Err(format!("`{text}` is not a type; expected a built-in type, a model or enum name, `list<T>` or `map<T>`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_expressions() {
        assert_eq!(parse("string"), Ok(TypeExpr::Builtin("string")));
        assert_eq!(parse(" list< map<User> > ").unwrap().to_string(), "list<map<User>>");
        assert_eq!(parse("list<User>").unwrap().names(), vec!["User"]);
    }

    #[test]
    fn reports_malformed_expressions() {
        assert!(parse("list<User").unwrap_err().contains("closing `>`"));
        assert!(parse("").unwrap_err().contains("empty type"));
        assert!(parse("[User]").unwrap_err().contains("is not a type"));
        assert!(parse(&format!("{}string{}", "list<".repeat(40), ">".repeat(40))).unwrap_err().contains("nested"));
    }
}
