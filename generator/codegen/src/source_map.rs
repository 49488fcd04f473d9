//! Finds where a diagnostic's YAML path points in the spec's text, so it can be shown as rustc
//! shows errors: `file:line:column`, the line, and a caret under the offending key (or under its
//! value, when the problem is the value and it is a scalar on the same line).
//!
//! This is a text search over block-style YAML with one-line flow collections (`{a: 1}`,
//! `[x, y]`), which is how specs are written; it does not parse. When a step of the path cannot be
//! found (anchors, multi-line flow collections, keys containing dots), the deepest step found is
//! returned, and a path with no step found has no location.

/// A place in the source: 1-based line and column (in characters), and how many characters to
/// underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
    /// Characters to underline, at least 1.
    pub len: usize,
    /// Where the key's value is, as `(column, len)`, when the path ends at a key whose value is a
    /// scalar on the same line (`type: strng`, `{method: get}`).
    pub value: Option<(usize, usize)>,
}

/// Where the dotted YAML `path` (such as `endpoints.pets.get.method` or `enums.Kind.values.2`)
/// points in `source`.
pub fn locate(source: &str, path: &str) -> Option<Location> {
    if path.is_empty() {
        return None;
    }
    let lines: Vec<&str> = source.lines().collect();
    let mut cursor = Cursor::Block { from: 0, parent_indent: None, inline_first: false };
    let mut found: Option<Location> = None;
    for segment in path.split('.') {
        let step = match cursor {
            Cursor::Block { from, parent_indent, inline_first } => find_in_block(&lines, from, parent_indent, inline_first, segment),
            Cursor::Flow { line, column } => find_in_flow(lines[line], line, column, segment),
        };
        let Some((location, next)) = step else {
            // The deepest step found is not what the path names, so its value is not either.
            return found.map(|location| Location { value: None, ..location });
        };
        found = Some(location);
        cursor = next;
    }
    found
}

/// Where the search for the next path segment happens.
#[derive(Debug, Clone, Copy)]
enum Cursor {
    /// In the block of lines from `from` that are indented deeper than `parent_indent`;
    /// `inline_first` when the block's first entry sits on line `from` after a `- `.
    Block { from: usize, parent_indent: Option<usize>, inline_first: bool },
    /// In a one-line flow collection starting at byte `column` of `line`.
    Flow { line: usize, column: usize },
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.is_empty() || trimmed.starts_with('#')
}

fn location(line_text: &str, line: usize, byte: usize, len: usize) -> Location {
    Location { line: line + 1, column: column_of(line_text, byte), len: len.max(1), value: None }
}

/// The 1-based column, in characters, of byte `byte` of `line_text`.
fn column_of(line_text: &str, byte: usize) -> usize {
    line_text.get(..byte).map_or(1, |before| before.chars().count() + 1)
}

/// The scalar in `line_text[start..end]` (after a key's colon), as `(column, len)`: a quoted
/// string with its quotes, or a plain scalar up to a comment; `None` when the value is a
/// collection, a block scalar, an anchor, alias or tag, or on the next lines.
fn scalar_span(line_text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let raw = line_text.get(start..end)?;
    let offset = start + (raw.len() - raw.trim_start().len());
    let value = raw.trim_start();
    let text = match value.chars().next()? {
        '{' | '[' | '|' | '>' | '&' | '*' | '!' | '#' => return None,
        quote @ ('"' | '\'') => {
            let close = value[1..].find(quote)? + 2;
            &value[..close]
        }
        _ => value.split(" #").next().unwrap_or(value).trim_end(),
    };
    (!text.is_empty()).then(|| (column_of(line_text, offset), text.chars().count()))
}

/// What follows a key's colon, or a sequence item's dash: a flow collection to search inline, or
/// a nested block on the next lines.
fn value_cursor(line_text: &str, line: usize, value_start: usize, indent: usize) -> Cursor {
    let rest = &line_text[value_start..];
    let skipped = rest.len() - rest.trim_start().len();
    match rest.trim_start().chars().next() {
        Some('{' | '[') => Cursor::Flow { line, column: value_start + skipped },
        _ => Cursor::Block { from: line + 1, parent_indent: Some(indent), inline_first: false },
    }
}

/// The key `segment` at the start of `content` (bare or quoted), returning its length in bytes
/// including quotes.
fn key_at(content: &str, segment: &str) -> Option<usize> {
    for quote in ["", "\"", "'"] {
        let key = format!("{quote}{segment}{quote}");
        if let Some(after) = content.strip_prefix(&key)
            && after.trim_start_matches(' ').starts_with(':')
        {
            return Some(key.len());
        }
    }
    None
}

fn find_in_block(lines: &[&str], from: usize, parent_indent: Option<usize>, inline_first: bool, segment: &str) -> Option<(Location, Cursor)> {
    let index: Option<usize> = segment.parse().ok();
    let mut child_indent = None;
    let mut items_seen = 0;
    for (number, &text) in lines.iter().enumerate().skip(from) {
        if is_blank_or_comment(text) {
            continue;
        }
        let mut indent = indent_of(text);
        // The first entry of a sequence item that is a mapping sits after its `- `.
        if inline_first && number == from {
            indent += 2;
        } else if parent_indent.is_some_and(|parent| indent <= parent) {
            return None;
        }
        let child = *child_indent.get_or_insert(indent);
        if indent != child {
            continue;
        }
        let content = &text[indent.min(text.len())..];
        if let Some(wanted) = index {
            let Some(after_dash) = content.strip_prefix('-').filter(|rest| rest.is_empty() || rest.starts_with(' ')) else {
                continue;
            };
            if items_seen == wanted {
                let item_start = indent + 1 + (after_dash.len() - after_dash.trim_start().len());
                let here = location(text, number, indent, 1);
                let first = after_dash.trim_start();
                let next = if first.starts_with('{') || first.starts_with('[') {
                    Cursor::Flow { line: number, column: item_start }
                } else if first.contains(": ") || first.ends_with(':') {
                    Cursor::Block { from: number, parent_indent: Some(indent), inline_first: true }
                } else {
                    Cursor::Block { from: number + 1, parent_indent: Some(indent), inline_first: false }
                };
                return Some((here, next));
            }
            items_seen += 1;
        } else if let Some(len) = key_at(content, segment) {
            let colon = indent + len + content[len..].find(':').unwrap_or(0) + 1;
            let here = Location { value: scalar_span(text, colon, text.len()), ..location(text, number, indent, len) };
            return Some((here, value_cursor(text, number, colon, indent)));
        }
    }
    None
}

/// Finds `segment` in the flow collection starting at byte `column` of `text`.
fn find_in_flow(text: &str, line: usize, column: usize, segment: &str) -> Option<(Location, Cursor)> {
    let bytes = text.as_bytes();
    let open = *bytes.get(column)?;
    let index: Option<usize> = segment.parse().ok().filter(|_| open == b'[');
    // Walk the top level of this collection: entries start after the opening bracket and after
    // each comma at depth 1.
    let mut depth = 0usize;
    let mut entry = 0usize;
    let mut entry_start = column + 1;
    let mut quote: Option<u8> = None;
    for (offset, &byte) in bytes.iter().enumerate().skip(column) {
        if let Some(open_quote) = quote {
            if byte == open_quote {
                quote = None;
            }
            continue;
        }
        let at_entry_end = match byte {
            b'"' | b'\'' => {
                quote = Some(byte);
                false
            }
            b'{' | b'[' => {
                depth += 1;
                false
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                depth == 0
            }
            b',' => depth == 1,
            _ => false,
        };
        if at_entry_end {
            let raw = &text[entry_start..offset];
            let start = entry_start + (raw.len() - raw.trim_start().len());
            let content = &text[start..offset];
            let matched = match index {
                Some(wanted) => (wanted == entry).then(|| (content.trim_end().len(), start)),
                None => key_at(content, segment).map(|len| (len, start)),
            };
            if let Some((len, start)) = matched {
                let here = location(text, line, start, len);
                if index.is_some() {
                    return Some((here, Cursor::Flow { line, column: start }));
                }
                let colon = start + len + content[len..].find(':').unwrap_or(0) + 1;
                let here = Location { value: scalar_span(text, colon, offset), ..here };
                return Some((here, value_cursor(text, line, colon, usize::MAX)));
            }
            entry += 1;
            entry_start = offset + 1;
            if depth == 0 {
                return None;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "name: shop\n# a comment\nmodels:\n  Pet:\n    fields:\n      id: {type: string, required: true}\n      \"kind\": PetKind\nenums:\n  PetKind: {values: [cat, dog, \"bird, big\", fish]}\nendpoints:\n  pets:\n    get:\n      method: GET\n      examples:\n        - params: {id: p1}\n          response:\n            status: 200\n        - name: second\n";

    fn at(path: &str) -> Option<(usize, usize, usize)> {
        locate(SPEC, path).map(|location| (location.line, location.column, location.len))
    }

    #[test]
    fn block_keys_are_found_at_their_indent() {
        assert_eq!(at("name"), Some((1, 1, 4)));
        assert_eq!(at("models.Pet.fields"), Some((5, 5, 6)));
        assert_eq!(at("endpoints.pets.get.method"), Some((13, 7, 6)));
        assert_eq!(at("models.Pet.fields.kind"), Some((7, 7, 6)));
    }

    #[test]
    fn flow_mappings_and_sequences_are_searched_inline() {
        assert_eq!(at("models.Pet.fields.id.required"), Some((6, 26, 8)));
        assert_eq!(at("enums.PetKind.values.3"), Some((9, 45, 4)));
        assert_eq!(at("enums.PetKind.values.2"), Some((9, 32, 11)));
    }

    #[test]
    fn sequence_items_in_block_style_are_counted() {
        assert_eq!(at("endpoints.pets.get.examples.0.params.id"), Some((15, 20, 2)));
        assert_eq!(at("endpoints.pets.get.examples.0.response.status"), Some((17, 13, 6)));
        assert_eq!(at("endpoints.pets.get.examples.1.name"), Some((18, 11, 4)));
    }

    #[test]
    fn scalar_values_on_the_key_line_are_found_too() {
        let value = |path: &str| locate(SPEC, path).and_then(|location| location.value);
        assert_eq!(value("name"), Some((7, 4)));
        assert_eq!(value("endpoints.pets.get.method"), Some((15, 3)));
        assert_eq!(value("models.Pet.fields.id.type"), Some((18, 6)), "in a flow mapping, up to the comma");
        assert_eq!(value("models.Pet.fields.id.required"), Some((36, 4)), "up to the closing brace");
        assert_eq!(value("models.Pet.fields.kind"), Some((15, 7)));
        assert_eq!(value("endpoints.pets.get.examples.0.params.id"), Some((24, 2)));
        // Collections, values on the next lines and paths not found to the end have none.
        assert_eq!(value("models.Pet.fields.id"), None);
        assert_eq!(value("models"), None);
        assert_eq!(value("endpoints.pets.get.nope"), None);
        assert_eq!(value("enums.PetKind.values.2"), None);
        let quoted = "a: \"x, y\"  # note\nb: plain text # note\nc: 'q'\nd: |\n  text\n";
        let value = |path: &str| locate(quoted, path).and_then(|location| location.value);
        assert_eq!(value("a"), Some((4, 6)));
        assert_eq!(value("b"), Some((4, 10)));
        assert_eq!(value("c"), Some((4, 3)));
        assert_eq!(value("d"), None);
    }

    #[test]
    fn a_missing_step_keeps_the_deepest_found_and_nothing_found_is_none() {
        assert_eq!(at("endpoints.pets.get.nope"), Some((12, 5, 3)));
        assert_eq!(at("nothing.here"), None);
        assert_eq!(at(""), None);
        assert_eq!(locate("a: [unclosed", "a.0"), Some(Location { line: 1, column: 1, len: 1, value: None }));
    }

    #[test]
    fn truncated_and_odd_text_never_panics() {
        let paths = ["name", "models.Pet.fields.id.required", "enums.PetKind.values.2", "endpoints.pets.get.examples.1.name", "a.0.b", "é.1"];
        let odd = "é: {ü: [\"x\", 'y, z'], k: {a: }}\n- - 1\n-x: 2\n  \"q: [\n";
        for text in [SPEC, odd] {
            for end in (0..=text.len()).filter(|&end| text.is_char_boundary(end)) {
                for path in paths {
                    let _ = locate(&text[..end], path);
                }
            }
        }
    }
}
