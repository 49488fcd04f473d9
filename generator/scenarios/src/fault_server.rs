//! A local HTTP/1.1 server on 127.0.0.1 that misbehaves on command, for fault-injection tests.
//!
//! Each request the server reads takes the next [`Fault`] from its script; when the script is
//! used up every further request gets a 500 saying so. The server counts requests and records
//! their method, path and headers.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// A normal response.
    Respond {
        /// Status code.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// Body, sent with a `Content-Length`.
        body: Vec<u8>,
    },
    /// Reads the request, then resets the connection without answering.
    ResetBeforeHeaders,
    /// Sends the status line and headers promising a body, part of the body, then resets.
    ResetAfterHeaders,
    /// Promises 1,000 bytes, sends 10, and closes the connection normally.
    TruncatedBody,
    /// Waits, then answers 200 with `{}`.
    SlowHeaders(Duration),
    /// Sends the headers at once, then one body byte per interval.
    SlowBody(Duration),
    /// A chunked body of `chunks` chunks of `chunk_size` bytes, with no `Content-Length`.
    Chunked {
        /// How many chunks.
        chunks: usize,
        /// Bytes per chunk.
        chunk_size: usize,
        /// The `Content-Type`.
        content_type: &'static str,
    },
}

impl Fault {
    /// A JSON response.
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Fault::Respond { status, headers: vec![("Content-Type".into(), "application/json".into())], body: body.to_string().into_bytes() }
    }

    /// A JSON response with extra headers.
    pub fn json_with(status: u16, headers: &[(&str, &str)], body: serde_json::Value) -> Self {
        let mut fault = Fault::json(status, body);
        if let Fault::Respond { headers: list, .. } = &mut fault {
            list.extend(headers.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())));
        }
        fault
    }

    /// A response with a raw body and content type.
    pub fn raw(status: u16, content_type: &str, body: &[u8]) -> Self {
        Fault::Respond { status, headers: vec![("Content-Type".into(), content_type.into())], body: body.to_vec() }
    }
}

/// One request as the server read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// Method.
    pub method: String,
    /// Path and query.
    pub target: String,
    /// Headers, names lowercase.
    pub headers: Vec<(String, String)>,
}

/// The server. Stops when dropped.
pub struct FaultServer {
    address: SocketAddr,
    script: Arc<Mutex<VecDeque<Fault>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultServer {
    /// Starts a server on 127.0.0.1 (or another loopback address, such as 127.0.0.2) that plays
    /// `script`.
    pub async fn start_on(ip: &str, script: Vec<Fault>) -> Self {
        let listener = TcpListener::bind((ip, 0)).await.expect("bind a loopback port");
        let address = listener.local_addr().expect("bound address");
        let script = Arc::new(Mutex::new(VecDeque::from(script)));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (task_script, task_seen) = (Arc::clone(&script), Arc::clone(&seen));
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, Arc::clone(&task_script), Arc::clone(&task_seen)));
            }
        });
        Self { address, script, seen, task }
    }

    /// Starts a server on 127.0.0.1.
    pub async fn start(script: Vec<Fault>) -> Self {
        Self::start_on("127.0.0.1", script).await
    }

    /// `http://127.0.0.1:<port>`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.address)
    }

    /// How many requests the server has read.
    pub fn requests(&self) -> usize {
        self.seen.lock().map_or(0, |seen| seen.len())
    }

    /// The requests the server has read.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().map(|seen| seen.clone()).unwrap_or_default()
    }

    /// Adds a fault at the end of the script (for scripts that need the server's own URI).
    pub fn push(&self, fault: Fault) {
        if let Ok(mut script) = self.script.lock() {
            script.push_back(fault);
        }
    }

    /// How many scripted faults are left.
    pub fn remaining(&self) -> usize {
        self.script.lock().map_or(0, |script| script.len())
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves requests on one connection until a fault closes it or the client does.
async fn serve(mut stream: TcpStream, script: Arc<Mutex<VecDeque<Fault>>>, seen: Arc<Mutex<Vec<Seen>>>) {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await else { return };
        if let Ok(mut seen) = seen.lock() {
            seen.push(request);
        }
        let fault = script.lock().ok().and_then(|mut script| script.pop_front()).unwrap_or_else(|| {
            Fault::json(500, serde_json::json!({"detail": "fault server: script used up"}))
        });
        if !play(&mut stream, fault).await {
            return;
        }
    }
}

/// Reads one request head and its body; `None` when the connection ends first.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Seen> {
    let head_end = loop {
        if let Some(position) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break position + 4;
        }
        let mut chunk = [0u8; 4096];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let (method, target) = (request_line.next()?.to_owned(), request_line.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers.iter().find(|(name, _)| name == "content-length").and_then(|(_, value)| value.parse().ok()).unwrap_or(0);
    while buffer.len() < head_end + length {
        let mut chunk = [0u8; 4096];
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    buffer.drain(..head_end + length);
    Some(Seen { method, target, headers })
}

fn head(status: u16, headers: &[(String, String)], content_length: Option<usize>) -> Vec<u8> {
    let mut text = format!("HTTP/1.1 {status} Status\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    match content_length {
        Some(length) => text.push_str(&format!("Content-Length: {length}\r\n")),
        None => text.push_str("Transfer-Encoding: chunked\r\n"),
    }
    text.push_str("\r\n");
    text.into_bytes()
}

/// Plays a fault; returns whether the connection stays usable.
async fn play(stream: &mut TcpStream, fault: Fault) -> bool {
    let json = vec![("Content-Type".to_owned(), "application/json".to_owned())];
    match fault {
        Fault::Respond { status, headers, body } => {
            let mut response = head(status, &headers, Some(body.len()));
            response.extend_from_slice(&body);
            stream.write_all(&response).await.is_ok()
        }
        Fault::ResetBeforeHeaders => {
            reset(stream);
            false
        }
        Fault::ResetAfterHeaders => {
            let mut response = head(200, &json, Some(1000));
            response.extend_from_slice(b"{\"id\": \"u");
            let _ = stream.write_all(&response).await;
            let _ = stream.flush().await;
            tokio::time::sleep(Duration::from_millis(20)).await;
            reset(stream);
            false
        }
        Fault::TruncatedBody => {
            let mut response = head(200, &json, Some(1000));
            response.extend_from_slice(b"{\"id\": \"u1");
            let _ = stream.write_all(&response).await;
            let _ = stream.shutdown().await;
            false
        }
        Fault::SlowHeaders(delay) => {
            tokio::time::sleep(delay).await;
            let mut response = head(200, &json, Some(2));
            response.extend_from_slice(b"{}");
            stream.write_all(&response).await.is_ok()
        }
        Fault::SlowBody(interval) => {
            let body = br#"{"id": "u1", "name": "slow"}"#;
            if stream.write_all(&head(200, &json, Some(body.len()))).await.is_err() {
                return false;
            }
            for byte in body {
                tokio::time::sleep(interval).await;
                if stream.write_all(&[*byte]).await.is_err() {
                    return false;
                }
            }
            true
        }
        Fault::Chunked { chunks, chunk_size, content_type } => {
            let headers = vec![("Content-Type".to_owned(), content_type.to_owned())];
            if stream.write_all(&head(200, &headers, None)).await.is_err() {
                return false;
            }
            let chunk = vec![b' '; chunk_size];
            for _ in 0..chunks {
                let mut frame = format!("{chunk_size:x}\r\n").into_bytes();
                frame.extend_from_slice(&chunk);
                frame.extend_from_slice(b"\r\n");
                if stream.write_all(&frame).await.is_err() {
                    return false;
                }
            }
            stream.write_all(b"0\r\n\r\n").await.is_ok()
        }
    }
}

/// Closes with a TCP reset rather than a normal close.
fn reset(stream: &TcpStream) {
    let _ = stream.set_zero_linger();
}

/// An HTTP-date (IMF-fixdate) for `time`, as a `Retry-After` value.
pub fn http_date(time: SystemTime) -> String {
    let seconds = time.duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs()) as i64;
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Civil from days (Howard Hinnant).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    let month_name = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][(month - 1) as usize];
    format!("{weekday}, {day:02} {month_name} {year} {:02}:{:02}:{:02} GMT", rest / 3600, rest / 60 % 60, rest % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_are_imf_fixdates() {
        assert_eq!(http_date(UNIX_EPOCH + Duration::from_secs(1_445_412_480)), "Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(http_date(UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
