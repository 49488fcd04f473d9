//! Runtime shared by every API client that `apigen` generates.
//!
//! Generated crates are thin: they declare endpoints, models and error kinds, and call into this
//! crate for everything that behaves the same across providers:
//!
//! - [`Core`]: HTTP execution, base URL, timeouts, user agent, credentials, tracing spans.
//! - [`auth`]: how a credential is attached to a request (header with prefix, query parameter,
//!   HTTP Basic, Bearer).
//! - [`Request`]: path templates with percent-encoded parameters, query and header parameters,
//!   JSON bodies.
//! - [`pagination`]: single pages and lazy `Stream`s over next links, cursors, page numbers,
//!   offsets and `Link` headers.
//! - [`Error`]: transport, timeout, decode and API errors, with the provider's own error kind.
//! - [`scalars`]: semantic scalar types (date-times, GeoJSON points, ...) that round-trip exactly.
//! - [`Secret`]: credentials that never show in `Debug` or `Display`; [`redact`] keeps them out
//!   of the response bodies and URLs that errors quote.

#![warn(missing_docs)]

pub mod auth;
pub mod filter;
mod core;
mod error;
pub mod interceptor;
mod json_path;
mod options;
pub mod oauth;
pub mod pagination;
mod rate_limit;
mod raw;
pub mod redact;
mod request;
pub mod retry;
pub mod scalars;
mod secret;
pub mod serde_helpers;
mod stream;
pub mod testing;
pub mod webhooks;

pub use crate::core::{ApiDescription, ClientBuilder, Core, MethodOverride};
pub use crate::error::{ApiError, Error, ErrorKind, ErrorSchema, FieldError, FieldErrors, InvalidArgument};
pub use crate::interceptor::Interceptor;
pub use crate::json_path::JsonPath;
pub use crate::options::{CallOptions, PerCallOptions};
pub use crate::pagination::{Page, Pagination};
pub use crate::rate_limit::RateLimit;
pub use crate::raw::{RawEndpoints, RawRequest};
pub use crate::retry::RetryPolicy;
pub use crate::request::{Endpoint, Envelope, JsonLiteral, PageSize, Request, RequestWrap, SuccessFlag};
pub use crate::secret::Secret;
pub use crate::stream::ByteStream;

/// Re-exported so generated crates need no direct dependency on these crates.
pub use {bytes, futures_util, reqwest, serde, serde_json};
