//! `src/oauth.rs`: the OAuth 2.0 authorization-code flow (consent URL with typed scopes, code
//! exchange, revocation); and its tests.

use super::{crate_models, doc_attrs, ident, type_tokens};
use crate::ir::{Api, OAuth, ScopeFormat};
use proc_macro2::TokenStream;
use quote::quote;

/// A string enum with `as_str`, for scope parts.
fn scope_enum(name: &str, doc: &str, variants: &[(String, String)]) -> TokenStream {
    let name = ident(name);
    let doc = doc_attrs(doc);
    let definitions = variants.iter().map(|(wire, rust)| {
        let rust = ident(rust);
        let doc = doc_attrs(&format!("`{wire}`."));
        quote! { #doc #rust, }
    });
    let arms = variants.iter().map(|(wire, rust)| {
        let rust = ident(rust);
        quote! { Self::#rust => #wire, }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#definitions)*
        }

        impl #name {
            /// The text in a scope.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn scope_types(scopes: &ScopeFormat) -> TokenStream {
    let separator = &scopes.separator;
    let has_groups = !scopes.groups.is_empty();
    let has_values = !scopes.values.is_empty();
    let mut fields = Vec::new();
    let mut methods = Vec::new();
    let mut render = Vec::new();
    let mut enums = Vec::new();
    let mut example = Vec::new();
    if has_groups {
        let (group, permission) = (&scopes.groups[0], &scopes.permissions[0]);
        example.push(format!(".group(ScopeGroup::{}, [ScopePermission::{}])", group.1, permission.1));
        enums.push(scope_enum("ScopeGroup", "A group of permissions, written `group[permission,...]`.", &scopes.groups));
        enums.push(scope_enum("ScopePermission", "A permission inside a group's brackets.", &scopes.permissions));
        fields.push(quote! { groups: Vec<(ScopeGroup, Vec<ScopePermission>)>, });
        methods.push(quote! {
            /// Requests `permissions` within `group`.
            pub fn group(mut self, group: ScopeGroup, permissions: impl IntoIterator<Item = ScopePermission>) -> Self {
                self.groups.push((group, permissions.into_iter().collect()));
                self
            }
        });
        render.push(quote! {
            for (group, permissions) in &self.groups {
                let permissions: Vec<&str> = permissions.iter().map(|permission| permission.as_str()).collect();
                parts.push(format!("{}[{}]", group.as_str(), permissions.join(#separator)));
            }
        });
    }
    if has_values {
        example.push(format!(".value(ScopeValue::{})", scopes.values[0].1));
        enums.push(scope_enum("ScopeValue", "A scope value outside any group.", &scopes.values));
        fields.push(quote! { values: Vec<ScopeValue>, });
        methods.push(quote! {
            /// Requests a plain scope value.
            pub fn value(mut self, value: ScopeValue) -> Self {
                self.values.push(value);
                self
            }
        });
        render.push(quote! {
            parts.extend(self.values.iter().map(|value| value.as_str().to_owned()));
        });
    }
    let doc = doc_attrs(&format!(
        "The permissions an application asks for, built from typed parts and written as the provider expects (parts joined by `{separator}`), for example `Scope::new(){}`.",
        example.join("")
    ));
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct Scope {
            #(#fields)*
        }

        impl Scope {
            /// An empty scope.
            pub fn new() -> Self {
                Self::default()
            }

            #(#methods)*
        }

        impl fmt::Display for Scope {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut parts: Vec<String> = Vec::new();
                #(#render)*
                f.write_str(&parts.join(#separator))
            }
        }

        #(#enums)*
    }
}

pub fn emit(api: &Api, oauth: &OAuth) -> TokenStream {
    let (authorize_url, token_url) = (&oauth.authorize_url, &oauth.token_url);
    let revoke_url = match &oauth.revoke_url {
        Some(url) => quote! { Some(#url) },
        None => quote! { None },
    };
    let client_auth = if oauth.client_basic { quote! { ClientAuth::Basic } } else { quote! { ClientAuth::Body } };
    let token_type = type_tokens(&oauth.token_response, &crate_models());
    let (scope_param, scope_text, scope_items) = match &oauth.scopes {
        Some(scopes) => (quote! { scope: &Scope }, quote! { scope.to_string() }, Some(scope_types(scopes))),
        None => (quote! { scope: impl Into<String> }, quote! { scope.into() }, None),
    };
    let revoke = oauth.revoke_url.as_ref().map(|_| {
        quote! {
            /// Revokes an access token; it stops working at once.
            pub async fn revoke(&self, token: impl Into<Secret>) -> Result<(), Error> {
                self.inner.revoke(&token.into()).await
            }
        }
    });
    let param_setters = oauth.authorize_params.iter().map(|(wire, rust)| {
        let rust = ident(rust);
        let doc = doc_attrs(&format!("Sets the `{wire}` parameter of the consent page."));
        quote! {
            #doc
            pub fn #rust(mut self, value: impl Into<String>) -> Self {
                self.params.push((#wire, value.into()));
                self
            }
        }
    });
    let setter = &oauth.token_setter;
    let oauth_doc = doc_attrs(&format!(
        "The OAuth 2.0 authorization-code flow that yields access tokens for [`ClientBuilder::{setter}`](crate::ClientBuilder::{setter}):\n\n1. send the user to [`AuthorizationFlow::authorize_url`];\n2. the provider redirects back with a `code`;\n3. [`AuthorizationFlow::exchange_code`] turns it into a token (the client id and secret are sent {}).",
        if oauth.client_basic { "with HTTP Basic" } else { "in the form body" }
    ));
    let title = &api.title;
    let errors = api.error_tables.first().map_or_else(|| ident("ERRORS"), |table| ident(&table.static_name));
    let docs = super::inner_doc(&format!("OAuth 2.0 for the {title} API."));
    quote! {
        #docs
        use crate::error::Error;
        use apigen_runtime::Secret;
        use apigen_runtime::oauth::{ClientAuth, OAuthClient, OAuthConfig};
        use std::fmt;

        /// The provider's OAuth endpoints.
        static CONFIG: OAuthConfig = OAuthConfig {
            authorize_url: #authorize_url,
            token_url: #token_url,
            revoke_url: #revoke_url,
            client_auth: #client_auth,
            errors: &crate::error::#errors,
        };

        #oauth_doc
        #[derive(Debug)]
        pub struct AuthorizationFlow {
            inner: OAuthClient,
        }

        impl AuthorizationFlow {
            /// An OAuth client for the application `client_id` with its secret.
            pub fn new(client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
                Self { inner: OAuthClient::new(&CONFIG, client_id, client_secret) }
            }

            /// Uses `origin` (scheme, host and port) instead of the provider's OAuth server (for tests
            /// and proxies).
            pub fn with_origin(self, origin: &str) -> Self {
                Self { inner: self.inner.with_origin(origin) }
            }

            /// The consent page URL to send the user to; set `state` and other parameters on it.
            pub fn authorize_url(&self, redirect_uri: impl Into<String>, #scope_param) -> AuthorizeUrl<'_> {
                AuthorizeUrl { flow: self, redirect_uri: redirect_uri.into(), scope: #scope_text, params: Vec::new() }
            }

            /// Exchanges the `code` the provider sent back for the token response.
            pub async fn exchange_code(&self, code: &str) -> Result<#token_type, Error> {
                self.inner.exchange_code(code).await
            }

            #revoke
        }

        /// A consent page URL being built; `to_string()` gives the URL.
        #[derive(Debug, Clone)]
        pub struct AuthorizeUrl<'a> {
            flow: &'a AuthorizationFlow,
            redirect_uri: String,
            scope: String,
            params: Vec<(&'static str, String)>,
        }

        impl AuthorizeUrl<'_> {
            /// An opaque value the provider sends back unchanged, to tie the answer to this request.
            pub fn state(mut self, state: impl Into<String>) -> Self {
                self.params.push(("state", state.into()));
                self
            }

            #(#param_setters)*
        }

        impl fmt::Display for AuthorizeUrl<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let params: Vec<(&str, &str)> = self.params.iter().map(|(name, value)| (*name, value.as_str())).collect();
                f.write_str(&self.flow.inner.authorize_url(&self.redirect_uri, &self.scope, &params))
            }
        }

        #scope_items
    }
}

/// Tests: the code exchange on the wire, and the consent URL's parameters.
pub fn tests(api: &Api, krate: &TokenStream) -> Vec<TokenStream> {
    let Some(oauth) = &api.oauth else { return Vec::new() };
    let (code, response) = &oauth.example;
    let text = serde_json::to_string_pretty(response).unwrap_or_default();
    let token_path = oauth.token_url.split_once("://").and_then(|(_, rest)| rest.find('/').map(|index| rest[index..].to_owned())).unwrap_or_else(|| "/".to_owned());
    let (headers, form) = if oauth.client_basic {
        (quote! { &[("authorization", basic.as_str())] }, quote! { &[("code", #code)] })
    } else {
        (quote! { &[] }, quote! { &[("code", #code), ("client_id", "test-client"), ("client_secret", "test-client-secret")] })
    };
    let (scope, expected_scope) = match &oauth.scopes {
        Some(scopes) => {
            let mut parts = Vec::new();
            let mut builder = quote! { #krate::oauth::Scope::new() };
            if let (Some(group), Some(first), second) = (scopes.groups.first(), scopes.permissions.first(), scopes.permissions.get(1)) {
                let group_ident = ident(&group.1);
                let permissions: Vec<&(String, String)> = std::iter::once(first).chain(second).collect();
                let idents = permissions.iter().map(|(_, rust)| ident(rust));
                builder = quote! { #builder.group(#krate::oauth::ScopeGroup::#group_ident, [#(#krate::oauth::ScopePermission::#idents),*]) };
                let wires: Vec<&str> = permissions.iter().map(|(wire, _)| wire.as_str()).collect();
                parts.push(format!("{}[{}]", group.0, wires.join(&scopes.separator)));
            }
            if let Some(value) = scopes.values.first() {
                let value_ident = ident(&value.1);
                builder = quote! { #builder.value(#krate::oauth::ScopeValue::#value_ident) };
                parts.push(value.0.clone());
            }
            (quote! { &#builder }, parts.join(&scopes.separator))
        }
        None => (quote! { "read" }, "read".to_owned()),
    };
    let authorize_base = oauth.authorize_url.clone();
    vec![
        quote! {
            /// The OAuth code exchange as it appears on the wire.
            #[tokio::test]
            async fn oauth_code_exchange() -> Result<(), Box<dyn std::error::Error>> {
                let server = MockServer::start().await;
                Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_raw(#text, "application/json")).mount(&server).await;
                let oauth = #krate::oauth::AuthorizationFlow::new("test-client", "test-client-secret").with_origin(&server.uri());
                let token = oauth.exchange_code(#code).await?;
                assert_round_trip(&token, json(#text));
                let basic = apigen_runtime::auth::basic_header_value("test-client", "test-client-secret");
                let form = apigen_runtime::encoding::form_encode(#form);
                ExpectedRequest {
                    method: "POST",
                    path: #token_path,
                    query: &[],
                    json_params: &[],
                    headers: #headers,
                    present_headers: &[],
                    body: ExpectedBody::Raw { content_type: "application/x-www-form-urlencoded", bytes: form.as_bytes() },
                }
                .assert_matches(&recorded(&server).await);
                let _ = basic;
                Ok(())
            }
        },
        quote! {
            /// The consent page URL carries the client id, redirect URI, scope and state.
            #[test]
            fn oauth_authorize_url() -> Result<(), Box<dyn std::error::Error>> {
                let oauth = #krate::oauth::AuthorizationFlow::new("test-client", "test-client-secret");
                let url = oauth.authorize_url("https://app.example/callback?x=1", #scope).state("st-42").to_string();
                assert!(url.starts_with(#authorize_base), "{url}");
                let parsed = apigen_runtime::reqwest::Url::parse(&url)?;
                let pairs: Vec<(String, String)> = parsed.query_pairs().map(|(name, value)| (name.into_owned(), value.into_owned())).collect();
                let expected = [
                    ("redirect_uri", "https://app.example/callback?x=1"),
                    ("client_id", "test-client"),
                    ("scope", #expected_scope),
                    ("state", "st-42"),
                ];
                let expected: Vec<(String, String)> = expected.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect();
                assert_eq!(pairs, expected);
                Ok(())
            }
        },
    ]
}
