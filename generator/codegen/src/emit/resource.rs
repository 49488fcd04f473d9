//! `src/<resource>.rs`: a resource handle, and per endpoint its static description and request
//! builder.

use super::examples::endpoint_doc_example;
use super::models::{FieldShape, field_shape};
use super::values::ValueWriter;
use super::{arg_type, convert, crate_models, field_init, doc_attrs, ident, type_tokens};
use crate::ir::{Api, BodySetter, Endpoint, Field, ListStyle, Method, PageSize, Param, ParamIn, Resource, Response, ScalarWire, Type};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};


pub fn emit(api: &Api, resource: &Resource, values: &ValueWriter) -> TokenStream {
    let handle = ident(&resource.type_name);
    let title = &api.title;
    let module_doc = super::inner_doc(&format!(
        "The `{}` resource of the {title} API.\n\n{}",
        resource.name,
        resource.doc.as_deref().unwrap_or("")
    ));
    let methods = resource.endpoints.iter().map(|endpoint| handle_method(api, resource, endpoint, values));
    let items = resource.endpoints.iter().map(|endpoint| endpoint_items(api, resource, endpoint));
    let handle_doc = doc_attrs(&format!(
        "{}\n\nGet one with [`Client::{}`](crate::Client::{}); each method's documentation has an example.",
        resource.doc.as_deref().unwrap_or(&format!("The `{}` endpoints.", resource.name)),
        resource.accessor,
        resource.accessor,
    ));
    let uses_paging = resource.endpoints.iter().any(|endpoint| matches!(endpoint.response, Response::Paged { .. }));
    let uses_page_size = resource.endpoints.iter().any(|endpoint| endpoint.page_size.is_some());
    let paging_imports = uses_paging.then(|| quote! { use apigen_runtime::futures_util::Stream; use apigen_runtime::Page; });
    let page_size_import = uses_page_size.then(|| quote! { use apigen_runtime::{PageParam, PageSize}; });
    quote! {
        #module_doc
        use crate::client::Client;
        use crate::error::Error;
        use apigen_runtime::reqwest::Method;
        use apigen_runtime::{Endpoint, InvalidArgument, Request};
        #paging_imports
        #page_size_import

        #handle_doc
        #[derive(Debug, Clone)]
        pub struct #handle {
            client: Client,
        }

        impl #handle {
            pub(crate) fn new(client: Client) -> Self {
                Self { client }
            }

            #(#methods)*
        }

        #(#items)*
    }
}

/// An argument of a handle's method: a required parameter or body field, the body, or a raw
/// body's content type and bytes.
pub(crate) struct Arg<'a> {
    pub(crate) rust: &'a str,
    /// The value's type; `None` for a raw body's bytes (`impl Into<Bytes>`).
    ty: Option<Type>,
    doc: Option<&'a str>,
    /// `Option<T>` for a required but nullable body field.
    nullable: bool,
}

/// The arguments of the handle's method for `endpoint`, in order: the code, its docs and the
/// README all list them from here.
pub(crate) fn arguments(endpoint: &Endpoint) -> Vec<Arg<'_>> {
    let mut args: Vec<Arg<'_>> = endpoint
        .params
        .iter()
        .filter(|param| param.required)
        .map(|param| Arg { rust: &param.rust, ty: Some(param.ty.clone()), doc: param.doc.as_deref(), nullable: false })
        .collect();
    if let Some(body) = endpoint.body.as_ref().filter(|body| !body.whole) {
        args.extend(body.fields.iter().filter(|field| field.required).map(|field| Arg {
            rust: &field.rust,
            ty: Some(field.ty.clone()),
            doc: field.doc.as_deref(),
            nullable: field.nullable,
        }));
    }
    if let Some(ty) = &endpoint.value_body {
        args.push(Arg { rust: "body", ty: Some(ty.clone()), doc: Some("the request body."), nullable: false });
    }
    if let Some(body) = endpoint.body.as_ref().filter(|body| body.whole) {
        let ty = Type::Model { name: body.model.clone(), boxed: false };
        args.push(Arg { rust: "body", ty: Some(ty), doc: Some("the request body, built by the caller."), nullable: false });
    }
    if endpoint.raw_body {
        args.push(Arg { rust: "content_type", ty: Some(Type::String), doc: Some("the body's content type, such as `image/png`."), nullable: false });
        args.push(Arg { rust: "data", ty: None, doc: Some("the body's bytes."), nullable: false });
    }
    args
}

fn handle_method(api: &Api, resource: &Resource, endpoint: &Endpoint, values: &ValueWriter) -> TokenStream {
    let function = ident(&endpoint.fn_name);
    let builder = ident(&endpoint.builder);
    let args = arguments(endpoint);
    let value_body_init = endpoint.value_body.as_ref().map(|_| quote! { body, });
    let raw_args = endpoint.raw_body.then(|| {
        quote! {
            content_type: content_type.into(),
            data: data.into(),
        }
    });
    let mut doc = endpoint.doc.clone().unwrap_or_else(|| format!("Calls `{}`.", endpoint.name));
    doc.push_str(&format!("\n\n`{} {}`", endpoint.method.as_str(), endpoint.path));
    if !args.is_empty() {
        doc.push_str("\n\n# Arguments\n");
        for arg in &args {
            doc.push_str(&format!("\n- `{}`: {}", arg.rust, arg.doc.map_or_else(|| "required.".to_owned(), super::first_paragraph)));
        }
    }
    doc.push_str(match endpoint.response {
        Response::Paged { .. } => "\n\nReturns a builder: `send` fetches one page, `stream` yields every item, `pages` every page.",
        _ => "\n\nReturns a builder; set optional parameters on it, then call `send`.",
    });
    doc.push_str(&endpoint_doc_example(api, resource, endpoint, values));
    let doc = doc_attrs(&doc);
    let params = args.iter().map(|arg| {
        let name = ident(arg.rust);
        match &arg.ty {
            None => quote! { #name: impl Into<apigen_runtime::bytes::Bytes> },
            Some(ty) if arg.nullable => {
                let ty = type_tokens(ty, &crate_models());
                quote! { #name: Option<#ty> }
            }
            Some(ty) => {
                let ty = arg_type(ty);
                quote! { #name: #ty }
            }
        }
    });
    let param_inits = endpoint.params.iter().map(|param| {
        let name = ident(&param.rust);
        if param.required {
            field_init(&param.ty, &name)
        } else if matches!(param.ty, Type::List(_)) {
            quote! { #name: Vec::new(), }
        } else {
            quote! { #name: None, }
        }
    });
    let body_init = endpoint.body.as_ref().map(|body| {
        let model = ident(&body.model);
        if body.whole {
            quote! { body, }
        } else if body.fields.iter().all(|field| !field.required) {
            quote! { body: crate::models::#model::default(), }
        } else {
            let fields = body.fields.iter().map(|field| {
                let name = ident(&field.rust);
                if !field.required {
                    quote! { #name: None, }
                } else if field.nullable {
                    quote! { #name, }
                } else {
                    field_init(&field.ty, &name)
                }
            });
            quote! { body: crate::models::#model { #(#fields)* }, }
        }
    });
    // The method takes each required parameter and body field, however many the endpoint has.
    let allow = (args.len() + 1 > super::CLIPPY_MAX_ARGUMENTS).then(|| quote! { #[allow(clippy::too_many_arguments, reason = "one argument per required parameter and body field")] });
    quote! {
        #doc
        #allow
        pub fn #function(&self, #(#params),*) -> #builder {
            #builder {
                client: self.client.clone(),
                options: apigen_runtime::CallOptions::default(),
                #(#param_inits)*
                #body_init
                #value_body_init
                #raw_args
            }
        }
    }
}

fn method_tokens(method: Method) -> TokenStream {
    let name = format_ident!("{}", method.as_str());
    quote! { Method::#name }
}

fn endpoint_items(api: &Api, resource: &Resource, endpoint: &Endpoint) -> TokenStream {
    let const_name = ident(&endpoint.const_name);
    let builder = ident(&endpoint.builder);
    let method = method_tokens(endpoint.method);
    let path = &endpoint.path;
    let auth = endpoint.auth.iter().map(|&index| {
        let name = ident(&api.auth[index].static_name);
        quote! { &crate::client::#name }
    });
    let errors = api.error_tables.get(endpoint.error_table).map_or_else(|| ident("ERRORS"), |table| ident(&table.static_name));
    let idempotent = endpoint.idempotent;
    let starts_session = endpoint.starts_session;
    let pagination = match &endpoint.response {
        Response::Paged { static_name, .. } => {
            let name = ident(static_name);
            quote! { Some(&crate::client::#name) }
        }
        _ => quote! { None },
    };
    let envelope = match &endpoint.envelope {
        Some(envelope) => {
            let name = ident(&envelope.static_name);
            quote! { Some(&crate::client::#name) }
        }
        None => quote! { None },
    };
    let static_doc = doc_attrs(&format!("`{} {}`.", endpoint.method.as_str(), endpoint.path));
    let page_size = match &endpoint.page_size {
        Some(PageSize { param, max }) => {
            let (param, max) = (super::client::page_param_tokens(param), super::unsuffixed(*max));
            quote! { Some(PageSize { param: #param, max: #max }) }
        }
        None => quote! { None },
    };

    let param_fields = endpoint.params.iter().map(|param| {
        let name = ident(&param.rust);
        let ty = type_tokens(&param.ty, &crate_models());
        if param.required || matches!(param.ty, Type::List(_)) {
            quote! { #name: #ty, }
        } else {
            quote! { #name: Option<#ty>, }
        }
    });
    let body_field = endpoint.body.as_ref().map(|body| {
        let model = ident(&body.model);
        quote! { body: crate::models::#model, }
    });
    let raw_fields = endpoint.raw_body.then(|| quote! { content_type: String, data: apigen_runtime::bytes::Bytes, });
    let value_body_field = endpoint.value_body.as_ref().map(|ty| {
        let ty = type_tokens(ty, &crate_models());
        quote! { body: #ty, }
    });
    let param_setters = endpoint.params.iter().filter(|param| !param.required).map(param_setter);
    let body_setters = endpoint.body.iter().flat_map(|body| {
        body.fields.iter().filter_map(move |field| body.setter(&field.rust).map(|setter| body_setter(field, setter)))
    });
    let request_fn = request_fn(endpoint);
    let send = send_methods(endpoint);
    let builder_doc = doc_attrs(&format!(
        "Request builder for [`{}::{}`]: `{} {}`.",
        resource.type_name,
        endpoint.fn_name,
        endpoint.method.as_str(),
        endpoint.path
    ));
    let with_response = with_response_impl(endpoint, &builder);
    let headers = super::constant_headers(&endpoint.headers);
    quote! {
        #static_doc
        pub(crate) static #const_name: Endpoint = Endpoint {
            method: #method,
            path: #path,
            auth: &[#(#auth),*],
            errors: &crate::error::#errors,
            envelope: #envelope,
            pagination: #pagination,
            page_size: #page_size,
            idempotent: #idempotent,
            starts_session: #starts_session,
            headers: #headers,
        };

        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder {
            client: Client,
            options: apigen_runtime::CallOptions,
            #(#param_fields)*
            #body_field
            #value_body_field
            #raw_fields
        }

        impl #builder {
            #(#param_setters)*
            #(#body_setters)*
            #request_fn
            #send
        }

        impl apigen_runtime::PerCallOptions for #builder {
            fn call_options(&mut self) -> &mut apigen_runtime::CallOptions {
                &mut self.options
            }
        }

        #with_response
    }
}

/// `SendWithResponse` for a builder whose call returns a value (not pages or a stream): a
/// trait's provided method, so the code is compiled only for the calls that use it.
fn with_response_impl(endpoint: &Endpoint, builder: &proc_macro2::Ident) -> Option<TokenStream> {
    let body = match &endpoint.response {
        Response::Empty => quote! { apigen_runtime::NoContent },
        Response::Bytes => quote! { apigen_runtime::RawBody },
        Response::Json(ty) => {
            let ty = type_tokens(ty, &crate_models());
            quote! { apigen_runtime::Json<#ty> }
        }
        Response::Stream | Response::Paged { .. } => return None,
    };
    Some(quote! {
        impl apigen_runtime::SendWithResponse for #builder {
            type Kind = crate::error::ErrorKind;
            type Body = #body;

            fn call_parts(&self) -> (&apigen_runtime::Core<crate::error::ErrorKind>, Result<Request, InvalidArgument>) {
                (self.client.core(), self.request())
            }
        }
    })
}

fn param_setter(param: &Param) -> TokenStream {
    let name = ident(&param.rust);
    let where_to = match param.location {
        ParamIn::Path => "path",
        ParamIn::Query => "query",
        ParamIn::Header => "header",
    };
    let doc = doc_attrs(&format!("{}\n\nSent as the `{}` {where_to} parameter.", param.doc.as_deref().unwrap_or("Optional."), param.wire));
    let ty = arg_type(&param.ty);
    let value = convert(&param.ty, quote! { value });
    let store = if matches!(param.ty, Type::List(_)) { value } else { quote! { Some(#value) } };
    quote! {
        #doc
        pub fn #name(mut self, value: #ty) -> Self {
            self.#name = #store;
            self
        }
    }
}

fn body_setter(field: &Field, setter: &BodySetter) -> TokenStream {
    let name = ident(&field.rust);
    let setter_name = ident(&setter.setter);
    let doc_text = field.doc.clone().unwrap_or_else(|| format!("Sets `{}`.", field.wire));
    let ty = arg_type(&field.ty);
    let convert = convert(&field.ty, quote! { value });
    match (field_shape(field, true), &setter.clear) {
        (FieldShape::OptionalNullable, Some(clear)) => {
            let clear = ident(clear);
            let doc = doc_attrs(&format!("{doc_text}\n\nSent as the body field `{}`.", field.wire));
            let clear_doc = doc_attrs(&format!("Sends `{}` as `null`, clearing it.", field.wire));
            quote! {
                #doc
                pub fn #setter_name(mut self, value: #ty) -> Self {
                    self.body.#name = Some(Some(#convert));
                    self
                }

                #clear_doc
                pub fn #clear(mut self) -> Self {
                    self.body.#name = Some(None);
                    self
                }
            }
        }
        _ => {
            let doc = doc_attrs(&format!("{doc_text}\n\nSent as the body field `{}`; left out unless set.", field.wire));
            quote! {
                #doc
                pub fn #setter_name(mut self, value: #ty) -> Self {
                    self.body.#name = Some(#convert);
                    self
                }
            }
        }
    }
}

/// The path parameter value as `&str`.
fn path_value(param: &Param) -> TokenStream {
    let name = ident(&param.rust);
    match param.ty {
        Type::String => quote! { self.#name.as_str() },
        Type::Scalar(scalar) if scalar.wire() == ScalarWire::String => quote! { self.#name.as_str() },
        _ => quote! { self.#name.to_string().as_str() },
    }
}

fn request_fn(endpoint: &Endpoint) -> TokenStream {
    let const_name = ident(&endpoint.const_name);
    let path_params = endpoint.params.iter().filter(|param| param.location == ParamIn::Path).map(|param| {
        let wire = &param.wire;
        let value = path_value(param);
        quote! { (#wire, #value) }
    });
    // The call's own timeout, headers and retry policy go in with the endpoint: one call and one
    // `?`, since every builder's `request` is compiled whether or not options are set.
    let start = quote! { Request::for_call(&#const_name, &[#(#path_params),*], &self.options) };
    let mut steps = Vec::new();
    for param in endpoint.params.iter().filter(|param| param.location != ParamIn::Path) {
        let name = ident(&param.rust);
        let wire = &param.wire;
        let is_list = matches!(param.ty, Type::List(_));
        if param.ty == Type::PageSize {
            let size = if param.required { quote! { Some(self.#name) } } else { quote! { self.#name } };
            steps.push(quote! { request = request.page_size(#size)?; });
            continue;
        }
        steps.push(match (param.location, param.style, is_list, param.required) {
            (ParamIn::Header, _, _, true) => quote! { request = request.header(#wire, &self.#name)?; },
            (ParamIn::Header, _, _, false) => quote! { request = request.header_opt(#wire, self.#name.as_ref())?; },
            (_, ListStyle::Json, _, true) => quote! { request = request.query_json(#wire, &self.#name)?; },
            (_, ListStyle::Json, true, false) => quote! {
                if !self.#name.is_empty() {
                    request = request.query_json(#wire, &self.#name)?;
                }
            },
            (_, ListStyle::Json, false, false) => quote! {
                if let Some(value) = &self.#name {
                    request = request.query_json(#wire, value)?;
                }
            },
            (_, ListStyle::Brackets, _, true) => quote! { request = request.query_bracketed(#wire, &self.#name)?; },
            (_, ListStyle::Brackets, true, false) => quote! { request = request.query_bracketed(#wire, &self.#name)?; },
            (_, ListStyle::Brackets, false, false) => quote! {
                if let Some(value) = &self.#name {
                    request = request.query_bracketed(#wire, value)?;
                }
            },
            (_, ListStyle::Csv, true, _) => quote! { request = request.query_csv(#wire, &self.#name); },
            (_, ListStyle::Repeat, true, _) => quote! { request = request.query_repeated(#wire, &self.#name); },
            (_, _, false, true) => quote! { request = request.query(#wire, &self.#name); },
            (_, _, false, false) => quote! { request = request.query_opt(#wire, self.#name.as_ref()); },
        });
    }
    if let (true, Some(body)) = (endpoint.multipart, &endpoint.body) {
        // Files go as their own parts; the other fields as text parts.
        let files = body.fields.iter().filter(|field| field.ty == Type::File).map(|field| {
            let (wire, name) = (&field.wire, ident(&field.rust));
            if field.required { quote! { (#wire, Some(&self.body.#name)) } } else { quote! { (#wire, self.body.#name.as_ref()) } }
        });
        steps.push(quote! { request = request.multipart_body(&self.body, &[#(#files),*])?; });
    } else if endpoint.form_body && endpoint.form_brackets && endpoint.body.is_some() {
        steps.push(quote! { request = request.bracketed_form_body(&self.body)?; });
    } else if endpoint.form_body && endpoint.body.is_some() {
        steps.push(quote! { request = request.form_body(&self.body)?; });
    } else if endpoint.body.is_some() || endpoint.value_body.is_some() {
        steps.push(quote! { request = request.json_body(&self.body)?; });
    }
    if endpoint.raw_body {
        steps.push(quote! { request = request.raw_body(&self.content_type, self.data.clone())?; });
    }
    if matches!(endpoint.response, Response::Bytes | Response::Stream) {
        steps.push(quote! { request = request.accept_any(); });
    }
    let body = if steps.is_empty() {
        start
    } else {
        quote! {
            let mut request = #start?;
            #(#steps)*
            Ok(request)
        }
    };
    quote! {
        fn request(&self) -> Result<Request, InvalidArgument> {
            #body
        }
    }
}

fn send_methods(endpoint: &Endpoint) -> TokenStream {
    let models = crate_models();
    match &endpoint.response {
        Response::Empty => quote! {
            /// Sends the request.
            pub async fn send(self) -> Result<(), Error> {
                self.client.core().send_empty(self.request()?).await
            }
        },
        Response::Stream => quote! {
            /// Sends the request and returns the body as a stream, read as it arrives: write it to
            /// a file with `write_to`, or `collect` a small one.
            pub async fn send(self) -> Result<apigen_runtime::ByteStream<crate::error::ErrorKind>, Error> {
                self.client.core().send_stream(self.request()?).await
            }
        },
        Response::Bytes => quote! {
            /// Sends the request and returns the response body's bytes.
            pub async fn send(self) -> Result<apigen_runtime::bytes::Bytes, Error> {
                self.client.core().send_bytes(self.request()?).await
            }
        },
        Response::Json(ty) => {
            let ty = type_tokens(ty, &models);
            quote! {
                /// Sends the request and decodes the response.
                pub async fn send(self) -> Result<#ty, Error> {
                    self.client.core().send_json(self.request()?).await
                }
            }
        }
        Response::Paged { item, .. } => {
            let item = type_tokens(item, &models);
            quote! {
                /// Fetches the first page; [`Page::response`] has the response's status, headers and
                /// request id.
                pub async fn send(self) -> Result<Page<#item>, Error> {
                    self.client.core().fetch_page(self.request()?).await
                }

                /// Every page, fetched lazily: the next page is requested only when the stream is
                /// polled after the previous one. Ends with an error instead of looping if the API
                /// repeats a page.
                pub fn pages(self) -> impl Stream<Item = Result<Page<#item>, Error>> + Send + 'static {
                    self.client.core().pages(self.request())
                }

                /// Every item of every page, fetched lazily page by page.
                pub fn stream(self) -> impl Stream<Item = Result<#item, Error>> + Send + 'static {
                    self.client.core().items(self.request())
                }
            }
        }
    }
}
