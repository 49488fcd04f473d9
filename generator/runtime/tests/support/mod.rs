//! What the runtime's integration tests share.

use std::fmt;

/// An error kind for tests that do not tell kinds apart: every name is this one, never retried.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Kind;

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("other")
    }
}

impl apigen_runtime::ErrorKind for Kind {
    fn from_name(_name: &str) -> Self {
        Kind
    }

    fn is_retryable(self) -> bool {
        false
    }
}
