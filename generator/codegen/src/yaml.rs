//! The only module that knows the YAML library. It turns bytes into a plain [`Node`] tree with
//! string keys in document order, and refuses input that could exhaust memory or time.

use std::fmt;

/// Largest spec file accepted. Real specs are a few hundred KiB.
pub const MAX_SPEC_BYTES: usize = 8 * 1024 * 1024;

/// A YAML value with string keys, in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `null` or `~` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer that fits in `i64`.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping; keys that are numbers or booleans are kept as their text.
    Map(Vec<(String, Node)>),
}

impl Node {
    /// The value as JSON; `None` when it holds a number JSON cannot (NaN, infinity).
    pub fn to_json(&self) -> Option<serde_json::Value> {
        use serde_json::Value;
        Some(match self {
            Node::Null => Value::Null,
            Node::Bool(flag) => Value::Bool(*flag),
            Node::Int(number) => Value::from(*number),
            Node::Float(number) => Value::Number(serde_json::Number::from_f64(*number)?),
            Node::Str(text) => Value::String(text.clone()),
            Node::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect::<Option<_>>()?),
            Node::Map(entries) => Value::Object(entries.iter().map(|(key, value)| Some((key.clone(), value.to_json()?))).collect::<Option<_>>()?),
        })
    }

    /// A short name for the node's kind, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Int(_) => "an integer",
            Node::Float(_) => "a number",
            Node::Str(_) => "a string",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }
}

/// Why a file could not be read as YAML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong.
    pub message: String,
    /// Where, as (line, column) from 1, when known.
    pub position: Option<(usize, usize)>,
}

impl ParseError {
    fn new(message: String) -> Self {
        Self { message, position: None }
    }

    /// A YAML library error, with its position taken out of the text and kept apart. A number
    /// too large for any integer type gets a message that says so.
    fn from_yaml(error: &serde_yaml::Error) -> Self {
        let position = error.location().map(|location| (location.line(), location.column()));
        let mut message = error.to_string();
        if let Some(at) = message.rfind(" at line ") {
            message.truncate(at);
        }
        let message = match message.split_once("invalid type: integer `").and_then(|(_, rest)| rest.split_once('`')) {
            Some((digits, _)) => format!("the number `{digits}` is too large; spec numbers are at most 18446744073709551615"),
            None => format!("not valid YAML: {message}"),
        };
        Self { message, position }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Parses a spec file's bytes.
pub fn parse(bytes: &[u8]) -> Result<Node, ParseError> {
    parse_at_most(bytes, MAX_SPEC_BYTES, "specs")
}

/// Parses a YAML document of at most `max_bytes` bytes; `what` names such documents in the
/// message refusing a larger one ("specs", "OpenAPI documents").
pub fn parse_at_most(bytes: &[u8], max_bytes: usize, what: &str) -> Result<Node, ParseError> {
    if bytes.len() > max_bytes {
        return Err(ParseError::new(format!("the file is {} bytes; {what} are limited to {max_bytes} bytes", bytes.len())));
    }
    let text = std::str::from_utf8(bytes).map_err(|error| {
        ParseError::new(format!("the file is not UTF-8 text (invalid byte at offset {})", error.valid_up_to()))
    })?;
    if text.trim().is_empty() {
        return Err(ParseError::new("the file is empty; a spec is a YAML mapping starting with `name:`".to_owned()));
    }
    // libyaml slows down quadratically on deeply nested `[`/`{`, so refuse those before parsing.
    // serde_yaml itself bounds nesting depth and alias expansion, so other deep nesting and alias
    // bombs end in an error rather than a stack overflow or an out-of-memory.
    check_flow_depth(text)?;
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|error| ParseError::from_yaml(&error))?;
    convert(value, 0).map_err(|error| match error.position {
        Some(_) => error,
        // The tree has no positions: point at the first line that could hold the bad key.
        None => ParseError { position: odd_key_line(text), ..error },
    })
}

/// Refuses flow collections (`[...]`, `{...}`) nested deeper than [`MAX_DEPTH`], skipping
/// quoted strings and comments. Brackets inside plain scalars may count too, which can only make
/// the limit err on the safe side for absurdly bracketed text.
fn check_flow_depth(text: &str) -> Result<(), ParseError> {
    let mut depth = 0usize;
    // Quotes and comments only start at the start of a token, not inside a word like `it's`.
    let mut token_start = true;
    let mut bytes = text.bytes();
    while let Some(byte) = bytes.next() {
        match byte {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(ParseError::new(format!("not valid YAML: nesting deeper than {MAX_DEPTH} levels")));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'"' if token_start => {
                while let Some(inner) = bytes.next() {
                    match inner {
                        b'\\' => {
                            bytes.next();
                        }
                        b'"' => break,
                        _ => {}
                    }
                }
            }
            b'\'' if token_start => {
                for inner in bytes.by_ref() {
                    if inner == b'\'' {
                        break;
                    }
                }
            }
            b'#' if token_start => {
                for inner in bytes.by_ref() {
                    if inner == b'\n' {
                        break;
                    }
                }
            }
            _ => {}
        }
        token_start = matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',' | b':' | b'-');
    }
    Ok(())
}

/// Nesting deeper than this is refused (serde_yaml stops earlier; this guards the conversion).
const MAX_DEPTH: usize = 256;

fn convert(value: serde_yaml::Value, depth: usize) -> Result<Node, ParseError> {
    use serde_yaml::Value;
    if depth > MAX_DEPTH {
        return Err(ParseError::new(format!("nesting deeper than {MAX_DEPTH} levels")));
    }
    Ok(match value {
        Value::Null => Node::Null,
        Value::Bool(flag) => Node::Bool(flag),
        Value::Number(number) => match number.as_i64() {
            Some(int) => Node::Int(int),
            None => Node::Float(number.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(text) => Node::Str(text),
        Value::Sequence(items) => {
            Node::Seq(items.into_iter().map(|item| convert(item, depth + 1)).collect::<Result<_, _>>()?)
        }
        Value::Mapping(mapping) => {
            let mut entries = Vec::with_capacity(mapping.len());
            for (key, member) in mapping {
                let key = match key {
                    Value::String(text) => text,
                    Value::Number(number) => number.to_string(),
                    Value::Bool(flag) => flag.to_string(),
                    other => {
                        return Err(ParseError::new(format!(
                            "mapping keys must be strings or numbers, found {}",
                            describe(&other)
                        )));
                    }
                };
                entries.push((key, convert(member, depth + 1)?));
            }
            Node::Map(entries)
        }
        Value::Tagged(tagged) => {
            return Err(ParseError::new(format!("YAML tags such as `{}` are not supported in specs", tagged.tag)));
        }
    })
}

/// The (line, column) of the first key that is not a plain scalar: `~:`, `null:`, `? ` or a
/// flow collection used as a key.
fn odd_key_line(text: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(index, line)| {
        let trimmed = line.trim_start();
        let column = line.len() - trimmed.len() + 1;
        let trimmed = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        let odd = trimmed.starts_with("? ")
            || ["~", "null", "Null", "NULL"].iter().any(|null| trimmed.strip_prefix(null).is_some_and(|rest| rest.trim_start().starts_with(':')))
            || ((trimmed.starts_with('[') || trimmed.starts_with('{')) && trimmed.contains(':') && !trimmed.ends_with(['}', ']']));
        odd.then_some((index + 1, column))
    })
}

fn describe(value: &serde_yaml::Value) -> &'static str {
    match value {
        serde_yaml::Value::Null => "null",
        serde_yaml::Value::Sequence(_) => "a list",
        serde_yaml::Value::Mapping(_) => "a mapping",
        serde_yaml::Value::Tagged(_) => "a tagged value",
        _ => "a scalar",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_stringifies_numeric_keys() {
        let node = parse(b"b: 1\na: [x, 2.5]\n404: {kind: not_found}\n").unwrap();
        let Node::Map(entries) = node else { panic!("expected a map") };
        let keys: Vec<&str> = entries.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(keys, ["b", "a", "404"]);
        assert_eq!(entries[1].1, Node::Seq(vec![Node::Str("x".into()), Node::Float(2.5)]));
    }

    #[test]
    fn refuses_hostile_input_with_messages() {
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"".to_vec(), "the file is empty"),
            (b"  \n\n".to_vec(), "the file is empty"),
            (vec![0xff, 0xfe, b'a'], "not UTF-8"),
            (b"a: [".to_vec(), "not valid YAML"),
            (format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(), "not valid YAML"),
            (b"a: !custom 1".to_vec(), "tags"),
            (b"? [1, 2]\n: x".to_vec(), "mapping keys"),
            (vec![b'a'; MAX_SPEC_BYTES + 1], "limited to"),
        ];
        for (input, expected) in cases {
            let error = parse(&input).unwrap_err();
            assert!(error.message.contains(expected), "expected `{expected}` in `{error}`");
        }
    }

    #[test]
    fn deep_flow_nesting_is_refused_quickly() {
        for prefix in ["", "a: it's\n", "a: \"[\"\nb: "] {
            let text = format!("{prefix}{}1{}", "[".repeat(100_000), "]".repeat(100_000));
            let error = parse(text.as_bytes()).unwrap_err();
            assert!(error.message.contains("nesting deeper than"), "{prefix}: {error}");
        }
        assert!(parse(b"a: \"[[[\"\nb: '{{'\nc: x # [[[\n").is_ok());
    }

    #[test]
    fn errors_carry_their_position() {
        let error = parse(b"a: 1\nb:\n  c: 1\n  c: 2\n").unwrap_err();
        assert_eq!(error.position, Some((3, 3)), "{error}");
        assert!(error.message.contains("duplicate entry") && !error.message.contains(" at line "), "{error}");
        let error = parse(b"a: 1\nb: 18446744073709551616\n").unwrap_err();
        assert!(error.message.contains("too large"), "{error}");
        assert!(error.position.is_some());
        let error = parse(b"a: 1\n~: 2\n").unwrap_err();
        assert_eq!(error.position, Some((2, 1)), "{error}");
        let error = parse(b"a: 1\n? [x, y]\n: 2\n").unwrap_err();
        assert_eq!(error.position, Some((2, 1)), "{error}");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..12 {
            let previous = format!("*a{}", level - 1);
            bomb.push_str(&format!("a{level}: &a{level} [{}]\n", [previous.as_str(); 10].join(", ")));
        }
        let error = parse(bomb.as_bytes()).unwrap_err();
        assert!(error.message.contains("not valid YAML"), "{error}");
    }
}
