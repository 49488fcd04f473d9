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

#[test]
fn readmes_list_the_methods_and_setters_as_the_code_takes_them() {
    let read = |name: &str| std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../generated/{name}/README.md"))).expect("README");
    // The rows below are calls that compile: the README and the code agree on the arguments.
    let hubrise = read("hubrise");
    assert!(hubrise.contains("| `create(location_id, status)` | `POST /locations/{location_id}/orders` |"), "{hubrise}");
    let client = hubrise::Client::builder().access_token("token").build().expect("builds");
    let _create = client.orders().create("3r4s3-1", hubrise::models::OrderStatus::New);
    let hooptap = read("hooptap");
    assert!(hooptap.contains("- `.session(token, user_id)`: sent in the `Authorization` header"), "{hooptap}");
    let _builder = hooptap::Client::builder().session("token", "user-id");
    assert!(!hooptap.contains("[`"), "no rustdoc link brackets in plain Markdown");
}
