//! Resolve stage: a validated [`crate::ast::Spec`] -> [`crate::ir::Api`]. Applies defaults, turns names into
//! Rust identifiers, resolves type expressions and scheme references, and boxes model fields
//! that would otherwise make a type contain itself.

use crate::ast;
use crate::grammar::TRANSIENT_STATUSES;
use crate::diagnostics::Sink;
use crate::ir::*;
use crate::text;
use crate::names::{Clash, GETTER_TRAIT_METHODS, field_ident, PRELUDE_TYPES, SETTER_TRAIT_METHODS, Scope, camel, shouty, snake};
use crate::types::{self, BUILTIN_TYPES, TypeExpr};
use std::collections::{BTreeMap, BTreeSet};

/// Resolves a spec that passed validation. Problems that validation should have caught are
/// still reported (never a panic), under the path they concern.
pub fn resolve(spec: &ast::Spec, source: &str, sink: &mut Sink) -> Option<Api> {
    let models = spec.models.iter().map(|model| (model.name.value.as_str(), model)).collect();
    let enums = spec.enums.iter().map(|enumeration| enumeration.name.value.as_str()).collect();
    let unions = spec.unions.iter().map(|union| union.name.value.as_str()).collect();
    let mut resolver = Resolver { spec, sink, cycles: model_cycles(spec), models, enums, unions, links: link_targets(spec), aliases: type_aliases(spec) };
    let api = resolver.api(source);
    (!resolver.sink.has_errors()).then_some(api).flatten()
}

struct Resolver<'a> {
    spec: &'a ast::Spec,
    sink: &'a mut Sink,
    /// Pairs (model, field) whose model-typed field closes a cycle and must be boxed.
    cycles: BTreeSet<(String, String)>,
    /// Models by spec name, so resolving stays linear in the spec's size.
    models: BTreeMap<&'a str, &'a ast::Model>,
    /// Enum names.
    enums: BTreeSet<&'a str>,
    /// Union names.
    unions: BTreeSet<&'a str>,
    /// What the spec's text may link to.
    links: text::Links,
    /// Type aliases of deeply nested field types, by (model, field) spec names.
    aliases: BTreeMap<(String, String), String>,
}

impl<'a> Resolver<'a> {
    fn api(&mut self, source: &str) -> Option<Api> {
        let spec = self.spec;
        let mut crate_scopes = CrateScopes::new(&spec.name.as_ref()?.value.replace('-', "_"));
        let auth = spec
            .auth
            .iter()
            .map(|scheme| AuthScheme {
                name: scheme.name.value.clone(),
                static_name: crate_scopes.client_statics.unique(&shouty(&format!("{} auth", scheme.name.value)), "_", &scheme.name.path),
                setter: snake(&scheme.name.value, "credential"),
                doc: self.doc_text(&scheme.doc),
                placement: scheme.placement.clone(),
                alternative: scheme.alternative.clone(),
            })
            .collect();
        let (error_tables, error_kinds) = self.error_tables();
        let models = spec.models.iter().map(|model| self.model(model)).collect::<Option<Vec<_>>>()?;
        let enums = spec
            .enums
            .iter()
            .map(|enumeration| Enum {
                name: camel(&enumeration.name.value, "Enum"),
                doc: self.doc_text(&enumeration.doc),
                variants: enumeration
                    .values
                    .iter()
                    .map(|value| Variant {
                        wire: value.wire.value.clone(),
                        rust: camel(value.name.as_deref().unwrap_or(&value.wire.value), "V"),
                        doc: self.doc_text(&value.doc),
                    })
                    .collect(),
                integer: enumeration.integer,
                gate: Gate::Always,
            })
            .collect();
        let unions = spec.unions.iter().map(|union| self.union(union)).collect::<Option<Vec<_>>>()?;
        let resource_docs: BTreeMap<&str, &Option<String>> = spec.resources.iter().map(|resource| (resource.name.value.as_str(), &resource.doc)).collect();
        let mut resources = Vec::new();
        for group in &spec.endpoint_groups {
            let doc = resource_docs.get(group.resource.value.as_str()).and_then(|doc| self.doc_text(doc));
            let path = &group.resource.path;
            let module = self.claim(&mut crate_scopes.modules, &snake(&group.resource.value, "resource"), "_resource", path, "module name");
            let type_name = self.claim(&mut crate_scopes.types, &handle_name(&group.resource.value), "Resource", path, "type name");
            let accessor = self.claim(&mut crate_scopes.client_methods, &snake(&group.resource.value, "resource"), "_", path, "client method");
            let mut scopes = ResourceScopes::new(&type_name);
            let endpoints =
                group.endpoints.iter().map(|endpoint| self.endpoint(&group.resource.value, endpoint, &mut scopes, &mut crate_scopes)).collect::<Option<Vec<_>>>()?;
            // Mock types live in the `testing` module, where only `MockServer` and the runtime's
            // re-exports are beside them, so they are unique as the handles are.
            let mock_name = camel(&format!("{} mock", group.resource.value), "Resource");
            // The accessor, unless the mock server has a method of that name (`calls`).
            let mock_accessor = crate_scopes.mock_methods.unique(&accessor, "_", path);
            // Every resource has a feature until the reach pass finds the client needs it.
            let feature = Some(module.clone());
            resources.push(Resource { name: group.resource.value.clone(), module, type_name, mock_name, accessor, mock_accessor, feature, doc, endpoints });
        }
        let webhooks = spec
            .webhooks
            .iter()
            .map(|webhook| {
                Some(Webhook {
                    name: webhook.name.value.clone(),
                    type_name: camel(&webhook.name.value, "Webhook"),
                    doc: self.doc_text(&webhook.doc),
                    payload: self.ty(&webhook.payload, false)?,
                    signature: webhook.signature.clone(),
                    examples: webhook
                        .examples
                        .iter()
                        .enumerate()
                        .map(|(index, example)| WebhookExample {
                            test_name: crate_scopes.tests.unique(&snake(&format!("webhook {} example {}", webhook.name.value, index + 1), "webhook"), "_", &example.path),
                            payload: example.value.clone(),
                        })
                        .collect(),
                    form: webhook.form,
                    json_fields: webhook.json_fields.clone(),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let oauth = match spec.auth.iter().find_map(|scheme| scheme.oauth2.as_ref().map(|oauth2| (scheme, oauth2))) {
            None => None,
            Some((scheme, oauth2)) => {
                let variants = |list: &Vec<crate::ast::Spanned<String>>| list.iter().map(|name| (name.value.clone(), camel(&name.value, "V"))).collect();
                Some(OAuth {
                    token_setter: snake(&scheme.name.value, "credential"),
                    authorize_url: oauth2.authorize_url.clone(),
                    token_url: oauth2.token_url.clone(),
                    revoke_url: oauth2.revoke_url.clone(),
                    client_basic: oauth2.client_auth != "body",
                    token_response: self.ty(&oauth2.token_response, false)?,
                    authorize_params: oauth2.authorize_params.iter().map(|param| (param.value.clone(), snake(&param.value, "param"))).collect(),
                    scopes: oauth2.scopes.as_ref().map(|scopes| ScopeFormat {
                        separator: scopes.separator.clone(),
                        values: variants(&scopes.values),
                        groups: variants(&scopes.groups),
                        permissions: variants(&scopes.permissions),
                    }),
                    example: oauth2.example.as_ref().map(|(code, response)| (code.clone(), response.value.clone()))?,
                })
            }
        };
        let session = spec.auth.iter().enumerate().find_map(|(index, scheme)| scheme.session.as_ref().map(|session| (index, session))).map(|(scheme, session)| {
            let renew = session.renew.as_ref().and_then(|renew| renew.value.split_once('.')).map(|(resource, endpoint)| {
                (snake(resource, "resource"), shouty(endpoint))
            });
            SessionIr {
                scheme,
                token: split_path(&session.token),
                user_id: session.user_id.as_deref().map(split_path),
                renew,
                renew_field: session.renew_field.clone(),
                expired: session.expired.clone(),
            }
        });
        let sensitive_members = sensitive_members(&models, session.as_ref());
        let default_auth = spec.defaults.auth.iter().flatten().filter_map(|name| spec.auth.iter().position(|scheme| scheme.name.value == name.value)).collect();
        let default_error_table = spec.defaults.errors.as_ref().and_then(|name| spec.errors.iter().position(|table| table.name.value == name.value)).unwrap_or(0);
        let mut api = Api {
            source: source.to_owned(),
            crate_name: spec.name.as_ref()?.value.clone(),
            title: text::line(spec.title.as_deref()?),
            description: self.doc_text(&spec.description),
            api_version: spec.api_version.as_deref().map(text::line).filter(|version| !version.is_empty()),
            docs_url: spec.docs_url.clone(),
            package: package(&spec.package),
            base_url: spec.base_url.as_ref()?.value.clone(),
            base_url_params: crate::text::base_url_placeholders(&spec.base_url.as_ref()?.value).into_iter().map(str::to_owned).collect(),
            auth,
            retry: spec.retry.clone(),
            rate_limits: spec.rate_limits.clone(),
            method_override: spec.method_override.clone(),
            headers: constant_headers(&spec.headers),
            idempotency: spec.idempotency.clone(),
            follow_redirects: spec.follow_redirects,
            error_tables,
            error_kinds,
            models,
            enums,
            unions,
            resources,
            webhooks,
            oauth,
            session,
            default_auth,
            default_error_table,
            sensitive_members,
            pagination_statics: crate_scopes.paginations,
            envelope_statics: crate_scopes.envelopes.into_iter().map(|(_, envelope)| EnvelopeStatic { envelope, gate: Gate::Always }).collect(),
        };
        crate::reach::assign_features(&mut api);
        Some(api)
    }

    /// A spec's free text, made safe for rustdoc and READMEs ([`text::markdown`]).
    fn doc_text(&self, doc: &Option<String>) -> Option<String> {
        doc.as_deref().and_then(|doc| text::markdown(doc, &self.links))
    }

    fn error_tables(&mut self) -> (Vec<ErrorTable>, Vec<ErrorKind>) {
        let mut kinds: Vec<ErrorKind> = Vec::new();
        let links = &self.links;
        let mut kind_index = |entry_kind: &str, doc: &Option<String>, (retryable, unprocessed): (bool, bool)| -> usize {
            if let Some(index) = kinds.iter().position(|kind| kind.name == entry_kind) {
                return index;
            }
            kinds.push(ErrorKind { name: entry_kind.to_owned(), variant: camel(entry_kind, "Kind"), doc: doc.as_deref().and_then(|doc| text::markdown(doc, links)), retryable, unprocessed });
            kinds.len() - 1
        };
        let mut tables = Vec::new();
        let mut statics = Scope::new([]);
        for table in &self.spec.errors {
            let static_name = statics.unique(&shouty(&format!("{} errors", table.name.value)), "_", &table.name.path);
            let statuses: Vec<StatusEntry> = table
                .statuses
                .iter()
                .map(|entry| StatusEntry {
                    key: entry.key,
                    kind: kind_index(&entry.kind.value, &entry.doc, (entry.retryable, entry.unprocessed)),
                    http_default: false,
                    // Named kinds may be declared in a later table: resolved once all are known.
                    retry_after_kind: None,
                })
                .collect();
            let codes = table.codes.iter().map(|entry| (entry.key.clone(), kind_index(&entry.kind.value, &entry.doc, (entry.retryable, entry.unprocessed)))).collect();
            tables.push(ErrorTable {
                name: table.name.value.clone(),
                static_name,
                message: table.message.iter().map(|path| split_path(path)).collect(),
                code: table.code.iter().map(|path| split_path(path)).collect(),
                field_errors: table.field_errors.as_ref().map(|fields| FieldErrors {
                    list: split_path(&fields.list),
                    field: fields.field.clone(),
                    message: fields.message.clone(),
                    code: fields.code.clone(),
                }),
                request_id_header: table.request_id_header.clone(),
                statuses,
                codes,
                model: table.model.as_ref().map(|model| camel(&model.value, "Model")),
                gate: Gate::Always,
            });
        }
        if tables.is_empty() {
            // Without a table every error is `Other`, but for HTTP's transient statuses.
            tables.push(ErrorTable {
                name: "default".to_owned(),
                static_name: "ERRORS".to_owned(),
                message: Vec::new(),
                code: Vec::new(),
                field_errors: None,
                request_id_header: None,
                statuses: Vec::new(),
                codes: Vec::new(),
                model: None,
                gate: Gate::Always,
            });
        }
        add_transient_statuses(&mut tables, &mut kinds);
        for (table, spec_table) in tables.iter_mut().zip(&self.spec.errors) {
            for (entry, spec_entry) in table.statuses.iter_mut().zip(&spec_table.statuses) {
                entry.retry_after_kind = spec_entry.with_retry_after.as_ref().map(|name| kind_named(&mut kinds, &name.value));
            }
        }
        for table in &mut tables {
            // Exact statuses win over classes; the generated `match` lists them first.
            table.statuses.sort_by_key(|entry| entry.key);
        }
        (tables, kinds)
    }

    fn model(&mut self, model: &ast::Model) -> Option<Model> {
        let name = camel(&model.name.value, "Model");
        // The model's methods: `new`, a setter per optional field and a `clear_*` per optional
        // nullable one, none shadowing a method of the traits models implement.
        let mut methods = Scope::new(MODEL_METHODS.iter().chain(SETTER_TRAIT_METHODS).chain(GETTER_TRAIT_METHODS).copied());
        let fields = model
            .fields
            .iter()
            .map(|field| {
                let boxed = self.cycles.contains(&(model.name.value.clone(), field.wire.value.clone()));
                let rust = field_ident(&field.wire.value, field.rust_name.as_ref().map(|name| name.value.as_str()), "field");
                let (setter, clear) = if field.required {
                    (None, None)
                } else {
                    let setter = methods.unique(&rust, "_value", &field.wire.path);
                    let clear = field.nullable.then(|| methods.unique(&format!("clear_{rust}"), "_value", &field.wire.path));
                    (Some(setter), clear)
                };
                Some(Field {
                    alias: self.aliases.get(&(model.name.value.clone(), field.wire.value.clone())).cloned(),
                    wire: field.wire.value.clone(),
                    rust,
                    setter,
                    clear,
                    doc: self.doc_text(&field.doc),
                    ty: self.ty(&field.ty, boxed)?,
                    required: field.required,
                    nullable: field.nullable,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Model { name, doc: self.doc_text(&model.doc), fields, gate: Gate::Always })
    }

    fn ty(&mut self, text: &ast::Spanned<String>, boxed: bool) -> Option<Type> {
        match types::parse(&text.value) {
            Ok(expr) => self.expr(&expr, boxed, &text.path),
            Err(message) => {
                self.sink.error(&text.path, message);
                None
            }
        }
    }

    /// A union: each alternative a variant named after its type. Model alternatives are boxed,
    /// so a model may hold a union of itself and the union stays small.
    fn union(&mut self, union: &ast::Union) -> Option<Union> {
        let mut variants = Vec::new();
        for alternative in &union.of {
            let expr = match types::parse(&alternative.value) {
                Ok(expr) => expr,
                Err(message) => {
                    self.sink.error(&alternative.path, message);
                    return None;
                }
            };
            let ty = self.expr(&expr, true, &alternative.path)?;
            variants.push(UnionVariant { name: crate::names::union_variant(&expr), described: expr.to_string(), ty });
        }
        Some(Union { name: camel(&union.name.value, "Union"), doc: self.doc_text(&union.doc), variants, gate: Gate::Always })
    }

    fn expr(&mut self, expr: &TypeExpr, boxed: bool, path: &str) -> Option<Type> {
        Some(match expr {
            TypeExpr::Builtin("string") => Type::String,
            TypeExpr::Builtin("integer") => Type::Integer,
            TypeExpr::Builtin("number") => Type::Number,
            TypeExpr::Builtin("boolean") => Type::Boolean,
            TypeExpr::Builtin("any") => Type::Any,
            TypeExpr::Builtin("file") => Type::File,
            TypeExpr::Builtin(name) if Scalar::from_builtin(name).is_some() => Type::Scalar(Scalar::from_builtin(name)?),
            TypeExpr::Builtin(other) => {
                self.sink.error(path, format!("built-in type `{other}` has no Rust mapping"));
                return None;
            }
            TypeExpr::Named(name) if self.models.contains_key(name.as_str()) => {
                Type::Model { name: camel(name, "Model"), boxed }
            }
            TypeExpr::Named(name) if self.enums.contains(name.as_str()) => Type::Enum(camel(name, "Enum")),
            TypeExpr::Named(name) if self.unions.contains(name.as_str()) => Type::Union(camel(name, "Union")),
            TypeExpr::Named(name) => {
                self.sink.error(path, format!("unknown type `{name}`"));
                return None;
            }
            TypeExpr::List(inner) => Type::List(Box::new(self.expr(inner, false, path)?)),
            TypeExpr::Map(inner) => Type::Map(Box::new(self.expr(inner, false, path)?)),
        })
    }

    /// Gives `ident` to the spec name at `path` in `scope` (see [`Scope::claim`]); a clash with
    /// another spec name is reported naming both, and the identifier is kept so resolving goes on.
    fn claim(&mut self, scope: &mut Scope, ident: &str, suffix: &str, path: &str, what: &str) -> String {
        match scope.claim(ident, suffix, path) {
            Ok(ident) => ident,
            Err(clash) => self.report_clash(&clash, path, what),
        }
    }

    /// Reports two spec names that become one identifier, naming both; returns the identifier
    /// so resolving goes on.
    fn report_clash(&mut self, clash: &Clash, path: &str, what: &str) -> String {
        self.sink.error_with_help(
            path,
            format!("this name becomes the {what} `{}`, as `{}` does", clash.ident, clash.first),
            Some("rename one of them, or give one a `rust_name`".to_owned()),
        );
        clash.ident.clone()
    }

    fn endpoint(&mut self, resource_name: &str, endpoint: &ast::Endpoint, scopes: &mut ResourceScopes, crate_scopes: &mut CrateScopes) -> Option<Endpoint> {
        let spec = self.spec;
        let method = endpoint.method.as_ref()?.value;
        let path = &endpoint.name.path;
        let fn_name = self.claim(&mut scopes.handle_methods, &snake(&endpoint.name.value, "call"), "_", path, "method name");
        let builder = self.claim(&mut scopes.types, &camel(&format!("{} request", endpoint.name.value), "CallRequest"), "Builder", path, "type name");
        let const_name = scopes.statics.unique(&shouty(&endpoint.name.value), "_", path);
        let raw_body = endpoint.body.as_ref().is_some_and(|body| body.value == "bytes");
        let is_value_body = endpoint.body.as_ref().is_some_and(|body| body.value.starts_with("list<") || body.value.starts_with("map<"));
        // The builder's fields, and its methods: an optional parameter's setter is named like
        // its field, so it needs a name free in both.
        let mut fields = Scope::new(["client", "options"]);
        let mut methods = Scope::new(BUILDER_METHODS.iter().chain(SETTER_TRAIT_METHODS).copied());
        if endpoint.body.is_some() && !raw_body {
            fields.reserve("body");
        }
        if raw_body {
            fields.reserve("content_type");
            fields.reserve("data");
        }
        let page_size = page_size(spec, endpoint);
        let mut params = Vec::new();
        for param in &endpoint.params {
            let ident = field_ident(&param.wire.value, param.rust_name.as_ref().map(|name| name.value.as_str()), "param");
            let path = &param.wire.path;
            let rust = if param.required {
                self.claim(&mut fields, &ident, "_", path, "request builder field")
            } else {
                match fields.claim_in_both(&mut methods, &ident, "_", path) {
                    Ok(ident) => ident,
                    Err(clash) => self.report_clash(&clash, path, "request builder method"),
                }
            };
            let is_page_size = param.location == ParamIn::Query && page_size.as_ref().is_some_and(|size| size.param == PageParam::Query(param.wire.value.clone()));
            params.push(Some(Param {
                wire: param.wire.value.clone(),
                rust,
                location: param.location,
                ty: if is_page_size { Type::PageSize } else { self.ty(&param.ty, false)? },
                doc: self.doc_text(&param.doc),
                required: param.required,
                style: param.style,
            }));
        }
        let params = params.into_iter().collect::<Option<Vec<_>>>()?;
        let value_body = match endpoint.body.as_ref().filter(|_| is_value_body) {
            Some(body) => Some(self.ty(body, false)?),
            None => None,
        };
        let body = match &endpoint.body {
            None => None,
            Some(_) if raw_body || value_body.is_some() => None,
            Some(name) => {
                let model = *self.models.get(name.value.as_str())?;
                let fields = self.model(model)?.fields;
                let mut setters = Vec::new();
                for (field, ast_field) in fields.iter().zip(&model.fields).filter(|(field, _)| !field.required) {
                    let path = &ast_field.wire.path;
                    let setter = self.claim(&mut methods, &field.rust, "_", path, "request builder method");
                    let clear = (field.nullable).then(|| self.claim(&mut methods, &snake(&format!("clear {}", field.rust), "clear"), "_", path, "request builder method"));
                    setters.push(BodySetter { field: field.rust.clone(), setter, clear });
                }
                let required = fields.iter().filter(|field| field.required).count() + params.iter().filter(|param| param.required).count();
                // Past clippy's limit of seven arguments, the caller builds the model instead.
                let whole = required > MAX_SPREAD_ARGUMENTS;
                Some(Body { model: camel(&model.name.value, "Model"), fields, setters, whole })
            }
        };
        let response = match (&endpoint.response, &endpoint.pagination) {
            (None, _) => Response::Empty,
            (Some(ty), None) if ty.value == "bytes" => Response::Bytes,
            (Some(ty), None) if ty.value == "stream" => Response::Stream,
            (Some(ty), None) => Response::Json(self.ty(ty, false)?),
            (Some(ty), Some(usage)) => {
                let scheme = spec.pagination.iter().find(|scheme| scheme.name.value == usage.scheme.value)?;
                let pagination = pagination(scheme, usage);
                let static_name = crate_scopes.pagination_static(&pagination, &scheme.name.value, &usage.scheme.path);
                Response::Paged { item: self.ty(ty, false)?, pagination, static_name }
            }
        };
        let auth_names: Vec<&str> = match (&endpoint.auth, &spec.defaults.auth) {
            (Some(names), _) | (None, Some(names)) => names.iter().map(|name| name.value.as_str()).collect(),
            (None, None) => Vec::new(),
        };
        let auth = auth_names.iter().map(|name| spec.auth.iter().position(|scheme| scheme.name.value == *name)).collect::<Option<Vec<_>>>()?;
        let error_table = match endpoint.errors.as_ref().or(spec.defaults.errors.as_ref()) {
            Some(name) => spec.errors.iter().position(|table| table.name.value == name.value)?,
            None => 0,
        };
        let envelope_name = match &endpoint.envelope {
            Some(choice) => choice.value.clone(),
            None => spec.defaults.envelope.as_ref().map(|name| name.value.clone()),
        };
        let envelope = match envelope_name {
            // Raw responses are not JSON, so there is nothing to unwrap.
            _ if matches!(response, Response::Bytes) => None,
            None => None,
            Some(name) => {
                let envelope = spec.envelopes.iter().find(|envelope| envelope.name.value == name)?;
                Some(crate_scopes.envelope(&name, &envelope.name.path, |static_name| Envelope {
                    static_name,
                    data: split_path(&envelope.data),
                    success: envelope.success.as_ref().map(|(field, literal, optional)| (split_path(field), literal.clone(), *optional)),
                    request: envelope.request.clone(),
                }))
            }
        };
        let examples = endpoint
            .examples
            .iter()
            .enumerate()
            .map(|(index, example)| {
                let label = example.name.as_ref().map_or_else(|| format!("example {}", index + 1), |name| name.value.clone());
                let test_name = snake(&format!("{resource_name} {} {label}", endpoint.name.value), "example");
                Example {
                    test_name: crate_scopes.tests.unique(&test_name, "_", &example.path),
                    doc: self.doc_text(&example.doc),
                    params: example
                        .params
                        .iter()
                        .filter_map(|(name, value)| endpoint.params.iter().position(|param| param.wire.value == name.value).map(|index| (index, value.clone())))
                        .collect(),
                    body: example.body.as_ref().map(|body| body.value.clone()),
                    content_type: example.content_type.clone(),
                    status: example.status,
                    response_headers: example.response_headers.clone(),
                    response_body: example.response_body.as_ref().map(|body| body.value.clone()),
                }
            })
            .collect();
        let starts_session = spec.auth.iter().filter_map(|scheme| scheme.session.as_ref()).any(|session| {
            session.login.iter().any(|login| login.value.split_once('.') == Some((resource_name, endpoint.name.value.as_str())))
        });
        Some(Endpoint {
            starts_session,
            name: endpoint.name.value.clone(),
            fn_name,
            builder,
            const_name,
            doc: self.doc_text(&endpoint.doc),
            method,
            path: endpoint.path.as_ref()?.value.clone(),
            params,
            body,
            raw_body,
            form_body: endpoint.body_encoding.or(spec.defaults.body_encoding) == Some(ast::BodyEncoding::Form),
            multipart: endpoint.body_encoding.or(spec.defaults.body_encoding) == Some(ast::BodyEncoding::Multipart),
            form_brackets: endpoint.form_brackets.or(spec.defaults.form_brackets).unwrap_or(false),
            value_body,
            response,
            page_size,
            auth,
            envelope,
            error_table,
            idempotent: endpoint.idempotent.unwrap_or(method.is_idempotent()),
            headers: constant_headers(&endpoint.headers),
            examples,
        })
    }
}

/// Constant headers as the emitter needs them.
/// The package metadata, defaults applied.
fn package(package: &ast::Package) -> Package {
    let texts = |list: &[ast::Spanned<String>]| list.iter().map(|item| item.value.clone()).collect();
    Package {
        version: package.version.as_ref().map_or("0.1.0", |version| &version.value).to_owned(),
        publish: package.publish.unwrap_or(false),
        license: package.license.as_ref().map_or("MIT OR Apache-2.0", |license| &license.value).to_owned(),
        repository: package.repository.as_ref().map(|url| url.value.clone()),
        keywords: texts(&package.keywords),
        categories: texts(&package.categories),
    }
}

fn constant_headers(headers: &[crate::ast::ConstantHeader]) -> Vec<ConstantHeader> {
    headers
        .iter()
        .map(|header| ConstantHeader {
            name: header.name.value.clone(),
            value: header.value.value.clone(),
            setter: header.setter.as_ref().map(|setter| setter.value.clone()),
            doc: header.doc.as_deref().map(text::line).filter(|doc| !doc.is_empty()),
        })
        .collect()
}

/// The generated crate's scopes that hold names from every resource.
struct CrateScopes {
    /// Modules at the crate root.
    modules: Scope,
    /// Types at the crate root, and in resource modules (a handle type is in both).
    types: Scope,
    /// Methods of `Client`.
    client_methods: Scope,
    /// Methods of the mock server.
    mock_methods: Scope,
    /// Test functions in `tests/examples.rs`.
    tests: Scope,
    /// Statics of `client.rs`: auth schemes, pagination styles, envelopes.
    client_statics: Scope,
    /// The pagination statics named so far, so endpoints that page alike share one.
    paginations: Vec<PaginationStatic>,
    /// The envelopes used so far, by their spec names.
    envelopes: Vec<(String, Envelope)>,
}

/// What the crate root and resource modules name themselves: modules, the client's types and
/// re-exports, what resource modules import, and the crate's own name and dependencies.
const CRATE_MODULES: &[&str] = &[
    "client", "error", "models", "oauth", "webhooks", "testing", "interceptor", "transport", "serde_json", "lib", "main", "apigen_runtime", "std", "core", "alloc",
    // The crate's other cargo features: a resource's feature is its module's name.
    "default", "rustls", "chrono", "time", "jiff", "rust_decimal", crate::ir::ANY_RESOURCE_FEATURE,
];
const CRATE_TYPES: &[&str] = &[
    "Client", "ClientBuilder", "Error", "ErrorKind", "ApiError", "DecodeError", "ErrorReport", "FieldError", "ScalarError", "Interceptor", "Page", "PerCallOptions", "RateLimit", "Response", "ResponseMeta", "RetryPolicy", "Secret", "SendWithResponse", "Transport", "Condition", "Order", "Stream", "StreamExt", "TryStreamExt",
    "Method", "Endpoint", "InvalidArgument", "Request", "Pagination", "PageSize", "Envelope", "JsonLiteral", "RequestWrap", "SuccessFlag", "ByteStream",
];
const CLIENT_METHODS: &[&str] = &["builder", "core", "with_retry_policy", "session", "set_session", "raw"];
/// Methods of the mock server (`testing::MockServer`), beside which its resource accessors are.
const MOCK_SERVER_METHODS: &[&str] = &["start", "uri", "client", "client_builder", "calls", "expire_session_once"];
/// Methods of every model, and methods of the traits models implement that a setter of the same
/// name would shadow.
const MODEL_METHODS: &[&str] = &["new", "clone_from", "fmt", "eq", "ne", "serialize", "default", "to_owned", "clone_into", "borrow", "borrow_mut", "type_id"];
/// Methods of every request builder.
const BUILDER_METHODS: &[&str] = &["new", "send", "pages", "stream", "request", "send_with_response", "call_parts"];
/// What `client.rs` declares besides the spec's auth schemes, pagination styles and envelopes.
const CLIENT_STATICS: &[&str] = &["API", "RAW", "SESSION"];
/// Functions `tests/examples.rs` declares besides the tests.
const TEST_HELPERS: &[&str] = &["client_for", "recorded", "main", "oauth_code_exchange", "oauth_authorize_url"];
/// Fields whose types nest this many `list<>`/`map<>` levels get a type alias.
const ALIASED_NESTING: usize = 3;
/// More required arguments than this, and a body's model is taken whole.
const MAX_SPREAD_ARGUMENTS: usize = 7;

impl CrateScopes {
    fn new(lib_name: &str) -> Self {
        let scalar_names = BUILTIN_TYPES.iter().filter_map(|(name, _)| Scalar::from_builtin(name)).map(Scalar::rust_name);
        Self {
            modules: Scope::new(CRATE_MODULES.iter().copied().chain([lib_name])),
            types: Scope::new(CRATE_TYPES.iter().chain(PRELUDE_TYPES).copied().chain(scalar_names)),
            client_methods: Scope::new(CLIENT_METHODS.iter().chain(GETTER_TRAIT_METHODS).copied()),
            mock_methods: Scope::new(MOCK_SERVER_METHODS.iter().chain(GETTER_TRAIT_METHODS).copied()),
            tests: Scope::new(TEST_HELPERS.iter().copied()),
            client_statics: Scope::new(CLIENT_STATICS.iter().copied()),
            paginations: Vec::new(),
            envelopes: Vec::new(),
        }
    }

    /// The static of `pagination`, a use of the scheme named `scheme` at `path`: the one already
    /// named for an equal style, else a new one named from the scheme.
    fn pagination_static(&mut self, pagination: &Pagination, scheme: &str, path: &str) -> String {
        if let Some(known) = self.paginations.iter().find(|known| known.pagination == *pagination) {
            return known.static_name.clone();
        }
        let static_name = self.client_statics.unique(&shouty(&format!("{scheme} pagination")), "_", path);
        self.paginations.push(PaginationStatic { static_name: static_name.clone(), pagination: pagination.clone(), gate: Gate::Always });
        static_name
    }

    /// The envelope the spec names `envelope` (declared at `path`): the one already resolved, else
    /// `resolve` given the name of its new static.
    fn envelope(&mut self, envelope: &str, path: &str, resolve: impl FnOnce(String) -> Envelope) -> Envelope {
        if let Some((_, known)) = self.envelopes.iter().find(|(name, _)| name == envelope) {
            return known.clone();
        }
        let resolved = resolve(self.client_statics.unique(&shouty(&format!("{envelope} envelope")), "_", path));
        self.envelopes.push((envelope.to_owned(), resolved.clone()));
        resolved
    }
}

/// One resource module's scopes.
struct ResourceScopes {
    /// Types: the handle, the request builders, and what the module imports.
    types: Scope,
    /// Methods of the handle.
    handle_methods: Scope,
    /// The endpoints' statics.
    statics: Scope,
}

impl ResourceScopes {
    fn new(handle: &str) -> Self {
        Self {
            types: Scope::new(CRATE_TYPES.iter().chain(PRELUDE_TYPES).copied().chain([handle])),
            handle_methods: Scope::new(["new", "client"].iter().chain(GETTER_TRAIT_METHODS).copied()),
            statics: Scope::new([]),
        }
    }
}

/// Names for the types of model fields nested [`ALIASED_NESTING`] levels deep or more, unique
/// among the types of `models.rs` (models, enums, what it imports).
fn type_aliases(spec: &ast::Spec) -> BTreeMap<(String, String), String> {
    const MODELS_IMPORTS: &[&str] = &["Serialize", "Serializer", "Deserialize", "Deserializer", "MapAccess", "ObjectFields", "ObjectWriter"];
    let declared = spec
        .models
        .iter()
        .map(|model| camel(&model.name.value, "Model"))
        .chain(spec.enums.iter().map(|enumeration| camel(&enumeration.name.value, "Enum")))
        .chain(spec.unions.iter().map(|union| camel(&union.name.value, "Union")));
    let mut scope = Scope::new(MODELS_IMPORTS.iter().chain(PRELUDE_TYPES).copied());
    for name in declared {
        scope.reserve(&name);
    }
    let mut aliases = BTreeMap::new();
    for model in &spec.models {
        for field in &model.fields {
            if types::parse(&field.ty.value).is_ok_and(|ty| ty.container_depth() >= ALIASED_NESTING) {
                let name = scope.unique(&camel(&format!("{} {}", model.name.value, field.wire.value), "Alias"), "Type", &field.ty.path);
                aliases.insert((model.name.value.clone(), field.wire.value.clone()), name);
            }
        }
    }
    aliases
}

/// The type of a resource's handle: `OrdersApi` for `orders`. The suffix keeps handles apart from
/// models, which are named as the spec names them (`Location` the model, `LocationApi` the
/// handle of the `location` resource).
fn handle_name(resource: &str) -> String {
    camel(&format!("{resource} api"), "Resource")
}

/// The crate items a spec's text may link to: the client and its builder, the error types,
/// resource handles and modules, models and enums (under `models`), the scalars the spec uses,
/// and the OAuth and webhook modules.
fn link_targets(spec: &ast::Spec) -> text::Links {
    let mut links = text::Links::default();
    for name in ["Client", "ClientBuilder", "Error", "ErrorKind", "Page", "RetryPolicy", "RateLimit", "Secret", "models", "error"] {
        links.add(name, format!("crate::{name}"));
    }
    for group in &spec.endpoint_groups {
        let handle = handle_name(&group.resource.value);
        let module = snake(&group.resource.value, "resource");
        links.add(&handle, format!("crate::{handle}"));
        links.add(&module, format!("crate::{module}"));
    }
    let types = spec
        .models
        .iter()
        .map(|model| camel(&model.name.value, "Model"))
        .chain(spec.enums.iter().map(|enumeration| camel(&enumeration.name.value, "Enum")))
        .chain(spec.unions.iter().map(|union| camel(&union.name.value, "Union")));
    for name in types {
        links.add(&name, format!("crate::models::{name}"));
    }
    // A resource's name links to its handle (`Users::login` to `UsersApi::login`), unless a model
    // has that name.
    for group in &spec.endpoint_groups {
        links.add(&camel(&group.resource.value, "Resource"), format!("crate::{}", handle_name(&group.resource.value)));
    }
    let type_texts = spec
        .models
        .iter()
        .flat_map(|model| model.fields.iter().map(|field| &field.ty.value))
        .chain(spec.endpoint_groups.iter().flat_map(|group| &group.endpoints).flat_map(|endpoint| endpoint.params.iter().map(|param| &param.ty.value)));
    for ty in type_texts {
        for builtin in types::parse(ty).map(|parsed| parsed.builtins()).unwrap_or_default() {
            if let Some(scalar) = Scalar::from_builtin(builtin) {
                links.add(scalar.rust_name(), format!("crate::{}", scalar.rust_name()));
            }
        }
    }
    if spec.auth.iter().any(|scheme| scheme.oauth2.is_some()) {
        links.add("oauth", "crate::oauth".to_owned());
    }
    if !spec.webhooks.is_empty() {
        links.add("webhooks", "crate::webhooks".to_owned());
    }
    links
}



/// Adds to every table the transient statuses it leaves out. The kind is the one another table
/// of the spec gives that status (the provider's own name for it), else the built-in kind of that
/// name (a spec kind of the same name if there is one). A table entry, even a class such as
/// `5xx`, refines the default.
fn add_transient_statuses(tables: &mut [ErrorTable], kinds: &mut Vec<ErrorKind>) {
    for &(status, name, doc, unprocessed) in TRANSIENT_STATUSES {
        let covers = |entry: &StatusEntry| match entry.key {
            StatusKey::Exact(exact) => exact == status,
            StatusKey::Class(class) => class == status / 100,
        };
        if tables.iter().all(|table| table.statuses.iter().any(covers)) {
            continue;
        }
        let listed = tables.iter().flat_map(|table| &table.statuses).find(|entry| entry.key == StatusKey::Exact(status)).map(|entry| entry.kind);
        let variant = camel(name, "Kind");
        let kind = listed.or_else(|| kinds.iter().position(|kind| kind.variant == variant)).unwrap_or_else(|| {
            kinds.push(ErrorKind { name: name.to_owned(), variant, doc: Some(doc.to_owned()), retryable: true, unprocessed });
            kinds.len() - 1
        });
        for table in tables.iter_mut().filter(|table| !table.statuses.iter().any(covers)) {
            table.statuses.push(StatusEntry { key: StatusKey::Exact(status), kind, http_default: true, retry_after_kind: None });
        }
    }
}

/// The index of the kind named `name`: a kind of the spec's tables, or one of HTTP's transient
/// kinds (`rate_limited`), added if no table gave it.
fn kind_named(kinds: &mut Vec<ErrorKind>, name: &str) -> usize {
    if let Some(index) = kinds.iter().position(|kind| kind.name == name) {
        return index;
    }
    let (doc, unprocessed) = TRANSIENT_STATUSES.iter().find(|(_, transient, ..)| *transient == name).map_or((None, false), |(_, _, doc, unprocessed)| (Some((*doc).to_owned()), *unprocessed));
    kinds.push(ErrorKind { name: name.to_owned(), variant: camel(name, "Kind"), doc, retryable: true, unprocessed });
    kinds.len() - 1
}

/// The JSON names of members holding credentials: model fields of type `secret`, and the
/// member a login session's token is read from.
fn sensitive_members(models: &[Model], session: Option<&SessionIr>) -> Vec<String> {
    let fields = models.iter().flat_map(|model| &model.fields).filter(|field| field.ty.holds_secret()).map(|field| field.wire.clone());
    let token = session.and_then(|session| session.token.last().cloned());
    let mut names: Vec<String> = Vec::new();
    for name in fields.chain(token) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The page-size parameter of a paginated endpoint and the largest size
/// ([`ast::PaginationScheme::page_size_param`]): where the scheme's parameters go, an `integer`
/// query parameter the endpoint declares, or a member of its body model.
fn page_size(spec: &ast::Spec, endpoint: &ast::Endpoint) -> Option<PageSize> {
    let usage = endpoint.pagination.as_ref()?;
    let scheme = spec.pagination.iter().find(|scheme| scheme.name.value == usage.scheme.value)?;
    let (param, max) = scheme.page_size_param()?;
    let max = u32::try_from(max).unwrap_or(u32::MAX);
    // In the query, only an `integer` parameter the endpoint declares; in the body, the
    // member validation found in the body model.
    let declared = endpoint.params.iter().any(|declared| declared.location == ParamIn::Query && declared.wire.value == param && declared.ty.value == "integer");
    if scheme.params_in == ast::PageParamsIn::Query && !declared {
        return None;
    }
    Some(PageSize { param: page_param(scheme.params_in, param), max })
}

/// The pagination parameter `name`, where the scheme sends its parameters.
fn page_param(place: ast::PageParamsIn, name: &str) -> PageParam {
    match place {
        ast::PageParamsIn::Query => PageParam::Query(name.to_owned()),
        ast::PageParamsIn::Body => PageParam::Body(name.to_owned()),
    }
}

fn pagination(scheme: &ast::PaginationScheme, usage: &ast::PaginationUse) -> Pagination {
    let items = |scheme_items: &str| split_path(usage.items.as_deref().unwrap_or(scheme_items));
    let total = |scheme_total: &Option<String>| usage.total.as_deref().or(scheme_total.as_deref()).map(split_path);
    let param = |name: &String| page_param(scheme.params_in, name);
    match &scheme.style {
        ast::PaginationStyle::NextLink { items: scheme_items, next, total: scheme_total } => {
            Pagination::NextLink { items: items(scheme_items), next: split_path(next), total: total(scheme_total) }
        }
        ast::PaginationStyle::LinkHeader { items: scheme_items, total: scheme_total } => {
            Pagination::LinkHeader { items: items(scheme_items), total: total(scheme_total) }
        }
        ast::PaginationStyle::CursorHeader { items: scheme_items, header, param: name, total: scheme_total } => {
            Pagination::CursorHeader { items: items(scheme_items), header: header.clone(), param: param(name), total: total(scheme_total) }
        }
        ast::PaginationStyle::CursorBody { items: scheme_items, cursor, param: name, total: scheme_total } => {
            Pagination::CursorBody { items: items(scheme_items), cursor: split_path(cursor), param: param(name), total: total(scheme_total) }
        }
        ast::PaginationStyle::LastItem { items: scheme_items, id, param: name, has_more, total: scheme_total } => Pagination::LastItem {
            items: items(scheme_items),
            id: split_path(id),
            param: param(name),
            has_more: split_path(has_more),
            total: total(scheme_total),
        },
        ast::PaginationStyle::PageNumber { items: scheme_items, param: name, first, total_pages, total: scheme_total, size_param } => Pagination::PageNumber {
            items: items(scheme_items),
            param: param(name),
            first: *first,
            total_pages: total_pages.as_deref().map(split_path),
            total: total(scheme_total),
            size_param: size_param.as_ref().map(param),
        },
        ast::PaginationStyle::OffsetLimit { items: scheme_items, offset_param, limit_param, total: scheme_total } => Pagination::OffsetLimit {
            items: items(scheme_items),
            offset_param: param(offset_param),
            limit_param: param(limit_param),
            total: total(scheme_total),
        },
    }
}

/// Model fields (model name, field wire name) that must be boxed: a field whose model type
/// leads back to the field's own model without passing through a list or map.
fn model_cycles(spec: &ast::Spec) -> BTreeSet<(String, String)> {
    let direct: BTreeMap<&str, Vec<(&str, String)>> = spec
        .models
        .iter()
        .map(|model| {
            let edges = model
                .fields
                .iter()
                .filter_map(|field| match types::parse(&field.ty.value) {
                    Ok(TypeExpr::Named(target)) => Some((field.wire.value.as_str(), target)),
                    _ => None,
                })
                .collect();
            (model.name.value.as_str(), edges)
        })
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(current) = stack.pop() {
            if current == to {
                return true;
            }
            if !seen.insert(current.clone()) {
                continue;
            }
            if let Some(edges) = direct.get(current.as_str()) {
                stack.extend(edges.iter().map(|(_, target)| target.clone()));
            }
        }
        false
    };
    let mut boxed = BTreeSet::new();
    for (model, edges) in &direct {
        for (field, target) in edges {
            if reaches(target, model) {
                boxed.insert(((*model).to_owned(), (*field).to_owned()));
            }
        }
    }
    boxed
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, StatusKey};

    const SPEC: &str = r#"
name: petshop
title: Pet Shop
base_url: https://api.example.com/v1
defaults: {auth: [key], errors: standard}
auth:
  key: {type: header, name: X-Api-Key}
errors:
  standard:
    statuses:
      404: {kind: not_found}
      5xx: {kind: server_error}
  other:
    statuses:
      429: {kind: slow_down, retryable: true, unprocessed: true}
models:
  Login:
    fields:
      user: {type: string, required: true}
      password: {type: secret, required: true}
      history: list<secret>
endpoints:
  pets:
    login:
      method: POST
      path: /login
      body: Login
      response: any
      errors: other
      examples:
        - body: {user: ann, password: pw}
          response: {body: {}}
"#;

    fn api(yaml: &str) -> Api {
        crate::check(yaml.as_bytes(), "specs/petshop.yaml").expect("the spec is valid")
    }

    /// The kind names of table `table`'s statuses, as `(status, kind, from HTTP)`.
    fn statuses(api: &Api, table: usize) -> Vec<(String, String, bool)> {
        api.error_tables[table]
            .statuses
            .iter()
            .map(|entry| {
                let key = match entry.key {
                    StatusKey::Exact(status) => status.to_string(),
                    StatusKey::Class(class) => format!("{class}xx"),
                };
                (key, api.error_kinds[entry.kind].name.clone(), entry.http_default)
            })
            .collect()
    }

    #[test]
    fn tables_gain_the_transient_statuses_they_leave_out() {
        let api = api(SPEC);
        let owned = |rows: &[(&str, &str, bool)]| rows.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), *c)).collect::<Vec<_>>();
        // `5xx` refines 502-504 (not retryable, as the spec says); 429 takes the provider's own
        // kind from the other table.
        assert_eq!(statuses(&api, 0), owned(&[("404", "not_found", false), ("429", "slow_down", true), ("5xx", "server_error", false)]));
        assert_eq!(
            statuses(&api, 1),
            owned(&[("429", "slow_down", false), ("502", "bad_gateway", true), ("503", "service_unavailable", true), ("504", "gateway_timeout", true)])
        );
        let kind = |name: &str| api.error_kinds.iter().find(|kind| kind.name == name).expect("the kind exists");
        assert!(kind("bad_gateway").retryable && !kind("bad_gateway").unprocessed);
        assert!(!kind("server_error").retryable);
    }

    #[test]
    fn a_spec_without_error_tables_still_knows_rate_limits() {
        let spec = SPEC.replace("defaults: {auth: [key], errors: standard}", "defaults: {auth: [key]}").replace("      errors: other\n", "");
        let start = spec.find("errors:\n  standard").expect("tables");
        let end = spec.find("models:").expect("models");
        let spec = format!("{}{}", &spec[..start], &spec[end..]);
        let api = api(&spec);
        let rate_limited = api.error_kinds.iter().find(|kind| kind.name == "rate_limited").expect("429 has a kind");
        assert!(rate_limited.retryable && rate_limited.unprocessed);
        assert_eq!(api.error_tables[0].statuses.len(), 4);
    }

    #[test]
    fn secret_fields_are_the_sensitive_members() {
        assert_eq!(api(SPEC).sensitive_members, ["password", "history"]);
    }
}
