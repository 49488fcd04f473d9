//! Writing YAML text by hand, for files people read (the OpenAPI export, imported specs): block
//! style, keys in the order given, strings plain where no YAML reader could take them for
//! anything else. Reading YAML is [`crate::yaml`]'s job.

use serde_json::Value;

/// The YAML lines of `key: value`, in block style.
pub fn member_lines(key: &str, value: &Value) -> Vec<String> {
    let key = scalar_text(key);
    match value {
        Value::String(text) if is_block_text(text) => {
            std::iter::once(format!("{key}: |-")).chain(text.lines().map(|line| if line.is_empty() { String::new() } else { format!("  {line}") })).collect()
        }
        Value::Array(items) if !items.is_empty() => std::iter::once(format!("{key}:")).chain(value_lines(value).into_iter().map(|line| format!("  {line}"))).collect(),
        Value::Object(members) if !members.is_empty() => {
            std::iter::once(format!("{key}:")).chain(value_lines(value).into_iter().map(|line| if line.is_empty() { line } else { format!("  {line}") })).collect()
        }
        _ => vec![format!("{key}: {}", inline(value))],
    }
}

/// The YAML lines of a value that is not written inline: a mapping, a list or a block string.
pub fn value_lines(value: &Value) -> Vec<String> {
    match value {
        Value::Object(members) if !members.is_empty() => members.iter().flat_map(|(key, member)| member_lines(key, member)).collect(),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .flat_map(|item| {
                let lines = value_lines(item);
                let mut lines = lines.into_iter();
                let first = lines.next().unwrap_or_default();
                std::iter::once(format!("- {first}")).chain(lines.map(|line| if line.is_empty() { line } else { format!("  {line}") })).collect::<Vec<_>>()
            })
            .collect(),
        Value::String(text) if is_block_text(text) => std::iter::once("|-".to_owned()).chain(text.lines().map(|line| if line.is_empty() { String::new() } else { format!("  {line}") })).collect(),
        _ => vec![inline(value)],
    }
}

/// Multi-line text a literal block (`|-`) keeps exactly.
fn is_block_text(text: &str) -> bool {
    text.contains('\n')
        && !text.starts_with([' ', '\t', '\n'])
        && !text.ends_with('\n')
        && !text.contains('\r')
        && text.lines().all(|line| line.trim_end() == line && !line.contains('\t'))
}

fn inline(value: &Value) -> String {
    match value {
        Value::String(text) => scalar_text(text),
        Value::Array(_) => "[]".to_owned(),
        Value::Object(_) => "{}".to_owned(),
        other => other.to_string(),
    }
}

/// A string as a YAML scalar: plain when no YAML reader (1.1 or 1.2) could take it for anything
/// else, otherwise double-quoted (JSON escapes are valid YAML).
pub fn scalar_text(text: &str) -> String {
    plain_or_quoted(text, |c| c.is_ascii_alphabetic() || c == '/', " _-./(){}[],'+=<>;")
}

/// A string inside a flow collection (`{type: string, doc: ...}`) or as a key: plain only when
/// nothing there could read it otherwise (no `,`, `:`, brackets or quotes), else double-quoted.
pub fn flow_text(text: &str) -> String {
    plain_or_quoted(text, |c| c.is_ascii_alphabetic() || c == '_' || c == '/', " _-./()<>")
}

/// `text` plain when it starts with a character `starts` accepts, holds only ASCII letters,
/// digits and `also`, does not end in a space and is no word a YAML reader takes for a boolean or
/// null; otherwise as a JSON string.
fn plain_or_quoted(text: &str, starts: fn(char) -> bool, also: &str) -> String {
    const WORDS: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
    let plain = text.starts_with(starts)
        && text.chars().all(|c| c.is_ascii_alphanumeric() || also.contains(c))
        && !text.ends_with(' ')
        && !WORDS.contains(&text.to_ascii_lowercase().as_str());
    if plain { text.to_owned() } else { Value::String(text.to_owned()).to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_written_in_block_style_and_read_back_the_same() {
        let value = json!({"name": "Amit", "tags": ["a", "yes", "1"], "nested": {"empty": {}, "list": []}, "text": "two\nlines", "n": 2.5});
        let text = member_lines("root", &value).join("\n");
        assert_eq!(scalar_text("yes"), "\"yes\"");
        assert_eq!(scalar_text("/users/{id}"), "/users/{id}");
        let read: serde_json::Value = serde_yaml::from_str(&text).expect("valid YAML");
        assert_eq!(read["root"], value, "{text}");
    }

    #[test]
    fn flow_text_quotes_what_a_flow_mapping_would_misread() {
        assert_eq!(flow_text("list<User>"), "list<User>");
        assert_eq!(flow_text("Name, as shown"), "\"Name, as shown\"");
        assert_eq!(flow_text("yes"), "\"yes\"");
        assert_eq!(flow_text("a: b"), "\"a: b\"");
        assert_eq!(flow_text("12"), "\"12\"");
    }
}
