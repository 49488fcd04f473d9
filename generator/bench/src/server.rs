//! A minimal keep-alive HTTP/1.1 server on 127.0.0.1, on its own thread, answering the
//! HyperTrack user endpoints and Trackier's advertiser from canned bodies, so a benchmark measures the client, not the
//! server. Paths may start with `/t<N>`: a list under it has N users in pages of `page_size`.

use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The user every `GET /users/{id}/` and `POST /users/` answers with.
pub const USER: &str = r#"{"id":"a4d6c2b0-7e1f-4c3a-9d2e-5b8f1a0c6e21","name":"Ann Driver","phone":"+15551234567","photo":"https://example.com/ann.png","group_id":null,"lookup_id":"driver-17","availability_status":"online","location_status":"location_available","is_connected":true,"vehicle_type":"car","pending_actions":["0b5c0a4e-2d57-4f2e-9a0c-7f1d1e9b7a11"],"last_location":{"geojson":{"type":"Point","coordinates":[-122.4194,37.7749]},"accuracy":12.5,"speed":8.3,"bearing":90,"altitude":15.2,"activity":"drive","recorded_at":"2024-05-01T12:00:00Z"},"last_heartbeat_at":"2024-05-01T12:00:05Z","last_online_at":"2024-05-01T12:00:05Z","last_battery":87,"display":{"activity_text":"Driving","status_text":"On the way","sub_status_text":"2 actions pending"},"created_at":"2024-04-01T09:00:00Z","modified_at":"2024-05-01T12:00:05Z"}"#;

/// Trackier's answer to every `GET /advertiser/{id}`, in its envelope.
pub const ADVERTISER: &str = r#"{"success":true,"data":{"advertiser":{"_id":"5a1b2c3d4e5f60718293a4d7","name":"Ann","email":"ann@example.com","display_id":17,"username":"ann","phone":"+15550100","country":"US","currency":"USD","type":"advertiser","live":true,"status":"active"}}}"#;

/// Starts the server; it runs until the process ends.
pub fn start() -> Result<SocketAddr, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|error| format!("cannot listen on 127.0.0.1: {error}"))?;
    listener.set_nonblocking(true).map_err(|error| error.to_string())?;
    let addr = listener.local_addr().map_err(|error| error.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|error| error.to_string())?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let Ok(listener) = TcpListener::from_std(listener) else { return };
            while let Ok((stream, _)) = listener.accept().await {
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve(stream, addr));
            }
        });
    });
    Ok(addr)
}

async fn serve(mut stream: TcpStream, addr: SocketAddr) {
    let mut buffer: Vec<u8> = Vec::with_capacity(16 * 1024);
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let header_end = loop {
            if let Some(at) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
                break at + 4;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(read) => buffer.extend_from_slice(&chunk[..read]),
            }
        };
        let head = String::from_utf8_lossy(&buffer[..header_end]).into_owned();
        let content_length = head
            .lines()
            .find_map(|line| line.split_once(':').filter(|(name, _)| name.eq_ignore_ascii_case("content-length")).map(|(_, value)| value.trim().parse::<usize>().unwrap_or(0)))
            .unwrap_or(0);
        while buffer.len() < header_end + content_length {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(read) => buffer.extend_from_slice(&chunk[..read]),
            }
        }
        let mut request_line = head.lines().next().unwrap_or_default().split(' ');
        let (method, target) = (request_line.next().unwrap_or_default(), request_line.next().unwrap_or_default());
        let (status, body) = respond(method, target, addr);
        let response = format!("HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len());
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
        buffer.drain(..header_end + content_length);
    }
}

fn respond(method: &str, target: &str, addr: SocketAddr) -> (&'static str, String) {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let (total, path) = match path.strip_prefix("/t").and_then(|rest| rest.split_once('/')) {
        Some((total, rest)) => (total.parse::<u64>().unwrap_or(0), format!("/{rest}")),
        None => (0, path.to_owned()),
    };
    match (method, path.as_str()) {
        ("GET", "/users/") => ("200 OK", page(addr, total, query)),
        ("POST", "/users/") => ("201 Created", USER.to_owned()),
        ("GET", user) if user.starts_with("/users/") => ("200 OK", USER.to_owned()),
        ("GET", advertiser) if advertiser.starts_with("/advertiser/") => ("200 OK", ADVERTISER.to_owned()),
        _ => ("404 Not Found", r#"{"detail":"not found"}"#.to_owned()),
    }
}

/// One page of small users, numbered from the `cursor` query parameter, with the next link.
fn page(addr: SocketAddr, total: u64, query: &str) -> String {
    let param = |name: &str| query.split('&').find_map(|pair| pair.strip_prefix(name).and_then(|rest| rest.strip_prefix('='))).and_then(|value| value.parse::<u64>().ok());
    let size = param("page_size").unwrap_or(100).max(1);
    let first = param("cursor").unwrap_or(0);
    let last = (first + size).min(total);
    let mut body = String::with_capacity(64 * size as usize);
    body.push_str(&format!("{{\"count\":{total},\"results\":["));
    for number in first..last {
        if number > first {
            body.push(',');
        }
        body.push_str(&format!("{{\"id\":\"user-{number}\",\"name\":\"User {number}\",\"is_connected\":true}}"));
    }
    body.push_str("],\"next\":");
    if last < total {
        body.push_str(&format!("\"http://{addr}/t{total}/users/?page_size={size}&cursor={last}\"}}"));
    } else {
        body.push_str("null}");
    }
    body
}
