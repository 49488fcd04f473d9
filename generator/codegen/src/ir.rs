//! The resolved API: every name checked and turned into a Rust identifier, every reference
//! resolved, defaults applied. The emitter reads only this.

pub use crate::ast::{AuthPlacement, ListStyle, Literal, Method, ParamIn, StatusKey};
use serde_json::Value;

/// The generated crate's package metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The crate's version (`0.1.0` unless the spec says).
    pub version: String,
    /// Whether `cargo publish` may publish the crate (`false` unless the spec says).
    pub publish: bool,
    /// The SPDX license expression (`MIT OR Apache-2.0` unless the spec says).
    pub license: String,
    /// The repository's URL.
    pub repository: Option<String>,
    /// crates.io keywords.
    pub keywords: Vec<String>,
    /// crates.io category slugs.
    pub categories: Vec<String>,
}

/// A whole API, ready to emit.
#[derive(Debug, Clone)]
pub struct Api {
    /// The spec file, as named in generated headers.
    pub source: String,
    /// Cargo package name.
    pub crate_name: String,
    /// Human name.
    pub title: String,
    /// Crate documentation.
    pub description: Option<String>,
    /// Provider API version.
    pub api_version: Option<String>,
    /// Provider docs link.
    pub docs_url: Option<String>,
    /// The crate's package metadata, defaults applied.
    pub package: Package,
    /// Default base URL, with any `{name}` placeholders (`https://{subdomain}.example.com`).
    pub base_url: String,
    /// The base URL's placeholders, in order: each is a client builder method of its name, which
    /// callers use to fill it.
    pub base_url_params: Vec<String>,
    /// Auth schemes, in spec order (endpoints refer to them by index).
    pub auth: Vec<AuthScheme>,
    /// The retry policy; unset values keep the runtime's defaults.
    pub retry: crate::ast::Retry,
    /// Client-side rate limits.
    pub rate_limits: Vec<crate::ast::RateLimit>,
    /// Method override header and the methods it covers.
    pub method_override: Option<crate::ast::MethodOverride>,
    /// Headers every request sends with fixed values.
    pub headers: Vec<ConstantHeader>,
    /// The idempotency-key header and the methods whose calls get a key.
    pub idempotency: Option<crate::ast::Idempotency>,
    /// How many same-origin redirects of a GET or HEAD are followed.
    pub follow_redirects: u8,
    /// Error tables, in spec order.
    pub error_tables: Vec<ErrorTable>,
    /// Every error kind across all tables, in order of first appearance.
    pub error_kinds: Vec<ErrorKind>,
    /// Models.
    pub models: Vec<Model>,
    /// Enums.
    pub enums: Vec<Enum>,
    /// Unions.
    pub unions: Vec<Union>,
    /// Resources with their endpoints.
    pub resources: Vec<Resource>,
    /// Webhooks the provider sends.
    pub webhooks: Vec<Webhook>,
    /// The OAuth 2.0 authorization-code flow, if an auth scheme's token comes from one.
    pub oauth: Option<OAuth>,
    /// The login session, if an auth scheme's token comes from logging in.
    pub session: Option<SessionIr>,
    /// The auth schemes (indexes into `auth`) and the error table (index into `error_tables`)
    /// of an endpoint that names none: what raw requests are sent with.
    pub default_auth: Vec<usize>,
    /// See `default_auth`.
    pub default_error_table: usize,
    /// JSON member names whose values are credentials (model fields of type `secret`, the
    /// session token's member), masked in the response bodies errors quote.
    pub sensitive_members: Vec<String>,
    /// The pagination styles the endpoints use, each declared once in `client.rs`.
    pub pagination_statics: Vec<PaginationStatic>,
    /// The envelopes the endpoints use, each declared once in `client.rs`.
    pub envelope_statics: Vec<EnvelopeStatic>,
}

/// The cargo features that compile an item of the generated crate: the resources whose
/// endpoints reach it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Gate {
    /// Compiled whatever features are on: used outside resources (webhooks, OAuth, raw
    /// requests, the session) or by a resource without a feature.
    #[default]
    Always,
    /// Compiled when any resource feature is on: used by every resource. Each resource feature
    /// turns on the crate's hidden feature [`ANY_RESOURCE_FEATURE`], which this gate names, so a
    /// crate built with no resource at all compiles none of it (and warns of nothing unused).
    AnyResource,
    /// Compiled when any of these features is on (resource features, in resource order; never
    /// all of them).
    Features(Vec<String>),
}

/// The hidden cargo feature every resource feature turns on: what all resources share is gated
/// by it.
pub const ANY_RESOURCE_FEATURE: &str = "__any_resource";

impl Gate {
    /// Whether the item is compiled whatever features are on.
    pub fn is_always(&self) -> bool {
        matches!(self, Gate::Always)
    }

    /// The gate of something several items use: compiled when any of them is. `all` are every
    /// resource feature of the crate, in order; needing all of them is needing any resource.
    pub fn any_of<'g>(gates: impl IntoIterator<Item = &'g Gate>, all: &[String]) -> Gate {
        let mut wanted = std::collections::BTreeSet::new();
        let mut any_resource = false;
        for gate in gates {
            match gate {
                Gate::Always => return Gate::Always,
                Gate::AnyResource => any_resource = true,
                Gate::Features(features) => wanted.extend(features.iter().map(String::as_str)),
            }
        }
        if all.is_empty() {
            // No resource has a feature: everything the resources reach is always compiled.
            return Gate::Always;
        }
        if any_resource || all.iter().all(|feature| wanted.contains(feature.as_str())) {
            return Gate::AnyResource;
        }
        Gate::Features(all.iter().filter(|feature| wanted.contains(feature.as_str())).cloned().collect())
    }
}

/// An envelope the endpoints use, declared once as a static.
#[derive(Debug, Clone)]
pub struct EnvelopeStatic {
    /// The envelope.
    pub envelope: Envelope,
    /// The features that compile it.
    pub gate: Gate,
}

/// A pagination style the endpoints use, declared once as a static.
#[derive(Debug, Clone)]
pub struct PaginationStatic {
    /// The static's name (`CURSOR_PAGINATION`, from the scheme's name).
    pub static_name: String,
    /// The style.
    pub pagination: Pagination,
    /// The features that compile it.
    pub gate: Gate,
}

/// A login session.
#[derive(Debug, Clone)]
pub struct SessionIr {
    /// The auth scheme whose credential is the session token.
    pub scheme: usize,
    /// Path of the token in login payloads.
    pub token: Vec<String>,
    /// Path of the user id in login payloads.
    pub user_id: Option<Vec<String>>,
    /// The renewal endpoint: its resource module and static name.
    pub renew: Option<(String, String)>,
    /// Body field of the renewal carrying the old token.
    pub renew_field: String,
    /// Statuses or codes meaning the token expired.
    pub expired: Vec<u16>,
}

/// The OAuth 2.0 authorization-code flow.
#[derive(Debug, Clone)]
pub struct OAuth {
    /// The client builder setter that takes the resulting token.
    pub token_setter: String,
    /// The consent page.
    pub authorize_url: String,
    /// The token endpoint.
    pub token_url: String,
    /// The revocation endpoint.
    pub revoke_url: Option<String>,
    /// Whether the client authenticates with HTTP Basic (else in the form body).
    pub client_basic: bool,
    /// The token response type.
    pub token_response: Type,
    /// Extra consent-page parameters: wire name and Rust name.
    pub authorize_params: Vec<(String, String)>,
    /// The scope format.
    pub scopes: Option<ScopeFormat>,
    /// The example code and token response.
    pub example: (String, Value),
}

/// A scope format; each list holds wire names and Rust variant names.
#[derive(Debug, Clone)]
pub struct ScopeFormat {
    /// Joins the parts of a scope.
    pub separator: String,
    /// Plain values.
    pub values: Vec<(String, String)>,
    /// Bracketed group names.
    pub groups: Vec<(String, String)>,
    /// Permissions inside brackets.
    pub permissions: Vec<(String, String)>,
}

/// A webhook.
#[derive(Debug, Clone)]
pub struct Webhook {
    /// Name in the spec.
    pub name: String,
    /// Type name in the `webhooks` module.
    pub type_name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Payload type.
    pub payload: Type,
    /// Signature header, encoding (`hex` or `base64`) and what the secret is.
    pub signature: Option<crate::ast::WebhookSignature>,
    /// Example payloads.
    pub examples: Vec<WebhookExample>,
    /// Whether deliveries are form-encoded.
    pub form: bool,
    /// Form fields holding JSON text.
    pub json_fields: Vec<String>,
}

/// An example payload of a webhook, which becomes a test.
#[derive(Debug, Clone)]
pub struct WebhookExample {
    /// The test function's name.
    pub test_name: String,
    /// The payload.
    pub payload: Value,
}

/// An auth scheme.
#[derive(Debug, Clone)]
pub struct AuthScheme {
    /// Name in the spec.
    pub name: String,
    /// The static declaring it in `client.rs` (`SECRET_KEY_AUTH`, from the scheme's name).
    pub static_name: String,
    /// Client builder setter name.
    pub setter: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Default placement.
    pub placement: AuthPlacement,
    /// Alternative placement.
    pub alternative: Option<AuthPlacement>,
}

/// An error table.
#[derive(Debug, Clone)]
pub struct ErrorTable {
    /// Name in the spec.
    pub name: String,
    /// The static holding its schema (`STANDARD_ERRORS`, from the table's name).
    pub static_name: String,
    /// Message paths.
    pub message: Vec<Vec<String>>,
    /// Code paths.
    pub code: Vec<Vec<String>>,
    /// Where field errors are.
    pub field_errors: Option<FieldErrors>,
    /// Request id header.
    pub request_id_header: Option<String>,
    /// Statuses and their kinds, exact statuses before classes: the spec's, then HTTP's
    /// transient statuses the spec leaves out.
    pub statuses: Vec<StatusEntry>,
    /// Application codes to kind indexes.
    pub codes: Vec<(String, usize)>,
    /// The model error bodies decode into (its Rust name).
    pub model: Option<String>,
    /// The features that compile it.
    pub gate: Gate,
}

/// Where an error body carries per-field errors.
#[derive(Debug, Clone)]
pub struct FieldErrors {
    /// Path of the array.
    pub list: Vec<String>,
    /// Key of the field name in each element.
    pub field: String,
    /// Key of the message in each element.
    pub message: String,
    /// Key of the code in each element, if any.
    pub code: Option<String>,
}

/// A status (or class of statuses) of an error table and its kind.
#[derive(Debug, Clone)]
pub struct StatusEntry {
    /// The status or class.
    pub key: StatusKey,
    /// Index into [`Api::error_kinds`].
    pub kind: usize,
    /// Not in the spec's table: one of HTTP's transient statuses (429, 502, 503, 504), which
    /// every client knows.
    pub http_default: bool,
    /// The kind (index into [`Api::error_kinds`]) the status means with `Retry-After`.
    pub retry_after_kind: Option<usize>,
}

/// One error kind.
#[derive(Debug, Clone)]
pub struct ErrorKind {
    /// Name in the spec.
    pub name: String,
    /// Variant name.
    pub variant: String,
    /// Documentation (meaning).
    pub doc: Option<String>,
    /// Whether retrying may help.
    pub retryable: bool,
    /// Whether even non-idempotent requests may be resent.
    pub unprocessed: bool,
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// `String`.
    String,
    /// `i64`.
    Integer,
    /// `u32`: an endpoint's page size, checked against the spec's maximum when the request is
    /// built.
    PageSize,
    /// `f64`.
    Number,
    /// `bool`.
    Boolean,
    /// `serde_json::Value`.
    Any,
    /// A semantic scalar from the runtime's `scalars` module.
    Scalar(Scalar),
    /// A model, by Rust name; `boxed` breaks a cycle of models containing each other.
    Model {
        /// Rust name.
        name: String,
        /// Whether it is held in a `Box`.
        boxed: bool,
    },
    /// An enum, by Rust name.
    Enum(String),
    /// A union, by Rust name.
    Union(String),
    /// A file part of a multipart body (`apigen_runtime::FilePart`).
    File,
    /// `Vec<T>`.
    List(Box<Type>),
    /// `BTreeMap<String, T>`.
    Map(Box<Type>),
}

impl Type {
    /// Whether this type is, or contains, `secret`.
    pub fn holds_secret(&self) -> bool {
        match self {
            Type::Scalar(Scalar::Secret) => true,
            Type::List(inner) | Type::Map(inner) => inner.holds_secret(),
            _ => false,
        }
    }
}

/// Semantic scalars: types with a specific wire format, provided by the runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scalar {
    /// `date_time`.
    DateTime,
    /// `date`.
    Date,
    /// `time_of_day`.
    TimeOfDay,
    /// `decimal`.
    Decimal,
    /// `money`.
    Money,
    /// `days_of_week`.
    DaysOfWeek,
    /// `day`.
    Day,
    /// `hhmm`.
    Hhmm,
    /// `epoch_millis`.
    EpochMillis,
    /// `epoch_seconds`.
    EpochSeconds,
    /// `geo_point`.
    GeoPoint,
    /// `filter`.
    Filter,
    /// `secret`.
    Secret,
}

/// How a scalar is carried in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarWire {
    /// A JSON string.
    String,
    /// A JSON integer.
    Integer,
    /// A JSON object.
    Object,
}

impl Scalar {
    /// The scalar for a built-in type name, if it is one.
    pub fn from_builtin(name: &str) -> Option<Self> {
        Some(match name {
            "date_time" => Scalar::DateTime,
            "date" => Scalar::Date,
            "time_of_day" => Scalar::TimeOfDay,
            "decimal" => Scalar::Decimal,
            "money" => Scalar::Money,
            "days_of_week" => Scalar::DaysOfWeek,
            "day" => Scalar::Day,
            "hhmm" => Scalar::Hhmm,
            "epoch_millis" => Scalar::EpochMillis,
            "epoch_seconds" => Scalar::EpochSeconds,
            "geo_point" => Scalar::GeoPoint,
            "filter" => Scalar::Filter,
            "secret" => Scalar::Secret,
            _ => return None,
        })
    }

    /// The built-in type name a spec writes for it (`date_time`): the inverse of
    /// [`Scalar::from_builtin`].
    pub fn spec_name(self) -> &'static str {
        crate::types::BUILTIN_TYPES.iter().map(|(name, _)| *name).find(|name| Self::from_builtin(name) == Some(self)).unwrap_or("any")
    }

    /// The runtime type's name in `apigen_runtime::scalars`.
    pub fn rust_name(self) -> &'static str {
        match self {
            Scalar::DateTime => "DateTime",
            Scalar::Date => "Date",
            Scalar::TimeOfDay => "TimeOfDay",
            Scalar::Decimal => "Decimal",
            Scalar::Money => "Money",
            Scalar::DaysOfWeek => "DaysOfWeek",
            Scalar::Day => "Day",
            Scalar::Hhmm => "Hhmm",
            Scalar::EpochMillis => "EpochMillis",
            Scalar::EpochSeconds => "EpochSeconds",
            Scalar::GeoPoint => "GeoPoint",
            Scalar::Filter => "Filter",
            Scalar::Secret => "Secret",
        }
    }

    /// How it is carried in JSON.
    pub fn wire(self) -> ScalarWire {
        match self {
            Scalar::Day | Scalar::Hhmm | Scalar::EpochMillis | Scalar::EpochSeconds => ScalarWire::Integer,
            Scalar::GeoPoint | Scalar::Filter => ScalarWire::Object,
            _ => ScalarWire::String,
        }
    }
}

/// A model.
#[derive(Debug, Clone)]
pub struct Model {
    /// Rust name.
    pub name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Fields.
    pub fields: Vec<Field>,
    /// The features that compile it.
    pub gate: Gate,
}

/// A model field.
#[derive(Debug, Clone)]
pub struct Field {
    /// JSON key.
    pub wire: String,
    /// Rust name.
    pub rust: String,
    /// The model's setter of an optional field (`fn x(self, value) -> Self`): the field's name
    /// unless a trait method has it.
    pub setter: Option<String>,
    /// The model's method sending an optional, nullable field as `null` (`clear_x`).
    pub clear: Option<String>,
    /// Documentation.
    pub doc: Option<String>,
    /// Type.
    pub ty: Type,
    /// Always present.
    pub required: bool,
    /// May be null.
    pub nullable: bool,
    /// A type alias naming the field's type, for types nested deep enough that spelling them
    /// out in the struct would trip clippy's `type_complexity`.
    pub alias: Option<String>,
}

/// A union: a value of one of several types, decoded by shape.
#[derive(Debug, Clone)]
pub struct Union {
    /// Rust name.
    pub name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// The alternatives, in the order they are tried.
    pub variants: Vec<UnionVariant>,
    /// The features that compile it.
    pub gate: Gate,
}

/// One alternative of a union.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// Rust variant name, from the type (`String`, `Customer`).
    pub name: String,
    /// The alternative as the spec writes it (`list<string>`), for messages and docs.
    pub described: String,
    /// Its type; models are boxed.
    pub ty: Type,
}

/// An enum.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Rust name.
    pub name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Known variants.
    pub variants: Vec<Variant>,
    /// Whether the wire values are integers.
    pub integer: bool,
    /// The features that compile it.
    pub gate: Gate,
}

/// An enum variant.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Wire value.
    pub wire: String,
    /// Rust name.
    pub rust: String,
    /// Documentation.
    pub doc: Option<String>,
}

/// A resource: one module with a handle type and its endpoints.
#[derive(Debug, Clone)]
pub struct Resource {
    /// Name in the spec.
    pub name: String,
    /// Module name.
    pub module: String,
    /// Handle type name.
    pub type_name: String,
    /// The type of its stubs in the crate's mock server (`OrdersMock`).
    pub mock_name: String,
    /// The mock server's method returning them: the accessor, unless the server has a method of
    /// that name.
    pub mock_accessor: String,
    /// Accessor method on the client.
    pub accessor: String,
    /// The cargo feature that compiles it (its module name), or none when the client itself
    /// needs it (the resource renewing sessions) and it is always compiled.
    pub feature: Option<String>,
    /// Documentation.
    pub doc: Option<String>,
    /// Endpoints.
    pub endpoints: Vec<Endpoint>,
}

impl Resource {
    /// The features that compile its module.
    pub fn gate(&self) -> Gate {
        self.feature.clone().map_or(Gate::Always, |feature| Gate::Features(vec![feature]))
    }
}

/// An endpoint.
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// Name in the spec.
    pub name: String,
    /// Method on the resource handle.
    pub fn_name: String,
    /// Request builder type.
    pub builder: String,
    /// Static holding its description.
    pub const_name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// HTTP method.
    pub method: Method,
    /// Path template.
    pub path: String,
    /// Parameters.
    pub params: Vec<Param>,
    /// JSON body.
    pub body: Option<Body>,
    /// Whether the body is raw bytes with a caller-given content type.
    pub raw_body: bool,
    /// Whether the JSON-shaped body is sent form-encoded.
    pub form_body: bool,
    /// Whether the body is sent as `multipart/form-data`, its `file` fields as file parts.
    pub multipart: bool,
    /// Whether the form body brackets nested values (`metadata[key]=v`) rather than sending
    /// them as JSON text.
    pub form_brackets: bool,
    /// Whether a successful response carries a new session token.
    pub starts_session: bool,
    /// A JSON body that is not a model (a list or map), taken whole as the argument `body`.
    pub value_body: Option<Type>,
    /// What the response holds.
    pub response: Response,
    /// The page-size parameter and its maximum, for paginated endpoints.
    pub page_size: Option<PageSize>,
    /// Auth scheme indexes.
    pub auth: Vec<usize>,
    /// Envelope.
    pub envelope: Option<Envelope>,
    /// Error table index.
    pub error_table: usize,
    /// Idempotent.
    pub idempotent: bool,
    /// Headers this endpoint sends with fixed values, over the API's.
    pub headers: Vec<ConstantHeader>,
    /// Examples.
    pub examples: Vec<Example>,
}

/// A header sent with a fixed value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstantHeader {
    /// Its name, as the spec writes it.
    pub name: String,
    /// Its value.
    pub value: String,
    /// The client-builder setter that sends another value, if callers may choose one.
    pub setter: Option<String>,
    /// Documentation of the setter.
    pub doc: Option<String>,
}

impl Api {
    /// The crate's resource features, in resource order.
    pub fn resource_features(&self) -> Vec<String> {
        self.resources.iter().filter_map(|resource| resource.feature.clone()).collect()
    }

    /// How many endpoints the API has, across resources.
    pub fn endpoint_count(&self) -> usize {
        self.resources.iter().map(|resource| resource.endpoints.len()).sum()
    }
}

impl Endpoint {
    /// The JSON a request body is sent as: wrapped as `{<field>: body, <constants>...}` when the
    /// envelope has a request wrapper, else the body itself.
    pub fn request_json(&self, body: &Value) -> Value {
        match self.envelope.as_ref().and_then(|envelope| envelope.request.as_ref()) {
            Some((field, constants)) => {
                let mut wrapper = serde_json::Map::new();
                wrapper.insert(field.clone(), body.clone());
                for (name, literal) in constants {
                    wrapper.insert(name.clone(), literal.to_json());
                }
                Value::Object(wrapper)
            }
            None => body.clone(),
        }
    }

    /// The examples of successful calls, which doc examples and the mock server show (an error
    /// example is only a test).
    pub fn success_examples(&self) -> impl Iterator<Item = &Example> {
        self.examples.iter().filter(|example| !example.is_error())
    }

    /// The items a paginated endpoint's example response carries: the array at the scheme's
    /// `items` path inside the envelope's data (records keyed by id count by their values).
    /// `None` for endpoints that are not paginated.
    pub fn example_items(&self, example: &Example) -> Option<Vec<Value>> {
        let Response::Paged { pagination, .. } = &self.response else {
            return None;
        };
        let payload = example.response_body.as_ref().and_then(|body| match &self.envelope {
            Some(envelope) => at_path(body, &envelope.data),
            None => Some(body),
        });
        Some(match payload.and_then(|payload| at_path(payload, pagination.items())) {
            Some(Value::Array(items)) => items.clone(),
            Some(Value::Object(records)) => records.values().cloned().collect(),
            _ => Vec::new(),
        })
    }
}

/// A parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub rust: String,
    /// Location.
    pub location: ParamIn,
    /// Type.
    pub ty: Type,
    /// Documentation.
    pub doc: Option<String>,
    /// Required.
    pub required: bool,
    /// List style.
    pub style: ListStyle,
}

/// A request body: a model whose fields become builder arguments and setters.
#[derive(Debug, Clone)]
pub struct Body {
    /// Model Rust name.
    pub model: String,
    /// The model's fields.
    pub fields: Vec<Field>,
    /// The builder's setters of the optional fields.
    pub setters: Vec<BodySetter>,
    /// Whether the caller passes the model whole (too many required fields to spread them over
    /// the method's arguments).
    pub whole: bool,
}

/// The request builder methods that set an optional body field.
#[derive(Debug, Clone)]
pub struct BodySetter {
    /// The field's Rust name in the model.
    pub field: String,
    /// The setter.
    pub setter: String,
    /// The method sending `null`, for nullable fields.
    pub clear: Option<String>,
}

impl Body {
    /// The setters of the field named `rust` in the model.
    pub fn setter(&self, rust: &str) -> Option<&BodySetter> {
        self.setters.iter().find(|setter| setter.field == rust)
    }
}

/// What a successful response holds.
#[derive(Debug, Clone)]
pub enum Response {
    /// Nothing to decode.
    Empty,
    /// A JSON value.
    Json(Type),
    /// Raw bytes (a file, an image).
    Bytes,
    /// A body read as it arrives (large files).
    Stream,
    /// A page of items.
    Paged {
        /// Item type.
        item: Type,
        /// How pages link.
        pagination: Pagination,
        /// The static declaring `pagination` in `client.rs` (`CURSOR_PAGINATION`, from the
        /// scheme's name; shared by every endpoint that pages the same way).
        static_name: String,
    },
}

/// A request parameter a pagination style reads and sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageParam {
    /// A query parameter.
    Query(String),
    /// A member of the endpoint's JSON body.
    Body(String),
}

impl PageParam {
    /// The parameter's or member's name.
    pub fn name(&self) -> &str {
        match self {
            PageParam::Query(name) | PageParam::Body(name) => name,
        }
    }
}

/// A page-size parameter and the largest size the provider accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSize {
    /// The parameter.
    pub param: PageParam,
    /// The largest page size.
    pub max: u32,
}

/// A resolved pagination style; paths are key lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pagination {
    /// Next link in the body.
    NextLink {
        /// Items.
        items: Vec<String>,
        /// Next link.
        next: Vec<String>,
        /// Total.
        total: Option<Vec<String>>,
    },
    /// `Link` header.
    LinkHeader {
        /// Items.
        items: Vec<String>,
        /// Total items.
        total: Option<Vec<String>>,
    },
    /// Cursor in a header.
    CursorHeader {
        /// Items.
        items: Vec<String>,
        /// Header.
        header: String,
        /// The parameter taking the cursor.
        param: PageParam,
        /// Total items.
        total: Option<Vec<String>>,
    },
    /// Cursor in the body.
    CursorBody {
        /// Items.
        items: Vec<String>,
        /// Cursor.
        cursor: Vec<String>,
        /// The parameter taking the cursor.
        param: PageParam,
        /// Total items.
        total: Option<Vec<String>>,
    },
    /// After the last item's id.
    LastItem {
        /// Items.
        items: Vec<String>,
        /// Id path within an item.
        id: Vec<String>,
        /// The parameter taking the id.
        param: PageParam,
        /// More-exist flag.
        has_more: Vec<String>,
        /// Total items.
        total: Option<Vec<String>>,
    },
    /// Page numbers.
    PageNumber {
        /// Items.
        items: Vec<String>,
        /// The page-number parameter.
        param: PageParam,
        /// First page.
        first: u64,
        /// Total pages.
        total_pages: Option<Vec<String>>,
        /// Total items.
        total: Option<Vec<String>>,
        /// Page-size parameter.
        size_param: Option<PageParam>,
    },
    /// Offset and limit.
    OffsetLimit {
        /// Items.
        items: Vec<String>,
        /// Offset parameter.
        offset_param: PageParam,
        /// Limit parameter.
        limit_param: PageParam,
        /// Total items.
        total: Option<Vec<String>>,
    },
}

impl Pagination {
    /// Where the items are.
    pub fn items(&self) -> &[String] {
        match self {
            Pagination::NextLink { items, .. }
            | Pagination::LinkHeader { items, .. }
            | Pagination::CursorHeader { items, .. }
            | Pagination::CursorBody { items, .. }
            | Pagination::LastItem { items, .. }
            | Pagination::PageNumber { items, .. }
            | Pagination::OffsetLimit { items, .. } => items,
        }
    }
}

/// A success envelope.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// The static declaring it in `client.rs` (`RPC_ENVELOPE`, from the envelope's name).
    pub static_name: String,
    /// Payload path.
    pub data: Vec<String>,
    /// Success flag path, value, and whether its absence is a success.
    pub success: Option<(Vec<String>, Literal, bool)>,
    /// Request wrapper: member holding the body, and constant members.
    pub request: Option<(String, Vec<(String, Literal)>)>,
}

/// An example, which becomes a generated test.
#[derive(Debug, Clone)]
pub struct Example {
    /// Test function name.
    pub test_name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Values by parameter index.
    pub params: Vec<(usize, Value)>,
    /// Body sent.
    pub body: Option<Value>,
    /// Content type of a raw body.
    pub content_type: Option<String>,
    /// Response status.
    pub status: u16,
    /// Response headers.
    pub response_headers: Vec<(String, String)>,
    /// Response body.
    pub response_body: Option<Value>,
}

impl Example {
    /// Whether the example shows an error answer (a 4xx or 5xx status), whose test checks the
    /// error the client returns, rather than a successful call.
    pub fn is_error(&self) -> bool {
        self.status >= 400
    }
}

/// The error the client returns for an error example's answer, read as the endpoint's error
/// table says and as the runtime reads it ([`Api::expected_error`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedError {
    /// The kind (index into [`Api::error_kinds`]); `None` for the catch-all `Other`.
    pub kind: Option<usize>,
    /// The message, at the first of the table's message paths present.
    pub message: Option<String>,
    /// The application code as text, at the first of the table's code paths present.
    pub code: Option<String>,
}

impl Api {
    /// What the client makes of `example`'s error answer to `endpoint`: the code decides the kind
    /// first, then, when the answer carries `Retry-After`, a status meaning another kind with
    /// it, then the first status entry covering the status (exact statuses come before classes).
    pub fn expected_error(&self, endpoint: &Endpoint, example: &Example) -> ExpectedError {
        let table = &self.error_tables[endpoint.error_table];
        let first = |paths: &[Vec<String>]| {
            let body = example.response_body.as_ref()?;
            paths.iter().find_map(|path| at_path_through_lists(body, path).and_then(scalar_text))
        };
        let (message, code) = (first(&table.message), first(&table.code));
        let covers = |key: StatusKey| match key {
            StatusKey::Exact(status) => status == example.status,
            StatusKey::Class(class) => example.status / 100 == class,
        };
        let retry_after = example.response_headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("retry-after"));
        let by_code = code.as_ref().and_then(|code| table.codes.iter().find(|(listed, _)| listed == code)).map(|(_, kind)| *kind);
        let by_retry_after = || retry_after.then(|| table.statuses.iter().filter(|entry| covers(entry.key)).find_map(|entry| entry.retry_after_kind)).flatten();
        let by_status = || table.statuses.iter().find(|entry| covers(entry.key)).map(|entry| entry.kind);
        ExpectedError { kind: by_code.or_else(by_retry_after).or_else(by_status), message, code }
    }
}

/// The value at a path inside `value` where a key that is a number indexes a list, as error
/// tables read their paths (`errors.0.message`).
pub fn at_path_through_lists<'v>(value: &'v Value, path: &[String]) -> Option<&'v Value> {
    path.iter().try_fold(value, |current, key| match current {
        Value::Array(items) => key.parse::<usize>().ok().and_then(|index| items.get(index)),
        _ => current.get(key),
    })
}

/// A string, number or boolean as text, as the client reads an error's message and code.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// The value at a key path inside `value` (the empty path is `value` itself).
pub fn at_path<'v>(value: &'v Value, path: &[String]) -> Option<&'v Value> {
    path.iter().try_fold(value, |current, key| current.get(key))
}

/// Splits a dotted path; empty and `.` mean the document itself.
pub fn split_path(path: &str) -> Vec<String> {
    if path.is_empty() || path == "." { Vec::new() } else { path.split('.').map(str::to_owned).collect() }
}
