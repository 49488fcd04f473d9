//! `src/error.rs`: the crate's `ErrorKind` from its error tables, the `Error` alias and the
//! error schemas endpoints point at.

use super::{doc_attrs, ident, json_path, unsuffixed};
use crate::ir::{Api, ErrorKind, StatusEntry, StatusKey};
use proc_macro2::TokenStream;
use quote::quote;

/// Where `kind` comes from, e.g. `["HTTP 404", "code 13"]`, across all error tables. A status
/// the kind has only by HTTP's default (not in the spec's table) says so.
pub(crate) fn kind_sources(api: &Api, kind: &ErrorKind) -> Vec<String> {
    let status_text = |key: StatusKey| match key {
        StatusKey::Exact(status) => format!("HTTP {status}"),
        StatusKey::Class(class) => format!("HTTP {class}xx"),
    };
    let entries: Vec<&StatusEntry> = api.error_tables.iter().flat_map(|table| &table.statuses).filter(|entry| api.error_kinds[entry.kind].name == kind.name).collect();
    let mut sources: Vec<String> = Vec::new();
    for entry in entries.iter().filter(|entry| !entry.http_default) {
        let source = status_text(entry.key);
        if !sources.contains(&source) {
            sources.push(source);
        }
    }
    for entry in entries.iter().filter(|entry| entry.http_default) {
        let listed = status_text(entry.key);
        let source = format!("{listed} as HTTP defines it");
        if !sources.contains(&listed) && !sources.contains(&source) {
            sources.push(source);
        }
    }
    for table in &api.error_tables {
        for (code, index) in &table.codes {
            if api.error_kinds[*index].name == kind.name {
                sources.push(format!("code {code}"));
            }
        }
    }
    sources
}

/// What `kind` means: the spec's description, else what HTTP says of the first status the kind
/// covers, else that it is one of the provider's codes.
pub(crate) fn kind_meaning(api: &Api, kind: &ErrorKind) -> String {
    if let Some(doc) = &kind.doc {
        return doc.clone();
    }
    let status = api.error_tables.iter().flat_map(|table| &table.statuses).find(|entry| api.error_kinds[entry.kind].name == kind.name).map(|entry| entry.key);
    let meaning = match status {
        Some(StatusKey::Exact(400)) => "The request is malformed or invalid.",
        Some(StatusKey::Exact(401)) => "The credentials are missing, wrong or expired.",
        Some(StatusKey::Exact(402)) => "Payment is required.",
        Some(StatusKey::Exact(403)) => "The credentials do not allow this.",
        Some(StatusKey::Exact(404)) => "No such resource.",
        Some(StatusKey::Exact(405)) => "The resource does not accept this method.",
        Some(StatusKey::Exact(409)) => "The request conflicts with the resource's current state.",
        Some(StatusKey::Exact(410)) => "The resource is gone.",
        Some(StatusKey::Exact(413)) => "The request is too large.",
        Some(StatusKey::Exact(422)) => "The request is well-formed but its content is invalid.",
        Some(StatusKey::Exact(429)) => "Too many requests.",
        Some(StatusKey::Exact(304)) => "Not modified: what the request's conditions name is still current.",
        Some(StatusKey::Exact(408)) => "The provider timed out waiting for the request.",
        Some(StatusKey::Exact(412)) => "A condition of the request does not hold.",
        Some(StatusKey::Exact(415)) => "The provider does not accept the body's media type.",
        Some(StatusKey::Exact(status)) if (300..400).contains(&status) => "A redirect the client does not follow.",
        Some(StatusKey::Exact(status)) if (400..500).contains(&status) => "The provider refused the request.",
        Some(StatusKey::Exact(_) | StatusKey::Class(5)) => "The provider failed to handle the request.",
        Some(StatusKey::Class(4)) => "The provider refused the request.",
        Some(StatusKey::Class(_)) => "An unexpected status.",
        None => "An error code of the provider.",
    };
    meaning.to_owned()
}

pub fn emit(api: &Api) -> TokenStream {
    let variants = api.error_kinds.iter().map(|kind| {
        let variant = ident(&kind.variant);
        let statuses = kind_sources(api, kind);
        let retry = match (kind.retryable, kind.unprocessed) {
            (true, true) => " Retryable, even for requests that are not idempotent: the provider did not act on the request.",
            (true, false) => " Retryable for idempotent requests.",
            _ => "",
        };
        let meaning = kind_meaning(api, kind);
        let doc = doc_attrs(&format!("{meaning}\n\n`{}` ({}).{retry}", kind.name, statuses.join(", ")));
        quote! { #doc #variant, }
    });
    let names = api.error_kinds.iter().map(|kind| {
        let variant = ident(&kind.variant);
        let name = &kind.name;
        quote! { Self::#variant => #name, }
    });
    let retryable: Vec<TokenStream> = api
        .error_kinds
        .iter()
        .filter(|kind| kind.retryable)
        .map(|kind| {
            let variant = ident(&kind.variant);
            quote! { Self::#variant }
        })
        .collect();
    let is_retryable = if retryable.is_empty() {
        quote! { let _ = self; false }
    } else {
        quote! { matches!(self, #(#retryable)|*) }
    };
    let unprocessed: Vec<TokenStream> = api
        .error_kinds
        .iter()
        .filter(|kind| kind.unprocessed)
        .map(|kind| {
            let variant = ident(&kind.variant);
            quote! { Self::#variant }
        })
        .collect();
    let is_unprocessed = (!unprocessed.is_empty()).then(|| {
        quote! {
            fn is_unprocessed(self) -> bool {
                matches!(self, #(#unprocessed)|*)
            }
        }
    });
    let from_names = api.error_kinds.iter().map(|kind| {
        let variant = ident(&kind.variant);
        let name = &kind.name;
        quote! { #name => Self::#variant, }
    });
    // Only the tables something refers to: an endpoint, the OAuth flow (the first table), raw
    // requests (the default table).
    let used = |number: usize| {
        api.resources.iter().flat_map(|resource| &resource.endpoints).any(|endpoint| endpoint.error_table == number)
            || (number == 0 && api.oauth.is_some())
            || number == api.default_error_table
    };
    let schemas = api.error_tables.iter().enumerate().filter(|(number, _)| used(*number)).map(|(_, table)| {
        let name = ident(&table.static_name);
        let message = table.message.iter().map(|path| json_path(path));
        let code = table.code.iter().map(|path| json_path(path));
        let field_errors = match &table.field_errors {
            Some(fields) => {
                let (list, field, message) = (json_path(&fields.list), &fields.field, &fields.message);
                let code = match &fields.code {
                    Some(code) => quote! { Some(#code) },
                    None => quote! { None },
                };
                quote! { Some(apigen_runtime::FieldErrors { list: #list, field: #field, message: #message, code: #code }) }
            }
            None => quote! { None },
        };
        let request_id = match &table.request_id_header {
            Some(header) => quote! { Some(#header) },
            None => quote! { None },
        };
        let kind_name = |index: usize| api.error_kinds[index].name.as_str();
        let codes = table.codes.iter().map(|(code, kind)| {
            let kind = kind_name(*kind);
            quote! { (#code, #kind) }
        });
        let status_match = |key: StatusKey| match key {
            StatusKey::Exact(status) => {
                let status = unsuffixed(status);
                quote! { StatusMatch::Exact(#status) }
            }
            StatusKey::Class(class) => {
                let class = unsuffixed(class);
                quote! { StatusMatch::Class(#class) }
            }
        };
        let statuses = table.statuses.iter().map(|entry| {
            let (covers, kind) = (status_match(entry.key), kind_name(entry.kind));
            quote! { (#covers, #kind) }
        });
        let retry_after_statuses = table.statuses.iter().filter_map(|entry| {
            let (covers, kind) = (status_match(entry.key), kind_name(entry.retry_after_kind?));
            Some(quote! { (#covers, #kind) })
        });
        let table_name = &table.name;
        let doc = doc_attrs(&format!("The `{table_name}` error table: where its errors carry the message, code and field errors, and which kind each code and status means."));
        // The raw requests' table is always compiled, so the imports below are always used.
        let cfg = super::cfg(&table.gate);
        quote! {
            #doc
            #cfg
            pub(crate) static #name: ErrorSchema = ErrorSchema {
                name: #table_name,
                message: &[#(#message),*],
                code: &[#(#code),*],
                field_errors: #field_errors,
                request_id_header: #request_id,
                codes: &[#(#codes),*],
                statuses: &[#(#statuses),*],
                retry_after_statuses: &[#(#retry_after_statuses),*],
            };
        }
    });
    let title = &api.title;
    let module_doc = super::inner_doc(&format!("Errors of the {title} API."));
    let kind_doc = doc_attrs(&format!("The kinds of error the {title} API reports, from the spec's error table."));
    let bodies: String = api
        .error_tables
        .iter()
        .filter_map(|table| {
            let model = table.model.as_ref()?;
            Some(format!(
                "\n\nThe bodies of `{}` errors decode into [`crate::models::{model}`], with the members the error table does not name: `error.body_as::<models::{model}>()`.",
                table.name
            ))
        })
        .collect();
    let error_doc = doc_attrs(&format!(
        "Everything that can go wrong calling the {title} API: transport, timeout, decode, and API errors carrying an [`ErrorKind`].{bodies}"
    ));
    quote! {
        #module_doc
        use apigen_runtime::{ErrorSchema, StatusMatch};
        use std::fmt;

        #error_doc
        pub type Error = apigen_runtime::Error<ErrorKind>;

        #kind_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorKind {
            #(#variants)*
            /// A status or code that the error table does not list.
            Other,
        }

        impl ErrorKind {
            /// The kind's name in the spec.
            pub fn as_str(self) -> &'static str {
                match self {
                    #(#names)*
                    Self::Other => "other",
                }
            }
        }

        impl fmt::Display for ErrorKind {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl apigen_runtime::ErrorKind for ErrorKind {
            fn from_name(name: &str) -> Self {
                match name {
                    #(#from_names)*
                    _ => Self::Other,
                }
            }

            fn is_retryable(self) -> bool {
                #is_retryable
            }

            #is_unprocessed
        }

        #(#schemas)*
    }
}
