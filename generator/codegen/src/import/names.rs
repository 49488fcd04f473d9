//! Names for what the document calls otherwise: type names the spec language accepts, and
//! identifiers kept apart from each other and from those the generated code uses itself.

use crate::names::{PRELUDE_TYPES, camel};
use crate::validate::RESERVED_TYPES;
use std::collections::BTreeSet;

/// The Rust names of the spec's scalar types, which a model of the same name would shadow.
const SCALAR_TYPES: &[&str] = &["DateTime", "Date", "TimeOfDay", "Decimal", "Money", "DaysOfWeek", "Day", "Hhmm", "EpochMillis", "EpochSeconds", "GeoPoint", "Filter", "Secret", "FilePart", "Value", "BTreeMap"];

/// Names given in one scope: each new one is made distinct from those before it.
#[derive(Debug, Clone)]
pub struct Names {
    /// What two names are compared by (the Rust identifier they become).
    key: fn(&str) -> String,
    taken: BTreeSet<String>,
    /// Appended to a taken name before a number.
    suffix: &'static str,
}

impl Names {
    /// Type names: apart from the generated code's own types and the prelude's.
    pub fn types() -> Self {
        let mut names = Self { key: |name| camel(name, "Model"), taken: BTreeSet::new(), suffix: "Model" };
        for reserved in RESERVED_TYPES.iter().chain(PRELUDE_TYPES).chain(SCALAR_TYPES) {
            names.taken.insert((*reserved).to_owned());
        }
        names
    }

    /// `snake_case` Rust names (a field's or parameter's `rust_name`), apart from `reserved`; a
    /// taken one gets `_`, then a number.
    pub fn rust_names(reserved: &[&str]) -> Self {
        Self { key: str::to_owned, taken: reserved.iter().map(|name| (*name).to_owned()).collect(), suffix: "_" }
    }

    /// `snake_case` spec names (resources, endpoints, auth schemes), apart from `reserved`; a taken
    /// one gets `suffix` (a word, which survives the generator's case conversion), then a number.
    pub fn spec_names(reserved: &[&str], suffix: &'static str) -> Self {
        Self { key: |name| crate::names::snake(name, "name"), taken: reserved.iter().map(|name| (*name).to_owned()).collect(), suffix }
    }

    /// `UpperCamelCase` identifiers (variants), apart from `reserved`.
    pub fn camel(reserved: &[&str]) -> Self {
        Self { key: str::to_owned, taken: reserved.iter().map(|name| (*name).to_owned()).collect(), suffix: "V" }
    }

    /// Marks `name` as taken.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert((self.key)(name));
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(&(self.key)(name))
    }

    /// `name`, or the first of `name{suffix}`, `name{suffix}2`, ... that is free; taken from now.
    pub fn claim(&mut self, name: &str) -> String {
        let mut candidate = name.to_owned();
        let mut number = 1;
        while self.taken.contains(&(self.key)(&candidate)) {
            candidate = if number == 1 { format!("{name}{}", self.suffix) } else { format!("{name}{}{number}", self.suffix) };
            number += 1;
        }
        self.taken.insert((self.key)(&candidate));
        candidate
    }
}

/// A spec type name for a component key: the key itself when the spec language takes it
/// (an ASCII letter, then letters, digits and `_`), else its `UpperCamelCase` form.
pub fn type_name(key: &str) -> String {
    let valid = key.starts_with(|c: char| c.is_ascii_alphabetic()) && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid { key.to_owned() } else { camel(key, "Model") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_keep_valid_keys_and_step_aside_from_reserved_names() {
        assert_eq!(type_name("User_Profile"), "User_Profile");
        assert_eq!(type_name("user.profile"), "UserProfile");
        assert_eq!(type_name("3dModel"), "Model3dModel");
        let mut names = Names::types();
        assert_eq!(names.claim("Error"), "ErrorModel");
        assert_eq!(names.claim("User"), "User");
        assert_eq!(names.claim("user"), "userModel");
        assert_eq!(names.claim("User"), "UserModel2");
    }

    #[test]
    fn identifiers_get_a_suffix_then_a_number() {
        let mut names = Names::rust_names(&["send"]);
        assert_eq!(names.claim("send"), "send_");
        assert_eq!(names.claim("send"), "send_2");
        assert_eq!(names.claim("id"), "id");
        let mut resources = Names::spec_names(&["client"], "_resource");
        assert_eq!(resources.claim("client"), "client_resource");
        assert_eq!(resources.claim("Client"), "Client_resource2");
    }
}
