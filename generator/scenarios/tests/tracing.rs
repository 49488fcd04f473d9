//! Tracing: one span per attempt with the method, the path template, the status and the attempt
//! number, and never a secret. (Its own test binary, so no other test's callsites interfere.)

use hypertrack::{Client, RetryPolicy};
use scenarios::fault_server::{Fault, FaultServer};
use serde_json::json;
use std::fmt::{Debug, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing::field::{Field, Visit};
use tracing::{Event, Metadata, Subscriber, span};

/// Records every span's name and fields, and every event's fields, as text lines.
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: AtomicU64,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &span::Attributes<'_>) -> span::Id {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let mut line = format!("span#{id} {}", attributes.metadata().name());
        attributes.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
        span::Id::from_u64(id)
    }

    fn record(&self, id: &span::Id, values: &span::Record<'_>) {
        let mut line = format!("record#{}", id.into_u64());
        values.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
    }

    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut line = String::from("event");
        event.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
    }

    fn enter(&self, _: &span::Id) {}

    fn exit(&self, _: &span::Id) {}
}

#[tokio::test]
async fn each_attempt_has_a_span_with_method_path_status_and_attempt() {
    const KEY: &str = "sk_traced_5ecret";
    let lines = Arc::new(Mutex::new(Vec::new()));
    let _guard = tracing::subscriber::set_default(Recorder { lines: Arc::clone(&lines), next_id: AtomicU64::new(0) });

    let server = FaultServer::start(vec![Fault::json(503, json!({"detail": "busy"})), Fault::json(200, json!({"id": "u/1"}))]).await;
    let policy = RetryPolicy { initial_backoff: Duration::from_millis(5), ..RetryPolicy::DEFAULT };
    let client = Client::builder().secret_key(KEY).base_url(server.uri()).retry_policy(policy).build().unwrap();
    client.users().get("u/1").send().await.expect("succeeds on the second attempt");

    let lines = lines.lock().unwrap().clone();
    let text = lines.join("\n");
    let spans: Vec<&String> = lines.iter().filter(|line| line.contains(" http_request ")).collect();
    assert_eq!(spans.len(), 2, "{text}");
    assert!(spans[0].contains(r#"method=GET path="/users/{id}/" attempt=1"#), "{text}");
    assert!(spans[1].contains("attempt=2"), "{text}");
    assert!(lines.iter().any(|line| line.starts_with("record#1 status=503")), "{text}");
    assert!(lines.iter().any(|line| line.starts_with("record#2 status=200")), "{text}");
    assert!(lines.iter().any(|line| line.starts_with("event") && line.contains("retrying")), "{text}");
    assert!(!text.contains(KEY), "a secret reached tracing:\n{text}");
    assert!(!text.contains("u/1") && !text.contains("u%2F1"), "parameter values stay out of spans:\n{text}");
    assert_eq!(server.requests(), 2);
}
