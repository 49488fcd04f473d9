//! Pagination: one page at a time, or a lazy stream of pages or items, written over the
//! execution layer's small executor interface (a request's payload, and the origin it must stay on).
//!
//! Each style says where the items are, how to find the next page and when to stop. Streams
//! fetch a page only when the previous one is used up, and stop with an error instead of looping
//! when a next link, cursor or page repeats (numbered and offset pages are compared by their
//! items, since a server that ignores the page parameter sends the same page again), or when a
//! next link points at another origin (so credentials never leave the configured host).

mod continuation;
mod split;

pub use crate::describe::{PageParam, Pagination};
use crate::error::{Error, ErrorKind, InvalidArgument};
use crate::execute::{Core, Executor, Payload, ResponseMeta, same_origin};
use crate::request::Request;
use continuation::{Continuation, Next, PageView, RepeatGuard, fingerprint, next_page};
use split::{Items, Reading, Split};
use futures_util::stream::{self, Stream};
use std::borrow::Cow;
use std::pin::Pin;
use std::task::{Context, Poll};
use reqwest::Url;
use serde::de::DeserializeOwned;
use serde_json::Value;

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
    response: ResponseMeta,
}

impl<T> Page<T> {
    /// A last page holding `items`, as if it came in a `200 OK` without headers: for tests of
    /// code that takes pages. Set `total`, `total_pages` and `metadata` as the test needs, and
    /// another response with [`with_response`](Self::with_response).
    pub fn new(items: Vec<T>) -> Self {
        let response = ResponseMeta::new(reqwest::StatusCode::OK, reqwest::header::HeaderMap::new(), None);
        Self { items, total: None, total_pages: None, metadata: None, next: None, response }
    }

    /// The page as if it came in `response`.
    pub fn with_response(mut self, response: ResponseMeta) -> Self {
        self.response = response;
        self
    }

    /// Whether the provider says there is another page.
    pub fn has_next(&self) -> bool {
        self.next.is_some()
    }

    /// The next page's URL (with any query-parameter credential masked), cursor or number.
    pub fn next_token(&self) -> Option<&str> {
        match &self.next {
            Some(next @ Continuation::Url { .. }) => Some(next.shown()),
            Some(Continuation::Param { value, .. }) => Some(value),
            None => None,
        }
    }

    /// The status, headers and request id of the response the page came in.
    pub fn response(&self) -> &ResponseMeta {
        &self.response
    }
}

/// A stream's position: the request for the next page, and what it has seen.
struct PageState {
    request: Request,
    url: Option<Url>,
    seen: RepeatGuard,
    /// The fingerprint of the previous page's items, for styles that compare pages.
    previous_items: Option<u64>,
    /// How many items the previous page held.
    previous_count: usize,
}

/// A page as fetched, with what the stream needs to decide whether to go on.
struct Fetched<T> {
    page: Page<T>,
    /// A hash of the items' JSON, for numbered and offset pages.
    items_fingerprint: Option<u64>,
}

/// Fetches the page `request` asks for (at `url`, a next link, if given). The payload is read
/// once: the items decoded straight from the text, only the rest into `Value`s.
/// `capacity` is how many items to make room for at once (the previous page's count).
async fn fetch_page_at<K: ErrorKind, T: DeserializeOwned>(executor: &impl Executor<K>, request: &Request, url: Option<&Url>, capacity: usize) -> Result<Fetched<T>, Error<K>> {
    let endpoint = request.endpoint;
    let Some(style) = endpoint.pagination else {
        return Err(Error::Pagination { reason: format!("`{}` is not a paginated endpoint", endpoint.path) });
    };
    let Payload { text, mut response } = executor.payload(request, url).await?;
    let items_path = style.items();
    let items_error = |error: serde_json::Error| format!("the page, with its items at `{items_path}`: {error}");
    let keep_text = style.is_positional() || matches!(style, Pagination::LastItem { .. });
    let reading = Reading { keep_text, capacity };
    let Split { items, rest } = split::split::<T>(&text, items_path.0, reading).map_err(|error| response.decode_error(endpoint.path, items_error(error)))?;
    // A missing items member is not an empty page: the body is not what the spec says.
    let Some(items) = items else {
        return Err(response.decode_error(endpoint.path, format!("the page has no items at `{items_path}`")));
    };
    let (items, items_text) = match items {
        Items::Decoded(items) => (items, None),
        Items::Text(text) => (split::decode::<T>(text, capacity).map_err(|error| response.decode_error(endpoint.path, items_error(error)))?, Some(text)),
    };
    let last_item = match style {
        Pagination::LastItem { .. } => items_text.and_then(split::last),
        _ => None,
    };
    let items_fingerprint = style.is_positional().then(|| fingerprint(items_text.map_or(&b""[..], |text| text.get().as_bytes())));
    let view = PageView { rest, item_count: items.len(), last_item };
    let sent = |param: PageParam| -> Option<u64> {
        match (param, url) {
            (PageParam::Query(name), Some(url)) => url.query_pairs().find(|(key, _)| key == name).and_then(|(_, value)| value.parse().ok()),
            _ => request.param_number(param),
        }
    };
    let next = match next_page(style, &view, &response.headers, sent) {
        Next::End => None,
        Next::Param { param, value, number } => Some(Continuation::Param { param, value, number }),
        Next::Link(link) => Some(link_continuation(executor, &link, url)?),
        Next::NotALink(path, value) => return Err(response.decode_error(endpoint.path, format!("next link at `{path}` is not a string: {value}"))),
        Next::Unreachable(reason) => return Err(response.decode_error(endpoint.path, reason)),
    };
    let total = style.total().and_then(|path| path.get(&view.rest)).and_then(Value::as_u64);
    let total_pages = style.total_pages().and_then(|path| path.get(&view.rest)).and_then(Value::as_u64);
    let metadata = match view.rest {
        Value::Object(map) if !map.is_empty() => Some(Value::Object(map)),
        _ => None,
    };
    // An empty page ends numbered and offset pagination even if the provider says otherwise.
    let next = if items.is_empty() && style.is_positional() { None } else { next };
    let response = response.take_meta(endpoint);
    Ok(Fetched { page: Page { items, total, total_pages, metadata, next, response }, items_fingerprint })
}

/// Resolves a next link against the URL of the page it came from.
fn link_continuation<K: ErrorKind>(executor: &impl Executor<K>, link: &str, current_url: Option<&Url>) -> Result<Continuation, Error<K>> {
    let url = current_url
        .unwrap_or(executor.base_url())
        .join(link)
        .map_err(|error| Error::Pagination { reason: format!("the next link is not a URL: {error}") })?;
    // Most links show as they are; only a masked one is kept apart.
    let masked = match executor.show_url(&url) {
        Cow::Borrowed(_) => None,
        Cow::Owned(masked) => Some(masked),
    };
    Ok(Continuation::Url { url, masked })
}

/// Refuses to follow a next link unless it has the base URL's scheme, host and port, so
/// credentials never go to another origin.
fn check_same_origin<K: ErrorKind>(url: &Url, base: &Url) -> Result<(), Error<K>> {
    if same_origin(url, base) {
        return Ok(());
    }
    Err(Error::Pagination {
        reason: format!(
            "the next link points to `{}://{}`, not to the configured origin; not followed, so credentials stay with `{}`",
            url.scheme(),
            url.host_str().unwrap_or(""),
            base.host_str().unwrap_or("")
        ),
    })
}

/// A lazy stream of pages, starting with `request`.
fn pages<K: ErrorKind, T: DeserializeOwned + Send + 'static>(
    executor: impl Executor<K>,
    request: Result<Request, InvalidArgument>,
) -> impl Stream<Item = Result<Page<T>, Error<K>>> + Send + 'static {
    let start = request.map_err(Error::from).map(|request| PageState { request, url: None, seen: RepeatGuard::new(), previous_items: None, previous_count: 0 });
    stream::try_unfold(Some(start), move |state| {
        let executor = executor.clone();
        async move {
            let mut state = match state {
                None => return Ok(None),
                Some(state) => state?,
            };
            let Fetched { page, items_fingerprint } = fetch_page_at::<K, T>(&executor, &state.request, state.url.as_ref(), state.previous_count).await?;
            if !page.items.is_empty() && items_fingerprint.is_some() && items_fingerprint == state.previous_items {
                return Err(Error::Pagination {
                    reason: format!(
                        "the page requested with `{}` holds the same {} items as the page before it; the provider seems to ignore the page parameter",
                        position(&state.request),
                        page.items.len()
                    ),
                });
            }
            state.previous_items = items_fingerprint;
            state.previous_count = page.items.len();
            let next_state = match &page.next {
                None => None,
                Some(next) if state.seen.is_repeat(&next.key()) => {
                    Some(Err(Error::Pagination { reason: format!("the provider returned `{}` as the next page twice", next.key()) }))
                }
                Some(Continuation::Url { url, .. }) => match check_same_origin(url, executor.base_url()) {
                    Ok(()) => {
                        state.url = Some(url.clone());
                        Some(Ok(state))
                    }
                    Err(error) => Some(Err(error)),
                },
                Some(Continuation::Param { param, value, number }) => match state.request.set_param(*param, value, *number) {
                    Ok(()) => Some(Ok(state)),
                    Err(reason) => Some(Err(Error::Pagination { reason })),
                },
            };
            Ok(Some((page, next_state)))
        }
    })
}

/// The page number or offset a request for numbered or offset pages sends, as `name=value`.
fn position(request: &Request) -> String {
    let param = match request.endpoint.pagination {
        Some(Pagination::PageNumber { param, .. }) => *param,
        Some(Pagination::OffsetLimit { offset_param, .. }) => *offset_param,
        _ => return String::new(),
    };
    format!("{}={}", param.name(), request.param_number(param).map_or_else(|| "(unset)".to_owned(), |value| value.to_string()))
}

impl<K: ErrorKind> Core<K> {
    /// Fetches the first page of a paginated endpoint.
    pub async fn fetch_page<T: DeserializeOwned>(&self, request: Request) -> Result<Page<T>, Error<K>> {
        Ok(fetch_page_at(self, &request, None, 0).await?.page)
    }

    /// A lazy stream of pages, starting with `request`. Each page is fetched when the stream is
    /// polled after the previous one.
    pub fn pages<T>(&self, request: Result<Request, InvalidArgument>) -> impl Stream<Item = Result<Page<T>, Error<K>>> + Send + 'static + use<K, T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        pages(self.clone(), request)
    }

    /// A lazy stream of every item on every page, starting with `request`.
    pub fn items<T>(&self, request: Result<Request, InvalidArgument>) -> impl Stream<Item = Result<T, Error<K>>> + Send + 'static + use<K, T>
    where
        T: DeserializeOwned + Send + Unpin + 'static,
    {
        ItemStream { pages: Box::pin(pages(self.clone(), request)), page: Vec::new().into_iter() }
    }
}

/// Every item of a stream of pages: the current page's, then the next page's. Items move
/// straight from the page to the caller (a stream of streams would move each item through
/// every layer, and items can be large structs).
struct ItemStream<P, T> {
    pages: Pin<Box<P>>,
    page: std::vec::IntoIter<T>,
}

impl<K, P, T> Stream for ItemStream<P, T>
where
    P: Stream<Item = Result<Page<T>, Error<K>>>,
    T: Unpin,
{
    type Item = Result<T, Error<K>>;

    // Inlined into the caller's loop, an item is moved once, straight out of the page.
    #[inline]
    fn poll_next(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.page.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match this.pages.as_mut().poll_next(context) {
                Poll::Ready(Some(Ok(page))) => this.page = page.items.into_iter(),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.page.len(), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::fixtures::{API, endpoint};
    use crate::describe::{Endpoint, JsonPath};
    use crate::execute::tests_support::Kind;
    use futures_util::StreamExt;
    use reqwest::Method;
    use serde_json::json;
    use std::sync::{Arc, Mutex};

    #[test]
    fn tests_build_last_pages_with_the_response_they_need() {
        let mut page = Page::new(vec![1, 2]);
        page.total = Some(2);
        assert_eq!((page.items.as_slice(), page.total, page.has_next(), page.next_token()), (&[1, 2][..], Some(2), false, None));
        assert_eq!(page.response().status(), reqwest::StatusCode::OK);
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-request-id", reqwest::header::HeaderValue::from_static("r1"));
        let page = page.with_response(ResponseMeta::new(reqwest::StatusCode::PARTIAL_CONTENT, headers, Some("x-request-id")));
        assert_eq!((page.response().status(), page.response().request_id()), (reqwest::StatusCode::PARTIAL_CONTENT, Some("r1")));
    }

    /// Answers each request with the next payload of a script, recording the URLs asked for.
    #[derive(Clone)]
    struct Pages {
        payloads: Arc<Mutex<Vec<Value>>>,
        asked: Arc<Mutex<Vec<String>>>,
        base: Url,
    }

    impl Pages {
        fn new(payloads: Vec<Value>) -> Self {
            Self { payloads: Arc::new(Mutex::new(payloads)), asked: Arc::default(), base: Url::parse(API.default_base_url).expect("url") }
        }
    }

    impl Executor<Kind> for Pages {
        async fn payload(&self, request: &Request, url: Option<&Url>) -> Result<Payload, Error<Kind>> {
            let query = request.query.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("&");
            self.asked.lock().expect("lock").push(url.map_or_else(|| query, ToString::to_string));
            let mut payloads = self.payloads.lock().expect("lock");
            let value = if payloads.is_empty() { json!({"items": []}) } else { payloads.remove(0) };
            let response = crate::execute::tests_support::raw_response(200, "{}");
            Ok(Payload { text: value.to_string().into(), response })
        }

        fn base_url(&self) -> &Url {
            &self.base
        }

        fn show_url<'u>(&self, url: &'u Url) -> std::borrow::Cow<'u, str> {
            std::borrow::Cow::Borrowed(url.as_str())
        }
    }

    static NUMBERED: Pagination = Pagination::PageNumber { items: JsonPath(&["items"]), param: PageParam::Query("page"), first: 1, total_pages: None, total: None, size_param: None };
    static NUMBERED_LIST: Endpoint = endpoint(Method::GET, "/items", Some(&NUMBERED));
    static LINKED: Pagination = Pagination::NextLink { items: JsonPath(&["items"]), next: JsonPath(&["next"]), total: Some(JsonPath(&["count"])) };
    static LINKED_LIST: Endpoint = endpoint(Method::GET, "/items", Some(&LINKED));

    async fn collect(executor: Pages, endpoint: &'static Endpoint) -> (Vec<u8>, Option<Error<Kind>>) {
        let mut items = Vec::new();
        let stream = pages::<Kind, u8>(executor, Request::new(endpoint, &[]));
        futures_util::pin_mut!(stream);
        while let Some(page) = stream.next().await {
            match page {
                Ok(page) => items.extend(page.items),
                Err(error) => return (items, Some(error)),
            }
        }
        (items, None)
    }

    #[tokio::test]
    async fn numbered_pages_go_on_until_an_empty_page_and_a_repeated_page_stops_the_stream() {
        let executor = Pages::new(vec![json!({"items": [1, 2]}), json!({"items": [3]})]);
        let (items, error) = collect(executor.clone(), &NUMBERED_LIST).await;
        assert_eq!((items, error.is_none()), (vec![1, 2, 3], true));
        assert_eq!(*executor.asked.lock().expect("lock"), ["", "page=2", "page=3"]);
        let ignoring = Pages::new(vec![json!({"items": [1, 2]}), json!({"items": [1, 2]})]);
        let (items, error) = collect(ignoring, &NUMBERED_LIST).await;
        assert_eq!(items, [1, 2]);
        assert!(error.is_some_and(|error| error.to_string().contains("seems to ignore the page parameter")));
    }

    #[tokio::test]
    async fn next_links_are_followed_on_the_origin_only_and_totals_read() {
        let executor = Pages::new(vec![json!({"items": [1], "count": 2, "next": "/v1/items?after=1"}), json!({"items": [2], "next": "https://evil.example.com/steal"})]);
        let first: Page<u8> = fetch_page_at(&executor, &Request::new(&LINKED_LIST, &[]).expect("request"), None, 0).await.expect("page").page;
        assert_eq!((first.total, first.next_token()), (Some(2), Some("https://api.example.com/v1/items?after=1")));
        assert_eq!(first.metadata, Some(json!({"count": 2, "next": "/v1/items?after=1"})));
        let rest = executor.payloads.lock().expect("lock").clone();
        let (items, error) = collect(Pages::new(rest), &LINKED_LIST).await;
        assert_eq!(items, [2]);
        assert!(error.is_some_and(|error| error.to_string().contains("not to the configured origin")));
    }

    #[tokio::test]
    async fn a_page_without_its_items_is_a_decode_error() {
        let executor = Pages::new(vec![json!({"data": [1]})]);
        let error = fetch_page_at::<Kind, u8>(&executor, &Request::new(&NUMBERED_LIST, &[]).expect("request"), None, 0).await.err().expect("no items");
        assert!(matches!(error, Error::Decode { .. }) && error.report().to_string().contains("no items at `items`"), "{error}");
    }
}
