//! How the next page is asked for, decided from a page's payload and headers without I/O: a
//! next link, a cursor, a page number or an offset, or the end. Also how repeats are caught.

use crate::describe::{PageParam, Pagination};
use reqwest::Url;
use reqwest::header::HeaderMap;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::VecDeque;
use std::hash::{DefaultHasher, Hash, Hasher};

/// How to ask for the next page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Continuation {
    /// A next link as the provider gave it (resolved against the page's URL), and its text with
    /// credentials masked when it has any (for messages).
    Url { url: Url, masked: Option<String> },
    /// A request parameter to set: a cursor, page number or offset (`number`: a number, sent
    /// as one in a JSON body).
    Param { param: PageParam, value: String, number: bool },
}

impl Continuation {
    /// Identifies the next page in messages and repeat detection; never holds a credential.
    pub(crate) fn key(&self) -> Cow<'_, str> {
        match self {
            Continuation::Url { .. } => Cow::Borrowed(self.shown()),
            Continuation::Param { param, value, .. } => Cow::Owned(format!("{}={value}", param.name())),
        }
    }

    /// A next link as it may be shown, credentials masked; a cursor or page number as it is.
    pub(crate) fn shown(&self) -> &str {
        match self {
            Continuation::Url { url, masked } => masked.as_deref().unwrap_or(url.as_str()),
            Continuation::Param { value, .. } => value,
        }
    }
}

/// What the next page is, as the page just fetched says.
pub(crate) enum Next<'a> {
    /// The end of the list.
    End,
    /// A request parameter to set (`number`: the value is a number, sent as one in a body).
    Param { param: PageParam, value: String, number: bool },
    /// A link, not yet resolved against the page's URL.
    Link(Cow<'a, str>),
    /// The payload's next link is not a string: `(path, value)`.
    NotALink(String, &'a Value),
    /// The page says more exist but not how to ask for them: what is wrong.
    Unreachable(String),
}

/// What [`next_page`] reads of a page's payload.
pub(crate) struct PageView {
    /// The payload without its items: where next links, cursors, flags and totals are.
    pub(crate) rest: Value,
    /// How many items the page holds.
    pub(crate) item_count: usize,
    /// The last item, read for [`Pagination::LastItem`] only.
    pub(crate) last_item: Option<Value>,
}

/// The next page of a `style` page with the payload `page` and response `headers`, requested
/// with the numbers in its pagination parameters that `sent` gives.
pub(crate) fn next_page<'a>(style: &Pagination, page: &'a PageView, headers: &HeaderMap, sent: impl Fn(PageParam) -> Option<u64>) -> Next<'a> {
    let payload = &page.rest;
    match *style {
        Pagination::NextLink { next, .. } => match next.get(payload) {
            None | Some(Value::Null) => Next::End,
            Some(Value::String(link)) if link.is_empty() => Next::End,
            Some(Value::String(link)) => Next::Link(Cow::Borrowed(link)),
            Some(other) => Next::NotALink(next.to_string(), other),
        },
        Pagination::LinkHeader { .. } => {
            let links = headers.get_all(reqwest::header::LINK);
            links.iter().filter_map(|value| value.to_str().ok()).find_map(next_link_target).map_or(Next::End, |link| Next::Link(Cow::Owned(link)))
        }
        Pagination::CursorHeader { header, param, .. } => headers
            .get(header)
            .and_then(|value| value.to_str().ok())
            .filter(|cursor| !cursor.is_empty())
            .map_or(Next::End, |cursor| Next::Param { param, value: cursor.to_owned(), number: false }),
        Pagination::CursorBody { cursor, param, .. } => match cursor.get(payload) {
            Some(Value::String(text)) if !text.is_empty() => Next::Param { param, value: text.clone(), number: false },
            Some(Value::Number(number)) => Next::Param { param, value: number.to_string(), number: true },
            _ => Next::End,
        },
        Pagination::LastItem { id, param, has_more, .. } => {
            match has_more.get(payload) {
                Some(Value::Bool(true)) => {}
                None | Some(Value::Null | Value::Bool(false)) => return Next::End,
                Some(other) => return Next::Unreachable(format!("`{has_more}` is not a boolean: {other}")),
            }
            match page.last_item.as_ref().map(|item| id.get(item)) {
                // More are said to exist, but there is nothing to continue from.
                None => Next::End,
                Some(Some(Value::String(text))) if !text.is_empty() => Next::Param { param, value: text.clone(), number: false },
                Some(Some(Value::Number(number))) => Next::Param { param, value: number.to_string(), number: true },
                Some(_) => Next::Unreachable(format!("`{has_more}` says more items exist, but the last item has no `{id}` to continue after")),
            }
        }
        Pagination::PageNumber { param, first, total_pages, total, size_param, .. } => {
            let current = sent(param).unwrap_or(first);
            let last = total_pages.and_then(|path| path.get(payload)).and_then(Value::as_u64);
            let total = total.and_then(|path| path.get(payload)).and_then(Value::as_u64);
            let size = size_param.and_then(&sent);
            let pages_so_far = (current + 1).saturating_sub(first);
            let reached_total = matches!((total, size), (Some(total), Some(size)) if pages_so_far.saturating_mul(size) >= total);
            match last {
                Some(last) if current >= last => Next::End,
                _ if reached_total => Next::End,
                _ => Next::Param { param, value: (current + 1).to_string(), number: true },
            }
        }
        Pagination::OffsetLimit { offset_param, limit_param, total, .. } => {
            let count = page.item_count as u64;
            let offset = sent(offset_param).unwrap_or(0);
            let limit = sent(limit_param);
            let total = total.and_then(|path| path.get(payload)).and_then(Value::as_u64);
            let next_offset = offset + count;
            let short_page = limit.is_some_and(|limit| count < limit);
            let past_total = total.is_some_and(|total| next_offset >= total);
            if count == 0 || short_page || past_total {
                Next::End
            } else {
                Next::Param { param: offset_param, value: next_offset.to_string(), number: true }
            }
        }
    }
}

/// The target of the `rel="next"` link in an RFC 8288 `Link` header value.
pub(crate) fn next_link_target(header: &str) -> Option<String> {
    header.split(',').find_map(|link| {
        let mut parts = link.split(';');
        let target = parts.next()?.trim().strip_prefix('<')?.strip_suffix('>')?;
        let is_next = parts.any(|param| {
            let param = param.trim();
            let Some(value) = param.strip_prefix("rel=") else { return false };
            value.trim_matches('"').split_whitespace().any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        is_next.then(|| target.to_owned())
    })
}

/// A hash of a page's items, from their JSON text as received.
pub(crate) fn fingerprint(items: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(items);
    hasher.finish()
}

/// How many of the latest next-page keys a stream remembers exactly.
pub(crate) const RECENT_PAGES: usize = 1024;

/// Recognises a next page seen before in bounded memory, so a stream of a million pages costs
/// no more memory than one of ten: a repeat of any of the last [`RECENT_PAGES`] keys is caught
/// before that page is fetched again; a longer cycle is caught by Brent's algorithm within two
/// turns of it. Keys are kept as 64-bit hashes.
#[derive(Debug)]
pub(crate) struct RepeatGuard {
    recent: VecDeque<u64>,
    /// Brent's checkpoint, moved to the current key after `power` steps, `power` doubling.
    checkpoint: Option<u64>,
    power: u64,
    steps: u64,
}

impl RepeatGuard {
    pub(crate) fn new() -> Self {
        Self { recent: VecDeque::with_capacity(RECENT_PAGES), checkpoint: None, power: 1, steps: 0 }
    }

    /// Records `key`; true if it was seen before.
    pub(crate) fn is_repeat(&mut self, key: &str) -> bool {
        let mut hasher = DefaultHasher::new();
        key.hash(&mut hasher);
        let hash = hasher.finish();
        if self.recent.contains(&hash) || self.checkpoint == Some(hash) {
            return true;
        }
        if self.recent.len() == RECENT_PAGES {
            self.recent.pop_front();
        }
        self.recent.push_back(hash);
        self.steps += 1;
        if self.steps == self.power {
            self.checkpoint = Some(hash);
            self.power = self.power.saturating_mul(2);
            self.steps = 0;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::JsonPath;
    use reqwest::header::HeaderValue;
    use serde_json::json;

    fn query(pairs: &'static [(&'static str, u64)]) -> impl Fn(PageParam) -> Option<u64> {
        move |param| pairs.iter().find(|(key, _)| *key == param.name()).map(|(_, value)| *value)
    }

    /// A page's view as `fetch_page_at` builds it, from a whole payload.
    fn view(style: &Pagination, payload: &Value) -> PageView {
        let items = style.items();
        let mut rest = payload.clone();
        let items = items.take(&mut rest).unwrap_or(Value::Null);
        let items = items.as_array().cloned().unwrap_or_default();
        PageView { rest, item_count: items.len(), last_item: items.last().cloned() }
    }

    fn as_query(next: Next<'_>) -> Option<(&'static str, String)> {
        match next {
            Next::Param { param: PageParam::Query(name), value, .. } => Some((name, value)),
            _ => None,
        }
    }

    #[test]
    fn numbered_pages_stop_at_the_last_page_or_the_total() {
        let style = Pagination::PageNumber {
            items: JsonPath(&["data"]),
            param: PageParam::Query("page"),
            first: 1,
            total_pages: Some(JsonPath(&["pages"])),
            total: Some(JsonPath(&["total"])),
            size_param: Some(PageParam::Query("limit")),
        };
        let none = HeaderMap::new();
        assert_eq!(as_query(next_page(&style, &view(&style, &json!({"pages": 3})), &none, query(&[]))), Some(("page", "2".to_owned())));
        assert!(matches!(next_page(&style, &view(&style, &json!({"pages": 3})), &none, query(&[("page", 3)])), Next::End));
        assert!(matches!(next_page(&style, &view(&style, &json!({"total": 20})), &none, query(&[("page", 2), ("limit", 10)])), Next::End));
        assert_eq!(as_query(next_page(&style, &view(&style, &json!({"total": 21})), &none, query(&[("page", 2), ("limit", 10)]))), Some(("page", "3".to_owned())));
    }

    #[test]
    fn offsets_advance_by_the_items_and_stop_on_a_short_page() {
        let style = Pagination::OffsetLimit { items: JsonPath(&["items"]), offset_param: PageParam::Query("skip"), limit_param: PageParam::Query("limit"), total: None };
        let none = HeaderMap::new();
        let full = json!({"items": [1, 2]});
        assert_eq!(as_query(next_page(&style, &view(&style, &full), &none, query(&[("skip", 4), ("limit", 2)]))), Some(("skip", "6".to_owned())));
        assert!(matches!(next_page(&style, &view(&style, &json!({"items": [1]})), &none, query(&[("limit", 2)])), Next::End));
        assert!(matches!(next_page(&style, &view(&style, &json!({"items": []})), &none, query(&[])), Next::End));
    }

    #[test]
    fn cursors_and_links_come_from_the_body_or_the_headers() {
        let mut headers = HeaderMap::new();
        headers.insert("x-cursor-next", HeaderValue::from_static("c2"));
        headers.insert(reqwest::header::LINK, HeaderValue::from_static(r#"</items?page=2>; rel="next""#));
        let cursor_header = Pagination::CursorHeader { items: JsonPath::ROOT, header: "x-cursor-next", param: PageParam::Query("cursor"), total: None };
        assert_eq!(as_query(next_page(&cursor_header, &view(&cursor_header, &json!([])), &headers, query(&[]))), Some(("cursor", "c2".to_owned())));
        let link_header = Pagination::LinkHeader { items: JsonPath::ROOT, total: None };
        assert!(matches!(next_page(&link_header, &view(&link_header, &json!([])), &headers, query(&[])), Next::Link(link) if link == "/items?page=2"));
        let cursor_body = Pagination::CursorBody { items: JsonPath(&["data"]), cursor: JsonPath(&["next"]), param: PageParam::Query("after"), total: None };
        assert_eq!(as_query(next_page(&cursor_body, &view(&cursor_body, &json!({"next": 42})), &headers, query(&[]))), Some(("after", "42".to_owned())));
        // A cursor sent back in the body keeps its JSON type: a number stays a number.
        let in_body = Pagination::CursorBody { items: JsonPath(&["data"]), cursor: JsonPath(&["next"]), param: PageParam::Body("start_cursor"), total: None };
        for (cursor, expected) in [(json!(42), ("42", true)), (json!("c2"), ("c2", false))] {
            let page = view(&in_body, &json!({ "next": cursor }));
            let next = next_page(&in_body, &page, &headers, query(&[]));
            assert!(matches!(next, Next::Param { param: PageParam::Body("start_cursor"), ref value, number } if (value.as_str(), number) == expected), "{cursor}");
        }
        assert!(matches!(next_page(&cursor_body, &view(&cursor_body, &json!({"next": ""})), &headers, query(&[])), Next::End));
        let next_link = Pagination::NextLink { items: JsonPath(&["results"]), next: JsonPath(&["next"]), total: None };
        assert!(matches!(next_page(&next_link, &view(&next_link, &json!({"next": 5})), &headers, query(&[])), Next::NotALink(path, _) if path == "next"));
        assert!(matches!(next_page(&next_link, &view(&next_link, &json!({"next": null})), &headers, query(&[])), Next::End));
    }

    #[test]
    fn last_item_cursors_continue_after_the_last_id_while_more_exist() {
        let style = Pagination::LastItem { items: JsonPath(&["data"]), id: JsonPath(&["id"]), param: PageParam::Query("starting_after"), has_more: JsonPath(&["has_more"]), total: None };
        let none = HeaderMap::new();
        let page = json!({"data": [{"id": "cus_1"}, {"id": "cus_2"}], "has_more": true});
        assert_eq!(as_query(next_page(&style, &view(&style, &page), &none, query(&[]))), Some(("starting_after", "cus_2".to_owned())));
        assert_eq!(as_query(next_page(&style, &view(&style, &json!({"data": [{"id": 7}], "has_more": true})), &none, query(&[]))), Some(("starting_after", "7".to_owned())));
        for last in [json!({"data": [{"id": "cus_3"}], "has_more": false}), json!({"data": [{"id": "cus_3"}]}), json!({"data": [], "has_more": true})] {
            assert!(matches!(next_page(&style, &view(&style, &last), &none, query(&[])), Next::End), "{last}");
        }
        let no_id = json!({"data": [{"name": "x"}], "has_more": true});
        assert!(matches!(next_page(&style, &view(&style, &no_id), &none, query(&[])), Next::Unreachable(reason) if reason.contains("no `id`")));
        let not_a_flag = json!({"data": [{"id": "a"}], "has_more": "yes"});
        assert!(matches!(next_page(&style, &view(&style, &not_a_flag), &none, query(&[])), Next::Unreachable(reason) if reason.contains("not a boolean")));
    }

    #[test]
    fn fingerprints_tell_pages_apart_by_their_items() {
        assert_eq!(fingerprint(br#"[{"id": 1}, {"id": 2}]"#), fingerprint(br#"[{"id": 1}, {"id": 2}]"#));
        assert_ne!(fingerprint(br#"[{"id": 1}, {"id": 2}]"#), fingerprint(br#"[{"id": 2}, {"id": 3}]"#));
    }

    #[test]
    fn repeats_are_caught_at_once_within_the_window_and_long_cycles_soon_after() {
        let mut guard = RepeatGuard::new();
        assert!((0..100_000).all(|page| !guard.is_repeat(&format!("cursor={page}"))), "distinct keys are never repeats");
        assert!(guard.recent.len() <= RECENT_PAGES);
        assert!(guard.is_repeat("cursor=99990"), "a recent key is caught before it is fetched again");

        // A cycle longer than the window: caught within two turns.
        let cycle = 3 * RECENT_PAGES as u64;
        let mut guard = RepeatGuard::new();
        let caught = (0..10 * cycle).position(|step| guard.is_repeat(&format!("page={}", step % cycle)));
        assert!(caught.is_some_and(|step| step as u64 <= 3 * cycle), "caught at {caught:?}");
    }

    #[test]
    fn link_header_next_is_found() {
        let header = r#"<https://api.example.com/items?page=1>; rel="prev", <https://api.example.com/items?page=3>; rel="next""#;
        assert_eq!(next_link_target(header).as_deref(), Some("https://api.example.com/items?page=3"));
        assert_eq!(next_link_target(r#"<https://x/?p=1>; rel="prev""#), None);
        assert_eq!(next_link_target("garbage"), None);
    }
}
