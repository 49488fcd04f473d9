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

pub fn emit(api: &Api) -> TokenStream {
    let variants = api.error_kinds.iter().map(|kind| {
        let variant = ident(&kind.variant);
        let statuses = kind_sources(api, kind);
        let retry = match (kind.retryable, kind.unprocessed) {
            (true, true) => " Retryable, even for requests that are not idempotent: the provider did not act on the request.",
            (true, false) => " Retryable for idempotent requests.",
            _ => "",
        };
        let meaning = kind.doc.as_deref().unwrap_or("No description in the spec.");
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
    let uses_code = api.error_tables.iter().any(|table| !table.codes.is_empty());
    let code_param = if uses_code { quote! { code } } else { quote! { _code } };
    let tables = api.error_tables.iter().enumerate().map(|(number, table)| {
        let status_arms = table.statuses.iter().map(|entry| {
            let variant = ident(&api.error_kinds[entry.kind].variant);
            match entry.key {
                StatusKey::Exact(status) => {
                    let status = unsuffixed(status);
                    quote! { #status => Self::#variant, }
                }
                StatusKey::Class(class) => {
                    let low = unsuffixed(class * 100);
                    let high = unsuffixed(class * 100 + 99);
                    quote! { #low..=#high => Self::#variant, }
                }
            }
        });
        let by_status = quote! {
            match status {
                #(#status_arms)*
                _ => Self::Other,
            }
        };
        // Application codes decide first; the status decides when the code is absent or unknown.
        let body = if table.codes.is_empty() {
            by_status
        } else {
            let code_arms = table.codes.iter().map(|(code, index)| {
                let variant = ident(&api.error_kinds[*index].variant);
                quote! { Some(#code) => Self::#variant, }
            });
            quote! {
                match code {
                    #(#code_arms)*
                    _ => #by_status,
                }
            }
        };
        let number = super::unsuffixed(number as u64);
        quote! { #number => #body, }
    });
    // Only the tables something refers to: an endpoint, the OAuth flow (the first table), raw
    // requests (the default table).
    let used = |number: usize| {
        api.resources.iter().flat_map(|resource| &resource.endpoints).any(|endpoint| endpoint.error_table == number)
            || (number == 0 && api.oauth.is_some())
            || number == api.default_error_table
    };
    let schemas = api.error_tables.iter().enumerate().filter(|(number, _)| used(*number)).map(|(number, table)| {
        let name = ident(&table.static_name);
        let message = table.message.iter().map(|path| json_path(path));
        let code = table.code.iter().map(|path| json_path(path));
        let field_errors = match &table.field_errors {
            Some((list, field, message)) => {
                let list = json_path(list);
                quote! { Some(apigen_runtime::FieldErrors { list: #list, field: #field, message: #message }) }
            }
            None => quote! { None },
        };
        let request_id = match &table.request_id_header {
            Some(header) => quote! { Some(#header) },
            None => quote! { None },
        };
        let doc = doc_attrs(&format!("Where error table {number} puts the message, code and field errors."));
        let number = super::unsuffixed(number as u64);
        quote! {
            #doc
            pub(crate) static #name: ErrorSchema = ErrorSchema {
                table: #number,
                message: &[#(#message),*],
                code: &[#(#code),*],
                field_errors: #field_errors,
                request_id_header: #request_id,
            };
        }
    });
    let title = &api.title;
    let module_doc = super::inner_doc(&format!("Errors of the {title} API."));
    let kind_doc = doc_attrs(&format!("The kinds of error the {title} API reports, from the spec's error table."));
    let error_doc = doc_attrs(&format!(
        "Everything that can go wrong calling the {title} API: transport, timeout, decode, and API errors carrying an [`ErrorKind`]."
    ));
    quote! {
        #module_doc
        use apigen_runtime::ErrorSchema;
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
            fn classify(table: usize, status: u16, #code_param: Option<&str>) -> Self {
                match table {
                    #(#tables)*
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
