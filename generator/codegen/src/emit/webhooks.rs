//! `src/webhooks.rs`: one type per webhook the provider sends, to check signatures and decode
//! deliveries; and their tests.

use super::{crate_models, doc_attrs, ident, type_tokens};
use crate::ir::{Api, Webhook};
use proc_macro2::TokenStream;
use quote::quote;

fn encoding(webhook: &Webhook) -> TokenStream {
    match webhook.signature.as_ref().map(|signature| signature.encoding.as_str()) {
        Some("base64") => quote! { SignatureEncoding::Base64 },
        _ => quote! { SignatureEncoding::Hex },
    }
}

pub fn emit(api: &Api) -> TokenStream {
    let uses_signatures = api.webhooks.iter().any(|webhook| webhook.signature.is_some());
    let signature_import = uses_signatures.then(|| quote! { use apigen_runtime::webhooks::SignatureEncoding; });
    let imports = quote! {
        #signature_import
        /// Why a delivery was rejected: a bad or malformed signature, or a body that does not decode.
        pub use apigen_runtime::webhooks::WebhookError;
    };
    let types = api.webhooks.iter().map(|webhook| {
        let name = ident(&webhook.type_name);
        let payload = type_tokens(&webhook.payload, &crate_models());
        let mut doc = webhook.doc.clone().unwrap_or_else(|| format!("The `{}` webhook.", webhook.name));
        let signature = webhook.signature.as_ref().map(|signature| {
            let header = &signature.header;
            let encoding = encoding(webhook);
            let secret = signature.secret_doc.as_deref().unwrap_or("the webhook secret");
            doc.push_str(&format!(
                "\n\nDeliveries are signed in the `{header}` header: check them with [`{}::verify`] or [`{}::verify_and_parse`] before trusting them.",
                webhook.type_name, webhook.type_name
            ));
            let verify_doc = doc_attrs(&format!(
                "Checks that `signature`, the value of the `{header}` header, is the HMAC-SHA256 of the raw `body` keyed with `secret` ({secret}). The comparison takes constant time."
            ));
            quote! {
                /// The header that carries the signature.
                pub const SIGNATURE_HEADER: &'static str = #header;

                #verify_doc
                pub fn verify(secret: &[u8], body: &[u8], signature: &str) -> Result<(), WebhookError> {
                    apigen_runtime::webhooks::verify_hmac_sha256(secret, body, signature, #encoding)
                }

                /// Checks the signature, then decodes the body.
                pub fn verify_and_parse(secret: &[u8], body: &[u8], signature: &str) -> Result<#payload, WebhookError> {
                    Self::verify(secret, body, signature)?;
                    Self::parse(body)
                }
            }
        });
        let parse = if webhook.form {
            let json_fields = &webhook.json_fields;
            quote! {
                /// Decodes a delivery's form-encoded body; the fields that carry JSON text are decoded too.
                pub fn parse(body: &[u8]) -> Result<#payload, WebhookError> {
                    let fields = apigen_runtime::webhooks::parse_form(body, &[#(#json_fields),*])?;
                    Ok(apigen_runtime::serde_json::from_value(fields)?)
                }
            }
        } else {
            quote! {
                /// Decodes a delivery's raw body.
                pub fn parse(body: &[u8]) -> Result<#payload, WebhookError> {
                    Ok(apigen_runtime::serde_json::from_slice(body)?)
                }
            }
        };
        let doc = doc_attrs(&doc);
        quote! {
            #doc
            #[derive(Debug, Clone, Copy)]
            pub struct #name;

            impl #name {
                #signature

                #parse
            }
        }
    });
    let docs = super::inner_doc(&format!("Webhooks the {} API sends to your server.", api.title));
    quote! {
        #docs
        #imports
        #(#types)*
    }
}

/// Tests of each webhook example: it decodes and round-trips; a correct signature is accepted
/// and a tampered body rejected.
pub fn tests(api: &Api, krate: &TokenStream) -> Vec<TokenStream> {
    let mut tests = Vec::new();
    for webhook in &api.webhooks {
        let name = ident(&webhook.type_name);
        for (index, example) in webhook.examples.iter().enumerate() {
            let test_name = ident(&example.test_name);
            let text = serde_json::to_string_pretty(&example.payload).unwrap_or_default();
            let signature_checks = webhook.signature.as_ref().map(|_| {
                let encoding = encoding(webhook);
                quote! {
                    let secret = b"test-webhook-secret";
                    let signature = apigen_runtime::webhooks::sign_hmac_sha256(secret, body, apigen_runtime::webhooks::#encoding);
                    let verified = #krate::webhooks::#name::verify_and_parse(secret, body, &signature)?;
                    assert_round_trip(&verified, json(#text));
                    let tampered = [body, b" "].concat();
                    assert!(#krate::webhooks::#name::verify(secret, &tampered, &signature).is_err(), "a tampered body is rejected");
                    assert!(#krate::webhooks::#name::verify(b"another-secret", body, &signature).is_err(), "another secret is rejected");
                }
            });
            let doc = doc_attrs(&format!("The `{}` webhook, example {}.", webhook.name, index + 1));
            let body = if webhook.form {
                let pairs = example.payload.as_object().into_iter().flatten().map(|(name, value)| {
                    let value = match value {
                        serde_json::Value::String(text) if !webhook.json_fields.contains(name) => text.clone(),
                        other => other.to_string(),
                    };
                    quote! { (#name, #value) }
                });
                quote! {
                    let form = apigen_runtime::encoding::form_encode(&[#(#pairs),*]);
                    let body = form.as_bytes();
                }
            } else {
                quote! { let body = #text.as_bytes(); }
            };
            tests.push(quote! {
                #doc
                #[test]
                fn #test_name() -> Result<(), Box<dyn std::error::Error>> {
                    #body
                    let event = #krate::webhooks::#name::parse(body)?;
                    assert_round_trip(&event, json(#text));
                    #signature_checks
                    Ok(())
                }
            });
        }
    }
    tests
}
