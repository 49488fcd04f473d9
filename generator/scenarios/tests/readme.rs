//! The generated READMEs describe the runtime they run on: the retry figures the generator prints
//! for specs that keep the defaults must be the runtime's defaults.

use trackier::RetryPolicy;
use std::path::Path;

#[test]
fn readmes_state_the_runtime_default_retry_policy() {
    // Trackier's spec sets no retry values, so its README shows the defaults.
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../generated/trackier/README.md")).expect("generated/trackier/README.md");
    let defaults = RetryPolicy::DEFAULT;
    let expected = format!(
        "retried up to {} attempts in all, with exponential backoff from {} ms and jitter, within {} s in total",
        defaults.max_attempts,
        defaults.initial_backoff.as_millis(),
        defaults.max_elapsed.as_secs()
    );
    assert!(readme.contains(&expected), "README retry text differs from the runtime defaults; expected: {expected}");
}
