//! Which cargo features compile each item, the last step of resolve. A resource's endpoints reach
//! models, enums and unions (through their parameters, bodies and responses, then the fields and
//! alternatives of what they reach), the pagination and envelope statics and the error tables
//! (and those tables' body models). Each item is gated by the features of the resources that
//! reach it, so a crate built with a few resource features compiles only what they use.
//!
//! Items reached from outside the resources (webhook payloads, the OAuth flow, raw requests'
//! error table), or by a resource the client itself calls (the one renewing sessions), are always
//! compiled. An item every resource reaches is compiled with any resource feature
//! ([`Gate::AnyResource`]), and not in a crate built with none.

use crate::ir::{Api, Endpoint, Gate, Response, Type};
use std::collections::{BTreeMap, BTreeSet};

/// Sets each resource's feature and each item's gate in `api`.
pub fn assign_features(api: &mut Api) {
    if let Some((module, _)) = api.session.as_ref().and_then(|session| session.renew.as_ref()) {
        for resource in api.resources.iter_mut().filter(|resource| &resource.module == module) {
            resource.feature = None;
        }
    }
    let reach = Reach::of(api);
    let all = api.resource_features();
    let features: Vec<Option<String>> = api.resources.iter().map(|resource| resource.feature.clone()).collect();
    let gate = |item: Item| reach.gate(&item, &features, &all);
    for model in &mut api.models {
        model.gate = gate(Item::Type(model.name.clone()));
    }
    for enumeration in &mut api.enums {
        enumeration.gate = gate(Item::Type(enumeration.name.clone()));
    }
    for union in &mut api.unions {
        union.gate = gate(Item::Type(union.name.clone()));
    }
    for pagination in &mut api.pagination_statics {
        pagination.gate = gate(Item::Static(pagination.static_name.clone()));
    }
    for envelope in &mut api.envelope_statics {
        envelope.gate = gate(Item::Static(envelope.envelope.static_name.clone()));
    }
    for (index, table) in api.error_tables.iter_mut().enumerate() {
        table.gate = gate(Item::ErrorTable(index));
    }
}

/// Something a resource can reach.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Item {
    /// A model, enum or union, by Rust name.
    Type(String),
    /// A pagination or envelope static, by name.
    Static(String),
    /// An error table, by index.
    ErrorTable(usize),
}

/// Where reaching starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum From {
    /// Outside the resources, or a resource without a feature.
    Always,
    /// The resource at this index.
    Resource(usize),
}

/// Every item with what reaches it.
struct Reach {
    reached_from: BTreeMap<Item, BTreeSet<From>>,
}

impl Reach {
    fn of(api: &Api) -> Reach {
        let children: BTreeMap<&str, Vec<String>> = api
            .models
            .iter()
            .map(|model| (model.name.as_str(), model.fields.iter().flat_map(|field| type_names(&field.ty)).collect()))
            .chain(api.unions.iter().map(|union| (union.name.as_str(), union.variants.iter().flat_map(|variant| type_names(&variant.ty)).collect())))
            .collect();
        let mut roots: BTreeMap<From, Vec<Item>> = BTreeMap::new();
        let always = roots.entry(From::Always).or_default();
        always.extend(api.webhooks.iter().flat_map(|webhook| type_names(&webhook.payload)).map(Item::Type));
        if let Some(oauth) = &api.oauth {
            always.extend(type_names(&oauth.token_response).into_iter().map(Item::Type));
            // The OAuth flow decodes its errors with the first table.
            always.push(Item::ErrorTable(0));
        }
        always.push(Item::ErrorTable(api.default_error_table));
        for (index, resource) in api.resources.iter().enumerate() {
            let from = if resource.feature.is_some() { From::Resource(index) } else { From::Always };
            roots.entry(from).or_default().extend(resource.endpoints.iter().flat_map(endpoint_items));
        }
        let mut reached_from: BTreeMap<Item, BTreeSet<From>> = BTreeMap::new();
        for (from, items) in roots {
            let mut pending = items;
            let mut seen = BTreeSet::new();
            while let Some(item) = pending.pop() {
                if !seen.insert(item.clone()) {
                    continue;
                }
                match &item {
                    Item::Type(name) => pending.extend(children.get(name.as_str()).into_iter().flatten().cloned().map(Item::Type)),
                    Item::ErrorTable(index) => pending.extend(api.error_tables.get(*index).and_then(|table| table.model.clone()).map(Item::Type)),
                    Item::Static(_) => {}
                }
                reached_from.entry(item).or_default().insert(from);
            }
        }
        Reach { reached_from }
    }

    /// The gate of `item`, given each resource's feature and all of them in order. An item
    /// nothing reaches is always compiled, as the spec declares it.
    fn gate(&self, item: &Item, features: &[Option<String>], all: &[String]) -> Gate {
        let Some(reached_from) = self.reached_from.get(item) else { return Gate::Always };
        let gates: Vec<Gate> = reached_from
            .iter()
            .map(|from| match from {
                From::Always => Gate::Always,
                From::Resource(index) => features[*index].clone().map_or(Gate::Always, |feature| Gate::Features(vec![feature])),
            })
            .collect();
        Gate::any_of(&gates, all)
    }
}

/// What an endpoint reaches directly.
fn endpoint_items(endpoint: &Endpoint) -> Vec<Item> {
    let mut items: Vec<Item> = endpoint.params.iter().flat_map(|param| type_names(&param.ty)).map(Item::Type).collect();
    items.extend(endpoint.body.as_ref().map(|body| Item::Type(body.model.clone())));
    items.extend(endpoint.value_body.iter().flat_map(type_names).map(Item::Type));
    match &endpoint.response {
        Response::Json(ty) => items.extend(type_names(ty).into_iter().map(Item::Type)),
        Response::Paged { item, static_name, .. } => {
            items.extend(type_names(item).into_iter().map(Item::Type));
            items.push(Item::Static(static_name.clone()));
        }
        Response::Empty | Response::Bytes | Response::Stream => {}
    }
    items.extend(endpoint.envelope.as_ref().map(|envelope| Item::Static(envelope.static_name.clone())));
    items.push(Item::ErrorTable(endpoint.error_table));
    items
}

/// The models, enums and unions `ty` names.
fn type_names(ty: &Type) -> Vec<String> {
    match ty {
        Type::Model { name, .. } | Type::Enum(name) | Type::Union(name) => vec![name.clone()],
        Type::List(inner) | Type::Map(inner) => type_names(inner),
        Type::String | Type::Integer | Type::PageSize | Type::Number | Type::Boolean | Type::Any | Type::Scalar(_) | Type::File => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, Gate};

    fn api(yaml: &str) -> Api {
        crate::check(yaml.as_bytes(), "reach.yaml").unwrap_or_else(|diagnostics| panic!("{diagnostics}"))
    }

    const SPEC: &str = r#"
name: shop
title: Shop
base_url: https://api.example.com
auth:
  token: {type: bearer}
defaults: {auth: [token], errors: standard}
errors:
  standard:
    message: error
    statuses:
      404: {kind: not_found}
  orders_errors:
    message: detail
    model: OrderError
    statuses:
      409: {kind: conflict}
pagination:
  pages: {style: next_link, items: results, next: next}
enums:
  Status: {values: [open, closed]}
  Color: {values: [red, blue]}
models:
  Order:
    fields:
      id: {type: string, required: true}
      lines: {type: list<Line>}
  Line:
    fields:
      sku: {type: string, required: true}
      status: {type: Status}
  OrderError:
    fields:
      detail: {type: string}
  Customer:
    fields:
      id: {type: string, required: true}
      status: {type: Status}
  Paint:
    fields:
      color: {type: Color}
  Unused:
    fields:
      x: {type: string}
webhooks:
  painted:
    payload: Paint
    examples: [{color: red}]
endpoints:
  orders:
    list:
      method: GET
      path: /orders
      pagination: pages
      response: Order
      errors: orders_errors
  customers:
    get:
      method: GET
      path: /customers/{id}
      params:
        id: {in: path, type: string}
      response: Customer
  colors:
    get:
      method: GET
      path: /colors
      response: Color
"#;

    fn features(names: &[&str]) -> Gate {
        Gate::Features(names.iter().map(|name| (*name).to_owned()).collect())
    }

    #[test]
    fn items_are_gated_by_the_resources_that_reach_them() {
        let api = api(SPEC);
        assert_eq!(api.resource_features(), ["orders", "customers", "colors"]);
        let model = |name: &str| api.models.iter().find(|model| model.name == name).map(|model| model.gate.clone());
        let enumeration = |name: &str| api.enums.iter().find(|enumeration| enumeration.name == name).map(|enumeration| enumeration.gate.clone());
        assert_eq!(model("Order"), Some(features(&["orders"])));
        // Through a field of a list of another model.
        assert_eq!(model("Line"), Some(features(&["orders"])));
        assert_eq!(enumeration("Status"), Some(features(&["orders", "customers"])));
        assert_eq!(model("Customer"), Some(features(&["customers"])));
        // Through the error table of an endpoint.
        assert_eq!(model("OrderError"), Some(features(&["orders"])));
        // A webhook payload, and what it reaches, whatever resources are on.
        assert_eq!(model("Paint"), Some(Gate::Always));
        assert_eq!(enumeration("Color"), Some(Gate::Always));
        // What nothing reaches is declared as the spec says.
        assert_eq!(model("Unused"), Some(Gate::Always));
        assert_eq!(api.pagination_statics[0].gate, features(&["orders"]));
        let table = |name: &str| api.error_tables.iter().find(|table| table.name == name).map(|table| table.gate.clone());
        assert_eq!(table("standard"), Some(Gate::Always), "raw requests use the default table");
        assert_eq!(table("orders_errors"), Some(features(&["orders"])));
    }

    #[test]
    fn what_every_resource_reaches_is_compiled_with_any_resource() {
        let api = api(&SPEC.replace("      response: Color\n", "      response: Customer\n").replace("response: Order\n", "response: Customer\n"));
        let customer = api.models.iter().find(|model| model.name == "Customer").map(|model| model.gate.clone());
        assert_eq!(customer, Some(Gate::AnyResource));
    }

    #[test]
    fn the_resource_renewing_sessions_has_no_feature() {
        let spec = SPEC.replace(
            "  token: {type: bearer}\n",
            "  token:\n    type: bearer\n    session: {login: [customers.get], token: token, user_id: id, renew: customers.get, renew_field: token, expired: [419]}\n",
        );
        let api = api(&spec);
        assert_eq!(api.resource_features(), ["orders", "colors"]);
        let customer = api.models.iter().find(|model| model.name == "Customer").map(|model| model.gate.clone());
        assert_eq!(customer, Some(Gate::Always));
    }

    #[test]
    fn gates_of_shared_items_combine() {
        let all = ["a".to_owned(), "b".to_owned(), "c".to_owned()];
        assert_eq!(Gate::any_of(&[features(&["c"]), features(&["a"])], &all), features(&["a", "c"]));
        assert_eq!(Gate::any_of(&[features(&["a", "b"]), features(&["c"])], &all), Gate::AnyResource);
        assert_eq!(Gate::any_of(&[features(&["a"]), Gate::AnyResource], &all), Gate::AnyResource);
        assert_eq!(Gate::any_of(&[features(&["a"]), Gate::Always], &all), Gate::Always);
        assert_eq!(Gate::any_of(&[Gate::AnyResource, Gate::Always], &all), Gate::Always);
        assert_eq!(Gate::any_of(&[], &[]), Gate::Always, "a crate without resource features compiles everything");
    }
}
