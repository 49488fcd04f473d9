//! Emit stage: [`crate::ir::Api`] -> Rust token streams, one per generated module, plus the crate's
//! `Cargo.toml`. Formatting to text happens in [`crate::format`].

mod client;
mod error;
mod examples;
mod models;
mod oauth;
mod readme;
mod resource;
mod testing;
mod values;
mod webhooks;

use crate::ir::{Api, Gate, Scalar, Type};
use crate::text::toml_string;
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

/// One generated file before formatting.
pub enum Output {
    /// Rust source as tokens.
    Rust(TokenStream),
    /// Text written as is (`Cargo.toml`, `README.md`).
    Text(String),
}

/// One file of a crate, before it is emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `Cargo.toml`.
    CargoToml,
    /// `README.md`.
    Readme,
    /// `src/lib.rs`.
    Lib,
    /// `src/client.rs`.
    Client,
    /// `src/error.rs`.
    Error,
    /// `src/models.rs`.
    Models,
    /// The module of the resource at this index.
    Resource(usize),
    /// `src/webhooks.rs`.
    Webhooks,
    /// `src/oauth.rs`.
    OAuth,
    /// `src/testing.rs`.
    Testing,
    /// `tests/examples.rs`.
    Tests,
}

impl FileKind {
    /// Whether the file is Rust source (formatted), not text written as it is.
    pub fn is_rust(self) -> bool {
        !matches!(self, FileKind::CargoToml | FileKind::Readme)
    }

    /// The file's path relative to the crate's folder.
    pub fn path(self, api: &Api) -> String {
        match self {
            FileKind::CargoToml => "Cargo.toml".to_owned(),
            FileKind::Readme => "README.md".to_owned(),
            FileKind::Lib => "src/lib.rs".to_owned(),
            FileKind::Client => "src/client.rs".to_owned(),
            FileKind::Error => "src/error.rs".to_owned(),
            FileKind::Models => "src/models.rs".to_owned(),
            FileKind::Resource(index) => format!("src/{}.rs", api.resources[index].module),
            FileKind::Webhooks => "src/webhooks.rs".to_owned(),
            FileKind::OAuth => "src/oauth.rs".to_owned(),
            FileKind::Testing => "src/testing.rs".to_owned(),
            FileKind::Tests => "tests/examples.rs".to_owned(),
        }
    }

    /// The parts the file is emitted in, in the order its text joins them. The files that grow
    /// with the API (models, the mock, the tests) come in many parts, so that one large file
    /// spreads over every thread; the others are one part.
    pub fn parts(self, api: &Api) -> Vec<Part> {
        let runs = |units: usize, per_part: usize| (0..units).step_by(per_part).map(move |start| Part::Units { start, end: (start + per_part).min(units) });
        match self {
            FileKind::Models => {
                let units = models::unit_count(api);
                [Part::Head].into_iter().chain(runs(units, MODELS_PER_PART)).chain([Part::Tail]).collect()
            }
            FileKind::Testing => [Part::Head].into_iter().chain(runs(api.resources.len(), MOCKS_PER_PART)).collect(),
            // A resource's tests share its gate, which decides what the head imports.
            FileKind::Tests => [Part::Head].into_iter().chain(runs(api.resources.len(), 1)).chain([Part::Tail]).collect(),
            _ => vec![Part::Whole],
        }
    }
}

/// Models (or enums, or unions) per part of `src/models.rs`.
const MODELS_PER_PART: usize = 32;
/// Resources' mocks per part of `src/testing.rs`.
const MOCKS_PER_PART: usize = 16;

/// A part of a file, emitted and formatted on its own: a file's text is its parts' text in
/// order, as prettyplease prints a file item by item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The whole file.
    Whole,
    /// The file's opening: module docs, imports and the items not emitted per unit. The tests'
    /// head imports what their tests use, so it is emitted after them ([`Emitter::tests_head`]).
    Head,
    /// The items of units `start..end` of the file: models, enums and unions in `models.rs`,
    /// resources in `testing.rs` and in the tests.
    Units {
        /// The first unit.
        start: usize,
        /// One past the last unit.
        end: usize,
    },
    /// What follows the units: the models' `partial` module, the webhook and OAuth tests.
    Tail,
}

impl Part {
    /// Whether the part is emitted on its own, from the API alone. The tests' head is not: it
    /// imports what the tests use, so it is emitted after them ([`Emitter::tests_head`]).
    pub fn is_emitted_alone(self, kind: FileKind) -> bool {
        !(kind == FileKind::Tests && self == Part::Head)
    }

    /// Whether the part is among the largest of a crate (one item that grows with the API),
    /// which are emitted first when parts spread over threads.
    pub fn is_large(self, kind: FileKind) -> bool {
        matches!((kind, self), (FileKind::Models, Part::Tail) | (FileKind::Testing, Part::Head))
    }
}

/// Every file of the crate for `api`, in a fixed order.
pub fn files(api: &Api) -> Vec<FileKind> {
    let mut files = vec![FileKind::CargoToml, FileKind::Readme, FileKind::Lib, FileKind::Client, FileKind::Error, FileKind::Models];
    files.extend((0..api.resources.len()).map(FileKind::Resource));
    if !api.webhooks.is_empty() {
        files.push(FileKind::Webhooks);
    }
    if api.oauth.is_some() {
        files.push(FileKind::OAuth);
    }
    files.extend([FileKind::Testing, FileKind::Tests]);
    files
}

/// Emits the parts of one crate's files. Holds token streams, which cannot cross threads, so each
/// thread that emits has its own.
pub struct Emitter<'a> {
    api: &'a Api,
    options: &'a crate::Options,
    values: values::ValueWriter<'a>,
}

impl<'a> Emitter<'a> {
    /// An emitter of `api`'s files.
    pub fn new(api: &'a Api, options: &'a crate::Options) -> Self {
        Self { api, options, values: values::ValueWriter::new(api) }
    }

    /// One part of a file (one of [`FileKind::parts`]). The head of the tests is
    /// [`Emitter::tests_head`].
    pub fn part(&self, kind: FileKind, part: Part) -> Output {
        let (api, options, values) = (self.api, self.options, &self.values);
        match (kind, part) {
            (FileKind::CargoToml, _) => Output::Text(cargo_toml(api, options)),
            (FileKind::Readme, _) => Output::Text(readme::emit(api, options)),
            (FileKind::Lib, _) => Output::Rust(lib_rs(api)),
            (FileKind::Client, _) => Output::Rust(client::emit(api)),
            (FileKind::Error, _) => Output::Rust(error::emit(api)),
            (FileKind::Models, Part::Head) => Output::Rust(models::head(api)),
            (FileKind::Models, Part::Units { start, end }) => Output::Rust(models::units(api, values, start..end)),
            (FileKind::Models, _) => Output::Rust(models::partials(api, values)),
            (FileKind::Resource(index), _) => Output::Rust(resource::emit(api, &api.resources[index], values)),
            (FileKind::Webhooks, _) => Output::Rust(webhooks::emit(api)),
            (FileKind::OAuth, _) => Output::Rust(api.oauth.as_ref().map(|flow| oauth::emit(api, flow)).unwrap_or_default()),
            (FileKind::Testing, Part::Units { start, end }) => Output::Rust(testing::resource_mocks(&api.resources[start..end])),
            (FileKind::Testing, _) => Output::Rust(testing::head(api, values)),
            (FileKind::Tests, Part::Units { start, end }) => Output::Rust(examples::resource_tests(api, &api.resources[start..end], values)),
            (FileKind::Tests, _) => Output::Rust(examples::other_tests(api)),
        }
    }

    /// The head of the tests: docs, then the imports and helpers that `tests` (each of the tests'
    /// other parts, in order, with the names [`names_in_tests`] found in it) use, each compiled
    /// with the tests using it.
    pub fn tests_head(&self, tests: &[(Part, &[&str])]) -> TokenStream {
        examples::head(self.api, self.options.spec_name(self.api), tests)
    }
}

/// The helpers and imports of the tests' head that a part of the tests, as emitted, names.
pub fn names_in_tests(tokens: &TokenStream) -> Vec<&'static str> {
    examples::names_used(tokens)
}

fn cargo_toml(api: &Api, options: &crate::Options) -> String {
    let spec = options.spec_name(api);
    let description = toml_string(&format!("Typed async client for the {} API, generated from {spec}.", api.title));
    format!(
        r#"# @generated by apigen from {spec}. Do not edit by hand; run `{regenerate}`.
[package]
name = "{name}"
version = {version}
description = {description}
edition = "2024"
rust-version = "1.88"
{metadata}
[features]
{default}
# TLS for https base URLs. Turn it off to choose another TLS backend of `reqwest` (through `ClientBuilder::configure_http`).
rustls = ["apigen-runtime/rustls"]
# Conversions of the date and time types to and from `chrono`, `time` or `jiff`, and of `Decimal` to and from `rust_decimal`.
chrono = ["apigen-runtime/chrono"]
time = ["apigen-runtime/time"]
jiff = ["apigen-runtime/jiff"]
rust_decimal = ["apigen-runtime/rust_decimal"]
# `testing::MockServer`: a local server that answers as the API would, for testing code that uses this crate.
testing = ["apigen-runtime/testing"]
{resources}
[dependencies]
{runtime}

[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
wiremock = "0.6"
"#,
        regenerate = options.regenerate,
        version = toml_string(&api.package.version),
        metadata = package_metadata(&api.package),
        default = default_features(api),
        resources = resource_features(api),
        runtime = options.runtime_line(),
        name = api.crate_name,
    )
}

/// `default = [...]`: TLS and every resource, on one line when it fits.
fn default_features(api: &Api) -> String {
    let features: Vec<String> = ["rustls".to_owned()].into_iter().chain(api.resource_features()).map(|feature| toml_string(&feature)).collect();
    let line = format!("default = [{}]", features.join(", "));
    if line.len() <= 100 {
        return line;
    }
    let entries: String = features.iter().map(|feature| format!("    {feature},\n")).collect();
    format!("default = [\n{entries}]")
}

/// The resources' features, one per line after a comment saying what they do.
fn resource_features(api: &Api) -> String {
    let features = api.resource_features();
    let Some(first) = features.first() else { return String::new() };
    let mut text = format!(
        "# Resources: each feature compiles a resource's handle and endpoints, and the models they use. All are\n# on by default; to compile only the ones you call, turn default features off and name them (and `rustls`),\n# as in `features = [\"rustls\", \"{first}\"]`.\n"
    );
    for resource in api.resources.iter().filter(|resource| resource.feature.is_none()) {
        text.push_str(&format!("# `{}` has no feature: the client renews sessions through it, so it is always compiled.\n", resource.module));
    }
    let any_resource = crate::ir::ANY_RESOURCE_FEATURE;
    for feature in &features {
        text.push_str(&format!("{feature} = [\"{any_resource}\"]\n"));
    }
    text.push_str(&format!("# Turned on by every resource feature; compiles what all resources share. Not meant to be named.\n{any_resource} = []\n"));
    text
}

/// `#[cfg(...)]` compiling an item when its gate's features are on; nothing for an item always
/// compiled.
pub(crate) fn cfg(gate: &Gate) -> TokenStream {
    match gate {
        Gate::Always => TokenStream::new(),
        Gate::AnyResource => {
            let feature = crate::ir::ANY_RESOURCE_FEATURE;
            quote! { #[cfg(feature = #feature)] }
        }
        Gate::Features(features) if features.len() == 1 => {
            let feature = &features[0];
            quote! { #[cfg(feature = #feature)] }
        }
        Gate::Features(features) => quote! { #[cfg(any(#(feature = #features),*))] },
    }
}

/// `items` (a run of items, as emitted) each compiled with `gate`: its `#[cfg]` goes after each
/// item's doc comment.
pub(crate) fn gate_items(gate: &Gate, items: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, TokenTree};
    if gate.is_always() {
        return items;
    }
    let cfg = cfg(gate);
    let tokens: Vec<TokenTree> = items.into_iter().collect();
    let is_punct = |index: usize, char: char| matches!(tokens.get(index), Some(TokenTree::Punct(punct)) if punct.as_char() == char);
    let is_doc = |index: usize| {
        is_punct(index, '#') && matches!(tokens.get(index + 1), Some(TokenTree::Group(group)) if group.stream().into_iter().next().is_some_and(|first| first.to_string() == "doc"))
    };
    let mut out = TokenStream::new();
    let mut index = 0;
    while index < tokens.len() {
        // The item's doc attributes, its `#[cfg]`, then the rest up to a `;` or a body (and the
        // `;` after a body, as in `static X: T = T { .. };`).
        while is_doc(index) {
            out.extend(tokens[index..index + 2].iter().cloned());
            index += 2;
        }
        out.extend(cfg.clone());
        while let Some(token) = tokens.get(index) {
            index += 1;
            out.extend([token.clone()]);
            let body = matches!(token, TokenTree::Group(group) if group.delimiter() == Delimiter::Brace);
            if body && is_punct(index, ';') {
                out.extend([tokens[index].clone()]);
                index += 1;
            }
            if body || matches!(token, TokenTree::Punct(punct) if punct.as_char() == ';') {
                break;
            }
        }
    }
    out
}

/// `use` declarations of the names of `path` something uses, each gated by the items using it:
/// names with the same gate share a declaration, in the order first named.
pub(crate) fn gated_imports(path: &TokenStream, names: &[(&str, Option<Gate>)]) -> TokenStream {
    let mut groups: Vec<(&Gate, Vec<Ident>)> = Vec::new();
    for (name, gate) in names {
        let Some(gate) = gate else { continue };
        match groups.iter_mut().find(|(known, _)| *known == gate) {
            Some((_, group)) => group.push(ident(name)),
            None => groups.push((gate, vec![ident(name)])),
        }
    }
    let declarations = groups.into_iter().map(|(gate, names)| {
        let cfg = cfg(gate);
        if let [name] = names.as_slice() {
            quote! { #cfg use #path::#name; }
        } else {
            quote! { #cfg use #path::{#(#names),*}; }
        }
    });
    quote! { #(#declarations)* }
}

/// The gate of something the items with `gates` use: `None` when there are none.
pub(crate) fn used_by<'g>(api: &Api, gates: impl IntoIterator<Item = &'g Gate>) -> Option<Gate> {
    let mut gates = gates.into_iter().peekable();
    gates.peek()?;
    Some(Gate::any_of(gates, &api.resource_features()))
}

/// The `[package]` keys the spec's `package` chooses, from `license` on.
fn package_metadata(package: &crate::ir::Package) -> String {
    let list = |items: &[String]| format!("[{}]", items.iter().map(|item| toml_string(item)).collect::<Vec<_>>().join(", "));
    let mut lines = vec![format!("license = {}", toml_string(&package.license))];
    if let Some(url) = &package.repository {
        lines.push(format!("repository = {}", toml_string(url)));
    }
    if !package.keywords.is_empty() {
        lines.push(format!("keywords = {}", list(&package.keywords)));
    }
    if !package.categories.is_empty() {
        lines.push(format!("categories = {}", list(&package.categories)));
    }
    if !package.publish {
        lines.push("publish = false".to_owned());
    }
    lines.into_iter().map(|line| line + "\n").collect()
}

/// `lib.rs`: the README as the front page, then the items a reader follows from it (resource
/// handles, webhooks) as links, which plain Markdown cannot have.
fn lib_rs(api: &Api) -> TokenStream {
    let mut docs = String::from(
        "\n## Items\n\n[`Client`] is built with [`Client::builder`]; the request and response types are in [`models`]; a call fails with an [`Error`], whose [`ErrorKind`] is the provider's. Each resource's methods are on its handle:\n\n",
    );
    for resource in &api.resources {
        docs.push_str(&format!("- [`Client::{}`] -> [`{}`]: {}\n", resource.accessor, resource.type_name, first_line(resource.doc.as_deref())));
    }
    if !api.webhooks.is_empty() {
        docs.push_str("\nWebhook payloads:\n\n");
        for webhook in &api.webhooks {
            docs.push_str(&format!("- [`webhooks::{}`]: {}\n", webhook.type_name, first_line(webhook.doc.as_deref())));
        }
    }
    // Links the spec's text made absolute are redundant at the crate root, where their labels resolve.
    let crate_docs = inner_doc(&crate::text::at_crate_root(&docs));
    let readme = quote! { #![doc = include_str!("../README.md")] };
    let webhooks_module = (!api.webhooks.is_empty()).then(|| quote! { pub mod webhooks; });
    let oauth_module = api.oauth.is_some().then(|| quote! { pub mod oauth; });
    let modules = api.resources.iter().map(|resource| {
        let module = ident(&resource.module);
        let doc = doc_attrs(&format!("The `{}` resource.", resource.name));
        let cfg = cfg(&resource.gate());
        quote! { #doc #cfg pub mod #module; }
    });
    let handles = api.resources.iter().map(|resource| {
        let module = ident(&resource.module);
        let handle = ident(&resource.type_name);
        let cfg = cfg(&resource.gate());
        quote! { #cfg pub use #module::#handle; }
    });
    let scalars = used_scalars(api);
    let filter_parts = scalars.contains(&"Filter").then(|| {
        quote! {
            /// The parts a [`Filter`] is built from.
            pub use apigen_runtime::filter::{Condition, Order};
        }
    });
    // `Secret` is re-exported with the client types below, whether or not a model uses it.
    let scalars: Vec<&str> = scalars.into_iter().filter(|name| *name != "Secret").collect();
    let scalar_reexport = (!scalars.is_empty()).then(|| {
        let names = scalars.iter().map(|name| ident(name));
        quote! { pub use apigen_runtime::scalars::{#(#names),*}; #filter_parts }
    });
    let paginated = api.resources.iter().flat_map(|resource| &resource.endpoints).any(|endpoint| matches!(endpoint.response, crate::ir::Response::Paged { .. }));
    let uploads = api.models.iter().flat_map(|model| &model.fields).any(|field| field.ty == Type::File);
    let upload_reexport = uploads.then(|| quote! {
        /// A file sent as a part of a multipart body: from bytes or a path.
        pub use apigen_runtime::FilePart;
    });
    let stream_reexport = paginated.then(|| quote! {
        /// Stream traits for the `stream()` and `pages()` of paginated endpoints.
        pub use apigen_runtime::futures_util::{Stream, StreamExt, TryStreamExt};
    });
    quote! {
        #readme
        #crate_docs
        mod client;
        pub mod error;
        pub mod models;
        #(#modules)*
        #oauth_module
        #webhooks_module
        #[cfg(feature = "testing")]
        pub mod testing;

        pub use client::{Client, ClientBuilder};
        pub use error::{Error, ErrorKind};
        #(#handles)*
        pub use apigen_runtime::{Page, PerCallOptions, RateLimit, Response, ResponseMeta, RetryPolicy, Secret, SendWithResponse};
        /// The parts of an [`Error`]: the provider's answer, its field errors, why a response
        /// did not decode, a value that does not have its type's format, and the one-line report
        /// of an error and its causes.
        pub use apigen_runtime::{ApiError, DecodeError, ErrorReport, FieldError, scalars::ScalarError};
        /// The HTTP method of a raw request ([`Client::raw`]).
        pub use apigen_runtime::reqwest::Method;
        /// Interceptors: your code at fixed points of every call ([`ClientBuilder::interceptor`]).
        pub use apigen_runtime::interceptor::{self, Interceptor};
        /// The transport seam: where requests leave ([`ClientBuilder::transport`]).
        pub use apigen_runtime::transport::{self, Transport};
        #scalar_reexport
        #upload_reexport
        /// The JSON library the client decodes with: [`serde_json::Value`] holds values of type
        /// `any`, and [`serde_json::json!`] writes one.
        pub use apigen_runtime::serde_json;
        #stream_reexport
    }
}

/// Names of the runtime scalar types that the API's models and parameters use.
pub(crate) fn used_scalars(api: &Api) -> Vec<&'static str> {
    fn visit(ty: &Type, found: &mut Vec<&'static str>) {
        let name = match ty {
            Type::Scalar(scalar) => scalar.rust_name(),
            Type::List(inner) | Type::Map(inner) => return visit(inner, found),
            _ => return,
        };
        if !found.contains(&name) {
            found.push(name);
        }
    }
    let mut found = Vec::new();
    for model in &api.models {
        for field in &model.fields {
            visit(&field.ty, &mut found);
        }
    }
    for union in &api.unions {
        for variant in &union.variants {
            visit(&variant.ty, &mut found);
        }
    }
    for endpoint in api.resources.iter().flat_map(|resource| &resource.endpoints) {
        for param in &endpoint.params {
            visit(&param.ty, &mut found);
        }
    }
    found.sort_unstable();
    found
}

/// An identifier (names were made valid by the resolver).
/// The first line of an optional doc text, trimmed; empty when there is none.
pub(crate) fn first_line(doc: Option<&str>) -> &str {
    doc.and_then(|doc| doc.lines().next()).unwrap_or("").trim()
}

/// The first paragraph of `doc` on one line, for a Markdown list item (an argument's doc): its
/// lines joined up to a blank line or the start of a block (a list, a code fence, a heading, a
/// quote), which would not continue the item.
pub(crate) fn first_paragraph(doc: &str) -> String {
    let starts_block = |line: &str| {
        let digits = line.trim_start_matches(|c: char| c.is_ascii_digit());
        ["- ", "* ", "+ ", "```", "#", ">", "|"].iter().any(|marker| line.starts_with(marker)) || (digits.len() < line.len() && (digits.starts_with(". ") || digits.starts_with(") ")))
    };
    let mut lines = doc.trim().lines().map(str::trim);
    let first = lines.next().unwrap_or_default();
    std::iter::once(first).chain(lines.take_while(|line| !line.is_empty() && !starts_block(line))).collect::<Vec<_>>().join(" ")
}

/// More arguments than this (`self` included) and clippy's `too_many_arguments` fires.
pub(crate) const CLIPPY_MAX_ARGUMENTS: usize = 7;

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `#[doc = "..."]` attributes, one per line, so they print as `///` comments.
pub(crate) fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// `#![doc = "..."]` attributes, one per line, so they print as `//!` comments.
pub(crate) fn inner_doc(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|line| {
        let line = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote! { #![doc = #line] }
    });
    quote! { #(#lines)* }
}

/// The Rust type for `ty`. `models` is the path prefix of the models module from where the type
/// is used, ending in `::` (such as `crate::models::`), or empty inside the models module.
pub(crate) fn type_tokens(ty: &Type, models: &TokenStream) -> TokenStream {
    match ty {
        Type::String => quote! { String },
        Type::Integer => quote! { i64 },
        Type::PageSize => quote! { u32 },
        Type::Number => quote! { f64 },
        Type::Boolean => quote! { bool },
        Type::Any => quote! { apigen_runtime::serde_json::Value },
        Type::File => quote! { apigen_runtime::FilePart },
        // The models module re-exports the scalars it uses, so they read like the models.
        Type::Scalar(scalar) => {
            let name = ident(scalar.rust_name());
            quote! { #models #name }
        }
        Type::Model { name, boxed } => {
            let name = ident(name);
            if *boxed { quote! { Box<#models #name> } } else { quote! { #models #name } }
        }
        Type::Enum(name) | Type::Union(name) => {
            let name = ident(name);
            quote! { #models #name }
        }
        Type::List(inner) => {
            let inner = type_tokens(inner, models);
            quote! { Vec<#inner> }
        }
        Type::Map(inner) => {
            let inner = type_tokens(inner, models);
            quote! { std::collections::BTreeMap<String, #inner> }
        }
    }
}

/// The parameter type a builder or a model's constructor and setters take for a value of type `ty`.
pub(crate) fn arg_type(ty: &Type) -> TokenStream {
    let models = crate_models();
    match ty {
        Type::String => quote! { impl Into<String> },
        Type::Scalar(Scalar::Secret) => quote! { impl Into<#models Secret> },
        Type::List(inner) if **inner == Type::String => quote! { impl IntoIterator<Item = impl Into<String>> },
        Type::Model { name, boxed: true } => {
            let name = ident(name);
            quote! { #models #name }
        }
        // Each alternative converts into the union (`"cus_1".to_owned()` or a `Customer`).
        Type::Union(name) => {
            let name = ident(name);
            quote! { impl Into<#models #name> }
        }
        other => type_tokens(other, &models),
    }
}

/// Converts `value`, taken as [`arg_type`], into the stored type.
pub(crate) fn convert(ty: &Type, value: TokenStream) -> TokenStream {
    match ty {
        Type::String | Type::Scalar(Scalar::Secret) | Type::Union(_) => quote! { #value.into() },
        Type::List(inner) if **inner == Type::String => quote! { #value.into_iter().map(Into::into).collect() },
        Type::Model { boxed: true, .. } => quote! { Box::new(#value) },
        _ => value,
    }
}

/// `name: <converted name>,` or the shorthand `name,` when no conversion is needed.
pub(crate) fn field_init(ty: &Type, name: &proc_macro2::Ident) -> TokenStream {
    let plain = quote! { #name };
    let value = convert(ty, plain.clone());
    if value.to_string() == plain.to_string() { quote! { #name, } } else { quote! { #name: #value, } }
}

/// A string path such as `["data", "items"]` as a runtime `JsonPath`.
pub(crate) fn json_path(path: &[String]) -> TokenStream {
    quote! { apigen_runtime::JsonPath(&[#(#path),*]) }
}

/// Constant headers as a runtime slice: `&[ConstantHeader { name, value }, ...]`.
pub(crate) fn constant_headers(headers: &[crate::ir::ConstantHeader]) -> TokenStream {
    let headers = headers.iter().map(|header| {
        let (name, value) = (&header.name, &header.value);
        quote! { apigen_runtime::ConstantHeader { name: #name, value: #value } }
    });
    quote! { &[#(#headers),*] }
}

/// `Some(path)` or `None`.
pub(crate) fn optional_json_path(path: Option<&Vec<String>>) -> TokenStream {
    match path {
        Some(path) => {
            let path = json_path(path);
            quote! { Some(#path) }
        }
        None => quote! { None },
    }
}

/// An unsuffixed literal for a non-negative number (`404`, not `404u16`).
pub(crate) fn unsuffixed(value: impl Into<u64>) -> Literal {
    Literal::u64_unsuffixed(value.into())
}

/// An unsuffixed integer literal, with a separate minus sign so the tokens stay valid.
pub(crate) fn int_literal(value: i64) -> TokenStream {
    let literal = Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 { quote! { -#literal } } else { quote! { #literal } }
}

/// An `i64` literal: unsuffixed where an `i32` holds it (so an argument taking `impl Into<i64>`
/// accepts it as one), else suffixed `_i64`.
pub(crate) fn i64_literal(value: i64) -> TokenStream {
    if i32::try_from(value).is_ok() {
        return int_literal(value);
    }
    match i64::try_from(value.unsigned_abs()) {
        Ok(magnitude) => {
            let literal = Literal::i64_suffixed(magnitude);
            if value < 0 { quote! { -#literal } } else { quote! { #literal } }
        }
        // Only `i64::MIN` has no positive counterpart.
        Err(_) => quote! { i64::MIN },
    }
}

/// An unsuffixed float literal, with a separate minus sign.
pub(crate) fn float_literal(value: f64) -> TokenStream {
    let literal = Literal::f64_unsuffixed(value.abs());
    if value.is_sign_negative() { quote! { -#literal } } else { quote! { #literal } }
}

/// The models module's path prefix as seen from another module of the crate.
pub(crate) fn crate_models() -> TokenStream {
    quote! { crate::models:: }
}


#[cfg(test)]
mod tests {
    use super::{FileKind, MODELS_PER_PART, MOCKS_PER_PART, Part, files, first_paragraph, gate_items, gated_imports};
    use crate::ir::Gate;
    use quote::quote;

    /// A valid spec of `resources` resources with one endpoint each, and `models` models.
    fn spec(resources: usize, models: usize) -> crate::ir::Api {
        let mut text = String::from("name: wide\ntitle: Wide\nbase_url: https://api.example.com\nmodels:\n");
        for model in 0..models {
            text.push_str(&format!("  Thing{model}:\n    fields:\n      id: {{type: string, required: true}}\n"));
        }
        text.push_str("endpoints:\n");
        for resource in 0..resources {
            text.push_str(&format!(
                "  things{resource}:\n    get:\n      method: GET\n      path: /things{resource}\n      response: Thing0\n      examples:\n        - response: {{body: {{id: a}}}}\n"
            ));
        }
        crate::check(text.as_bytes(), "wide.yaml").unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
    }

    #[test]
    fn large_files_come_in_parts_covering_every_unit_once() {
        let api = spec(MOCKS_PER_PART + 3, 2 * MODELS_PER_PART + 5);
        let units = |parts: &[Part]| -> Vec<usize> { parts.iter().flat_map(|part| if let Part::Units { start, end } = part { *start..*end } else { 0..0 }).collect() };
        let models = FileKind::Models.parts(&api);
        assert_eq!((models.first(), models.last(), models.len()), (Some(&Part::Head), Some(&Part::Tail), 5));
        assert_eq!(units(&models), (0..2 * MODELS_PER_PART + 5).collect::<Vec<_>>());
        let testing = FileKind::Testing.parts(&api);
        assert_eq!((testing.first(), testing.len()), (Some(&Part::Head), 3));
        assert_eq!(units(&testing), (0..MOCKS_PER_PART + 3).collect::<Vec<_>>());
        // One resource's tests a part: they share the resource's gate.
        let tests = FileKind::Tests.parts(&api);
        assert_eq!((tests.first(), tests.last(), tests.len()), (Some(&Part::Head), Some(&Part::Tail), MOCKS_PER_PART + 5));
        assert_eq!(FileKind::Resource(0).parts(&api), [Part::Whole]);
        assert!(Part::Tail.is_large(FileKind::Models) && Part::Head.is_large(FileKind::Testing) && !Part::Head.is_large(FileKind::Models));
    }

    #[test]
    fn every_file_has_a_part_even_for_an_empty_api() {
        let api = spec(0, 0);
        for kind in files(&api) {
            assert!(!kind.parts(&api).is_empty(), "{kind:?}");
        }
    }

    fn features(names: &[&str]) -> Gate {
        Gate::Features(names.iter().map(|name| (*name).to_owned()).collect())
    }

    #[test]
    fn an_arguments_doc_is_its_first_paragraph_on_one_line() {
        assert_eq!(first_paragraph("The name,\nfor `push` a device.\nFor `totp`, the account.\n\nMore."), "The name, for `push` a device. For `totp`, the account.");
        assert_eq!(first_paragraph("Kinds:\n- a\n- b"), "Kinds:");
        assert_eq!(first_paragraph("Steps:\n1. one"), "Steps:");
        assert_eq!(first_paragraph("  One line.  "), "One line.");
    }

    #[test]
    fn each_gated_item_gets_its_cfg_after_its_doc_comment() {
        let items = quote! {
            /// A model.
            #[derive(Debug)]
            pub struct Order { id: String }
            impl Order { fn id(&self) -> &str { &self.id } }
            /// A static.
            static ORDERS: Table = Table { name: "orders" };
            pub type Id = String;
        };
        let gated = gate_items(&features(&["orders"]), items).to_string();
        let expected = quote! {
            /// A model.
            #[cfg(feature = "orders")]
            #[derive(Debug)]
            pub struct Order { id: String }
            #[cfg(feature = "orders")]
            impl Order { fn id(&self) -> &str { &self.id } }
            /// A static.
            #[cfg(feature = "orders")]
            static ORDERS: Table = Table { name: "orders" };
            #[cfg(feature = "orders")]
            pub type Id = String;
        };
        assert_eq!(gated, expected.to_string());
        let always = quote! { struct A; };
        assert_eq!(gate_items(&Gate::Always, always.clone()).to_string(), always.to_string());
        let shared = gate_items(&Gate::AnyResource, always).to_string();
        assert_eq!(shared, quote! { #[cfg(feature = "__any_resource")] struct A; }.to_string());
    }

    #[test]
    fn imports_are_grouped_by_gate_and_unused_names_left_out() {
        let names = [("Pagination", Some(features(&["a"]))), ("Envelope", Some(Gate::Always)), ("Unused", None), ("SuccessFlag", Some(features(&["a"])))];
        let imports = gated_imports(&quote! { apigen_runtime }, &names).to_string();
        let expected = quote! {
            #[cfg(feature = "a")]
            use apigen_runtime::{Pagination, SuccessFlag};
            use apigen_runtime::Envelope;
        };
        assert_eq!(imports, expected.to_string());
    }
}
