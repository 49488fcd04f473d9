//! Runtime shared by every API client that `apigen` generates.
//!
//! Generated crates are thin: they declare their API as statics and call into this crate for
//! everything that behaves the same across providers. The runtime is layered; each layer
//! depends only on those listed before it:
//!
//! 1. Foundations: [`Secret`], [`redact`], [`scalars`], [`serde_helpers`], [`filter`],
//!    [`webhooks`], `Retry-After` parsing and [`encoding`] (paths, forms).
//! 2. Descriptions: what a generated crate declares ([`Endpoint`], [`ApiDescription`],
//!    [`auth::AuthScheme`], [`ErrorSchema`], [`Pagination`], [`Envelope`], [`JsonPath`],
//!    [`RetryPolicy`], [`RateLimit`]). They depend on nothing else in the runtime.
//! 3. Values that cross the boundary: [`Error`] and [`ApiError`], [`auth::Credential`],
//!    [`CallOptions`], [`Interceptor`], the [`Request`] a generated builder hands over, and the
//!    [`Transport`] seam where bytes leave (reqwest by default).
//! 4. Execution ([`Core`], [`ClientBuilder`]): the pipeline that builds each attempt, applies
//!    credentials and interceptors, sends it through the transport,
//!    classifies the answer, retries or renews a session, and decodes.
//! 5. Over execution: [`pagination`] (through a small executor interface), raw requests
//!    ([`RawRequest`]), streamed bodies ([`ByteStream`]) and the OAuth flow ([`oauth`]).
//! 6. Beside the client: `mock` (feature `testing`), a server that speaks a described API; it
//!    uses descriptions and error kinds, never the client's execution.
//!
//! # Features
//!
//! - `rustls` (default): TLS for `https://` base URLs. Turn it off to choose another TLS backend
//!   of `reqwest` and hand the client your own `reqwest::Client`.
//! - `chrono`, `time`, `jiff`: `From`/`TryFrom` between the date and time [`scalars`] and those
//!   crates' types (`From` where every value converts, `TryFrom` where some cannot).
//! - `rust_decimal`: `From`/`TryFrom` between [`scalars::Decimal`] and `rust_decimal::Decimal`.
//! - `testing`: `mock`, a local server that answers as a described API would (examples, stubs
//!   in the provider's envelopes, pagination and error encoding, session expiry, recorded
//!   calls); generated crates build their `testing::MockServer` on it.
//!
//! Generated crates have features of the same names that turn these on.

#![warn(missing_docs)]
// docs.rs marks what each feature adds.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod auth;
mod describe;
pub mod encoding;
mod error;
mod execute;
mod lazy_json;
pub mod filter;
pub mod interceptor;
#[cfg(feature = "testing")]
pub mod mock;
pub mod oauth;
mod options;
pub mod pagination;
mod raw;
pub mod redact;
mod request;
mod retry_after;
pub mod scalars;
mod secret;
pub mod serde_helpers;
mod stream;
mod upload;
pub mod testing;
pub mod transport;
pub mod webhooks;

pub use crate::describe::{
    ApiDescription, ConstantHeader, Endpoint, Envelope, IdempotencyKeys, ErrorSchema, FieldErrors, JsonLiteral, JsonPath, MethodOverride, PageParam, PageSize, Pagination, RateLimit,
    RequestWrap, RetryPolicy, StatusMatch, SuccessFlag,
};
pub use crate::error::{ApiError, DecodeError, Error, ErrorKind, ErrorReport, FieldError, InvalidArgument};
pub use crate::execute::{
    ClientBuilder, Core, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, Json, NoContent, RawBody, Response, ResponseBody, ResponseMeta,
    SendWithResponse,
};
pub use crate::interceptor::Interceptor;
pub use crate::options::{CallOptions, PerCallOptions};
pub use crate::pagination::Page;
pub use crate::raw::{RawEndpoints, RawRequest};
pub use crate::request::Request;
pub use crate::retry_after::parse_retry_after;
pub use crate::secret::Secret;
pub use crate::stream::ByteStream;
pub use crate::upload::FilePart;
pub use crate::transport::{Transport, TransportError};

/// Re-exported so generated crates need no direct dependency on these crates.
pub use {bytes, futures_util, reqwest, serde, serde_json};
