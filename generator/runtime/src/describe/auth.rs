//! Auth schemes: where a credential goes on the wire, and how a login session is kept and
//! renewed. The credentials themselves are given to the client builder ([`crate::auth`]).

use super::endpoint::Endpoint;
use super::json_path::JsonPath;

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
    /// The auth scheme whose credential is the session token.
    pub scheme: &'static AuthScheme,
    /// Where the token is in the payload of a login (and of a renewal).
    pub token: JsonPath,
    /// Where the user id is in a login payload, kept to build the renewal's path.
    pub user_id: Option<JsonPath>,
    /// The endpoint that renews a token; its one path parameter takes the user id.
    pub renew: Option<&'static Endpoint>,
    /// The body field of the renewal that carries the old token.
    pub renew_field: &'static str,
    /// HTTP statuses or error codes that mean the token expired.
    pub expired: &'static [u16],
}

impl AuthScheme {
    /// The placement in force: the alternative if asked for and declared, else the default.
    pub fn placement(&self, use_alternative: bool) -> Placement {
        match (use_alternative, self.alternative) {
            (true, Some(alternative)) => alternative,
            _ => self.placement,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alternative_placement_is_used_only_when_declared() {
        let header = Placement::Header { name: "X-Key", prefix: "" };
        let query = Placement::Query { name: "key" };
        let both = AuthScheme { name: "key", placement: header, alternative: Some(query) };
        assert_eq!(both.placement(false), header);
        assert_eq!(both.placement(true), query);
        let one = AuthScheme { alternative: None, ..both };
        assert_eq!(one.placement(true), header);
    }
}
