//! The draft spec an OpenAPI document becomes: the spec language's parts with the names
//! already chosen, and the notes that become `TODO` comments. [`super::render`] writes it as YAML.

use crate::types::TypeExpr;
use serde_json::Value;

/// A whole draft spec.
#[derive(Debug, Default)]
pub struct Draft {
    /// The document the draft was imported from, as given.
    pub source: String,
    /// Its `openapi` version text.
    pub openapi_version: String,
    /// The crate name.
    pub name: String,
    /// `info.title`.
    pub title: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.version`.
    pub api_version: Option<String>,
    /// `externalDocs.url`, when it is an http(s) link.
    pub docs_url: Option<String>,
    /// The first server's URL, with its variables at their defaults.
    pub base_url: String,
    /// Why `base_url` needs review, when it was made up or changed.
    pub base_url_todo: Option<String>,
    /// The schemes every endpoint uses unless it names its own.
    pub default_auth: Vec<String>,
    /// Auth schemes.
    pub auth: Vec<AuthScheme>,
    /// Models, in the document's order, inline objects after the type that holds them.
    pub models: Vec<Model>,
    /// Enums.
    pub enums: Vec<Enum>,
    /// Unions.
    pub unions: Vec<Union>,
    /// Resources and their endpoints.
    pub resources: Vec<Resource>,
    /// Error statuses the document lists, with their descriptions, for the suggested error table.
    pub error_statuses: Vec<(String, Option<String>)>,
    /// Member names of the documented error bodies, for the suggested table's `message`.
    pub error_members: Vec<String>,
    /// Endpoints whose parameters or responses look paginated, and why.
    pub pagination_hints: Vec<String>,
    /// What the document has that the draft leaves out, one line each.
    pub left_out: Vec<String>,
}

/// An auth scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthScheme {
    /// Its name in the spec (the security scheme's key, as `snake_case`).
    pub name: String,
    /// Where the credential goes.
    pub placement: Placement,
    /// Documentation.
    pub doc: Option<String>,
    /// What to review, when the OpenAPI scheme said more than the placement (an OAuth flow).
    pub todo: Option<String>,
}

/// Where a credential goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    /// A header.
    Header(String),
    /// A query parameter.
    Query(String),
    /// `Authorization: Bearer`.
    Bearer,
    /// `Authorization: Basic`.
    Basic,
}

/// A model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Its spec name.
    pub name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Its fields, in the document's order.
    pub fields: Vec<Field>,
}

/// A model's field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The JSON key.
    pub wire: String,
    /// Its type.
    pub ty: TypeExpr,
    /// Always present.
    pub required: bool,
    /// May be `null`.
    pub nullable: bool,
    /// Documentation.
    pub doc: Option<String>,
    /// The Rust name, where the one made from the key would clash.
    pub rust_name: Option<String>,
    /// `format: binary`: a file part where the model is a multipart body.
    pub binary: bool,
}

/// An enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Its spec name.
    pub name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// Its values.
    pub values: EnumValues,
}

/// The values of an enum.
#[derive(Debug, Clone, PartialEq)]
pub enum EnumValues {
    /// Strings, each with a variant name where the one made from it would clash.
    Text(Vec<(String, Option<String>)>),
    /// Integers, each with its variant name.
    Integer(Vec<(i64, String)>),
}

/// A union.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// Its spec name.
    pub name: String,
    /// Documentation.
    pub doc: Option<String>,
    /// The alternatives, in the order tried.
    pub of: Vec<TypeExpr>,
}

/// A resource and its endpoints.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// Its spec name (`snake_case`).
    pub name: String,
    /// Documentation (the tag's description).
    pub doc: Option<String>,
    /// Endpoints, in the document's order.
    pub endpoints: Vec<Endpoint>,
}

/// An endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// Its spec name (`snake_case`).
    pub name: String,
    /// The operation's id, when it has one and the name differs.
    pub operation_id: Option<String>,
    /// Documentation.
    pub doc: Option<String>,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template.
    pub path: String,
    /// Parameters.
    pub params: Vec<Param>,
    /// Constant headers (a header parameter with a single value).
    pub headers: Vec<(String, String)>,
    /// The request body.
    pub body: Option<Body>,
    /// The success response's type; `None` for no body.
    pub response: Option<ResponseType>,
    /// The success status, when it is an exact one.
    pub status: Option<u16>,
    /// Auth schemes, where they differ from the defaults.
    pub auth: Option<Vec<String>>,
    /// The example call.
    pub example: Option<Example>,
    /// What to review about this endpoint.
    pub todos: Vec<String>,
}

/// What a success response holds.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseType {
    /// JSON of this type.
    Json(TypeExpr),
    /// Raw bytes (a file, an image, text).
    Bytes,
}

/// A parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The wire name.
    pub wire: String,
    /// `path`, `query` or `header`.
    pub location: &'static str,
    /// Its type.
    pub ty: TypeExpr,
    /// Required (path parameters always are).
    pub required: bool,
    /// `csv`, `repeat`, `json` or `brackets`, where not the default.
    pub style: Option<&'static str>,
    /// Documentation.
    pub doc: Option<String>,
    /// The Rust name, where the one made from the wire name would clash.
    pub rust_name: Option<String>,
    /// The document's example value.
    pub example: Option<Value>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A model, or a list or map taken whole, in an encoding (`None`: JSON).
    Typed {
        /// The model's name or the `list<...>`/`map<...>` type.
        ty: TypeExpr,
        /// `form` or `multipart`; `None` for JSON.
        encoding: Option<&'static str>,
    },
    /// Raw bytes.
    Bytes,
}

/// An example call.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Parameter values by wire name.
    pub params: Vec<(String, Value)>,
    /// The body sent.
    pub body: Option<Value>,
    /// The response status.
    pub status: u16,
    /// The response body.
    pub response: Option<Value>,
    /// Whether any part was made up rather than taken from the document.
    pub made_up: bool,
}

impl Draft {
    /// Removes the models, enums and unions no endpoint reaches (through parameters, bodies,
    /// responses, fields and alternatives), which would only be dead code in the crate, and
    /// returns their names.
    pub fn prune_unreachable(&mut self) -> Vec<String> {
        let mut pending: Vec<String> = Vec::new();
        for endpoint in self.resources.iter().flat_map(|resource| &resource.endpoints) {
            let params = endpoint.params.iter().map(|param| &param.ty);
            let body = match &endpoint.body {
                Some(Body::Typed { ty, .. }) => Some(ty),
                _ => None,
            };
            let response = match &endpoint.response {
                Some(ResponseType::Json(ty)) => Some(ty),
                _ => None,
            };
            for ty in params.chain(body).chain(response) {
                pending.extend(ty.names().into_iter().map(str::to_owned));
            }
        }
        let mut reached = std::collections::BTreeSet::new();
        while let Some(name) = pending.pop() {
            if !reached.insert(name.clone()) {
                continue;
            }
            if let Some(model) = self.models.iter().find(|model| model.name == name) {
                pending.extend(model.fields.iter().flat_map(|field| field.ty.names()).map(str::to_owned));
            }
            if let Some(union) = self.unions.iter().find(|union| union.name == name) {
                pending.extend(union.of.iter().flat_map(TypeExpr::names).map(str::to_owned));
            }
        }
        let mut removed = Vec::new();
        let mut keep = |name: &String| {
            let kept = reached.contains(name);
            if !kept {
                removed.push(name.clone());
            }
            kept
        };
        self.models.retain(|model| keep(&model.name));
        self.enums.retain(|enumeration| keep(&enumeration.name));
        self.unions.retain(|union| keep(&union.name));
        removed
    }
}
