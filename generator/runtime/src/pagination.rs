//! Pagination: one page at a time, or a lazy stream of pages or items.
//!
//! Each style says where the items are, how to find the next page and when to stop. Streams
//! fetch a page only when the previous one is used up, and stop with an error instead of looping
//! when a next link, cursor or page repeats (numbered and offset pages are compared by their
//! items, since a server that ignores the page parameter sends the same page again), or when a
//! next link points at another origin (so credentials never leave the configured host).

use crate::core::{Core, RawResponse, same_origin};
use crate::error::{Error, ErrorKind, InvalidArgument};
use crate::json_path::JsonPath;
use crate::request::Request;
use futures_util::stream::{self, Stream, TryStreamExt};
use serde::Deserialize;
use reqwest::Url;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::VecDeque;
use std::hash::{DefaultHasher, Hash, Hasher};

/// A pagination style, generated from a spec's pagination scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pagination {
    /// The body carries the URL of the next page (`next`), or null on the last page.
    NextLink {
        /// Where the items are.
        items: JsonPath,
        /// Where the next page's URL is.
        next: JsonPath,
        /// Where the total item count is, if the provider sends it.
        total: Option<JsonPath>,
    },
    /// An RFC 8288 `Link` response header with `rel="next"`.
    LinkHeader {
        /// Where the items are.
        items: JsonPath,
    },
    /// A cursor in a response header, sent back as a query parameter.
    CursorHeader {
        /// Where the items are.
        items: JsonPath,
        /// Response header holding the next cursor; absent on the last page.
        header: &'static str,
        /// Query parameter that takes the cursor.
        param: &'static str,
    },
    /// A cursor in the body, sent back as a query parameter.
    CursorBody {
        /// Where the items are.
        items: JsonPath,
        /// Where the next cursor is; null or absent on the last page.
        cursor: JsonPath,
        /// Query parameter that takes the cursor.
        param: &'static str,
    },
    /// Numbered pages.
    PageNumber {
        /// Where the items are.
        items: JsonPath,
        /// Query parameter holding the page number.
        param: &'static str,
        /// The number of the first page (usually 1).
        first: u64,
        /// Where the total number of pages is, if the provider sends it.
        total_pages: Option<JsonPath>,
        /// Where the total item count is, if the provider sends it.
        total: Option<JsonPath>,
        /// The page-size query parameter: with `total`, the last page is the one that reaches it.
        size_param: Option<&'static str>,
    },
    /// An offset and a limit.
    OffsetLimit {
        /// Where the items are.
        items: JsonPath,
        /// Query parameter holding the offset.
        offset_param: &'static str,
        /// Query parameter holding the page size.
        limit_param: &'static str,
        /// Where the total item count is, if the provider sends it.
        total: Option<JsonPath>,
    },
}

/// One page of items.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// The total number of items across all pages, where the provider reports it.
    pub total: Option<u64>,
    /// The total number of pages, where the provider reports it.
    pub total_pages: Option<u64>,
    /// Everything the page's payload holds besides the items (paging metadata, links).
    pub metadata: Option<Value>,
    next: Option<Continuation>,
}

impl<T> Page<T> {
    /// Whether the provider says there is another page.
    pub fn has_next(&self) -> bool {
        self.next.is_some()
    }

    /// The next page's URL (with any query-parameter credential masked), cursor or number.
    pub fn next_token(&self) -> Option<&str> {
        match &self.next {
            Some(Continuation::Url { shown, .. }) => Some(shown),
            Some(Continuation::Query { value, .. }) => Some(value),
            None => None,
        }
    }
}

/// How to ask for the next page.
#[derive(Debug, Clone, PartialEq)]
enum Continuation {
    /// A next link, and its text with credentials masked (for messages).
    Url { url: Url, shown: String },
    Query { param: &'static str, value: String },
}

impl Continuation {
    /// Identifies the next page in messages and repeat detection; never holds a credential.
    fn key(&self) -> String {
        match self {
            Continuation::Url { shown, .. } => shown.clone(),
            Continuation::Query { param, value } => format!("{param}={value}"),
        }
    }
}

struct PageState {
    request: Request,
    url: Option<Url>,
    seen: RepeatGuard,
    /// The fingerprint of the previous page's items, for styles that compare pages.
    previous_items: Option<u64>,
}

/// A page as fetched, with what the stream needs to decide whether to go on.
struct Fetched<T> {
    page: Page<T>,
    /// A hash of the items' JSON, for numbered and offset pages.
    items_fingerprint: Option<u64>,
}

/// How many of the latest next-page keys a stream remembers exactly.
const RECENT_PAGES: usize = 1024;

/// Recognises a next page seen before in bounded memory, so a stream of a million pages costs
/// no more memory than one of ten: a repeat of any of the last [`RECENT_PAGES`] keys is caught
/// before that page is fetched again; a longer cycle is caught by Brent's algorithm within two
/// turns of it. Keys are kept as 64-bit hashes.
#[derive(Debug)]
struct RepeatGuard {
    recent: VecDeque<u64>,
    /// Brent's checkpoint, moved to the current key after `power` steps, `power` doubling.
    checkpoint: Option<u64>,
    power: u64,
    steps: u64,
}

impl RepeatGuard {
    fn new() -> Self {
        Self { recent: VecDeque::with_capacity(RECENT_PAGES), checkpoint: None, power: 1, steps: 0 }
    }

    /// Records `key`; true if it was seen before.
    fn is_repeat(&mut self, key: &str) -> bool {
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

impl<K: ErrorKind> Core<K> {
    /// Fetches the first page of a paginated endpoint.
    pub async fn fetch_page<T: DeserializeOwned>(&self, request: Request) -> Result<Page<T>, Error<K>> {
        Ok(self.fetch_page_at(&request, None).await?.page)
    }

    async fn fetch_page_at<T: DeserializeOwned>(&self, request: &Request, url: Option<&Url>) -> Result<Fetched<T>, Error<K>> {
        let endpoint = request.endpoint;
        let Some(style) = endpoint.pagination else {
            return Err(Error::Pagination { reason: format!("`{}` is not a paginated endpoint", endpoint.path) });
        };
        let mut response = self.execute(request, url).await?;
        let mut payload = self.payload(endpoint, &mut response)?;
        let next = self.continuation(style, request, url, &payload, &response)?;
        let total = match style {
            Pagination::NextLink { total, .. } | Pagination::PageNumber { total, .. } | Pagination::OffsetLimit { total, .. } => {
                total.and_then(|path| path.get(&payload)).and_then(Value::as_u64)
            }
            _ => None,
        };
        let total_pages = match style {
            Pagination::PageNumber { total_pages, .. } => total_pages.and_then(|path| path.get(&payload)).and_then(Value::as_u64),
            _ => None,
        };
        let items_path = items_path(style);
        // A missing items member is not an empty page: the body is not what the spec says.
        let Some(items_value) = items_path.take(&mut payload) else {
            return Err(self.decode_error(endpoint, &response, format!("the page has no items at `{items_path}`")));
        };
        let items_fingerprint = matches!(style, Pagination::PageNumber { .. } | Pagination::OffsetLimit { .. }).then(|| fingerprint(&items_value));
        if endpoint.starts_session {
            self.store_session(&payload);
        }
        let metadata = match payload {
            Value::Object(map) if !map.is_empty() => Some(Value::Object(map)),
            _ => None,
        };
        let items: Vec<T> = match items_value {
            Value::Null => Vec::new(),
            // Some providers key records by id: the records are the object's values.
            Value::Object(records) => records
                .into_iter()
                .map(|(_, record)| T::deserialize(record))
                .collect::<Result<_, _>>()
                .map_err(|error| self.decode_error(endpoint, &response, format!("items at `{items_path}`: {error}")))?,
            value => Vec::<T>::deserialize(value).map_err(|error| {
                self.decode_error(endpoint, &response, format!("items at `{items_path}`: {error}"))
            })?,
        };
        // An empty page ends numbered and offset pagination even if the provider says otherwise.
        let next = if items.is_empty() && matches!(style, Pagination::PageNumber { .. } | Pagination::OffsetLimit { .. }) {
            None
        } else {
            next
        };
        Ok(Fetched { page: Page { items, total, total_pages, metadata, next }, items_fingerprint })
    }

    fn continuation(
        &self,
        style: &Pagination,
        request: &Request,
        current_url: Option<&Url>,
        payload: &Value,
        response: &RawResponse,
    ) -> Result<Option<Continuation>, Error<K>> {
        let query_number = |name: &str| -> Option<u64> {
            match current_url {
                Some(url) => url.query_pairs().find(|(key, _)| key == name).and_then(|(_, value)| value.parse().ok()),
                None => request.query.iter().find(|(key, _)| key == name).and_then(|(_, value)| value.parse().ok()),
            }
        };
        Ok(match *style {
            Pagination::NextLink { next, .. } => match next.get(payload) {
                None | Some(Value::Null) => None,
                Some(Value::String(link)) if link.is_empty() => None,
                Some(Value::String(link)) => Some(self.link_continuation(link, current_url)?),
                Some(other) => {
                    return Err(self.decode_error(request.endpoint, response, format!("next link at `{next}` is not a string: {other}")));
                }
            },
            Pagination::LinkHeader { .. } => {
                let links = response.headers.get_all(reqwest::header::LINK);
                match links.iter().filter_map(|value| value.to_str().ok()).find_map(next_link_target) {
                    Some(link) => Some(self.link_continuation(&link, current_url)?),
                    None => None,
                }
            }
            Pagination::CursorHeader { header, param, .. } => response
                .headers
                .get(header)
                .and_then(|value| value.to_str().ok())
                .filter(|cursor| !cursor.is_empty())
                .map(|cursor| Continuation::Query { param, value: cursor.to_owned() }),
            Pagination::CursorBody { cursor, param, .. } => match cursor.get(payload) {
                Some(Value::String(text)) if !text.is_empty() => Some(Continuation::Query { param, value: text.clone() }),
                Some(Value::Number(number)) => Some(Continuation::Query { param, value: number.to_string() }),
                _ => None,
            },
            Pagination::PageNumber { param, first, total_pages, total, size_param, .. } => {
                let current = query_number(param).unwrap_or(first);
                let last = total_pages.and_then(|path| path.get(payload)).and_then(Value::as_u64);
                let total = total.and_then(|path| path.get(payload)).and_then(Value::as_u64);
                let size = size_param.and_then(&query_number);
                let pages_so_far = current + 1 - first;
                let reached_total = matches!((total, size), (Some(total), Some(size)) if pages_so_far * size >= total);
                match last {
                    Some(last) if current >= last => None,
                    _ if reached_total => None,
                    _ => Some(Continuation::Query { param, value: (current + 1).to_string() }),
                }
            }
            Pagination::OffsetLimit { items, offset_param, limit_param, total } => {
                let count = items.get(payload).and_then(Value::as_array).map_or(0, Vec::len) as u64;
                let offset = query_number(offset_param).unwrap_or(0);
                let limit = query_number(limit_param);
                let total = total.and_then(|path| path.get(payload)).and_then(Value::as_u64);
                let next_offset = offset + count;
                let short_page = limit.is_some_and(|limit| count < limit);
                let past_total = total.is_some_and(|total| next_offset >= total);
                if count == 0 || short_page || past_total {
                    None
                } else {
                    Some(Continuation::Query { param: offset_param, value: next_offset.to_string() })
                }
            }
        })
    }

    /// Resolves a next link against the URL of the page it came from.
    fn link_continuation(&self, link: &str, current_url: Option<&Url>) -> Result<Continuation, Error<K>> {
        let url = current_url.unwrap_or(self.base_url()).join(link).map_err(|error| Error::Pagination {
            reason: format!("the next link is not a URL: {error}"),
        })?;
        let shown = self.redact(&url);
        Ok(Continuation::Url { url, shown })
    }

    /// Refuses to follow a next link unless it has the base URL's scheme, host and port, so
    /// credentials never go to another origin.
    fn check_same_origin(&self, url: &Url) -> Result<(), Error<K>> {
        let base = self.base_url();
        if !same_origin(url, base) {
            return Err(Error::Pagination {
                reason: format!(
                    "the next link points to `{}://{}`, not to the configured origin; not followed, so credentials stay with `{}`",
                    url.scheme(),
                    url.host_str().unwrap_or(""),
                    base.host_str().unwrap_or("")
                ),
            });
        }
        Ok(())
    }

    /// A lazy stream of pages, starting with `request`. Each page is fetched when the stream is
    /// polled after the previous one.
    pub fn pages<T>(&self, request: Result<Request, InvalidArgument>) -> impl Stream<Item = Result<Page<T>, Error<K>>> + Send + 'static + use<K, T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        let core = self.clone();
        let start = request.map_err(Error::from).map(|request| PageState { request, url: None, seen: RepeatGuard::new(), previous_items: None });
        stream::try_unfold(Some(start), move |state| {
            let core = core.clone();
            async move {
                let mut state = match state {
                    None => return Ok(None),
                    Some(state) => state?,
                };
                let Fetched { page, items_fingerprint } = core.fetch_page_at::<T>(&state.request, state.url.as_ref()).await?;
                if !page.items.is_empty() && items_fingerprint.is_some() && items_fingerprint == state.previous_items {
                    return Err(Error::Pagination {
                        reason: format!(
                            "the page requested with `{}` holds the same {} items as the page before it; the provider seems to ignore the page parameter",
                            state.request.query.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("&"),
                            page.items.len()
                        ),
                    });
                }
                state.previous_items = items_fingerprint;
                let next_state = match &page.next {
                    None => None,
                    Some(next) if state.seen.is_repeat(&next.key()) => Some(Err(Error::Pagination {
                        reason: format!("the provider returned `{}` as the next page twice", next.key()),
                    })),
                    Some(Continuation::Url { url, .. }) => match core.check_same_origin(url) {
                        Ok(()) => {
                            state.url = Some(url.clone());
                            Some(Ok(state))
                        }
                        Err(error) => Some(Err(error)),
                    },
                    Some(Continuation::Query { param, value }) => {
                        state.request.set_query(param, value.clone());
                        Some(Ok(state))
                    }
                };
                Ok(Some((page, next_state)))
            }
        })
    }

    /// A lazy stream of every item on every page, starting with `request`.
    pub fn items<T>(&self, request: Result<Request, InvalidArgument>) -> impl Stream<Item = Result<T, Error<K>>> + Send + 'static + use<K, T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        self.pages(request).map_ok(|page: Page<T>| stream::iter(page.items.into_iter().map(Ok))).try_flatten()
    }
}

/// A hash of a JSON value, written straight into the hasher (no text is allocated).
fn fingerprint(value: &Value) -> u64 {
    struct HashWriter(DefaultHasher);
    impl std::io::Write for HashWriter {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut writer = HashWriter(DefaultHasher::new());
    // Writing into a hasher cannot fail, and a `Value` always serializes.
    let _ = serde_json::to_writer(&mut writer, value);
    writer.0.finish()
}

fn items_path(style: &Pagination) -> JsonPath {
    match *style {
        Pagination::NextLink { items, .. }
        | Pagination::LinkHeader { items }
        | Pagination::CursorHeader { items, .. }
        | Pagination::CursorBody { items, .. }
        | Pagination::PageNumber { items, .. }
        | Pagination::OffsetLimit { items, .. } => items,
    }
}

/// The target of the `rel="next"` link in an RFC 8288 `Link` header value.
fn next_link_target(header: &str) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::{RECENT_PAGES, RepeatGuard, fingerprint, next_link_target};
    use serde_json::json;

    #[test]
    fn fingerprints_tell_pages_apart_by_their_items() {
        assert_eq!(fingerprint(&json!([{"id": 1}, {"id": 2}])), fingerprint(&json!([{"id": 1}, {"id": 2}])));
        assert_ne!(fingerprint(&json!([{"id": 1}, {"id": 2}])), fingerprint(&json!([{"id": 2}, {"id": 3}])));
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
