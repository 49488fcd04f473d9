//! `import-openapi`: documents become drafts that validate and generate, whatever they hold;
//! malformed ones are refused with located errors. (That the drafts' crates build, lint and
//! pass their tests is checked by `cargo xtask adversarial`, which builds them beside the
//! adversarial corpus.)

#[path = "support/rng.rs"]
mod rng;

use apigen::import::{ImportError, Imported, import};
use rng::Rng;
use apigen::ir::{Api, Response, Type};

const PROVIDERS: &[&str] = &["hypertrack", "trackier", "hubrise", "hooptap", "hellotracks"];

fn root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn import_text(text: &str, name: &str) -> Result<Imported, ImportError> {
    import(text.as_bytes(), "api.yaml", name)
}

/// The draft's API, after checking that it validates and generates.
fn draft_api(imported: &Imported) -> Api {
    let api = apigen::check(imported.text.as_bytes(), "draft.yaml").unwrap_or_else(|diagnostics| panic!("{}\n{}", diagnostics.render(&imported.text), imported.text));
    apigen::generate_api(&api).unwrap_or_else(|error| panic!("{error}"));
    api
}

fn document_errors(text: &str) -> String {
    match import_text(text, "broken") {
        Err(ImportError::Document(diagnostics)) => diagnostics.render(text),
        Err(other) => panic!("expected a document error, got {other}"),
        Ok(imported) => panic!("expected a document error, imported:\n{}", imported.text),
    }
}

#[test]
fn each_providers_export_imports_as_a_draft_that_validates_and_generates() {
    for name in PROVIDERS {
        let source = format!("generated/{name}/openapi.yaml");
        let bytes = std::fs::read(root().join(&source)).expect("the export exists");
        let imported = import(&bytes, &source, name).unwrap_or_else(|error| panic!("{source}: {error}"));
        let api = draft_api(&imported);
        let original = apigen::check(&std::fs::read(root().join(format!("specs/{name}.yaml"))).expect("the spec exists"), name).expect("the spec is valid");
        assert_eq!(api.endpoint_count(), original.endpoint_count(), "{name}: every operation is an endpoint");
        let mut resources: Vec<&str> = api.resources.iter().map(|resource| resource.name.as_str()).collect();
        let mut expected: Vec<&str> = original.resources.iter().map(|resource| resource.name.as_str()).collect();
        resources.sort_unstable();
        expected.sort_unstable();
        assert_eq!(resources, expected, "{name}: operation tags are the spec's resources");
        // Operation ids `<resource>_<endpoint>` give the endpoints their names back.
        for imported in &api.resources {
            let original = original.resources.iter().find(|resource| resource.name == imported.name).expect("the same resource");
            let names: Vec<&str> = imported.endpoints.iter().map(|endpoint| endpoint.fn_name.as_str()).collect();
            let mut expected: Vec<&str> = original.endpoints.iter().map(|endpoint| endpoint.fn_name.as_str()).collect();
            let mut sorted = names.clone();
            sorted.sort_unstable();
            expected.sort_unstable();
            assert_eq!(sorted, expected, "{name}: endpoints of {}", imported.name);
        }
        assert!(imported.text.contains("# TODO pagination:") && imported.text.contains("# TODO errors:"), "{name}: TODO blocks");
        assert!(imported.warnings.is_empty(), "{name}: {}", imported.warnings);
    }
}

#[test]
fn a_json_document_of_openapi_3_1_imports_with_its_constructs() {
    let path = root().join("generator/codegen/tests/fixtures/openapi/bookshop.json");
    let imported = import(&std::fs::read(&path).expect("fixture"), "bookshop.json", "bookshop").expect("imports");
    let api = draft_api(&imported);
    let text = &imported.text;
    // `allOf` merged, 3.1 `type: [.., "null"]` and `anyOf` with `null` as nullable fields,
    // `oneOf` as a union, maps, recursive models, clashing names settled.
    for line in [
        "      id: {type: integer, required: true}\n      title: {type: string, required: true}",
        "      author: {type: Author, nullable: true}",
        "      tags: {type: list<string>, nullable: true}",
        "      ratings: {type: map<Rating>}",
        "      related: {type: list<Book>}",
        "      Title: {type: string, rust_name: title_, doc: The title as printed on the cover.}",
        "    of: [decimal, number]",
        "      password: {type: secret}",
        "      send: {type: boolean, rust_name: send_}",
        "      image: {type: file, required: true}",
        "      - {value: -1, name: minus1}",
        "{value: Fiction, rust_name: FictionV}",
        "      status: {type: OrderStatus, nullable: true}",
    ] {
        assert!(text.contains(line), "missing `{line}` in:\n{text}");
    }
    // Grouped by tag, named from operation ids (the resource's name taken off the front) or,
    // without one, from the method and path.
    let names: Vec<String> = api.resources.iter().flat_map(|resource| resource.endpoints.iter().map(move |endpoint| format!("{}.{}", resource.name, endpoint.fn_name))).collect();
    assert_eq!(names, ["books.list_books", "books.create_book", "books.get_book", "books.delete_book", "books.upload_cover", "books.download_cover", "orders.place", "health.get"]);
    // Parameters: a component parameter, a path item's, lists, deepObject, a header; cookies left out.
    assert!(text.contains("        genre: {in: query, type: list<Genre>}\n        filter: {in: query, type: BooksListBooksFilter, style: brackets}"), "{text}");
    assert!(text.contains("TODO: the cookie parameter `session` is left out"), "{text}");
    // Bodies and responses by media type.
    assert!(text.contains("      body_encoding: multipart") && text.contains("      body_encoding: form"), "{text}");
    let cover = api.resources[0].endpoints.iter().find(|endpoint| endpoint.fn_name == "download_cover").expect("download");
    assert!(matches!(cover.response, Response::Bytes));
    assert!(text.contains("        Accept: \"image/png\""), "{text}");
    // Security: the default scheme, an endpoint's own, none, and schemes specs cannot express.
    assert!(text.contains("defaults:\n  auth: [api_key]"), "{text}");
    assert!(text.contains("      auth: [bearer]") && text.contains("TODO: the document also accepts api_key instead"), "{text}");
    assert!(text.contains("security scheme `session_cookie`: an API key in a cookie"), "{text}");
    assert!(text.contains("an OAuth 2.0 token") && text.contains("https://bookshop.example/oauth/token"), "{text}");
    // The first server with its variables, trailing slash dropped; the others noted.
    assert!(text.contains("base_url: \"https://eu.bookshop.example/api\"") && text.contains("several servers"), "{text}");
    // Examples: the document's kept (and a member it shows but the schema lacks added), the
    // others made up and marked.
    assert!(text.contains("      next_cursor: {type: any, nullable: true, doc: \"TODO: found in the document's example"), "{text}");
    let list = &api.resources[0].endpoints[0];
    assert_eq!(list.examples[0].response_body.as_ref().and_then(|body| body["data"][0]["title"].as_str()), Some("Dune"));
    assert!(text.contains("# TODO: made up by import-openapi"), "{text}");
    // What specs cannot say is listed, and schemas no operation uses are left out.
    assert!(text.contains("`webhooks`: describe each under `webhooks`") && text.contains("callbacks"), "{text}");
    assert!(text.contains("schemas no operation reaches") && text.contains("`Unused`") && !text.contains("  Unused:"), "{text}");
    assert!(matches!(api.models.iter().find(|model| model.name == "Book").map(|model| &model.fields[0].ty), Some(Type::Integer)));
}

#[test]
fn a_yaml_document_of_openapi_3_0_imports_with_its_constructs() {
    let path = root().join("generator/codegen/tests/fixtures/openapi/fleet.yaml");
    let imported = import(&std::fs::read(&path).expect("fixture"), "fleet.yaml", "fleet").expect("imports");
    draft_api(&imported);
    let text = &imported.text;
    for line in [
        // A relative server URL made absolute and marked.
        "base_url: \"https://api.example.com/fleet/v3\"",
        "TODO base_url: the document's server URL `/fleet/v3` is relative",
        // 3.0 `nullable` beside an `allOf` reference, with its description.
        "      position: {type: Position, nullable: true, doc: \"Where it was last seen; null before its first trip.\"}",
        "    of: [Car, Bike]",
        // A single-valued required header is a constant header; a vendor media type is asked for.
        "        X-Api-Version: \"3\"\n        Accept: \"application/vnd.fleet+json\"",
        "        ids: {in: query, type: list<string>, style: repeat}",
        "        owner: {in: query, type: VehiclesListOwner, style: json}",
        // An example from `components.examples`, a parameter's example beyond `i32`.
        "            since: 1718454000000",
        "              - id: v1",
        // A path parameter the document forgot, and one declared on the path item.
        "TODO: the path parameter `trip` is not declared in the document",
        "    get_position:",
        "    correct_position:\n",
        "      body: list<Position>",
        "      auth: [query_key]",
        "security scheme `mtls`",
        "#     message: message\n#     code: error_code",
    ] {
        assert!(text.contains(line), "missing `{line}` in:\n{text}");
    }
}

#[test]
fn a_search_paged_through_its_body_is_hinted_as_such() {
    let document = r#"
openapi: 3.0.3
info: {title: Notes, version: "1"}
servers: [{url: "https://api.example.com/v1"}]
paths:
  /notes/search:
    post:
      operationId: searchNotes
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                query: {type: string}
                start_cursor: {type: string}
                page_size: {type: integer}
      responses:
        "200":
          description: A page.
          content:
            application/json:
              schema:
                type: object
                properties:
                  results: {type: array, items: {type: object, properties: {id: {type: string}}}}
                  next_cursor: {type: string, nullable: true}
                  has_more: {type: boolean}
  /notes:
    post:
      operationId: createNote
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {limit: {type: integer}}}
      responses:
        "201": {description: Created.}
"#;
    let imported = import_text(document, "notes").expect("imports");
    draft_api(&imported);
    let hint = "- POST /notes/search: body members `start_cursor`, `page_size` (a scheme with `in: body`), response members `next_cursor`, `has_more`";
    // The comment wraps; read it as one line.
    assert!(imported.text.replace("\n# ", " ").contains(hint), "missing `{hint}` in:\n{}", imported.text);
    assert!(!imported.text.contains("- POST /notes:"), "a body member alone, beside no page, is no hint:\n{}", imported.text);
}

#[test]
fn a_server_host_per_account_becomes_a_client_builder_method() {
    let document = r#"
openapi: 3.0.3
info: {title: Desk, version: "2"}
servers:
  - url: "https://{subdomain}.desk.example/api/{version}"
    variables:
      subdomain: {default: example, description: Your account's subdomain.}
      version: {default: v2}
paths:
  /tickets:
    get:
      operationId: listTickets
      responses:
        "200": {description: Tickets., content: {application/json: {schema: {type: array, items: {type: string}}}}}
"#;
    let imported = import_text(document, "desk").expect("imports");
    let api = draft_api(&imported);
    assert_eq!(api.base_url_params, ["subdomain"], "{}", imported.text);
    assert!(imported.text.contains("https://{subdomain}.desk.example/api/v2"), "{}", imported.text);
    assert!(imported.text.replace("\n# ", " ").contains("clients set it with `.subdomain(...)`"), "{}", imported.text);
}

#[test]
fn names_that_would_clash_in_rust_are_kept_apart() {
    let text = r##"
openapi: 3.0.0
info: {title: Names, version: "1"}
paths:
  /items/{id}:
    post:
      tags: [client]
      operationId: new
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: send, in: query, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Error"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Page"}
components:
  schemas:
    Error:
      type: object
      required: [id]
      properties:
        id: {type: string}
        userId: {type: string}
        user_id: {type: string}
    Page:
      type: object
      properties:
        kind: {type: string, enum: [a, A, UnknownValue]}
"##;
    let imported = import_text(text, "names").expect("imports");
    let api = draft_api(&imported);
    assert!(imported.text.contains("  ErrorModel:") && imported.text.contains("  PageModel:"), "{}", imported.text);
    assert!(imported.text.contains("user_id: {type: string, rust_name: user_id_}"), "{}", imported.text);
    // The path parameter `id` and the body's required `id` are both arguments.
    assert!(imported.text.contains("id: {in: path, type: string, rust_name: id_}"), "{}", imported.text);
    assert!(imported.text.contains("send: {in: query, type: string, rust_name: send_}"), "{}", imported.text);
    assert!(imported.text.contains("{value: UnknownValue, rust_name: UnknownValueV}"), "{}", imported.text);
    assert_ne!(api.resources[0].module, "client");
    assert_ne!(api.resources[0].endpoints[0].fn_name, "new");
}

#[test]
fn malformed_documents_are_refused_with_where_and_why() {
    let rendered = document_errors("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {}\n  /a:\n    get: {}\n");
    assert!(rendered.contains("--> api.yaml:4:") && rendered.contains("duplicate entry with key \"/a\""), "{rendered}");
    let rendered = document_errors("{\"openapi\": \"3.1.0\",\n  \"paths\": {\"/a\": }}");
    assert!(rendered.contains("api.yaml:2:") && rendered.contains("not valid JSON"), "{rendered}");
    let rendered = document_errors("swagger: '2.0'\ninfo: {title: x, version: '1'}\n");
    assert!(rendered.contains("Swagger 2.0") && rendered.contains("help: convert it first"), "{rendered}");
    let rendered = document_errors("openapi: 3.0.0\npaths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Missing'\n      responses: {}\n");
    assert!(rendered.contains("api.yaml:6:") && rendered.contains("points at nothing"), "{rendered}");
    let rendered = document_errors(
        "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/A'\n      responses: {}\ncomponents:\n  parameters:\n    A: {$ref: '#/components/parameters/B'}\n    B: {$ref: '#/components/parameters/A'}\n",
    );
    assert!(rendered.contains("leads back to itself"), "{rendered}");
    let rendered = document_errors("openapi: 3.0.0\npaths:\n  /a:\n    get:\n      parameters:\n        - {in: query, schema: {type: string}}\n      responses: {}\n");
    assert!(rendered.contains("api.yaml:6:") && rendered.contains("needs `name` and `in`"), "{rendered}");
    assert!(matches!(import_text("openapi: 3.0.0\n", "Bad Name"), Err(ImportError::Name(_))));
}

#[test]
fn odd_but_valid_documents_import_without_panicking() {
    // Recursive schemas, an alias that contains itself, empty and missing parts, an example that
    // contradicts its schema, a union whose alternatives cannot be told apart.
    let text = r##"
openapi: 3.1.0
info: {title: Odd, version: "1"}
paths:
  /trees:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Tree"}
              example: {label: 7}
  /loops:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Loop"}
  /anything:
    put:
      requestBody:
        content:
          application/json:
            schema: {}
      responses:
        default: {description: whatever}
  "/caf\u00e9s/{id}/a|b":
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        default: {description: whatever}
  /either:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                oneOf: [{}, {type: string}]
components:
  schemas:
    Tree:
      type: object
      required: [label, children]
      properties:
        label: {type: string}
        children: {type: array, items: {$ref: "#/components/schemas/Tree"}}
        parent: {$ref: "#/components/schemas/Tree"}
    Loop: {$ref: "#/components/schemas/Loop2"}
    Loop2: {type: array, items: {$ref: "#/components/schemas/Loop"}}
"##;
    let imported = import_text(text, "odd").expect("imports");
    draft_api(&imported);
    assert!(imported.text.contains("the document's example did not fit its own schemas"), "{}", imported.text);
    assert!(imported.warnings.iter().any(|warning| warning.message.contains("contains itself")), "{}", imported.warnings);
    assert!(imported.warnings.iter().any(|warning| warning.message.contains("typed `any`")), "{}", imported.warnings);
    // A path holding what a URL path cannot hold as it is is written percent-encoded.
    assert!(imported.text.contains("/caf%C3%A9s/{id}/a%7Cb"), "{}", imported.text);
    // A document without paths, servers or components is an empty draft that still validates.
    let empty = import_text("openapi: 3.0.0\ninfo: {title: Empty, version: '1'}\n", "empty").expect("imports");
    draft_api(&empty);
}

#[test]
fn thousands_of_operations_import() {
    // Correctness at size; `cargo xtask bench codegen` times it.
    let mut paths = String::new();
    for index in 0..2_000 {
        paths.push_str(&format!(
            "  /things{index}/{{id}}:\n    get:\n      tags: [things{index}]\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Thing'}}\n"
        ));
    }
    let text = format!("openapi: 3.0.0\ninfo: {{title: Big, version: '1'}}\npaths:\n{paths}components:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        id: {{type: string}}\n");
    let imported = import_text(&text, "big").expect("imports");
    assert_eq!(draft_api(&imported).endpoint_count(), 2_000);
}

/// Keys that make odd names: keywords, the generated code's own names, names that clash after
/// case conversion, names with no letters.
const ODD_KEYS: &[&str] = &["type", "self", "Self", "a-b", "", "1x", "Client", "new", "send", "UnknownValue", "é", "__", "user_id", "userId", "$ref", "x.y", "200"];

/// Replaces a random node of `value` (at any depth) with `replacement`, or adds it to an object
/// under an odd key.
fn replace_random(rng: &mut Rng, value: &mut serde_json::Value, replacement: serde_json::Value) {
    use serde_json::Value;
    let mut node = value;
    loop {
        let children = match node {
            Value::Object(members) => members.len(),
            Value::Array(items) => items.len(),
            _ => 0,
        };
        // Stop here one time in four, or at a leaf.
        if children == 0 || rng.below(4) == 0 {
            match node {
                Value::Object(members) if rng.below(2) == 0 => {
                    members.insert(ODD_KEYS[rng.below(ODD_KEYS.len())].to_owned(), replacement);
                }
                _ => *node = replacement,
            }
            return;
        }
        let index = rng.below(children);
        node = match node {
            Value::Object(members) => members.values_mut().nth(index).expect("in range"),
            Value::Array(items) => &mut items[index],
            _ => unreachable!("has children"),
        };
    }
}

#[test]
fn mutated_documents_never_panic_and_every_draft_they_give_validates() {
    use serde_json::json;
    let cases: usize = std::env::var("APIGEN_IMPORT_FUZZ_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(300);
    let seed: u64 = std::env::var("APIGEN_FUZZ_SEED").ok().and_then(|seed| seed.parse().ok()).unwrap_or(0x5EED_1A7E);
    let bases: Vec<serde_json::Value> = ["generator/codegen/tests/fixtures/openapi/bookshop.json", "generator/codegen/tests/fixtures/openapi/fleet.yaml"]
        .iter()
        .map(|path| serde_yaml::from_slice(&std::fs::read(root().join(path)).expect("the document exists")).expect("it parses"))
        .collect();
    let replacements = [
        json!(null),
        json!(0),
        json!(-1.5),
        json!(""),
        json!("x y"),
        json!(true),
        json!([]),
        json!({}),
        json!([{}]),
        json!({"$ref": "#/components/schemas/Book"}),
        json!({"$ref": "#/components/schemas/Nope"}),
        json!({"$ref": "#"}),
        json!({"type": "object", "properties": {"type": {"type": "string"}, "self": {"$ref": "#/components/schemas/Book"}}}),
        json!({"type": ["string", "integer", "null"]}),
        json!({"allOf": [{"type": "string"}, {"type": "object"}]}),
        json!({"oneOf": [{"type": "array"}, {"type": "array", "items": {"type": "string"}}]}),
        json!({"enum": [1, "a", null, 2.5]}),
        json!({"type": "array", "items": {"type": "array", "items": {"type": "array", "items": {"type": "array", "items": {"type": "array"}}}}}),
        json!({"name": "id", "in": "path", "schema": {"type": "object"}}),
        json!({"name": "new", "in": "query", "required": true, "schema": {"type": "integer"}, "example": "not a number"}),
        json!({"content": {"multipart/form-data": {"schema": {"type": "string", "format": "binary"}}}}),
        json!({"200": {"description": "x", "content": {"application/json": {"example": {"a": [1, {"b": null}]}}}}}),
    ];
    let mut rng = Rng(seed);
    let (mut drafts, mut refused) = (0, 0);
    for case in 0..cases {
        let mut document = bases[case % bases.len()].clone();
        for _ in 0..=rng.below(3) {
            let replacement = replacements[rng.below(replacements.len())].clone();
            replace_random(&mut rng, &mut document, replacement);
        }
        let text = serde_json::to_string_pretty(&document).expect("serializes");
        let outcome = std::panic::catch_unwind(|| import(text.as_bytes(), "mutant.json", "mutant"));
        match outcome {
            Err(_) => panic!("case {case} (seed {seed}) panicked on:\n{text}"),
            Ok(Ok(imported)) => {
                drafts += 1;
                assert!(apigen::check(imported.text.as_bytes(), "mutant.yaml").is_ok(), "case {case}: the draft does not validate");
            }
            Ok(Err(ImportError::Draft { diagnostics, text: draft })) => panic!("case {case} (seed {seed}): the draft does not validate:\n{}\n{draft}\nfrom:\n{text}", diagnostics.render(&draft)),
            Ok(Err(_)) => refused += 1,
        }
    }
    assert!(drafts > cases / 4, "only {drafts} of {cases} mutants imported ({refused} refused)");
}
