//! A 50 MB report streamed to a file while memory stays flat. (Its own test binary, so the
//! process's peak memory reflects this test alone.)

use hellotracks::Client;
use scenarios::fault_server::{Fault, FaultServer};

/// The process's peak resident memory in KiB (Linux), if known.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|line| line.strip_prefix("VmHWM:")).and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

#[tokio::test]
async fn a_50_mb_report_is_streamed_to_a_file_with_flat_memory() {
    const CHUNK: usize = 64 * 1024;
    const CHUNKS: usize = 800; // 50 MiB
    let server = FaultServer::start(vec![Fault::Chunked { chunks: CHUNKS, chunk_size: CHUNK, content_type: "text/csv" }]).await;
    let client = Client::builder().api_key("key").base_url(server.uri()).build().unwrap();
    let path = std::env::temp_dir().join(format!("hellotracks-report-{}.csv", std::process::id()));
    let before = peak_rss_kib();

    let report = client.reports().create("jobs").send().await.expect("the report starts");
    let mut file = tokio::fs::File::create(&path).await.unwrap();
    let written = report.write_to(&mut file).await.expect("streamed");

    assert_eq!(written, (CHUNK * CHUNKS) as u64);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), written);
    std::fs::remove_file(&path).unwrap();
    if let (Some(before), Some(after)) = (before, peak_rss_kib()) {
        let growth_mib = (after.saturating_sub(before)) / 1024;
        assert!(growth_mib < 20, "peak memory grew by {growth_mib} MiB while streaming 50 MiB");
    }
    assert_eq!(server.requests(), 1);
}
