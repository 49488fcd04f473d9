//! Helpers shared by integration tests.

pub mod files;
pub mod json_schema;
