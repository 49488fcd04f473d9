//! Hand-written scenario tests of the generated clients live in `tests/`. This library only
//! compiles the README's example against the generated HyperTrack crate, so it cannot rot.
#![doc = include_str!("../../../README.md")]
