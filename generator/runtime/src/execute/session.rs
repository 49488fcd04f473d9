//! The login session of a client: the current token and user, how many times it has been
//! replaced, and the lock that makes one expiry cause one renewal however many requests see it.

use crate::auth::Session;
use crate::describe::SessionConfig;
use serde_json::Value;
use std::sync::RwLock;

/// The session of one client, shared by its clones.
pub(crate) struct Sessions {
    config: Option<&'static SessionConfig>,
    state: RwLock<SessionState>,
    /// Held while a session is renewed.
    pub(crate) renewal: tokio::sync::Mutex<()>,
}

/// The session and how many times it has been replaced, so that requests that saw one token
/// expire renew it once between them.
struct SessionState {
    session: Option<Session>,
    generation: u64,
}

impl Sessions {
    pub(crate) fn new(config: Option<&'static SessionConfig>, session: Option<Session>) -> Self {
        Self { config, state: RwLock::new(SessionState { session, generation: 0 }), renewal: tokio::sync::Mutex::new(()) }
    }

    /// The API's session configuration, if it has logins.
    pub(crate) fn config(&self) -> Option<&'static SessionConfig> {
        self.config
    }

    /// The current session, if any.
    pub(crate) fn current(&self) -> Option<Session> {
        self.state.read().map_or(None, |state| state.session.clone())
    }

    /// Replaces the session (or forgets it, with `None`).
    pub(crate) fn set(&self, session: Option<Session>) {
        if let Ok(mut state) = self.state.write() {
            state.session = session;
            state.generation += 1;
        }
    }

    /// How many times the session has been replaced.
    pub(crate) fn generation(&self) -> u64 {
        self.state.read().map_or(0, |state| state.generation)
    }

    /// Remembers the session a login or renewal payload carries; true if it held a token. The
    /// user id is kept from the previous session when the payload has none.
    pub(crate) fn store_from(&self, payload: &Value) -> bool {
        let Some(config) = self.config else { return false };
        let Some(token) = config.token.get(payload).and_then(Value::as_str) else { return false };
        let user_id = config.user_id.and_then(|path| path.get(payload)).and_then(|id| match id {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        });
        let previous_user = self.current().and_then(|session| session.user_id);
        self.set(Some(Session { token: crate::secret::Secret::new(token), user_id: user_id.or(previous_user) }));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::describe::JsonPath;
    use crate::describe::fixtures::KEY;
    use serde_json::json;

    static CONFIG: SessionConfig = SessionConfig {
        scheme: &KEY,
        token: JsonPath(&["session", "token"]),
        user_id: Some(JsonPath(&["user", "id"])),
        renew: None,
        renew_field: "token",
        expired: &[401],
    };

    #[test]
    fn a_login_payload_replaces_the_session_and_keeps_the_user_it_omits() {
        let sessions = Sessions::new(Some(&CONFIG), None);
        assert!(sessions.store_from(&json!({"session": {"token": "t1"}, "user": {"id": 42}})));
        assert_eq!(sessions.current().and_then(|session| session.user_id).as_deref(), Some("42"));
        let seen = sessions.generation();
        assert!(sessions.store_from(&json!({"session": {"token": "t2"}})));
        let session = sessions.current().expect("session");
        assert_eq!((session.token.expose(), session.user_id.as_deref()), ("t2", Some("42")));
        assert_eq!(sessions.generation(), seen + 1);
        assert!(!sessions.store_from(&json!({"no": "token"})));
        assert!(!Sessions::new(None, None).store_from(&json!({"session": {"token": "t"}})), "no logins in this API");
    }
}
