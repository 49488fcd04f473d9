//! Keeping credentials out of what a client shows: body snippets in errors, JSON error details
//! and URLs with userinfo.
//!
//! Response bodies quoted in errors may hold credentials (a login's token, an OAuth token
//! response). The members to hide are the ones a spec marks `secret`, plus a few names that are
//! credentials in every API; their values are replaced by `***` wherever they appear, in valid
//! JSON or in a body cut short or broken.

use serde_json::Value;
use std::borrow::Cow;

/// Members that hold a credential whatever the spec says.
pub const ALWAYS_SENSITIVE: &[&str] = &["password", "access_token", "refresh_token", "id_token", "client_secret"];

/// How many bytes of a body an error quotes.
const SNIPPET_BYTES: usize = 512;

/// The mask that replaces a hidden value.
const MASK: &str = "***";

/// Whether a member of this name is hidden, given the spec's `sensitive` members.
fn is_sensitive(name: &str, sensitive: &[&str]) -> bool {
    ALWAYS_SENSITIVE.contains(&name) || sensitive.contains(&name)
}

/// The start of a body as text for an error message, with the values of sensitive members
/// masked. The whole body is masked before it is cut, so a value that straddles the cut is
/// hidden too.
pub fn snippet(body: &[u8], sensitive: &[&str]) -> String {
    // A value cut at the limit is still masked: mask a little more than is shown.
    let cut = body.len().min(SNIPPET_BYTES * 4);
    let text = String::from_utf8_lossy(&body[..cut]);
    let masked = mask_members(&text, sensitive);
    let mut shown: String = masked.chars().take(SNIPPET_BYTES).collect();
    if shown.len() < masked.len() || body.len() > cut {
        shown.push('…');
    }
    shown
}

/// `text` (JSON, possibly broken or cut short) with the value after every `"name":` of a
/// sensitive member replaced by `***`.
fn mask_members<'a>(text: &'a str, sensitive: &[&str]) -> Cow<'a, str> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] != b'"' {
            index += 1;
            continue;
        }
        let Some(name_end) = string_end(bytes, index + 1) else { break };
        let name = &text[index + 1..name_end];
        let mut after = name_end + 1;
        while after < bytes.len() && bytes[after].is_ascii_whitespace() {
            after += 1;
        }
        if after >= bytes.len() || bytes[after] != b':' || !is_sensitive(name, sensitive) {
            index = name_end + 1;
            continue;
        }
        let mut start = after + 1;
        while start < bytes.len() && bytes[start].is_ascii_whitespace() {
            start += 1;
        }
        let end = value_end(bytes, start);
        out.push_str(&text[copied..start]);
        out.push_str(if bytes.get(start) == Some(&b'"') { "\"***\"" } else { MASK });
        copied = end;
        index = end;
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The index of the quote closing a JSON string whose content starts at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut index = start;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 2,
            b'"' => return Some(index),
            _ => index += 1,
        }
    }
    None
}

/// Where the JSON value starting at `start` ends (exclusive); the end of the text if it is cut
/// short. Objects and arrays are skipped whole, strings inside them included.
fn value_end(bytes: &[u8], start: usize) -> usize {
    match bytes.get(start) {
        Some(b'"') => string_end(bytes, start + 1).map_or(bytes.len(), |end| end + 1),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut index = start;
            while index < bytes.len() {
                match bytes[index] {
                    b'"' => {
                        index = string_end(bytes, index + 1).map_or(bytes.len(), |end| end + 1);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return index + 1;
                        }
                    }
                    _ => {}
                }
                index += 1;
            }
            bytes.len()
        }
        _ => {
            let mut index = start;
            while index < bytes.len() && !matches!(bytes[index], b',' | b'}' | b']') && !bytes[index].is_ascii_whitespace() {
                index += 1;
            }
            index
        }
    }
}

/// `value` with the value of every sensitive member, at any depth, replaced by `"***"`.
pub fn mask_value(value: &mut Value, sensitive: &[&str]) {
    match value {
        Value::Object(members) => {
            for (name, member) in members.iter_mut() {
                if is_sensitive(name, sensitive) {
                    *member = Value::String(MASK.to_owned());
                } else {
                    mask_value(member, sensitive);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| mask_value(item, sensitive)),
        _ => {}
    }
}

/// A URL's text with any userinfo replaced by `***` (`https://***@host/`; a user name can be a
/// token too), for URLs that may not even parse.
pub fn url_text(url: &str) -> Cow<'_, str> {
    let Some(scheme_end) = url.find("://") else { return Cow::Borrowed(url) };
    let authority_start = scheme_end + 3;
    let authority_end = url[authority_start..].find(['/', '?', '#']).map_or(url.len(), |end| authority_start + end);
    let Some(at) = url[authority_start..authority_end].rfind('@') else { return Cow::Borrowed(url) };
    Cow::Owned(format!("{}{MASK}{}", &url[..authority_start], &url[authority_start + at..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn snippets_mask_sensitive_members_in_valid_broken_and_cut_json() {
        let body = br#"{"user": {"access_token": "eyJ.secret", "name": "Ann"}, "password":"p\"w", "pin": 1234}"#;
        let shown = snippet(body, &["pin"]);
        assert_eq!(shown, r#"{"user": {"access_token": "***", "name": "Ann"}, "password":"***", "pin": ***}"#);
        // Cut inside the value: still masked.
        assert_eq!(snippet(br#"{"token_type": "bearer", "access_token": "eyJ.sec"#, &[]), r#"{"token_type": "bearer", "access_token": "***""#);
        // An object value is hidden whole.
        assert_eq!(snippet(br#"{"pin": {"a": "}"}, "b": 1}"#, &["pin"]), r#"{"pin": ***, "b": 1}"#);
        // Not a member name: left alone.
        assert_eq!(snippet(br#"["password", "x"]"#, &[]), r#"["password", "x"]"#);
        assert_eq!(snippet(b"<html>oops</html>", &[]), "<html>oops</html>");
    }

    #[test]
    fn long_snippets_are_cut_and_marked() {
        let body = format!(r#"{{"a": "{}"}}"#, "x".repeat(2000));
        let shown = snippet(body.as_bytes(), &[]);
        assert!(shown.ends_with('…'));
        assert_eq!(shown.chars().count(), SNIPPET_BYTES + 1);
    }

    #[test]
    fn json_values_are_masked_at_any_depth() {
        let mut value = json!({"error": "expired", "session": [{"access_token": "t", "secret_pin": "1"}]});
        mask_value(&mut value, &["secret_pin"]);
        assert_eq!(value, json!({"error": "expired", "session": [{"access_token": "***", "secret_pin": "***"}]}));
    }

    #[test]
    fn url_userinfo_is_masked() {
        assert_eq!(url_text("https://user:pa55@api.example.com/v1?x=1"), "https://***@api.example.com/v1?x=1");
        assert_eq!(url_text("https://token@api.example.com/"), "https://***@api.example.com/");
        assert_eq!(url_text("https://api.example.com/a@b"), "https://api.example.com/a@b");
        assert_eq!(url_text("not a url"), "not a url");
    }
}
