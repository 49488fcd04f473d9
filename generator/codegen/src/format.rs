//! Format stage: token streams -> source text with `prettyplease`, behind a header naming the
//! spec. Output depends only on the tokens, so it is byte-stable.

/// Formats one generated Rust file behind `header` (see [`header`]). Fails only if the emitter
/// produced invalid tokens, which is a generator bug reported with the file's name rather than a
/// panic.
pub fn rust_file(tokens: proc_macro2::TokenStream, header: &str) -> Result<String, String> {
    Ok(join(&[rust_part(tokens)?], header))
}

/// Formats a run of items (and, first in a file, its inner attributes) that is part of a file,
/// without the blank lines [`join`] adds. prettyplease prints a file item by item, so a file's
/// parts formatted apart and joined read as the file formatted whole.
pub fn rust_part(tokens: proc_macro2::TokenStream) -> Result<String, String> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|error| format!("the generator produced invalid Rust: {error}"))?;
    Ok(prettyplease::unparse(&file))
}

/// A file from its parts' formatted text, in order, behind `header`.
pub fn join(parts: &[String], header: &str) -> String {
    let text: String = parts.concat();
    format!("{header}{}", space_out_items(&text))
}

/// Puts a blank line between items (prettyplease prints them back to back), as rustfmt-formatted
/// hand-written code has: after the module docs and the imports, and before every item or
/// documented member that follows the end of another.
fn space_out_items(text: &str) -> String {
    const ITEM_STARTS: &[&str] = &[
        "///", "#[", "pub ", "pub(crate) ", "fn ", "async fn ", "impl ", "impl<", "static ", "const ", "mod ", "struct ", "enum ", "type ", "use ",
    ];
    const ONE_LINE_ITEM_STARTS: &[&str] = &["pub ", "pub(crate) ", "pub(super) ", "fn ", "async fn ", "impl ", "impl<", "struct ", "enum "];
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous = "";
    // The kind of the declaration that `previous` ends, when it ends a multi-line `use`.
    let mut open_use = false;
    let mut previous_use_end = false;
    for line in text.lines() {
        let current = line.trim_start();
        let previous_trimmed = previous.trim_start();
        // An item ends with a closing brace alone on its line, a `;`, or is a whole item with an
        // empty body on one line (`pub struct Empty {}`, `fn f() {}`; not a doc line or a string
        // that happens to end in `{}`).
        let one_line_item = previous_trimmed.ends_with("{}") && ONE_LINE_ITEM_STARTS.iter().any(|start| previous_trimmed.starts_with(start));
        let previous_ends_item = previous_trimmed == "}" || previous_trimmed.ends_with(';') || previous_trimmed.ends_with("};") || one_line_item;
        let after_module_docs = previous_trimmed.starts_with("//!") && !current.starts_with("//!");
        let starts_item = ITEM_STARTS.iter().any(|start| current.starts_with(start));
        // Runs of declarations of one kind (`use`, `mod`, `pub use`) stay together, including
        // `use` declarations that prettyplease spread over several lines.
        let previous_kind = if previous_use_end { Some("use ") } else { declaration_kind(previous_trimmed) };
        let same_declarations = previous_trimmed.ends_with(';') && previous_kind.is_some() && previous_kind == declaration_kind(current);
        // A `;` line inside a function body is a statement, not the end of an item; `};` and
        // `];` close a multi-line item (a static or const initializer).
        let inside_body = previous_trimmed.ends_with(';')
            && previous_trimmed != "};"
            && previous_trimmed != "];"
            && !previous_trimmed.starts_with("use ")
            && !starts_item_line(previous_trimmed);
        if !previous.is_empty() && (after_module_docs || (previous_ends_item && starts_item && !same_declarations && !inside_body)) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous_use_end = open_use && current == "};";
        if declaration_kind(current) == Some("use ") && !current.ends_with(';') {
            open_use = true;
        } else if current.ends_with(';') {
            open_use = false;
        }
        previous = line;
    }
    out
}

/// The kind of a one-line declaration, to keep runs of them together.
fn declaration_kind(line: &str) -> Option<&'static str> {
    let line = line.strip_prefix("pub(crate) ").or_else(|| line.strip_prefix("pub ")).unwrap_or(line);
    ["use ", "mod "].into_iter().find(|start| line.starts_with(start))
}

/// Whether a line ending in `;` is itself a whole item (a `use`, `mod`, `type`, unit struct or
/// field-less static), as opposed to a statement inside a body.
fn starts_item_line(line: &str) -> bool {
    ["pub ", "pub(crate) ", "mod ", "type ", "static ", "const "].iter().any(|start| line.starts_with(start))
}

/// The line every generated Rust file starts with.
pub fn header(spec: &str, regenerate: &str) -> String {
    format!("// @generated by apigen from {spec}. Do not edit by hand; run `{regenerate}`.\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn formats_with_header() {
        let text = rust_file(quote! { pub fn f()->u8{1} }, &header("specs/x.yaml", "cargo xtask codegen")).unwrap();
        assert_eq!(text, "// @generated by apigen from specs/x.yaml. Do not edit by hand; run `cargo xtask codegen`.\n\npub fn f() -> u8 {\n    1\n}\n");
    }

    #[test]
    fn items_are_separated_by_blank_lines() {
        let tokens = quote! {
            //! Docs.
            use a::b;
            use c::d;
            /// A, as in `{}`
            pub struct A { x: u8 }
            pub struct Empty {}
            static LIST: &[u8] = &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29];
            /// Two.
            static TWO: u8 = 2;
            impl A {
                fn f(&self) -> u8 { let y = self.x; y }
                /// G.
                fn g(&self) {}
                fn h(&self) {}
            }
        };
        let text = rust_file(tokens, &header("x", "cargo xtask codegen")).unwrap();
        let body = text.split_once("\n\n").unwrap().1;
        assert_eq!(
            body,
            "//! Docs.\n\nuse a::b;\nuse c::d;\n\n/// A, as in `{}`\npub struct A {\n    x: u8,\n}\n\npub struct Empty {}\n\nstatic LIST: &[u8] = &[\n    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,\n    24, 25, 26, 27, 28, 29,\n];\n\n/// Two.\nstatic TWO: u8 = 2;\n\nimpl A {\n    fn f(&self) -> u8 {\n        let y = self.x;\n        y\n    }\n\n    /// G.\n    fn g(&self) {}\n\n    fn h(&self) {}\n}\n"
        );
    }

    #[test]
    fn a_file_formatted_in_parts_reads_as_formatted_whole() {
        let head = quote! { //! Docs.
            use a::b; };
        let first = quote! { pub struct A { x: u8 } impl A { fn f(&self) -> u8 { self.x } } };
        let second = quote! { /// Two.
            static TWO: u8 = 2; pub fn g() {} };
        let whole = rust_file(quote! { #head #first #second }, "// x\n\n").unwrap();
        let parts = [head, first, second].map(|tokens| rust_part(tokens).unwrap());
        assert_eq!(join(&parts, "// x\n\n"), whole);
    }

    #[test]
    fn invalid_tokens_are_an_error_not_a_panic() {
        assert!(rust_file(quote! { fn f -> }, "x").unwrap_err().contains("invalid Rust"));
    }
}
