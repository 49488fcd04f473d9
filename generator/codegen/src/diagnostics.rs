//! Spec diagnostics: every problem names the file, the YAML path and what is expected.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The spec cannot be generated from.
    Error,
    /// A likely mistake; the spec still generates.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether it stops generation.
    pub severity: Severity,
    /// The spec file, as given to the generator.
    pub file: String,
    /// Dotted YAML path of the offending node, such as `endpoints.users.create.body`; empty for
    /// the document itself.
    pub path: String,
    /// What is wrong and what is expected.
    pub message: String,
    /// A suggestion, such as "did you mean `User`?".
    pub help: Option<String>,
    /// Whether the problem is the value at `path` rather than its key (`type: strng`): the caret
    /// then goes under the value, when it is a scalar on the same line.
    pub at_value: bool,
    /// The line and column (from 1), for problems found in the text before it has YAML paths
    /// (syntax errors); they win over `path`.
    pub position: Option<(usize, usize)>,
}

impl Diagnostic {
    /// The diagnostic as rustc shows one: with `file:line:column`, the offending line and a caret
    /// under the key, when its YAML path can be found in `source` (the spec's text); otherwise
    /// the same as `Display`.
    pub fn render(&self, source: &str) -> String {
        let located = match self.position {
            Some((line, column)) => Some(crate::source_map::Location { line, column, len: 1, value: None }),
            // A path inside a value the source map cannot follow (a deep flow mapping) is shown
            // at the nearest part it can find.
            None => {
                let mut path = self.path.as_str();
                loop {
                    if let Some(location) = crate::source_map::locate(source, path) {
                        break Some(location);
                    }
                    match path.rfind('.') {
                        Some(dot) => path = &path[..dot],
                        None => break None,
                    }
                }
            }
        };
        let Some(location) = located else {
            return self.to_string();
        };
        let (column, len) = location.value.filter(|_| self.at_value).unwrap_or((location.column, location.len));
        let severity = self.severity;
        let line_text = source.lines().nth(location.line - 1).unwrap_or("");
        let number = location.line.to_string();
        let gutter = " ".repeat(number.len());
        let caret_pad = " ".repeat(column - 1);
        let carets = "^".repeat(len);
        let mut text = format!(
            "{severity}: {message}\n{gutter}--> {file}:{line}:{column} ({path})\n{gutter} |\n{number} | {line_text}\n{gutter} | {caret_pad}{carets}",
            message = self.message,
            file = self.file,
            line = location.line,
            path = self.path,
        );
        if let Some(help) = &self.help {
            text.push_str(&format!("\n{gutter} = help: {help}"));
        }
        text
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "(document)" } else { &self.path };
        write!(f, "{}: {}: {}: {}", self.severity, self.file, path, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// All problems found in a spec, in the order found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The problems.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Every diagnostic rendered against `source` (see [`Diagnostic::render`]), blank lines
    /// between them, and the count.
    pub fn render(&self, source: &str) -> String {
        let mut text = String::new();
        for diagnostic in &self.0 {
            text.push_str(&diagnostic.render(source));
            text.push_str("\n\n");
        }
        text.push_str(&self.summary());
        text
    }

    fn summary(&self) -> String {
        let errors = self.error_count();
        let warnings = self.0.len() - errors;
        let plural = |count: usize| if count == 1 { "" } else { "s" };
        match (errors, warnings) {
            (_, 0) => format!("{errors} error{} found", plural(errors)),
            (0, _) => format!("{warnings} warning{} found", plural(warnings)),
            _ => format!("{errors} error{} and {warnings} warning{} found", plural(errors), plural(warnings)),
        }
    }

    /// How many are errors (the rest are warnings).
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|diagnostic| diagnostic.severity == Severity::Error).count()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}")?;
        }
        write!(f, "{}", self.summary())
    }
}

impl std::error::Error for Diagnostics {}

/// Collects diagnostics for one spec file.
#[derive(Debug)]
pub struct Sink {
    file: String,
    found: Vec<Diagnostic>,
}

/// Most diagnostics kept for one spec; past this a broken file would only repeat itself.
const MAX_DIAGNOSTICS: usize = 200;

impl Sink {
    /// A sink for problems in `file`.
    pub fn new(file: impl Into<String>) -> Self {
        Self { file: file.into(), found: Vec::new() }
    }

    /// Records a problem at `path`.
    pub fn error(&mut self, path: &str, message: impl Into<String>) {
        self.push(Severity::Error, path, message.into(), None, false);
    }

    /// Records a problem at `path` with a suggestion.
    pub fn error_with_help(&mut self, path: &str, message: impl Into<String>, help: Option<String>) {
        self.push(Severity::Error, path, message.into(), help, false);
    }

    /// Records a problem with the value at `path` (a misspelt name, a value of the wrong kind),
    /// with an optional suggestion.
    pub fn value_error(&mut self, path: &str, message: impl Into<String>, help: Option<String>) {
        self.push(Severity::Error, path, message.into(), help, true);
    }

    /// Records a problem found in the text at `position` (line, column), before the text has
    /// YAML paths.
    pub fn syntax_error(&mut self, position: Option<(usize, usize)>, message: impl Into<String>) {
        self.push(Severity::Error, "", message.into(), None, false);
        if let Some(last) = self.found.last_mut() {
            last.position = position;
        }
    }

    /// Records a likely mistake at `path` that does not stop generation.
    pub fn warning(&mut self, path: &str, message: impl Into<String>, help: Option<String>) {
        self.push(Severity::Warning, path, message.into(), help, false);
    }

    fn push(&mut self, severity: Severity, path: &str, message: String, help: Option<String>, at_value: bool) {
        if self.found.len() < MAX_DIAGNOSTICS {
            self.found.push(Diagnostic { severity, file: self.file.clone(), path: path.to_owned(), message, help, at_value, position: None });
        }
    }

    /// Whether any error (not warning) was recorded.
    pub fn has_errors(&self) -> bool {
        self.found.iter().any(|diagnostic| diagnostic.severity == Severity::Error)
    }

    /// The recorded problems.
    pub fn finish(self) -> Diagnostics {
        Diagnostics(self.found)
    }
}

/// "did you mean `x`?" for the candidate closest to `name`, if one is close enough.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let wanted = name.to_ascii_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = edit_distance(&wanted, &candidate.to_ascii_lowercase());
        if best.is_none_or(|(best_distance, _)| distance < best_distance) {
            best = Some((distance, candidate));
        }
    }
    let (distance, candidate) = best?;
    let limit = (name.chars().count() / 3).max(2);
    (distance <= limit && distance > 0 || (distance == 0 && candidate != name)).then(|| format!("did you mean `{candidate}`?"))
}

/// Levenshtein distance, capped in cost by comparing at most the first 256 characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(256).collect();
    let b: Vec<char> = b.chars().take(256).collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// Joins a parent YAML path and a key.
pub fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_owned() } else { format!("{parent}.{key}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_pick_the_closest_name() {
        assert_eq!(did_you_mean("Usr", ["User", "Action", "Place"]).as_deref(), Some("did you mean `User`?"));
        assert_eq!(did_you_mean("user", ["User"]).as_deref(), Some("did you mean `User`?"));
        assert_eq!(did_you_mean("Completely", ["User"]), None);
        assert_eq!(did_you_mean("x", std::iter::empty()), None);
    }

    #[test]
    fn render_shows_line_column_and_a_caret_under_the_key() {
        let source = "name: shop\nendpoints:\n  pets:\n    get:\n      methd: GET\n";
        let mut sink = Sink::new("specs/shop.yaml");
        sink.error_with_help("endpoints.pets.get.methd", "unknown key `methd`", Some("did you mean `method`?".into()));
        sink.warning("nowhere.to.be.found", "odd", None);
        assert_eq!(
            sink.finish().render(source),
            "error: unknown key `methd`\n --> specs/shop.yaml:5:7 (endpoints.pets.get.methd)\n  |\n5 |       methd: GET\n  |       ^^^^^\n  = help: did you mean `method`?\n\nwarning: specs/shop.yaml: nowhere.to.be.found: odd\n\n1 error and 1 warning found"
        );
    }

    #[test]
    fn a_value_error_puts_the_caret_under_a_scalar_value_and_else_under_the_key() {
        let source = "name: shop\nendpoints:\n  pets:\n    get:\n      method: GTE\n      response: {type: [Pet]}\n";
        let mut sink = Sink::new("specs/shop.yaml");
        sink.value_error("endpoints.pets.get.method", "unknown method `GTE`", Some("did you mean `GET`?".into()));
        sink.value_error("endpoints.pets.get.response.type", "expected a string, found a list", None);
        assert_eq!(
            sink.finish().render(source),
            "error: unknown method `GTE`\n --> specs/shop.yaml:5:15 (endpoints.pets.get.method)\n  |\n5 |       method: GTE\n  |               ^^^\n  = help: did you mean `GET`?\n\n\
             error: expected a string, found a list\n --> specs/shop.yaml:6:18 (endpoints.pets.get.response.type)\n  |\n6 |       response: {type: [Pet]}\n  |                  ^^^^\n\n\
             2 errors found"
        );
    }

    #[test]
    fn display_names_file_path_and_help() {
        let mut sink = Sink::new("specs/a.yaml");
        sink.error_with_help("models.User", "bad", Some("did you mean `x`?".into()));
        sink.error("", "empty");
        let text = sink.finish().to_string();
        assert_eq!(
            text,
            "error: specs/a.yaml: models.User: bad\n  help: did you mean `x`?\nerror: specs/a.yaml: (document): empty\n2 errors found"
        );
    }
}
