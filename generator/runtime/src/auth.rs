//! Credentials and how they are attached to requests.
//!
//! A spec declares named auth schemes; the generated crate declares each as an [`AuthScheme`]
//! static and its client builder takes one [`Credential`] per scheme. Endpoints list which
//! schemes they use.

pub use crate::describe::{AuthScheme, Placement, SessionConfig};
use crate::secret::Secret;
use crate::encoding::base64_encode;

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

#[cfg(test)]
mod tests {
    use super::*;

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
