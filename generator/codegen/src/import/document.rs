//! Reading an OpenAPI document: its bytes as a [`Node`] tree (JSON or YAML, keys in document
//! order), its version, and `$ref`s followed inside the document, with dangling references and
//! reference loops reported at the `$ref` that starts them.

use crate::diagnostics::{Sink, join};
use crate::yaml::{self, Node};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Largest document accepted: the largest public OpenAPI documents (GitHub's, Stripe's) are
/// around 10 MiB as JSON.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// Most `$ref` hops followed from one place; a longer chain is a loop in practice.
const MAX_REF_HOPS: usize = 64;

/// The OpenAPI version of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// 3.0.x: `nullable: true`.
    V30,
    /// 3.1.x: JSON Schema 2020-12, `type: [string, "null"]`.
    V31,
}

/// A parsed OpenAPI document.
#[derive(Debug)]
pub struct Document {
    /// The whole document.
    pub root: Node,
    /// Its `openapi` version.
    pub version: Version,
}

/// Parses `bytes` (JSON when it starts with `{`, else YAML) and checks that it is an OpenAPI 3.0
/// or 3.1 document; problems go to `sink`.
pub fn read(bytes: &[u8], sink: &mut Sink) -> Option<Document> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            sink.syntax_error(None, format!("the file is not UTF-8 text (invalid byte at offset {})", error.valid_up_to()));
            return None;
        }
    };
    if text.trim().is_empty() {
        sink.syntax_error(None, "the file is empty; an OpenAPI document is a JSON or YAML object with an `openapi` member");
        return None;
    }
    let root = if text.trim_start().starts_with('{') { parse_json(text, sink)? } else { parse_yaml(bytes, sink)? };
    let version = version(&root, sink)?;
    Some(Document { root, version })
}

fn parse_yaml(bytes: &[u8], sink: &mut Sink) -> Option<Node> {
    match yaml::parse_at_most(bytes, MAX_DOCUMENT_BYTES, "OpenAPI documents") {
        Ok(root) => Some(root),
        Err(error) => {
            sink.syntax_error(error.position, error.message);
            None
        }
    }
}

fn parse_json(text: &str, sink: &mut Sink) -> Option<Node> {
    if text.len() > MAX_DOCUMENT_BYTES {
        sink.syntax_error(None, format!("the file is {} bytes; OpenAPI documents are limited to {MAX_DOCUMENT_BYTES} bytes", text.len()));
        return None;
    }
    match serde_json::from_str::<JsonNode>(text) {
        Ok(JsonNode(root)) => Some(root),
        Err(error) => {
            let message = error.to_string();
            let message = message.rfind(" at line ").map_or(message.as_str(), |at| &message[..at]);
            sink.syntax_error(Some((error.line(), error.column())), format!("not valid JSON: {message}"));
            None
        }
    }
}

/// The `openapi` member: 3.0.x or 3.1.x; Swagger 2.0 and others are refused with what to do.
fn version(root: &Node, sink: &mut Sink) -> Option<Version> {
    let Node::Map(_) = root else {
        sink.error("", format!("an OpenAPI document is an object with an `openapi` member, found {}", root.kind()));
        return None;
    };
    if get(root, "swagger").is_some() {
        let help = "convert it first, for example with `swagger2openapi` or editor.swagger.io's \"Convert to OpenAPI 3\"";
        sink.error_with_help("swagger", "this is a Swagger 2.0 document; import-openapi reads OpenAPI 3.0 and 3.1", Some(help.to_owned()));
        return None;
    }
    let version = match get(root, "openapi") {
        Some(Node::Str(text)) => text.clone(),
        Some(Node::Float(number)) => number.to_string(),
        Some(other) => {
            sink.value_error("openapi", format!("expected the OpenAPI version as a string such as \"3.1.0\", found {}", other.kind()), None);
            return None;
        }
        None => {
            sink.error("", "no `openapi` member: this is not an OpenAPI 3 document");
            return None;
        }
    };
    if version.starts_with("3.0") {
        Some(Version::V30)
    } else if version.starts_with("3.1") {
        Some(Version::V31)
    } else {
        sink.value_error("openapi", format!("OpenAPI {version} is not supported; import-openapi reads 3.0 and 3.1"), None);
        None
    }
}

/// The member `key` of a mapping.
pub fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match node {
        Node::Map(entries) => entries.iter().find(|(name, _)| name == key).map(|(_, value)| value),
        _ => None,
    }
}

/// The text of member `key`, when it is a string.
pub fn get_str<'a>(node: &'a Node, key: &str) -> Option<&'a str> {
    match get(node, key) {
        Some(Node::Str(text)) => Some(text),
        _ => None,
    }
}

/// The entries of member `key`, when it is a mapping (none otherwise).
pub fn entries<'a>(node: &'a Node, key: &str) -> &'a [(String, Node)] {
    match get(node, key) {
        Some(Node::Map(entries)) => entries,
        _ => &[],
    }
}

/// The items of member `key`, when it is a list (none otherwise).
pub fn items<'a>(node: &'a Node, key: &str) -> &'a [Node] {
    match get(node, key) {
        Some(Node::Seq(items)) => items,
        _ => &[],
    }
}

impl Document {
    /// The `$ref` of `node`, when it is a reference object.
    pub fn reference(node: &Node) -> Option<&str> {
        get_str(node, "$ref")
    }

    /// The node a local reference (`#/components/schemas/User`) points at, and its dotted path.
    pub fn target(&self, reference: &str) -> Option<(&Node, String)> {
        let pointer = reference.strip_prefix('#')?;
        let mut node = &self.root;
        let mut path = String::new();
        for token in pointer.split('/').skip(1) {
            let token = percent_decode(&token.replace("~1", "/").replace("~0", "~"));
            node = match node {
                Node::Map(entries) => &entries.iter().find(|(name, _)| *name == token)?.1,
                Node::Seq(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
            path = join(&path, &token);
        }
        Some((node, path))
    }

    /// `node` at `path`, with references followed to what they finally point at; a reference
    /// that points outside the document or nowhere, or a chain that loops, is reported at `path`.
    pub fn resolve<'a>(&'a self, node: &'a Node, path: &str, sink: &mut Sink) -> Option<(&'a Node, String)> {
        let mut current = (node, path.to_owned());
        let mut seen: Vec<&str> = Vec::new();
        while let Some(reference) = Self::reference(current.0) {
            if seen.contains(&reference) || seen.len() >= MAX_REF_HOPS {
                sink.error(&join(path, "$ref"), format!("the reference `{reference}` leads back to itself ({}); a reference must end at a value", seen.join(" -> ")));
                return None;
            }
            seen.push(reference);
            if !reference.starts_with('#') {
                sink.value_error(&join(path, "$ref"), format!("`{reference}` points outside the document; import-openapi reads one self-contained document"), Some("bundle the document first (for example with `redocly bundle`)".to_owned()));
                return None;
            }
            match self.target(reference) {
                Some(target) => current = target,
                None => {
                    sink.value_error(&join(&current.1, "$ref"), format!("`{reference}` points at nothing in the document"), None);
                    return None;
                }
            }
        }
        Some(current)
    }
}

/// `%7B` -> `{`: JSON pointers in URI fragments may be percent-encoded.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let decoded = (bytes[index] == b'%').then(|| text.get(index + 1..index + 3)).flatten().and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match decoded {
            Some(byte) => {
                out.push(byte);
                index += 3;
            }
            None => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A JSON value read straight into a [`Node`], keeping members in document order.
struct JsonNode(Node);

impl<'de> Deserialize<'de> for JsonNode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor).map(JsonNode)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Int(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Node, E> {
        // Above `i64::MAX` a number is kept as a float, as the YAML reader does.
        Ok(i64::try_from(value).map_or(Node::Float(value as f64), Node::Int))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Node, E> {
        Ok(Node::Float(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Node, E> {
        Ok(Node::Str(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Node, E> {
        Ok(Node::Str(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(JsonNode(item)) = access.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, JsonNode(value))) = access.next_entry::<String, JsonNode>()? {
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> Result<Document, String> {
        let mut sink = Sink::new("api.json");
        read(text.as_bytes(), &mut sink).ok_or_else(|| sink.finish().to_string())
    }

    #[test]
    fn json_and_yaml_read_alike_with_members_in_document_order() {
        let json = read_text(r#"{"openapi": "3.1.0", "paths": {"/b": {}, "/a": {}}}"#).expect("json");
        let yaml = read_text("openapi: 3.1.0\npaths:\n  /b: {}\n  /a: {}\n").expect("yaml");
        assert_eq!(json.root, yaml.root);
        assert_eq!(json.version, Version::V31);
        assert_eq!(entries(&json.root, "paths").iter().map(|(key, _)| key.as_str()).collect::<Vec<_>>(), ["/b", "/a"]);
    }

    #[test]
    fn other_versions_and_broken_files_are_refused_with_where_and_why() {
        assert!(read_text(r#"{"swagger": "2.0"}"#).expect_err("swagger").contains("Swagger 2.0"));
        assert!(read_text("openapi: 2.5.0\n").expect_err("version").contains("OpenAPI 2.5.0 is not supported"));
        assert!(read_text("- a\n").expect_err("list").contains("found a list"));
        let mut sink = Sink::new("api.json");
        assert!(read(b"{\"openapi\": \"3.0.0\",\n \"paths\": [}", &mut sink).is_none());
        let diagnostics = sink.finish();
        assert_eq!(diagnostics.0[0].position, Some((2, 12)), "{diagnostics}");
        assert!(read_text("").expect_err("empty").contains("empty"));
    }

    #[test]
    fn references_are_followed_and_loops_and_dangling_ones_reported() {
        let document = read_text(
            "openapi: 3.0.3\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {type: string}\n    C: {$ref: '#/components/schemas/D'}\n    D: {$ref: '#/components/schemas/C'}\n    E: {$ref: '#/components/schemas/Nope'}\n    F: {$ref: 'other.yaml#/X'}\n    'a/b': {type: integer}\n",
        )
        .expect("reads");
        let mut sink = Sink::new("api.yaml");
        assert_eq!(Document::reference(&document.root), None);
        let node = &Node::Map(vec![("$ref".into(), Node::Str("#/components/schemas/A".into()))]);
        let (target, path) = document.resolve(node, "x", &mut sink).expect("resolves");
        assert_eq!((get_str(target, "type"), path.as_str()), (Some("string"), "components.schemas.B"));
        let slash = &Node::Map(vec![("$ref".into(), Node::Str("#/components/schemas/a~1b".into()))]);
        assert_eq!(document.resolve(slash, "y", &mut sink).map(|(node, _)| get_str(node, "type")), Some(Some("integer")));
        for name in ["C", "E", "F"] {
            let node = Node::Map(vec![("$ref".into(), Node::Str(format!("#/components/schemas/{name}")))]);
            assert!(document.resolve(&node, name, &mut sink).is_none(), "{name}");
        }
        let text = sink.finish().to_string();
        assert!(text.contains("leads back to itself") && text.contains("points at nothing") && text.contains("points outside the document"), "{text}");
    }
}
