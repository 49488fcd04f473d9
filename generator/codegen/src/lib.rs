//! `apigen`: generates typed async Rust API clients from hand-written YAML API specs.
//!
//! The generator is a pipeline, one module per stage:
//!
//! 1. [`yaml`]: bytes -> a plain YAML tree (the only module that knows the YAML library);
//! 2. [`load`]: tree -> [`ast::Spec`], checking shapes and key names;
//! 3. [`validate`]: checks references, path templates, identifiers and examples;
//! 4. [`resolve`]: -> [`ir::Api`], with defaults applied and Rust names chosen, then [`lint`]:
//!    warnings about likely mistakes that do not stop generation;
//! 5. [`emit`]: -> token streams per module;
//! 6. [`mod@format`]: -> source text with `prettyplease`;
//! 7. [`mod@write`]: -> files, or a list of stale files in check mode.
//!
//! Every spec problem is a [`Diagnostic`] naming the file, the YAML path and what is expected;
//! all of a spec's problems are reported together.
//!
//! ```no_run
//! let files = apigen::generate_file(std::path::Path::new("specs/hypertrack.yaml"))?;
//! apigen::write::write(std::path::Path::new("generated/hypertrack"), &files)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod ast;
pub mod commands;
pub mod diagnostics;
pub mod emit;
pub mod example_types;
pub mod format;
pub mod grammar;
pub mod import;
pub mod ir;
pub mod lint;
pub mod load;
pub mod names;
pub mod openapi;
pub mod reach;
pub mod resolve;
pub mod schema;
pub mod source_map;
pub mod text;
pub mod types;
pub mod validate;
pub mod write;
pub mod yaml;
pub mod yaml_text;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use write::GeneratedFile;

use diagnostics::Sink;
use std::path::Path;

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The spec has problems; every one found is listed.
    #[error("{0}")]
    Spec(Diagnostics),
    /// The generator produced something it cannot format: a generator bug.
    #[error("internal error generating {file}: {message}")]
    Internal {
        /// The generated file concerned.
        file: String,
        /// What went wrong.
        message: String,
    },
}

/// Loads, validates and resolves a spec from its bytes. `source` names the file in diagnostics
/// and generated headers. Warnings are dropped; see [`check_with_warnings`].
pub fn check(bytes: &[u8], source: &str) -> Result<ir::Api, Diagnostics> {
    check_with_warnings(bytes, source).map(|(api, _)| api)
}

/// Like [`check`], but also returns the warnings (likely mistakes that do not stop generation).
/// On failure the diagnostics hold the errors and any warnings found before them.
pub fn check_with_warnings(bytes: &[u8], source: &str) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    let mut sink = Sink::new(source);
    let tree = match yaml::parse(bytes) {
        Ok(tree) => tree,
        Err(error) => {
            sink.syntax_error(error.position, error.message);
            return Err(sink.finish());
        }
    };
    let spec = load::load(&tree, &mut sink);
    validate::validate(&spec, &mut sink);
    if sink.has_errors() {
        return Err(sink.finish());
    }
    match resolve::resolve(&spec, source, &mut sink) {
        Some(api) if !sink.has_errors() => {
            lint::lint(&api, &mut sink);
            Ok((api, sink.finish()))
        }
        _ => Err(sink.finish()),
    }
}

/// Generates a client crate's files from a spec's bytes, for this repository's layout.
pub fn generate(bytes: &[u8], source: &str) -> Result<Vec<GeneratedFile>, Error> {
    generate_with(bytes, source, &Options::default())
}

/// Generates a client crate's files from a spec's bytes with `options` (where the crate lives and
/// how it depends on the runtime). `source` names the spec in diagnostics.
pub fn generate_with(bytes: &[u8], source: &str, options: &Options) -> Result<Vec<GeneratedFile>, Error> {
    let api = check(bytes, source).map_err(Error::Spec)?;
    generate_api_with(&api, options)
}

/// The version of `apigen-runtime` this generator writes code for: a generated crate requires it
/// (`^`, so any later 0.1.x) whichever way it depends on the runtime.
pub const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");

/// How a generated crate depends on `apigen-runtime`, written into its `Cargo.toml`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RuntimeDependency {
    /// A folder holding the runtime crate, relative to the generated crate's folder.
    Path(String),
    /// A git repository holding the runtime crate (this repository), at `rev` (a commit, tag or
    /// branch) or else its default branch.
    Git {
        /// The repository's URL.
        url: String,
        /// The revision.
        rev: Option<String>,
    },
    /// The registry's `apigen-runtime` of this version requirement.
    Version(String),
}

/// Where generated files come from and where they live: what they depend on and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// How the crate depends on the runtime.
    pub runtime: RuntimeDependency,
    /// The spec as the generated files name it (relative to the crate, or to this repository's
    /// root in this repository); `None` for the source the spec was checked as.
    pub spec: Option<String>,
    /// The command that regenerates the crate, named in every file's header.
    pub regenerate: String,
    /// The crate's folder as the README's install line gives it (`generated/<name>` when
    /// `None`).
    pub crate_path: Option<String>,
}

impl Default for Options {
    /// The layout of this repository: crates in `generated/<name>`, the runtime in
    /// `generator/runtime`, specs named from the repository's root.
    fn default() -> Self {
        Self { runtime: RuntimeDependency::Path("../../generator/runtime".to_owned()), spec: None, regenerate: "cargo xtask codegen".to_owned(), crate_path: None }
    }
}

impl Options {
    /// The spec's name in generated files.
    pub(crate) fn spec_name<'a>(&'a self, api: &'a ir::Api) -> &'a str {
        self.spec.as_deref().unwrap_or(&api.source)
    }

    /// The `apigen-runtime = { ... }` line of the crate's `Cargo.toml`.
    pub(crate) fn runtime_line(&self) -> String {
        let source = match &self.runtime {
            RuntimeDependency::Path(path) => format!("path = {}, version = \"{RUNTIME_VERSION}\"", text::toml_string(path)),
            RuntimeDependency::Git { url, rev: Some(rev) } => format!("git = {}, rev = {}", text::toml_string(url), text::toml_string(rev)),
            RuntimeDependency::Git { url, rev: None } => format!("git = {}", text::toml_string(url)),
            RuntimeDependency::Version(version) => format!("version = {}", text::toml_string(version)),
        };
        format!("apigen-runtime = {{ {source}, default-features = false }}")
    }
}

/// Generates a client crate's files from a resolved API, for this repository's layout.
pub fn generate_api(api: &ir::Api) -> Result<Vec<GeneratedFile>, Error> {
    generate_api_with(api, &Options::default())
}

/// Generates a client crate's files from a resolved API.
pub fn generate_api_with(api: &ir::Api, options: &Options) -> Result<Vec<GeneratedFile>, Error> {
    let files = emit::files(api);
    // Files are emitted and formatted on every core, the largest first; the output keeps the
    // files' order.
    let mut queue: Vec<usize> = (0..files.len()).collect();
    queue.sort_by_key(|&index| !files[index].is_large());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).min(files.len()).max(1);
    let header = format::header(options.spec_name(api), &options.regenerate);
    let worker = || {
        let emitter = emit::Emitter::new(api, options);
        let mut done = Vec::new();
        while let Some(&index) = queue.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
            done.push((index, finish(emitter.file(files[index]), &header)));
        }
        done
    };
    let mut done: Vec<(usize, Result<GeneratedFile, Error>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
        let mut done = worker();
        for handle in handles {
            // A worker panics only on a generator bug; the panic goes on as it was.
            done.extend(handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        done
    });
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, file)| file).collect()
}

/// A generated file's final text: Rust formatted behind `header`, other text as it is.
fn finish((path, output): (String, emit::Output), header: &str) -> Result<GeneratedFile, Error> {
    let contents = match output {
        emit::Output::Text(text) => text,
        emit::Output::Rust(tokens) => format::rust_file(tokens, header).map_err(|message| Error::Internal { file: path.clone(), message })?,
    };
    Ok(GeneratedFile { path, contents })
}

/// A commented starter spec for a new provider named `name` (a crate name), with one example
/// endpoint; it validates and generates a crate whose tests pass as it is.
pub fn starter_spec(name: &str) -> String {
    let title = heck::ToUpperCamelCase::to_upper_camel_case(name);
    include_str!("templates/starter.yaml").replace("NAME", name).replace("TITLE", &title)
}

/// Reads a spec file and generates its crate's files. The path, with `/` separators, names the
/// spec in diagnostics and headers.
pub fn generate_file(path: &Path) -> Result<Vec<GeneratedFile>, Error> {
    let source = path.to_string_lossy().replace('\\', "/");
    let bytes = std::fs::read(path).map_err(|source_error| Error::Io { path: source.clone(), source: source_error })?;
    generate(&bytes, &source)
}
