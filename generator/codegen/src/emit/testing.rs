//! `testing.rs` (feature `testing`): the crate's mock server, built on the runtime's `mock`
//! module. It lists the crate's endpoints and the spec's examples as data, and hands out typed
//! stubs per resource and endpoint (`mock.orders().get()`).

use super::client::credential_call;
use super::examples::{call_chain, doc_lines, example_params, example_path, raw_string, response_text};
use super::values::ValueWriter;
use super::{cfg, crate_models, doc_attrs, gate_items, gated_imports, ident, inner_doc, type_tokens, used_by};
use crate::ir::{Api, Endpoint, Gate, Resource, Response, StatusKey};
use proc_macro2::TokenStream;
use quote::quote;

/// The mock's docs, imports, endpoint and example tables and `MockServer`; the resources' stubs
/// follow ([`resource_mocks`]).
pub(crate) fn head(api: &Api, values: &ValueWriter) -> TokenStream {
    let docs = inner_doc(&module_docs(api, values));
    let endpoints = api.resources.iter().flat_map(|resource| {
        let cfg = cfg(&resource.gate());
        resource.endpoints.iter().map(move |endpoint| {
            let path = endpoint_path(resource, endpoint);
            quote! { #cfg &#path }
        })
    });
    let examples = api.resources.iter().flat_map(|resource| resource.endpoints.iter().map(move |endpoint| (resource, endpoint))).flat_map(|(resource, endpoint)| {
        endpoint.success_examples().map(move |example| {
            let cfg = cfg(&resource.gate());
            let static_path = endpoint_path(resource, endpoint);
            let path = example_path(endpoint, example);
            let query = example_params(endpoint, example).query;
            let query = query.iter().map(|(name, value)| quote! { (#name, #value) });
            let status = super::unsuffixed(example.status);
            let response = response_text(endpoint, example);
            let mut headers: Vec<(String, String)> = example.response_headers.clone();
            if let Some(response) = response.as_ref().filter(|response| !response.json)
                && !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            {
                headers.push(("content-type".to_owned(), response.content_type.clone()));
            }
            let headers = headers.iter().map(|(name, value)| quote! { (#name, #value) });
            let body = match response {
                Some(response) if response.json => {
                    let text = raw_string(&response.text);
                    quote! { Some(#text) }
                }
                Some(response) => {
                    let text = response.text;
                    quote! { Some(#text) }
                }
                None => quote! { None },
            };
            quote! {
                #cfg Example { endpoint: &#static_path, path: #path, query: &[#(#query),*], status: #status, headers: &[#(#headers),*], body: #body }
            }
        })
    });
    let credentials = (0..api.auth.len()).map(|index| {
        let (first, second) = placeholder_credential(api, index);
        credential_call(api, index, (&quote! { #first }, &quote! { #second }))
    });
    let accessors = api.resources.iter().map(|resource| {
        let accessor = ident(&resource.mock_accessor);
        let mock = ident(&resource.mock_name);
        let doc = doc_attrs(&format!("Stubs of the `{}` resource's endpoints ([`crate::{}`]).", resource.name, resource.type_name));
        let cfg = cfg(&resource.gate());
        quote! {
            #doc
            #cfg
            pub fn #accessor(&self) -> #mock<'_> {
                #mock { server: &self.server }
            }
        }
    });
    let session = api.session.as_ref().map(|_| {
        quote! {
            /// The next call that sends the session token fails as the provider says a session
            /// expired; the client logs in again (or renews the token) and sends the call again.
            pub fn expire_session_once(&self) {
                self.server.expire_session_once();
            }
        }
    });
    let resource_gates: Vec<Gate> = api.resources.iter().map(Resource::gate).collect();
    let error_kind = used_by(api, &resource_gates);
    let crate_imports = gated_imports(&quote! { crate }, &[("Client", Some(Gate::Always)), ("ClientBuilder", Some(Gate::Always)), ("ErrorKind", error_kind)]);
    let title = &api.title;
    let server_doc = doc_attrs(&format!(
        "A local server on 127.0.0.1 that answers as the {title} API would: the spec's examples, then\nthe stubs you add; every request it receives is recorded."
    ));
    quote! {
        #docs

        use apigen_runtime::mock::{self, Example};
        #crate_imports

        pub use apigen_runtime::mock::{Call, DEFAULT_PAGE_SIZE, REDACTED};

        /// Every endpoint, for routing requests.
        static ENDPOINTS: &[&apigen_runtime::Endpoint] = &[#(#endpoints),*];

        /// The spec's examples of successful calls, as the server answers them.
        static EXAMPLES: &[Example] = &[#(#examples),*];

        #server_doc
        #[derive(Debug)]
        pub struct MockServer {
            server: mock::MockServer,
        }

        impl MockServer {
            /// Starts a server on a free port of 127.0.0.1.
            pub async fn start() -> Self {
                Self { server: mock::MockServer::start(&crate::client::API, ENDPOINTS, EXAMPLES).await }
            }

            /// The server's base URL, for a client you build yourself.
            pub fn uri(&self) -> String {
                self.server.uri()
            }

            /// A client builder pointed at the server, with placeholder credentials.
            pub fn client_builder(&self) -> ClientBuilder {
                Client::builder() #(#credentials)* .base_url(self.uri())
            }

            /// A client pointed at the server, with placeholder credentials.
            ///
            /// # Panics
            ///
            /// If the HTTP client cannot be built (its TLS backend fails to start).
            pub fn client(&self) -> Client {
                self.client_builder().build().unwrap_or_else(|error| panic!("the mock server's client: {error}"))
            }

            #session

            /// Every request received so far, in order, credentials masked.
            pub fn calls(&self) -> Vec<Call> {
                self.server.calls()
            }

            #(#accessors)*
        }
    }
}

/// The stubs of `resources`, each compiled with its resource.
pub(crate) fn resource_mocks(resources: &[Resource]) -> TokenStream {
    let mocks = resources.iter().map(|resource| gate_items(&resource.gate(), resource_mock(resource)));
    quote! { #(#mocks)* }
}

/// `crate::<module>::<CONST>`: an endpoint's static.
fn endpoint_path(resource: &Resource, endpoint: &Endpoint) -> TokenStream {
    let module = ident(&resource.module);
    let name = ident(&endpoint.const_name);
    quote! { crate::#module::#name }
}

/// The placeholder credential of auth scheme `index`.
fn placeholder_credential(api: &Api, index: usize) -> (String, String) {
    if api.session.as_ref().is_some_and(|session| session.scheme == index) {
        return ("mock-session".to_owned(), "mock-user".to_owned());
    }
    (format!("mock-{}", api.auth[index].setter.replace('_', "-")), "mock-password".to_owned())
}

/// The stubs of one resource: a method per endpoint.
fn resource_mock(resource: &Resource) -> TokenStream {
    let mock = ident(&resource.mock_name);
    let doc = doc_attrs(&format!("Stubs of the `{}` resource's endpoints, from [`MockServer::{}`].", resource.name, resource.mock_accessor));
    let methods = resource.endpoints.iter().map(|endpoint| {
        let function = ident(&endpoint.fn_name);
        let static_path = endpoint_path(resource, endpoint);
        let doc = doc_attrs(&format!("`{} {}`: stubs of [`{}::{}`](crate::{}::{}).", endpoint.method.as_str(), endpoint.path, resource.type_name, endpoint.fn_name, resource.type_name, endpoint.fn_name));
        let models = crate_models();
        let stub = match &endpoint.response {
            Response::Paged { item, .. } => {
                let item = type_tokens(item, &models);
                quote! { mock::ListMock<'a, #item, ErrorKind> }
            }
            Response::Json(ty) => {
                let ty = type_tokens(ty, &models);
                quote! { mock::EndpointMock<'a, #ty, ErrorKind> }
            }
            Response::Empty | Response::Bytes | Response::Stream => quote! { mock::EndpointMock<'a, (), ErrorKind> },
        };
        let constructor = if matches!(endpoint.response, Response::Paged { .. }) { quote! { mock::ListMock::new } } else { quote! { mock::EndpointMock::new } };
        quote! {
            #doc
            pub fn #function(&self) -> #stub {
                #constructor(self.server, &#static_path)
            }
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, Copy)]
        pub struct #mock<'a> {
            server: &'a mock::MockServer,
        }

        impl<'a> #mock<'a> {
            #(#methods)*
        }
    }
}

/// The module's docs: what the server does, and an example using the first endpoint with an
/// example and a kind its error table encodes by an exact status or a code.
fn module_docs(api: &Api, values: &ValueWriter) -> String {
    let mut docs = format!(
        "A mock of the {} API, for testing code that uses this crate without the network (feature\n`testing`).\n\n\
         [`MockServer::start`] runs a local server that speaks the provider's dialect, and\n[`MockServer::client`] gives a [`Client`] pointed at it. The server answers a call with, in\norder: a session expiry once asked to; the latest stub of the endpoint that still applies; the\nspec's successful example whose path and query the call has, else the endpoint's first one (a\nlist's example is its last page); else a 404 saying nothing answers it. Stubs are typed per endpoint\n(`mock.<resource>().<endpoint>()`): `returns` a value in the provider's envelope, `returns_items`\na list paged in the provider's style, `fails` with an [error kind](crate::ErrorKind) encoded as the provider does,\n`rate_limited` with `Retry-After`, `once` or `times(n)` to answer only the next calls.\nEvery request is recorded with credentials masked ([`MockServer::calls`], `assert_called`).\n",
        api.title
    );
    if let Some(example) = example_test(api, values) {
        docs.push_str("\n```\n");
        docs.push_str(&example);
        docs.push_str("```\n");
    }
    docs
}

/// The module's doc example, formatted, with its wrapper lines hidden.
fn example_test(api: &Api, values: &ValueWriter) -> Option<String> {
    let krate = values.krate();
    let (resource, endpoint, example) = api
        .resources
        .iter()
        .flat_map(|resource| resource.endpoints.iter().map(move |endpoint| (resource, endpoint)))
        .filter(|(_, endpoint)| matches!(endpoint.response, Response::Json(_) | Response::Empty | Response::Paged { .. }))
        .find_map(|(resource, endpoint)| endpoint.success_examples().next().map(|example| (resource, endpoint, example)))?;
    let table = &api.error_tables[endpoint.error_table];
    // A kind the table encodes by a code where error bodies carry one, else by an exact status.
    // Among statuses, a 404, else another client error, else any the spec lists.
    let exact = |wanted: fn(u16) -> bool| table.statuses.iter().find(|entry| matches!(entry.key, StatusKey::Exact(status) if wanted(status)) && !entry.http_default).map(|entry| entry.kind);
    let kind = table
        .codes
        .first()
        .filter(|_| !table.code.is_empty())
        .map(|(_, kind)| *kind)
        .or_else(|| exact(|status| status == 404))
        .or_else(|| exact(|status| (400..500).contains(&status)))
        .or_else(|| exact(|_| true))?;
    let variant = ident(&api.error_kinds[kind].variant);
    let call = call_chain(resource, endpoint, example, values);
    let accessor = ident(&resource.mock_accessor);
    let function = ident(&endpoint.fn_name);
    let answered = match endpoint.response {
        Response::Paged { .. } => quote! { let page = #call.send().await?; println!("{:?}", page.items); },
        Response::Json(_) => quote! { let response = #call.send().await?; println!("{response:?}"); },
        _ => quote! { #call.send().await?; },
    };
    let function_tokens = quote! {
        async fn example() -> Result<(), Box<dyn std::error::Error>> {
            let mock = #krate::testing::MockServer::start().await;
            let client = mock.client();
            #answered
            mock.#accessor().#function().once().fails(#krate::ErrorKind::#variant);
            let kind = #call.send().await.err().and_then(|error| error.kind());
            assert_eq!(kind, Some(#krate::ErrorKind::#variant));
            mock.#accessor().#function().assert_called(2);
            Ok(())
        }
    };
    let file = syn::parse2::<syn::File>(function_tokens).ok()?;
    let mut lines = doc_lines(&prettyplease::unparse(&file));
    lines.push("# tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(example())".to_owned());
    lines.push("# }".to_owned());
    lines.insert(0, "# fn main() -> Result<(), Box<dyn std::error::Error>> {".to_owned());
    Some(lines.join("\n") + "\n")
}
