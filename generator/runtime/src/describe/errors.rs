//! Error tables: where an error body carries its message, code and field errors, and which kind
//! each status and application code means. Generated crates declare one static
//! [`ErrorSchema`] per spec error table (named from it, such as `STANDARD_ERRORS`).

use super::json_path::JsonPath;

/// One error table of a spec: where the parts of an error body are, and how a response is
/// classified into one of the provider's error kinds (by name, as the spec names them).
#[derive(Debug, Clone, Copy)]
pub struct ErrorSchema {
    /// The table's name in the spec.
    pub name: &'static str,
    /// Paths of the human-readable message; the first one present is used.
    pub message: &'static [JsonPath],
    /// Paths of the application error code (a string or a number); the first one present is used.
    pub code: &'static [JsonPath],
    /// Where per-field validation errors are.
    pub field_errors: Option<FieldErrors>,
    /// Response header carrying the provider's request id.
    pub request_id_header: Option<&'static str>,
    /// Application error codes and the kinds they mean. A known code decides the kind.
    pub codes: &'static [(&'static str, &'static str)],
    /// Statuses and the kinds they mean, exact statuses before classes, used when the response
    /// has no code or one the table does not list.
    pub statuses: &'static [(StatusMatch, &'static str)],
    /// Statuses that mean another kind when the response carries `Retry-After` (a 403 that is a
    /// secondary rate limit), checked before `statuses`.
    pub retry_after_statuses: &'static [(StatusMatch, &'static str)],
}

/// The statuses an error table entry covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// One status, such as 404.
    Exact(u16),
    /// A class of statuses by its first digit, such as 5 for 500 to 599.
    Class(u16),
}

impl StatusMatch {
    /// Whether `status` is covered.
    pub fn matches(self, status: u16) -> bool {
        match self {
            StatusMatch::Exact(exact) => exact == status,
            StatusMatch::Class(class) => status / 100 == class,
        }
    }
}

impl ErrorSchema {
    /// The name of the kind a response with `status` and application `code` is, or `None` if
    /// the table lists neither: the code decides first, then, when the response carries
    /// `Retry-After` (`retry_after`), the first of `retry_after_statuses` that covers `status`,
    /// then the first status entry that does.
    pub fn kind_name(&self, status: u16, code: Option<&str>, retry_after: bool) -> Option<&'static str> {
        let covering = |entries: &'static [(StatusMatch, &'static str)]| entries.iter().find(|(covers, _)| covers.matches(status)).map(|(_, kind)| *kind);
        let by_code = code.and_then(|code| self.codes.iter().find(|(listed, _)| *listed == code)).map(|(_, kind)| *kind);
        by_code.or_else(|| retry_after.then(|| covering(self.retry_after_statuses)).flatten()).or_else(|| covering(self.statuses))
    }
}

/// Where per-field validation errors are in an error body: an array at `list` whose objects
/// carry the field name at `field`, the message at `message` and, if the provider sends one, a
/// code at `code`.
#[derive(Debug, Clone, Copy)]
pub struct FieldErrors {
    /// Path of the array.
    pub list: JsonPath,
    /// Key of the field name in each element.
    pub field: &'static str,
    /// Key of the message in each element.
    pub message: &'static str,
    /// Key of the code in each element (`missing_field`, `invalid`), if there is one.
    pub code: Option<&'static str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    static TABLE: ErrorSchema = ErrorSchema {
        name: "standard",
        message: &[],
        code: &[],
        field_errors: None,
        request_id_header: None,
        codes: &[("token_expired", "session_expired"), ("13", "invalid_input")],
        statuses: &[(StatusMatch::Exact(403), "forbidden"), (StatusMatch::Exact(404), "not_found"), (StatusMatch::Exact(503), "unavailable"), (StatusMatch::Class(5), "server_error")],
        retry_after_statuses: &[(StatusMatch::Exact(403), "rate_limited")],
    };

    #[test]
    fn codes_decide_before_statuses_and_exact_statuses_before_classes() {
        assert_eq!(TABLE.kind_name(401, Some("token_expired"), false), Some("session_expired"));
        assert_eq!(TABLE.kind_name(200, Some("13"), false), Some("invalid_input"), "a code in a 200 body");
        assert_eq!(TABLE.kind_name(404, Some("unknown"), false), Some("not_found"), "an unknown code falls back to the status");
        assert_eq!(TABLE.kind_name(503, None, false), Some("unavailable"));
        assert_eq!(TABLE.kind_name(502, None, false), Some("server_error"));
        assert_eq!(TABLE.kind_name(418, None, false), None);
        assert_eq!(TABLE.kind_name(403, None, false), Some("forbidden"));
        assert_eq!(TABLE.kind_name(403, None, true), Some("rate_limited"), "a 403 with Retry-After is a rate limit");
        assert_eq!(TABLE.kind_name(404, None, true), Some("not_found"));
    }
}
