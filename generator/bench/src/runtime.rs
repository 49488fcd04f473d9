//! Runtime overhead: the same requests through the generated HyperTrack client and by hand with
//! `reqwest` and `serde_json`, against the local server; throughput ratio.

use crate::{median, server};
use apigen_runtime::reqwest;
use hypertrack::models::User;
use std::time::Instant;

/// The runtime section of the report.
pub fn run(quick: bool) -> Result<String, String> {
    let addr = server::start()?;
    let base = format!("http://{addr}");
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|error| error.to_string())?;
    let (requests, rounds) = if quick { (2_000, 3) } else { (10_000, 15) };
    runtime.block_on(async {
        let generated = hypertrack::Client::builder().secret_key("sk_bench").base_url(base.clone()).build().map_err(|error| error.to_string())?;
        let raw = reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)).build().map_err(|error| error.to_string())?;
        let clients = Clients { generated: &generated, raw: &raw, base: &base };
        let mut rows = String::new();
        let mut worst: f64 = f64::INFINITY;
        for in_flight in [1, IN_FLIGHT] {
            for case in [Case::Get, Case::Post] {
                // Warm both clients' connections and code paths, then alternate rounds so drift hits both.
                run_case(case, &clients, 500, in_flight, Side::Generated).await?;
                run_case(case, &clients, 500, in_flight, Side::Raw).await?;
                let (mut ours, mut theirs) = (Vec::new(), Vec::new());
                for _ in 0..rounds {
                    ours.push(run_case(case, &clients, requests, in_flight, Side::Generated).await?);
                    theirs.push(run_case(case, &clients, requests, in_flight, Side::Raw).await?);
                }
                let rate = |rounds: &[Round], pick: fn(&Round) -> f64| requests as f64 / median(rounds.iter().map(pick).collect());
                let (ours_wall, theirs_wall) = (rate(&ours, |round| round.wall), rate(&theirs, |round| round.wall));
                let (ours_cpu, theirs_cpu) = (rate(&ours, |round| round.cpu), rate(&theirs, |round| round.cpu));
                // Each ratio is the median over rounds of one round of each client, taken back to
                // back, so slow drift of the machine cancels out.
                let paired = |pick: fn(&Round) -> f64| median(ours.iter().zip(&theirs).map(|(ours, theirs)| pick(theirs) / pick(ours)).collect());
                let (wall_ratio, cpu_ratio) = (paired(|round| round.wall), paired(|round| round.cpu));
                worst = worst.min(wall_ratio).min(cpu_ratio);
                eprintln!(
                    "runtime: {}, {in_flight} in flight: generated {ours_wall:.0}/s, reqwest {theirs_wall:.0}/s, ratio {wall_ratio:.3}; per CPU second {ours_cpu:.0} / {theirs_cpu:.0}, ratio {cpu_ratio:.3}",
                    case.label()
                );
                rows.push_str(&format!(
                    "| {} | {in_flight} | {ours_wall:.0} | {theirs_wall:.0} | **{wall_ratio:.3}** | {:.1} µs | {:.1} µs | **{cpu_ratio:.3}** |\n",
                    case.label(),
                    1e6 / ours_cpu,
                    1e6 / theirs_cpu,
                ));
            }
        }
        Ok(format!(
            "## 3. Runtime overhead\n\nA keep-alive HTTP/1.1 server on 127.0.0.1 (its own thread) answers from canned bodies; the \
             client runs on a single-threaded Tokio runtime, {requests} requests per round, one at a time (latency-bound) or \
             {IN_FLIGHT} in flight (the client's thread saturated, so its own cost shows fully); rounds alternate between the \
             two clients, {rounds} rounds each. The generated client (`hypertrack`) builds the URL, adds auth and its \
             default headers and timeout, opens a tracing span, checks the status against the error table and decodes `User`; \
             the hand-written one sends the same request with `reqwest` and decodes with `serde_json::from_slice::<User>` \
             (same struct, same reqwest build).\n\n\
             Throughput is requests per second of wall-clock time; because the server shares the machine, the client's own \
             cost is also measured as CPU time of the client's thread per request (`/proc/thread-self/schedstat`), which \
             scheduling noise does not move.\n\n\
             | request | in flight | generated (req/s) | reqwest (req/s) | throughput ratio | generated CPU/req | reqwest CPU/req | CPU ratio |\n\
             |---|---:|---:|---:|---:|---:|---:|---:|\n{rows}\n\
             Rates are medians over rounds. Ratios are generated ÷ hand-written (in requests per second, and per CPU second), \
             each the median of the ratios of back-to-back rounds. Aim: 0.97 or better. \
             Lowest ratio: {worst:.3}.\n"
        ))
    })
}

/// Requests in flight at once in the saturated measurement.
const IN_FLIGHT: usize = 32;

#[derive(Debug, Clone, Copy)]
enum Case {
    /// `GET /users/{id}/` decoding a `User`.
    Get,
    /// `POST /users/` with a JSON body, decoding a `User`.
    Post,
}

impl Case {
    fn label(self) -> &'static str {
        match self {
            Case::Get => "GET with a typed JSON response",
            Case::Post => "POST with a JSON body",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Generated,
    Raw,
}

/// Seconds of time on the CPU this thread has had (`/proc/thread-self/schedstat`, nanoseconds).
fn thread_cpu_seconds() -> Result<f64, String> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").map_err(|error| format!("cannot read /proc/thread-self/schedstat: {error}"))?;
    let nanos: u64 = text.split_whitespace().next().and_then(|field| field.parse().ok()).ok_or("unexpected /proc/thread-self/schedstat")?;
    Ok(nanos as f64 / 1e9)
}

/// A round's wall-clock seconds and the client thread's CPU seconds.
#[derive(Debug, Clone, Copy)]
struct Round {
    wall: f64,
    cpu: f64,
}

/// Sends `requests` requests of `case` through one side, `in_flight` at a time.
async fn run_case(case: Case, clients: &Clients<'_>, requests: usize, in_flight: usize, side: Side) -> Result<Round, String> {
    use apigen_runtime::futures_util::{StreamExt, TryStreamExt};
    let cpu_before = thread_cpu_seconds()?;
    let started = Instant::now();
    apigen_runtime::futures_util::stream::iter(0..requests)
        .map(|index| one_request(case, clients, index, side))
        .buffer_unordered(in_flight)
        .try_for_each(|user| {
            std::hint::black_box(user);
            std::future::ready(Ok(()))
        })
        .await?;
    Ok(Round { wall: started.elapsed().as_secs_f64(), cpu: thread_cpu_seconds()? - cpu_before })
}

/// Both clients and where they send.
struct Clients<'a> {
    generated: &'a hypertrack::Client,
    raw: &'a reqwest::Client,
    base: &'a str,
}

async fn one_request(case: Case, clients: &Clients<'_>, index: usize, side: Side) -> Result<User, String> {
    let Clients { generated, raw, base } = clients;
    match (side, case) {
        (Side::Generated, Case::Get) => generated.users().get("a4d6c2b0").send().await.map_err(|error| error.to_string()),
        (Side::Generated, Case::Post) => generated.users().create().name(format!("Ann {index}")).lookup_id("driver-17").send().await.map_err(|error| error.to_string()),
        (Side::Raw, Case::Get) => decode(raw.get(format!("{base}/users/a4d6c2b0/")).header("authorization", "token sk_bench").send().await).await,
        (Side::Raw, Case::Post) => {
            let body = serde_json::json!({"name": format!("Ann {index}"), "lookup_id": "driver-17"});
            let bytes = serde_json::to_vec(&body).map_err(|error| error.to_string())?;
            let request = raw.post(format!("{base}/users/")).header("authorization", "token sk_bench").header("content-type", "application/json").body(bytes);
            decode(request.send().await).await
        }
    }
}

async fn decode(response: Result<reqwest::Response, reqwest::Error>) -> Result<User, String> {
    let response = response.map_err(|error| error.to_string())?;
    if !response.status().is_success() {
        return Err(format!("status {}", response.status()));
    }
    let bytes = response.bytes().await.map_err(|error| error.to_string())?;
    serde_json::from_slice(&bytes).map_err(|error| error.to_string())
}
