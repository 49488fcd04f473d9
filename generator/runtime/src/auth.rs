//! How credentials are attached to requests.
//!
//! A spec declares named auth schemes; the generated crate turns each into an [`AuthScheme`] and
//! the client builder takes one [`Credential`] per scheme. Endpoints list which schemes they use.

use crate::secret::Secret;
pub(crate) use base64_lite::encode as base64_encode;

/// Where a credential goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// A header whose value is `prefix` followed by the token, e.g. `Authorization: token sk_..`,
    /// `Authorization: Bearer ..` or `X-Api-Key: ..` (empty prefix).
    Header {
        /// Header name.
        name: &'static str,
        /// Text put before the token, including any space.
        prefix: &'static str,
    },
    /// A query parameter holding the token.
    Query {
        /// Query parameter name.
        name: &'static str,
    },
    /// HTTP Basic: `Authorization: Basic base64(username:password)`.
    Basic,
}

/// A named auth scheme from the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthScheme {
    /// The scheme's name in the spec (shown when its credential is missing).
    pub name: &'static str,
    /// Where the credential goes by default.
    pub placement: Placement,
    /// A second placement the provider also accepts (e.g. a query parameter instead of a
    /// header), chosen on the client builder.
    pub alternative: Option<Placement>,
}

/// A session token obtained by logging in: which endpoints yield it, where it is in their
/// payload, and how it is renewed when the provider says it expired.
#[derive(Debug)]
pub struct SessionConfig {
    /// The auth scheme (index) whose credential is the session token.
    pub scheme: usize,
    /// Where the token is in the payload of a login (and of a renewal).
    pub token: crate::JsonPath,
    /// Where the user id is in a login payload, kept to build the renewal's path.
    pub user_id: Option<crate::JsonPath>,
    /// The endpoint that renews a token; its one path parameter takes the user id.
    pub renew: Option<&'static crate::Endpoint>,
    /// The body field of the renewal that carries the old token.
    pub renew_field: &'static str,
    /// HTTP statuses or error codes that mean the token expired.
    pub expired: &'static [u16],
}

/// The current session: the token and, when known, the user it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The session token.
    pub token: Secret,
    /// The user id, needed to renew the token.
    pub user_id: Option<String>,
}

/// The secret material for one auth scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// A token or key, for header and query placements.
    Token(Secret),
    /// A username and password, for HTTP Basic.
    Basic {
        /// The user name (not secret).
        username: String,
        /// The password.
        password: Secret,
    },
}

impl Credential {
    /// The header value or query value this credential takes in `placement`.
    pub(crate) fn render(&self, placement: Placement) -> Secret {
        match (placement, self) {
            (Placement::Basic, Credential::Basic { username, password }) => Secret::new(format!(
                "Basic {}",
                base64_encode(format!("{username}:{}", password.expose()).as_bytes())
            )),
            (Placement::Basic, Credential::Token(token)) => {
                Secret::new(format!("Basic {}", base64_encode(token.expose().as_bytes())))
            }
            (Placement::Header { prefix, .. }, Credential::Token(token)) => {
                Secret::new(format!("{prefix}{}", token.expose()))
            }
            (Placement::Header { prefix, .. }, Credential::Basic { password, .. }) => {
                Secret::new(format!("{prefix}{}", password.expose()))
            }
            (Placement::Query { .. }, Credential::Token(token)) => token.clone(),
            (Placement::Query { .. }, Credential::Basic { password, .. }) => password.clone(),
        }
    }
}

/// The `Authorization` header value for HTTP Basic with `username` and `password`.
pub fn basic_header_value(username: &str, password: &str) -> String {
    format!("Basic {}", base64_encode(format!("{username}:{password}").as_bytes()))
}

/// Standard base64 (RFC 4648 with padding), enough for HTTP Basic; not worth a dependency.
mod base64_lite {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(input: &[u8]) -> String {
        let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
        for chunk in input.chunks(3) {
            let bytes = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
            let triple = (u32::from(bytes[0]) << 16) | (u32::from(bytes[1]) << 8) | u32::from(bytes[2]);
            for index in 0..4 {
                if index <= chunk.len() {
                    let sextet = (triple >> (18 - 6 * index)) & 0x3f;
                    out.push(char::from(ALPHABET[sextet as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let vectors = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")];
        for (input, expected) in vectors {
            assert_eq!(base64_encode(input.as_bytes()), expected);
        }
    }

    #[test]
    fn credentials_render_per_placement() {
        let token = Credential::Token(Secret::new("sk_1"));
        let header = Placement::Header { name: "Authorization", prefix: "token " };
        assert_eq!(token.render(header).expose(), "token sk_1");
        assert_eq!(token.render(Placement::Query { name: "apiKey" }).expose(), "sk_1");
        let basic = Credential::Basic { username: "Aladdin".into(), password: Secret::new("open sesame") };
        assert_eq!(basic.render(Placement::Basic).expose(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }
}
