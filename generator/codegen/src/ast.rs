//! The spec as written: the loader's output. Names are not yet checked against each other and
//! types are still text; [`crate::validate`] and [`crate::resolve`] do that. Every item keeps the
//! YAML path it came from so later stages can point at it.

use serde_json::Value;

/// A value and the YAML path it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Its dotted YAML path.
    pub path: String,
}

impl<T> Spanned<T> {
    /// Pairs a value with its path.
    pub fn new(value: T, path: impl Into<String>) -> Self {
        Self { value, path: path.into() }
    }
}

/// A whole spec file.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    /// Crate name (`name`).
    pub name: Option<Spanned<String>>,
    /// Human name of the provider (`title`).
    pub title: Option<String>,
    /// Crate-level documentation (`description`).
    pub description: Option<String>,
    /// The provider's API version (`api_version`).
    pub api_version: Option<String>,
    /// Link to the provider's docs (`docs_url`).
    pub docs_url: Option<String>,
    /// The generated crate's package metadata (`package`).
    pub package: Package,
    /// Default base URL (`base_url`).
    pub base_url: Option<Spanned<String>>,
    /// The provider's trailing-slash rule for paths (`trailing_slash`).
    pub trailing_slash: TrailingSlash,
    /// Schemes every endpoint uses unless it says otherwise (`defaults`).
    pub defaults: Defaults,
    /// Retry policy (`retry`).
    pub retry: Retry,
    /// Client-side rate limits (`rate_limits`).
    pub rate_limits: Vec<RateLimit>,
    /// Method override (`method_override`).
    pub method_override: Option<MethodOverride>,
    /// Headers every request sends (`headers`).
    pub headers: Vec<ConstantHeader>,
    /// Idempotency keys (`idempotency`).
    pub idempotency: Option<Idempotency>,
    /// How many same-origin redirects of a GET or HEAD are followed (`follow_redirects`).
    pub follow_redirects: u8,
    /// Named auth schemes (`auth`).
    pub auth: Vec<AuthScheme>,
    /// Named pagination schemes (`pagination`).
    pub pagination: Vec<PaginationScheme>,
    /// Named response envelopes (`envelopes`).
    pub envelopes: Vec<Envelope>,
    /// Named error tables (`errors`).
    pub errors: Vec<ErrorTable>,
    /// Models (`models`).
    pub models: Vec<Model>,
    /// Enums (`enums`).
    pub enums: Vec<Enum>,
    /// Unions (`unions`).
    pub unions: Vec<Union>,
    /// Resource documentation (`resources`).
    pub resources: Vec<ResourceDoc>,
    /// Endpoints grouped by resource (`endpoints`).
    pub endpoint_groups: Vec<EndpointGroup>,
    /// Webhooks the provider sends (`webhooks`).
    pub webhooks: Vec<Webhook>,
}

/// A webhook (callback) the provider sends to the user's server.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// Its name.
    pub name: Spanned<String>,
    /// Documentation.
    pub doc: Option<String>,
    /// Type expression of the payload (a JSON body).
    pub payload: Spanned<String>,
    /// How deliveries are signed, if they are.
    pub signature: Option<WebhookSignature>,
    /// Example payloads, which become tests.
    pub examples: Vec<Spanned<Value>>,
    /// `json` (default) or `form` (form-encoded fields).
    pub form: bool,
    /// For form webhooks: the fields that hold JSON text.
    pub json_fields: Vec<String>,
}

/// How a webhook delivery is signed: an HMAC-SHA256 of the raw body, keyed with a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookSignature {
    /// The header carrying the signature.
    pub header: String,
    /// `hex` or `base64`.
    pub encoding: String,
    /// What the secret is (for the docs).
    pub secret_doc: Option<String>,
}

/// Whether every path must end with `/`, must not, or either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TrailingSlash {
    /// Every path ends with `/` (HyperTrack).
    Always,
    /// No path ends with `/`.
    Never,
    /// No rule.
    #[default]
    Any,
}

/// `package`: the generated crate's package metadata; unset keys keep the defaults.
#[derive(Debug, Clone, Default)]
pub struct Package {
    /// The crate's version.
    pub version: Option<Spanned<String>>,
    /// Whether the crate may be published.
    pub publish: Option<bool>,
    /// The SPDX license expression.
    pub license: Option<Spanned<String>>,
    /// The repository's URL.
    pub repository: Option<Spanned<String>>,
    /// crates.io keywords.
    pub keywords: Vec<Spanned<String>>,
    /// crates.io category slugs.
    pub categories: Vec<Spanned<String>>,
}

/// `retry`: the provider's retry policy; unset keys keep the runtime's defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Retry {
    /// Attempts in total, the first included.
    pub max_attempts: Option<u64>,
    /// First backoff in milliseconds.
    pub initial_backoff_ms: Option<u64>,
    /// Longest backoff in milliseconds.
    pub max_backoff_ms: Option<u64>,
    /// Total time bound in milliseconds.
    pub max_elapsed_ms: Option<u64>,
    /// Longest `Retry-After` honoured, in milliseconds.
    pub retry_after_cap_ms: Option<u64>,
}

/// How a request body is encoded (`body_encoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `json`.
    Json,
    /// `form`: `application/x-www-form-urlencoded`.
    Form,
    /// `multipart`: `multipart/form-data`.
    Multipart,
}

/// `idempotency`: the header the provider takes idempotency keys in.
#[derive(Debug, Clone, PartialEq)]
pub struct Idempotency {
    /// The header.
    pub header: Spanned<String>,
    /// The methods whose calls get a key.
    pub methods: Vec<Method>,
}

/// A header sent with a fixed value (`headers`, for the whole API or one endpoint).
#[derive(Debug, Clone, PartialEq)]
pub struct ConstantHeader {
    /// The header's name, as written.
    pub name: Spanned<String>,
    /// Its value.
    pub value: Spanned<String>,
    /// The client-builder setter that lets callers choose another value, if the provider lets
    /// them (only for the whole API).
    pub setter: Option<Spanned<String>>,
    /// Documentation of the setter.
    pub doc: Option<String>,
}

/// `method_override`: methods that may be sent as POST with the real method in a header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodOverride {
    /// The header carrying the real method.
    pub header: String,
    /// The methods it covers.
    pub methods: Vec<Method>,
}

/// One rate-limit window: `requests` per `per_seconds`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub requests: u64,
    /// Window length in seconds.
    pub per_seconds: u64,
}

/// `defaults`: schemes applied to endpoints that do not name their own.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    /// Auth schemes (`defaults.auth`).
    pub auth: Option<Vec<Spanned<String>>>,
    /// Error table (`defaults.errors`).
    pub errors: Option<Spanned<String>>,
    /// Envelope (`defaults.envelope`).
    pub envelope: Option<Spanned<String>>,
    /// How bodies are encoded unless an endpoint says otherwise (`defaults.body_encoding`).
    pub body_encoding: Option<BodyEncoding>,
    /// Whether form bodies bracket nested values unless an endpoint says otherwise
    /// (`defaults.form_nesting`).
    pub form_brackets: Option<bool>,
}

/// A named auth scheme.
#[derive(Debug, Clone)]
pub struct AuthScheme {
    /// Its name.
    pub name: Spanned<String>,
    /// Documentation for the client builder's setter.
    pub doc: Option<String>,
    /// Where the credential goes.
    pub placement: AuthPlacement,
    /// A second placement the provider also accepts.
    pub alternative: Option<AuthPlacement>,
    /// How the credential is obtained, when it is an OAuth 2.0 access token.
    pub oauth2: Option<OAuth2>,
    /// How the credential is obtained, when it is a session token from a login call.
    pub session: Option<SessionSpec>,
}

/// `session` on an auth scheme: the token comes from login calls and is renewed on expiry.
#[derive(Debug, Clone)]
pub struct SessionSpec {
    /// YAML path of the `session` mapping.
    pub path: String,
    /// Endpoints (`resource.endpoint`) whose responses carry a new token.
    pub login: Vec<Spanned<String>>,
    /// Path of the token in a login payload.
    pub token: String,
    /// Path of the user id in a login payload.
    pub user_id: Option<String>,
    /// The renewal endpoint (`resource.endpoint`).
    pub renew: Option<Spanned<String>>,
    /// Body field of the renewal carrying the old token.
    pub renew_field: String,
    /// Statuses or error codes that mean the token expired.
    pub expired: Vec<u16>,
}

/// `oauth2` on an auth scheme: the authorization-code flow that yields its token.
#[derive(Debug, Clone)]
pub struct OAuth2 {
    /// YAML path of the `oauth2` mapping.
    pub path: String,
    /// The consent page.
    pub authorize_url: String,
    /// The token endpoint.
    pub token_url: String,
    /// The revocation endpoint.
    pub revoke_url: Option<String>,
    /// `basic` or `body`.
    pub client_auth: String,
    /// Type expression of the token response.
    pub token_response: Spanned<String>,
    /// Extra query parameters the consent page accepts.
    pub authorize_params: Vec<Spanned<String>>,
    /// The provider's scope format.
    pub scopes: Option<Scopes>,
    /// An example code exchange: the code and the token response.
    pub example: Option<(String, Spanned<Value>)>,
}

/// A scope format: plain scope values, and bracketed groups such as `location[orders.read]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Scopes {
    /// Joins the parts of a scope.
    pub separator: String,
    /// Plain scope values.
    pub values: Vec<Spanned<String>>,
    /// Names of bracketed groups.
    pub groups: Vec<Spanned<String>>,
    /// Permissions listed inside a group's brackets.
    pub permissions: Vec<Spanned<String>>,
}

/// Where a credential goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthPlacement {
    /// `type: header`: a header, the value optionally prefixed.
    Header {
        /// Header name.
        name: String,
        /// Text before the token.
        prefix: String,
    },
    /// `type: query`: a query parameter.
    Query {
        /// Parameter name.
        name: String,
    },
    /// `type: bearer`: `Authorization: Bearer <token>`.
    Bearer,
    /// `type: basic`: HTTP Basic with a username and password.
    Basic,
}

/// A named pagination scheme.
#[derive(Debug, Clone)]
pub struct PaginationScheme {
    /// Its name.
    pub name: Spanned<String>,
    /// How pages are linked.
    pub style: PaginationStyle,
    /// The page-size parameter and its maximum.
    pub page_size: Option<PageSize>,
    /// Where the scheme's request parameters go (`in`).
    pub params_in: PageParamsIn,
}

/// Where a pagination scheme's request parameters (cursor, page number, offset, page size) go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageParamsIn {
    /// Query parameters (`in: query`, the default).
    #[default]
    Query,
    /// Members of the endpoint's JSON body (`in: body`), as searches called with POST take them.
    Body,
}

impl PaginationScheme {
    /// The parameter that sets the page size and the largest size: the declared `page_size`,
    /// else the limit parameter of offsets or the size parameter of numbered pages, bounded only
    /// by the `u32` the client takes.
    pub fn page_size_param(&self) -> Option<(&str, u64)> {
        match (&self.page_size, &self.style) {
            (Some(size), _) => Some((size.param.value.as_str(), size.max)),
            (None, PaginationStyle::OffsetLimit { limit_param, .. }) => Some((limit_param.as_str(), u64::from(u32::MAX))),
            (None, PaginationStyle::PageNumber { size_param: Some(size_param), .. }) => Some((size_param.as_str(), u64::from(u32::MAX))),
            _ => None,
        }
    }
}

/// `page_size` of a pagination scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSize {
    /// The parameter (a query parameter or body member, as the scheme's `in` says).
    pub param: Spanned<String>,
    /// The largest value the provider accepts.
    pub max: u64,
}

/// How pages are linked. Paths are dotted JSON paths; the empty path is the body itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaginationStyle {
    /// `style: next_link`.
    NextLink {
        /// Items path.
        items: String,
        /// Next-link path.
        next: String,
        /// Total-count path.
        total: Option<String>,
    },
    /// `style: link_header`.
    LinkHeader {
        /// Items path.
        items: String,
        /// Path of the total item count.
        total: Option<String>,
    },
    /// `style: cursor_header`.
    CursorHeader {
        /// Items path.
        items: String,
        /// Response header with the next cursor.
        header: String,
        /// Query parameter taking the cursor.
        param: String,
        /// Path of the total item count.
        total: Option<String>,
    },
    /// `style: cursor_body`.
    CursorBody {
        /// Items path.
        items: String,
        /// Path of the next cursor.
        cursor: String,
        /// Query parameter taking the cursor.
        param: String,
        /// Path of the total item count.
        total: Option<String>,
    },
    /// `style: last_item`.
    LastItem {
        /// Items path.
        items: String,
        /// Path, in an item, of the value sent back.
        id: String,
        /// Query parameter taking it.
        param: String,
        /// Path of the flag saying more items exist.
        has_more: String,
        /// Path of the total item count.
        total: Option<String>,
    },
    /// `style: page_number`.
    PageNumber {
        /// Items path.
        items: String,
        /// Query parameter holding the page number.
        param: String,
        /// Number of the first page.
        first: u64,
        /// Path of the total page count.
        total_pages: Option<String>,
        /// Path of the total item count.
        total: Option<String>,
        /// The page-size query parameter, to stop at the total.
        size_param: Option<String>,
    },
    /// `style: offset_limit`.
    OffsetLimit {
        /// Items path.
        items: String,
        /// Query parameter holding the offset.
        offset_param: String,
        /// Query parameter holding the page size.
        limit_param: String,
        /// Path of the total item count.
        total: Option<String>,
    },
}

impl PaginationStyle {
    /// The request parameters the style reads and sets (cursor, page number, offset, limit,
    /// page size), as `(key, name)`: the scheme's key that names each, and its name.
    pub fn request_params(&self) -> Vec<(&'static str, &str)> {
        match self {
            PaginationStyle::NextLink { .. } | PaginationStyle::LinkHeader { .. } => Vec::new(),
            PaginationStyle::CursorHeader { param, .. } | PaginationStyle::CursorBody { param, .. } | PaginationStyle::LastItem { param, .. } => vec![("param", param)],
            PaginationStyle::PageNumber { param, size_param, .. } => std::iter::once(("param", param.as_str())).chain(size_param.as_deref().map(|size| ("size_param", size))).collect(),
            PaginationStyle::OffsetLimit { offset_param, limit_param, .. } => vec![("offset_param", offset_param), ("limit_param", limit_param)],
        }
    }

    /// Where the total item count is, as the scheme says.
    pub fn total(&self) -> Option<&str> {
        match self {
            PaginationStyle::NextLink { total, .. }
            | PaginationStyle::LinkHeader { total, .. }
            | PaginationStyle::CursorHeader { total, .. }
            | PaginationStyle::CursorBody { total, .. }
            | PaginationStyle::LastItem { total, .. }
            | PaginationStyle::PageNumber { total, .. }
            | PaginationStyle::OffsetLimit { total, .. } => total.as_deref(),
        }
    }

    /// Where the items are, as the scheme says.
    pub fn items(&self) -> &str {
        match self {
            PaginationStyle::NextLink { items, .. }
            | PaginationStyle::LinkHeader { items, .. }
            | PaginationStyle::CursorHeader { items, .. }
            | PaginationStyle::CursorBody { items, .. }
            | PaginationStyle::LastItem { items, .. }
            | PaginationStyle::PageNumber { items, .. }
            | PaginationStyle::OffsetLimit { items, .. } => items,
        }
    }
}

/// A named success envelope.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// Its name.
    pub name: Spanned<String>,
    /// Path of the payload.
    pub data: String,
    /// The field marking success, its value on success, and whether its absence is a success.
    pub success: Option<(String, Literal, bool)>,
    /// How request bodies are wrapped: the member holding the body, and constant members.
    pub request: Option<(String, Vec<(String, Literal)>)>,
}

/// A JSON scalar written in the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A string.
    Str(String),
}

impl Literal {
    /// The literal as a JSON value.
    pub fn to_json(&self) -> Value {
        match self {
            Literal::Bool(flag) => Value::Bool(*flag),
            Literal::Int(number) => Value::from(*number),
            Literal::Str(text) => Value::from(text.as_str()),
        }
    }
}

/// A named error table.
#[derive(Debug, Clone)]
pub struct ErrorTable {
    /// Its name.
    pub name: Spanned<String>,
    /// Paths of the message in error bodies; the first present is used.
    pub message: Vec<String>,
    /// Paths of the application error code in error bodies; the first present is used.
    pub code: Vec<String>,
    /// Where field errors are.
    pub field_errors: Option<FieldErrors>,
    /// Header with the request id.
    pub request_id_header: Option<String>,
    /// HTTP statuses and status classes.
    pub statuses: Vec<ErrorEntry<StatusKey>>,
    /// Application error codes.
    pub codes: Vec<ErrorEntry<String>>,
    /// The model error bodies decode into (`model`).
    pub model: Option<Spanned<String>>,
}

/// `field_errors` of an error table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldErrors {
    /// Path of the array.
    pub list: String,
    /// Key of the field name in each element.
    pub field: String,
    /// Key of the message in each element.
    pub message: String,
    /// Key of the code in each element.
    pub code: Option<String>,
}

/// A status key: one status (`404`) or a class (`5xx`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusKey {
    /// One status.
    Exact(u16),
    /// A class such as `5xx`, holding its first digit.
    Class(u16),
}

/// One row of an error table.
#[derive(Debug, Clone)]
pub struct ErrorEntry<K> {
    /// The status or code.
    pub key: K,
    /// The error kind's name.
    pub kind: Spanned<String>,
    /// What it means.
    pub doc: Option<String>,
    /// Whether sending the request again may succeed.
    pub retryable: bool,
    /// Whether the provider did not act on the request, so even non-idempotent requests may be
    /// resent.
    pub unprocessed: bool,
    /// The kind the entry means when the response carries `Retry-After` (`with_retry_after`).
    pub with_retry_after: Option<Spanned<String>>,
}

/// A model: a JSON object with named fields.
#[derive(Debug, Clone)]
pub struct Model {
    /// Its name.
    pub name: Spanned<String>,
    /// Documentation.
    pub doc: Option<String>,
    /// Fields in spec order.
    pub fields: Vec<Field>,
}

/// A model field.
#[derive(Debug, Clone)]
pub struct Field {
    /// The JSON key.
    pub wire: Spanned<String>,
    /// Type expression.
    pub ty: Spanned<String>,
    /// Documentation.
    pub doc: Option<String>,
    /// Always present.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// The Rust name the author chose (`rust_name`), if any.
    pub rust_name: Option<Spanned<String>>,
}

/// An enum of string values.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Its name.
    pub name: Spanned<String>,
    /// Documentation.
    pub doc: Option<String>,
    /// Known values in spec order.
    pub values: Vec<EnumValue>,
    /// Whether the wire values are integers.
    pub integer: bool,
}

/// A union: a value of one of several types, decoded by shape.
#[derive(Debug, Clone)]
pub struct Union {
    /// Its name.
    pub name: Spanned<String>,
    /// Documentation.
    pub doc: Option<String>,
    /// The alternatives' type expressions, in the order they are tried.
    pub of: Vec<Spanned<String>>,
}

/// One enum value.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The value on the wire (for integer enums, its decimal text).
    pub wire: Spanned<String>,
    /// The variant's name: required for integer enums, `rust_name` for string ones.
    pub name: Option<String>,
    /// Documentation.
    pub doc: Option<String>,
}

/// `resources.<name>`: documentation for a resource.
#[derive(Debug, Clone)]
pub struct ResourceDoc {
    /// Resource name.
    pub name: Spanned<String>,
    /// Documentation.
    pub doc: Option<String>,
}

/// `endpoints.<resource>`: a resource's endpoints.
#[derive(Debug, Clone)]
pub struct EndpointGroup {
    /// Resource name.
    pub resource: Spanned<String>,
    /// Its endpoints in spec order.
    pub endpoints: Vec<Endpoint>,
}

/// HTTP methods a spec may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
    /// HEAD.
    Head,
}

impl Method {
    /// The method as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
        }
    }

    /// Whether HTTP defines the method as idempotent.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }
}

/// One endpoint.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// Its name within the resource.
    pub name: Spanned<String>,
    /// Documentation.
    pub doc: Option<String>,
    /// HTTP method.
    pub method: Option<Spanned<Method>>,
    /// Path template.
    pub path: Option<Spanned<String>>,
    /// Parameters in spec order.
    pub params: Vec<Param>,
    /// Body model name, or `bytes` for a raw body.
    pub body: Option<Spanned<String>>,
    /// Response type expression.
    pub response: Option<Spanned<String>>,
    /// Pagination scheme and per-endpoint overrides.
    pub pagination: Option<PaginationUse>,
    /// Auth schemes, overriding the default (empty = none).
    pub auth: Option<Vec<Spanned<String>>>,
    /// Error table, overriding the default.
    pub errors: Option<Spanned<String>>,
    /// Envelope, overriding the default (`Some(None)` = `none`).
    pub envelope: Option<Spanned<Option<String>>>,
    /// Idempotency override.
    pub idempotent: Option<bool>,
    /// How the body is encoded (`None`: the default).
    pub body_encoding: Option<BodyEncoding>,
    /// Whether a form body brackets nested values (`None`: the default).
    pub form_brackets: Option<bool>,
    /// Headers this endpoint sends with fixed values, over the API's (`headers`).
    pub headers: Vec<ConstantHeader>,
    /// Examples.
    pub examples: Vec<Example>,
}

/// `pagination` on an endpoint.
#[derive(Debug, Clone)]
pub struct PaginationUse {
    /// The scheme's name.
    pub scheme: Spanned<String>,
    /// Items path overriding the scheme's.
    pub items: Option<String>,
    /// Total path overriding the scheme's.
    pub total: Option<String>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamIn {
    /// A path segment.
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
}

/// How a list-valued query parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListStyle {
    /// `ids=a,b`.
    #[default]
    Csv,
    /// `ids=a&ids=b`.
    Repeat,
    /// The value as JSON text.
    Json,
    /// `ids[]=a&ids[]=b`, and `meta[key]=v` for maps and models.
    Brackets,
}

/// One parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Name on the wire.
    pub wire: Spanned<String>,
    /// Where it goes.
    pub location: ParamIn,
    /// Type expression.
    pub ty: Spanned<String>,
    /// Documentation.
    pub doc: Option<String>,
    /// Whether the caller must give it.
    pub required: bool,
    /// How lists are written.
    pub style: ListStyle,
    /// The Rust name the author chose (`rust_name`), if any.
    pub rust_name: Option<Spanned<String>>,
}

/// An example call and the response it gets.
#[derive(Debug, Clone)]
pub struct Example {
    /// YAML path of the example.
    pub path: String,
    /// Its name (used in the test's name).
    pub name: Option<Spanned<String>>,
    /// Documentation.
    pub doc: Option<String>,
    /// Parameter values.
    pub params: Vec<(Spanned<String>, Value)>,
    /// The request body sent.
    pub body: Option<Spanned<Value>>,
    /// Content type of a raw (`bytes`) body.
    pub content_type: Option<String>,
    /// The response status.
    pub status: u16,
    /// Response headers.
    pub response_headers: Vec<(String, String)>,
    /// The response body.
    pub response_body: Option<Spanned<Value>>,
}
