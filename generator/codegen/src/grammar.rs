//! The spec language's grammar: every object a spec may contain, its keys, what each key holds
//! and what it means. The loader checks key names against these tables (so a key it accepts is
//! always declared here), and [`crate::schema`] turns them into the JSON Schema editors use, so
//! the two cannot drift apart.

/// What a key holds.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// A string.
    Text,
    /// One of a fixed set of strings.
    TextOf(&'static [&'static str]),
    /// A type expression: `string`, `list<User>`, `map<integer>`, a model or enum name.
    TypeExpr,
    /// A non-negative integer.
    Count,
    /// `true` or `false`.
    Flag,
    /// A name, or a list of names.
    Names,
    /// A string, an integer or a boolean.
    Literal,
    /// Any JSON value (example data).
    Json,
    /// A mapping with the keys of an [`Object`].
    Object(&'static Object),
    /// A mapping from names the spec chooses to values of one shape (`models`, `params`);
    /// empty (`null`) is allowed.
    Entries(&'static Shape),
    /// A list.
    List(&'static Shape),
    /// Any of several shapes.
    Either(&'static [Shape]),
}

/// A mapping with a fixed set of keys.
#[derive(Debug)]
pub struct Object {
    /// The definition's name in the JSON Schema.
    pub name: &'static str,
    /// What it describes.
    pub doc: &'static str,
    /// Its keys, in the order the docs list them.
    pub keys: &'static [Key],
}

/// One key of an [`Object`].
#[derive(Debug)]
pub struct Key {
    /// The key.
    pub name: &'static str,
    /// What its value holds.
    pub shape: Shape,
    /// Whether every object must have it (keys required only in some cases are not).
    pub required: bool,
    /// What it means.
    pub doc: &'static str,
}

impl Object {
    /// The key names, in order.
    pub fn key_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.keys.iter().map(|key| key.name)
    }
}

/// Every object of the language reachable from [`SPEC`], each once, in the order first met.
pub fn objects() -> Vec<&'static Object> {
    fn walk(shape: &Shape, found: &mut Vec<&'static Object>) {
        match shape {
            Shape::Object(object) if !found.iter().any(|seen| std::ptr::eq(*seen, *object)) => {
                found.push(object);
                object.keys.iter().for_each(|key| walk(&key.shape, found));
            }
            Shape::Entries(inner) | Shape::List(inner) => walk(inner, found),
            Shape::Either(shapes) => shapes.iter().for_each(|shape| walk(shape, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(&Shape::Object(&SPEC), &mut found);
    found
}

const fn key(name: &'static str, shape: Shape, doc: &'static str) -> Key {
    Key { name, shape, required: false, doc }
}

const fn required(name: &'static str, shape: Shape, doc: &'static str) -> Key {
    Key { name, shape, required: true, doc }
}

/// HTTP methods, as written in specs.
pub const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];
/// `trailing_slash` rules.
pub const TRAILING_SLASH_RULES: &[&str] = &["always", "never", "any"];
/// Auth placements.
pub const AUTH_TYPES: &[&str] = &["header", "query", "bearer", "basic"];
/// How an OAuth 2.0 client authenticates at the token endpoint.
pub const CLIENT_AUTH: &[&str] = &["basic", "body"];
/// Body encodings (request bodies and webhook deliveries).
pub const ENCODINGS: &[&str] = &["json", "form"];
/// Request body encodings.
pub const BODY_ENCODINGS: &[&str] = &["json", "form", "multipart"];
/// Webhook signature algorithms.
pub const SIGNATURE_ALGORITHMS: &[&str] = &["hmac_sha256"];
/// Webhook signature encodings.
pub const SIGNATURE_ENCODINGS: &[&str] = &["hex", "base64"];
/// Parameter locations.
pub const PARAM_LOCATIONS: &[&str] = &["path", "query", "header"];
/// How list (and JSON) query parameters are written.
pub const LIST_STYLES: &[&str] = &["csv", "repeat", "json", "brackets"];
/// How form bodies write nested objects, maps and lists.
pub const FORM_NESTINGS: &[&str] = &["json", "brackets"];

/// HTTP's transient statuses, which every client knows whether or not a table lists them: the
/// kind's name, its meaning, and whether the provider cannot have acted on the request.
pub const TRANSIENT_STATUSES: &[(u16, &str, &str, bool)] = &[
    (429, "rate_limited", "Too many requests: the provider did not act on the request, so the client waits as `Retry-After` asks and sends it again, whatever its method.", true),
    (502, "bad_gateway", "A gateway got no valid answer from the provider's server; idempotent calls are retried.", false),
    (503, "service_unavailable", "The provider is overloaded or down for maintenance; idempotent calls are retried.", false),
    (504, "gateway_timeout", "A gateway timed out waiting for the provider's server; idempotent calls are retried.", false),
];

/// The top level of a spec.
pub static SPEC: Object = Object {
    name: "Spec",
    doc: "One provider's HTTP API, from which `cargo xtask codegen` generates a typed Rust client crate.",
    keys: &[
        required("name", Shape::Text, "The crate name: lowercase letters, digits, `-`, `_`, starting with a letter. Also the folder under `generated/`."),
        required("title", Shape::Text, "The provider's name in prose (\"HyperTrack\")."),
        key("description", Shape::Text, "Crate documentation (Markdown)."),
        key("api_version", Shape::Text, "The provider's API version, shown in the docs."),
        key("docs_url", Shape::Text, "Link to the provider's documentation."),
        key("package", Shape::Object(&PACKAGE), "The generated crate's package metadata, for publishing it: version, license, repository, crates.io keywords and categories."),
        required("base_url", Shape::Text, "Default base URL, `http://` or `https://`, no query. Endpoint paths are appended to it; clients can override it. A `{name}` placeholder in the host or path (`https://{subdomain}.example.com`) becomes a client builder method callers fill it with."),
        key("trailing_slash", Shape::TextOf(TRAILING_SLASH_RULES), "`always` (every path ends with `/`), `never` (no path does) or `any` (default)."),
        key("defaults", Shape::Object(&DEFAULTS), "Schemes endpoints use unless they name their own."),
        key("retry", Shape::Object(&RETRY), "The provider's retry policy."),
        key("rate_limits", Shape::List(&Shape::Object(&RATE_LIMIT)), "Client-side rate-limit windows, all enforced."),
        key("method_override", Shape::Object(&METHOD_OVERRIDE), "Lets clients send some methods as POST with the real method in a header."),
        key(
            "headers",
            Shape::Entries(&Shape::Either(&[Shape::Literal, Shape::Object(&CONSTANT_HEADER)])),
            "Headers every request sends, by name: a value (`Accept: application/vnd.example+json` replaces the default `Accept`), or `{value, setter, doc}` to let callers choose another value with a client-builder setter.",
        ),
        key(
            "follow_redirects",
            Shape::Count,
            "How many redirects (301, 302, 307, 308) of a GET or HEAD the client follows within the API's origin, 1 to 10. Absent: none; a redirect is an error.",
        ),
        key("idempotency", Shape::Object(&IDEMPOTENCY), "The header the provider takes idempotency keys in, and the methods whose calls get one."),
        key("auth", Shape::Entries(&Shape::Object(&AUTH)), "Auth schemes by name."),
        key("pagination", Shape::Entries(&Shape::Either(&PAGINATION_SHAPES)), "Pagination schemes by name."),
        key("envelopes", Shape::Entries(&Shape::Object(&ENVELOPE)), "Success envelopes by name."),
        key("errors", Shape::Entries(&Shape::Object(&ERROR_TABLE)), "Error tables by name."),
        key("models", Shape::Entries(&Shape::Object(&MODEL)), "JSON object types by name."),
        key("enums", Shape::Entries(&Shape::Object(&ENUM)), "Enumerations by name."),
        key("unions", Shape::Entries(&Shape::Object(&UNION)), "Values of one of several types (an id or the object it names), by name."),
        key("resources", Shape::Entries(&Shape::Object(&RESOURCE)), "Documentation of resources (endpoint groups)."),
        key("endpoints", Shape::Entries(&Shape::Entries(&Shape::Object(&ENDPOINT))), "Endpoints grouped by resource: `resource: {endpoint: {...}}`."),
        key("webhooks", Shape::Entries(&Shape::Object(&WEBHOOK)), "Webhooks (callbacks) the provider sends to the user's server."),
        key("example_data", Shape::Json, "Free-form values reused in examples through YAML anchors; otherwise ignored."),
    ],
};

/// `package`.
pub static PACKAGE: Object = Object {
    name: "Package",
    doc: "The generated crate's package metadata (its `Cargo.toml`), for publishing it.",
    keys: &[
        key("version", Shape::Text, "The crate's version, `MAJOR.MINOR.PATCH` with an optional `-pre` and `+build` (`0.1.0`)."),
        key(
            "publish",
            Shape::Flag,
            "Whether `cargo publish` may publish the crate (`false`: a crate named after a provider is not published by accident).",
        ),
        key("license", Shape::Text, "The crate's license, an SPDX expression (`MIT OR Apache-2.0`)."),
        key("repository", Shape::Text, "The `https://` URL of the repository the crate is published from."),
        key("keywords", Shape::Names, "Up to five crates.io keywords: ASCII letters, digits, `_`, `-`, `+`, starting with a letter, at most 20 characters."),
        key("categories", Shape::Names, "Up to five crates.io category slugs (`api-bindings`, `web-programming::http-client`)."),
    ],
};

/// `defaults`.
pub static DEFAULTS: Object = Object {
    name: "Defaults",
    doc: "Schemes endpoints use unless they name their own.",
    keys: &[
        key("auth", Shape::Names, "Auth scheme names applied to every endpoint (all of them are sent). Absent: no auth."),
        key("errors", Shape::Text, "The error table endpoints use. Absent: the first table."),
        key("envelope", Shape::Text, "The success envelope endpoints unwrap. Absent: none."),
        key("body_encoding", Shape::TextOf(BODY_ENCODINGS), "How endpoints send their body unless they say otherwise: `json` (default), `form` or `multipart`."),
        key("form_nesting", Shape::TextOf(FORM_NESTINGS), FORM_NESTING_DOC),
    ],
};

const FORM_NESTING_DOC: &str =
    "How form bodies write nested objects, maps and lists: `json` (as JSON text, default) or `brackets` (`metadata[key]=v`, `expand[]=x`, `items[0][price]=p`).";

/// `retry`.
pub static RETRY: Object = Object {
    name: "Retry",
    doc: "The provider's retry policy; unset values keep the runtime's defaults.",
    keys: &[
        key("max_attempts", Shape::Count, "Attempts in total, the first included (3); 1 turns retries off."),
        key("initial_backoff_ms", Shape::Count, "Wait before the first retry, doubling after each (200)."),
        key("max_backoff_ms", Shape::Count, "Longest wait between attempts (20,000)."),
        key("max_elapsed_ms", Shape::Count, "No retry starts that would end later than this after the first attempt (60,000)."),
        key("retry_after_cap_ms", Shape::Count, "Longest `Retry-After` honoured; a longer one returns the error (60,000)."),
    ],
};

/// One `rate_limits` window.
pub static RATE_LIMIT: Object = Object {
    name: "RateLimit",
    doc: "A client-side rate-limit window.",
    keys: &[
        required("requests", Shape::Count, "Requests allowed in the window (at least 1)."),
        required("per_seconds", Shape::Count, "The window's length in seconds (at least 1)."),
    ],
};

/// `idempotency`.
pub static IDEMPOTENCY: Object = Object {
    name: "Idempotency",
    doc: "Idempotency keys: a request carrying one is acted on at most once, however often it is sent.",
    keys: &[
        required("header", Shape::Text, "The header carrying the key (`Idempotency-Key`)."),
        key("methods", Shape::Names, "The methods whose calls get a fresh key each (default `[POST]`)."),
    ],
};

/// A constant header of the whole API, in its long form.
pub static CONSTANT_HEADER: Object = Object {
    name: "ConstantHeader",
    doc: "A header every request sends, whose value callers may choose.",
    keys: &[
        required("value", Shape::Literal, "The value sent unless the caller chooses another."),
        key("setter", Shape::Text, "The client-builder setter that sends another value (`api_version`); snake_case."),
        key("doc", Shape::Text, "Documentation of the setter."),
    ],
};

/// `method_override`.
pub static METHOD_OVERRIDE: Object = Object {
    name: "MethodOverride",
    doc: "Lets clients send some methods as POST with the real method in a header.",
    keys: &[
        required("header", Shape::Text, "The header carrying the real method."),
        required("methods", Shape::Names, "The methods that may be sent this way."),
    ],
};

/// An auth scheme.
pub static AUTH: Object = Object {
    name: "AuthScheme",
    doc: "Where a credential goes, and how a token is obtained.",
    keys: &[
        required("type", Shape::TextOf(AUTH_TYPES), "`header`, `query`, `bearer` or `basic`."),
        key("doc", Shape::Text, "Documentation of the builder setter."),
        key("name", Shape::Text, "For `header`: the header name. For `query`: the parameter name."),
        key("prefix", Shape::Text, "For `header`: text put before the credential, including any space (`\"token \"`)."),
        key("alternative", Shape::Object(&AUTH_ALTERNATIVE), "A second placement the provider also accepts."),
        key("oauth2", Shape::Object(&OAUTH2), "How the token is obtained with the OAuth 2.0 authorization-code flow."),
        key("session", Shape::Object(&SESSION), "How the token is obtained by logging in, and renewed when it expires."),
    ],
};

/// `auth.<name>.alternative`.
pub static AUTH_ALTERNATIVE: Object = Object {
    name: "AuthAlternative",
    doc: "A second placement of the same credential.",
    keys: &[
        required("type", Shape::TextOf(AUTH_TYPES), "`header`, `query`, `bearer` or `basic`."),
        key("name", Shape::Text, "For `header`: the header name. For `query`: the parameter name."),
        key("prefix", Shape::Text, "For `header`: text put before the credential."),
    ],
};

/// `auth.<name>.session`.
pub static SESSION: Object = Object {
    name: "Session",
    doc: "A login session: the token comes from login endpoints and is renewed when it expires.",
    keys: &[
        required("login", Shape::Names, "Endpoints (`resource.endpoint`) whose successful responses carry a new token."),
        required("token", Shape::Text, "Path of the token in those payloads (after the envelope)."),
        key("user_id", Shape::Text, "Path of the user id in them, kept for the renewal's path."),
        key("renew", Shape::Text, "The renewal endpoint (`resource.endpoint`); at most one path parameter."),
        key("renew_field", Shape::Text, "The body field carrying the old token (default `token`)."),
        key("expired", Shape::List(&Shape::Count), "HTTP statuses or error codes meaning the token expired."),
    ],
};

/// `auth.<name>.oauth2`.
pub static OAUTH2: Object = Object {
    name: "OAuth2",
    doc: "The OAuth 2.0 authorization-code flow that yields the token.",
    keys: &[
        required("authorize_url", Shape::Text, "The consent page users are sent to."),
        required("token_url", Shape::Text, "Where codes are exchanged for tokens."),
        key("revoke_url", Shape::Text, "Where tokens are revoked."),
        key("client_auth", Shape::TextOf(CLIENT_AUTH), "`basic` (client id and secret in HTTP Basic, the default) or `body` (in the form body)."),
        required("token_response", Shape::TypeExpr, "The model the token endpoint returns."),
        key("authorize_params", Shape::Names, "Extra consent-page parameters, each a setter on the authorize URL builder."),
        key("scopes", Shape::Object(&SCOPES), "The scope format. Without it, a scope is a string."),
        key("example", Shape::Object(&OAUTH2_EXAMPLE), "A code and the token response it gets; it becomes the exchange's test."),
    ],
};

/// `oauth2.scopes`.
pub static SCOPES: Object = Object {
    name: "Scopes",
    doc: "The scope format: plain values, and bracketed groups listing permissions.",
    keys: &[
        key("separator", Shape::Text, "Joins the parts of a scope (default a space)."),
        key("values", Shape::Names, "Plain scope values."),
        key("groups", Shape::Names, "Bracketed group names (`location[...]`)."),
        key("permissions", Shape::Names, "Permissions inside brackets (`orders.read`)."),
    ],
};

/// `oauth2.example`.
pub static OAUTH2_EXAMPLE: Object = Object {
    name: "OAuth2Example",
    doc: "A code and the token response it gets.",
    keys: &[
        required("code", Shape::Text, "The authorization code."),
        required("response", Shape::Json, "The token endpoint's answer."),
    ],
};

/// `page_size` of a pagination scheme.
pub static PAGE_SIZE: Object = Object {
    name: "PageSize",
    doc: "The page-size parameter and the largest value the provider accepts.",
    keys: &[
        required("param", Shape::Text, "The query parameter (or body member, with `in: body`)."),
        required("max", Shape::Count, "The largest page size the provider accepts, at least 1."),
    ],
};

const STYLE_DOC: &str = "How the next page is found.";
const ITEMS: Key = key("items", Shape::Text, "JSON path of the items in a page (`\"\"` for the body itself).");
const PAGE_SIZE_KEY: Key = key("page_size", Shape::Object(&PAGE_SIZE), "The page-size parameter and its maximum.");
const TOTAL: Key = key("total", Shape::Text, "JSON path of the total item count.");
/// Where a pagination scheme's parameters go.
pub const PAGE_PARAMS_IN: &[&str] = &["query", "body"];
const PARAMS_IN: Key = key(
    "in",
    Shape::TextOf(PAGE_PARAMS_IN),
    "Where the scheme's parameters (cursor, page number, offset, limit, page size) go: `query` (the default), or `body`, as members of the endpoint's JSON body model, for searches called with POST.",
);

/// A pagination scheme of a style the loader does not know: only the keys every style has.
pub static PAGINATION_ANY: Object = Object {
    name: "Pagination",
    doc: "A pagination scheme.",
    keys: &[required("style", Shape::TextOf(PAGINATION_STYLES), STYLE_DOC), ITEMS, PAGE_SIZE_KEY],
};

/// Pagination styles.
pub const PAGINATION_STYLES: &[&str] = &["next_link", "link_header", "cursor_header", "cursor_body", "last_item", "page_number", "offset_limit"];

/// A `next_link` pagination scheme.
pub static NEXT_LINK_PAGINATION: Object = Object {
    name: "NextLinkPagination",
    doc: "The URL of the next page is in the body; null or absent on the last page.",
    keys: &[
        required("style", Shape::TextOf(&["next_link"]), STYLE_DOC),
        ITEMS,
        PAGE_SIZE_KEY,
        required("next", Shape::Text, "JSON path of the next page's URL (absolute or relative)."),
        TOTAL,
    ],
};

/// A `link_header` pagination scheme.
pub static LINK_HEADER_PAGINATION: Object = Object {
    name: "LinkHeaderPagination",
    doc: "The next page is the RFC 8288 `Link` header's `rel=\"next\"` target.",
    keys: &[required("style", Shape::TextOf(&["link_header"]), STYLE_DOC), ITEMS, PAGE_SIZE_KEY, TOTAL],
};

/// A `cursor_header` pagination scheme.
pub static CURSOR_HEADER_PAGINATION: Object = Object {
    name: "CursorHeaderPagination",
    doc: "A cursor in a response header, sent back as a request parameter; no header on the last page.",
    keys: &[
        required("style", Shape::TextOf(&["cursor_header"]), STYLE_DOC),
        ITEMS,
        PAGE_SIZE_KEY,
        required("header", Shape::Text, "The response header holding the cursor."),
        required("param", Shape::Text, "The parameter the cursor is sent back as."),
        PARAMS_IN,
        TOTAL,
    ],
};

/// A `cursor_body` pagination scheme.
pub static CURSOR_BODY_PAGINATION: Object = Object {
    name: "CursorBodyPagination",
    doc: "A cursor in the response body, sent back as a request parameter; null or absent at the end.",
    keys: &[
        required("style", Shape::TextOf(&["cursor_body"]), STYLE_DOC),
        ITEMS,
        PAGE_SIZE_KEY,
        required("cursor", Shape::Text, "JSON path of the cursor."),
        required("param", Shape::Text, "The parameter the cursor is sent back as."),
        PARAMS_IN,
        TOTAL,
    ],
};

/// A `last_item` pagination scheme.
pub static LAST_ITEM_PAGINATION: Object = Object {
    name: "LastItemPagination",
    doc: "The next page starts after the last item: a member of it (its id) is sent back as a request parameter while a boolean says more exist.",
    keys: &[
        required("style", Shape::TextOf(&["last_item"]), STYLE_DOC),
        ITEMS,
        PAGE_SIZE_KEY,
        required("id", Shape::Text, "JSON path, within an item, of the value sent back (`id`)."),
        required("param", Shape::Text, "The parameter it is sent back as (`starting_after`)."),
        PARAMS_IN,
        required("has_more", Shape::Text, "JSON path of the boolean saying more items exist (`has_more`); false or absent ends the list."),
        TOTAL,
    ],
};

/// A `page_number` pagination scheme.
pub static PAGE_NUMBER_PAGINATION: Object = Object {
    name: "PageNumberPagination",
    doc: "Numbered pages; ends on an empty page, at the page count, or when the total is reached.",
    keys: &[
        required("style", Shape::TextOf(&["page_number"]), STYLE_DOC),
        ITEMS,
        PAGE_SIZE_KEY,
        required("param", Shape::Text, "The page-number parameter."),
        PARAMS_IN,
        key("first", Shape::Count, "The first page's number (default 1)."),
        key("total_pages", Shape::Text, "JSON path of the page count."),
        TOTAL,
        key("size_param", Shape::Text, "The page-size parameter, used with `total`."),
    ],
};

/// A `offset_limit` pagination scheme.
pub static OFFSET_LIMIT_PAGINATION: Object = Object {
    name: "OffsetLimitPagination",
    doc: "Offset and limit; ends on an empty or short page, or when the offset reaches the total.",
    keys: &[
        required("style", Shape::TextOf(&["offset_limit"]), STYLE_DOC),
        ITEMS,
        PAGE_SIZE_KEY,
        required("offset_param", Shape::Text, "The offset parameter."),
        required("limit_param", Shape::Text, "The limit parameter."),
        PARAMS_IN,
        TOTAL,
    ],
};

/// Each pagination style with its keys.
pub static PAGINATION_BY_STYLE: [&Object; 7] = [
    &NEXT_LINK_PAGINATION,
    &LINK_HEADER_PAGINATION,
    &CURSOR_HEADER_PAGINATION,
    &CURSOR_BODY_PAGINATION,
    &LAST_ITEM_PAGINATION,
    &PAGE_NUMBER_PAGINATION,
    &OFFSET_LIMIT_PAGINATION,
];

static PAGINATION_SHAPES: [Shape; 7] = [
    Shape::Object(&NEXT_LINK_PAGINATION),
    Shape::Object(&LINK_HEADER_PAGINATION),
    Shape::Object(&CURSOR_HEADER_PAGINATION),
    Shape::Object(&CURSOR_BODY_PAGINATION),
    Shape::Object(&LAST_ITEM_PAGINATION),
    Shape::Object(&PAGE_NUMBER_PAGINATION),
    Shape::Object(&OFFSET_LIMIT_PAGINATION),
];

/// The keys of a pagination scheme of `style` (every style's common keys for an unknown one).
pub fn pagination_object(style: &str) -> &'static Object {
    PAGINATION_BY_STYLE.iter().copied().find(|object| matches!(object.keys[0].shape, Shape::TextOf([name]) if *name == style)).unwrap_or(&PAGINATION_ANY)
}

/// An endpoint's `pagination` given as an object.
pub static PAGINATION_USE: Object = Object {
    name: "PaginationUse",
    doc: "A pagination scheme with this endpoint's own paths.",
    keys: &[
        required("scheme", Shape::Text, "The pagination scheme's name."),
        key("items", Shape::Text, "JSON path of the items, overriding the scheme's."),
        key("total", Shape::Text, "JSON path of the total, overriding the scheme's."),
    ],
};

/// A success envelope.
pub static ENVELOPE: Object = Object {
    name: "Envelope",
    doc: "Where the payload sits in successful responses, and how request bodies are wrapped.",
    keys: &[
        required("data", Shape::Text, "JSON path of the payload (`\"\"` for the body itself)."),
        key("success", Shape::Object(&ENVELOPE_SUCCESS), "The field that marks success and its value on success."),
        key("request", Shape::Object(&ENVELOPE_REQUEST), "JSON request bodies are sent as `{<field>: <body>, <constants>...}`."),
    ],
};

/// `envelopes.<name>.success`.
pub static ENVELOPE_SUCCESS: Object = Object {
    name: "EnvelopeSuccess",
    doc: "A success flag: a response without that value is an API error.",
    keys: &[
        required("field", Shape::Text, "JSON path of the flag."),
        required("equals", Shape::Literal, "Its value on success."),
        key("optional", Shape::Flag, "Whether a response without the flag counts as a success."),
    ],
};

/// `envelopes.<name>.request`.
pub static ENVELOPE_REQUEST: Object = Object {
    name: "EnvelopeRequest",
    doc: "A request wrapper.",
    keys: &[
        required("field", Shape::Text, "The member holding the body."),
        key("constants", Shape::Entries(&Shape::Literal), "Constant members sent beside it."),
    ],
};

/// An error table.
pub static ERROR_TABLE: Object = Object {
    name: "ErrorTable",
    doc: "How error bodies are read, and which statuses and codes mean which error kind.",
    keys: &[
        key("message", Shape::Names, "JSON path of the message in error bodies, or a list of paths (the first present wins). A number indexes a list: `errors.0.message`."),
        key("code", Shape::Names, "JSON path of the application error code, or a list of paths."),
        key("field_errors", Shape::Object(&FIELD_ERRORS), "The array of per-field errors and the keys in each element."),
        key("request_id_header", Shape::Text, "Response header with the provider's request id."),
        key("statuses", Shape::Entries(&Shape::Object(&ERROR_ENTRY)), "HTTP status (`404`) or class (`5xx`) -> entry. Exact statuses win over classes."),
        key("codes", Shape::Entries(&Shape::Object(&ERROR_ENTRY)), "Application code (as text: `\"13\"`) -> entry. Codes win over statuses."),
        key("model", Shape::Text, "The model error bodies decode into, for members the table does not name (`type`, `param`, `doc_url`): `error.body_as::<models::Name>()`."),
    ],
};

/// `errors.<name>.field_errors`.
pub static FIELD_ERRORS: Object = Object {
    name: "FieldErrors",
    doc: "Per-field validation errors.",
    keys: &[
        required("list", Shape::Text, "JSON path of the array."),
        required("field", Shape::Text, "The key of the field name in each element."),
        required("message", Shape::Text, "The key of the message in each element."),
        key("code", Shape::Text, "The key of the error code in each element (`missing_field`), if there is one."),
    ],
};

/// An error table entry.
pub static ERROR_ENTRY: Object = Object {
    name: "ErrorEntry",
    doc: "An error kind for a status or code.",
    keys: &[
        required("kind", Shape::Text, "The error kind (a variant of the crate's `ErrorKind`)."),
        key("doc", Shape::Text, "What it means."),
        key("retryable", Shape::Flag, "Whether retrying may help."),
        key("unprocessed", Shape::Flag, "Whether the provider did nothing, so even non-idempotent requests may be resent."),
        key("with_retry_after", Shape::Text, "For statuses: the kind this status means when the response carries `Retry-After` (a 403 that is a secondary rate limit); a kind of the spec's tables."),
    ],
};

/// A model.
pub static MODEL: Object = Object {
    name: "Model",
    doc: "A JSON object type.",
    keys: &[
        key("doc", Shape::Text, "Documentation."),
        key("fields", Shape::Entries(&Shape::Either(&[Shape::TypeExpr, Shape::Object(&FIELD)])), "Fields by JSON key: a type expression, or `{type, doc, required, nullable}`."),
    ],
};

/// A model field.
pub static FIELD: Object = Object {
    name: "Field",
    doc: "A model field.",
    keys: &[
        required("type", Shape::TypeExpr, "Type expression."),
        key("doc", Shape::Text, "Documentation."),
        key("required", Shape::Flag, "Always present (default `false`)."),
        key("nullable", Shape::Flag, "May be `null`."),
        key("rust_name", Shape::Text, "The Rust name, instead of the one made from the wire name: settles a clash without changing the wire."),
    ],
};

/// A union.
pub static UNION: Object = Object {
    name: "Union",
    doc: "A value of one of several types, decoded by shape: the first alternative that fits wins.",
    keys: &[
        key("doc", Shape::Text, "Documentation."),
        required("of", Shape::List(&Shape::TypeExpr), "The alternatives, at least two, in the order they are tried: `[string, Customer]`."),
    ],
};

/// An enum.
pub static ENUM: Object = Object {
    name: "Enum",
    doc: "An enumeration of string or integer wire values.",
    keys: &[
        key("doc", Shape::Text, "Documentation."),
        required(
            "values",
            Shape::List(&Shape::Either(&[Shape::Text, Shape::Object(&INTEGER_ENUM_VALUE), Shape::Object(&ENUM_VALUE)])),
            "The wire values: strings, `{value, doc}`, or integers named `{value: 0, name: work}`.",
        ),
    ],
};

/// A documented string enum value.
pub static ENUM_VALUE: Object = Object {
    name: "EnumValue",
    doc: "A string enum value with documentation.",
    keys: &[
        required("value", Shape::Text, "The wire value."),
        key("doc", Shape::Text, "Documentation."),
        key("rust_name", Shape::Text, "The variant's Rust name, instead of the one made from the value: settles a clash without changing the wire."),
    ],
};

/// An integer enum value.
pub static INTEGER_ENUM_VALUE: Object = Object {
    name: "IntegerEnumValue",
    doc: "An integer enum value and its variant's name.",
    keys: &[
        required("value", Shape::Count, "The wire value."),
        required("name", Shape::Text, "The variant's name."),
        key("doc", Shape::Text, "Documentation."),
    ],
};

/// A resource's documentation.
pub static RESOURCE: Object = Object {
    name: "Resource",
    doc: "Documentation of a resource (an endpoint group).",
    keys: &[key("doc", Shape::Text, "Documentation of the resource's module and handle.")],
};

/// An endpoint.
pub static ENDPOINT: Object = Object {
    name: "Endpoint",
    doc: "One HTTP operation, which becomes a method on its resource's handle.",
    keys: &[
        key("doc", Shape::Text, "Documentation."),
        required("method", Shape::TextOf(METHODS), "`GET`, `POST`, `PUT`, `PATCH`, `DELETE` or `HEAD`."),
        required("path", Shape::Text, "Path template relative to the base URL, starting with `/`; `{name}` for path parameters."),
        key("params", Shape::Entries(&Shape::Object(&PARAM)), "Path, query and header parameters by wire name."),
        key("body", Shape::TypeExpr, "The model sent as the JSON body, `bytes` for a raw body, or a `list<T>` / `map<T>` taken whole."),
        key("response", Shape::TypeExpr, "Type of the success payload (after the envelope); for paginated endpoints, of one item. `bytes` or `stream` for raw bodies."),
        key("pagination", Shape::Either(&[Shape::Text, Shape::Object(&PAGINATION_USE)]), "A pagination scheme name, or `{scheme, items, total}` to override paths."),
        key("auth", Shape::Names, "Auth scheme names, overriding `defaults.auth` (`[]` for none)."),
        key("errors", Shape::Text, "Error table name, overriding `defaults.errors`."),
        key("envelope", Shape::Text, "Envelope name overriding `defaults.envelope`, or `none`."),
        key("idempotent", Shape::Flag, "Whether sending twice equals sending once (default: true for GET, HEAD, PUT, DELETE)."),
        key(
            "body_encoding",
            Shape::TextOf(BODY_ENCODINGS),
            "`json` (default, or `defaults.body_encoding`), `form` (`application/x-www-form-urlencoded`) or `multipart` (`multipart/form-data`, with `file` fields as file parts).",
        ),
        key("form_nesting", Shape::TextOf(FORM_NESTINGS), FORM_NESTING_DOC),
        key("headers", Shape::Entries(&Shape::Literal), "Headers this endpoint sends with fixed values, by name, over the API's `headers` (an `Accept` of its own)."),
        key("examples", Shape::List(&Shape::Object(&EXAMPLE)), "Example calls; each becomes a generated test."),
    ],
};

/// A parameter.
pub static PARAM: Object = Object {
    name: "Param",
    doc: "A path, query or header parameter.",
    keys: &[
        required("in", Shape::TextOf(PARAM_LOCATIONS), "`path`, `query` or `header`."),
        required("type", Shape::TypeExpr, "Type expression."),
        key("doc", Shape::Text, "Documentation."),
        key("required", Shape::Flag, "Required parameters become method arguments; path parameters always are."),
        key(
            "style",
            Shape::TextOf(LIST_STYLES),
            "For lists: `csv` (default) or `repeat`; `json` sends the value as JSON text; `brackets` sends lists as `name[]=a&name[]=b` and maps and models as `name[key]=v`.",
        ),
        key("rust_name", Shape::Text, "The Rust name, instead of the one made from the wire name: settles a clash without changing the wire."),
    ],
};

/// An endpoint example.
pub static EXAMPLE: Object = Object {
    name: "Example",
    doc: "An example call: the request the client must send and the response it decodes.",
    keys: &[
        key("name", Shape::Text, "Used in the test's name."),
        key("doc", Shape::Text, "Description."),
        key("params", Shape::Entries(&Shape::Json), "Parameter values by wire name."),
        key("body", Shape::Json, "The JSON body sent (a string for a `bytes` body)."),
        key("content_type", Shape::Text, "For a `bytes` body: its content type."),
        key("response", Shape::Object(&EXAMPLE_RESPONSE), "The response the server gives."),
    ],
};

/// An example's response.
pub static EXAMPLE_RESPONSE: Object = Object {
    name: "ExampleResponse",
    doc: "An example response.",
    keys: &[
        key("status", Shape::Count, "The HTTP status (default 200): 2xx for a successful call, 4xx or 5xx for an error example, whose test checks the error the client returns."),
        key("headers", Shape::Entries(&Shape::Text), "Response headers."),
        key("body", Shape::Json, "The response body, envelope included."),
    ],
};

/// A webhook.
pub static WEBHOOK: Object = Object {
    name: "Webhook",
    doc: "A callback the provider sends to the user's server.",
    keys: &[
        key("doc", Shape::Text, "Documentation."),
        required("payload", Shape::TypeExpr, "Type expression of the body (usually a model)."),
        key("format", Shape::TextOf(ENCODINGS), "`json` (default) or `form`."),
        key("json_fields", Shape::Names, "For `form`: the fields that hold JSON text."),
        key("signature", Shape::Object(&SIGNATURE), "Where the signature is and what keys it."),
        key("examples", Shape::List(&Shape::Json), "Example payloads; each becomes a test."),
    ],
};

/// A webhook signature.
pub static SIGNATURE: Object = Object {
    name: "WebhookSignature",
    doc: "An HMAC signature of the raw body.",
    keys: &[
        required("header", Shape::Text, "The header carrying the signature."),
        key("algorithm", Shape::TextOf(SIGNATURE_ALGORITHMS), "`hmac_sha256` (the default)."),
        key("encoding", Shape::TextOf(SIGNATURE_ENCODINGS), "`hex` (default) or `base64`."),
        key("secret", Shape::Text, "What the secret is, for the docs."),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_style_object_is_found_by_its_style() {
        for style in PAGINATION_STYLES {
            let object = pagination_object(style);
            assert!(object.key_names().any(|key| key == "style"));
            assert_ne!(object.name, PAGINATION_ANY.name, "{style}");
        }
        assert_eq!(pagination_object("pages").name, PAGINATION_ANY.name);
        assert_eq!(PAGINATION_BY_STYLE.len(), PAGINATION_STYLES.len());
    }
}
