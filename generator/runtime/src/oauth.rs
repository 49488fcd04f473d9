//! OAuth 2.0 authorization-code flow: the URL that sends a user to the provider's consent page,
//! the exchange of the returned code for an access token, and token revocation.

use crate::describe::ErrorSchema;
use crate::encoding::form_encode;
use crate::error::{ApiError, Error, ErrorKind};
use crate::secret::Secret;
use reqwest::Url;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use serde::de::DeserializeOwned;
use std::time::Duration;

/// How the client authenticates to the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// HTTP Basic with the client id and secret (RFC 6749 2.3.1, preferred).
    Basic,
    /// `client_id` and `client_secret` in the form body.
    Body,
}

/// A provider's OAuth endpoints, generated from its spec.
#[derive(Debug)]
pub struct OAuthConfig {
    /// The consent page users are sent to.
    pub authorize_url: &'static str,
    /// Where codes are exchanged for tokens.
    pub token_url: &'static str,
    /// Where tokens are revoked, if the provider offers it.
    pub revoke_url: Option<&'static str>,
    /// How the client authenticates to the token endpoint.
    pub client_auth: ClientAuth,
    /// How errors from the OAuth endpoints are read.
    pub errors: &'static ErrorSchema,
}

/// An OAuth client: an application's id and secret, and the provider's endpoints.
pub struct OAuthClient {
    config: &'static OAuthConfig,
    client_id: String,
    client_secret: Secret,
    origin: Option<Url>,
    /// `None` if the HTTP client could not be built; calls then fail with `Error::Config`
    /// (never a fallback client, which would follow redirects).
    http: Option<reqwest::Client>,
}

impl std::fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthClient").field("client_id", &self.client_id).field("client_secret", &self.client_secret).finish_non_exhaustive()
    }
}

impl OAuthClient {
    /// A client for the application `client_id` with its secret.
    pub fn new(config: &'static OAuthConfig, client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .ok();
        Self { config, client_id: client_id.into(), client_secret: client_secret.into(), origin: None, http }
    }

    /// Sends token and revoke requests, and builds authorize URLs, on `origin` (scheme, host and
    /// port) instead of the provider's (for tests and proxies). An invalid URL is ignored.
    pub fn with_origin(mut self, origin: &str) -> Self {
        self.origin = Url::parse(origin).ok();
        self
    }

    /// The application's client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    fn url(&self, url: &str) -> Result<Url, String> {
        let mut url = Url::parse(url).map_err(|error| format!("`{url}` is not a URL: {error}"))?;
        if let Some(origin) = &self.origin {
            url.set_scheme(origin.scheme()).map_err(|()| "cannot change the scheme".to_owned())?;
            url.set_host(origin.host_str()).map_err(|error| error.to_string())?;
            url.set_port(origin.port()).map_err(|()| "cannot change the port".to_owned())?;
        }
        Ok(url)
    }

    /// The consent page URL for `redirect_uri` and the space- or provider-formatted `scope`, with
    /// `extra` query parameters (such as `state`).
    pub fn authorize_url(&self, redirect_uri: &str, scope: &str, extra: &[(&str, &str)]) -> String {
        let Ok(mut url) = self.url(self.config.authorize_url) else {
            return self.config.authorize_url.to_owned();
        };
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("redirect_uri", redirect_uri).append_pair("client_id", &self.client_id).append_pair("scope", scope);
            for (name, value) in extra {
                query.append_pair(name, value);
            }
        }
        url.to_string()
    }

    /// Exchanges an authorization `code` for the token response.
    pub async fn exchange_code<K: ErrorKind, T: DeserializeOwned>(&self, code: &str) -> Result<T, Error<K>> {
        let (status, body) = self.post_form(self.config.token_url, &[("code", code)]).await?;
        serde_json::from_slice(&body).map_err(|error| Error::Decode {
            path: "oauth token",
            status: status.as_u16(),
            content_type: None,
            snippet: crate::redact::snippet(&body, &[]),
            source: error.into(),
        })
    }

    /// Revokes an access token.
    pub async fn revoke<K: ErrorKind>(&self, token: &Secret) -> Result<(), Error<K>> {
        let Some(revoke_url) = self.config.revoke_url else {
            return Err(Error::Config { reason: "this provider has no token revocation endpoint".to_owned() });
        };
        self.post_form(revoke_url, &[("token", token.expose())]).await.map(|_| ())
    }

    /// Posts `fields` as a form to `url`; the status and body of a success.
    async fn post_form<K: ErrorKind>(&self, url: &str, fields: &[(&str, &str)]) -> Result<(reqwest::StatusCode, bytes::Bytes), Error<K>> {
        let url = self.url(url).map_err(|reason| Error::Config { reason })?;
        let mut pairs: Vec<(&str, &str)> = fields.to_vec();
        if self.config.client_auth == ClientAuth::Body {
            pairs.push(("client_id", &self.client_id));
            pairs.push(("client_secret", self.client_secret.expose()));
        }
        let http = self.http.as_ref().ok_or_else(|| Error::Config { reason: "cannot build the HTTP client for OAuth".to_owned() })?;
        let mut request = http
            .post(url)
            .header(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"))
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .body(form_encode(&pairs));
        if self.config.client_auth == ClientAuth::Basic {
            let value = crate::auth::basic_header_value(&self.client_id, self.client_secret.expose());
            let mut value = HeaderValue::from_str(&value).map_err(|_| Error::Config { reason: "the client id or secret cannot be sent in a header".to_owned() })?;
            value.set_sensitive(true);
            request = request.header(AUTHORIZATION, value);
        }
        let path = "oauth";
        let response = request.send().await.map_err(|error| {
            let error = error.without_url();
            if error.is_timeout() { Error::Timeout { method: "POST".to_owned(), path } } else { Error::Transport { method: "POST".to_owned(), path, source: error.into() } }
        })?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = read_limited(response).await.map_err(|error| match error {
            Some(error) => Error::Transport { method: "POST".to_owned(), path, source: error.into() },
            None => Error::Decode {
                path,
                status: status.as_u16(),
                content_type: None,
                snippet: String::new(),
                source: crate::error::DecodeError::Shape(format!("the response body is larger than the limit of {MAX_TOKEN_RESPONSE} bytes")),
            },
        })?;
        if !status.is_success() {
            return Err(Error::Api(Box::new(ApiError::from_response(self.config.errors, status.as_u16(), &headers, &body, &[]))));
        }
        Ok((status, body))
    }
}

/// Token and revocation responses are small; a larger one is refused rather than buffered.
const MAX_TOKEN_RESPONSE: usize = 1024 * 1024;

/// The body, or `None` as the error when it is larger than [`MAX_TOKEN_RESPONSE`].
async fn read_limited(mut response: reqwest::Response) -> Result<bytes::Bytes, Option<reqwest::Error>> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Some)? {
        if body.len() + chunk.len() > MAX_TOKEN_RESPONSE {
            return Err(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(bytes::Bytes::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::fixtures::ERRORS;

    static CONFIG: OAuthConfig = OAuthConfig {
        authorize_url: "https://id.example.com/oauth2/authorize",
        token_url: "https://id.example.com/oauth2/token",
        revoke_url: None,
        client_auth: ClientAuth::Body,
        errors: &ERRORS,
    };

    #[test]
    fn authorize_urls_carry_the_client_and_move_to_a_test_origin() {
        let client = OAuthClient::new(&CONFIG, "app-1", "s3cret").with_origin("http://127.0.0.1:9000");
        let url = client.authorize_url("https://app.example.com/cb", "profile orders", &[("state", "x y")]);
        assert_eq!(
            url,
            "http://127.0.0.1:9000/oauth2/authorize?redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&client_id=app-1&scope=profile+orders&state=x+y"
        );
        assert!(!format!("{client:?}").contains("s3cret"));
    }

    #[tokio::test]
    async fn revoking_without_an_endpoint_is_a_configuration_error() {
        let client = OAuthClient::new(&CONFIG, "app-1", "s3cret");
        let error = client.revoke::<crate::execute::tests_support::Kind>(&Secret::new("t")).await.expect_err("no endpoint");
        assert!(matches!(error, Error::Config { .. }), "{error:?}");
    }
}
