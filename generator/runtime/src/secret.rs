use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A credential (API key, token, password). Its value never appears in `Debug` or `Display`.
///
/// Model fields a spec declares with type `secret` are `Secret`s: they serialize to and from
/// the plain JSON string, since they must reach the wire, but never show when printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value itself. Use it only to put it on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_hide_the_value() {
        let secret = Secret::new("sk_live_123");
        assert_eq!(format!("{secret:?}"), "Secret(***)");
        assert_eq!(secret.to_string(), "***");
        assert_eq!(secret.expose(), "sk_live_123");
    }

    #[test]
    fn serializes_as_the_plain_string() {
        let secret: Secret = serde_json::from_str(r#""tok""#).expect("a string decodes");
        assert_eq!(secret.expose(), "tok");
        assert_eq!(serde_json::to_string(&secret).expect("encodes"), r#""tok""#);
        assert!(serde_json::from_str::<Secret>("12").is_err());
    }
}
