//! Runtime overhead: the same requests through a generated client and by hand with `reqwest`,
//! `serde` and `serde_json`, against the local server; throughput ratio. HyperTrack's client
//! gets and creates users and streams a list page by page; Trackier's gets an advertiser out of
//! its `{success, data}` envelope.

use crate::{median, server};
use apigen_runtime::reqwest;
use hypertrack::models::User;
use serde::Deserialize;
use std::time::Instant;

/// The runtime section of the report.
pub fn run(quick: bool) -> Result<String, String> {
    let (runtime, base) = start()?;
    let (requests, rounds) = if quick { (2_000, 4) } else { (4_000, 40) };
    runtime.block_on(async {
        let clients = Clients::new(&base)?;
        let clients = &clients;
        let mut rows = String::new();
        let mut worst: f64 = f64::INFINITY;
        for in_flight in [1, IN_FLIGHT] {
            // A stream reads its pages one after another.
            for case in Case::ALL.into_iter().filter(|case| in_flight == 1 || *case != Case::Stream) {
                // Warm both clients' connections and code paths, then alternate rounds so drift hits both.
                run_case(case, clients, 500, in_flight, Side::Generated).await?;
                run_case(case, clients, 500, in_flight, Side::Raw).await?;
                let (mut ours, mut theirs) = (Vec::new(), Vec::new());
                for round in 0..rounds {
                    // Which client goes first alternates, so neither always runs on a machine
                    // just warmed (or disturbed) by the other.
                    if round % 2 == 0 {
                        ours.push(run_case(case, clients, requests, in_flight, Side::Generated).await?);
                        theirs.push(run_case(case, clients, requests, in_flight, Side::Raw).await?);
                    } else {
                        theirs.push(run_case(case, clients, requests, in_flight, Side::Raw).await?);
                        ours.push(run_case(case, clients, requests, in_flight, Side::Generated).await?);
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
             (same struct, same reqwest build). The stream reads {STREAM_ITEMS} users in pages of {PAGE_SIZE} \
             (`client.users().list().page_size({PAGE_SIZE}).stream()`, next links in the body) against a hand-written loop \
             that decodes each page into a struct of its items and next link and follows the link; a request there is one \
             page. The envelope request is Trackier's `client.advertisers().get(id)` (built with only its `advertisers` \
             feature), which checks `success` and takes the payload out of `data`, against a hand-written \
             `#[derive(Deserialize)]` envelope struct doing the same.\n\n\
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
    let case = Case::ALL.into_iter().find(|known| known.arg() == case).ok_or_else(|| format!("unknown request `{case}`: expected `get`, `post`, `envelope` or `stream`"))?;
    let requests: usize = requests.parse().map_err(|_| format!("`{requests}` is not a number of requests"))?;
    let (runtime, base) = start()?;
    runtime.block_on(async {
        let clients = Clients::new(&base)?;
        let in_flight = if case == Case::Stream { 1 } else { IN_FLIGHT };
        let round = run_case(case, &clients, requests, in_flight, side).await?;
        eprintln!("{requests} requests in {:.3} s, client thread CPU {:.3} s", round.wall, round.cpu);
        Ok(())
    })
}

/// Instructions the client's thread executes per request, counted by callgrind, for each side
/// and request at 32 in flight (the stream's pages one at a time): the same comparison without
/// the machine's noise, which on a
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
        "Instructions executed by the client's thread per request ({IN_FLIGHT} in flight; the stream's pages one at a time), counted by `valgrind \
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

/// Users in one stream, and per page.
const STREAM_ITEMS: usize = 10_000;
const PAGE_SIZE: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// `GET /users/{id}/` decoding a `User`.
    Get,
    /// `POST /users/` with a JSON body, decoding a `User`.
    Post,
    /// Trackier's `GET /advertiser/{id}`, its payload in a `{success, data}` envelope.
    Envelope,
    /// `GET /users/` page after page, following next links: `STREAM_ITEMS` users.
    Stream,
}

impl Case {
    const ALL: [Case; 4] = [Case::Get, Case::Post, Case::Envelope, Case::Stream];

    /// Its name on the `runtime-side` command line.
    fn arg(self) -> &'static str {
        match self {
            Case::Get => "get",
            Case::Post => "post",
            Case::Envelope => "envelope",
            Case::Stream => "stream",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Case::Get => "GET with a typed JSON response",
            Case::Post => "POST with a JSON body",
            Case::Envelope => "GET with an envelope (Trackier)",
            Case::Stream => "paginated stream, 10,000 items",
        }
    }

    /// HTTP requests per call of [`one_request`].
    fn requests_per_call(self) -> usize {
        if self == Case::Stream { STREAM_ITEMS / PAGE_SIZE } else { 1 }
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

/// The generated clients and the hand-written side's `reqwest::Client`, all for the local server
/// and with the same 30 s timeout (a client without a timeout is not the same request).
struct Clients {
    generated: hypertrack::Client,
    /// Pointed at the server's list of `STREAM_ITEMS` users.
    streaming: hypertrack::Client,
    enveloped: trackier::Client,
    raw: reqwest::Client,
    base: String,
}

impl Clients {
    fn new(base: &str) -> Result<Self, String> {
        let hypertrack = |base: String| hypertrack::Client::builder().secret_key("sk_bench").base_url(base).build().map_err(|error| error.to_string());
        Ok(Self {
            generated: hypertrack(base.to_owned())?,
            streaming: hypertrack(format!("{base}/t{STREAM_ITEMS}"))?,
            enveloped: trackier::Client::builder().api_key("key_bench").base_url(base).build().map_err(|error| error.to_string())?,
            raw: reqwest::Client::builder().timeout(std::time::Duration::from_secs(30)).build().map_err(|error| error.to_string())?,
            base: base.to_owned(),
        })
    }
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

/// Sends `requests` HTTP requests of `case` through one side, `in_flight` calls at a time.
async fn run_case(case: Case, clients: &Clients, requests: usize, in_flight: usize, side: Side) -> Result<Round, String> {
    use apigen_runtime::futures_util::{StreamExt, TryStreamExt};
    let cpu_before = thread_cpu_seconds()?;
    let started = Instant::now();
    apigen_runtime::futures_util::stream::iter(0..requests.div_ceil(case.requests_per_call()))
        .map(|index| one_request(case, clients, index, side))
        .buffer_unordered(in_flight)
        .try_for_each(|()| std::future::ready(Ok(())))
        .await?;
    Ok(Round { wall: started.elapsed().as_secs_f64(), cpu: thread_cpu_seconds()? - cpu_before })
}

/// One call of `case` (a whole stream for [`Case::Stream`]); what it decodes goes to `black_box`.
async fn one_request(case: Case, clients: &Clients, index: usize, side: Side) -> Result<(), String> {
    let Clients { generated, streaming, enveloped, raw, base } = clients;
    match (side, case) {
        (Side::Generated, Case::Get) => black_box(generated.users().get("a4d6c2b0").send().await.map_err(|error| error.to_string())?),
        (Side::Generated, Case::Post) => black_box(generated.users().create().name(format!("Ann {index}")).lookup_id("driver-17").send().await.map_err(|error| error.to_string())?),
        (Side::Generated, Case::Envelope) => black_box(enveloped.advertisers().get(ADVERTISER).send().await.map_err(|error| error.to_string())?),
        (Side::Generated, Case::Stream) => expect_streamed(stream_users(streaming).await.map_err(|error| error.to_string())?),
        (Side::Raw, Case::Get) => black_box(decode::<User>(raw.get(format!("{base}/users/a4d6c2b0/")).header("authorization", "token sk_bench")).await?),
        (Side::Raw, Case::Post) => {
            let body = serde_json::json!({"name": format!("Ann {index}"), "lookup_id": "driver-17"});
            let bytes = serde_json::to_vec(&body).map_err(|error| error.to_string())?;
            let request = raw.post(format!("{base}/users/")).header("authorization", "token sk_bench").header("content-type", "application/json").body(bytes);
            black_box(decode::<User>(request).await?)
        }
        (Side::Raw, Case::Envelope) => {
            /// Trackier's envelope, as its users write it by hand.
            #[derive(Deserialize)]
            struct Envelope<T> {
                success: Option<bool>,
                data: T,
            }
            let envelope = decode::<Envelope<trackier::models::AdvertiserResult>>(raw.get(format!("{base}/advertiser/{ADVERTISER}")).header("x-api-key", "key_bench")).await?;
            if envelope.success == Some(false) {
                return Err("success: false".to_owned());
            }
            black_box(envelope.data)
        }
        (Side::Raw, Case::Stream) => {
            /// A page of users, as a hand-written client reads it.
            #[derive(Deserialize)]
            struct UserPage {
                results: Vec<User>,
                next: Option<String>,
            }
            let mut url = format!("{base}/t{STREAM_ITEMS}/users/?page_size={PAGE_SIZE}");
            let mut received = 0;
            loop {
                let page = decode::<UserPage>(raw.get(&url).header("authorization", "token sk_bench")).await?;
                for user in page.results {
                    std::hint::black_box(user);
                    received += 1;
                }
                match page.next {
                    Some(next) => url = next,
                    None => break,
                }
            }
            expect_streamed(received)
        }
    }
}

/// Streams every user of the list, as an application would, and counts them.
async fn stream_users(client: &hypertrack::Client) -> Result<usize, hypertrack::Error> {
    use apigen_runtime::futures_util::TryStreamExt;
    let mut users = std::pin::pin!(client.users().list().page_size(PAGE_SIZE as i64).stream());
    let mut received = 0;
    while let Some(user) = users.try_next().await? {
        std::hint::black_box(user);
        received += 1;
    }
    Ok(received)
}

/// The advertiser the envelope request asks for.
const ADVERTISER: &str = "5a1b2c3d4e5f60718293a4d7";

fn black_box<T>(value: T) -> Result<(), String> {
    std::hint::black_box(value);
    Ok(())
}

fn expect_streamed(received: usize) -> Result<(), String> {
    if received == STREAM_ITEMS { Ok(()) } else { Err(format!("streamed {received} users, expected {STREAM_ITEMS}")) }
}

/// Sends `request` and decodes its JSON body into `T`, as hand-written code does.
async fn decode<T: serde::de::DeserializeOwned>(request: reqwest::RequestBuilder) -> Result<T, String> {
    let response = request.send().await.map_err(|error| error.to_string())?;
    if !response.status().is_success() {
        return Err(format!("status {}", response.status()));
    }
    let bytes = response.bytes().await.map_err(|error| error.to_string())?;
    serde_json::from_slice(&bytes).map_err(|error| error.to_string())
}
