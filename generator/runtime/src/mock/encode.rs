//! What a provider would send, from its description alone, without I/O: a payload wrapped in the
//! endpoint's envelope, an error of a given kind encoded as the endpoint's error table reads it,
//! a page of a list in the endpoint's pagination style, a session expiry, and an example turned
//! into a last page.

use crate::describe::{Endpoint, JsonLiteral, JsonPath, PageParam, Pagination, SessionConfig, StatusMatch};
use serde_json::{Map, Value};
use std::borrow::Cow;

/// The query parameter of the mock's own next links (`NextLink`, `LinkHeader` styles): the
/// offset of the page's first item.
pub(crate) const OFFSET_PARAM: &str = "apigen_mock_offset";

/// Items per page when neither the request nor the stub chooses a page size.
pub const DEFAULT_PAGE_SIZE: usize = 10;

/// A response to send.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    /// A JSON body, if any.
    pub(crate) body: Option<Value>,
}

impl Reply {
    pub(crate) fn json(status: u16, body: Value) -> Self {
        Self { status, headers: Vec::new(), body: Some(body) }
    }
}

/// The body of a successful response carrying `payload`: wrapped in the endpoint's envelope
/// with its success flag set, or the payload itself.
pub(crate) fn success_body(endpoint: &Endpoint, payload: Value) -> Value {
    let Some(envelope) = endpoint.envelope else {
        return payload;
    };
    // `put` on the empty path makes the payload the body.
    let mut body = Value::Object(Map::new());
    envelope.data.put(&mut body, payload);
    if let Some(flag) = &envelope.success {
        flag.path.put(&mut body, flag.equals.to_value());
    }
    body
}

/// A successful reply: `payload` in the envelope, or `204 No Content` for an empty payload of
/// an endpoint without an envelope.
pub(crate) fn success(endpoint: &Endpoint, payload: Value) -> Reply {
    if payload.is_null() && endpoint.envelope.is_none() {
        return Reply { status: 204, headers: Vec::new(), body: None };
    }
    Reply::json(200, success_body(endpoint, payload))
}

/// An error body with `message` and, if given, `code`, where the endpoint's table reads them;
/// inside an envelope with a success flag, the flag says failure.
fn error_body(endpoint: &Endpoint, message: &str, code: Option<&str>) -> Value {
    let table = endpoint.errors;
    let mut body = Value::Object(Map::new());
    if let Some(flag) = endpoint.envelope.and_then(|envelope| envelope.success.as_ref()) {
        let failure = match flag.equals {
            JsonLiteral::Bool(success) => Value::Bool(!success),
            JsonLiteral::Int(success) => Value::from(success.wrapping_add(1)),
            JsonLiteral::Str(_) => Value::from("error"),
        };
        flag.path.put(&mut body, failure);
    }
    // Error tables read through lists (`errors.0.message`), so their paths are written that way.
    if let Some(path) = table.message.first() {
        path.put_through_lists(&mut body, Value::from(message));
    }
    if let (Some(code), Some(path)) = (code, table.code.first()) {
        // Providers that use numbers send numbers; the table lists them as text.
        let value = code.parse::<i64>().map_or_else(|_| Value::from(code), Value::from);
        path.put_through_lists(&mut body, value);
    }
    body
}

fn status_of(covers: StatusMatch) -> u16 {
    match covers {
        StatusMatch::Exact(status) => status,
        StatusMatch::Class(class) => class * 100,
    }
}

/// A failure the endpoint's error table classifies as `kind`, with `message`: by the kind's
/// application code where the table lists one (in an HTTP 200 body when the envelope has a
/// success flag, as such providers send them), else by its status, else by a status that means
/// the kind with `Retry-After`. `None` when the table does not list the kind.
pub(crate) fn error(endpoint: &Endpoint, kind: &str, message: &str) -> Option<Reply> {
    let table = endpoint.errors;
    let by_status = table.statuses.iter().find(|(_, listed)| *listed == kind).map(|(covers, _)| status_of(*covers));
    let by_code = table.codes.iter().find(|(_, listed)| *listed == kind).map(|(code, _)| *code).filter(|_| !table.code.is_empty());
    if let Some(code) = by_code {
        let flagged = endpoint.envelope.is_some_and(|envelope| envelope.success.is_some());
        let status = by_status.unwrap_or(if flagged { 200 } else { 400 });
        return Some(Reply::json(status, error_body(endpoint, message, Some(code))));
    }
    if let Some(status) = by_status {
        return Some(Reply::json(status, error_body(endpoint, message, None)));
    }
    let status = table.retry_after_statuses.iter().find(|(_, listed)| *listed == kind).map(|(covers, _)| status_of(*covers))?;
    let mut reply = Reply::json(status, error_body(endpoint, message, None));
    reply.headers.push(("Retry-After".to_owned(), "1".to_owned()));
    Some(reply)
}

/// `429 Too Many Requests` asking the client to wait `seconds`.
pub(crate) fn rate_limited(endpoint: &Endpoint, seconds: u64) -> Reply {
    let mut reply = Reply::json(429, error_body(endpoint, "too many requests (from the mock server)", None));
    reply.headers.push(("Retry-After".to_owned(), seconds.to_string()));
    reply
}

/// The answer that tells a client its session expired: the first of the session's expiry
/// statuses, or its first expiry code in an error body.
pub(crate) fn session_expired(endpoint: &Endpoint, session: &SessionConfig) -> Reply {
    let message = "the session expired (from the mock server)";
    match session.expired.first() {
        Some(&status) if (400..600).contains(&status) => Reply::json(status, error_body(endpoint, message, None)),
        Some(code) => {
            let flagged = endpoint.envelope.is_some_and(|envelope| envelope.success.is_some());
            Reply::json(if flagged { 200 } else { 400 }, error_body(endpoint, message, Some(&code.to_string())))
        }
        None => Reply::json(401, error_body(endpoint, message, None)),
    }
}

/// A 404 naming what the mock could not answer, in the endpoint's error encoding when there is
/// one.
pub(crate) fn unanswered(endpoint: Option<&Endpoint>, message: &str) -> Reply {
    match endpoint {
        Some(endpoint) => Reply::json(404, error_body(endpoint, message, None)),
        None => Reply::json(404, serde_json::json!({ "message": message })),
    }
}

/// What a request sends in its pagination parameters: query parameters, and the members of its
/// JSON body (inside its wrapper, if the endpoint has one).
pub(crate) struct Sent<'q> {
    query: &'q [(String, String)],
    members: Option<Map<String, Value>>,
}

impl<'q> Sent<'q> {
    /// What a request to `endpoint` with `query` and `body` sends.
    pub(crate) fn new(endpoint: &Endpoint, query: &'q [(String, String)], body: &[u8]) -> Self {
        // Only a list's requests are asked for their pagination parameters.
        let members = endpoint.pagination.and_then(|_| serde_json::from_slice::<Value>(body).ok()).and_then(|body| endpoint.request_members(&body).cloned());
        Self { query, members }
    }

    /// A request sending nothing.
    pub(crate) fn nothing() -> Self {
        Self { query: &[], members: None }
    }

    /// The query pairs sent.
    pub(crate) fn query(&self) -> &'q [(String, String)] {
        self.query
    }

    /// The text of `param`, if the request sends it (a body member that is null is not sent).
    fn text(&self, param: PageParam) -> Option<Cow<'_, str>> {
        match param {
            PageParam::Query(name) => query_value(self.query, name).map(Cow::Borrowed),
            PageParam::Body(name) => match self.members.as_ref()?.get(name)? {
                Value::Null => None,
                value => Some(Cow::Owned(text_of(value))),
            },
        }
    }

    /// `param` as a number, if the request sends one.
    fn number<T: std::str::FromStr>(&self, param: PageParam) -> Option<T> {
        self.text(param)?.parse().ok()
    }
}

/// The query value of `name`, if the request has one.
fn query_value<'q>(query: &'q [(String, String)], name: &str) -> Option<&'q str> {
    query.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
}

/// The text of a JSON scalar as a query parameter carries it.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Where, in the list, the page a request asks for starts, in `style`.
fn page_start(style: &Pagination, items: &[Value], sent: &Sent<'_>, size: usize) -> usize {
    match *style {
        Pagination::NextLink { .. } | Pagination::LinkHeader { .. } => query_value(sent.query, OFFSET_PARAM).and_then(|value| value.parse().ok()).unwrap_or(0),
        Pagination::CursorHeader { param, .. } | Pagination::CursorBody { param, .. } => sent.number(param).unwrap_or(0),
        Pagination::LastItem { param, id, .. } => match sent.text(param) {
            Some(last) => items.iter().position(|item| id.get(item).is_some_and(|value| text_of(value) == last)).map_or(items.len(), |index| index + 1),
            None => 0,
        },
        Pagination::PageNumber { param, first, .. } => {
            let page = sent.number::<u64>(param).unwrap_or(first);
            usize::try_from(page.saturating_sub(first)).unwrap_or(usize::MAX).saturating_mul(size)
        }
        Pagination::OffsetLimit { offset_param, .. } => sent.number(offset_param).unwrap_or(0),
    }
}

/// The page size a request asks for, else `default`.
fn page_size(endpoint: &Endpoint, style: &Pagination, sent: &Sent<'_>, default: usize) -> usize {
    let param = match *style {
        Pagination::OffsetLimit { limit_param, .. } => Some(limit_param),
        Pagination::PageNumber { size_param, .. } => size_param,
        _ => None,
    };
    let asked = endpoint.page_size.map(|size| size.param).into_iter().chain(param).find_map(|param| sent.number::<usize>(param));
    asked.unwrap_or(default).max(1)
}

/// The page of `items` a request sending `sent` asks for, in the endpoint's style: its payload
/// (items, totals, the next cursor or link) and headers (a cursor or `Link` header).
/// `next_url(offset)` is the mock's URL of the page starting at `offset`.
pub(crate) fn page(endpoint: &Endpoint, style: &Pagination, items: &[Value], sent: &Sent<'_>, default_size: usize, next_url: impl Fn(usize) -> String) -> Reply {
    let size = page_size(endpoint, style, sent, default_size);
    let start = page_start(style, items, sent, size).min(items.len());
    let end = start.saturating_add(size).min(items.len());
    let more = end < items.len();
    let mut payload = Value::Object(Map::new());
    style.items().put(&mut payload, Value::Array(items[start..end].to_vec()));
    if let Some(total) = style.total() {
        total.put(&mut payload, Value::from(items.len()));
    }
    if let Some(total_pages) = style.total_pages() {
        total_pages.put(&mut payload, Value::from(items.len().div_ceil(size).max(1)));
    }
    let mut headers = Vec::new();
    match *style {
        Pagination::NextLink { next, .. } => next.put(&mut payload, if more { Value::from(next_url(end)) } else { Value::Null }),
        Pagination::LinkHeader { .. } if more => headers.push(("Link".to_owned(), format!("<{}>; rel=\"next\"", next_url(end)))),
        Pagination::CursorHeader { header, .. } if more => headers.push((header.to_owned(), end.to_string())),
        Pagination::CursorBody { cursor, .. } => cursor.put(&mut payload, if more { Value::from(end.to_string()) } else { Value::Null }),
        Pagination::LastItem { has_more, .. } => has_more.put(&mut payload, Value::Bool(more)),
        _ => {}
    }
    Reply { status: 200, headers, body: Some(success_body(endpoint, payload)) }
}

/// Whether a request asks for the first page of a list in `style` (no cursor, offset 0, the
/// first page number).
pub(crate) fn is_first_page(style: &Pagination, sent: &Sent<'_>) -> bool {
    match *style {
        Pagination::NextLink { .. } | Pagination::LinkHeader { .. } => query_value(sent.query, OFFSET_PARAM).is_none(),
        Pagination::CursorHeader { param, .. } | Pagination::CursorBody { param, .. } | Pagination::LastItem { param, .. } => sent.text(param).is_none(),
        Pagination::PageNumber { param, first, .. } => sent.text(param).is_none_or(|page| page.parse::<u64>().ok() == Some(first)),
        Pagination::OffsetLimit { offset_param, .. } => sent.text(offset_param).is_none_or(|offset| offset.parse::<u64>().ok() == Some(0)),
    }
}

/// The payload inside `body`, where the endpoint's envelope has it.
fn payload_mut<'v>(endpoint: &Endpoint, body: &'v mut Value) -> Option<&'v mut Value> {
    endpoint.envelope.map_or(JsonPath::ROOT, |envelope| envelope.data).get_mut(body)
}

/// An example's page made the last one: no next link, cursor or `has_more`, so a client that
/// walks the list stops after it rather than following a link to the real provider.
pub(crate) fn last_page(endpoint: &Endpoint, style: &Pagination, reply: &mut Reply) {
    match *style {
        Pagination::LinkHeader { .. } => reply.headers.retain(|(name, _)| !name.eq_ignore_ascii_case("link")),
        Pagination::CursorHeader { header, .. } => reply.headers.retain(|(name, _)| !name.eq_ignore_ascii_case(header)),
        _ => {}
    }
    let Some(payload) = reply.body.as_mut().and_then(|body| payload_mut(endpoint, body)) else {
        return;
    };
    match *style {
        Pagination::NextLink { next, .. } if next.get(payload).is_some() => next.put(payload, Value::Null),
        Pagination::CursorBody { cursor, .. } if cursor.get(payload).is_some() => cursor.put(payload, Value::Null),
        Pagination::LastItem { has_more, .. } => has_more.put(payload, Value::Bool(false)),
        _ => {}
    }
}

/// A page past the end of an example: no items.
pub(crate) fn empty_page(endpoint: &Endpoint, style: &Pagination) -> Reply {
    page(endpoint, style, &[], &Sent::nothing(), DEFAULT_PAGE_SIZE, |_| String::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::{AuthScheme, Envelope, ErrorSchema, SuccessFlag};
    use reqwest::Method;
    use serde_json::json;

    static KEY: AuthScheme = AuthScheme { name: "session", placement: crate::describe::Placement::Header { name: "X-Token", prefix: "" }, alternative: None };
    static TABLE: ErrorSchema = ErrorSchema {
        name: "errors",
        message: &[JsonPath(&["error", "message"])],
        code: &[JsonPath(&["error", "code"])],
        field_errors: None,
        request_id_header: None,
        codes: &[("expired", "session_expired")],
        statuses: &[(StatusMatch::Exact(404), "not_found"), (StatusMatch::Class(5), "server_error")],
        retry_after_statuses: &[(StatusMatch::Exact(403), "secondary_rate_limit")],
    };
    static FLAGGED: Envelope = Envelope { data: JsonPath(&["result"]), success: Some(SuccessFlag { path: JsonPath(&["ok"]), equals: JsonLiteral::Bool(true), optional: false }), request: None };
    static PLAIN: Endpoint = Endpoint { method: Method::GET, path: "/x", auth: &[], errors: &TABLE, envelope: None, pagination: None, page_size: None, idempotent: true, starts_session: false, headers: &[] };
    static WRAPPED: Endpoint = Endpoint { method: Method::GET, path: "/x", auth: &[], errors: &TABLE, envelope: Some(&FLAGGED), pagination: None, page_size: None, idempotent: true, starts_session: false, headers: &[] };

    #[test]
    fn payloads_are_enveloped_with_the_success_flag_and_empty_ones_are_no_content() {
        assert_eq!(success(&WRAPPED, json!({"id": 1})).body, Some(json!({"ok": true, "result": {"id": 1}})));
        assert_eq!(success(&PLAIN, json!([1])).body, Some(json!([1])));
        assert_eq!(success(&PLAIN, Value::Null), Reply { status: 204, headers: Vec::new(), body: None });
    }

    #[test]
    fn errors_use_codes_then_statuses_then_retry_after_statuses_and_classify_back_to_their_kind() {
        for (endpoint, kind, status) in [(&WRAPPED, "session_expired", 200), (&PLAIN, "session_expired", 400), (&PLAIN, "not_found", 404), (&PLAIN, "server_error", 500), (&PLAIN, "secondary_rate_limit", 403)] {
            let reply = error(endpoint, kind, "m").expect(kind);
            assert_eq!(reply.status, status, "{kind}");
            let body = reply.body.expect("a body");
            let code = TABLE.code[0].get(&body).and_then(Value::as_str);
            let retry_after = reply.headers.iter().any(|(name, _)| name == "Retry-After");
            assert_eq!(TABLE.kind_name(reply.status, code, retry_after), Some(kind), "{body}");
            assert_eq!(TABLE.message[0].get(&body), Some(&json!("m")));
            if endpoint.envelope.is_some() {
                assert_eq!(body["ok"], json!(false), "the flag says failure");
            }
        }
        assert_eq!(error(&PLAIN, "teapot", "m"), None, "a kind the table does not list");
    }

    #[test]
    fn session_expiry_is_the_first_status_or_code_the_session_names() {
        static BY_STATUS: SessionConfig = SessionConfig { scheme: &KEY, token: JsonPath(&["token"]), user_id: None, renew: None, renew_field: "token", expired: &[419, 401] };
        static BY_CODE: SessionConfig = SessionConfig { expired: &[13], ..BY_STATUS };
        assert_eq!(session_expired(&PLAIN, &BY_STATUS).status, 419);
        let reply = session_expired(&WRAPPED, &BY_CODE);
        assert_eq!((reply.status, reply.body.map(|body| body["error"]["code"].clone())), (200, Some(json!(13))));
    }

    #[test]
    fn an_example_page_becomes_the_last_and_later_pages_are_empty() {
        static NEXT: Pagination = Pagination::NextLink { items: JsonPath(&["items"]), next: JsonPath(&["next"]), total: None };
        static CURSOR: Pagination = Pagination::CursorHeader { items: JsonPath::ROOT, header: "X-Next", param: PageParam::Query("cursor"), total: None };
        let mut reply = Reply::json(200, json!({"ok": true, "result": {"items": [1], "next": "https://api.example.com/x?page=2"}}));
        last_page(&WRAPPED, &NEXT, &mut reply);
        assert_eq!(reply.body, Some(json!({"ok": true, "result": {"items": [1], "next": null}})));
        let mut reply = Reply { status: 200, headers: vec![("x-next".to_owned(), "c2".to_owned())], body: Some(json!([1])) };
        last_page(&PLAIN, &CURSOR, &mut reply);
        assert!(reply.headers.is_empty());
        let query = [("cursor".to_owned(), "c2".to_owned())];
        assert!(is_first_page(&CURSOR, &Sent::new(&PLAIN, &[], b"")) && !is_first_page(&CURSOR, &Sent::new(&PLAIN, &query, b"")));
        assert_eq!(empty_page(&PLAIN, &CURSOR).body, Some(json!([])));
    }
}
