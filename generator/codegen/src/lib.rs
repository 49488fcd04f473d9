//! `apigen`: generates typed async Rust API clients from hand-written YAML API specs.
//!
//! The generator is a pipeline, one module per stage:
//!
//! 1. [`yaml`]: bytes -> a plain YAML tree (the only module that knows the YAML library);
//! 2. [`load`]: tree -> [`ast::Spec`], checking shapes and key names;
//! 3. [`validate`]: checks references, path templates, identifiers and examples;
//! 4. [`resolve`]: -> [`ir::Api`], with defaults applied and Rust names chosen, then [`lint`]:
//!    warnings about likely mistakes that do not stop generation;
//! 5. [`emit`]: -> token streams, per part of each file;
//! 6. [`mod@format`]: -> source text with `prettyplease`, the parts of a file joined;
//! 7. [`mod@write`]: -> files, or a list of stale files in check mode.
//!
//! Emitting and formatting run on every core, part by part ([`generate_api_with`]);
//! [`generate_api_into`] also writes each file while the others are formatted.
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
    /// A generated file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file or folder.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
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
    let generated = std::sync::Mutex::new(Vec::new());
    generate_each(api, options, &|index, file| {
        generated.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((index, file));
        Ok(())
    })?;
    let mut generated = generated.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    generated.sort_by_key(|(index, _)| *index);
    Ok(generated.into_iter().map(|(_, file)| file).collect())
}

/// Generates a client crate into `dir`, writing each file as soon as it is formatted while the
/// others are being formatted: the same as [`generate_api_with`] then [`write::write`] (files
/// whose contents are right stay untouched, files no longer generated in `src/` and `tests/` are
/// removed), faster for a large crate. Returns what changed, by path.
pub fn generate_api_into(api: &ir::Api, options: &Options, dir: &Path) -> Result<Vec<write::Drift>, Error> {
    let changes = std::sync::Mutex::new(Vec::new());
    let paths = std::sync::Mutex::new(Vec::new());
    generate_each(api, options, &|_, file| {
        let drift = write::write_one(dir, &file).map_err(|source| Error::Write { path: dir.join(&file.path).display().to_string(), source })?;
        changes.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend(drift);
        paths.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(file.path);
        Ok(())
    })?;
    let paths = paths.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut changes = changes.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    changes.extend(write::remove_extra(dir, paths.iter().map(String::as_str)).map_err(|source| Error::Write { path: dir.display().to_string(), source })?);
    changes.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(changes)
}

/// Emits and formats the parts of every file of `api`'s crate on every core, the largest parts
/// first, and hands each file to `done` (with its index in [`emit::files`]) from the thread that
/// formatted its last part, so that files are written while others are formatted. Stops at the
/// first error.
fn generate_each(api: &ir::Api, options: &Options, done: &(dyn Fn(usize, GeneratedFile) -> Result<(), Error> + Sync)) -> Result<(), Error> {
    use emit::{FileKind, Part};
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Mutex, PoisonError};
    let files = emit::files(api);
    // Each file's parts emitted on their own (the tests' head is emitted from the names the
    // tests use when the file is put together), and each such part with its file and its place.
    let file_parts: Vec<Vec<Part>> = files.iter().map(|&kind| kind.parts(api).into_iter().filter(|part| part.is_emitted_alone(kind)).collect()).collect();
    let parts: Vec<(usize, usize, Part)> =
        file_parts.iter().enumerate().flat_map(|(file, list)| list.iter().enumerate().map(move |(place, &part)| (file, place, part))).collect();
    let texts: Vec<Mutex<Vec<Option<FormattedPart>>>> = file_parts.iter().map(|list| Mutex::new(vec![None; list.len()])).collect();
    let mut queue: Vec<usize> = (0..parts.len()).collect();
    queue.sort_by_key(|&index| !parts[index].2.is_large(files[parts[index].0]));
    let header = format::header(options.spec_name(api), &options.regenerate);
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let work = || -> Result<(), Error> {
        let emitter = emit::Emitter::new(api, options);
        while let Some(&index) = queue.get(next.fetch_add(1, Ordering::Relaxed)) {
            if failed.load(Ordering::Relaxed) {
                break;
            }
            let (file, place, part) = parts[index];
            let kind = files[file];
            let internal = |message| Error::Internal { file: kind.path(api), message };
            let text = match emitter.part(kind, part) {
                emit::Output::Text(text) => FormattedPart { text, tests_names: Vec::new() },
                emit::Output::Rust(tokens) => {
                    let tests_names = if kind == FileKind::Tests { emit::names_in_tests(&tokens) } else { Vec::new() };
                    FormattedPart { text: format::rust_part(tokens).map_err(internal)?, tests_names }
                }
            };
            // The thread storing a file's last part puts the file together.
            let complete = {
                let mut slots = texts[file].lock().unwrap_or_else(PoisonError::into_inner);
                slots[place] = Some(text);
                if slots.iter().all(Option::is_some) { Some(slots.iter_mut().filter_map(Option::take).collect::<Vec<_>>()) } else { None }
            };
            let Some(parts_done) = complete else { continue };
            let mut file_texts: Vec<String> = Vec::with_capacity(parts_done.len() + 1);
            if kind == FileKind::Tests {
                let tests: Vec<(Part, &[&str])> = file_parts[file].iter().copied().zip(parts_done.iter().map(|part| part.tests_names.as_slice())).collect();
                file_texts.push(format::rust_part(emitter.tests_head(&tests)).map_err(internal)?);
            }
            file_texts.extend(parts_done.into_iter().map(|part| part.text));
            let contents = if kind.is_rust() { format::join(&file_texts, &header) } else { file_texts.concat() };
            done(file, GeneratedFile { path: kind.path(api), contents })?;
        }
        Ok(())
    };
    // A thread that fails stops the others at their next part.
    let worker = || {
        let result = work();
        if result.is_err() {
            failed.store(true, Ordering::Relaxed);
        }
        result
    };
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).min(parts.len()).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(worker)).collect();
        let mut result = worker();
        for handle in handles {
            // A worker panics only on a generator bug; the panic goes on as it was.
            let other = handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            result = result.and(other);
        }
        result
    })
}

/// A part of a file, formatted, with the helpers and imports of the tests' head it names (a part
/// of the tests only; see [`emit::names_in_tests`]).
#[derive(Clone)]
struct FormattedPart {
    text: String,
    tests_names: Vec<&'static str>,
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
