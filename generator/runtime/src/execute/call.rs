//! [`SendWithResponse`]: the value of a call with the metadata of its response, for every
//! request builder of a generated client. A trait with a provided method rather than a method
//! per builder, so that a crate compiles the code only for the calls that use it.

use super::core::Core;
use super::response::{Response, ResponseMeta};
use crate::error::{Error, ErrorKind, InvalidArgument};
use crate::request::Request;
use bytes::Bytes;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::marker::PhantomData;

/// Sends a request builder's call and returns the value with the response's status, headers
/// and request id: `client.users().get("u1").send_with_response().await?`, with this trait in
/// scope (generated crates re-export it).
pub trait SendWithResponse: Sized {
    /// The provider's error kinds.
    type Kind: ErrorKind;
    /// What the response's body holds: [`Json`], [`NoContent`] or [`RawBody`].
    type Body: ResponseBody;

    /// The client and the request this builder sends; generated code implements this, callers
    /// use [`SendWithResponse::send_with_response`]. By reference, so that implementing it
    /// costs each builder two calls and no drop of the builder.
    fn call_parts(&self) -> (&Core<Self::Kind>, Result<Request, InvalidArgument>);

    /// Sends the request and returns the value with the response's status, headers and request
    /// id.
    fn send_with_response(self) -> impl Future<Output = Result<Response<<Self::Body as ResponseBody>::Value>, Error<Self::Kind>>> + Send {
        let (core, request) = self.call_parts();
        let core = core.clone();
        async move { Self::Body::read(&core, request?).await }
    }
}

/// How a response's body becomes a value.
pub trait ResponseBody {
    /// The value.
    type Value;

    /// Sends `request` with `core` and reads the response.
    fn read<K: ErrorKind>(core: &Core<K>, request: Request) -> impl Future<Output = Result<Response<Self::Value>, Error<K>>> + Send;
}

/// A JSON body decoded as `T` (inside the endpoint's envelope, if it has one).
#[derive(Debug)]
pub struct Json<T>(PhantomData<fn() -> T>);

impl<T: DeserializeOwned + Send> ResponseBody for Json<T> {
    type Value = T;

    fn read<K: ErrorKind>(core: &Core<K>, request: Request) -> impl Future<Output = Result<Response<T>, Error<K>>> + Send {
        core.send_json_with_response(request)
    }
}

/// No body to read: the value is `()`.
#[derive(Debug)]
pub struct NoContent;

impl ResponseBody for NoContent {
    type Value = ();

    async fn read<K: ErrorKind>(core: &Core<K>, request: Request) -> Result<Response<()>, Error<K>> {
        let meta: ResponseMeta = core.send_empty_with_response(request).await?;
        Ok(Response::new((), meta))
    }
}

/// The body's bytes as they are.
#[derive(Debug)]
pub struct RawBody;

impl ResponseBody for RawBody {
    type Value = Bytes;

    fn read<K: ErrorKind>(core: &Core<K>, request: Request) -> impl Future<Output = Result<Response<Bytes>, Error<K>>> + Send {
        core.send_bytes_with_response(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ClientBuilder;
    use crate::auth::Credential;
    use crate::describe::fixtures::{API, KEY, LIST};
    use crate::execute::tests_support::{Kind, Scripted};

    /// A builder as generated code writes one.
    struct GetItems {
        core: Core<Kind>,
    }

    impl SendWithResponse for GetItems {
        type Kind = Kind;
        type Body = Json<Vec<u8>>;

        fn call_parts(&self) -> (&Core<Kind>, Result<Request, InvalidArgument>) {
            (&self.core, Request::new(&LIST, &[]))
        }
    }

    #[tokio::test]
    async fn a_builder_sends_with_the_response_kept() {
        let transport = Scripted::new([(200, "[3]")]);
        let core = ClientBuilder::new(&API).credential(&KEY, Credential::Token(crate::secret::Secret::new("k"))).transport(transport).build().expect("builds");
        let response = GetItems { core }.send_with_response().await.expect("sent");
        assert_eq!((response.value().as_slice(), response.request_id()), (&[3u8][..], Some("req-1")));
    }
}
