//! Runtime overhead: the same requests through the generated HyperTrack client and by hand with
//! `reqwest` and `serde_json`, against the local server; throughput ratio.

use crate::{median, server};
use apigen_runtime::reqwest;
use hypertrack::models::User;
use std::time::Instant;

/// The runtime section of the report.
pub fn run(quick: bool) -> Result<String, String> {
    let (runtime, base) = start()?;
    let (requests, rounds) = if quick { (2_000, 4) } else { (4_000, 40) };
    runtime.block_on(async {
        let (generated, raw) = build_clients(&base)?;
        let clients = Clients { generated: &generated, raw: &raw, base: &base };
        let mut rows = String::new();
        let mut worst: f64 = f64::INFINITY;
        for in_flight in [1, IN_FLIGHT] {
            for case in [Case::Get, Case::Post] {
                // Warm both clients' connections and code paths, then alternate rounds so drift hits both.
                run_case(case, &clients, 500, in_flight, Side::Generated).await?;
                run_case(case, &clients, 500, in_flight, Side::Raw).await?;
                let (mut ours, mut theirs) = (Vec::new(), Vec::new());
                for round in 0..rounds {
                    // Which client goes first alternates, so neither always runs on a machine
                    // just warmed (or disturbed) by the other.
                    if round % 2 == 0 {
                        ours.push(run_case(case, &clients, requests, in_flight, Side::Generated).await?);
                        theirs.push(run_case(case, &clients, requests, in_flight, Side::Raw).await?);
                    } else {
                        theirs.push(run_case(case, &clients, requests, in_flight, Side::Raw).await?);
                        ours.push(run_case(case, &clients, requests, in_flight, Side::Generated).await?);
                    }
                }
                let rate = |rounds: &[Round], pick: fn(&Round) -> f64| requests as f64 / median(rounds.iter().map(pick).collect());
                let (ours_wall, theirs_wall) = (rate(&ours, |round| round.wall), rate(&theirs, |round| round.wall));
                let (ours_cpu, theirs_cpu) = (rate(&ours, |round| round.cpu), rate(&theirs, |round| round.cpu));
                // Each ratio is the median over rounds of one round of each client, taken back to
                // back, so slow drift of the machine cancels out; the quartiles show the spread.
                let paired = |pick: fn(&Round) -> f64| Spread::of(ours.iter().zip(&theirs).map(|(ours, theirs)| pick(theirs) / pick(ours)).collect());
                let (wall, cpu) = (paired(|round| round.wall), paired(|round| round.cpu));
                let (wall_ratio, cpu_ratio) = (wall.median, cpu.median);
                worst = worst.min(wall_ratio).min(cpu_ratio);
                eprintln!(
                    "runtime: {}, {in_flight} in flight: generated {ours_wall:.0}/s, reqwest {theirs_wall:.0}/s, ratio {wall_ratio:.3}; per CPU second {ours_cpu:.0} / {theirs_cpu:.0}, ratio {cpu_ratio:.3}",
                    case.label()
                );
                rows.push_str(&format!(
                    "| {} | {in_flight} | {ours_wall:.0} | {theirs_wall:.0} | **{wall_ratio:.3}** ({:.3}–{:.3}) | {:.1} µs | {:.1} µs | **{cpu_ratio:.3}** ({:.3}–{:.3}) |\n",
                    case.label(),
                    wall.lower,
                    wall.upper,
                    1e6 / ours_cpu,
                    1e6 / theirs_cpu,
                    cpu.lower,
                    cpu.upper,
                ));
            }
        }
        let instructions = instruction_table(quick)?;
        Ok(format!(
            "## 3. Runtime overhead\n\nA keep-alive HTTP/1.1 server on 127.0.0.1 (its own thread) answers from canned bodies; the \
             client runs on a single-threaded Tokio runtime, {requests} requests per round, one at a time (latency-bound) or \
             {IN_FLIGHT} in flight (the client's thread saturated, so its own cost shows fully); rounds alternate between the \
             two clients, {rounds} rounds each, the first of each pair alternating. The generated client (`hypertrack`) builds the URL, adds auth and its \
             default headers and timeout, opens a tracing span, checks the status against the error table and decodes `User`; \
             the hand-written one sends the same request with `reqwest` and decodes with `serde_json::from_slice::<User>` \
             (same struct, same reqwest build).\n\n\
             Throughput is requests per second of wall-clock time; because the server shares the machine, the client's own \
             cost is also measured as CPU time of the client's thread per request (`/proc/thread-self/schedstat`), which \
             scheduling noise does not move.\n\n\
             | request | in flight | generated (req/s) | reqwest (req/s) | throughput ratio | generated CPU/req | reqwest CPU/req | CPU ratio |\n\
             |---|---:|---:|---:|---:|---:|---:|---:|\n{rows}\n\
             Rates are medians over rounds. Ratios are generated ÷ hand-written (in requests per second, and per CPU second), \
             each the median of the ratios of back-to-back rounds, with the lower and upper quartiles of those ratios in \
             brackets. Aim: 0.97 or better. \
             Lowest ratio: {worst:.3}.\n\n{instructions}"
        ))
    })
}

/// `bench runtime-side SIDE CASE N`: `N` requests through one side only, `IN_FLIGHT` at a time,
/// so a profiler sees that side alone.
pub fn one_side(side: &str, case: &str, requests: &str) -> Result<(), String> {
    let side = Side::ALL.into_iter().find(|known| known.arg() == side).ok_or_else(|| format!("unknown side `{side}`: expected `generated` or `raw`"))?;
    let case = Case::ALL.into_iter().find(|known| known.arg() == case).ok_or_else(|| format!("unknown request `{case}`: expected `get` or `post`"))?;
    let requests: usize = requests.parse().map_err(|_| format!("`{requests}` is not a number of requests"))?;
    let (runtime, base) = start()?;
    runtime.block_on(async {
        let (generated, raw) = build_clients(&base)?;
        let clients = Clients { generated: &generated, raw: &raw, base: &base };
        let round = run_case(case, &clients, requests, IN_FLIGHT, side).await?;
        eprintln!("{requests} requests in {:.3} s, client thread CPU {:.3} s", round.wall, round.cpu);
        Ok(())
    })
}

/// Instructions the client's thread executes per request, counted by callgrind, for each side
/// and request at 32 in flight: the same comparison without the machine's noise, which on a
/// shared virtual machine is larger than the differences measured. Skipped (with a note) when
/// valgrind is not installed.
fn instruction_table(quick: bool) -> Result<String, String> {
    let (small, large) = if quick { (200, 600) } else { (1_000, 3_000) };
    let mut rows = String::new();
    for case in Case::ALL {
        let mut counts = Vec::new();
        for side in Side::ALL {
            let (Some(few), Some(many)) = (client_instructions(side, case, small)?, client_instructions(side, case, large)?) else {
                return Ok("Instruction counts: skipped, `valgrind` is not installed.\n".to_owned());
            };
            // The difference between two run lengths cancels start-up and connection set-up.
            counts.push(many.saturating_sub(few) as f64 / (large - small) as f64);
        }
        let ratio = counts[1] / counts[0];
        eprintln!("runtime: {}: client instructions per request: generated {:.0}, reqwest {:.0}, ratio {ratio:.3}", case.arg(), counts[0], counts[1]);
        rows.push_str(&format!("| {} | {:.0} | {:.0} | **{ratio:.3}** |\n", case.label(), counts[0], counts[1]));
    }
    Ok(format!(
        "Instructions executed by the client's thread per request ({IN_FLIGHT} in flight), counted by `valgrind \
         --tool=callgrind --separate-threads=yes` over runs of {small} and {large} requests of one client alone (the \
         difference, so start-up cancels out). Unlike time, this count does not move with the machine's load. Ratio: \
         hand-written ÷ generated.\n\n\
         | request | generated (instructions) | reqwest (instructions) | ratio |\n|---|---:|---:|---:|\n{rows}"
    ))
}

/// Instructions of the client's thread for `requests` requests of one side, or `None` without
/// valgrind.
fn client_instructions(side: Side, case: Case, requests: usize) -> Result<Option<u64>, String> {
    let (side, case) = (side.arg(), case.arg());
    let dir = std::env::temp_dir().join(format!("apigen-bench-callgrind-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let out = dir.join(format!("{side}-{case}-{requests}"));
    let exe = std::env::current_exe().map_err(|error| error.to_string())?;
    let result = std::process::Command::new("valgrind")
        .args(["--tool=callgrind", "--separate-threads=yes"])
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(&exe)
        .args(["runtime-side", side, case, &requests.to_string()])
        .output();
    let output = match result {
        Ok(output) => output,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(format!("cannot run valgrind: {error}")),
    };
    if !output.status.success() {
        return Err(format!("valgrind {side} {case} failed: {}", String::from_utf8_lossy(&output.stderr)));
    }
    // With --separate-threads, `-01` is the main thread, where the client's runtime runs.
    let main_thread = dir.join(format!("{side}-{case}-{requests}-01"));
    let text = std::fs::read_to_string(&main_thread).map_err(|error| format!("cannot read {}: {error}", main_thread.display()))?;
    let _ = std::fs::remove_dir_all(&dir);
    let total = text
        .lines()
        .find_map(|line| line.strip_prefix("totals:").or_else(|| line.strip_prefix("summary:")))
        .and_then(|value| value.trim().parse().ok())
        .ok_or_else(|| format!("no instruction total in {}", main_thread.display()))?;
    Ok(Some(total))
}

/// The median and quartiles of some ratios.
struct Spread {
    lower: f64,
    median: f64,
    upper: f64,
}

impl Spread {
    fn of(mut samples: Vec<f64>) -> Self {
        samples.sort_by(f64::total_cmp);
        let at = |fraction: f64| samples.get((samples.len().saturating_sub(1) as f64 * fraction).round() as usize).copied().unwrap_or(f64::NAN);
        Self { lower: at(0.25), median: median(samples.clone()), upper: at(0.75) }
    }
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
    const ALL: [Case; 2] = [Case::Get, Case::Post];

    /// Its name on the `runtime-side` command line.
    fn arg(self) -> &'static str {
        match self {
            Case::Get => "get",
            Case::Post => "post",
        }
    }

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

impl Side {
    const ALL: [Side; 2] = [Side::Generated, Side::Raw];

    /// Its name on the `runtime-side` command line.
    fn arg(self) -> &'static str {
        match self {
            Side::Generated => "generated",
            Side::Raw => "raw",
        }
    }
}

/// Starts the local server and a single-threaded Tokio runtime for the client; returns the
/// runtime and the server's base URL.
fn start() -> Result<(tokio::runtime::Runtime, String), String> {
    let addr = server::start()?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|error| error.to_string())?;
    Ok((runtime, format!("http://{addr}")))
}

/// The generated client and the hand-written one's `reqwest::Client`, both for `base` and with
/// the same 30 s timeout (a client without a timeout is not the same request).
fn build_clients(base: &str) -> Result<(hypertrack::Client, reqwest::Client), String> {
    let generated = hypertrack::Client::builder().secret_key("sk_bench").base_url(base).build().map_err(|error| error.to_string())?;
    let raw = reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)).build().map_err(|error| error.to_string())?;
    Ok((generated, raw))
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
