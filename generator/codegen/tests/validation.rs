//! Spec validation: every diagnostic asserted message by message.

use apigen::check;

/// The diagnostics for `yaml`, one string each.
fn errors(yaml: &str) -> Vec<String> {
    match check(yaml.as_bytes(), "specs/test.yaml") {
        Ok(_) => Vec::new(),
        Err(diagnostics) => diagnostics.iter().map(ToString::to_string).collect(),
    }
}

const VALID: &str = r#"
name: petshop
title: Pet Shop
base_url: https://api.example.com/v1
trailing_slash: never
defaults: {auth: [key], errors: standard}
auth:
  key: {type: header, name: X-Api-Key}
errors:
  standard:
    message: error.message
    statuses:
      404: {kind: not_found}
models:
  Pet:
    fields:
      id: {type: string, required: true}
      kind: PetKind
enums:
  PetKind: {values: [cat, dog]}
endpoints:
  pets:
    get:
      method: GET
      path: /pets/{id}
      params:
        id: {in: path, type: string}
      response: Pet
      examples:
        - params: {id: p1}
          response: {body: {id: p1, kind: cat}}
"#;

#[test]
fn the_valid_base_spec_has_no_errors() {
    assert_eq!(errors(VALID), Vec::<String>::new());
}

#[test]
fn a_misspelled_model_reference_names_the_path_and_the_right_name() {
    let spec = VALID.replace("response: Pet\n", "response: Pett\n");
    assert_eq!(
        errors(&spec),
        [
            "error: specs/test.yaml: endpoints.pets.get.response: unknown type `Pett`; expected a model, an enum, a union, a built-in type (string, integer, number, boolean, any, date_time, date, time_of_day, decimal, money, days_of_week, day, hhmm, epoch_millis, epoch_seconds, geo_point, filter, file, secret), `list<T>` or `map<T>`\n  help: did you mean `Pet`?"
        ]
    );
}

#[test]
fn unknown_keys_are_rejected_with_a_suggestion() {
    let spec = VALID.replace("      method: GET\n", "      methd: GET\n      method: GET\n").replace("title:", "titel: x\ndoc: y\ntitle:");
    assert_eq!(
        errors(&spec),
        [
            "error: specs/test.yaml: titel: unknown key `titel`; expected one of: name, title, description, api_version, docs_url, package, base_url, trailing_slash, defaults, retry, rate_limits, method_override, headers, follow_redirects, idempotency, auth, pagination, envelopes, errors, models, enums, unions, resources, endpoints, webhooks, example_data\n  help: did you mean `title`?",
            "error: specs/test.yaml: doc: unknown key `doc`; expected one of: name, title, description, api_version, docs_url, package, base_url, trailing_slash, defaults, retry, rate_limits, method_override, headers, follow_redirects, idempotency, auth, pagination, envelopes, errors, models, enums, unions, resources, endpoints, webhooks, example_data\n  help: did you mean `description`?",
            "error: specs/test.yaml: endpoints.pets.get.methd: unknown key `methd`; expected one of: doc, method, path, params, body, response, pagination, auth, errors, envelope, idempotent, body_encoding, form_nesting, headers, examples\n  help: did you mean `method`?",
        ]
    );
}

#[test]
fn path_parameters_must_match_the_template() {
    let spec = VALID.replace("path: /pets/{id}", "path: /pets/{pet_id}");
    assert_eq!(
        errors(&spec),
        [
            "error: specs/test.yaml: endpoints.pets.get.path: path parameter `{pet_id}` is not declared; expected an entry under `params` with `in: path`",
            "error: specs/test.yaml: endpoints.pets.get.params.id: path parameter `id` does not appear in the path `/pets/{pet_id}`",
        ]
    );
}

#[test]
fn paths_hold_only_what_a_url_path_can_hold() {
    // Found by the fuzz campaign: the client sent `%3C`, the generated test expected `<`.
    let spec = VALID.replace("path: /pets/{id}", "path: /pets/rm<ap/{id}");
    assert_eq!(
        errors(&spec),
        ["error: specs/test.yaml: endpoints.pets.get.path: `/pets/rm<ap/{id}` holds `<`, which a URL path cannot hold as it is; clients send it percent-encoded\n  help: write `/pets/rm%3Cap/{id}`"]
    );
    let spec = VALID.replace("path: /pets/{id}", "path: /pets/%3C/100%/{id}");
    assert_eq!(
        errors(&spec),
        ["error: specs/test.yaml: endpoints.pets.get.path: `/pets/%3C/100%/{id}` holds `%`, which a URL path cannot hold as it is; clients send it percent-encoded\n  help: write `/pets/%3C/100%25/{id}`"]
    );
    let spec = VALID.replace("path: /pets/{id}", "path: \"/caf\u{e9}s/{id}\"");
    assert_eq!(
        errors(&spec),
        ["error: specs/test.yaml: endpoints.pets.get.path: `/caf\u{e9}s/{id}` holds `\u{e9}`, which a URL path cannot hold as it is; clients send it percent-encoded\n  help: write `/caf%C3%A9s/{id}`"]
    );
    // What a path may hold as it is, escapes included, passes.
    assert_eq!(errors(&VALID.replace("path: /pets/{id}", "path: \"/pets/{id}:adopt/@me/a~b/%3C$!*'(),;=+&\"")), Vec::<String>::new());
}

#[test]
fn the_trailing_slash_rule_is_enforced() {
    let spec = VALID.replace("path: /pets/{id}", "path: /pets/{id}/");
    assert_eq!(
        errors(&spec),
        ["error: specs/test.yaml: endpoints.pets.get.path: `/pets/{id}/` must not end with `/`: this provider's `trailing_slash` rule is `never`\n  help: write `/pets/{id}`"]
    );
    let spec = VALID.replace("trailing_slash: never", "trailing_slash: always");
    assert_eq!(
        errors(&spec),
        ["error: specs/test.yaml: endpoints.pets.get.path: `/pets/{id}` must end with `/`: this provider's `trailing_slash` rule is `always`\n  help: write `/pets/{id}/`"]
    );
}

#[test]
fn identifiers_that_collide_after_case_conversion_are_reported() {
    let spec = VALID
        .replace("      kind: PetKind\n", "      kind: PetKind\n      petName: string\n      pet_name: string\n")
        .replace("  PetKind: {values: [cat, dog]}", "  PetKind: {values: [cat, dog, Cat]}\n  pet_kind: {values: [x]}");
    assert_eq!(
        errors(&spec),
        [
            "error: specs/test.yaml: models.Pet.fields.pet_name: `pet_name` and `petName` both become the field name `pet_name`; give a `rust_name` to one of them",
            "error: specs/test.yaml: enums.PetKind.values.2: `Cat` and `cat` both become the variant name `Cat`; give a `rust_name` to one of them",
            "error: specs/test.yaml: enums.pet_kind: `pet_kind` and `PetKind` both become the type name `PetKind`; rename one of them",
        ]
    );
}

#[test]
fn names_that_clash_with_generated_code_are_reported() {
    let spec = VALID
        .replace("  pets:\n    get:", "  models:\n    get:")
        .replace("  PetKind: {values: [cat, dog]}", "  PetKind: {values: [cat, dog, unknown_value]}\n  result: {values: [x]}\n  Serializer: {values: [y]}\n  from: {values: [f]}\n  date_time: {values: [z]}\n  Money: {values: [m]}")
        .replace("      kind: PetKind\n", "      kind: PetKind\n      born: date_time\n");
    assert_eq!(
        errors(&spec),
        [
            "error: specs/test.yaml: enums.PetKind.values.2: `unknown_value` becomes the variant name `UnknownValue`, which the generated code already uses; give a `rust_name` to it",
            "error: specs/test.yaml: enums.result: `result` becomes the type name `Result`, which the generated code already uses; rename it",
            "error: specs/test.yaml: enums.Serializer: `Serializer` becomes the type name `Serializer`, which the generated code already uses; rename it",
            "error: specs/test.yaml: enums.from: `from` becomes the type name `From`, which the generated code already uses; rename it",
            "error: specs/test.yaml: endpoints.models: `models` becomes the module name `models`, which the generated code already uses; rename it",
            // `Money` is free: this spec uses no `money` fields.
            "error: specs/test.yaml: enums.date_time: `date_time` becomes the type name `DateTime`, which the generated code already uses for the `date_time` scalar type; rename it",
        ]
    );
}

#[test]
fn keywords_and_odd_names_become_valid_identifiers() {
    let spec = VALID.replace("      kind: PetKind\n", "      kind: PetKind\n      type: string\n      __v: integer\n      3d: boolean\n");
    let api = check(spec.as_bytes(), "specs/test.yaml").expect("valid");
    let fields: Vec<&str> = api.models[0].fields.iter().map(|field| field.rust.as_str()).collect();
    assert_eq!(fields, ["id", "kind", "type_", "v", "field_3d"]);
}

#[test]
fn every_reference_is_resolved() {
    let spec = VALID
        .replace("defaults: {auth: [key], errors: standard}", "defaults: {auth: [kee], errors: standrd, envelope: wrapped}")
        .replace("      response: Pet\n", "      response: Pet\n      pagination: pages\n");
    assert_eq!(
        errors(&spec),
        [
            "error: specs/test.yaml: defaults.auth.0: unknown auth scheme `kee`; expected one of: key\n  help: did you mean `key`?",
            "error: specs/test.yaml: defaults.errors: unknown error table `standrd`; expected one of: standard\n  help: did you mean `standard`?",
            "error: specs/test.yaml: defaults.envelope: unknown envelope `wrapped`; the spec defines no envelopes",
            "error: specs/test.yaml: endpoints.pets.get.pagination: unknown pagination scheme `pages`; the spec defines no pagination schemes",
        ]
    );
}

#[test]
fn answers_without_a_body_by_http_carry_none_in_examples() {
    let no_content = VALID.replace("          response: {body: {id: p1, kind: cat}}", "          response: {status: 204, body: {id: p1, kind: cat}}");
    assert_eq!(errors(&no_content), ["error: specs/test.yaml: endpoints.pets.get.examples.0.response.body: a 204 answer has no body: HTTP leaves it out, so the client never reads this one"]);
    let no_content = VALID.replace("          response: {body: {id: p1, kind: cat}}", "          response: {status: 204}");
    assert_eq!(
        errors(&no_content),
        ["error: specs/test.yaml: endpoints.pets.get.examples.0.response.status: a 204 answer has no body to decode as the endpoint's `response` (`Pet`)\n  help: answer with 200 and the body, or drop the endpoint's `response` if the provider sends none"]
    );
    let head = VALID.replace("      method: GET\n", "      method: HEAD\n");
    assert_eq!(
        errors(&head),
        [
            "error: specs/test.yaml: endpoints.pets.get.response: a HEAD answer has no body, so a HEAD endpoint declares no `response`",
            "error: specs/test.yaml: endpoints.pets.get.examples.0.response.body: a HEAD answer has no body: HTTP leaves it out, so the client never reads this one",
        ]
    );
    // A 204 has no body to hold an envelope's success flag: its status is its success.
    let flagged_no_content = VALID
        .replace("defaults: {auth: [key], errors: standard}", "defaults: {auth: [key], errors: standard, envelope: flagged}\nenvelopes:\n  flagged: {data: \"\", success: {field: ok, equals: true}}")
        .replace("      response: Pet\n", "")
        .replace("          response: {body: {id: p1, kind: cat}}", "          response: {status: 204}");
    assert_eq!(errors(&flagged_no_content), Vec::<String>::new());
}

#[test]
fn examples_leave_framing_to_the_server_and_json_streams_carry_the_flag() {
    let framed = VALID.replace("          response: {body: {id: p1, kind: cat}}", "          response: {headers: {Content-Length: \"3\", X-Rate: \"1\"}, body: {id: p1, kind: cat}}");
    assert_eq!(
        errors(&framed),
        ["error: specs/test.yaml: endpoints.pets.get.examples.0.response.headers.Content-Length: `Content-Length` frames the HTTP message, which is the server's to do for the body it sends\n  help: remove it from the example"]
    );
    let stream = |body: &str| {
        VALID
            .replace("defaults: {auth: [key], errors: standard}", "defaults: {auth: [key], errors: standard, envelope: flagged}\nenvelopes:\n  flagged: {data: data, success: {field: ok, equals: true}}")
            .replace("      response: Pet\n", "      response: stream\n")
            .replace("          response: {body: {id: p1, kind: cat}}", &format!("          response: {{headers: {{Content-Type: application/json}}, body: '{body}'}}"))
    };
    assert_eq!(errors(&stream(r#"{"ok": true, "data": [1]}"#)), Vec::<String>::new());
    assert_eq!(
        errors(&stream(r#"{"data": [1]}"#)),
        ["error: specs/test.yaml: endpoints.pets.get.examples.0.response.body: the envelope `flagged` marks success with `ok: true`, which this example's answer lacks: the client would take it for an error\n  help: add `ok: true` to the example's `response.body`"]
    );
    assert!(errors(&stream("not json"))[0].contains("the answer's `Content-Type` says JSON"), "{:?}", errors(&stream("not json")));
    // Another content type is streamed as it is, flag or not.
    assert_eq!(errors(&stream("raw bytes").replace("application/json", "text/csv")), Vec::<String>::new());
}

#[test]
fn a_parameter_and_a_body_field_of_one_name_are_told_apart_with_rust_name() {
    let spec = VALID
        .replace("      method: GET\n", "      method: POST\n")
        .replace("        id: {in: path, type: string}\n", "        id: {in: path, type: string}\n        kind: {in: query, type: string}\n      body: Pet\n")
        .replace("- params: {id: p1}", "- params: {id: p1}\n          body: {id: p2}");
    assert_eq!(
        errors(&spec),
        [
            "error: specs/test.yaml: models.Pet.fields.id: the field `id` of the body model `Pet` and the parameter `id` both become the argument name `id`; give a `rust_name` to one of them",
            "error: specs/test.yaml: models.Pet.fields.kind: the field `kind` of the body model `Pet` and the parameter `kind` both become the request builder method `kind`; give a `rust_name` to one of them",
        ]
    );
}

#[test]
fn example_pages_show_the_way_to_the_next_page_as_the_client_reads_it() {
    let paged = |scheme: &str, body: &str| {
        VALID
            .replace("defaults: {auth: [key], errors: standard}", &format!("defaults: {{auth: [key], errors: standard}}\npagination:\n  pages: {scheme}"))
            .replace("      response: Pet\n", "      response: Pet\n      pagination: pages\n")
            .replace("          response: {body: {id: p1, kind: cat}}", &format!("          response: {{body: {body}}}"))
    };
    let after = "{style: last_item, items: data, id: id, param: after, has_more: more}";
    assert_eq!(errors(&paged(after, "{more: true, data: [{id: p1}]}")), Vec::<String>::new());
    assert_eq!(errors(&paged(after, "{more: false, data: [{id: \"\"}]}")), Vec::<String>::new());
    assert_eq!(
        errors(&paged(after, "{more: true, data: [{id: \"\"}]}")),
        ["error: specs/test.yaml: endpoints.pets.get.examples.0.response.body.more: `more` says more items exist, so the last item needs its `id` (a string or a number) for the client to ask for the items after it"]
    );
    assert_eq!(
        errors(&paged(after, "{more: \"yes\", data: []}")),
        ["error: specs/test.yaml: endpoints.pets.get.examples.0.response.body.more: `more` says whether more items exist, as a boolean; found a string"]
    );
    let linked = "{style: next_link, items: results, next: links.next}";
    assert_eq!(errors(&paged(linked, "{results: [], links: {next: null}}")), Vec::<String>::new());
    assert_eq!(
        errors(&paged(linked, "{results: [], links: {next: 2}}")),
        ["error: specs/test.yaml: endpoints.pets.get.examples.0.response.body.links.next: the next link at `links.next` is a URL as a string, or null on the last page; found a number"]
    );
}

#[test]
fn base_url_placeholders_are_snake_case_names_in_the_host_or_path() {
    let with_url = |url: &str| VALID.replace("base_url: https://api.example.com/v1", &format!("base_url: \"{url}\""));
    assert_eq!(errors(&with_url("https://{subdomain}.example.com/{tenant}/v1")), Vec::<String>::new());
    assert_eq!(
        errors(&with_url("https://{Sub}.example.com:{port}/v1")),
        [
            "error: specs/test.yaml: base_url: the base URL's placeholder `{Sub}` becomes a client builder method, so it is a snake_case Rust name such as `subdomain`",
            "error: specs/test.yaml: base_url: the placeholder `{port}` is in the base URL's scheme or port; placeholders go in its host or path",
        ]
    );
    assert_eq!(errors(&with_url("https://{subdomain.example.com")), ["error: specs/test.yaml: base_url: `https://{subdomain.example.com` opens a placeholder with `{` that no `}` closes"]);
    // The placeholder's setter is a client builder method beside the auth schemes' setters.
    assert_eq!(
        errors(&with_url("https://{key}.example.com")),
        ["error: specs/test.yaml: base_url: the base URL's placeholder `{key}` and `key` both become the client builder method `key`; rename one of them"]
    );
}

#[test]
fn a_header_value_cannot_have_whitespace_around_it() {
    let spec = VALID.replace("        id: {in: path, type: string}\n", "        id: {in: path, type: string}\n        X-Trace: {in: header, type: string}\n").replace("- params: {id: p1}", "- params: {id: p1, X-Trace: \"abc \"}");
    assert_eq!(
        errors(&spec),
        ["error: specs/test.yaml: endpoints.pets.get.examples.0.params.X-Trace: the header value \"abc \" begins or ends with whitespace, which HTTP does not count as part of it: servers strip it\n  help: write \"abc\""]
    );
}

#[test]
fn a_bare_integer_enum_value_is_told_how_to_name_its_variant() {
    let spec = VALID.replace("  PetKind: {values: [cat, dog]}", "  PetKind: {values: [1, {value: 2, name: dog}]}").replace("kind: cat}", "kind: 2}");
    assert_eq!(errors(&spec), ["error: specs/test.yaml: enums.PetKind.values.0: an integer enum value needs a name for its variant: `{value: 1, name: ...}`"]);
}

#[test]
fn examples_answer_with_the_success_flag_of_their_envelope() {
    let enveloped = |response: &str| {
        VALID
            .replace("defaults: {auth: [key], errors: standard}", "defaults: {auth: [key], errors: standard, envelope: flagged}\nenvelopes:\n  flagged: {data: \"\", success: {field: ok, equals: true}}")
            .replace("          response: {body: {id: p1, kind: cat}}", &format!("          response: {response}"))
    };
    assert_eq!(errors(&enveloped("{body: {ok: true, id: p1, kind: cat}}")), Vec::<String>::new());
    // Only the flag is reported, not the rest of an error body.
    assert_eq!(
        errors(&enveloped("{body: {ok: false, error: no such pet}}")),
        ["error: specs/test.yaml: endpoints.pets.get.examples.0.response.body.ok: examples show successful calls; `ok` is `false` here, and the envelope `flagged` marks success with `true`\n  help: an example shows a successful call, with `ok: true`; error answers are described by the endpoint's error table (`errors`)"]
    );
    assert_eq!(
        errors(&enveloped("{body: {ok: \"true\", id: p1}}")),
        ["error: specs/test.yaml: endpoints.pets.get.examples.0.response.body.ok: examples show successful calls; `ok` is `\"true\"` here, and the envelope `flagged` marks success with `true`\n  help: an example shows a successful call, with `ok: true`; error answers are described by the endpoint's error table (`errors`)"]
    );
    // Without the flag the client takes the answer for an error, so the crate's test would fail.
    assert_eq!(
        errors(&enveloped("{body: {id: p1, kind: cat}}")),
        ["error: specs/test.yaml: endpoints.pets.get.examples.0.response.body: the envelope `flagged` marks success with `ok: true`, which this example's answer lacks: the client would take it for an error\n  help: add `ok: true` to the example's `response.body`"]
    );
    let optional = enveloped("{body: {id: p1, kind: cat}}").replace("equals: true}", "equals: true, optional: true}");
    assert_eq!(errors(&optional), Vec::<String>::new());
}

#[test]
fn examples_must_fit_their_endpoint() {
    let spec = VALID.replace("        - params: {id: p1}\n          response: {body: {id: p1, kind: cat}}", "        - params: {idd: p1}\n          body: {x: 1}\n          response: {status: 404, body: {message: no such pet}}");
    assert_eq!(
        errors(&spec),
        [
            "error: specs/test.yaml: endpoints.pets.get.examples.0.params.idd: `idd` is not a parameter of this endpoint\n  help: did you mean `id`?",
            "error: specs/test.yaml: endpoints.pets.get.examples.0.params: the example does not give the required parameter `id`",
            "error: specs/test.yaml: endpoints.pets.get.examples.0.body: this endpoint has no `body`, so its example cannot send one",
            // An error example's body is read as the error table reads it, not as the success response.
            "error: specs/test.yaml: endpoints.pets.get.examples.0.response.body: the error table `standard` reads the message at `error.message`, which this error body does not hold: the client would return no message\n  help: the body has text at `message`; did you mean that path in the table's `message`?",
        ]
    );
    let spec = VALID.replace("      examples:\n        - params: {id: p1}\n          response: {body: {id: p1, kind: cat}}\n", "");
    assert_eq!(
        warnings(&spec),
        ["warning: specs/test.yaml: endpoints.pets.get.examples: this endpoint has no example, so its crate has no test of it\n  help: add `examples:` with a call and the response it gets; each becomes a test of the request on the wire and the decoded response"]
    );
}

#[test]
fn all_errors_are_reported_in_one_run() {
    let spec = VALID
        .replace("name: petshop", "name: Pet Shop!")
        .replace("base_url: https://api.example.com/v1", "base_url: ftp://x")
        .replace("method: GET", "method: FETCH")
        .replace("id: {type: string, required: true}", "id: {type: strin, required: yes}");
    assert_eq!(
        errors(&spec),
        [
            "error: specs/test.yaml: models.Pet.fields.id.required: expected `true` or `false`, found a string",
            "error: specs/test.yaml: endpoints.pets.get.method: unknown HTTP method `FETCH`; expected one of: GET, POST, PUT, PATCH, DELETE, HEAD\n  help: did you mean `PATCH`?",
            "error: specs/test.yaml: name: `Pet Shop!` is not a valid crate name; expected lowercase letters, digits, `-` or `_`, starting with a letter",
            "error: specs/test.yaml: base_url: `ftp://x` is not a base URL; expected `https://host/prefix` with no query or fragment",
            "error: specs/test.yaml: models.Pet.fields.id.type: unknown type `strin`; expected a model, an enum, a union, a built-in type (string, integer, number, boolean, any, date_time, date, time_of_day, decimal, money, days_of_week, day, hhmm, epoch_millis, epoch_seconds, geo_point, filter, file, secret), `list<T>` or `map<T>`\n  help: did you mean `string`?",
        ]
    );
}

#[test]
fn methods_are_written_in_capitals_as_the_schema_says() {
    assert_eq!(
        errors(&VALID.replace("method: GET", "method: get")),
        ["error: specs/test.yaml: endpoints.pets.get.method: unknown HTTP method `get`; expected one of: GET, POST, PUT, PATCH, DELETE, HEAD\n  help: did you mean `GET`?"]
    );
}

#[test]
fn wrong_shapes_say_what_is_expected() {
    assert_eq!(errors("- a\n- b\n"), ["error: specs/test.yaml: (document): expected a mapping (with keys such as `name`, `title`, `description`, `api_version`), found a list"]);
    assert_eq!(
        errors("name: x\n"),
        [
            "error: specs/test.yaml: title: missing required key `title` (a string)",
            "error: specs/test.yaml: base_url: missing required key `base_url` (a string)",
        ]
    );
    let spec = VALID.replace("  PetKind: {values: [cat, dog]}", "  PetKind: {values: cat}");
    assert_eq!(errors(&spec), ["error: specs/test.yaml: enums.PetKind.values: expected a list of values, found a string"]);
}

#[test]
fn hostile_inputs_give_clear_errors() {
    let deep = format!("name: {}x{}", "[".repeat(5000), "]".repeat(5000));
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        bomb.push_str(&format!("a{level}: &a{level} [{}]\n", [format!("*a{}", level - 1).as_str(); 10].join(", ")));
    }
    // YAML limits plain keys to 1024 characters; longer ones are a parse error, not a hang.
    let huge_key = format!("{}: 1\n", "k".repeat(1_000_000));
    let long_key = format!("name: x\ntitle: x\nbase_url: https://x\n{}: 1\n", "k".repeat(1000));
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (Vec::new(), "the file is empty"),
        (b"\xff\xfe\x00garbage".to_vec(), "not UTF-8"),
        (b"{{{{ not: yaml".to_vec(), "not valid YAML"),
        (deep.into_bytes(), "not valid YAML"),
        (bomb.into_bytes(), "not valid YAML"),
        (huge_key.into_bytes(), "not valid YAML"),
        (long_key.into_bytes(), "unknown key `kkkk"),
    ];
    for (input, expected) in cases {
        let diagnostics = check(&input, "specs/test.yaml").expect_err("invalid input");
        let text = diagnostics.to_string();
        assert!(text.contains(expected), "expected `{expected}` in:\n{text}");
        assert!(text.len() < 4096, "diagnostics stay short: {} bytes", text.len());
    }
}

#[test]
fn page_sizes_are_whole_numbers_within_the_limit() {
    let paged = |max: &str, count_type: &str, examples: &str| {
        VALID
            .replace("defaults: {auth: [key], errors: standard}", &format!("defaults: {{auth: [key], errors: standard}}\npagination:\n  pages: {{style: page_number, items: items, param: page, page_size: {{param: count, max: {max}}}}}"))
            .replace("      response: Pet\n", "      response: Pet\n      pagination: pages\n")
            .replace("        id: {in: path, type: string}\n", &format!("        id: {{in: path, type: string}}\n        count: {{in: query, type: {count_type}}}\n"))
            .replace("        - params: {id: p1}\n          response: {body: {id: p1, kind: cat}}\n", examples)
    };
    let example = |count: &str| format!("        - params: {{id: p1, count: {count}}}\n          response: {{body: {{items: [{{id: p1, kind: cat}}]}}}}\n");
    assert_eq!(errors(&paged("100", "integer", &example("100"))), Vec::<String>::new());
    for bad in ["0", "-1", "101"] {
        assert_eq!(
            errors(&paged("100", "integer", &example(bad))),
            [format!("error: specs/test.yaml: endpoints.pets.get.examples.0.params.count: `{bad}` is not a page size: expected a whole number from 1 to 100")]
        );
    }
    assert_eq!(
        errors(&paged("100", "string", &example("\"10\""))),
        ["error: specs/test.yaml: endpoints.pets.get.params.count.type: `count` is the page size of the pagination scheme, so its type is `integer`, not `string`"]
    );
    assert_eq!(
        errors(&paged("5000000000", "integer", &example("10"))),
        ["error: specs/test.yaml: pagination.pages.page_size.max: `max` is the largest page size the provider accepts, from 1 to 4294967295"]
    );
}

/// A search called with POST whose cursor and page size go in its JSON body (`in: body`).
fn body_search(scheme: &str, fields: &str, example_body: &str) -> String {
    VALID
        .replace("defaults: {auth: [key], errors: standard}", &format!("defaults: {{auth: [key], errors: standard}}\npagination:\n  search: {scheme}"))
        .replace("  Pet:\n", &format!("  Query:\n    fields:\n{fields}  Pet:\n"))
        .replace(
            "    get:\n      method: GET\n      path: /pets/{id}\n      params:\n        id: {in: path, type: string}\n      response: Pet\n      examples:\n        - params: {id: p1}\n          response: {body: {id: p1, kind: cat}}\n",
            &format!("    search:\n      method: POST\n      path: /pets/search\n      body: Query\n      response: Pet\n      pagination: search\n      examples:\n        - body: {example_body}\n          response: {{body: {{results: [{{id: p1, kind: cat}}], next: null}}}}\n"),
        )
}

#[test]
fn pagination_parameters_in_the_body_are_optional_fields_of_the_body_model() {
    let scheme = "{style: cursor_body, in: body, items: results, cursor: next, param: start_cursor, page_size: {param: page_size, max: 100}}";
    let fields = "      filter: {type: string}\n      start_cursor: {type: string}\n      page_size: {type: integer}\n";
    assert_eq!(errors(&body_search(scheme, fields, "{filter: cats, page_size: 100}")), Vec::<String>::new());
    assert_eq!(
        errors(&body_search(scheme, fields, "{page_size: 101}")),
        ["error: specs/test.yaml: endpoints.pets.search.examples.0.body: the page size `page_size: 101` is not a whole number from 1 to 100"]
    );
    let misnamed = "      start_curser: {type: string}\n      page_size: {type: boolean}\n";
    assert_eq!(
        errors(&body_search(scheme, misnamed, "{start_curser: c1}")),
        [
            "error: specs/test.yaml: endpoints.pets.search.pagination: the pagination scheme `search` sends its `param` `start_cursor` in the request body, but the body model `Query` has no field `start_cursor`\n  help: did you mean `start_curser`?",
            "error: specs/test.yaml: models.Query.fields.page_size.type: `page_size` is the `page_size` of the pagination scheme `search`, so its type is `integer`, not `boolean`",
        ]
    );
    let required_cursor = "      start_cursor: {type: string, required: true}\n      page_size: {type: integer}\n";
    assert_eq!(
        errors(&body_search(scheme, required_cursor, "{start_cursor: c1}")),
        ["error: specs/test.yaml: models.Query.fields.start_cursor: `start_cursor` carries the cursor of the pagination scheme `search`, which the first page's request has none of, so the field is optional"]
    );
    // Offsets in the body are numbers, sent on a JSON body only.
    let offsets = "{style: offset_limit, in: body, items: results, offset_param: from, limit_param: size}";
    let numbers = "      from: {type: integer}\n      size: {type: string}\n";
    assert_eq!(
        errors(&body_search(offsets, numbers, "{from: 0}")),
        ["error: specs/test.yaml: models.Query.fields.size.type: `size` is the `limit_param` of the pagination scheme `search`, so its type is `integer`, not `string`"]
    );
    let form = body_search(offsets, "      from: {type: integer}\n      size: {type: integer}\n", "{from: 0}").replace("      body: Query\n", "      body: Query\n      body_encoding: form\n");
    assert_eq!(
        errors(&form),
        ["error: specs/test.yaml: endpoints.pets.search.pagination: the pagination scheme `search` sends `from`, `size` in the request body (`in: body`), but this endpoint has no JSON body model to hold them\n  help: give the endpoint a `body` model with those fields, sent as JSON; or use a scheme whose parameters go in the query"]
    );
    assert_eq!(
        errors(&body_search(&scheme.replace("in: body", "in: bdy"), fields, "{filter: cats}"))[0],
        "error: specs/test.yaml: pagination.search.in: unknown place of pagination parameters `bdy`; expected one of: query, body\n  help: did you mean `body`?"
    );
}

#[test]
fn retry_rate_limits_and_page_sizes_are_checked() {
    let spec = VALID
        .replace("defaults: {auth: [key], errors: standard}", "defaults: {auth: [key], errors: standard}\nretry: {max_attempts: 0, initial_backof_ms: 5}\nrate_limits: [{requests: 0, per_seconds: 60}, {requests: 5}]\npagination:\n  pages: {style: page_number, items: items, param: page, page_size: {param: count, max: 100}}")
        .replace("      404: {kind: not_found}", "      404: {kind: not_found, unprocessed: true}\n      410: {kind: not_found, retryable: true}")
        .replace("      response: Pet\n", "      response: Pet\n      pagination: pages\n")
        .replace("        - params: {id: p1}\n", "        - params: {id: p1, count: 500}\n");
    assert_eq!(
        errors(&spec),
        [
            "error: specs/test.yaml: retry.initial_backof_ms: unknown key `initial_backof_ms`; expected one of: max_attempts, initial_backoff_ms, max_backoff_ms, max_elapsed_ms, retry_after_cap_ms\n  help: did you mean `initial_backoff_ms`?",
            "error: specs/test.yaml: retry.max_attempts: `max_attempts` counts the first attempt, so it is at least 1 (1 turns retries off)",
            "error: specs/test.yaml: rate_limits.0: a rate-limit window needs `requests` and `per_seconds`, both at least 1",
            "error: specs/test.yaml: rate_limits.1: a rate-limit window needs `requests` and `per_seconds`, both at least 1",
            "error: specs/test.yaml: errors.standard.statuses.404.unprocessed: `unprocessed: true` only matters for a kind that is also `retryable: true`",
            "error: specs/test.yaml: errors.standard.statuses.410.kind: error kind `not_found` has other `retryable`/`unprocessed` flags at `errors.standard.statuses.404.kind`; a kind behaves the same everywhere",
            "error: specs/test.yaml: endpoints.pets.get.params: the pagination scheme `pages` limits the page size with the query parameter `count`; declare it under `params` so callers can set it",
            "error: specs/test.yaml: endpoints.pets.get.examples.0.params.count: `count` is not a parameter of this endpoint",
            "error: specs/test.yaml: endpoints.pets.get.examples.0.response.body: the example page has no items at `items`",
        ]
    );
}

#[test]
fn a_page_inside_an_envelope_is_read_from_the_payload_and_the_error_says_so() {
    // Cloudflare's lists: the items in `result`, the page counts beside it in `result_info`.
    let spec = VALID
        .replace("defaults: {auth: [key], errors: standard}", "defaults: {auth: [key], errors: standard, envelope: cf}\nenvelopes:\n  cf: {data: result, success: {field: success, equals: true}}\npagination:\n  pages: {style: page_number, items: result, param: page, total_pages: result_info.total_pages}")
        .replace("      response: Pet\n", "      response: Pet\n      pagination: pages\n")
        .replace("{body: {id: p1, kind: cat}}", "{body: {success: true, result: [{id: p1}], result_info: {total_pages: 1}}}");
    assert_eq!(
        errors(&spec),
        ["error: specs/test.yaml: endpoints.pets.get.examples.0.response.body.result: the example page has no items at `result` inside the payload at `result`: pagination paths are read after the envelope `cf` takes the payload out\n  help: write the paths from inside `result`, or give the endpoint `envelope: none` to read them from the top of the body"]
    );
    let without_envelope = spec.replace("      pagination: pages\n", "      pagination: pages\n      envelope: none\n");
    assert_eq!(errors(&without_envelope), Vec::<String>::new());
}

#[test]
fn an_example_body_for_an_endpoint_without_a_response_says_how_to_keep_it() {
    // Shopify answers a DELETE with `{}`; an author copying it has not declared a response.
    let spec = VALID.replace("      response: Pet\n", "");
    assert_eq!(
        errors(&spec),
        ["error: specs/test.yaml: endpoints.pets.get.examples.0.response.body: this endpoint declares no `response`, so its example cannot answer with a body\n  help: declare the endpoint's `response` type (`any` for a body not worth a model, such as `{}`), or leave the body out of the example: the client does not read it"]
    );
    let with_any = VALID.replace("      response: Pet\n", "      response: any\n");
    assert_eq!(errors(&with_any), Vec::<String>::new());
}

#[test]
fn error_paths_index_lists_up_to_item_99() {
    // JSON:API and Cloudflare put an error's message in a list: `errors.0.detail`.
    let listed = VALID.replace("    message: error.message\n", "    message: [errors.0.detail, errors.0.message]\n    code: errors.0.code\n");
    assert_eq!(errors(&listed), Vec::<String>::new());
    let far = VALID.replace("    message: error.message\n", "    message: errors.100.detail\n    code: errors.99999999999999999999.code\n");
    assert_eq!(
        errors(&far),
        [
            "error: specs/test.yaml: errors.standard.message: `errors.100.detail` reads item 100 of a list; a number in an error path is a list index from 0 to 99",
            "error: specs/test.yaml: errors.standard.code: `errors.99999999999999999999.code` reads item 99999999999999999999 of a list; a number in an error path is a list index from 0 to 99",
        ]
    );
}

#[test]
fn error_examples_are_read_as_their_error_table_reads_them() {
    let answering = |response: &str| VALID.replace("          response: {body: {id: p1, kind: cat}}", &format!("          response: {response}"));
    assert_eq!(errors(&answering("{status: 404, body: {error: {message: No such pet.}}}")), Vec::<String>::new());
    assert_eq!(errors(&answering("{status: 503, headers: {Retry-After: \"5\"}}")), Vec::<String>::new(), "a body is not needed");
    assert_eq!(errors(&answering("{status: 502, body: Bad gateway}")), Vec::<String>::new(), "text holds no message to look for");
    assert_eq!(errors(&answering("{status: 404, body: {status: 404, errors: []}}")), Vec::<String>::new(), "nor a body without text");
    assert_eq!(
        errors(&answering("{status: 404, body: {error: {reason: Not found}}}")),
        ["error: specs/test.yaml: endpoints.pets.get.examples.0.response.body: the error table `standard` reads the message at `error.message`, which this error body does not hold: the client would return no message"]
    );
    assert_eq!(
        errors(&answering("{status: 422, body: {errors: [{detail: Name is taken.}]}}")),
        ["error: specs/test.yaml: endpoints.pets.get.examples.0.response.body: the error table `standard` reads the message at `error.message`, which this error body does not hold: the client would return no message\n  help: the body has text at `errors.0.detail`; did you mean that path in the table's `message`?"]
    );
    assert_eq!(
        errors(&answering("{status: 302, headers: {Location: /elsewhere}}")),
        ["error: specs/test.yaml: endpoints.pets.get.examples.0.response.status: `302` is neither a success nor an error status\n  help: an example shows a successful call (a 2xx status) or an error answer (4xx or 5xx), which its test checks the client returns"]
    );
    assert_eq!(
        errors(&answering("{status: 404, headers: {Content-Length: \"2\"}, body: {}}").replace("      method: GET\n", "      method: HEAD\n").replace("      response: Pet\n", "")),
        ["error: specs/test.yaml: endpoints.pets.get.examples.0.response.body: a HEAD answer has no body: HTTP leaves it out, so the client never reads this one"]
    );
    assert_eq!(
        errors(&answering("{status: 404, headers: {Content-Length: \"2\"}, body: {error: {message: gone}}}")),
        ["error: specs/test.yaml: endpoints.pets.get.examples.0.response.headers.Content-Length: `Content-Length` frames the HTTP message, which is the server's to do for the body it sends\n  help: remove it from the example"]
    );
}

#[test]
fn an_error_example_cannot_show_an_expired_session_the_client_renews() {
    let hooptap = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../specs/hooptap.yaml")).expect("the Hooptap spec");
    let example = "        - params: {id: 56e2b0d5b1b9c21100a1b2c3}\n          response: {body: {code: \"0000\", message: Success, response: *user}}\n";
    assert_eq!(hooptap.matches(example).count(), 1, "the example this test adds to");
    let with = |response: &str| hooptap.replacen(example, &format!("{example}        - params: {{id: 56e2b0d5b1b9c21100a1b2c3}}\n          response: {response}\n"), 1);
    assert_eq!(errors(&with("{status: 404, body: {message: User not found, httpErrorCode: 404}}")), Vec::<String>::new());
    let expired = errors(&with("{status: 419, body: {message: Token expired, httpErrorCode: 419}}"));
    assert_eq!(expired.len(), 1, "{expired:?}");
    assert!(expired[0].ends_with(".response: this answer says the session expired (`expired`), so the client renews the session and sends the call again instead of returning it\n  help: show another error, or none: the session's renewal is tested by the crate's own tests"), "{expired:?}");
}

/// Warnings: the spec generates, and `check_with_warnings` lists the likely mistakes.
fn warnings(yaml: &str) -> Vec<String> {
    match apigen::check_with_warnings(yaml.as_bytes(), "specs/test.yaml") {
        Ok((_, warnings)) => warnings.iter().map(ToString::to_string).collect(),
        Err(diagnostics) => panic!("expected only warnings:\n{diagnostics}"),
    }
}

#[test]
fn models_and_enums_nothing_uses_are_warned_about_but_still_generate() {
    assert_eq!(warnings(VALID), Vec::<String>::new());
    let spec = VALID.replace("enums:\n", "  Owner:\n    fields:\n      pet: Pet\nenums:\n  Size: {values: [small]}\n");
    assert_eq!(
        warnings(&spec),
        [
            "warning: specs/test.yaml: models.Owner: model `Owner` is never used: no endpoint, webhook or OAuth response refers to it, directly or through another model\n  help: remove it, or refer to it where it belongs",
            "warning: specs/test.yaml: enums.Size: enum `Size` is never used: no endpoint, webhook or OAuth response refers to it, directly or through another model\n  help: remove it, or refer to it where it belongs",
        ]
    );
    let summary = apigen::check_with_warnings(spec.as_bytes(), "specs/test.yaml").map(|(_, warnings)| warnings.to_string()).unwrap_or_default();
    assert!(summary.ends_with("2 warnings found"), "{summary}");
}

#[test]
fn a_base_url_with_credentials_is_refused_without_repeating_them() {
    let spec = VALID.replace("base_url: https://api.example.com/v1", "base_url: https://ann:hunter2@api.example.com/v1");
    let found = errors(&spec);
    assert_eq!(
        found,
        [
            "error: specs/test.yaml: base_url: a base URL cannot carry credentials (`user:password@`): the URL is published in the crate's docs and README\n  help: declare the credential as an auth scheme (`type: basic`, `type: header`, ...) under `auth`"
        ]
    );
    assert_eq!(errors(&VALID.replace("https://api.example.com/v1", "https:///v1")).len(), 1, "a base URL needs a host");
}

#[test]
fn secret_is_a_model_field_type_not_a_parameter_type() {
    let spec = VALID.replace("kind: PetKind\n", "kind: PetKind\n      pin: secret\n");
    assert_eq!(errors(&spec), Vec::<String>::new());
    let spec = VALID.replace("id: {in: path, type: string}", "id: {in: path, type: secret}");
    assert_eq!(
        errors(&spec),
        [
            "error: specs/test.yaml: endpoints.pets.get.params.id.type: a parameter cannot have type `secret`; `secret` marks credential fields of models\n  help: a credential sent as a parameter is an auth scheme: declare it under `auth`"
        ]
    );
}

#[test]
fn names_the_generated_code_uses_are_avoided_and_spec_clashes_name_both_paths() {
    // A resource named like a runtime type still generates: its handle is named `<resource>Api`,
    // apart from runtime types and models alike.
    let spec = VALID.replace("endpoints:\n  pets:", "endpoints:\n  request:");
    let api = check(spec.as_bytes(), "specs/test.yaml").expect("valid");
    assert_eq!((api.resources[0].module.as_str(), api.resources[0].type_name.as_str()), ("request", "RequestApi"));
    // A query parameter named like an operator method gets a setter that clippy accepts.
    let spec = VALID.replace("id: {in: path, type: string}", "id: {in: path, type: string}\n        add: {in: query, type: boolean}");
    let api = check(spec.as_bytes(), "specs/test.yaml").expect("valid");
    assert_eq!(api.resources[0].endpoints[0].params[1].rust, "add_");
    // A keyword endpoint: names are composed from words, not from escaped identifiers.
    let api = check(VALID.replace("    get:\n", "    self:\n").as_bytes(), "specs/test.yaml").expect("valid");
    assert_eq!((api.resources[0].endpoints[0].fn_name.as_str(), api.resources[0].endpoints[0].builder.as_str()), ("self_", "SelfRequest"));
    assert_eq!(api.resources[0].endpoints[0].examples[0].test_name, "pets_self_example_1");
}

#[test]
fn rust_name_settles_a_clash_without_changing_the_wire() {
    let clash = VALID.replace("      kind: PetKind\n", "      kind: PetKind\n      pet_kind: string\n      petKind: string\n");
    let found = errors(&clash);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("both become the field name `pet_kind`"), "{found:?}");
    let settled = clash.replace("      petKind: string\n", "      petKind: {type: string, rust_name: pet_kind_camel}\n");
    let api = check(settled.as_bytes(), "specs/test.yaml").expect("settled");
    let field = api.models[0].fields.iter().find(|field| field.wire == "petKind").expect("the field");
    assert_eq!(field.rust, "pet_kind_camel");
    assert_eq!(errors(&settled.replace("rust_name: pet_kind_camel", "rust_name: Not-An-Ident")).len(), 1);
}

#[test]
fn examples_are_checked_against_the_types_they_claim() {
    let spec = VALID.replace("response: {body: {id: p1, kind: cat}}", "response: {body: {id: 5, kind: cow}}");
    assert_eq!(
        errors(&spec),
        [
            "error: specs/test.yaml: endpoints.pets.get.examples.0.response.body.id: 5 does not fit `string`: expected a string",
            "error: specs/test.yaml: endpoints.pets.get.examples.0.response.body.kind: \"cow\" is not a value of the enum `PetKind`; expected one of: cat, dog",
        ]
    );
    let spec = VALID.replace("- params: {id: p1}", "- params: {id: \"..\"}").replace("response: {body: {id: p1, kind: cat}}", "response: {body: {id: \"..\"}}");
    assert_eq!(errors(&spec), ["error: specs/test.yaml: endpoints.pets.get.examples.0.params.id: the client refuses the path segment `..` (it would change the path)"]);
}

#[test]
fn keys_that_mean_the_same_are_one_key() {
    let spec = VALID.replace("      404: {kind: not_found}", "      404: {kind: not_found}\n      \"0404\": {kind: gone}");
    assert_eq!(errors(&spec), ["error: specs/test.yaml: errors.standard.statuses.0404: `0404` is the same status as `404`, listed already in this table"]);
    let spec = VALID.replace("defaults:", "retry: {max_attempts: 4294967296}\ndefaults:");
    assert_eq!(errors(&spec), ["error: specs/test.yaml: retry.max_attempts: `4294967296` attempts is more than the client can count; expected at most 4294967295"]);
}

#[test]
fn constant_headers_that_are_credentials_managed_repeated_or_unsendable_are_refused() {
    let spec = VALID.replace(
        "defaults:",
        "headers:\n  Authorization: Bearer abc\n  X-Api-Key: k\n  Content-Type: text/plain\n  Accept: application/vnd.pets+json\n  accept: application/json\n  X-Version:\n    value: \"1\"\n    setter: timeout\n  X-Bad: \"a\\nb\"\ndefaults:",
    );
    assert_eq!(
        errors(&spec),
        [
            "error: specs/test.yaml: headers.Authorization: `Authorization` cannot be a constant header: credentials are declared under `auth`, where they are kept secret",
            "error: specs/test.yaml: headers.X-Api-Key: `X-Api-Key` is where auth scheme `key` sends its credential, so it cannot be a constant header",
            "error: specs/test.yaml: headers.Content-Type: `Content-Type` cannot be a constant header: the body's encoding sets it",
            "error: specs/test.yaml: headers.accept: header `accept` is already declared as `Accept`; header names ignore case",
            "error: specs/test.yaml: headers.X-Bad: `a\\nb` cannot be a header's value; expected printable ASCII text, not empty, with no surrounding spaces",
            "error: specs/test.yaml: headers.X-Version.setter: `timeout` becomes the client builder method `timeout`, which the generated code already uses; rename it",
        ]
    );
    let clash = VALID.replace("defaults:", "headers: {X-Trace: t}\ndefaults:").replace("        id: {in: path, type: string}\n", "        id: {in: path, type: string}\n        X-Trace: {in: header, type: string}\n");
    assert_eq!(
        errors(&clash),
        ["error: specs/test.yaml: endpoints.pets.get.params.X-Trace: header parameter `X-Trace` is also a constant header at `headers.X-Trace`; keep one of them"]
    );
}

#[test]
fn a_total_needs_a_page_object_and_last_item_pages_need_their_paths() {
    let paged = |style: &str| {
        VALID
            .replace("defaults:", &format!("pagination:\n  paged:\n{style}\ndefaults:"))
            .replace("      response: Pet\n", "      response: Pet\n      pagination: paged\n")
            .replace("response: {body: {id: p1, kind: cat}}", "response: {body: {data: [{id: p1, kind: cat}], has_more: false}}")
    };
    let link_total = paged("    style: link_header\n    items: \"\"\n    total: count").replace("{data: [{id: p1, kind: cat}], has_more: false}", "[{id: p1, kind: cat}]");
    assert_eq!(
        errors(&link_total),
        ["error: specs/test.yaml: endpoints.pets.get.pagination: the page is the body's array itself (`items: \"\"`), so no member `count` can hold the total; remove `total` or set `items` to the array's path"]
    );
    let last_item = paged("    style: last_item\n    items: data\n    id: id\n    param: starting_after\n    has_more: has_more\n    total: count");
    assert_eq!(errors(&last_item), Vec::<String>::new(), "a total on a cursor style is taken");
    let missing = paged("    style: last_item\n    items: data\n    param: starting_after");
    assert_eq!(
        errors(&missing),
        [
            "error: specs/test.yaml: pagination.paged.id: missing required key `id` (a string)",
            "error: specs/test.yaml: pagination.paged.has_more: missing required key `has_more` (a string)",
            "error: specs/test.yaml: endpoints.pets.get.pagination: unknown pagination scheme `paged`; the spec defines no pagination schemes",
        ]
    );
}

#[test]
fn idempotency_headers_and_redirect_limits_are_checked() {
    let spec = VALID.replace("defaults:", "idempotency: {header: X-Api-Key, methods: [POST, FETCH]}\nfollow_redirects: 11\ndefaults:");
    assert_eq!(
        errors(&spec),
        [
            "error: specs/test.yaml: follow_redirects: `11` redirects; expected 1 to 10 (leave the key out to follow none)",
            "error: specs/test.yaml: idempotency.methods.1: unknown HTTP method `FETCH`; expected one of: GET, POST, PUT, PATCH, DELETE, HEAD\n  help: did you mean `PATCH`?",
            "error: specs/test.yaml: idempotency.header: `X-Api-Key` is where auth scheme `key` sends its credential, so it cannot be the idempotency-key header",
        ]
    );
    let fine = VALID.replace("defaults:", "idempotency: {header: Idempotency-Key}\nfollow_redirects: 3\ndefaults:");
    assert_eq!(errors(&fine), Vec::<String>::new());
}

#[test]
fn unions_need_distinct_specific_alternatives_and_examples_that_fit_one() {
    let spec = VALID
        .replace("models:", "unions:\n  PetRef: {of: [string, Pet]}\n  Solo: {of: [string]}\n  Vague: {of: [any, Pet, list<string>, \"list<string>\"]}\nmodels:")
        .replace("      kind: PetKind\n", "      kind: PetKind\n      parent: PetRef\n      other: Solo\n      vague: Vague\n")
        .replace("response: {body: {id: p1, kind: cat}}", "response: {body: {id: p1, kind: cat, parent: 7}}");
    assert_eq!(
        errors(&spec),
        [
            "error: specs/test.yaml: unions.Solo: a union needs at least two alternatives under `of`",
            "error: specs/test.yaml: unions.Vague.of.0: `any` fits every value, so the alternatives after it could never be chosen; a union's alternatives are specific types",
            "error: specs/test.yaml: unions.Vague.of.3: `list<string>` and `list<string>` both become the variant name `StringList`; rename one of them",
            "error: specs/test.yaml: endpoints.pets.get.examples.0.response.body.parent: 7 fits none of the alternatives of the union `PetRef`: string, Pet",
        ]
    );
}

#[test]
fn error_tables_name_known_kinds_for_retry_after_and_a_model_for_bodies() {
    let spec = VALID.replace(
        "      404: {kind: not_found}\n",
        "      403: {kind: forbidden, with_retry_after: rate_limted}\n      404: {kind: not_found}\n    codes:\n      \"7\": {kind: busy, with_retry_after: rate_limited}\n    model: Pett\n",
    );
    assert_eq!(
        errors(&spec),
        [
            "error: specs/test.yaml: errors.standard.statuses.403.with_retry_after: unknown error kind `rate_limted`; expected one of: bad_gateway, busy, forbidden, gateway_timeout, not_found, rate_limited, service_unavailable\n  help: did you mean `rate_limited`?",
            "error: specs/test.yaml: errors.standard.codes.7.with_retry_after: `with_retry_after` applies to statuses: a code already decides the kind whatever the headers",
            "error: specs/test.yaml: errors.standard.model: unknown model `Pett`; expected one of: Pet\n  help: did you mean `Pet`?",
        ]
    );
}

#[test]
fn brackets_are_a_query_style_for_lists_maps_and_models() {
    let spec = VALID.replace(
        "        id: {in: path, type: string}\n",
        "        id: {in: path, type: string}\n        filter: {in: query, type: Pet, style: brackets}\n        tags: {in: query, type: \"map<string>\", style: brackets}\n        X-Tags: {in: header, type: \"list<string>\", style: brackets}\n",
    );
    assert_eq!(
        errors(&spec),
        ["error: specs/test.yaml: endpoints.pets.get.params.X-Tags: `style: brackets` writes query parameters (`name[key]=v`); a path or header parameter is one value"]
    );
}

#[test]
fn files_are_fields_of_multipart_bodies_only() {
    let spec = VALID
        .replace("      kind: PetKind\n", "      kind: PetKind\n      photo: file\n")
        .replace("        - params: {id: p1}\n", "      body_encoding: multipart\n      examples:\n        - params: {id: p1}\n")
        .replacen("      examples:\n      body_encoding", "      body_encoding", 1);
    let errors = errors(&spec);
    assert!(errors.iter().any(|error| error.contains("models.Pet.fields.photo") && error.contains("a `file` is sent as one part of a multipart body")), "{errors:?}");
    assert!(errors.iter().any(|error| error.contains("endpoints.pets.get.body_encoding: a `multipart` body is a model")), "{errors:?}");
}

#[test]
fn package_metadata_is_what_cargo_and_crates_io_accept() {
    let spec = VALID.replace(
        "defaults:",
        "package:\n  version: 1.02.0\n  publish: yes\n  license: \"MIT/Apache\"\n  repository: git@example.com:shop.git\n  keywords: [pets, 9lives, a-keyword-much-too-long]\n  categories: [API Bindings, a, b, c, d, e]\ndefaults:",
    );
    assert_eq!(
        errors(&spec),
        [
            "error: specs/test.yaml: package.publish: expected `true` or `false`, found a string",
            "error: specs/test.yaml: package.version: `1.02.0` is not a version; expected `MAJOR.MINOR.PATCH` such as `0.1.0`, optionally with `-pre` and `+build`",
            "error: specs/test.yaml: package.license: `MIT/Apache` is not a license expression; expected SPDX names joined by `OR`, `AND`, `WITH`, such as `MIT OR Apache-2.0`",
            "error: specs/test.yaml: package.repository: `git@example.com:shop.git` is not a link; expected an `https://` URL without spaces, quotes or angle brackets",
            "error: specs/test.yaml: package.keywords.1: `9lives` is not a crates.io keyword; expected ASCII letters, digits, `_`, `-` or `+`, starting with a letter, at most 20 characters",
            "error: specs/test.yaml: package.keywords.2: `a-keyword-much-too-long` is not a crates.io keyword; expected ASCII letters, digits, `_`, `-` or `+`, starting with a letter, at most 20 characters",
            "error: specs/test.yaml: package.categories.0: `API Bindings` is not a crates.io category slug; expected lowercase words joined by `-`, nested with `::`\n  help: see https://crates.io/category_slugs",
            "error: specs/test.yaml: package.categories: 6 categories; crates.io takes at most five",
        ]
    );
    let fine = VALID.replace(
        "defaults:",
        "package:\n  version: 2.0.0-beta.1+build.5\n  publish: true\n  license: MIT OR Apache-2.0\n  repository: https://github.com/example/petshop\n  keywords: [pets, api]\n  categories: [api-bindings, web-programming::http-client]\ndefaults:",
    );
    assert_eq!(errors(&fine), Vec::<String>::new());
}
