//! Validate stage: checks a loaded spec as a whole. References resolve, path templates match
//! their parameters, identifiers stay distinct after case conversion, the trailing-slash rule
//! holds and examples fit their endpoints. Every problem is recorded; nothing stops at the first.

use crate::ast::*;
use crate::diagnostics::{Sink, did_you_mean, join};
use crate::ir::{Scalar, scalar_text};
use crate::example_types::Direction;
use crate::names::{camel, field_ident, snake};
use crate::types::{self, BUILTIN_TYPES, TypeExpr};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Module names the generated crate uses itself.
pub const RESERVED_MODULES: &[&str] = &["client", "error", "models", "lib", "tests", "prelude", "webhooks", "oauth", "interceptor"];
/// Deepest `list<>`/`map<>` nesting of a model field's type (GeoJSON multipolygons need 4).
const MAX_FIELD_NESTING: usize = 4;
/// Deepest nesting of a parameter's type, which a builder holds in an `Option`.
const MAX_PARAM_NESTING: usize = 3;

/// Methods every client builder has.
pub const RESERVED_BUILDER_METHODS: &[&str] = &[
    "new",
    "base_url",
    "timeout",
    "connect_timeout",
    "user_agent",
    "configure_http",
    "transport",
    "interceptor",
    "max_response_bytes",
    "retry_policy",
    "rate_limits",
    "method_override",
    "build",
];
/// Type names the generated code already uses where models and enums are in scope: the
/// client's own types, what `models.rs` imports for the serde impls, and the standard types and
/// traits it names unqualified.
pub const RESERVED_TYPES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Error",
    "ErrorKind",
    "Page",
    "PerCallOptions",
    "Interceptor",
    "Serialize",
    "Serializer",
    "Deserialize",
    "Deserializer",
    "MapAccess",
    "ObjectFields",
    "ObjectWriter",
    "Option",
    "Result",
    "Vec",
    "String",
    "Box",
    "From",
    "Into",
    "IntoIterator",
];
/// Headers the client sets itself, and why a spec cannot.
pub const MANAGED_HEADERS: &[(&str, &str)] = &[
    ("authorization", "credentials are declared under `auth`, where they are kept secret"),
    ("cookie", "credentials are declared under `auth`, where they are kept secret"),
    ("content-type", "the body's encoding sets it"),
    ("content-length", "the HTTP client sets it"),
    ("transfer-encoding", "the HTTP client sets it"),
    ("host", "the base URL sets it"),
    ("connection", "the HTTP client sets it"),
    ("user-agent", "the client sets it, and `ClientBuilder::user_agent` replaces it"),
];

/// Methods every request builder has.
pub const RESERVED_REQUEST_METHODS: &[&str] = &["new", "send", "pages", "stream", "client", "request", "clone"];
/// Methods the client has besides resource accessors.
pub const RESERVED_CLIENT_METHODS: &[&str] = &["builder", "clone", "core", "with_retry_policy", "session", "set_session", "raw"];

/// Checks `spec`, recording every problem in `sink`.
pub fn validate(spec: &Spec, sink: &mut Sink) {
    // Name indexes keep lookups logarithmic, so checking stays linear in the spec's size.
    let models = spec.models.iter().map(|model| (model.name.value.as_str(), model)).collect();
    let enums = spec.enums.iter().map(|enumeration| (enumeration.name.value.as_str(), enumeration)).collect();
    let unions = spec.unions.iter().map(|union| (union.name.value.as_str(), union)).collect();
    let multipart_models = spec
        .endpoint_groups
        .iter()
        .flat_map(|group| &group.endpoints)
        .filter(|endpoint| endpoint.body_encoding.or(spec.defaults.body_encoding) == Some(BodyEncoding::Multipart))
        .filter_map(|endpoint| endpoint.body.as_ref().map(|body| body.value.as_str()))
        .collect();
    let mut checker = Checker { spec, sink, owner: None, uses: Vec::new(), scalars: BTreeSet::new(), models, enums, unions, multipart_models, files_allowed: false };
    checker.top_level();
    checker.schemes();
    checker.types();
    checker.endpoints();
    checker.webhooks();
    checker.scalar_clashes();
    // A broken reference also makes its target look unused; report the reference alone.
    if !checker.sink.has_errors() {
        checker.unused_types();
    }
}

struct Checker<'a> {
    spec: &'a Spec,
    sink: &'a mut Sink,
    /// The model whose fields are being checked, if any.
    owner: Option<String>,
    /// Every model or enum name a type expression mentions, with the model that mentions it
    /// (`None` for endpoints, webhooks and the OAuth flow).
    uses: Vec<(Option<String>, String)>,
    /// Built-in scalar types the spec uses (`money`, `date_time`, ...), whose runtime types
    /// `models.rs` re-exports under their Rust names.
    scalars: BTreeSet<&'static str>,
    /// Models by spec name.
    models: BTreeMap<&'a str, &'a Model>,
    /// Enums by spec name.
    enums: BTreeMap<&'a str, &'a Enum>,
    /// Unions by spec name.
    unions: BTreeMap<&'a str, &'a Union>,
    /// The models sent as `multipart` bodies, the only ones whose fields may be files.
    multipart_models: BTreeSet<&'a str>,
    /// Whether the type being checked may be `file` (a field of a multipart body model).
    files_allowed: bool,
}

/// Tracks identifiers in one namespace and reports names that collide after conversion.
struct Namespace<'r> {
    what: &'static str,
    seen: BTreeMap<String, String>,
    reserved: &'r [&'r str],
    /// How a clash is settled: renaming, unless the name is the provider's (a JSON key).
    settle: &'static str,
}

impl<'r> Namespace<'r> {
    fn new(what: &'static str, reserved: &'r [&'r str]) -> Self {
        Self { what, seen: BTreeMap::new(), reserved, settle: "rename" }
    }

    /// A namespace of names the provider chose, such as JSON keys and enum values: a clash is
    /// settled with a `rust_name`, which leaves the wire name as it is.
    fn of_wire_names(what: &'static str, reserved: &'r [&'r str]) -> Self {
        Self { settle: "give a `rust_name` to", ..Self::new(what, reserved) }
    }

    fn add(&mut self, sink: &mut Sink, name: &Spanned<String>, ident: String) {
        self.add_described(sink, &name.path, format!("`{}`", name.value), ident);
    }

    /// Adds the name at `path`, shown in messages as `described` (such as "the body field `id`").
    fn add_described(&mut self, sink: &mut Sink, path: &str, described: String, ident: String) {
        if self.reserved.contains(&ident.as_str()) {
            sink.error(path, format!("{described} becomes the {} `{ident}`, which the generated code already uses; {} it", self.what, self.settle));
        } else if let Some(first) = self.seen.get(&ident) {
            sink.error(path, format!("{described} and {first} both become the {} `{ident}`; {} one of them", self.what, self.settle));
        } else {
            self.seen.insert(ident, described);
        }
    }
}

/// Whether `url` is an `http(s)://` link that Markdown and TOML can carry as it is.
fn is_link(url: &str) -> bool {
    let odd = url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`' | '\\'));
    (url.starts_with("https://") || url.starts_with("http://")) && !odd && url.len() > "https://".len()
}

/// Whether `version` is a semantic version (`1.2.3`, `0.1.0-beta.1+build.5`), as Cargo requires.
fn is_semver(version: &str) -> bool {
    let (version, build) = version.split_once('+').map_or((version, None), |(version, build)| (version, Some(build)));
    let (core, pre) = version.split_once('-').map_or((version, None), |(core, pre)| (core, Some(pre)));
    let number = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) && (part == "0" || !part.starts_with('0')) && part.parse::<u64>().is_ok();
    let identifiers = |text: &str| text.split('.').all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3 && parts.iter().all(|part| number(part)) && pre.is_none_or(identifiers) && build.is_none_or(identifiers)
}

impl Checker<'_> {
    /// `package`: values Cargo and crates.io accept.
    /// Checks the base URL's placeholders (`https://{subdomain}.example.com`): each a snake_case
    /// name, which becomes a client builder method, in the host or the path. Returns the URL with
    /// each placeholder replaced by its name, for the checks of the URL itself.
    fn check_base_url_placeholders(&mut self, url: &Spanned<String>) -> String {
        let authority = url.value.find("://").map_or(0, |scheme| scheme + 3);
        let port = url.value[authority..].split('/').next().and_then(|host| host.rfind(':')).map(|colon| authority + colon);
        let mut filled = String::with_capacity(url.value.len());
        let mut rest = url.value.as_str();
        while let Some(open) = rest.find('{') {
            let at = url.value.len() - rest.len() + open;
            let Some(close) = rest[open..].find('}').map(|offset| open + offset) else {
                self.sink.value_error(&url.path, format!("`{}` opens a placeholder with `{{` that no `}}` closes", url.value), None);
                // Said once: the rest is checked without the brace.
                filled.push_str(&rest.replace('{', ""));
                return filled;
            };
            let name = &rest[open + 1..close];
            if !crate::names::is_snake_ident(name) {
                let message = format!("the base URL's placeholder `{{{name}}}` becomes a client builder method, so it is a snake_case Rust name such as `subdomain`");
                self.sink.value_error(&url.path, message, None);
            } else if at < authority || port.is_some_and(|port| at > port) {
                self.sink.value_error(&url.path, format!("the placeholder `{{{name}}}` is in the base URL's scheme or port; placeholders go in its host or path"), None);
            }
            filled.push_str(&rest[..open]);
            filled.push_str(name);
            rest = &rest[close + 1..];
        }
        filled.push_str(rest);
        filled
    }

    fn package(&mut self) {
        let package = &self.spec.package;
        if let Some(version) = &package.version
            && !is_semver(&version.value)
        {
            self.sink.value_error(&version.path, format!("`{}` is not a version; expected `MAJOR.MINOR.PATCH` such as `0.1.0`, optionally with `-pre` and `+build`", version.value.escape_debug()), None);
        }
        if let Some(license) = &package.license {
            let valid = !license.value.trim().is_empty()
                && license.value.trim() == license.value
                && license.value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '(' | ')' | ' '));
            if !valid {
                self.sink.value_error(&license.path, format!("`{}` is not a license expression; expected SPDX names joined by `OR`, `AND`, `WITH`, such as `MIT OR Apache-2.0`", license.value.escape_debug()), None);
            }
        }
        if let Some(url) = &package.repository
            && !is_link(&url.value)
        {
            self.sink.value_error(&url.path, format!("`{}` is not a link; expected an `https://` URL without spaces, quotes or angle brackets", url.value.escape_debug()), None);
        }
        for keyword in &package.keywords {
            let text = &keyword.value;
            let valid = text.starts_with(|c: char| c.is_ascii_alphabetic()) && text.len() <= 20 && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'));
            if !valid {
                self.sink.value_error(&keyword.path, format!("`{}` is not a crates.io keyword; expected ASCII letters, digits, `_`, `-` or `+`, starting with a letter, at most 20 characters", text.escape_debug()), None);
            }
        }
        for category in &package.categories {
            let slug = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !category.value.split("::").all(slug) {
                self.sink.value_error(
                    &category.path,
                    format!("`{}` is not a crates.io category slug; expected lowercase words joined by `-`, nested with `::`", category.value.escape_debug()),
                    Some("see https://crates.io/category_slugs".to_owned()),
                );
            }
        }
        for (key, list) in [("keywords", &package.keywords), ("categories", &package.categories)] {
            if list.len() > 5 {
                self.sink.value_error(&format!("package.{key}"), format!("{} {key}; crates.io takes at most five", list.len()), None);
            }
        }
    }

    fn top_level(&mut self) {
        if let Some(name) = &self.spec.name {
            let valid = crate::names::is_crate_name(&name.value) && name.value.len() <= 64;
            // The library's name in Rust code: a keyword cannot be one, and a crate the
            // generated code or its tests use, or one of Rust's own, would be shadowed.
            let lib_name = name.value.replace('-', "_");
            const TAKEN: &[&str] = &["apigen_runtime", "tokio", "wiremock", "std", "core", "alloc", "proc_macro", "test"];
            if !valid {
                self.sink.error(
                    &name.path,
                    format!("`{}` is not a valid crate name; expected lowercase letters, digits, `-` or `_`, starting with a letter", name.value),
                );
            } else if crate::names::is_keyword(&lib_name) {
                self.sink.value_error(&name.path, format!("`{}` is a Rust keyword, so it cannot name a crate", name.value), Some(format!("try `{}-api`", name.value)));
            } else if TAKEN.contains(&lib_name.as_str()) {
                self.sink.value_error(
                    &name.path,
                    format!("`{}` is the name of a crate the generated client depends on or of one of Rust's own crates", name.value),
                    Some(format!("try `{}-api`", name.value)),
                );
            }
        }
        if let Some(url) = &self.spec.base_url {
            // Placeholders (`{subdomain}`) are checked on their own; the URL around them as if
            // each held a name.
            let filled = self.check_base_url_placeholders(url);
            let scheme_ok = filled.starts_with("https://") || filled.starts_with("http://");
            let authority = filled.split_once("://").map_or("", |(_, rest)| rest.split('/').next().unwrap_or(""));
            if authority.contains('@') {
                // The value is not quoted: it holds a credential.
                self.sink.value_error(
                    &url.path,
                    "a base URL cannot carry credentials (`user:password@`): the URL is published in the crate's docs and README",
                    Some("declare the credential as an auth scheme (`type: basic`, `type: header`, ...) under `auth`".to_owned()),
                );
            } else if !scheme_ok || filled.contains(['?', '#', ' ', '{', '}']) || authority.is_empty() || authority.starts_with(':') {
                self.sink.error(&url.path, format!("`{}` is not a base URL; expected `https://host/prefix` with no query or fragment", url.value));
            }
        }
        if let Some(url) = &self.spec.docs_url
            && !is_link(url)
        {
            self.sink.value_error("docs_url", format!("`{}` is not a link; expected an `https://` URL without spaces, quotes or angle brackets", url.escape_debug()), None);
        }
        self.package();
        for resource in &self.spec.resources {
            if !self.spec.endpoint_groups.iter().any(|group| group.resource.value == resource.name.value) {
                let names = self.spec.endpoint_groups.iter().map(|group| group.resource.value.as_str());
                self.sink.error_with_help(
                    &resource.name.path,
                    format!("resource `{}` has no endpoints; expected a matching entry under `endpoints`", resource.name.value),
                    did_you_mean(&resource.name.value, names),
                );
            }
        }
    }

    fn schemes(&mut self) {
        let mut setters = Namespace::new("client builder method", RESERVED_BUILDER_METHODS);
        let mut oauth_seen = false;
        let mut session_seen = false;
        for scheme in &self.spec.auth {
            if let Some(session) = &scheme.session {
                if std::mem::replace(&mut session_seen, true) {
                    self.sink.error(&session.path, "only one auth scheme may have `session`");
                }
                self.session(session);
            }
            if let Some(oauth2) = &scheme.oauth2 {
                if std::mem::replace(&mut oauth_seen, true) {
                    self.sink.error(&oauth2.path, "only one auth scheme may have `oauth2`");
                }
                self.oauth2(oauth2);
            }
            setters.add(self.sink, &scheme.name, snake(&scheme.name.value, "credential"));
            if let (Some(alternative), AuthPlacement::Basic) = (&scheme.alternative, &scheme.placement) {
                self.sink.error(&join(&scheme.name.path, "alternative"), format!("basic auth cannot have an alternative placement (found {alternative:?})"));
            }
        }
        if let Some(url) = &self.spec.base_url {
            for name in crate::text::base_url_placeholders(&url.value) {
                setters.add_described(self.sink, &url.path, format!("the base URL's placeholder `{{{name}}}`"), name.to_owned());
            }
        }
        let spec = self.spec;
        self.constant_headers(&spec.headers);
        self.idempotency();
        for setter in spec.headers.iter().filter_map(|header| header.setter.as_ref()) {
            let snake_case = setter.value.starts_with(|c: char| c.is_ascii_lowercase())
                && setter.value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !snake_case || crate::names::is_keyword(&setter.value) {
                self.sink.error(&setter.path, format!("`{}` cannot name a setter; expected a snake_case Rust name such as `api_version`", setter.value));
            } else {
                setters.add(self.sink, setter, setter.value.clone());
            }
        }
        let defaults = &self.spec.defaults;
        if let Some(auth) = &defaults.auth {
            for name in auth {
                self.reference(name, "auth scheme", self.spec.auth.iter().map(|scheme| &scheme.name.value));
            }
        }
        if let Some(errors) = &defaults.errors {
            self.reference(errors, "error table", self.spec.errors.iter().map(|table| &table.name.value));
        }
        if let Some(envelope) = &defaults.envelope {
            self.reference(envelope, "envelope", self.spec.envelopes.iter().map(|envelope| &envelope.name.value));
        }
        let mut kinds = Namespace::new("error kind", &["Other"]);
        let mut retryable: BTreeMap<&str, ((bool, bool), &str)> = BTreeMap::new();
        for table in &self.spec.errors {
            let entries = table
                .statuses
                .iter()
                .map(|entry| (&entry.kind, (entry.retryable, entry.unprocessed)))
                .chain(table.codes.iter().map(|entry| (&entry.kind, (entry.retryable, entry.unprocessed))));
            for (kind, is_retryable) in entries {
                match retryable.get(kind.value.as_str()) {
                    None => {
                        kinds.add(self.sink, kind, camel(&kind.value, "Kind"));
                        retryable.insert(&kind.value, (is_retryable, &kind.path));
                    }
                    Some((first, first_path)) if *first != is_retryable => self.sink.error(
                        &kind.path,
                        format!(
                            "error kind `{}` has other `retryable`/`unprocessed` flags at `{first_path}`; a kind behaves the same everywhere",
                            kind.value
                        ),
                    ),
                    Some(_) => {}
                }
            }
        }
        self.error_table_extras();
    }

    /// Checks what error tables add to their entries: `with_retry_after` names a kind (of the
    /// spec's tables, or one of HTTP's transient kinds) and only on statuses; `model` is a model.
    fn error_table_extras(&mut self) {
        let spec = self.spec;
        let mut known: Vec<String> = spec
            .errors
            .iter()
            .flat_map(|table| table.statuses.iter().map(|entry| &entry.kind).chain(table.codes.iter().map(|entry| &entry.kind)))
            .map(|kind| kind.value.clone())
            .collect();
        known.extend(crate::grammar::TRANSIENT_STATUSES.iter().map(|(_, name, ..)| (*name).to_owned()));
        known.sort();
        known.dedup();
        for table in &spec.errors {
            for entry in &table.statuses {
                if let Some(kind) = &entry.with_retry_after {
                    self.reference(kind, "error kind", known.iter());
                }
            }
            for entry in &table.codes {
                if let Some(kind) = &entry.with_retry_after {
                    self.sink.error(&kind.path, "`with_retry_after` applies to statuses: a code already decides the kind whatever the headers");
                }
            }
            // The client reads these through lists (`errors.0.message`); the mock writes a list
            // that long, so an index stays small.
            let paths = table.message.iter().map(|path| ("message", path)).chain(table.code.iter().map(|path| ("code", path)));
            for (key, path) in paths.chain(table.field_errors.iter().map(|fields| ("field_errors.list", &fields.list))) {
                let index_too_large = |segment: &str| !segment.is_empty() && segment.bytes().all(|byte| byte.is_ascii_digit()) && segment.parse::<u8>().ok().is_none_or(|index| index > 99);
                if let Some(segment) = path.split('.').find(|segment| index_too_large(segment)) {
                    let message = format!("`{path}` reads item {segment} of a list; a number in an error path is a list index from 0 to 99");
                    self.sink.error(&join(&table.name.path, key), message);
                }
            }
            if let Some(model) = &table.model {
                if self.is_model(&model.value) {
                    self.uses.push((None, model.value.clone()));
                } else {
                    self.reference(model, "model", spec.models.iter().map(|model| &model.name.value));
                }
            }
        }
    }

    /// Checks constant headers (the API's or an endpoint's): names that can be sent, each once,
    /// none the client or an auth scheme sets; values a header can carry.
    fn constant_headers(&mut self, headers: &[ConstantHeader]) {
        for (index, header) in headers.iter().enumerate() {
            let name = &header.name.value;
            if !self.header_the_spec_may_set(&header.name, "a constant header") {
                // Reported.
            } else if let Some(first) = headers[..index].iter().find(|earlier| earlier.name.value.eq_ignore_ascii_case(name)) {
                self.sink.error(&header.name.path, format!("header `{name}` is already declared as `{}`; header names ignore case", first.name.value));
            } else if self.spec.idempotency.as_ref().is_some_and(|idempotency| idempotency.header.value.eq_ignore_ascii_case(name)) {
                self.sink.error(&header.name.path, format!("`{name}` is the idempotency-key header, whose value is fresh for every call"));
            }
            let value = &header.value.value;
            if value.is_empty() || value.trim() != value || !value.chars().all(|c| c == '\t' || (' '..='~').contains(&c)) {
                self.sink.value_error(
                    &header.value.path,
                    format!("`{}` cannot be a header's value; expected printable ASCII text, not empty, with no surrounding spaces", value.escape_debug()),
                    None,
                );
            }
        }
    }

    /// Checks the idempotency-key header and its methods.
    fn idempotency(&mut self) {
        let Some(idempotency) = &self.spec.idempotency else { return };
        self.header_the_spec_may_set(&idempotency.header, "the idempotency-key header");
        if idempotency.methods.is_empty() {
            self.sink.error(&idempotency.header.path, "`methods` lists no method; leave it out for `[POST]`");
        }
    }

    /// Whether the spec may set header `name` (as `what`): a name that can be sent, that the
    /// client does not manage and no auth scheme or the method override uses. Reports why not.
    fn header_the_spec_may_set(&mut self, name: &Spanned<String>, what: &str) -> bool {
        let text = &name.value;
        let lower = text.to_ascii_lowercase();
        let credential_scheme = self.spec.auth.iter().find(|scheme| {
            [Some(&scheme.placement), scheme.alternative.as_ref()]
                .into_iter()
                .flatten()
                .any(|placement| matches!(placement, AuthPlacement::Header { name, .. } if name.eq_ignore_ascii_case(text)))
        });
        let problem = if !is_header_name(text) {
            format!("`{text}` is not an HTTP header name; expected letters, digits and `-`, with no spaces")
        } else if let Some((_, why)) = MANAGED_HEADERS.iter().find(|(managed, _)| *managed == lower) {
            format!("`{text}` cannot be {what}: {why}")
        } else if let Some(scheme) = credential_scheme {
            format!("`{text}` is where auth scheme `{}` sends its credential, so it cannot be {what}", scheme.name.value)
        } else if self.spec.method_override.as_ref().is_some_and(|method_override| method_override.header.eq_ignore_ascii_case(text)) {
            format!("`{text}` is the method-override header, which the client sets when it overrides a method")
        } else {
            return true;
        };
        self.sink.error(&name.path, problem);
        false
    }

    /// Finds `resource.endpoint`, reporting it when it does not exist.
    fn endpoint_ref(&mut self, reference: &Spanned<String>) -> Option<&Endpoint> {
        let spec = self.spec;
        let found = reference.value.split_once('.').and_then(|(resource, name)| {
            spec.endpoint_groups.iter().find(|group| group.resource.value == resource)?.endpoints.iter().find(|endpoint| endpoint.name.value == name)
        });
        if found.is_none() {
            let all: Vec<String> = spec
                .endpoint_groups
                .iter()
                .flat_map(|group| group.endpoints.iter().map(move |endpoint| format!("{}.{}", group.resource.value, endpoint.name.value)))
                .collect();
            let help = did_you_mean(&reference.value, all.iter().map(String::as_str));
            self.sink.error_with_help(&reference.path, format!("unknown endpoint `{}`; expected `resource.endpoint`", reference.value), help);
        }
        found
    }

    fn session(&mut self, session: &SessionSpec) {
        for login in &session.login {
            if let Some(endpoint) = self.endpoint_ref(login)
                && endpoint.response.is_none()
            {
                self.sink.error(&login.path, format!("`{}` declares no `response`, so it cannot carry a session token", login.value));
            }
        }
        if let Some(renew) = &session.renew
            && let Some(endpoint) = self.endpoint_ref(renew)
        {
            let path_params = endpoint.params.iter().filter(|param| param.location == ParamIn::Path).count();
            if path_params > 1 {
                self.sink.error(&renew.path, format!("the renewal `{}` has {path_params} path parameters; it may have at most one, which takes the user id", renew.value));
            }
            if path_params == 1 && session.user_id.is_none() {
                self.sink.error(&join(&session.path, "user_id"), "the renewal's path takes the user id, so say where logins carry it (`user_id`)");
            }
        }
        if session.expired.is_empty() && session.renew.is_some() {
            self.sink.error(&join(&session.path, "expired"), "a session that is renewed needs `expired`: the statuses or codes that mean the token expired");
        }
    }

    fn oauth2(&mut self, oauth2: &OAuth2) {
        for (key, url) in [("authorize_url", Some(&oauth2.authorize_url)), ("token_url", Some(&oauth2.token_url)), ("revoke_url", oauth2.revoke_url.as_ref())] {
            if let Some(url) = url
                && !(url.starts_with("https://") || url.starts_with("http://"))
            {
                self.sink.error(&join(&oauth2.path, key), format!("`{url}` is not an http or https URL"));
            }
        }
        self.type_expr(&oauth2.token_response);
        let mut params = Namespace::new("authorize URL method", &["state", "build", "new"]);
        for param in &oauth2.authorize_params {
            params.add(self.sink, param, snake(&param.value, "param"));
        }
        if let Some(scopes) = &oauth2.scopes {
            for (list, what) in [(&scopes.values, "scope value"), (&scopes.groups, "scope group"), (&scopes.permissions, "scope permission")] {
                let mut names = Namespace::new(what, &["UnknownValue"]);
                for name in list {
                    names.add(self.sink, name, camel(&name.value, "V"));
                }
            }
            if scopes.groups.is_empty() != scopes.permissions.is_empty() {
                self.sink.error(&join(&oauth2.path, "scopes"), "`groups` and `permissions` go together: a group lists permissions in brackets");
            }
        }
        if oauth2.example.is_none() {
            self.sink.error(&join(&oauth2.path, "example"), "the OAuth flow needs an `example` (`code` and the token `response`); it becomes the code exchange's test");
        }
    }

    fn reference<'n>(&mut self, name: &Spanned<String>, what: &str, known: impl Iterator<Item = &'n String> + Clone) {
        if !known.clone().any(|candidate| *candidate == name.value) {
            let list: Vec<&str> = known.clone().map(String::as_str).collect();
            let expected = if list.is_empty() { format!("the spec defines no {what}s") } else { format!("expected one of: {}", list.join(", ")) };
            self.sink.value_error(&name.path, format!("unknown {what} `{}`; {expected}", name.value), did_you_mean(&name.value, list));
        }
    }

    /// Checks a type expression and that every name in it is a model or enum.
    fn type_expr(&mut self, ty: &Spanned<String>) -> Option<TypeExpr> {
        let parsed = match types::parse(&ty.value) {
            Ok(parsed) => parsed,
            Err(message) => {
                self.sink.value_error(&ty.path, message, None);
                return None;
            }
        };
        if parsed.builtins().contains(&"file") && !(self.files_allowed && parsed == TypeExpr::Builtin("file")) {
            self.sink.value_error(
                &ty.path,
                format!("`{}`: a `file` is sent as one part of a multipart body, so it is the whole type of a field of a model sent with `body_encoding: multipart`", ty.value),
                None,
            );
            return None;
        }
        self.scalars.extend(parsed.builtins());
        let mut ok = true;
        for name in parsed.names() {
            if self.is_model(name) || self.is_enum(name) || self.unions.contains_key(name) {
                self.uses.push((self.owner.clone(), name.to_owned()));
                continue;
            }
            ok = false;
            let candidates = self
                .spec
                .models
                .iter()
                .map(|model| model.name.value.as_str())
                .chain(self.spec.enums.iter().map(|enumeration| enumeration.name.value.as_str()))
                .chain(self.spec.unions.iter().map(|union| union.name.value.as_str()))
                .chain(BUILTIN_TYPES.iter().map(|(builtin, _)| *builtin));
            let help = did_you_mean(name, candidates);
            self.sink.value_error(
                &ty.path,
                format!("unknown type `{name}`; expected a model, an enum, a union, a built-in type ({}), `list<T>` or `map<T>`", BUILTIN_TYPES.iter().map(|(builtin, _)| *builtin).collect::<Vec<_>>().join(", ")),
                help,
            );
        }
        ok.then_some(parsed)
    }

    /// Refuses `list<>`/`map<>` nesting deeper than `max`: deeper types are not what APIs send,
    /// and their Rust types trip clippy's `type_complexity`.
    fn container_depth(&mut self, at: &Spanned<String>, ty: &TypeExpr, max: usize) {
        if ty.container_depth() > max {
            self.sink.value_error(&at.path, format!("`{ty}` nests {} levels of `list<>` and `map<>`; at most {max} are allowed here", ty.container_depth()), Some("name an inner level as a model".to_owned()));
        }
    }

    /// A `rust_name` is used as it is, so it must be a `snake_case` identifier.
    fn rust_name(&mut self, name: Option<&Spanned<String>>) {
        if let Some(name) = name
            && !crate::names::is_snake_ident(&name.value)
        {
            self.sink.value_error(&name.path, format!("`{}` is not a snake_case Rust identifier (or it is a keyword)", name.value), Some(format!("try `{}`", snake(&name.value, "name"))));
        }
    }

    fn is_model(&self, name: &str) -> bool {
        self.models.contains_key(name)
    }

    fn is_enum(&self, name: &str) -> bool {
        self.enums.contains_key(name)
    }

    fn types(&mut self) {
        let mut type_names = Namespace::new("type name", RESERVED_TYPES);
        // A type expression can only name what starts with a letter and has letters, digits
        // and `_` (see `types::parse`).
        let declared = self.spec.models.iter().map(|model| &model.name).chain(self.spec.enums.iter().map(|enumeration| &enumeration.name)).chain(self.spec.unions.iter().map(|union| &union.name));
        for name in declared {
            if !(name.value.starts_with(|c: char| c.is_ascii_alphabetic()) && name.value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')) {
                self.sink.error(&name.path, format!("`{}` cannot name a model, enum or union: names start with an ASCII letter and hold only ASCII letters, digits and `_`", name.value));
            }
        }
        for model in &self.spec.models {
            type_names.add(self.sink, &model.name, camel(&model.name.value, "Model"));
            let mut fields = Namespace::of_wire_names("field name", &[]);
            self.owner = Some(model.name.value.clone());
            self.files_allowed = self.multipart_models.contains(model.name.value.as_str());
            for field in &model.fields {
                self.rust_name(field.rust_name.as_ref());
                fields.add(self.sink, &field.wire, field_ident(&field.wire.value, field.rust_name.as_ref().map(|name| name.value.as_str()), "field"));
                if let Some(ty) = self.type_expr(&field.ty) {
                    self.container_depth(&field.ty, &ty, MAX_FIELD_NESTING);
                    if ty == TypeExpr::Builtin("file") && field.nullable {
                        self.sink.error(&field.ty.path, "a `file` field is sent or left out; it cannot be `nullable`");
                    }
                }
            }
            self.files_allowed = false;
            self.owner = None;
        }
        for enumeration in &self.spec.enums {
            type_names.add(self.sink, &enumeration.name, camel(&enumeration.name.value, "Enum"));
            // An integer enum's variants are named by the spec (`name`), a string enum's by its values.
            let mut variants = if enumeration.integer { Namespace::new("variant name", &["UnknownValue"]) } else { Namespace::of_wire_names("variant name", &["UnknownValue"]) };
            for value in &enumeration.values {
                if let Some(name) = value.name.as_deref().filter(|_| !enumeration.integer)
                    && !crate::names::is_camel_ident(name)
                {
                    self.sink.error(&value.wire.path, format!("the `rust_name` `{name}` is not an UpperCamelCase Rust identifier (or it is a keyword)"));
                }
                let label = value.name.as_deref().unwrap_or(&value.wire.value);
                variants.add(self.sink, &Spanned::new(label.to_owned(), value.wire.path.clone()), camel(label, "V"));
            }
        }
        let spec = self.spec;
        for union in &spec.unions {
            type_names.add(self.sink, &union.name, camel(&union.name.value, "Union"));
            self.union(union);
        }
    }

    /// Checks a union: at least two alternatives, each a type a value can be told apart by
    /// (not `any`, not another union), with distinct variant names.
    fn union(&mut self, union: &Union) {
        if union.of.len() < 2 {
            self.sink.error(&union.name.path, "a union needs at least two alternatives under `of`");
        }
        let mut variants = Namespace::new("variant name", &[]);
        self.owner = Some(union.name.value.clone());
        for alternative in &union.of {
            let Some(ty) = self.type_expr(alternative) else { continue };
            if ty == TypeExpr::Builtin("any") {
                self.sink.error(&alternative.path, "`any` fits every value, so the alternatives after it could never be chosen; a union's alternatives are specific types");
            } else if ty.names().iter().any(|name| self.unions.contains_key(name)) {
                self.sink.error(&alternative.path, format!("`{}` is a union; list its alternatives here instead", alternative.value));
            }
            self.container_depth(alternative, &ty, MAX_FIELD_NESTING);
            variants.add(self.sink, alternative, crate::names::union_variant(&ty));
        }
        self.owner = None;
    }

    /// Refuses a model or enum named like the runtime type of a scalar the spec uses (a `Money`
    /// model beside `money` fields): `models.rs` re-exports that type under the same name.
    fn scalar_clashes(&mut self) {
        let named = self
            .spec
            .models
            .iter()
            .map(|model| (&model.name, "Model"))
            .chain(self.spec.enums.iter().map(|enumeration| (&enumeration.name, "Enum")))
            .chain(self.spec.unions.iter().map(|union| (&union.name, "Union")));
        for (name, fallback) in named {
            let ident = camel(&name.value, fallback);
            if let Some(scalar) = self.scalars.iter().find(|builtin| Scalar::from_builtin(builtin).is_some_and(|scalar| scalar.rust_name() == ident)) {
                self.sink.error(
                    &name.path,
                    format!("`{}` becomes the type name `{ident}`, which the generated code already uses for the `{scalar}` scalar type; rename it", name.value),
                );
            }
        }
    }

    /// Warns about models and enums that nothing reaches from an endpoint, a webhook or the
    /// OAuth flow: they generate types no call uses, which usually means a misspelt reference.
    fn unused_types(&mut self) {
        let mut mentions: BTreeMap<Option<&str>, Vec<&str>> = BTreeMap::new();
        for (owner, name) in &self.uses {
            mentions.entry(owner.as_deref()).or_default().push(name);
        }
        let mut pending: Vec<&str> = mentions.get(&None).cloned().unwrap_or_default();
        let mut reached: BTreeSet<&str> = BTreeSet::new();
        while let Some(name) = pending.pop() {
            if reached.insert(name) {
                pending.extend(mentions.get(&Some(name)).into_iter().flatten());
            }
        }
        let declared = self
            .spec
            .models
            .iter()
            .map(|model| (&model.name, "model"))
            .chain(self.spec.enums.iter().map(|enumeration| (&enumeration.name, "enum")))
            .chain(self.spec.unions.iter().map(|union| (&union.name, "union")));
        for (name, what) in declared {
            if !reached.contains(&name.value.as_str()) {
                self.sink.warning(
                    &name.path,
                    format!("{what} `{}` is never used: no endpoint, webhook or OAuth response refers to it, directly or through another model", name.value),
                    Some("remove it, or refer to it where it belongs".to_owned()),
                );
            }
        }
    }

    fn webhooks(&mut self) {
        let mut names = Namespace::new("webhook type name", &[]);
        for webhook in &self.spec.webhooks {
            names.add(self.sink, &webhook.name, camel(&webhook.name.value, "Webhook"));
            let payload = self.type_expr(&webhook.payload);
            if let Some(payload) = &payload {
                for example in &webhook.examples {
                    self.example_value(payload, &example.value, &example.path, Direction::Response);
                }
            }
            if webhook.examples.is_empty() {
                self.sink.error(&join(&webhook.name.path, "examples"), "every webhook needs at least one example payload; it becomes the webhook's test");
            }
        }
    }

    fn endpoints(&mut self) {
        let mut modules = Namespace::new("module name", RESERVED_MODULES);
        let mut accessors = Namespace::new("client method", RESERVED_CLIENT_METHODS);
        for group in &self.spec.endpoint_groups {
            modules.add(self.sink, &group.resource, snake(&group.resource.value, "resource"));
            accessors.add(self.sink, &group.resource, snake(&group.resource.value, "resource"));
            if group.endpoints.is_empty() {
                self.sink.error(&group.resource.path, "a resource needs at least one endpoint");
            }
            let mut functions = Namespace::new("method name", &["new", "client"]);
            for endpoint in &group.endpoints {
                functions.add(self.sink, &endpoint.name, snake(&endpoint.name.value, "call"));
                self.endpoint(endpoint);
            }
        }
    }

    /// The page-size parameter `name` of a paginated endpoint, at most `max`: sent as an unsigned
    /// integer, so it is declared as an `integer` (where the scheme names it) and every example
    /// gives a whole number from 1 to `max`.
    fn page_size_param(&mut self, endpoint: &Endpoint, name: &str, max: u64, named_by_scheme: bool) {
        let Some(param) = endpoint.params.iter().find(|param| param.location == ParamIn::Query && param.wire.value == name) else { return };
        if param.ty.value != "integer" {
            if named_by_scheme {
                self.sink.error(&param.ty.path, format!("`{name}` is the page size of the pagination scheme, so its type is `integer`, not `{}`", param.ty.value));
            }
            return;
        }
        for example in &endpoint.examples {
            for (arg, value) in example.params.iter().filter(|(arg, _)| arg.value == name) {
                // A value that is no integer at all is reported by the example's type check.
                let integer = value.is_i64() || value.is_u64();
                if integer && !value.as_u64().is_some_and(|size| (1..=max).contains(&size)) {
                    self.sink.error(&arg.path, format!("`{value}` is not a page size: expected a whole number from 1 to {max}"));
                }
            }
        }
    }

    /// The request parameters of a pagination scheme that sends them in the body (`in: body`):
    /// fields of the endpoint's JSON body model, so each page's request can carry them. A cursor
    /// is absent from the first request, so its field is optional; numbers are `integer`s; a
    /// page size in an example is a whole number from 1 to the scheme's maximum.
    fn body_page_params(&mut self, endpoint: &Endpoint, usage: &PaginationUse, scheme: &PaginationScheme) {
        let mut params: Vec<(&str, &str)> = scheme.style.request_params();
        if let Some(size) = &scheme.page_size {
            params.push(("page_size", &size.param.value));
        }
        let names = params.iter().map(|(_, name)| format!("`{name}`")).collect::<Vec<_>>().join(", ");
        let json = endpoint.body_encoding.or(self.spec.defaults.body_encoding).unwrap_or(BodyEncoding::Json) == BodyEncoding::Json;
        let model = endpoint.body.as_ref().and_then(|body| self.spec.models.iter().find(|model| model.name.value == body.value));
        let Some(model) = model.filter(|_| json) else {
            self.sink.error_with_help(
                &usage.scheme.path,
                format!("the pagination scheme `{}` sends {names} in the request body (`in: body`), but this endpoint has no JSON body model to hold them", scheme.name.value),
                Some("give the endpoint a `body` model with those fields, sent as JSON; or use a scheme whose parameters go in the query".to_owned()),
            );
            return;
        };
        let cursor_style = matches!(scheme.style, PaginationStyle::CursorHeader { .. } | PaginationStyle::CursorBody { .. } | PaginationStyle::LastItem { .. });
        for (key, name) in params {
            let Some(field) = model.fields.iter().find(|field| field.wire.value == name) else {
                let help = did_you_mean(name, model.fields.iter().map(|field| field.wire.value.as_str()))
                    .unwrap_or_else(|| format!("add the field `{name}` to the model `{}`", model.name.value));
                self.sink.error_with_help(
                    &usage.scheme.path,
                    format!("the pagination scheme `{}` sends its `{key}` `{name}` in the request body, but the body model `{}` has no field `{name}`", scheme.name.value, model.name.value),
                    Some(help),
                );
                continue;
            };
            let cursor = cursor_style && key == "param";
            let fits = match field.ty.value.as_str() {
                "integer" => true,
                "string" => cursor,
                _ => false,
            };
            if !fits {
                let expected = if cursor { "`string` or `integer`" } else { "`integer`" };
                self.sink.error(&field.ty.path, format!("`{name}` is the `{key}` of the pagination scheme `{}`, so its type is {expected}, not `{}`", scheme.name.value, field.ty.value));
            }
            if cursor && field.required {
                self.sink.error(&field.wire.path, format!("`{name}` carries the cursor of the pagination scheme `{}`, which the first page's request has none of, so the field is optional", scheme.name.value));
            }
        }
        let Some((size_name, max)) = scheme.page_size_param() else { return };
        for example in &endpoint.examples {
            let Some(body) = &example.body else { continue };
            let size = body.value.get(size_name);
            if let Some(size) = size.filter(|size| size.is_number() && !size.as_u64().is_some_and(|size| (1..=max).contains(&size))) {
                self.sink.error(&body.path, format!("the page size `{size_name}: {size}` is not a whole number from 1 to {max}"));
            }
        }
    }

    fn endpoint(&mut self, endpoint: &Endpoint) {
        let base = &endpoint.name.path;
        if let Some(path) = &endpoint.path {
            self.path_template(endpoint, path);
        }
        // Required parameters and body fields are arguments of the method; optional ones are
        // setters on its builder. Each group needs distinct names.
        let mut setters = Namespace::of_wire_names("request builder method", RESERVED_REQUEST_METHODS);
        let mut arguments = Namespace::of_wire_names("argument name", &["self"]);
        let mut param_types = Vec::new();
        for param in &endpoint.params {
            let names = if param.required { &mut arguments } else { &mut setters };
            self.rust_name(param.rust_name.as_ref());
            if param.location == ParamIn::Header && !is_header_name(&param.wire.value) {
                self.sink.error(&param.wire.path, format!("`{}` is not an HTTP header name; expected letters, digits and `-`, with no spaces", param.wire.value));
            }
            let described = format!("the parameter `{}`", param.wire.value);
            names.add_described(self.sink, &param.wire.path, described, field_ident(&param.wire.value, param.rust_name.as_ref().map(|name| name.value.as_str()), "param"));
            let ty = self.type_expr(&param.ty);
            if let Some(ty) = &ty {
                self.container_depth(&param.ty, ty, MAX_PARAM_NESTING);
                self.param_type(param, ty);
            }
            param_types.push(ty);
        }
        self.constant_headers(&endpoint.headers);
        let constant_headers = self.spec.headers.iter().chain(&endpoint.headers);
        for header in constant_headers {
            let param = endpoint.params.iter().find(|param| param.location == ParamIn::Header && param.wire.value.eq_ignore_ascii_case(&header.name.value));
            if let Some(param) = param {
                self.sink.error(&param.wire.path, format!("header parameter `{}` is also a constant header at `{}`; keep one of them", param.wire.value, header.name.path));
            }
        }
        if let Some(idempotency) = &self.spec.idempotency {
            let param = endpoint.params.iter().find(|param| param.location == ParamIn::Header && param.wire.value.eq_ignore_ascii_case(&idempotency.header.value));
            if let Some(param) = param {
                self.sink.error_with_help(
                    &param.wire.path,
                    format!("header parameter `{}` is the idempotency-key header, which the client sets", param.wire.value),
                    Some("remove the parameter: callers give their own key with `.idempotency_key(...)` on any request builder".to_owned()),
                );
            }
        }
        let raw_body = endpoint.body.as_ref().is_some_and(|body| body.value == "bytes");
        if endpoint.body_encoding.or(self.spec.defaults.body_encoding) == Some(BodyEncoding::Multipart) {
            let model_body = endpoint.body.as_ref().is_some_and(|body| self.is_model(&body.value));
            if !model_body && endpoint.body_encoding.is_some() {
                self.sink.error(&join(base, "body_encoding"), "a `multipart` body is a model: its `file` fields are file parts, its other fields text parts");
            }
        }
        // A body that is a list or map (not a model) is passed whole, as the argument `body`.
        let value_body = endpoint.body.as_ref().filter(|body| body.value.starts_with("list<") || body.value.starts_with("map<"));
        if let Some(body) = value_body {
            self.type_expr(body);
            arguments.add(self.sink, &Spanned::new("body".to_owned(), body.path.clone()), "body".to_owned());
        }
        if raw_body {
            for name in ["content_type", "data"] {
                arguments.add(self.sink, &Spanned::new(name.to_owned(), format!("{base}.body (raw body argument)")), name.to_owned());
            }
        }
        let body_model = endpoint.body.as_ref().filter(|_| !raw_body && value_body.is_none()).and_then(|body| {
            if self.is_model(&body.value) {
                self.uses.push((None, body.value.clone()));
                self.models.get(body.value.as_str()).copied()
            } else {
                let candidates = self.spec.models.iter().map(|model| model.name.value.as_str());
                let help = did_you_mean(&body.value, candidates);
                self.sink.error_with_help(&body.path, format!("unknown model `{}`; a body is the name of a model, or `bytes` for a raw body", body.value), help);
                None
            }
        });
        if let Some(model) = body_model {
            for field in &model.fields {
                let described = format!("the field `{}` of the body model `{}`", field.wire.value, model.name.value);
                let names = if field.required { &mut arguments } else { &mut setters };
                names.add_described(self.sink, &field.wire.path, described, field_ident(&field.wire.value, field.rust_name.as_ref().map(|name| name.value.as_str()), "field"));
            }
        }
        if let (Some(body), Some(method)) = (&endpoint.body, &endpoint.method)
            && matches!(method.value, Method::Get | Method::Head)
        {
            self.sink.error(&body.path, format!("a {} request cannot have a body", method.value.as_str()));
        }
        if let (Some(response), Some(method)) = (&endpoint.response, &endpoint.method)
            && method.value == Method::Head
        {
            self.sink.error(&response.path, "a HEAD answer has no body, so a HEAD endpoint declares no `response`");
        }
        let raw_response = endpoint.response.as_ref().is_some_and(|response| response.value == "bytes" || response.value == "stream");
        if let Some(response) = endpoint.response.as_ref().filter(|_| !raw_response) {
            self.type_expr(response);
        }
        if raw_response && let Some(pagination) = &endpoint.pagination {
            self.sink.error(&pagination.scheme.path, "an endpoint whose response is raw `bytes` or a `stream` cannot be paginated");
        }
        if let Some(pagination) = &endpoint.pagination {
            self.reference(&pagination.scheme, "pagination scheme", self.spec.pagination.iter().map(|scheme| &scheme.name.value));
            if endpoint.response.is_none() {
                self.sink.error(&join(base, "response"), "a paginated endpoint needs `response`: the type of one item");
            }
            let scheme = self.spec.pagination.iter().find(|scheme| scheme.name.value == pagination.scheme.value);
            if let Some(scheme) = scheme {
                let items = pagination.items.as_deref().unwrap_or(scheme.style.items());
                match pagination.total.as_deref().or(scheme.style.total()) {
                    Some("") => self.sink.error(&pagination.scheme.path, "`total` is the path of a member of the page that holds the total item count; `\"\"` is the whole body"),
                    Some(total) if items.is_empty() => self.sink.error(
                        &pagination.scheme.path,
                        format!("the page is the body's array itself (`items: \"\"`), so no member `{total}` can hold the total; remove `total` or set `items` to the array's path"),
                    ),
                    _ => {}
                }
                if let PaginationStyle::LastItem { id, has_more, .. } = &scheme.style {
                    if items.is_empty() {
                        self.sink.error(
                            &pagination.scheme.path,
                            format!("a `last_item` page is an object with the items beside `{has_more}`; set `items` to the array's path, not `\"\"`"),
                        );
                    }
                    if id.is_empty() || has_more.is_empty() {
                        self.sink.error(&scheme.name.path, "`id` and `has_more` of a `last_item` scheme are member paths, not `\"\"`");
                    }
                }
            }
            if let Some(scheme) = scheme.filter(|scheme| scheme.params_in == PageParamsIn::Body) {
                self.body_page_params(endpoint, pagination, scheme);
            }
            let query_scheme = scheme.filter(|scheme| scheme.params_in == PageParamsIn::Query);
            if let Some(page_size) = query_scheme.and_then(|scheme| scheme.page_size.as_ref()) {
                let declared = endpoint.params.iter().any(|param| param.location == ParamIn::Query && param.wire.value == page_size.param.value);
                if !declared {
                    self.sink.error(
                        &join(base, "params"),
                        format!("the pagination scheme `{}` limits the page size with the query parameter `{}`; declare it under `params` so callers can set it", pagination.scheme.value, page_size.param.value),
                    );
                }
            }
            if let Some((size_param, max)) = query_scheme.and_then(|scheme| scheme.page_size_param()) {
                let named_by_scheme = query_scheme.is_some_and(|scheme| scheme.page_size.is_some());
                self.page_size_param(endpoint, size_param, max, named_by_scheme);
            }
        }
        if let Some(auth) = &endpoint.auth {
            for name in auth {
                self.reference(name, "auth scheme", self.spec.auth.iter().map(|scheme| &scheme.name.value));
            }
        }
        if let Some(errors) = &endpoint.errors {
            self.reference(errors, "error table", self.spec.errors.iter().map(|table| &table.name.value));
        }
        if let Some(Spanned { value: Some(name), path }) = &endpoint.envelope {
            let name = Spanned::new(name.clone(), path.clone());
            self.reference(&name, "envelope", self.spec.envelopes.iter().map(|envelope| &envelope.name.value));
        }
        if endpoint.examples.is_empty() {
            // A warning, so a spec can be built up endpoint by endpoint; this repository's own
            // specs must have one (`cargo xtask codegen` refuses them without).
            self.sink.warning(
                &join(base, "examples"),
                "this endpoint has no example, so its crate has no test of it",
                Some("add `examples:` with a call and the response it gets; each becomes a test of the request on the wire and the decoded response".to_owned()),
            );
        }
        let mut test_names = Namespace::new("example name", &[]);
        for (index, example) in endpoint.examples.iter().enumerate() {
            let name = example.name.clone().unwrap_or_else(|| Spanned::new(format!("example {}", index + 1), example.path.clone()));
            test_names.add(self.sink, &name, snake(&name.value, "example"));
            self.example(endpoint, example, &param_types, body_model);
            if raw_body {
                match &example.body {
                    Some(Spanned { value: Value::String(_), .. }) => {}
                    Some(body) => self.sink.error(&body.path, "a raw (`bytes`) body is written as a string in examples"),
                    None => self.sink.error(&example.path, "the endpoint takes a raw body, so its example needs `body` (a string) and may give `content_type`"),
                }
            } else if let Some(content_type) = example.content_type.as_ref() {
                self.sink.error(&join(&example.path, "content_type"), format!("`content_type` ({content_type}) is only for endpoints whose body is `bytes`"));
            }
            if raw_response && let Some(body) = &example.response_body && !body.value.is_string() {
                self.sink.error(&body.path, "a raw (`bytes`) response is written as a string in examples");
            }
        }
    }

    fn path_template(&mut self, endpoint: &Endpoint, path: &Spanned<String>) {
        let template = &path.value;
        if !template.starts_with('/') {
            self.sink.error(&path.path, format!("`{template}` must start with `/` (it is relative to the base URL)"));
        }
        if template.contains(['?', '#']) {
            self.sink.error(&path.path, format!("`{template}` cannot contain `?` or `#`; declare query parameters under `params`"));
        } else {
            // A character a URL path cannot hold is sent percent-encoded, so the spec (its
            // examples' paths, its mock's routes) must say it so.
            let encoded = crate::text::encode_path(template);
            if encoded != *template {
                // The first character encoding changed: where the two first differ, or the `%`
                // just before (a `%` that starts no escape is encoded as `%25`).
                let same = template.bytes().zip(encoded.bytes()).take_while(|(a, b)| a == b).count();
                let odd = if template[..same].ends_with('%') { '%' } else { template[same..].chars().next().unwrap_or('%') };
                self.sink.error_with_help(
                    &path.path,
                    format!("`{template}` holds `{odd}`, which a URL path cannot hold as it is; clients send it percent-encoded"),
                    Some(format!("write `{encoded}`")),
                );
            }
        }
        match self.spec.trailing_slash {
            TrailingSlash::Always if !template.ends_with('/') => self.sink.error_with_help(
                &path.path,
                format!("`{template}` must end with `/`: this provider's `trailing_slash` rule is `always`"),
                Some(format!("write `{template}/`")),
            ),
            TrailingSlash::Never if template.len() > 1 && template.ends_with('/') => self.sink.error_with_help(
                &path.path,
                format!("`{template}` must not end with `/`: this provider's `trailing_slash` rule is `never`"),
                Some(format!("write `{}`", template.trim_end_matches('/'))),
            ),
            _ => {}
        }
        let mut placeholders = Vec::new();
        let mut rest = template.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                self.sink.error(&path.path, format!("`{template}` has a `{{` without its `}}`"));
                return;
            };
            placeholders.push(&rest[open + 1..open + close]);
            rest = &rest[open + close + 1..];
        }
        if rest.contains('}') {
            self.sink.error(&path.path, format!("`{template}` has a `}}` without its `{{`"));
        }
        let path_params: Vec<&Param> = endpoint.params.iter().filter(|param| param.location == ParamIn::Path).collect();
        for placeholder in &placeholders {
            if !path_params.iter().any(|param| param.wire.value == *placeholder) {
                let help = did_you_mean(placeholder, path_params.iter().map(|param| param.wire.value.as_str()));
                self.sink.error_with_help(
                    &path.path,
                    format!("path parameter `{{{placeholder}}}` is not declared; expected an entry under `params` with `in: path`"),
                    help,
                );
            }
        }
        for param in path_params {
            if !placeholders.contains(&param.wire.value.as_str()) {
                self.sink.error(&param.wire.path, format!("path parameter `{}` does not appear in the path `{template}`", param.wire.value));
            }
        }
    }

    fn param_type(&mut self, param: &Param, ty: &TypeExpr) {
        let scalar = |ty: &TypeExpr| match ty {
            TypeExpr::Builtin(name) => !matches!(*name, "any" | "geo_point" | "filter" | "secret" | "file"),
            TypeExpr::Named(name) => self.is_enum(name),
            _ => false,
        };
        if param.style == ListStyle::Brackets && param.location != ParamIn::Query {
            self.sink.error(&param.wire.path, "`style: brackets` writes query parameters (`name[key]=v`); a path or header parameter is one value");
            return;
        }
        let ok = match (param.location, ty) {
            (_, ty) if scalar(ty) => true,
            (ParamIn::Query, TypeExpr::List(inner)) => scalar(inner) || matches!(param.style, ListStyle::Json | ListStyle::Brackets),
            (ParamIn::Query, _) => matches!(param.style, ListStyle::Json | ListStyle::Brackets),
            _ => false,
        };
        if ty.builtins().contains(&"secret") {
            self.sink.value_error(
                &param.ty.path,
                "a parameter cannot have type `secret`; `secret` marks credential fields of models",
                Some("a credential sent as a parameter is an auth scheme: declare it under `auth`".to_owned()),
            );
            return;
        }
        if !ok {
            let location = match param.location {
                ParamIn::Path => "path",
                ParamIn::Query => "query",
                ParamIn::Header => "header",
            };
            self.sink.error(
                &param.ty.path,
                format!(
                    "a {location} parameter cannot have type `{ty}`; expected a scalar or an enum (query parameters may also be `list<T>`, or any type with `style: json` or `style: brackets`)"
                ),
            );
        }
    }

    fn example(&mut self, endpoint: &Endpoint, example: &Example, param_types: &[Option<TypeExpr>], body_model: Option<&Model>) {
        let value_body = endpoint.body.as_ref().filter(|body| body.value.starts_with("list<") || body.value.starts_with("map<"));
        for (name, value) in &example.params {
            let Some(index) = endpoint.params.iter().position(|param| param.wire.value == name.value) else {
                let help = did_you_mean(&name.value, endpoint.params.iter().map(|param| param.wire.value.as_str()));
                self.sink.error_with_help(&name.path, format!("`{}` is not a parameter of this endpoint", name.value), help);
                continue;
            };
            if let Some(ty) = &param_types[index] {
                self.example_value(ty, value, &name.path, Direction::Request);
            }
            self.wire_value(&endpoint.params[index], value, &name.path);
        }
        for param in endpoint.params.iter().filter(|param| param.required) {
            if !example.params.iter().any(|(name, _)| name.value == param.wire.value) {
                self.sink.error(&join(&example.path, "params"), format!("the example does not give the required parameter `{}`", param.wire.value));
            }
        }
        match (&example.body, body_model) {
            (Some(body), Some(model)) => match &body.value {
                Value::Object(members) => {
                    for key in members.keys() {
                        if !model.fields.iter().any(|field| &field.wire.value == key) {
                            let help = did_you_mean(key, model.fields.iter().map(|field| field.wire.value.as_str()));
                            self.sink.error_with_help(&join(&body.path, key), format!("`{key}` is not a field of the body model `{}`", model.name.value), help);
                        }
                    }
                    for field in model.fields.iter().filter(|field| field.required) {
                        if !members.contains_key(&field.wire.value) {
                            self.sink.error(&body.path, format!("the example body lacks the required field `{}`", field.wire.value));
                        }
                    }
                    // Members' values, against their fields' types.
                    for field in &model.fields {
                        let (Some(member), Ok(ty)) = (members.get(&field.wire.value), types::parse(&field.ty.value)) else { continue };
                        let path = join(&body.path, &field.wire.value);
                        if member.is_null() {
                            if !field.nullable {
                                self.sink.value_error(&path, format!("`{}` is not nullable, so the example cannot send null", field.wire.value), None);
                            }
                            continue;
                        }
                        self.example_value(&ty, member, &path, Direction::Request);
                    }
                }
                other => self.sink.error(&body.path, format!("expected the body as a mapping of fields, found {}", crate::example_types::kind(other))),
            },
            (Some(_), None) if endpoint.body.as_ref().is_some_and(|body| body.value == "bytes") => {}
            (Some(body), None) if value_body.is_some() => {
                if let Some(ty) = value_body.and_then(|ty| types::parse(&ty.value).ok()) {
                    self.example_value(&ty, &body.value, &body.path, Direction::Request);
                }
            }
            (None, None) if value_body.is_some() => self.sink.error(&example.path, "the endpoint takes a whole JSON `body`, so its example needs one"),
            (Some(body), None) if endpoint.body.is_none() => {
                self.sink.error(&body.path, "this endpoint has no `body`, so its example cannot send one")
            }
            (None, Some(model)) if model.fields.iter().any(|field| field.required) => {
                self.sink.error(&example.path, format!("the example needs a `body`: the model `{}` has required fields", model.name.value))
            }
            _ => {}
        }
        if (400..600).contains(&example.status) {
            self.error_example(endpoint, example);
            return;
        }
        if !(200..300).contains(&example.status) {
            let help = "an example shows a successful call (a 2xx status) or an error answer (4xx or 5xx), which its test checks the client returns";
            self.sink.error_with_help(&join(&example.path, "response.status"), format!("`{}` is neither a success nor an error status", example.status), Some(help.to_owned()));
            return;
        }
        let raw_response = endpoint.response.as_ref().is_some_and(|response| matches!(response.value.as_str(), "bytes" | "stream"));
        // HTTP leaves the body out of these answers, whatever the server writes.
        let bodiless = match example.status {
            204 | 205 => Some(format!("a {} answer", example.status)),
            _ if endpoint.method.as_ref().is_some_and(|method| method.value == Method::Head) => Some("a HEAD answer".to_owned()),
            _ => None,
        };
        if let Some(answer) = bodiless {
            if let Some(body) = &example.response_body {
                self.sink.error(&body.path, format!("{answer} has no body: HTTP leaves it out, so the client never reads this one"));
                return;
            }
            if let Some(response) = endpoint.response.as_ref().filter(|response| !raw_response && response.value != "any") {
                let help = "answer with 200 and the body, or drop the endpoint's `response` if the provider sends none";
                self.sink.error_with_help(&join(&example.path, "response.status"), format!("{answer} has no body to decode as the endpoint's `response` (`{}`)", response.value), Some(help.to_owned()));
            }
            // No body, so no payload and no success flag to check.
            return;
        }
        self.framing_headers(example);
        let envelope = envelope_of(self.spec, endpoint);
        // A streamed answer is read for its success flag when it says it is JSON.
        let json_stream = endpoint.response.as_ref().is_some_and(|response| response.value == "stream")
            && example.response_headers.iter().any(|(name, value)| name.eq_ignore_ascii_case("content-type") && value.contains("json"));
        if let Some(envelope) = envelope
            && let Some((flag, literal, optional)) = &envelope.success
            && (!raw_response || json_stream)
        {
            let streamed;
            let body = match (&example.response_body, json_stream) {
                (Some(body), true) => match serde_json::from_str::<Value>(body.value.as_str().unwrap_or_default()) {
                    Ok(parsed) => {
                        streamed = Spanned::new(parsed, body.path.clone());
                        Some(&streamed)
                    }
                    Err(error) => {
                        let message = format!("the answer's `Content-Type` says JSON, so the client reads the envelope's success flag from it, but it is not JSON: {error}");
                        self.sink.error(&body.path, message);
                        return;
                    }
                },
                (body, _) => body.as_ref(),
            };
            // The client takes an answer without the success value for the provider's error.
            let value = body.and_then(|body| lookup(&body.value, flag));
            let expected = literal.to_json();
            match value {
                Some(value) if !literal_matches(literal, value) => {
                    let at = body.map_or_else(|| join(&example.path, "response"), |body| if json_stream { body.path.clone() } else { flag.split('.').fold(body.path.clone(), |path, key| join(&path, key)) });
                    let help = format!("an example shows a successful call, with `{flag}: {expected}`; error answers are described by the endpoint's error table (`errors`)");
                    self.sink.error_with_help(&at, format!("examples show successful calls; `{flag}` is `{value}` here, and the envelope `{}` marks success with `{expected}`", envelope.name.value), Some(help));
                    return;
                }
                None if !optional => {
                    let at = body.map_or_else(|| join(&example.path, "response"), |body| body.path.clone());
                    self.sink.error_with_help(
                        &at,
                        format!("the envelope `{}` marks success with `{flag}: {expected}`, which this example's answer lacks: the client would take it for an error", envelope.name.value),
                        Some(format!("add `{flag}: {expected}` to the example's `response.body`")),
                    );
                    return;
                }
                _ => {}
            }
        }
        // With an envelope, a body-less endpoint still answers with the envelope (`{status: 0}`).
        let has_envelope = envelope.is_some();
        if let Some(body) = &example.response_body
            && endpoint.response.is_none()
            && !body.value.is_null()
            && !has_envelope
        {
            let help = "declare the endpoint's `response` type (`any` for a body not worth a model, such as `{}`), or leave the body out of the example: the client does not read it".to_owned();
            self.sink.error_with_help(&body.path, "this endpoint declares no `response`, so its example cannot answer with a body", Some(help));
        }
        if let (Some(body), Some(response)) = (&example.response_body, &endpoint.response) {
            self.example_response(endpoint, response, body);
        }
        if endpoint.response.is_some() && example.response_body.is_none() {
            self.sink.error(&join(&example.path, "response"), "the endpoint declares a `response`, so its example needs `response.body`");
        }
    }

    /// Reports every way an example's `value` does not fit `ty`, at the offending part.
    fn example_value(&mut self, ty: &TypeExpr, value: &Value, path: &str, direction: Direction) {
        let misfits = crate::example_types::check(&*self, ty, value, direction);
        for misfit in misfits {
            let at = misfit.at.iter().fold(path.to_owned(), |path, key| join(&path, key));
            self.sink.value_error(&at, misfit.message, None);
        }
    }

    /// Refuses example parameter values the client would refuse to send: an empty, `.` or `..`
    /// path segment; a header value with control or non-ASCII characters, or with whitespace at
    /// either end (which the server would strip).
    fn wire_value(&mut self, param: &Param, value: &Value, path: &str) {
        let Some(text) = value.as_str() else { return };
        match param.location {
            ParamIn::Path if matches!(text, "" | "." | "..") => {
                self.sink.value_error(path, format!("the client refuses the path segment `{text}` (it would change the path)"), None);
            }
            ParamIn::Header if text.chars().any(|c| c.is_control() || !c.is_ascii()) => {
                self.sink.value_error(path, format!("the client refuses the header value {value}: header values are visible ASCII"), None);
            }
            ParamIn::Header if text.trim() != text => {
                let help = format!("write {}", Value::from(text.trim()));
                self.sink.value_error(path, format!("the header value {value} begins or ends with whitespace, which HTTP does not count as part of it: servers strip it"), Some(help));
            }
            _ => {}
        }
    }

    /// Refuses the headers that frame the message in an example's answer: the server sets them
    /// for the body it sends.
    fn framing_headers(&mut self, example: &Example) {
        for (name, _) in &example.response_headers {
            if FRAMING_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
                let at = join(&join(&example.path, "response.headers"), name);
                self.sink.error_with_help(&at, format!("`{name}` frames the HTTP message, which is the server's to do for the body it sends"), Some("remove it from the example".to_owned()));
            }
        }
    }

    /// Checks an example of an error answer (4xx or 5xx), whose test checks the error the client
    /// returns: HTTP's rules for its body and headers, the message where the endpoint's error
    /// table reads it, and that the client returns it rather than renewing a session.
    fn error_example(&mut self, endpoint: &Endpoint, example: &Example) {
        if endpoint.method.as_ref().is_some_and(|method| method.value == Method::Head)
            && let Some(body) = &example.response_body
        {
            self.sink.error(&body.path, "a HEAD answer has no body: HTTP leaves it out, so the client never reads this one");
            return;
        }
        self.framing_headers(example);
        let spec = self.spec;
        let table_name = endpoint.errors.as_ref().or(spec.defaults.errors.as_ref()).map(|name| name.value.as_str());
        let table = spec.errors.iter().find(|table| Some(table.name.value.as_str()) == table_name).or_else(|| spec.errors.first());
        let Some(table) = table else { return };
        let code = example.response_body.as_ref().and_then(|body| table.code.iter().find_map(|path| lookup_through_lists(&body.value, path).and_then(scalar_text)));
        // A body without text (`{}`, `{"status": 404}`) has no message to miss.
        if let Some(body) = example.response_body.as_ref().filter(|body| body.value.is_object() && holds_text(&body.value))
            && !table.message.is_empty()
            && !table.message.iter().any(|path| lookup_through_lists(&body.value, path).and_then(scalar_text).is_some())
        {
            let paths = table.message.iter().map(|path| format!("`{path}`")).collect::<Vec<_>>().join(" or ");
            let message = format!("the error table `{}` reads the message at {paths}, which this error body does not hold: the client would return no message", table.name.value);
            let help = message_paths_in(&body.value).first().map(|path| format!("the body has text at `{path}`; did you mean that path in the table's `message`?"));
            self.sink.value_error(&body.path, message, help);
        }
        // The client renews an expired session and sends the call again, so the answer is not
        // what the call returns.
        let session = spec.auth.iter().filter(|scheme| endpoint_auth(spec, endpoint).contains(&scheme.name.value.as_str())).find_map(|scheme| scheme.session.as_ref());
        let code_number = code.as_deref().and_then(|code| code.parse::<u16>().ok());
        if let Some(session) = session
            && (session.expired.contains(&example.status) || code_number.is_some_and(|code| session.expired.contains(&code)))
        {
            let help = "show another error, or none: the session's renewal is tested by the crate's own tests".to_owned();
            self.sink.error_with_help(&join(&example.path, "response"), "this answer says the session expired (`expired`), so the client renews the session and sends the call again instead of returning it", Some(help));
        }
    }

    /// Checks an example response's payload (inside the envelope, and the page's items) against
    /// the endpoint's response type.
    fn example_response(&mut self, endpoint: &Endpoint, response: &Spanned<String>, body: &Spanned<Value>) {
        if matches!(response.value.as_str(), "bytes" | "stream") {
            return;
        }
        let Ok(ty) = types::parse(&response.value) else { return };
        let envelope = envelope_of(self.spec, endpoint);
        let mut path = body.path.clone();
        let mut payload = body.value.clone();
        if let Some(envelope) = envelope {
            if envelope.data.is_empty() {
                // The body is the payload, less the success flag.
                if let (Some((flag, _, _)), Value::Object(members)) = (&envelope.success, &mut payload)
                    && !flag.contains('.')
                {
                    members.remove(flag);
                }
            } else {
                match lookup(&payload, &envelope.data) {
                    Some(inner) => {
                        path = envelope.data.split('.').fold(path, |path, key| join(&path, key));
                        payload = inner.clone();
                    }
                    None => {
                        self.sink.value_error(&body.path, format!("the example response has no payload at `{}`, where the envelope `{}` puts it", envelope.data, envelope.name.value), None);
                        return;
                    }
                }
            }
        }
        let Some(usage) = &endpoint.pagination else {
            self.example_value(&ty, &payload, &path, Direction::Response);
            return;
        };
        let Some(scheme) = self.spec.pagination.iter().find(|scheme| scheme.name.value == usage.scheme.value) else { return };
        let items_path = usage.items.clone().unwrap_or_else(|| scheme.style.items().to_owned());
        let (items, items_at) = if items_path.is_empty() {
            (Some(&payload), path.clone())
        } else {
            (lookup(&payload, &items_path), items_path.split('.').fold(path.clone(), |path, key| join(&path, key)))
        };
        match items {
            None => match envelope.filter(|envelope| !envelope.data.is_empty()) {
                // Pagination paths start inside the payload; say so, since the example shows the whole body.
                Some(envelope) => {
                    let message = format!("the example page has no items at `{items_path}` inside the payload at `{}`: pagination paths are read after the envelope `{}` takes the payload out", envelope.data, envelope.name.value);
                    let help = format!("write the paths from inside `{}`, or give the endpoint `envelope: none` to read them from the top of the body", envelope.data);
                    self.sink.value_error(&path, message, Some(help));
                }
                None => self.sink.value_error(&path, format!("the example page has no items at `{items_path}`"), None),
            },
            Some(Value::Null) => {}
            Some(Value::Array(list)) => {
                let list = list.clone();
                for (index, item) in list.iter().enumerate() {
                    self.example_value(&ty, item, &join(&items_at, &index.to_string()), Direction::Response);
                }
            }
            // Records keyed by id.
            Some(Value::Object(records)) => {
                let records = records.clone();
                for (key, record) in &records {
                    self.example_value(&ty, record, &join(&items_at, key), Direction::Response);
                }
            }
            Some(other) => self.sink.value_error(&items_at, format!("expected the page's items as a list, found {}", crate::example_types::kind(other)), None),
        }
        self.example_continuation(&scheme.style, &payload, &path, items);
    }

    /// Refuses an example page whose way to the next page the client cannot read (it fails the
    /// call rather than guess): a next link that is not a string, a `has_more` that is not a
    /// boolean, or more items announced after a last item without an id.
    fn example_continuation(&mut self, style: &PaginationStyle, payload: &Value, path: &str, items: Option<&Value>) {
        let at = |key: &str| key.split('.').fold(path.to_owned(), |path, key| join(&path, key));
        match style {
            PaginationStyle::NextLink { next, .. } => {
                if let Some(value) = lookup(payload, next).filter(|value| !value.is_null() && !value.is_string()) {
                    let found = crate::example_types::kind(value);
                    self.sink.value_error(&at(next), format!("the next link at `{next}` is a URL as a string, or null on the last page; found {found}"), None);
                }
            }
            PaginationStyle::LastItem { id, has_more, .. } => match lookup(payload, has_more) {
                None | Some(Value::Null | Value::Bool(false)) => {}
                Some(Value::Bool(true)) => {
                    let last = match items {
                        Some(Value::Array(list)) => list.last(),
                        _ => None,
                    };
                    let continues = |value: &Value| value.as_str().is_some_and(|text| !text.is_empty()) || value.is_number();
                    if let Some(last) = last
                        && !lookup(last, id).is_some_and(continues)
                    {
                        let message = format!("`{has_more}` says more items exist, so the last item needs its `{id}` (a string or a number) for the client to ask for the items after it");
                        self.sink.value_error(&at(has_more), message, None);
                    }
                }
                Some(other) => {
                    let found = crate::example_types::kind(other);
                    self.sink.value_error(&at(has_more), format!("`{has_more}` says whether more items exist, as a boolean; found {found}"), None);
                }
            },
            _ => {}
        }
    }

}

/// Whether `name` can be sent as an HTTP header name: one or more token characters (RFC 9110).
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// The auth schemes an endpoint uses, by name: its own `auth`, else the defaults'.
fn endpoint_auth<'s>(spec: &'s Spec, endpoint: &'s Endpoint) -> Vec<&'s str> {
    endpoint.auth.as_ref().or(spec.defaults.auth.as_ref()).map(|names| names.iter().map(|name| name.value.as_str()).collect()).unwrap_or_default()
}

/// The value at a dotted path inside `value` as error tables read it, a number indexing a list.
fn lookup_through_lists<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    crate::ir::at_path_through_lists(value, &crate::ir::split_path(path))
}

/// Whether `value` holds a non-empty string anywhere.
fn holds_text(value: &Value) -> bool {
    match value {
        Value::String(text) => !text.is_empty(),
        Value::Array(items) => items.iter().any(holds_text),
        Value::Object(members) => members.values().any(holds_text),
        _ => false,
    }
}

/// The paths in an error body, lists indexed, of text under a key that names a message
/// (`message`, `detail`, `error_description`...), nearest the top first.
fn message_paths_in(body: &Value) -> Vec<String> {
    fn walk(value: &Value, path: &str, depth: usize, found: &mut Vec<(usize, String)>) {
        let children: Vec<(String, &Value)> = match value {
            Value::Object(members) => members.iter().map(|(key, member)| (key.clone(), member)).collect(),
            Value::Array(items) => items.iter().take(1).enumerate().map(|(index, item)| (index.to_string(), item)).collect(),
            _ => return,
        };
        for (key, child) in children {
            let at = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            let lower = key.to_ascii_lowercase();
            if child.is_string() && ["message", "msg", "detail", "description", "error", "title"].iter().any(|word| lower.contains(word)) {
                found.push((depth, at.clone()));
            }
            if depth < 4 {
                walk(child, &at, depth + 1, found);
            }
        }
    }
    let mut found = Vec::new();
    walk(body, "", 0, &mut found);
    found.sort_by_key(|(depth, _)| *depth);
    found.into_iter().map(|(_, path)| path).collect()
}

/// The value at a dotted path inside `value`.
/// Response headers that frame the HTTP message: the server sets them for the body it sends.
const FRAMING_HEADERS: &[&str] = &["content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "te", "trailer"];

/// The envelope `endpoint` answers in: its own choice, else the spec's default.
fn envelope_of<'s>(spec: &'s Spec, endpoint: &Endpoint) -> Option<&'s Envelope> {
    let name = match &endpoint.envelope {
        Some(choice) => choice.value.as_deref(),
        None => spec.defaults.envelope.as_ref().map(|name| name.value.as_str()),
    }?;
    spec.envelopes.iter().find(|envelope| envelope.name.value == name)
}

/// Whether `value` is the success value `literal`, as the client compares them (`0` is not `"0"`).
fn literal_matches(literal: &Literal, value: &Value) -> bool {
    match literal {
        Literal::Bool(expected) => value.as_bool() == Some(*expected),
        Literal::Int(expected) => value.as_i64() == Some(*expected),
        Literal::Str(expected) => value.as_str() == Some(expected.as_str()),
    }
}

fn lookup<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(value, |value, key| value.get(key))
}

/// The spec's models and enums, as the example checker sees them.
impl crate::example_types::Types for Checker<'_> {
    fn model(&self, name: &str) -> Option<Vec<(String, TypeExpr, bool, bool)>> {
        let model = self.models.get(name)?;
        Some(model.fields.iter().filter_map(|field| Some((field.wire.value.clone(), types::parse(&field.ty.value).ok()?, field.required, field.nullable))).collect())
    }

    fn union_alternatives(&self, name: &str) -> Option<Vec<TypeExpr>> {
        let union = self.unions.get(name)?;
        Some(union.of.iter().filter_map(|alternative| types::parse(&alternative.value).ok()).collect())
    }

    fn enum_values(&self, name: &str) -> Option<(Vec<String>, bool)> {
        // An enum whose values are broken is reported already; its examples are not checked.
        let enumeration = self.enums.get(name).filter(|enumeration| !enumeration.values.is_empty())?;
        Some((enumeration.values.iter().map(|value| value.wire.value.clone()).collect(), enumeration.integer))
    }
}


#[cfg(test)]
mod tests {
    use super::{is_link, is_semver};

    #[test]
    fn versions_are_semantic_as_cargo_reads_them() {
        for good in ["0.1.0", "1.2.3", "10.20.30", "1.0.0-rc.1", "1.0.0-x-y.7+build.5", "2.0.0+20261129"] {
            assert!(is_semver(good), "{good}");
        }
        for bad in ["", "1", "1.0", "1.0.0.0", "01.0.0", "1.0.0-", "1.0.0+", "1.0.0-a..b", "v1.0.0", "1.0.0 ", "1.x.0", "99999999999999999999.0.0"] {
            assert!(!is_semver(bad), "{bad}");
        }
    }

    #[test]
    fn links_are_http_urls_that_markdown_and_toml_carry_as_they_are() {
        assert!(is_link("https://github.com/example/petshop"));
        for bad in ["https://", "ftp://example.com", "https://exa mple.com", "https://example.com/\"", "https://example.com\\x", "git@example.com:x.git"] {
            assert!(!is_link(bad), "{bad}");
        }
    }
}
