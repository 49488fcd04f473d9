//! `src/client.rs`: the API description, `Client` and `ClientBuilder`.

use super::{cfg, doc_attrs, gated_imports, ident, optional_json_path, used_by};
use crate::ir::{Api, AuthPlacement, Envelope, EnvelopeStatic, Gate, Literal, PageParam, Pagination, PaginationStatic, Resource};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

fn placement_tokens(placement: &AuthPlacement) -> TokenStream {
    match placement {
        AuthPlacement::Header { name, prefix } => quote! { Placement::Header { name: #name, prefix: #prefix } },
        AuthPlacement::Query { name } => quote! { Placement::Query { name: #name } },
        AuthPlacement::Bearer => quote! { Placement::Header { name: "Authorization", prefix: "Bearer " } },
        AuthPlacement::Basic => quote! { Placement::Basic },
    }
}

/// Where a placement puts the credential, in words ("the `X-Api-Key` header").
pub(crate) fn describe(placement: &AuthPlacement) -> String {
    match placement {
        AuthPlacement::Header { name, prefix } if prefix.is_empty() => format!("the `{name}` header"),
        AuthPlacement::Header { name, prefix } => format!("the `{name}` header as `{prefix}<credential>`"),
        AuthPlacement::Query { name } => format!("the `{name}` query parameter"),
        AuthPlacement::Bearer => "the `Authorization` header as `Bearer <token>`".to_owned(),
        AuthPlacement::Basic => "the `Authorization` header as HTTP Basic".to_owned(),
    }
}

/// The builder method that switches `scheme` to its alternative placement
/// (`api_key_in_query`), if it has one.
pub(crate) fn alternative_setter(scheme: &crate::ir::AuthScheme) -> Option<String> {
    let where_to = match scheme.alternative.as_ref()? {
        AuthPlacement::Query { .. } => "query",
        _ => "header",
    };
    Some(format!("{}_in_{where_to}", scheme.setter))
}

/// The parameters of the builder's setter for auth scheme `index`, in order: the setter and the
/// README both take them from here.
pub(crate) fn credential_params(api: &Api, index: usize) -> &'static [&'static str] {
    let is_session = api.session.as_ref().is_some_and(|session| session.scheme == index);
    match api.auth[index].placement {
        _ if is_session => &["token", "user_id"],
        AuthPlacement::Basic => &["username", "password"],
        _ => &["credential"],
    }
}

/// The builder call that sets an auth scheme's credential in doc examples and tests.
pub(crate) fn credential_call(api: &Api, index: usize, values: (&TokenStream, &TokenStream)) -> TokenStream {
    let scheme = &api.auth[index];
    let setter = ident(&scheme.setter);
    let (first, second) = values;
    let is_session = api.session.as_ref().is_some_and(|session| session.scheme == index);
    match scheme.placement {
        AuthPlacement::Basic => quote! { .#setter(#first, #second) },
        _ if is_session => quote! { .#setter(#first, #second) },
        _ => quote! { .#setter(#first) },
    }
}

fn literal_tokens(literal: &Literal) -> TokenStream {
    match literal {
        Literal::Bool(flag) => quote! { JsonLiteral::Bool(#flag) },
        Literal::Int(value) => {
            let value = super::int_literal(*value);
            quote! { JsonLiteral::Int(#value) }
        }
        Literal::Str(text) => quote! { JsonLiteral::Str(#text) },
    }
}

/// A pagination parameter as a constant expression: `PageParam::Query("cursor")`.
pub(super) fn page_param_tokens(param: &PageParam) -> TokenStream {
    match param {
        PageParam::Query(name) => quote! { PageParam::Query(#name) },
        PageParam::Body(name) => quote! { PageParam::Body(#name) },
    }
}

fn pagination_tokens(pagination: &Pagination) -> TokenStream {
    match pagination {
        Pagination::NextLink { items, next, total } => {
            let (items, next, total) = (super::json_path(items), super::json_path(next), optional_json_path(total.as_ref()));
            quote! { Pagination::NextLink { items: #items, next: #next, total: #total } }
        }
        Pagination::LinkHeader { items, total } => {
            let (items, total) = (super::json_path(items), optional_json_path(total.as_ref()));
            quote! { Pagination::LinkHeader { items: #items, total: #total } }
        }
        Pagination::CursorHeader { items, header, param, total } => {
            let (items, param, total) = (super::json_path(items), page_param_tokens(param), optional_json_path(total.as_ref()));
            quote! { Pagination::CursorHeader { items: #items, header: #header, param: #param, total: #total } }
        }
        Pagination::CursorBody { items, cursor, param, total } => {
            let (items, cursor, param, total) = (super::json_path(items), super::json_path(cursor), page_param_tokens(param), optional_json_path(total.as_ref()));
            quote! { Pagination::CursorBody { items: #items, cursor: #cursor, param: #param, total: #total } }
        }
        Pagination::LastItem { items, id, param, has_more, total } => {
            let (items, id, has_more, total) = (super::json_path(items), super::json_path(id), super::json_path(has_more), optional_json_path(total.as_ref()));
            let param = page_param_tokens(param);
            quote! { Pagination::LastItem { items: #items, id: #id, param: #param, has_more: #has_more, total: #total } }
        }
        Pagination::PageNumber { items, param, first, total_pages, total, size_param } => {
            let (items, total_pages, total) = (super::json_path(items), optional_json_path(total_pages.as_ref()), optional_json_path(total.as_ref()));
            let (param, first) = (page_param_tokens(param), super::unsuffixed(*first));
            let size_param = match size_param {
                Some(size_param) => {
                    let size_param = page_param_tokens(size_param);
                    quote! { Some(#size_param) }
                }
                None => quote! { None },
            };
            quote! { Pagination::PageNumber { items: #items, param: #param, first: #first, total_pages: #total_pages, total: #total, size_param: #size_param } }
        }
        Pagination::OffsetLimit { items, offset_param, limit_param, total } => {
            let (items, total) = (super::json_path(items), optional_json_path(total.as_ref()));
            let (offset_param, limit_param) = (page_param_tokens(offset_param), page_param_tokens(limit_param));
            quote! { Pagination::OffsetLimit { items: #items, offset_param: #offset_param, limit_param: #limit_param, total: #total } }
        }
    }
}

/// The envelope `envelope` as a constant expression.
fn envelope_tokens(envelope: &Envelope) -> TokenStream {
    let data = super::json_path(&envelope.data);
    let success = match &envelope.success {
        Some((path, literal, optional)) => {
            let path = super::json_path(path);
            let literal = literal_tokens(literal);
            quote! { Some(SuccessFlag { path: #path, equals: #literal, optional: #optional }) }
        }
        None => quote! { None },
    };
    let request = match &envelope.request {
        Some((field, constants)) => {
            let constants = constants.iter().map(|(name, literal)| {
                let literal = literal_tokens(literal);
                quote! { (#name, #literal) }
            });
            quote! { Some(RequestWrap { field: #field, constants: &[#(#constants),*] }) }
        }
        None => quote! { None },
    };
    quote! { Envelope { data: #data, success: #success, request: #request } }
}

/// How a style asks for the next page, in words.
fn pagination_words(pagination: &Pagination) -> String {
    match pagination {
        Pagination::NextLink { next, .. } => format!("a next link at `{}` in the body", next.join(".")),
        Pagination::LinkHeader { .. } => "the `rel=\"next\"` link of the `Link` header".to_owned(),
        Pagination::CursorHeader { header, param, .. } => format!("a cursor in the `{header}` header, sent back as {}", param_words(param)),
        Pagination::CursorBody { cursor, param, .. } => format!("a cursor at `{}` in the body, sent back as {}", cursor.join("."), param_words(param)),
        Pagination::LastItem { id, param, has_more, .. } => {
            format!("the `{}` of the last item, sent back as {} while `{}` is true", id.join("."), param_words(param), has_more.join("."))
        }
        Pagination::PageNumber { param, .. } => format!("page numbers in {}", param_words(param)),
        Pagination::OffsetLimit { offset_param, limit_param, .. } => format!("an offset in {} and a limit in {}", param_words(offset_param), param_words(limit_param)),
    }
}

/// A pagination parameter in words: `` `cursor` `` (a query parameter), or
/// ``the request body's `cursor` ``.
fn param_words(param: &PageParam) -> String {
    match param {
        PageParam::Query(name) => format!("`{name}`"),
        PageParam::Body(name) => format!("the request body's `{name}`"),
    }
}

/// The statics of the pagination styles and envelopes the endpoints use, each declared once,
/// and the imports they need, each compiled with the resources using it.
fn paging_and_envelope_statics(api: &Api) -> (TokenStream, TokenStream) {
    let (paginations, envelopes) = (&api.pagination_statics, &api.envelope_statics);
    let pagination_statics = paginations.iter().map(|PaginationStatic { static_name, pagination, gate }| {
        let doc = doc_attrs(&format!("How the endpoints that use it page: {}.", pagination_words(pagination)));
        let (name, cfg) = (ident(static_name), cfg(gate));
        let tokens = pagination_tokens(pagination);
        quote! { #doc #cfg pub(crate) static #name: Pagination = #tokens; }
    });
    let envelope_statics = envelopes.iter().map(|EnvelopeStatic { envelope, gate }| {
        let (name, cfg) = (ident(&envelope.static_name), cfg(gate));
        let tokens = envelope_tokens(envelope);
        quote! {
            /// How the endpoints that use it wrap their payloads.
            #cfg
            pub(crate) static #name: Envelope = #tokens;
        }
    });
    let envelopes_that = |uses: fn(&Envelope) -> bool| used_by(api, envelopes.iter().filter(|known| uses(&known.envelope)).map(|known| &known.gate));
    let literals = |envelope: &Envelope| envelope.success.is_some() || envelope.request.as_ref().is_some_and(|(_, constants)| !constants.is_empty());
    let has_params = |pagination: &Pagination| !matches!(pagination, Pagination::NextLink { .. } | Pagination::LinkHeader { .. });
    let names = [
        ("PageParam", used_by(api, paginations.iter().filter(|known| has_params(&known.pagination)).map(|known| &known.gate))),
        ("Pagination", used_by(api, paginations.iter().map(|known| &known.gate))),
        ("Envelope", envelopes_that(|_| true)),
        ("JsonLiteral", envelopes_that(literals)),
        ("RequestWrap", envelopes_that(|envelope| envelope.request.is_some())),
        ("SuccessFlag", envelopes_that(|envelope| envelope.success.is_some())),
    ];
    (gated_imports(&quote! { apigen_runtime }, &names), quote! { #(#pagination_statics)* #(#envelope_statics)* })
}

/// The spec's retry policy as a constant expression.
fn retry_tokens(retry: &crate::ast::Retry) -> TokenStream {
    let mut fields = Vec::new();
    if let Some(attempts) = retry.max_attempts {
        let attempts = super::unsuffixed(attempts);
        fields.push(quote! { max_attempts: #attempts, });
    }
    for (name, value) in [
        ("initial_backoff", retry.initial_backoff_ms),
        ("max_backoff", retry.max_backoff_ms),
        ("max_elapsed", retry.max_elapsed_ms),
        ("retry_after_cap", retry.retry_after_cap_ms),
    ] {
        if let Some(millis) = value {
            let field = ident(name);
            let millis = super::unsuffixed(millis);
            fields.push(quote! { #field: Duration::from_millis(#millis), });
        }
    }
    match fields.len() {
        0 => quote! { RetryPolicy::DEFAULT },
        // Every field is set: no `..DEFAULT`, which would have no effect.
        5 => quote! { RetryPolicy { #(#fields)* } },
        _ => quote! { RetryPolicy { #(#fields)* ..RetryPolicy::DEFAULT } },
    }
}

pub fn emit(api: &Api) -> TokenStream {
    let name = &api.crate_name;
    let base_url = &api.base_url;
    let auth_statics = api.auth.iter().map(|scheme| {
        let scheme_name = &scheme.name;
        let static_name = ident(&scheme.static_name);
        let placement = placement_tokens(&scheme.placement);
        let alternative = match &scheme.alternative {
            Some(alternative) => {
                let alternative = placement_tokens(alternative);
                quote! { Some(#alternative) }
            }
            None => quote! { None },
        };
        let doc = doc_attrs(&format!("The `{scheme_name}` auth scheme: sent in {}.", describe(&scheme.placement)));
        quote! {
            #doc
            pub(crate) static #static_name: AuthScheme = AuthScheme { name: #scheme_name, placement: #placement, alternative: #alternative };
        }
    });
    let schemes = api.auth.iter().map(|scheme| {
        let name = ident(&scheme.static_name);
        quote! { &#name }
    });
    let setters = api.auth.iter().enumerate().map(|(position, scheme)| {
        let index = ident(&scheme.static_name);
        let setter = ident(&scheme.setter);
        let mut doc = scheme.doc.clone().unwrap_or_else(|| format!("Sets the credential of the `{}` auth scheme.", scheme.name));
        doc.push_str(&format!("\n\nSent in {}. Never shown in `Debug` output or errors.", describe(&scheme.placement)));
        let doc = doc_attrs(&doc);
        let params: Vec<Ident> = credential_params(api, position).iter().map(|param| ident(param)).collect();
        let is_session = api.session.as_ref().is_some_and(|session| session.scheme == position);
        let setter_fn = match (params.as_slice(), is_session) {
            ([username, password], false) => quote! {
                #doc
                pub fn #setter(self, #username: impl Into<String>, #password: impl Into<Secret>) -> Self {
                    let credential = Credential::Basic { username: #username.into(), password: #password.into() };
                    Self { inner: self.inner.credential(&#index, credential) }
                }
            },
            ([token, user_id], true) => quote! {
                #doc
                ///
                /// Starts from a saved session: `token` is sent, and `user_id` is needed to renew it
                /// when it expires. Without it, log in through the login endpoints.
                pub fn #setter(self, #token: impl Into<Secret>, #user_id: impl Into<String>) -> Self {
                    Self { inner: self.inner.session(#token.into(), Some(#user_id.into())) }
                }
            },
            _ => quote! {
                #doc
                pub fn #setter(self, credential: impl Into<Secret>) -> Self {
                    Self { inner: self.inner.credential(&#index, Credential::Token(credential.into())) }
                }
            },
        };
        let alternative_fn = scheme.alternative.as_ref().zip(alternative_setter(scheme)).map(|(alternative, method)| {
            let method = ident(&method);
            let doc = doc_attrs(&format!("Sends the `{}` credential in {} instead.", scheme.name, describe(alternative)));
            quote! {
                #doc
                pub fn #method(self) -> Self {
                    Self { inner: self.inner.use_alternative_placement(&#index) }
                }
            }
        });
        quote! { #setter_fn #alternative_fn }
    });
    let accessors = api.resources.iter().map(|resource| {
        let accessor = ident(&resource.accessor);
        let module = ident(&resource.module);
        let handle = ident(&resource.type_name);
        let doc = doc_attrs(resource.doc.as_deref().unwrap_or(&format!("The `{}` endpoints.", resource.name)));
        let cfg = cfg(&resource.gate());
        quote! {
            #doc
            #cfg
            pub fn #accessor(&self) -> crate::#module::#handle {
                crate::#module::#handle::new(self.clone())
            }
        }
    });
    let retry = retry_tokens(&api.retry);
    let rate_limits = api.rate_limits.iter().map(|limit| {
        let requests = super::unsuffixed(limit.requests);
        let seconds = super::unsuffixed(limit.per_seconds);
        quote! { RateLimit { requests: #requests, per: Duration::from_secs(#seconds) } }
    });
    let limits_doc = if api.rate_limits.is_empty() {
        "The spec declares no rate limits, so none are applied by default.".to_owned()
    } else {
        let windows: Vec<String> = api.rate_limits.iter().map(|limit| format!("{} per {} s", limit.requests, limit.per_seconds)).collect();
        format!("By default the client keeps to the provider's limits: {}.", windows.join(", "))
    };
    let limits_doc = doc_attrs(&format!(
        "Replaces the client-side rate limits; an empty list turns them off. All clones of the client share one limiter.\n\n{limits_doc}"
    ));
    let (method_override, override_import, override_setter) = match &api.method_override {
        Some(method_override) => {
            let header = &method_override.header;
            let methods = method_override.methods.iter().map(|method| ident(method.as_str()));
            let names: Vec<&str> = method_override.methods.iter().map(|method| method.as_str()).collect();
            let doc = doc_attrs(&format!(
                "Sends {} requests as POST with the real method in the `{header}` header, for proxies and networks that block those methods.",
                names.join(", ")
            ));
            (
                quote! { Some(MethodOverride { header: #header, methods: &[#(Method::#methods),*] }) },
                Some(quote! { use apigen_runtime::MethodOverride; use apigen_runtime::reqwest::Method; }),
                Some(quote! {
                    #doc
                    pub fn method_override(self, enabled: bool) -> Self {
                        Self { inner: self.inner.method_override(enabled) }
                    }
                }),
            )
        }
        None => (quote! { None }, None, None),
    };
    let constant_headers = super::constant_headers(&api.headers);
    let follow_redirects = super::unsuffixed(api.follow_redirects);
    let idempotency = match &api.idempotency {
        Some(idempotency) => {
            let header = &idempotency.header.value;
            let methods = idempotency.methods.iter().map(|method| ident(method.as_str()));
            quote! { Some(apigen_runtime::IdempotencyKeys { header: #header, methods: &[#(apigen_runtime::reqwest::Method::#methods),*] }) }
        }
        None => quote! { None },
    };
    let header_setters = api.headers.iter().filter_map(|header| {
        let setter = ident(header.setter.as_ref()?);
        let (name, value) = (&header.name, &header.value);
        let lead = header.doc.clone().unwrap_or_else(|| format!("Chooses the value of the `{name}` header."));
        let doc = doc_attrs(&format!(
            "{lead}\n\nSends `value` in the `{name}` header of every request instead of `{value}`;\n`build` fails if it has characters a header cannot carry."
        ));
        Some(quote! {
            #doc
            pub fn #setter(self, value: impl Into<String>) -> Self {
                Self { inner: self.inner.constant_header(#name, value) }
            }
        })
    });
    let (session_static, session_ref, session_methods) = match &api.session {
        Some(session) => {
            let scheme = ident(&api.auth[session.scheme].static_name);
            let token = super::json_path(&session.token);
            let user_id = super::optional_json_path(session.user_id.as_ref());
            let renew = match &session.renew {
                Some((module, name)) => {
                    let (module, name) = (ident(module), ident(name));
                    quote! { Some(&crate::#module::#name) }
                }
                None => quote! { None },
            };
            let renew_field = &session.renew_field;
            let expired = session.expired.iter().map(|code| super::unsuffixed(u64::from(*code)));
            (
                Some(quote! {
                    /// The login session: where logins carry the token, and how it is renewed.
                    static SESSION: SessionConfig = SessionConfig {
                        scheme: &#scheme,
                        token: #token,
                        user_id: #user_id,
                        renew: #renew,
                        renew_field: #renew_field,
                        expired: &[#(#expired),*],
                    };
                }),
                quote! { Some(&SESSION) },
                Some(quote! {
                    /// The current login session (token and user id), to save and start from later
                    /// with the builder. Clones of the client share it.
                    pub fn session(&self) -> Option<Session> {
                        self.core.session()
                    }

                    /// Replaces the login session, or forgets it with `None`.
                    pub fn set_session(&self, session: Option<Session>) {
                        self.core.set_session(session);
                    }
                }),
            )
        }
        None => (None, quote! { None }, None),
    };
    // The example sets the first credential a caller gives the builder (a session token comes
    // from logging in).
    let first_credential = api.auth.iter().enumerate().find(|(index, _)| api.session.as_ref().is_none_or(|session| session.scheme != *index)).map(|(_, scheme)| scheme);
    let env_var = format!("{}_{}", api.crate_name.to_uppercase().replace('-', "_"), first_credential.map_or("TOKEN".to_owned(), |scheme| scheme.setter.to_uppercase()));
    let example_setter = first_credential.map(|scheme| {
        let setter = &scheme.setter;
        match scheme.placement {
            AuthPlacement::Basic => format!("\n    .{setter}(\"user\", std::env::var(\"{env_var}\")?)"),
            _ => format!("\n    .{setter}(std::env::var(\"{env_var}\")?)"),
        }
    });
    let client_doc = format!(
        "A client for the {title} API.\n\nCheap to clone: clones share one connection pool. Build one with [`Client::builder`].\n\n```no_run\n# async fn example() -> Result<(), Box<dyn std::error::Error>> {{\nlet client = {krate}::Client::builder(){setter}\n    .build()?;\n# let _ = client;\n# Ok(())\n# }}\n```",
        title = api.title,
        krate = api.crate_name.replace('-', "_"),
        setter = example_setter.unwrap_or_default(),
    );
    let client_doc = doc_attrs(&client_doc);
    let auth_imports = if !api.auth.is_empty() {
        let session_imports = api.session.as_ref().map(|_| quote! { use apigen_runtime::auth::{Session, SessionConfig}; });
        // The session's token is set through `session`, not as a credential.
        let credential = (0..api.auth.len()).any(|index| api.session.as_ref().is_none_or(|session| session.scheme != index)).then(|| quote! { Credential, });
        quote! { use apigen_runtime::Secret; use apigen_runtime::auth::{AuthScheme, #credential Placement}; #session_imports }
    } else {
        TokenStream::new()
    };
    let sensitive = &api.sensitive_members;
    let default_auth = api.default_auth.iter().map(|&index| {
        let name = ident(&api.auth[index].static_name);
        quote! { &#name }
    });
    let (scheme_imports, paging_and_envelopes) = paging_and_envelope_statics(api);
    // Endpoints send through the client's core: it is compiled with the resources.
    let resource_gates: Vec<Gate> = api.resources.iter().map(Resource::gate).collect();
    let core_accessor = used_by(api, &resource_gates).map(|gate| {
        let cfg = cfg(&gate);
        quote! {
            #cfg
            pub(crate) fn core(&self) -> &Core<ErrorKind> {
                &self.core
            }
        }
    });
    // Each placeholder of the base URL (`{subdomain}`) has a setter of its name.
    let base_url_params = api.base_url_params.iter().map(|name| {
        let setter = ident(name);
        let doc = doc_attrs(&format!(
            "Fills `{{{name}}}` in the base URL, `{}`.\n\nRequired, unless [`ClientBuilder::base_url`] sends requests elsewhere. In the host the value is\nletters, digits, `-` and `.`; in the path, any text (percent-encoded).",
            api.base_url
        ));
        quote! {
            #doc
            pub fn #setter(self, value: impl Into<String>) -> Self {
                Self { inner: self.inner.base_url_param(#name, value) }
            }
        }
    });
    let default_errors = api.error_tables.get(api.default_error_table).map_or_else(|| ident("ERRORS"), |table| ident(&table.static_name));
    quote! {
        //! The client and its builder.
        use crate::error::{Error, ErrorKind};
        use apigen_runtime::{ApiDescription, Core, RateLimit, RetryPolicy};
        #override_import
        #auth_imports
        #scheme_imports
        use std::time::Duration;

        #(#auth_statics)*

        #paging_and_envelopes

        #session_static

        /// What raw requests (`Client::raw`) are sent with.
        static RAW: apigen_runtime::RawEndpoints = apigen_runtime::RawEndpoints::new(&[#(#default_auth),*], &crate::error::#default_errors);

        /// What the runtime needs to know about the API as a whole.
        pub(crate) static API: ApiDescription = ApiDescription {
            name: #name,
            default_base_url: #base_url,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
            auth: &[#(#schemes),*],
            session: #session_ref,
            retry: #retry,
            rate_limits: &[#(#rate_limits),*],
            method_override: #method_override,
            sensitive: &[#(#sensitive),*],
            headers: #constant_headers,
            idempotency: #idempotency,
            follow_redirects: #follow_redirects,
        };

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            core: Core<ErrorKind>,
        }

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder { inner: apigen_runtime::ClientBuilder::new(&API) }
            }

            #(#accessors)*

            /// A client that retries with `policy` for the calls made through it, and shares
            /// connections, credentials and the rate limiter with this one. Use it to change
            /// retries for one call: `client.with_retry_policy(RetryPolicy::NONE).users()...`.
            pub fn with_retry_policy(&self, policy: RetryPolicy) -> Client {
                Client { core: self.core.with_retry_policy(policy) }
            }

            #session_methods

            /// A request to any path of the API, for endpoints the spec does not describe yet:
            /// sent with the client's credentials (the spec's default schemes), retries, rate
            /// limits, timeouts and interceptors, and its errors decoded as the API's. `path` is
            /// relative to the base URL and starts with `/`; one that could leave the API fails.
            pub fn raw(&self, method: apigen_runtime::reqwest::Method, path: &str) -> apigen_runtime::RawRequest<ErrorKind> {
                apigen_runtime::RawRequest::new(self.core.clone(), &RAW, method, path)
            }

            #core_accessor
        }

        /// Configures a [`Client`].
        #[derive(Debug, Clone)]
        #[must_use = "a builder does nothing until `build` is called"]
        pub struct ClientBuilder {
            inner: apigen_runtime::ClientBuilder,
        }

        impl ClientBuilder {
            #(#setters)*

            #(#base_url_params)*

            #[doc = concat!(" Sends requests to `url` instead of `", #base_url, "` (for tests and proxies).")]
            pub fn base_url(self, url: impl Into<String>) -> Self {
                Self { inner: self.inner.base_url(url) }
            }

            /// Timeout for a whole request, from sending it to the end of the response body
            /// (default 30 seconds). A timeout is reported as [`Error::Timeout`].
            pub fn timeout(self, timeout: Duration) -> Self {
                Self { inner: self.inner.timeout(timeout) }
            }

            /// Timeout for establishing a connection (default 10 seconds).
            pub fn connect_timeout(self, timeout: Duration) -> Self {
                Self { inner: self.inner.connect_timeout(timeout) }
            }

            /// Replaces the default `User-Agent` (this crate's name and version).
            pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
                Self { inner: self.inner.user_agent(user_agent) }
            }

            /// Changes the `reqwest::ClientBuilder` the client is built from: proxies, TLS roots and
            /// backends, DNS, connection pools, default headers. Whatever `configure` does,
            /// redirects stay off (a 3xx is an error, so credentials and request bodies never
            /// reach another origin) and this builder's `timeout` and `connect_timeout` apply.
            pub fn configure_http(
                self,
                configure: impl Fn(apigen_runtime::reqwest::ClientBuilder) -> apigen_runtime::reqwest::ClientBuilder + Send + Sync + 'static,
            ) -> Self {
                Self { inner: self.inner.configure_http(configure) }
            }

            /// Sends every request through `transport` instead of the network (for example one that
            /// answers from memory in tests); `configure_http` then has no effect. Credentials,
            /// retries, origin checks, size limits and error decoding apply as with the default.
            pub fn transport(self, transport: impl apigen_runtime::Transport) -> Self {
                Self { inner: self.inner.transport(transport) }
            }

            /// Adds an interceptor: code of yours run at fixed points of every call, after those
            /// added before it. Before each attempt it may change the request (add a header, sign
            /// it; it cannot send it to another origin); after each response it sees the status
            /// and headers; when a retry is decided, the error and the wait.
            pub fn interceptor(self, interceptor: impl apigen_runtime::Interceptor) -> Self {
                Self { inner: self.inner.interceptor(interceptor) }
            }

            /// Refuses response bodies larger than `bytes` (default 32 MiB).
            pub fn max_response_bytes(self, bytes: usize) -> Self {
                Self { inner: self.inner.max_response_bytes(bytes) }
            }

            /// Replaces the spec's retry policy ([`RetryPolicy::NONE`] turns retries off).
            ///
            /// Retries happen only where they are safe: retryable errors of idempotent requests,
            /// errors the spec marks as unprocessed for any request, and connections that could
            /// not be made. `Retry-After` is honoured up to the policy's cap.
            pub fn retry_policy(self, policy: RetryPolicy) -> Self {
                Self { inner: self.inner.retry_policy(policy) }
            }

            #limits_doc
            pub fn rate_limits(self, limits: Vec<RateLimit>) -> Self {
                Self { inner: self.inner.rate_limits(limits) }
            }

            #override_setter

            #(#header_setters)*

            /// Builds the client. Fails only on an invalid base URL, user agent, credential or
            /// header value.
            pub fn build(self) -> Result<Client, Error> {
                Ok(Client { core: self.inner.build()? })
            }
        }
    }
}
