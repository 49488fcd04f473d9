//! Webhook (callback) helpers: signature checks and payload decoding.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// Why a webhook delivery was rejected.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// The signature header is missing or not in the expected encoding.
    #[error("the webhook signature is missing or malformed (expected {expected})")]
    MalformedSignature {
        /// What the signature should look like.
        expected: &'static str,
    },
    /// The signature does not match the body: the delivery is forged or was altered.
    #[error("the webhook signature does not match the body")]
    BadSignature,
    /// The body is not the payload the spec describes.
    #[error("the webhook payload does not decode: {0}")]
    Decode(#[from] serde_json::Error),
    /// A form-encoded body is malformed.
    #[error("the webhook form body is malformed: {0}")]
    Form(String),
}

/// Decodes an `application/x-www-form-urlencoded` body into a JSON object of strings; the fields
/// named in `json_fields` hold JSON text and are decoded into JSON values.
pub fn parse_form(body: &[u8], json_fields: &[&str]) -> Result<serde_json::Value, WebhookError> {
    let text = std::str::from_utf8(body).map_err(|_| WebhookError::Form("the body is not UTF-8".to_owned()))?;
    let mut object = serde_json::Map::new();
    for pair in text.split('&').filter(|pair| !pair.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = |part: &str| {
            percent_encoding::percent_decode_str(&part.replace('+', " "))
                .decode_utf8()
                .map(|text| text.into_owned())
                .map_err(|_| WebhookError::Form(format!("`{part}` does not decode to UTF-8")))
        };
        let (name, value) = (decode(name)?, decode(value)?);
        let value = if json_fields.contains(&name.as_str()) {
            serde_json::from_str(&value).map_err(|error| WebhookError::Form(format!("field `{name}` is not JSON: {error}")))?
        } else {
            serde_json::Value::String(value)
        };
        object.insert(name, value);
    }
    Ok(serde_json::Value::Object(object))
}

/// How a signature is written in its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureEncoding {
    /// Hexadecimal, either case.
    Hex,
    /// Standard base64 with padding.
    Base64,
}

/// Checks an HMAC-SHA256 `signature` of `body` keyed with `secret`, in constant time.
pub fn verify_hmac_sha256(secret: &[u8], body: &[u8], signature: &str, encoding: SignatureEncoding) -> Result<(), WebhookError> {
    let (decoded, expected) = match encoding {
        SignatureEncoding::Hex => (decode_hex(signature.trim()), "64 hexadecimal digits"),
        SignatureEncoding::Base64 => (decode_base64(signature.trim()), "44 characters of base64"),
    };
    let decoded = decoded.filter(|bytes| bytes.len() == 32).ok_or(WebhookError::MalformedSignature { expected })?;
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).map_err(|_| WebhookError::BadSignature)?;
    mac.update(body);
    mac.verify_slice(&decoded).map_err(|_| WebhookError::BadSignature)
}

/// The HMAC-SHA256 signature of `body` keyed with `secret`, as a provider would send it (for
/// testing webhook handlers).
pub fn sign_hmac_sha256(secret: &[u8], body: &[u8], encoding: SignatureEncoding) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(body);
    let digest = mac.finalize().into_bytes();
    match encoding {
        SignatureEncoding::Hex => digest.iter().map(|byte| format!("{byte:02x}")).collect(),
        SignatureEncoding::Base64 => crate::encoding::base64_encode(&digest),
    }
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|index| u8::from_str_radix(text.get(index..index + 2)?, 16).ok()).collect()
}

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let text = text.trim_end_matches('=');
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for byte in text.bytes() {
        let value = ALPHABET.iter().position(|&c| c == byte)? as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    const DIGEST_HEX: &str = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    #[test]
    fn matching_signatures_are_accepted_in_either_case() {
        verify_hmac_sha256(b"Jefe", b"what do ya want for nothing?", DIGEST_HEX, SignatureEncoding::Hex).unwrap();
        verify_hmac_sha256(b"Jefe", b"what do ya want for nothing?", &DIGEST_HEX.to_uppercase(), SignatureEncoding::Hex).unwrap();
        let base64 = "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=";
        verify_hmac_sha256(b"Jefe", b"what do ya want for nothing?", base64, SignatureEncoding::Base64).unwrap();
    }

    #[test]
    fn form_bodies_decode_with_json_fields() {
        let body = b"account=acme&id=j1&action=jobcreated&reason=jobcreated&data=%5B%7B%22id%22%3A%22j1%22%2C%22day%22%3A20251008%7D%5D&note=a+b";
        let value = parse_form(body, &["data"]).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"account": "acme", "id": "j1", "action": "jobcreated", "reason": "jobcreated", "data": [{"id": "j1", "day": 20251008}], "note": "a b"})
        );
        assert!(matches!(parse_form(b"data=%7Bnot", &["data"]), Err(WebhookError::Form(_))));
        assert!(matches!(parse_form(b"x=%FF", &[]), Err(WebhookError::Form(_))));
    }

    #[test]
    fn signing_matches_the_reference_digest() {
        assert_eq!(sign_hmac_sha256(b"Jefe", b"what do ya want for nothing?", SignatureEncoding::Hex), DIGEST_HEX);
        let base64 = sign_hmac_sha256(b"Jefe", b"what do ya want for nothing?", SignatureEncoding::Base64);
        verify_hmac_sha256(b"Jefe", b"what do ya want for nothing?", &base64, SignatureEncoding::Base64).unwrap();
    }

    #[test]
    fn tampered_bodies_wrong_keys_and_malformed_signatures_are_rejected() {
        let body = b"what do ya want for nothing?";
        assert!(matches!(verify_hmac_sha256(b"Jefe", b"what do ya want for nothing!", DIGEST_HEX, SignatureEncoding::Hex), Err(WebhookError::BadSignature)));
        assert!(matches!(verify_hmac_sha256(b"Jeff", body, DIGEST_HEX, SignatureEncoding::Hex), Err(WebhookError::BadSignature)));
        for malformed in ["", "zz", &DIGEST_HEX[..62], "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec38430"] {
            assert!(matches!(verify_hmac_sha256(b"Jefe", body, malformed, SignatureEncoding::Hex), Err(WebhookError::MalformedSignature { .. })), "{malformed}");
        }
    }
}
