//! Write stage: puts generated files on disk, or (in check mode) reports which differ.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// One generated file: a path relative to the crate directory, and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate directory, with `/` separators.
    pub path: String,
    /// Full contents.
    pub contents: String,
}

/// How a file on disk compares with what the generator produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Drift {
    /// The file does not exist.
    Missing(PathBuf),
    /// The file exists with other contents.
    Stale(PathBuf),
    /// A file in a generated directory that the generator no longer produces.
    Extra(PathBuf),
}

impl Drift {
    /// The file concerned.
    pub fn path(&self) -> &Path {
        match self {
            Drift::Missing(path) | Drift::Stale(path) | Drift::Extra(path) => path,
        }
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Drift::Missing(path) => write!(f, "missing: {}", path.display()),
            Drift::Stale(path) => write!(f, "stale: {}", path.display()),
            Drift::Extra(path) => write!(f, "not generated any more: {}", path.display()),
        }
    }
}

/// Writes `files` under `dir`, leaving files whose contents are already right untouched (so
/// their timestamps, and cargo's caches, stay), and removing files in generated folders
/// (`src/`, `tests/`) that are no longer generated. Returns what it changed: each file it wrote
/// (missing or stale before) or removed.
pub fn write(dir: &Path, files: &[GeneratedFile]) -> std::io::Result<Vec<Drift>> {
    let mut changes = Vec::new();
    for file in files {
        changes.extend(write_one(dir, file)?);
    }
    changes.extend(remove_extra(dir, files.iter().map(|file| file.path.as_str()))?);
    Ok(changes)
}

/// Writes one generated file under `dir` unless it already holds its contents, creating its
/// folder if needed. Returns how it differed, if it did.
pub fn write_one(dir: &Path, file: &GeneratedFile) -> std::io::Result<Option<Drift>> {
    put(&dir.join(&file.path), &file.contents)
}

/// Writes `contents` to `path` unless it already holds them, creating its folder if needed;
/// returns how it differed, if it did.
fn put(path: &Path, contents: &str) -> std::io::Result<Option<Drift>> {
    let drift = file_drift(path, contents)?;
    if drift.is_some() {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, contents)?;
    }
    Ok(drift)
}

/// Removes the files in `dir`'s generated folders (`src/`, `tests/`) that are not among
/// `generated` (paths relative to `dir`); returns them.
pub fn remove_extra<'a>(dir: &Path, generated: impl IntoIterator<Item = &'a str>) -> std::io::Result<Vec<Drift>> {
    let extra = extra_files(dir, &generated.into_iter().map(|path| dir.join(path)).collect())?;
    for drift in &extra {
        if let Drift::Extra(path) = drift {
            std::fs::remove_file(path)?;
        }
    }
    Ok(extra)
}

/// Compares `files` with what is under `dir`, without writing.
pub fn check(dir: &Path, files: &[GeneratedFile]) -> std::io::Result<Vec<Drift>> {
    let mut drift = Vec::new();
    let mut generated = HashSet::new();
    for file in files {
        let path = dir.join(&file.path);
        drift.extend(file_drift(&path, &file.contents)?);
        generated.insert(path);
    }
    drift.extend(extra_files(dir, &generated)?);
    Ok(drift)
}

/// The files in `dir`'s generated folders (`src/`, `tests/`) that are not in `generated`.
fn extra_files(dir: &Path, generated: &HashSet<PathBuf>) -> std::io::Result<Vec<Drift>> {
    let mut extra = Vec::new();
    for folder in ["src", "tests"] {
        let folder = dir.join(folder);
        if !folder.is_dir() {
            continue;
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&folder)?.map(|entry| entry.map(|entry| entry.path())).collect::<Result<_, _>>()?;
        entries.sort();
        for path in entries {
            if !generated.contains(&path) && path.is_file() {
                extra.push(Drift::Extra(path));
            }
        }
    }
    Ok(extra)
}

/// How the file at `path` differs from `contents`, if it does (line ends aside).
pub fn file_drift(path: &Path, contents: &str) -> std::io::Result<Option<Drift>> {
    match std::fs::read(path) {
        Ok(existing) if normalize(&existing) == contents.as_bytes() => Ok(None),
        Ok(_) => Ok(Some(Drift::Stale(path.to_path_buf()))),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Some(Drift::Missing(path.to_path_buf()))),
        Err(error) => Err(error),
    }
}

/// Writes one generated file unless it already holds `contents`; in check mode, only reports
/// how it differs.
pub fn write_file(path: &Path, contents: &str, check: bool) -> std::io::Result<Option<Drift>> {
    if check { file_drift(path, contents) } else { put(path, contents).map(|_| None) }
}

/// Git may check files out with CRLF line ends on some machines; compare as LF.
fn normalize(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut iter = bytes.iter().peekable();
    while let Some(&byte) = iter.next() {
        if byte == b'\r' && iter.peek() == Some(&&b'\n') {
            continue;
        }
        out.push(byte);
    }
    out
}
