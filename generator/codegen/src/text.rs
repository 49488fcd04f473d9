//! Free text from a spec (descriptions, titles, docs), made safe for where it is written. Authors
//! write Markdown; rustdoc reads it with lints that `-D warnings` turns into errors, treats
//! unmarked code blocks as doc tests, and a Cargo manifest is TOML. Each destination gets text it
//! cannot misread, with the author's Markdown kept where it is safe.

use std::fmt::Write as _;

/// The items of a generated crate that a spec's text may link to, by the first segment of a
/// link's path (`Users`, `Day`, `oauth`, a model's name), each with its absolute path
/// (`crate::Users`, `crate::models::Order`).
#[derive(Debug, Clone, Default)]
pub struct Links {
    roots: std::collections::BTreeMap<String, String>,
}

impl Links {
    /// Adds `name`, found at `absolute` (such as `crate::models::Order`).
    pub fn add(&mut self, name: &str, absolute: String) {
        self.roots.entry(name.to_owned()).or_insert(absolute);
    }

    /// The absolute path of a link target such as `Users::login` or `crate::Day`, if its first
    /// segment is an item of the crate.
    fn resolve(&self, target: &str) -> Option<String> {
        let target = target.strip_prefix("crate::").unwrap_or(target);
        let valid = !target.is_empty() && target.split("::").all(|segment| !segment.is_empty() && segment.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        if !valid {
            return None;
        }
        let (first, rest) = target.split_once("::").map_or((target, None), |(first, rest)| (first, Some(rest)));
        let absolute = self.roots.get(first)?;
        Some(match rest {
            Some(rest) => format!("{absolute}::{rest}"),
            None => absolute.clone(),
        })
    }
}

/// Text for rustdoc and READMEs: line breaks normalised, control characters dropped, code
/// blocks marked `text` so they never run as doc tests (indented ones fenced), and outside code,
/// brackets that are not links, angle brackets that are not autolinks, and bare URLs escaped or
/// wrapped so rustdoc's link and HTML lints have nothing to object to. A link to an item of the
/// crate (``[`Users::login`]``, `[the builder](ClientBuilder)`) is kept, pointed at its absolute
/// path so it resolves from any module; one to anything else loses its brackets. Blank text is
/// `None`.
pub fn markdown(text: &str, links: &Links) -> Option<String> {
    let text = clean(text);
    if text.trim().is_empty() {
        return None;
    }
    let mut out = String::new();
    let mut fence: Option<String> = None;
    let mut previous_blank = true;
    let mut indented = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) && trimmed.trim_start_matches(marker.chars().next().unwrap_or('`')).trim().is_empty() {
                fence = None;
            }
            let _ = writeln!(out, "{line}");
            continue;
        }
        let indent = line.len() - trimmed.len();
        if let Some(marker) = fence_marker(trimmed) {
            if indented {
                out.push_str("```\n");
                indented = false;
            }
            let info = trimmed[marker.len()..].trim();
            let info = if runs_as_rust(info) { "text" } else { info };
            let _ = writeln!(out, "{}{marker}{info}", &line[..indent]);
            fence = Some(marker);
            previous_blank = false;
            continue;
        }
        // An indented code block (four spaces after a blank line) is Rust to rustdoc: fence it.
        if indent >= 4 && !trimmed.is_empty() && (previous_blank || indented) {
            if !indented {
                out.push_str("```text\n");
                indented = true;
            }
            let _ = writeln!(out, "{trimmed}");
            continue;
        }
        if indented {
            out.push_str("```\n");
            indented = false;
        }
        let _ = writeln!(out, "{}", escape_inline(line, links));
        previous_blank = trimmed.is_empty();
    }
    if indented {
        out.push_str("```\n");
    }
    if let Some(marker) = fence {
        // An unclosed fence would swallow whatever the generator writes after the text.
        let _ = writeln!(out, "{marker}");
    }
    Some(out.trim_end().to_owned())
}

/// `text` with links to the crate's items (`[`Day`](crate::Day)`) turned into their text, for
/// Markdown read outside rustdoc.
pub fn without_item_links(text: &str) -> String {
    rewrite_item_links(text, |_, _| ItemLink::Label)
}

/// `text` for the crate root's documentation: a link whose label names its target from the
/// root (``[`Day`](crate::Day)``) loses the target, which rustdoc would call redundant there.
pub fn at_crate_root(text: &str) -> String {
    rewrite_item_links(text, |label, target| if label.trim_matches('`') == target { ItemLink::Bracketed } else { ItemLink::Keep })
}

/// What becomes of a link to a crate item.
enum ItemLink {
    /// `[label](crate::target)`, as it is.
    Keep,
    /// `[label]`: rustdoc resolves the label itself.
    Bracketed,
    /// `label`: no link.
    Label,
}

/// `text` with every link to a crate item (`[label](crate::target)`) rewritten as `choose`
/// says for its label and target.
fn rewrite_item_links(text: &str, choose: impl Fn(&str, &str) -> ItemLink) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("](crate::") {
        let (before, after) = rest.split_at(at);
        let (Some(open), Some(close)) = (before.rfind('['), after.find(')')) else {
            out.push_str(&rest[..at + 2]);
            rest = &rest[at + 2..];
            continue;
        };
        let label = &before[open + 1..];
        let target = &after["](crate::".len()..close];
        out.push_str(&before[..open]);
        match choose(label, target) {
            ItemLink::Keep => out.push_str(&rest[open..at + close + 1]),
            ItemLink::Bracketed => {
                out.push('[');
                out.push_str(label);
                out.push(']');
            }
            ItemLink::Label => out.push_str(label),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// One line of plain text (a title, a version): whitespace runs, line breaks included, become
/// one space; control characters are dropped; Markdown that could misread it is escaped.
pub fn line(text: &str) -> String {
    let joined = clean(text).split_whitespace().collect::<Vec<_>>().join(" ");
    escape_inline(&joined, &Links::default())
}

/// A path template with each character a URL path cannot hold as it is (RFC 3986: anything but
/// letters, digits, `-._~!$&'()*+,;=:@/` and `%` starting an escape) percent-encoded as UTF-8
/// bytes, outside its `{placeholders}`. Clients send such characters encoded, so a spec writes
/// them so; an unchanged template is already valid.
pub fn encode_path(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(c) = rest.chars().next() {
        let length = match c {
            '{' => rest.find('}').map_or(rest.len(), |close| close + 1),
            '%' if rest.get(1..3).is_some_and(|digits| digits.chars().all(|digit| digit.is_ascii_hexdigit())) => 3,
            c => c.len_utf8(),
        };
        let (piece, after) = rest.split_at(length);
        if c == '{' || c == '%' && length == 3 || c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(c) {
            out.push_str(piece);
        } else {
            for byte in piece.bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        }
        rest = after;
    }
    out
}

/// The `{name}` placeholders of a base URL, in order, each once (`https://{subdomain}.x.com`);
/// an unclosed `{` ends the list (validation reports it).
pub fn base_url_placeholders(url: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    let mut rest = url;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|offset| open + offset) else { break };
        let name = &rest[open + 1..close];
        if !names.contains(&name) {
            names.push(name);
        }
        rest = &rest[close + 1..];
    }
    names
}

/// A TOML basic string, quoted, with TOML's escapes (Rust's `{:?}` escapes are not all TOML).
pub fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `\r\n` and `\r` become `\n`; other control characters but tabs (as spaces) go.
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            // Line and paragraph separators end a `///` comment line in some editors: spaces.
            '\u{2028}' | '\u{2029}' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// The fence (three or more backticks or tildes) a line opens, if it opens one.
fn fence_marker(trimmed: &str) -> Option<String> {
    for fence_char in ['`', '~'] {
        let count = trimmed.chars().take_while(|&c| c == fence_char).count();
        if count >= 3 {
            let rest = &trimmed[count..];
            // A backtick fence's info string cannot hold a backtick.
            if fence_char == '`' && rest.contains('`') {
                return None;
            }
            return Some(fence_char.to_string().repeat(count));
        }
    }
    None
}

/// Whether rustdoc would compile a fenced block with this info string as a doc test.
fn runs_as_rust(info: &str) -> bool {
    const RUST_WORDS: &[&str] = &["rust", "ignore", "should_panic", "no_run", "compile_fail", "test_harness", "standalone_crate"];
    info.is_empty() || info.split([',', ' ']).map(str::trim).any(|word| RUST_WORDS.contains(&word) || word.starts_with("edition"))
}

/// One line outside code blocks: code spans kept; elsewhere `[` `]` escaped unless they make a
/// link (to a URL, or to an item of the crate), `<` and `>` escaped unless they make an autolink,
/// bare URLs wrapped in `<...>`.
fn escape_inline(line: &str, links: &Links) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        match c {
            '`' => {
                // A code span: copy through the matching run of backticks, untouched.
                let run = chars[index..].iter().take_while(|&&c| c == '`').count();
                let close = (index + run..chars.len()).find(|&at| chars[at..].iter().take_while(|&&c| c == '`').count() == run && (at == 0 || chars[at - 1] != '`'));
                match close {
                    Some(close) => {
                        out.extend(&chars[index..close + run]);
                        index = close + run;
                    }
                    None => {
                        // An unbalanced backtick is literal text.
                        for _ in 0..run {
                            out.push_str("\\`");
                        }
                        index += run;
                    }
                }
            }
            '[' => match link_at(&chars, index, links) {
                Some((text, target, end)) => {
                    let _ = write!(out, "[{}]({target})", escape_inline(&text, links));
                    index = end;
                }
                None => {
                    out.push_str("\\[");
                    index += 1;
                }
            },
            ']' => {
                out.push_str("\\]");
                index += 1;
            }
            '<' => match autolink_end(&chars, index) {
                Some(end) => {
                    out.extend(&chars[index..end]);
                    index = end;
                }
                None => {
                    out.push_str("&lt;");
                    index += 1;
                }
            },
            '>' => {
                out.push_str("&gt;");
                index += 1;
            }
            'h' if starts_url(&chars, index) && (index == 0 || !chars[index - 1].is_alphanumeric()) => {
                let end = (index..chars.len()).find(|&at| chars[at].is_whitespace() || matches!(chars[at], '<' | '>' | '"' | '`')).unwrap_or(chars.len());
                // Trailing punctuation ends the sentence, not the URL.
                let mut end = end;
                while end > index && matches!(chars[end - 1], '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '\'') {
                    end -= 1;
                }
                out.push('<');
                out.extend(&chars[index..end]);
                out.push('>');
                index = end;
            }
            '\\' => {
                // A backslash escapes what follows in Markdown; keep the pair as written.
                out.push('\\');
                if let Some(&next) = chars.get(index + 1) {
                    if next.is_ascii_punctuation() {
                        out.push(next);
                        index += 1;
                    } else {
                        out.push('\\');
                    }
                }
                index += 1;
            }
            c => {
                out.push(c);
                index += 1;
            }
        }
    }
    out
}

/// The link starting at `start`: its text, its target (a URL, an anchor, or an item's absolute
/// path) and where it ends. ``[`Users::login`]`` is a link to the item it names;
/// `[text](target)` a link to `target`. Links to anything else are not links here.
fn link_at(chars: &[char], start: usize, links: &Links) -> Option<(String, String, usize)> {
    let mut depth = 0;
    let mut text_end = None;
    for (at, &c) in chars.iter().enumerate().skip(start) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    text_end = Some(at);
                    break;
                }
            }
            _ => {}
        }
    }
    let text_end = text_end?;
    let text: String = chars[start + 1..text_end].iter().collect();
    if chars.get(text_end + 1) == Some(&'(') {
        let close = (text_end + 2..chars.len()).find(|&at| chars[at] == ')')?;
        let target: String = chars[text_end + 2..close].iter().collect();
        let target = target.trim();
        let is_url = (target.starts_with("http://") || target.starts_with("https://") || target.starts_with("mailto:") || target.starts_with('#'))
            && !target.contains(char::is_whitespace);
        let target = if is_url { Some(target.to_owned()) } else { links.resolve(target) };
        return target.map(|target| (text, target, close + 1));
    }
    // ``[`path`]``: an intra-doc link by the item's name.
    let inner = text.strip_prefix('`')?.strip_suffix('`')?;
    let target = links.resolve(inner.trim_end_matches("()"))?;
    Some((text, target, text_end + 1))
}

/// Where an autolink `<https://...>` starting at `start` ends (past its `>`), if it is one.
fn autolink_end(chars: &[char], start: usize) -> Option<usize> {
    if !starts_url(chars, start + 1) {
        return None;
    }
    let close = (start + 1..chars.len()).find(|&at| chars[at] == '>' || chars[at].is_whitespace() || chars[at] == '<')?;
    (chars[close] == '>').then_some(close + 1)
}

fn starts_url(chars: &[char], at: usize) -> bool {
    let rest: String = chars.iter().skip(at).take(8).collect();
    (rest.starts_with("https://") && chars.len() > at + 8) || (rest.starts_with("http://") && chars.len() > at + 7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_encoded_outside_placeholders() {
        assert_eq!(encode_path("/v1/{name}:cancel/a-b_c.d~e/@me/$x;y=1"), "/v1/{name}:cancel/a-b_c.d~e/@me/$x;y=1");
        assert_eq!(encode_path("/network/rmap<eferral/{id}"), "/network/rmap%3Ceferral/{id}");
        assert_eq!(encode_path("/caf\u{e9}/a b/{odd id}/100%/%3C/%zz"), "/caf%C3%A9/a%20b/{odd id}/100%25/%3C/%25zz");
        assert_eq!(encode_path("/a|b^c[d]\\e\"f`g>"), "/a%7Cb%5Ec%5Bd%5D%5Ce%22f%60g%3E");
        assert_eq!(encode_path("/open/{id"), "/open/{id");
    }

    fn links() -> Links {
        let mut links = Links::default();
        links.add("Users", "crate::Users".to_owned());
        links.add("Order", "crate::models::Order".to_owned());
        links
    }

    fn markdown(text: &str) -> Option<String> {
        super::markdown(text, &links())
    }

    #[test]
    fn rustdoc_lints_have_nothing_to_object_to() {
        assert_eq!(markdown("See [Foo] and a Vec<T>.").as_deref(), Some("See \\[Foo\\] and a Vec&lt;T&gt;."));
        assert_eq!(markdown("See [the docs](https://x.example/a) or <https://y.example>.").as_deref(), Some("See [the docs](https://x.example/a) or <https://y.example>."));
        assert_eq!(markdown("Go to https://docs.example.com/page?x=1.").as_deref(), Some("Go to <https://docs.example.com/page?x=1>."));
        assert_eq!(markdown("Use `Vec<T>` and `[x]`.").as_deref(), Some("Use `Vec<T>` and `[x]`."));
        assert_eq!(markdown("a `b").as_deref(), Some("a \\`b"));
    }

    #[test]
    fn links_to_the_crates_items_are_kept_and_made_absolute() {
        assert_eq!(markdown("Call [`Users::login`] with an [`Order`].").as_deref(), Some("Call [`Users::login`](crate::Users::login) with an [`Order`](crate::models::Order)."));
        assert_eq!(markdown("See [logging in](Users::login).").as_deref(), Some("See [logging in](crate::Users::login)."));
        assert_eq!(markdown("Not [`Missing`] nor [x](Missing::y).").as_deref(), Some("Not \\[`Missing`\\] nor \\[x\\](Missing::y)."));
    }

    #[test]
    fn code_blocks_never_run_as_doc_tests() {
        assert_eq!(markdown("```\nprose\n```").as_deref(), Some("```text\nprose\n```"));
        assert_eq!(markdown("```rust\npanic!()\n```").as_deref(), Some("```text\npanic!()\n```"));
        assert_eq!(markdown("```should_panic\nassert!(false);\n```").as_deref(), Some("```text\nassert!(false);\n```"));
        assert_eq!(markdown("```json\n{\"a\": [1]}\n```").as_deref(), Some("```json\n{\"a\": [1]}\n```"));
        assert_eq!(markdown("Intro.\n\n    not rust\n\nOutro.").as_deref(), Some("Intro.\n\n```text\nnot rust\n```\n\nOutro."));
        assert_eq!(markdown("```\nunclosed").as_deref(), Some("```text\nunclosed\n```"));
    }

    #[test]
    fn control_characters_and_blank_text() {
        assert_eq!(markdown("one\rtwo\u{0}three\u{2028}four").as_deref(), Some("one\ntwothree four"));
        assert_eq!(markdown("  \n "), None);
        assert_eq!(line("A\n  title\twith <T>"), "A title with &lt;T&gt;");
    }

    #[test]
    fn item_links_become_their_text_outside_rustdoc() {
        assert_eq!(without_item_links("Days are [`Day`](crate::Day), see [x](https://a.example)."), "Days are `Day`, see [x](https://a.example).");
    }

    #[test]
    fn links_at_the_crate_root_drop_redundant_targets() {
        assert_eq!(at_crate_root("Days are [`Day`](crate::Day); see [`Order`](crate::models::Order)."), "Days are [`Day`]; see [`Order`](crate::models::Order).");
    }

    #[test]
    fn toml_strings_use_tomls_escapes() {
        assert_eq!(toml_string("say \"hi\" \\ \u{0} é\n"), "\"say \\\"hi\\\" \\\\ \\u0000 é\\n\"");
    }
}
