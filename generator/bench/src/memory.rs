//! Streaming memory: peak resident memory of a process that streams N paginated items through
//! the generated client, for N = 10,000 and 1,000,000 (pages of 100). The server runs in this
//! process; each measured client runs in a child process of this binary, which reports its own
//! peak (`VmHWM`) when done.

use crate::server;
use std::process::Command;

/// The hidden command the child runs.
pub const CHILD_COMMAND: &str = "__stream-child";

/// The memory section of the report.
pub fn run(quick: bool) -> Result<String, String> {
    let addr = server::start()?;
    let sizes: [u64; 2] = if quick { [10_000, 100_000] } else { [10_000, 1_000_000] };
    let mut peaks = Vec::new();
    for items in sizes {
        let output = Command::new(std::env::current_exe().map_err(|error| error.to_string())?)
            .args([CHILD_COMMAND, &format!("http://{addr}/t{items}"), &items.to_string()])
            .output()
            .map_err(|error| format!("cannot start the streaming child: {error}"))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            return Err(format!("the streaming child failed: {}{stdout}", String::from_utf8_lossy(&output.stderr)));
        }
        let (peak_kib, seconds) = stdout
            .split_once(' ')
            .and_then(|(peak, seconds)| Some((peak.trim().parse::<u64>().ok()?, seconds.trim().parse::<f64>().ok()?)))
            .ok_or_else(|| format!("unexpected child output `{stdout}`"))?;
        eprintln!("memory: {items} items: peak {peak_kib} KiB in {seconds:.1} s");
        peaks.push((items, peak_kib, seconds));
    }
    let rows: String = peaks
        .iter()
        .map(|(items, peak, seconds)| format!("| {items} | {} | {:.2} MiB | {seconds:.1} s |\n", items / 100, *peak as f64 / 1024.0))
        .collect();
    let ratio = peaks[1].1 as f64 / peaks[0].1 as f64;
    Ok(format!(
        "## 4. Streaming memory\n\n`client.users().list().page_size(100).stream()` (HyperTrack next-link pages) read to the end \
         in a child process; its peak resident set (`VmHWM`) includes the binary, the Tokio runtime and the HTTP client.\n\n\
         | items | pages | peak memory | time |\n|---:|---:|---:|---:|\n{rows}\nPeak at {} items / peak at {} items: **{ratio:.3}**. Aim: flat (1.0).\n",
        peaks[1].0, peaks[0].0
    ))
}

/// Streams `items` users from `base_url` and prints the peak resident set in KiB and the seconds taken.
pub fn child(base_url: &str, items: &str) -> Result<(), String> {
    use apigen_runtime::futures_util::TryStreamExt;
    let expected: u64 = items.parse().map_err(|_| format!("`{items}` is not a count"))?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|error| error.to_string())?;
    let started = std::time::Instant::now();
    let received = runtime.block_on(async {
        let client = hypertrack::Client::builder().secret_key("sk_bench").base_url(base_url).build().map_err(|error| error.to_string())?;
        let mut users = std::pin::pin!(client.users().list().page_size(100).stream());
        let mut received = 0u64;
        while let Some(user) = users.try_next().await.map_err(|error| error.to_string())? {
            std::hint::black_box(user);
            received += 1;
        }
        Ok::<_, String>(received)
    })?;
    if received != expected {
        return Err(format!("streamed {received} items, expected {expected}"));
    }
    let status = std::fs::read_to_string("/proc/self/status").map_err(|error| format!("cannot read /proc/self/status: {error}"))?;
    let peak = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .ok_or("no VmHWM in /proc/self/status")?;
    println!("{peak} {}", started.elapsed().as_secs_f64());
    Ok(())
}
