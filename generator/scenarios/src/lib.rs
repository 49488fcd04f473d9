//! Scenario tests of the generated clients live in `tests/`; this library holds what they share:
//! [`fault_server`], a local server that misbehaves on command.
//!
//! The crate documentation below is the repository README, compiled here so its example cannot
//! rot.
#![doc = include_str!("../../../README.md")]

pub mod fault_server;
