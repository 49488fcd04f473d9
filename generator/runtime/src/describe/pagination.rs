//! Pagination styles: where a page's items are, how the next page is asked for, and what a page
//! says about the whole list. Generated crates declare one static [`Pagination`] per spec scheme
//! (named from it, such as `CURSOR_PAGINATION`).

use super::json_path::JsonPath;

/// A request parameter that pagination reads and sets: the cursor, page number, offset or page
/// size of the next request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageParam {
    /// A query parameter.
    Query(&'static str),
    /// A member of the JSON request body (inside the endpoint's request wrapper, if it has one),
    /// as search endpoints called with `POST` take their cursor.
    Body(&'static str),
}

impl PageParam {
    /// The parameter's or member's name.
    pub fn name(self) -> &'static str {
        match self {
            PageParam::Query(name) | PageParam::Body(name) => name,
        }
    }
}

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
        /// Where the total item count is, if the provider sends it.
        total: Option<JsonPath>,
    },
    /// A cursor in a response header, sent back in a request parameter.
    CursorHeader {
        /// Where the items are.
        items: JsonPath,
        /// Response header holding the next cursor; absent on the last page.
        header: &'static str,
        /// The parameter that takes the cursor.
        param: PageParam,
        /// Where the total item count is, if the provider sends it.
        total: Option<JsonPath>,
    },
    /// A cursor in the body, sent back in a request parameter.
    CursorBody {
        /// Where the items are.
        items: JsonPath,
        /// Where the next cursor is; null or absent on the last page.
        cursor: JsonPath,
        /// The parameter that takes the cursor.
        param: PageParam,
        /// Where the total item count is, if the provider sends it.
        total: Option<JsonPath>,
    },
    /// The next page starts after the last item: a member of that item (usually its id) is sent
    /// back in a request parameter, while a boolean member of the page says more exist.
    LastItem {
        /// Where the items are.
        items: JsonPath,
        /// Where, in an item, the value sent back is.
        id: JsonPath,
        /// The parameter that takes it (`starting_after`).
        param: PageParam,
        /// Where the flag saying more items exist is (`has_more`).
        has_more: JsonPath,
        /// Where the total item count is, if the provider sends it.
        total: Option<JsonPath>,
    },
    /// Numbered pages.
    PageNumber {
        /// Where the items are.
        items: JsonPath,
        /// The parameter holding the page number.
        param: PageParam,
        /// The number of the first page (usually 1).
        first: u64,
        /// Where the total number of pages is, if the provider sends it.
        total_pages: Option<JsonPath>,
        /// Where the total item count is, if the provider sends it.
        total: Option<JsonPath>,
        /// The page-size parameter: with `total`, the last page is the one that reaches it.
        size_param: Option<PageParam>,
    },
    /// An offset and a limit.
    OffsetLimit {
        /// Where the items are.
        items: JsonPath,
        /// The parameter holding the offset.
        offset_param: PageParam,
        /// The parameter holding the page size.
        limit_param: PageParam,
        /// Where the total item count is, if the provider sends it.
        total: Option<JsonPath>,
    },
}

impl Pagination {
    /// Where a page's items are.
    pub fn items(&self) -> JsonPath {
        match *self {
            Pagination::NextLink { items, .. }
            | Pagination::LinkHeader { items, .. }
            | Pagination::CursorHeader { items, .. }
            | Pagination::CursorBody { items, .. }
            | Pagination::LastItem { items, .. }
            | Pagination::PageNumber { items, .. }
            | Pagination::OffsetLimit { items, .. } => items,
        }
    }

    /// Where the total item count is, if the provider sends it.
    pub fn total(&self) -> Option<JsonPath> {
        match *self {
            Pagination::NextLink { total, .. }
            | Pagination::LinkHeader { total, .. }
            | Pagination::CursorHeader { total, .. }
            | Pagination::CursorBody { total, .. }
            | Pagination::LastItem { total, .. }
            | Pagination::PageNumber { total, .. }
            | Pagination::OffsetLimit { total, .. } => total,
        }
    }

    /// Where the total page count is, for numbered pages.
    pub fn total_pages(&self) -> Option<JsonPath> {
        match *self {
            Pagination::PageNumber { total_pages, .. } => total_pages,
            _ => None,
        }
    }

    /// Whether pages are asked for by number or offset, so a server that ignores the parameter
    /// sends the same items again (rather than a repeated link or cursor).
    pub fn is_positional(&self) -> bool {
        matches!(self, Pagination::PageNumber { .. } | Pagination::OffsetLimit { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_style_says_where_its_items_and_totals_are() {
        let pages = Pagination::PageNumber { items: JsonPath(&["data"]), param: PageParam::Query("page"), first: 1, total_pages: Some(JsonPath(&["pages"])), total: None, size_param: None };
        assert_eq!(pages.items(), JsonPath(&["data"]));
        assert_eq!(pages.total_pages(), Some(JsonPath(&["pages"])));
        assert!(pages.is_positional());
        let link = Pagination::LinkHeader { items: JsonPath::ROOT, total: None };
        assert_eq!((link.total(), link.total_pages(), link.is_positional()), (None, None, false));
        let cursor = Pagination::CursorBody { items: JsonPath(&["data"]), cursor: JsonPath(&["next"]), param: PageParam::Body("after"), total: Some(JsonPath(&["count"])) };
        assert_eq!(cursor.total(), Some(JsonPath(&["count"])), "every style may report a total");
        assert_eq!((PageParam::Query("page").name(), PageParam::Body("after").name()), ("page", "after"));
    }
}
