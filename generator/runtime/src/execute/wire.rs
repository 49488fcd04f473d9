//! From a [`Request`] to what goes on the wire: the URL (base URL, path, query, query-parameter
//! credentials), the method (or its override), the headers (user agent, accept, credentials,
//! the request's and the call's own) and the body. Also how URLs are shown with credentials
//! masked, and which origins count as the API's.

use crate::auth::{Credential, Placement, Session};
use crate::describe::{ApiDescription, MethodOverride};
use crate::error::{Error, InvalidArgument, Untyped};
use crate::request::{Body, Request};
use crate::secret::Secret;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderName, HeaderValue, USER_AGENT};
use reqwest::Url;
use std::borrow::Cow;
use std::time::Duration;

/// A credential rendered once, at build time, to what goes on the wire.
#[derive(Clone)]
pub(crate) enum RenderedCredential {
    Header(HeaderName, HeaderValue),
    Query(&'static str, Secret),
}

/// Renders `credential` for `placement`; the error says why it cannot be sent.
pub(crate) fn render_credential(credential: &Credential, placement: Placement) -> Result<RenderedCredential, String> {
    let value = credential.render(placement);
    let header_name = match placement {
        Placement::Query { name } => return Ok(RenderedCredential::Query(name, value)),
        Placement::Header { name, .. } => name,
        Placement::Basic => "Authorization",
    };
    let name = HeaderName::from_bytes(header_name.as_bytes()).map_err(|_| format!("`{header_name}` is not a valid header name"))?;
    let mut value =
        HeaderValue::from_str(value.expose()).map_err(|_| "the credential contains characters not allowed in a header".to_owned())?;
    // Keeps the value out of reqwest's and hyper's debug output.
    value.set_sensitive(true);
    Ok(RenderedCredential::Header(name, value))
}

/// What a client puts on every request: fixed at build time.
pub(crate) struct Wire {
    pub(crate) api: &'static ApiDescription,
    pub(crate) base_url: Url,
    pub(crate) user_agent: HeaderValue,
    /// Per auth scheme of the API, in order: its placement and rendered credential, if given.
    pub(crate) credentials: Vec<(Placement, Option<RenderedCredential>)>,
    pub(crate) method_override: Option<MethodOverride>,
    /// The API's constant headers, with the values the client chose.
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
}

impl Wire {
    /// The rendered credentials of the schemes `request` uses, with `None` for a missing one
    /// and for the session's scheme (sent from the current session instead).
    fn credentials<'a>(&'a self, request: &Request) -> impl Iterator<Item = Option<&'a RenderedCredential>> {
        request.endpoint.auth.iter().map(|scheme| self.api.scheme_index(scheme).and_then(|index| self.credentials.get(index)?.1.as_ref()))
    }

    /// The URL of `request`: its path on the base URL with its query, or `url_override` (a next
    /// link) exactly as given. Either way, query-parameter credentials are set, replacing any
    /// the link already carries.
    pub(crate) fn url_for(&self, request: &Request, url_override: Option<&Url>) -> Url {
        let credential_queries = self.credentials(request).filter_map(|credential| match credential {
            Some(RenderedCredential::Query(name, value)) => Some((*name, value.expose())),
            _ => None,
        });
        if let Some(link) = url_override {
            let mut url = link.clone();
            let credentials: Vec<(&str, &str)> = credential_queries.collect();
            if !credentials.is_empty() {
                let kept: Vec<(String, String)> = link
                    .query_pairs()
                    .filter(|(name, _)| !credentials.iter().any(|(credential, _)| name == credential))
                    .map(|(name, value)| (name.into_owned(), value.into_owned()))
                    .collect();
                url.query_pairs_mut().clear().extend_pairs(kept).extend_pairs(credentials);
            }
            return url;
        }
        // The base URL is parsed once, when the client is built; each request sets only the
        // path (parsing the whole URL again, host included, cost a fifth of a request's time).
        let base_path = self.base_url.path().trim_end_matches('/');
        let mut path = String::with_capacity(base_path.len() + request.path.len());
        path.push_str(base_path);
        path.push_str(&request.path);
        let mut url = self.base_url.clone();
        url.set_path(&path);
        let mut pairs: Vec<(&str, &str)> = request.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        pairs.extend(credential_queries);
        if !pairs.is_empty() {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        url
    }

    /// The request for one attempt to `url`, with `timeout` if it is not the client's, sent with
    /// `session` where the endpoint uses the session's scheme and with the call's idempotency
    /// `key`, if it has one.
    pub(crate) fn build(
        &self,
        request: &Request,
        url: Url,
        timeout: Option<Duration>,
        session: Option<&Session>,
        key: Option<&str>,
    ) -> Result<reqwest::Request, Untyped> {
        let endpoint = request.endpoint;
        let overridden = self.method_override.filter(|method_override| method_override.methods.contains(&endpoint.method));
        let method = if overridden.is_some() { reqwest::Method::POST } else { endpoint.method.clone() };
        let mut outgoing = reqwest::Request::new(method, url);
        // Only when set: reqwest keeps a request's timeout in its extension map, which setting
        // allocates, and most attempts run under the client's own timeout.
        if timeout.is_some() {
            *outgoing.timeout_mut() = timeout;
        }
        let headers = outgoing.headers_mut();
        headers.insert(USER_AGENT, self.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static(request.accept));
        // Constant headers replace the defaults: the API's, then the endpoint's own.
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
        for header in endpoint.headers {
            let unsendable = || Error::Config { reason: format!("constant header `{}: {}` cannot be sent", header.name, header.value) };
            let name = HeaderName::from_bytes(header.name.as_bytes()).map_err(|_| unsendable())?;
            headers.insert(name, HeaderValue::from_str(header.value).map_err(|_| unsendable())?);
        }
        let session_scheme = self.api.session.map(|session| session.scheme.name);
        for (scheme, credential) in endpoint.auth.iter().zip(self.credentials(request)) {
            if session_scheme == Some(scheme.name) {
                let session = session.ok_or(Error::MissingCredential { scheme: scheme.name })?;
                let (name, value) = match scheme.placement {
                    Placement::Header { name, prefix } => (name, format!("{prefix}{}", session.token.expose())),
                    _ => ("Authorization", format!("Bearer {}", session.token.expose())),
                };
                let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::Config { reason: format!("`{name}` is not a valid header name") })?;
                let mut value = HeaderValue::from_str(&value).map_err(|_| Error::Config { reason: "the session token cannot be sent in a header".to_owned() })?;
                value.set_sensitive(true);
                headers.append(name, value);
                continue;
            }
            match credential {
                Some(RenderedCredential::Header(name, value)) => {
                    headers.append(name.clone(), value.clone());
                }
                Some(RenderedCredential::Query(..)) => {}
                None => return Err(Error::MissingCredential { scheme: scheme.name }),
            }
        }
        for (name, value) in &request.headers {
            let invalid = || InvalidArgument { name: (*name).to_owned(), reason: "cannot be sent as a header".to_owned() };
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
            headers.append(header, HeaderValue::from_str(value).map_err(|_| invalid())?);
        }
        // A call's own headers replace those of the same name set so far (`Accept`, a constant
        // header); a name the call gives twice is sent twice.
        let call_headers = request.options.headers();
        for (index, (name, value)) in call_headers.iter().enumerate() {
            if call_headers[..index].iter().any(|(earlier, _)| earlier == name) {
                headers.append(name.clone(), value.clone());
            } else {
                headers.insert(name.clone(), value.clone());
            }
        }
        if let (Some(key), Some(keys)) = (key, self.api.idempotency) {
            let name = HeaderName::from_bytes(keys.header.as_bytes()).map_err(|_| Error::Config { reason: format!("`{}` is not a valid header name", keys.header) })?;
            let value = HeaderValue::from_str(key).map_err(|_| InvalidArgument { name: "idempotency_key".to_owned(), reason: "cannot be sent in a header".to_owned() })?;
            headers.insert(name, value);
        }
        if let Some(method_override) = overridden {
            headers.insert(method_override.header, HeaderValue::from_static(endpoint.method.as_str()));
        }
        let body = match &request.body {
            Some(Body::Json(bytes)) => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                bytes.clone()
            }
            Some(Body::Raw { content_type, bytes }) => {
                let value = HeaderValue::from_str(content_type)
                    .map_err(|_| InvalidArgument { name: "content_type".to_owned(), reason: format!("`{content_type}` cannot be sent") })?;
                headers.insert(CONTENT_TYPE, value);
                bytes.clone()
            }
            Some(Body::Multipart(parts)) => {
                let encoded = super::multipart::encode(parts)?;
                headers.insert(CONTENT_TYPE, encoded.content_type);
                headers.insert(reqwest::header::CONTENT_LENGTH, HeaderValue::from(encoded.length));
                *outgoing.body_mut() = Some(encoded.body);
                return Ok(outgoing);
            }
            None => return Ok(outgoing),
        };
        *outgoing.body_mut() = Some(body.into());
        Ok(outgoing)
    }

    /// `url` with the values of query-parameter credentials, and any userinfo, replaced by
    /// `***`, for showing.
    pub(crate) fn redact<'u>(&self, url: &'u Url) -> Cow<'u, str> {
        let secret_names: Vec<&str> = self
            .credentials
            .iter()
            .filter_map(|(placement, _)| match placement {
                Placement::Query { name } => Some(*name),
                _ => None,
            })
            .collect();
        if secret_names.is_empty() || url.query().is_none() {
            return crate::redact::url_text(url.as_str());
        }
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let value = if secret_names.contains(&name.as_ref()) { "***".to_owned() } else { value.into_owned() };
                (name.into_owned(), value)
            })
            .collect();
        let mut shown = url.clone();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
        Cow::Owned(crate::redact::url_text(shown.as_str()).into_owned())
    }
}

/// Whether two URLs have the same scheme, host and port.
pub(crate) fn same_origin(url: &Url, base: &Url) -> bool {
    url.scheme() == base.scheme() && url.host_str() == base.host_str() && url.port_or_known_default() == base.port_or_known_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::fixtures::{API, KEY, LIST};

    fn wire(key: Option<&str>) -> Wire {
        let credential = key.map(|key| render_credential(&Credential::Token(Secret::new(key)), KEY.placement).expect("renders"));
        Wire {
            api: &API,
            base_url: Url::parse("https://api.example.com/v1").expect("url"),
            user_agent: HeaderValue::from_static("test/1"),
            credentials: vec![(KEY.placement, credential)],
            method_override: None,
            headers: vec![(HeaderName::from_static("x-api-version"), HeaderValue::from_static("2024-01-01"))],
        }
    }

    #[test]
    fn a_next_link_is_used_as_given_with_the_query_credential_set_once() {
        let wire = wire(Some("k-5ecret"));
        let request = Request::new(&LIST, &[]).expect("request").query("limit", 2);
        let first = wire.url_for(&request, None);
        assert_eq!(first.as_str(), "https://api.example.com/v1/items?limit=2&api_key=k-5ecret");
        // The link keeps its own query; the request's is not appended again, and a key the link
        // echoes is replaced, not doubled.
        let link = Url::parse("https://api.example.com/v1/items?limit=2&cursor=c2&api_key=echoed").expect("link");
        let next = wire.url_for(&request, Some(&link));
        assert_eq!(next.as_str(), "https://api.example.com/v1/items?limit=2&cursor=c2&api_key=k-5ecret");
        assert_eq!(wire.redact(&next), "https://api.example.com/v1/items?limit=2&cursor=c2&api_key=***");
    }

    #[test]
    fn paths_go_under_the_base_path_with_their_encoding_kept() {
        static ITEM: crate::describe::Endpoint = crate::describe::fixtures::endpoint(reqwest::Method::GET, "/items/{id}", None);
        let mut wire = wire(None);
        for base in ["https://api.example.com/v1", "https://api.example.com/v1/"] {
            wire.base_url = Url::parse(base).expect("url");
            let request = Request::new(&ITEM, &[("id", "a/b?c#d %")]).expect("request");
            assert_eq!(wire.url_for(&request, None).as_str(), "https://api.example.com/v1/items/a%2Fb%3Fc%23d%20%25", "{base}");
        }
        wire.base_url = Url::parse("http://127.0.0.1:8080").expect("url");
        let request = Request::new(&LIST, &[]).expect("request");
        assert_eq!(wire.url_for(&request, None).as_str(), "http://127.0.0.1:8080/items");
    }

    #[test]
    fn requests_carry_the_headers_and_body_and_a_missing_credential_is_named() {
        let wire = wire(Some("k"));
        let request = Request::new(&LIST, &[]).expect("request").header("X-Trace", "t1").expect("header").json_body(&[1, 2]).expect("body");
        let url = wire.url_for(&request, None);
        let outgoing = wire.build(&request, url.clone(), Some(Duration::from_secs(2)), None, None).expect("builds");
        assert_eq!(outgoing.headers()["x-trace"], "t1");
        assert_eq!(outgoing.headers()[CONTENT_TYPE], "application/json");
        assert_eq!(outgoing.headers()[USER_AGENT], "test/1");
        assert_eq!(outgoing.body().and_then(reqwest::Body::as_bytes), Some(&b"[1,2]"[..]));
        assert_eq!(outgoing.timeout(), Some(&Duration::from_secs(2)));
        let error = self::wire(None).build(&request, url, None, None, None).expect_err("no key");
        assert!(matches!(error, Error::MissingCredential { scheme: "key" }), "{error:?}");
    }

    #[test]
    fn constant_headers_replace_the_defaults_and_a_calls_own_headers_replace_them() {
        use crate::describe::ConstantHeader;
        static RAW: crate::describe::Endpoint = crate::describe::Endpoint {
            method: reqwest::Method::GET,
            path: "/raw",
            auth: &crate::describe::fixtures::WITH_KEY,
            errors: &crate::describe::fixtures::ERRORS,
            envelope: None,
            pagination: None,
            page_size: None,
            idempotent: true,
            starts_session: false,
            headers: &[ConstantHeader { name: "Accept", value: "application/vnd.example.raw" }],
        };
        let wire = wire(Some("k"));
        let sent = |request: &Request| {
            let outgoing = wire.build(request, wire.url_for(request, None), None, None, None).expect("builds");
            let values = |name: &str| outgoing.headers().get_all(name).iter().map(|value| value.to_str().expect("text").to_owned()).collect::<Vec<_>>();
            (values("accept"), values("x-api-version"))
        };
        let plain = Request::new(&LIST, &[]).expect("request");
        assert_eq!(sent(&plain), (vec!["application/json".to_owned()], vec!["2024-01-01".to_owned()]));
        let raw = Request::new(&RAW, &[]).expect("request");
        assert_eq!(sent(&raw).0, vec!["application/vnd.example.raw".to_owned()], "the endpoint's Accept, once");
        let mut options = crate::CallOptions::default();
        options.add_header("X-Api-Version", "2025-06-01");
        options.add_header("X-Tag", "a");
        options.add_header("X-Tag", "b");
        let chosen = Request::new(&LIST, &[]).expect("request").options(&options).expect("options");
        assert_eq!(sent(&chosen).1, vec!["2025-06-01".to_owned()], "the call's value replaces the constant");
        let outgoing = wire.build(&chosen, wire.url_for(&chosen, None), None, None, None).expect("builds");
        assert_eq!(outgoing.headers().get_all("x-tag").iter().count(), 2, "a name given twice is sent twice");
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let base = Url::parse("https://api.example.com/v1").expect("url");
        assert!(same_origin(&Url::parse("https://api.example.com:443/other?x=1").expect("url"), &base));
        assert!(!same_origin(&Url::parse("http://api.example.com/v1").expect("url"), &base));
        assert!(!same_origin(&Url::parse("https://api.example.com:8443/v1").expect("url"), &base));
        assert!(!same_origin(&Url::parse("https://evil.example.com/v1").expect("url"), &base));
    }
}
