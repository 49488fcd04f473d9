//! The adversarial corpus: small specs that try to break the promise to spec authors, "if
//! `validate` says ok, the crate builds, passes clippy and rustdoc with `-D warnings`, and its
//! tests pass". Each case is a variation of one base spec: names that are keywords or clash with
//! what the generated code declares, odd text, wrong examples, extreme values, and valid shapes
//! that could leave dead code. A case must either be refused with diagnostics that point at a
//! line and column, or generate a crate; the crates are built, linted, documented and tested
//! together in one scratch workspace under `target/adversarial`, sharing the main `target/`.

use std::fmt::Write as _;
use std::path::Path;

/// One spec of the corpus.
pub struct Case {
    /// What it tries, in a few words; also its crate name when it does not set one.
    pub name: String,
    /// The spec.
    pub spec: String,
}

/// The base spec. Upper-case placeholders are replaced per case ([`Slots`]).
const BASE: &str = r#"name: CRATE
title: TITLE
description: DESCRIPTION
base_url: https://api.example.com/v1
defaults: {auth: [SCHEME], errors: standard}
auth:
  SCHEME: {type: header, name: X-Api-Key}
errors:
  standard:
    message: error.message
    statuses:
      404: {kind: KIND}
      5xx: {kind: server_error, retryable: true}
enums:
  Size:
    doc: ENUM_DOC
    values: [small, VALUE]
models:
  MODEL:
    doc: MODEL_DOC
    fields:
      id: {type: string, required: true}
      size: Size
      FIELD: {type: integer, nullable: true, doc: FIELD_DOC}
pagination:
  numbered: {style: page_number, items: items, param: page}
endpoints:
  RESOURCE:
    ENDPOINT:
      doc: ENDPOINT_DOC
      method: GET
      path: /items/{id}
      params:
        id: {in: path, type: string}
        PARAM: {in: query, type: boolean}
      response: MODEL
      examples:
        - params: {id: i1, PARAM: true}
          response: {body: {id: i1, size: VALUE, FIELD: 2}}
    create:
      method: POST
      path: /items
      body: MODEL
      response: MODEL
      examples:
        - body: {id: i2, size: small, FIELD: 3}
          response: {status: 201, body: {id: i2}}
    list:
      method: GET
      path: /items
      params:
        page: {in: query, type: integer}
      pagination: numbered
      response: MODEL
      examples:
        - params: {page: 1}
          response: {body: {items: [{id: i1}]}}
"#;

/// The values of the base spec's placeholders.
#[derive(Clone)]
struct Slots {
    crate_name: String,
    title: String,
    description: String,
    scheme: String,
    kind: String,
    value: String,
    model: String,
    field: String,
    resource: String,
    endpoint: String,
    param: String,
    enum_doc: String,
    model_doc: String,
    field_doc: String,
    endpoint_doc: String,
}

impl Slots {
    fn new(crate_name: &str) -> Self {
        Self {
            crate_name: crate_name.to_owned(),
            title: "Corpus".to_owned(),
            description: "A spec of the adversarial corpus.".to_owned(),
            scheme: "key".to_owned(),
            kind: "not_found".to_owned(),
            value: "large".to_owned(),
            model: "Item".to_owned(),
            field: "count".to_owned(),
            resource: "items".to_owned(),
            endpoint: "get".to_owned(),
            param: "verbose".to_owned(),
            enum_doc: "A size.".to_owned(),
            model_doc: "An item.".to_owned(),
            field_doc: "How many.".to_owned(),
            endpoint_doc: "Gets an item.".to_owned(),
        }
    }

    /// The spec text: every placeholder replaced by its value as a YAML double-quoted string
    /// (JSON's string syntax is YAML's), so any text can go anywhere.
    fn render(&self) -> String {
        let quoted = |text: &str| serde_json::to_string(text).unwrap_or_default();
        // Longest placeholders first, so that `MODEL_DOC` is not taken for `MODEL`.
        let pairs = [
            ("ENDPOINT_DOC", &self.endpoint_doc),
            ("MODEL_DOC", &self.model_doc),
            ("FIELD_DOC", &self.field_doc),
            ("ENUM_DOC", &self.enum_doc),
            ("DESCRIPTION", &self.description),
            ("RESOURCE", &self.resource),
            ("ENDPOINT", &self.endpoint),
            ("SCHEME", &self.scheme),
            ("CRATE", &self.crate_name),
            ("TITLE", &self.title),
            ("VALUE", &self.value),
            ("MODEL", &self.model),
            ("FIELD", &self.field),
            ("PARAM", &self.param),
            ("KIND", &self.kind),
        ];
        let mut text = BASE.to_owned();
        for (placeholder, value) in pairs {
            text = text.replace(placeholder, &quoted(value));
        }
        text
    }
}

/// Every case of the corpus, with unique names.
pub fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    let mut add = |name: String, spec: String| {
        let crate_name = format!("adv-{}", cases.len());
        let spec = spec.replacen("name: \"CRATE_DEFAULT\"", &format!("name: {}", serde_json::to_string(&crate_name).unwrap_or_default()), 1);
        cases.push(Case { name, spec });
    };
    let base = || Slots::new("CRATE_DEFAULT");
    let with = |edit: &dyn Fn(&mut Slots)| {
        let mut slots = base();
        edit(&mut slots);
        slots.render()
    };

    // Names in every Rust scope the generated code declares: keywords, the names of what the
    // generated code imports or declares itself, and names that clash after case conversion.
    for name in [
        "request", "endpoint", "secret", "error_kind", "apigen_runtime", "client", "models", "error", "page", "core", "std", "serde", "self", "type",
        "Self", "crate", "super", "tests", "lib", "client_builder", "retry_policy", "rate_limit", "stream", "try_stream_ext", "3d", "a-b", "futures_util",
        "tokio", "option", "result", "string", "vec", "box", "invalid_argument", "pagination", "json_path",
        // Beside the mock server's own methods and types (`testing`).
        "testing", "calls", "start", "uri", "mock", "mock_server", "call", "example", "expire_session_once", "endpoints",
        // The crate's other cargo features, beside which each resource has its own.
        "default", "rustls", "time", "chrono", "jiff", "rust_decimal",
    ] {
        add(format!("resource `{name}`"), with(&|slots| slots.resource = name.to_owned()));
    }
    for name in [
        "clone", "new", "send", "request", "type", "self", "default", "into", "from", "fmt", "eq", "hash", "drop", "deref", "add", "sub", "div", "mul",
        "neg", "not", "next", "as_ref", "borrow", "to_string", "to_owned", "builder", "3d", "create", "list", "r#type", "from_str", "index",
    ] {
        add(format!("endpoint `{name}`"), with(&|slots| slots.endpoint = name.to_owned()));
    }
    for name in ["type", "self", "Self", "clone", "default", "body", "client", "3d", "__v", "a.b", "_", "id_", "size", "crate", "request", "new", "into", "eq"] {
        add(format!("field `{name}`"), with(&|slots| slots.field = name.to_owned()));
    }
    for name in ["client", "body", "add", "sub", "div", "self", "type", "request", "send", "new", "stream", "pages", "content_type", "data", "clone", "3d", "Self", "not", "neg"] {
        add(format!("query parameter `{name}`"), with(&|slots| slots.param = name.to_owned()));
    }
    for value in ["Self", "self", "UnknownValue", "unknown_value", "other", "3", "a b", "type", "None", "Some", "Default", "small_", "SMALL"] {
        add(format!("enum value `{value}`"), with(&|slots| slots.value = value.to_owned()));
    }
    for name in [
        "Self", "Page", "Client", "Error", "Result", "Option", "String", "Vec", "Box", "Value", "Secret", "Request", "Endpoint", "Serialize", "Default",
        "Clone", "Debug", "Send", "From", "Into", "Iterator", "ErrorKind", "Size", "3d", "self", "type", "ObjectFields", "BTreeMap", "Hash", "Sized", "Copy",
        "PartialEq", "fmt", "Formatter", "Deserializer", "Stream", "Duration",
    ] {
        add(format!("model `{name}`"), with(&|slots| slots.model = name.to_owned()));
    }
    for name in ["other", "Other", "self", "type", "3", "a-b", "server_error", "as_str", "classify", "UnknownValue"] {
        add(format!("error kind `{name}`"), with(&|slots| slots.kind = name.to_owned()));
    }
    for name in ["base_url", "build", "timeout", "type", "self", "new", "retry_policy", "user_agent", "3d", "configure_http", "max_response_bytes", "credential"] {
        add(format!("auth scheme `{name}`"), with(&|slots| slots.scheme = name.to_owned()));
    }
    for name in ["self", "test", "tokio", "apigen-runtime", "apigen_runtime", "async", "std", "core", "alloc", "proc_macro", "serde", "wiremock", "crate", "type"] {
        add(format!("crate name `{name}`"), Slots::new(name).render());
    }
    // Two names that clash once converted, one of them the emitter's own.
    add("resource `get_request` beside endpoint `get`".to_owned(), with(&|slots| slots.resource = "get_request".to_owned()));
    add("fields `count` and `clear_count`".to_owned(), with(&|_| ()).replace("      \"count\": {type: integer", "      clear_count: {type: integer, nullable: true}\n      \"count\": {type: integer"));
    add(
        "test names `a.b_x` and `a_b.x`".to_owned(),
        format!("{}  a:\n    b_x:\n      method: DELETE\n      path: /z\n      examples: [{{}}]\n", with(&|slots| {
            slots.resource = "a_b".to_owned();
            slots.endpoint = "x".to_owned();
        })),
    );

    add(
        "a webhook test named like an endpoint test".to_owned(),
        format!(
            "{}webhooks:\n  get:\n    payload: Item\n    examples: [{{id: w1}}]\n",
            with(&|slots| slots.resource = "webhook".to_owned()).replacen("          response: {body: {id: i1, size: \"large\", \"count\": 2}}", "          name: example 1\n          response: {body: {id: i1, size: \"large\", \"count\": 2}}", 1)
        ),
    );

    // Free text, copied into rustdoc, READMEs and Cargo.toml.
    for (label, text) in [
        ("brackets", "See [Foo] and [the docs]."),
        ("angle brackets", "Returns a Vec<T> or <b>bold</b> or a < b > c."),
        ("a prose fence", "Example:\n```\nthis is not rust\n```"),
        ("a rust fence that panics", "```rust\npanic!(\"boom\")\n```"),
        ("an indented code block", "Intro.\n\n    not rust at all\n\nOutro."),
        ("a carriage return", "one\rtwo"),
        ("a NUL", "nul\u{0}byte"),
        ("comment closers", "*/ /* //! ///"),
        ("quotes and backslashes", "say \"hi\" \\ and 'bye' \\n"),
        ("an unbalanced backtick", "a `b"),
        ("a bare URL", "See https://docs.example.com/page?x=1 for more."),
        ("a link", "See [the docs](https://docs.example.com)."),
        ("HTML", "<script>alert(1)</script> <details>"),
        ("a tab and emoji", "tab\there 🦀 done"),
        ("a line separator", "one\u{2028}two"),
        ("braces", "}}} {{{ {} %s {0}"),
        ("a heading", "# Heading\n## Sub"),
        ("an attribute", "#[doc(hidden)]\n#![allow(warnings)]"),
        ("a doc test attribute", "```should_panic\nassert!(false);\n```"),
        ("an empty text", ""),
        ("only spaces", "   "),
        ("a footnote and a table", "x[^1]\n\n[^1]: note\n\n| a | b |\n|---|---|\n| 1 | 2 |"),
    ] {
        add(format!("text with {label}"), with(&|slots| {
            slots.description = text.to_owned();
            slots.title = format!("T {text}");
            slots.enum_doc = text.to_owned();
            slots.model_doc = text.to_owned();
            slots.field_doc = text.to_owned();
            slots.endpoint_doc = text.to_owned();
        }));
    }
    let base_text = with(&|_| ());
    // A success flag on every answer: refused where the examples lack it (the client would take
    // their answers for errors), a crate whose tests pass where they carry it.
    let flagged = base_text.replacen("errors: standard}", "errors: standard, envelope: flagged}\nenvelopes:\n  flagged: {data: \"\", success: {field: ok, equals: true}}", 1);
    add("examples without their envelope's success flag".to_owned(), flagged.clone());
    let with_flag = flagged.replace("response: {body: {", "response: {body: {ok: true, ").replace("response: {status: 201, body: {", "response: {status: 201, body: {ok: true, ");
    add("examples with their envelope's success flag".to_owned(), with_flag.clone());
    let delete = "    delete:\n      method: DELETE\n      path: /items/{id}\n      params:\n        id: {in: path, type: string}\n      examples:\n        - params: {id: i1}\n          response: {status: 204}\n";
    add("a 204 answer with no body to hold the success flag".to_owned(), format!("{with_flag}{delete}"));
    // Error examples: each is a test that the call, sent once, returns the error as the table reads it.
    let error_examples = |text: &str| {
        text.replacen("          response: {status: 201, body: {ok: true, id: i2}}\n", "          response: {status: 201, body: {ok: true, id: i2}}\n        - body: {id: i3}\n          response: {status: 400, body: {ok: false, error: {message: Bad item}}}\n", 1)
            .replacen("          response: {status: 201, body: {id: i2}}\n", "          response: {status: 201, body: {id: i2}}\n        - body: {id: i3}\n          response: {status: 429, headers: {Retry-After: \"1\"}, body: {error: {message: Slow down, code: E7}}}\n", 1)
            .replacen(
                "          response: {body: {items: [{id: i1}]}}\n",
                "          response: {body: {items: [{id: i1}]}}\n        - params: {page: 2}\n          response: {status: 503, body: {errors: [{message: Down}]}}\n        - params: {page: 3}\n          response: {status: 500, body: \"<html>oops</html>\"}\n",
                1,
            )
            .replacen("    message: error.message\n", "    message: [error.message, errors.0.message]\n    code: error.code\n    codes:\n      \"E7\": {kind: invalid}\n", 1)
    };
    let optional_body = "    update:\n      method: PATCH\n      path: /items/{id}\n      params:\n        id: {in: path, type: string}\n      body: Patch\n      response: MODEL_NAME\n      examples:\n        - params: {id: i1}\n          response: {body: {id: i1}}\n";
    add(
        "an example that sets no field of an optional body (the client sends `{}`)".to_owned(),
        format!("{}{}", base_text.replacen("pagination:\n", "  Patch:\n    fields:\n      size: Size\npagination:\n", 1), optional_body.replace("MODEL_NAME", &serde_json::to_string(&base().model).unwrap_or_default())),
    );
    add("error examples: a coded 429 on a POST, a 503 and an HTML 500 on a list".to_owned(), error_examples(&base_text));
    add("an error example whose envelope flags failure".to_owned(), error_examples(&with_flag));
    add("an example answer with a Content-Length of its own".to_owned(), base_text.replacen("response: {status: 201, body: {id: i2}}", "response: {status: 201, headers: {Content-Length: \"2\"}, body: {id: i2}}", 1));
    add(
        "more items announced after a last item without its id".to_owned(),
        base_text
            .replacen("numbered: {style: page_number, items: items, param: page}", "numbered: {style: last_item, items: items, id: size, param: after, has_more: more}", 1)
            .replacen("response: {body: {items: [{id: i1}]}}", "response: {body: {more: true, items: [{id: i1}]}}", 1),
    );
    add("error paths through a list (`errors.0.message`)".to_owned(), base_text.replacen("    message: error.message\n", "    message: [errors.0.detail, errors.99.message]\n    code: errors.0.code\n", 1));
    add("searches whose cursor, offsets and page size go in the JSON body (`in: body`)".to_owned(), BODY_PAGINATION.to_owned());
    add("a base URL with placeholders".to_owned(), base_text.replacen("base_url: https://api.example.com/v1", "base_url: \"https://{subdomain}.example.com/{tenant}/v1\"", 1));
    // Answers that HTTP gives no body.
    add("a 204 example with a body".to_owned(), base_text.replacen("response: {status: 201, body: {id: i2}}", "response: {status: 204, body: {id: i2}}", 1));
    add("a HEAD endpoint with a response".to_owned(), base_text.replacen("      method: GET\n      path: /items/{id}", "      method: HEAD\n      path: /items/{id}", 1));
    add("api_version and docs_url with odd text".to_owned(), base_text.replacen("base_url:", "api_version: \"2024\\n\\\"x\\\"\"\ndocs_url: \"https://docs.example.com/a b?\\\"q\\\"\"\nbase_url:", 1));

    // Examples that do not fit their endpoint, and values the runtime refuses.
    for (label, from, to) in [
        ("a string for an integer field", "\"count\": 3}", "\"count\": \"three\"}"),
        ("a float for an integer field", "\"count\": 3}", "\"count\": 3.5}"),
        ("an integer past i64", "\"count\": 3}", "\"count\": 9223372036854775808}"),
        ("an unknown body member", "\"count\": 3}", "\"count\": 3, surprise: 1}"),
        ("a missing required body member", "- body: {id: i2, ", "- body: {"),
        ("an enum value not in the enum", "size: small, ", "size: medium, "),
        ("a wrong response member type", "body: {id: i1, size:", "body: {id: 5, size:"),
        ("a missing required response member", "response: {status: 201, body: {id: i2}}", "response: {status: 201, body: {size: small}}"),
        ("a response item of the wrong type", "items: [{id: i1}]", "items: [7]"),
        ("a path segment `..`", "params: {id: i1,", "params: {id: \"..\","),
        ("an empty path segment", "params: {id: i1,", "params: {id: \"\","),
        ("a path segment with a slash", "params: {id: i1,", "params: {id: \"a/b\","),
        ("a query value of the wrong type", "\"verbose\": true}", "\"verbose\": \"yes\"}"),
        ("a page number below zero", "params: {page: 1}", "params: {page: -1}"),
    ] {
        add(format!("example with {label}"), base_text.replacen(from, to, 1));
    }
    add(
        "a header parameter with a newline".to_owned(),
        with_param(&base_text, "X-Trace: {in: header, type: string}", "X-Trace: \"a\\nb\""),
    );
    add(
        "a header parameter with spaces around it".to_owned(),
        with_param(&base_text, "X-Trace: {in: header, type: string}", "X-Trace: \" a b \""),
    );
    let number_field = base_text.replace("{type: integer, nullable: true", "{type: number, nullable: true");
    add("whole numbers in a number field".to_owned(), number_field.clone());
    add("whole numbers in a number field of a form body".to_owned(), number_field.replacen("errors: standard}", "errors: standard, body_encoding: form}", 1));
    add(
        "a header parameter with non-ASCII".to_owned(),
        with_param(&base_text, "trace: {in: header, type: string}", "trace: \"é\""),
    );
    add(
        "a header name with a space".to_owned(),
        with_param(&base_text, "\"x trace\": {in: header, type: string}", "\"x trace\": a"),
    );
    for (label, value) in [("1e-7", "1e-7"), ("2.0", "2.0"), ("a large float", "1.0e300"), ("negative zero", "-0.0")] {
        add(
            format!("a number query value {label}"),
            with_param(&base_text, "ratio: {in: query, type: number}", &format!("ratio: {value}")),
        );
    }
    add(
        "a date field with a bad date".to_owned(),
        base_text.replacen("      id: {type: string, required: true}", "      id: {type: string, required: true}\n      born: date", 1).replacen("- body: {id: i2,", "- body: {born: \"2024-02-30\", id: i2,", 1),
    );
    add(
        "a money field with bad money".to_owned(),
        base_text.replacen("      id: {type: string, required: true}", "      id: {type: string, required: true}\n      price: money", 1).replacen("- body: {id: i2,", "- body: {price: \"12 euros\", id: i2,", 1),
    );
    add(
        "a date_time field with a bad time".to_owned(),
        base_text.replacen("      id: {type: string, required: true}", "      id: {type: string, required: true}\n      at: date_time", 1).replacen("body: {id: i1, size:", "body: {at: \"yesterday\", id: i1, size:", 1),
    );

    // Values that must fit the runtime's types, and keys that mean the same.
    for (label, from, to) in [
        ("max_attempts past u32", "defaults:", "retry: {max_attempts: 4294967296}\ndefaults:"),
        ("a huge backoff", "defaults:", "retry: {initial_backoff_ms: 18446744073709551615}\ndefaults:"),
        ("zero attempts", "defaults:", "retry: {max_attempts: 0}\ndefaults:"),
        ("a rate limit of zero requests", "defaults:", "rate_limits: [{requests: 0, per_seconds: 1}]\ndefaults:"),
        ("statuses 404 and \"0404\"", "      5xx:", "      \"0404\": {kind: gone}\n      5xx:"),
        ("classes 5xx and 5XX", "      5xx:", "      5XX: {kind: boom}\n      5xx:"),
        ("status 999", "      5xx:", "      999: {kind: odd}\n      5xx:"),
        ("codes 13 and \"13\"", "    statuses:", "    code: error.code\n    codes:\n      13: {kind: a}\n      \"13\": {kind: b}\n    statuses:"),
        ("equal integer enum values", "enums:\n", "enums:\n  Level: {values: [{value: 1, name: one}, {value: 1, name: uno}]}\n"),
        ("a base URL without a host", "base_url: https://api.example.com/v1", "base_url: \"https:///v1\""),
        ("a base URL with only a port", "base_url: https://api.example.com/v1", "base_url: \"https://:443/v1\""),
        ("a base URL with credentials", "base_url: https://api.example.com/v1", "base_url: \"https://u:p@api.example.com/v1\""),
        ("a base URL with spaces", "base_url: https://api.example.com/v1", "base_url: \"https://api.example.com/a b\""),
        ("a page size max of zero", "{style: page_number, items: items, param: page}", "{style: page_number, items: items, param: page, page_size: {param: per_page, max: 0}}"),
        ("a huge page size max", "{style: page_number, items: items, param: page}", "{style: page_number, items: items, param: page, page_size: {param: per_page, max: 18446744073709551616}}"),
        ("a negative retry count", "defaults:", "retry: {max_attempts: -1}\ndefaults:"),
        ("a null key", "defaults:", "~: 1\ndefaults:"),
        ("a list key", "defaults:", "? [a, b]\n: 1\ndefaults:"),
        ("an enum value with a bad name", "values: [small, \"large\"]", "values: [small, {value: 9223372036854775808, name: big}]"),
        ("an integer enum past i64", "values: [small, \"large\"]", "values: [1, 9223372036854775808]"),
    ] {
        add(format!("value: {label}"), base_text.replacen(from, to, 1));
    }
    for name in ["3d", "État", "_x", "a b", "Self"] {
        add(format!("a model named `{name}` referred to"), with(&|slots| slots.model = name.to_owned()));
    }

    // Valid shapes that could leave an unused import, static or method.
    add("no examples at all".to_owned(), strip_examples(&base_text));
    add("a second error table nobody uses".to_owned(), base_text.replacen("enums:", "  spare:\n    statuses:\n      400: {kind: bad}\nenums:", 1));
    add(
        "session-only auth".to_owned(),
        base_text
            .replacen("  \"key\": {type: header, name: X-Api-Key}", "  \"key\":\n    type: bearer\n    session: {login: [items.create], token: id}", 1)
            .replacen("    create:\n      method: POST", "    create:\n      auth: []\n      method: POST", 1),
    );
    add(
        "a body model with nine required fields".to_owned(),
        base_text.replacen(
            "      id: {type: string, required: true}\n      size:",
            "      id: {type: string, required: true}\n      a1: {type: integer, required: true}\n      a2: {type: integer, required: true}\n      a3: {type: integer, required: true}\n      a4: {type: integer, required: true}\n      a5: {type: integer, required: true}\n      a6: {type: integer, required: true}\n      a7: {type: integer, required: true}\n      a8: {type: integer, required: true}\n      size:",
            1,
        )
        .replace("{id: i2, ", "{id: i2, a1: 1, a2: 2, a3: 3, a4: 4, a5: 5, a6: 6, a7: 7, a8: 8, ")
        .replace("body: {id: i1, size:", "body: {id: i1, a1: 1, a2: 2, a3: 3, a4: 4, a5: 5, a6: 6, a7: 7, a8: 8, size:")
        .replace("body: {id: i2}}", "body: {id: i2, a1: 1, a2: 2, a3: 3, a4: 4, a5: 5, a6: 6, a7: 7, a8: 8}}")
        .replace("items: [{id: i1}]", "items: [{id: i1, a1: 1, a2: 2, a3: 3, a4: 4, a5: 5, a6: 6, a7: 7, a8: 8}]"),
    );
    add(
        "a tri-state nested type".to_owned(),
        base_text.replacen("      id: {type: string, required: true}", "      id: {type: string, required: true}\n      deep: {type: \"list<map<list<map<string>>>>\", nullable: true}", 1),
    );
    add("no auth scheme at all".to_owned(), base_text.replacen("defaults: {auth: [\"key\"], errors: standard}", "defaults: {errors: standard}", 1).replacen("auth:\n  \"key\": {type: header, name: X-Api-Key}\n", "", 1));
    add("no endpoints at all".to_owned(), "name: \"CRATE_DEFAULT\"\ntitle: Corpus\nbase_url: https://api.example.com/v1\nauth:\n  key: {type: header, name: X-Api-Key}\nendpoints: {}\n".to_owned());
    add(
        "an integer argument beyond i32".to_owned(),
        base_text.replacen("\"verbose\": {in: query, type: boolean}", "\"verbose\": {in: query, type: integer}", 1).replacen("\"verbose\": true}", "\"verbose\": 5000000000}", 1),
    );
    add(
        "an argument documented over several lines".to_owned(),
        base_text.replacen("      id: {type: string, required: true}", "      id: {type: string, required: true, doc: \"The id,\\nfor `push` a name.\\nFor `totp`, the account.\\n- not a list item\\n\\n1. nor this\"}", 1),
    );
    add(
        "seven required arguments".to_owned(),
        base_text
            .replacen("      path: /items/{id}\n      params:\n        id: {in: path, type: string}", "      path: /items/{id}/{b}/{c}/{d}/{e}/{f}/{g}\n      params:\n        id: {in: path, type: string}\n        b: {in: path, type: string}\n        c: {in: path, type: string}\n        d: {in: path, type: string}\n        e: {in: path, type: string}\n        f: {in: path, type: string}\n        g: {in: path, type: integer}", 1)
            .replacen("params: {id: i1, ", "params: {b: b, c: c, d: d, e: e, f: f, g: 7, id: i1, ", 1),
    );
    add("a path parameter only".to_owned(), base_text.replacen("        \"verbose\": {in: query, type: boolean}\n", "", 1).replacen("params: {id: i1, \"verbose\": true}", "params: {id: i1}", 1));
    cases
}

/// `spec` with one more parameter of the first endpoint, declared as `declaration` (`name: {in:
/// header, type: string}`) and given in its example as `example` (`name: value`).
fn with_param(spec: &str, declaration: &str, example: &str) -> String {
    let params = "        \"verbose\": {in: query, type: boolean}";
    spec.replacen(params, &format!("        {declaration}\n{params}"), 1).replacen("params: {id: i1,", &format!("params: {{{example}, id: i1,"), 1)
}

/// Where the OpenAPI documents of the importer's own tests are.
const IMPORT_FIXTURES: &str = "generator/codegen/tests/fixtures/openapi";

/// The draft specs `import-openapi` writes from each provider's OpenAPI export
/// (`generated/<name>/openapi.yaml`) and from the importer's test documents, as cases whose
/// crates are named `imported-<name>`.
pub fn imported_documents(root: &Path) -> Result<Vec<Case>, String> {
    let mut sources: Vec<(String, String)> = Vec::new();
    for spec in crate::spec_files(root)? {
        let Some(name) = spec.file_stem().map(|stem| stem.to_string_lossy().into_owned()) else { continue };
        sources.push((name.clone(), format!("generated/{name}/openapi.yaml")));
    }
    let fixtures = std::fs::read_dir(root.join(IMPORT_FIXTURES)).map_err(|error| format!("cannot read {IMPORT_FIXTURES}: {error}"))?;
    let mut documents: Vec<String> = fixtures.filter_map(Result::ok).map(|entry| entry.file_name().to_string_lossy().into_owned()).collect();
    documents.sort();
    for document in documents {
        let name = document.split('.').next().unwrap_or_default().to_owned();
        sources.push((name, format!("{IMPORT_FIXTURES}/{document}")));
    }
    let mut cases = Vec::new();
    for (name, source) in sources {
        let bytes = std::fs::read(root.join(&source)).map_err(|error| format!("cannot read {source}: {error}"))?;
        let imported = apigen::import::import(&bytes, &source, &format!("imported-{name}")).map_err(|error| format!("importing {source}: {error}"))?;
        cases.push(Case { name: format!("imported from {source}"), spec: imported.text });
    }
    Ok(cases)
}

/// `spec` without its `examples:` blocks.
fn strip_examples(spec: &str) -> String {
    let mut out = String::new();
    let mut skipping: Option<usize> = None;
    for line in spec.lines() {
        let indent = line.len() - line.trim_start().len();
        if let Some(level) = skipping {
            if indent > level || line.trim().is_empty() {
                continue;
            }
            skipping = None;
        }
        if line.trim_start().starts_with("examples:") {
            skipping = Some(indent);
            continue;
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

/// What became of the cases.
pub struct Outcome {
    /// Cases refused with located diagnostics: the case and its first error.
    pub refused: Vec<String>,
    /// Cases generated into the scratch workspace.
    pub generated: Vec<String>,
    /// Problems: a panic, an internal error, or a refusal without a location.
    pub problems: Vec<String>,
    /// For each generated crate with resource features, its narrowest (`crate/feature`).
    pub narrow_features: Vec<String>,
}

/// Checks every case and writes the accepted ones' crates into `workspace` (a fresh directory
/// with its own `Cargo.toml`, whose crates depend on the runtime by path). With `rename`, each
/// crate is named after its case (for specs that share a name, such as fuzzed mutants).
pub fn prepare(root: &Path, workspace: &Path, cases: &[Case], rename: bool) -> Result<Outcome, String> {
    let _ = std::fs::remove_dir_all(workspace);
    std::fs::create_dir_all(workspace).map_err(|error| format!("cannot create {}: {error}", workspace.display()))?;
    let mut outcome = Outcome { refused: Vec::new(), generated: Vec::new(), problems: Vec::new(), narrow_features: Vec::new() };
    for (index, case) in cases.iter().enumerate() {
        let source = format!("corpus/{index:03}.yaml");
        let checked = std::panic::catch_unwind(|| apigen::check(case.spec.as_bytes(), &source));
        let api = match checked {
            Err(_) => {
                outcome.problems.push(format!("{source} ({}): the generator panicked", case.name));
                continue;
            }
            Ok(Err(diagnostics)) => {
                let unlocated: Vec<String> = diagnostics
                    .0
                    .iter()
                    .filter(|diagnostic| diagnostic.severity == apigen::Severity::Error)
                    .map(|diagnostic| diagnostic.render(&case.spec))
                    .filter(|rendered| !is_located(rendered, &source))
                    .collect();
                if unlocated.is_empty() {
                    let first = diagnostics.0.iter().find(|diagnostic| diagnostic.severity == apigen::Severity::Error).map(|diagnostic| diagnostic.message.clone()).unwrap_or_default();
                    outcome.refused.push(format!("{source} ({}): {first}", case.name));
                } else {
                    outcome.problems.push(format!("{source} ({}): refused without a line and column:\n{}", case.name, unlocated.join("\n")));
                }
                continue;
            }
            Ok(Ok(mut api)) => {
                if rename {
                    api.crate_name = format!("sample-{index:03}");
                }
                api
            }
        };
        let options = apigen::Options { runtime: apigen::RuntimeDependency::Path("../../../generator/runtime".to_owned()), ..apigen::Options::default() };
        let files = match apigen::generate_api_with(&api, &options) {
            Ok(files) => files,
            Err(error) => {
                outcome.problems.push(format!("{source} ({}): validated, then: {error}", case.name));
                continue;
            }
        };
        let dir = workspace.join(format!("case{index:03}"));
        apigen::write::write(&dir, &files).map_err(|error| format!("cannot write {}: {error}", dir.display()))?;
        std::fs::write(dir.join("spec.yaml"), format!("# {}\n{}", case.name, case.spec)).map_err(|error| error.to_string())?;
        outcome.generated.push(format!("case{index:03}"));
        outcome.narrow_features.extend(crate::narrowest_feature(&api).map(|feature| format!("{}/{feature}", api.crate_name)));
    }
    let members: Vec<String> = outcome.generated.iter().map(|name| format!("    \"{name}\",")).collect();
    // The main workspace's profiles, so that the dependencies it compiled into the shared target
    // directory are reused rather than compiled again with other settings.
    let root_manifest = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|error| format!("cannot read Cargo.toml: {error}"))?;
    let manifest = format!(
        "# Written by `cargo xtask test` from xtask/src/adversarial.rs.\n[workspace]\nresolver = \"3\"\nmembers = [\n{}\n]\n\n{}",
        members.join("\n"),
        profile_sections(&root_manifest)
    );
    std::fs::write(workspace.join("Cargo.toml"), manifest).map_err(|error| error.to_string())?;
    // The main lock file, so the corpus builds against the same dependency versions (and reuses
    // what the main workspace compiled in the shared target directory).
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).map_err(|error| error.to_string())?;
    Ok(outcome)
}

/// The `[profile...]` tables of a Cargo manifest, in order, with the lines inside them.
fn profile_sections(manifest: &str) -> String {
    let mut sections = String::new();
    let mut inside = false;
    for line in manifest.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            inside = trimmed.starts_with("[profile.");
        }
        if inside {
            sections.push_str(line);
            sections.push('\n');
        }
    }
    sections
}

/// Whether a rendered diagnostic points at `source:line:column`, as rustc does (`--> file:3:7`).
fn is_located(rendered: &str, source: &str) -> bool {
    let marker = format!("--> {source}:");
    let Some(rest) = rendered.split_once(&marker).map(|(_, rest)| rest) else { return false };
    let mut parts = rest.splitn(3, [':', ' ']);
    let digits = |part: Option<&str>| part.is_some_and(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    digits(parts.next()) && digits(parts.next())
}

/// Searches called with POST that page through members of their JSON body: a cursor and a page
/// size (as Notion's and Square's searches), and offsets inside a request wrapper.
const BODY_PAGINATION: &str = r#"name: "CRATE_DEFAULT"
title: Corpus
base_url: https://api.example.com/v1
defaults: {auth: [key], errors: standard}
auth:
  key: {type: bearer}
errors:
  standard:
    message: message
    statuses:
      404: {kind: not_found}
pagination:
  search:
    style: cursor_body
    in: body
    items: results
    cursor: next_cursor
    param: start_cursor
    page_size: {param: page_size, max: 100}
  rows:
    style: offset_limit
    in: body
    items: rows
    offset_param: from
    limit_param: size
envelopes:
  wrapped: {data: "", request: {field: params, constants: {version: 2}}}
models:
  Query:
    fields:
      filter: {type: map<any>, doc: Conditions.}
      start_cursor: {type: string, doc: Where the page starts.}
      page_size: {type: integer, doc: Items per page.}
  RowQuery:
    fields:
      q: {type: string, required: true, doc: The search.}
      from: {type: integer, doc: The first row.}
      size: {type: integer, doc: Rows per page.}
  Item:
    fields:
      id: {type: string, required: true, doc: The id.}
endpoints:
  items:
    search:
      method: POST
      path: /items/search
      idempotent: true
      body: Query
      response: Item
      pagination: search
      examples:
        - body: {filter: {done: false}, page_size: 2}
          response: {body: {results: [{id: i1}, {id: i2}], next_cursor: c3, has_more: true}}
    rows:
      method: POST
      path: /rows
      envelope: wrapped
      body: RowQuery
      response: Item
      pagination: rows
      examples:
        - body: {q: x, size: 1}
          response: {body: {rows: [{id: r1}]}}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edited_cases_apply_their_edits() {
        let cases = cases();
        let spec = |name: &str| cases.iter().find(|case| case.name == name).map(|case| case.spec.clone()).unwrap_or_default();
        assert!(spec("seven required arguments").contains("/{g}") && spec("seven required arguments").contains("g: 7"));
        assert!(spec("an argument documented over several lines").contains("not a list item"));
        assert!(spec("no auth scheme at all").contains("defaults: {errors: standard}") && !spec("no auth scheme at all").contains("X-Api-Key"));
        assert!(spec("an integer argument beyond i32").contains("5000000000") && spec("an integer argument beyond i32").contains("type: integer}"));
    }

    #[test]
    fn examples_with_their_envelope_flag_generate_and_without_it_are_refused() {
        let cases = cases();
        let check = |name: &str| {
            let case = cases.iter().find(|case| case.name == name).unwrap_or_else(|| panic!("no case `{name}`"));
            apigen::check(case.spec.as_bytes(), "case.yaml").map(|_| ()).map_err(|diagnostics| diagnostics.to_string())
        };
        assert_eq!(check("examples with their envelope's success flag"), Ok(()));
        let refused = check("examples without their envelope's success flag").expect_err("refused");
        assert_eq!(refused.matches("which this example's answer lacks").count(), 3, "{refused}");
        assert_eq!(check("a 204 answer with no body to hold the success flag"), Ok(()));
        assert!(check("a 204 example with a body").expect_err("refused").contains("a 204 answer has no body"));
        assert!(check("a HEAD endpoint with a response").expect_err("refused").contains("a HEAD endpoint declares no `response`"));
        assert!(check("an example answer with a Content-Length of its own").expect_err("refused").contains("frames the HTTP message"));
        assert!(check("a header parameter with spaces around it").expect_err("refused").contains("servers strip it"));
        assert_eq!(check("whole numbers in a number field"), Ok(()));
        assert_eq!(check("whole numbers in a number field of a form body"), Ok(()));
        assert_eq!(check("a base URL with placeholders"), Ok(()));
        assert!(check("more items announced after a last item without its id").expect_err("refused").contains("the last item needs its `size`"));
    }

    #[test]
    fn the_corpus_is_large_and_its_base_spec_is_valid() {
        let cases = cases();
        assert!(cases.len() >= 150, "{} cases", cases.len());
        let base = Slots::new("adv-base").render();
        assert!(apigen::check(base.as_bytes(), "base.yaml").is_ok(), "{:?}", apigen::check(base.as_bytes(), "base.yaml").err().map(|d| d.to_string()));
    }

    #[test]
    fn the_corpus_shares_the_workspace_profiles() {
        let manifest = "[workspace]\nmembers = []\n\n[profile.dev]\ndebug = 0\n# why\n[profile.dev.package.syn]\nopt-level = 3\n\n[workspace.dependencies]\nsyn = \"3\"\n";
        assert_eq!(profile_sections(manifest), "[profile.dev]\ndebug = 0\n# why\n[profile.dev.package.syn]\nopt-level = 3\n\n");
        let root = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml")).unwrap();
        assert!(profile_sections(&root).contains("[profile.dev.package.syn]\nopt-level = 3"), "{}", profile_sections(&root));
    }

    #[test]
    fn located_lines_are_recognised() {
        assert!(is_located("error: bad\n  --> corpus/001.yaml:12:3 (models.X)\n", "corpus/001.yaml"));
        assert!(!is_located("error: corpus/001.yaml: models.X: bad", "corpus/001.yaml"));
    }
}

