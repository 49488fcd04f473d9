//! Input safety and secrets through a generated client with header parameters, a page-size limit
//! and a query-parameter API key (the `petshop` fixture crate).

use petshop::{Client, Error};
use scenarios::fault_server::{Fault, FaultServer};
use serde_json::json;

fn client(server: &FaultServer) -> Client {
    Client::builder().token("tok_5ecret").partner_key("pk_5ecret").base_url(server.uri()).build().expect("client builds")
}

#[tokio::test]
async fn header_values_with_line_breaks_are_refused_before_sending() {
    let server = FaultServer::start(vec![]).await;
    for value in ["a\r\nX-Injected: 1", "a\nb", "a\rb"] {
        let error = client(&server).pets().get("p1").x_trace(value).send().await.expect_err("refused");
        match error {
            Error::InvalidArgument(argument) => {
                assert_eq!(argument.name, "X-Trace");
                assert!(argument.reason.contains("CR or LF"), "{argument}");
            }
            other => panic!("expected an invalid argument, got {other:?}"),
        }
    }
    assert_eq!(server.requests(), 0);
}

#[tokio::test]
async fn the_page_size_maximum_is_enforced() {
    let page = Fault::json(200, json!({"success": true, "data": {"items": [], "paging": {"total_pages": 1}}}));
    let server = FaultServer::start(vec![page]).await;
    let error = client(&server).pets().list().per_page(51).send().await.expect_err("51 is above the maximum");
    match &error {
        Error::InvalidArgument(argument) => {
            assert_eq!(argument.name, "per_page");
            assert_eq!(argument.reason, "51 is more than the largest page size, 50");
        }
        other => panic!("expected an invalid argument, got {other:?}"),
    }
    let error = client(&server).pets().list().per_page(0).send().await.expect_err("an empty page");
    assert!(matches!(&error, Error::InvalidArgument(argument) if argument.reason == "a page holds at least 1 item"), "{error:?}");
    assert_eq!(server.requests(), 0);
    client(&server).pets().list().per_page(50).send().await.expect("50 is allowed");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn a_query_parameter_key_goes_on_the_wire_but_never_into_errors() {
    let server = FaultServer::start(vec![Fault::json(200, json!([])), Fault::json(401, json!({"error": {"message": "bad key"}}))]).await;
    let client = Client::builder().partner_key("pk_5ecret").partner_key_in_query().base_url(server.uri()).build().unwrap();
    client.pets().search().send().await.expect("first page");
    let seen = server.seen();
    assert!(seen[0].target.contains("apiKey=pk_5ecret"), "{:?}", seen[0]);
    assert!(!seen[0].headers.iter().any(|(name, _)| name == "x-api-key"), "the header placement is replaced");
    let error = client.pets().search().send().await.expect_err("401");
    assert!(!format!("{error} {error:?} {client:?}").contains("pk_5ecret"));
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn an_envelope_without_success_is_an_api_error_even_with_http_200() {
    let server = FaultServer::start(vec![Fault::json(200, json!({"success": false, "error": {"code": 13, "message": "Invalid API Key"}}))]).await;
    let error = client(&server).pets().get("p1").send().await.expect_err("success is false");
    let api = error.api_error().expect("an API error");
    assert_eq!(api.status, 200);
    assert_eq!(api.kind, petshop::ErrorKind::InvalidApiKey);
    assert_eq!(api.code.as_deref(), Some("13"));
    assert_eq!(api.message.as_deref(), Some("Invalid API Key"));
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn field_errors_and_request_ids_are_decoded() {
    let body = json!({"error": {"message": "Validation failed", "fields": [{"name": "name", "problem": "is required"}]}});
    let server = FaultServer::start(vec![Fault::json_with(422, &[("X-Request-Id", "req-42")], body)]).await;
    let error = client(&server).pets().create("", petshop::models::Species::Cat).send().await.expect_err("422");
    let api = error.api_error().expect("an API error");
    assert_eq!(api.kind, petshop::ErrorKind::Invalid);
    assert_eq!(api.request_id.as_deref(), Some("req-42"));
    assert_eq!(api.field_errors.len(), 1);
    assert_eq!((api.field_errors[0].field.as_str(), api.field_errors[0].message.as_str()), ("name", "is required"));
    assert!(error.report().to_string().contains("name: is required"), "{error}");
}

#[tokio::test]
async fn the_method_override_sends_delete_as_post_with_the_header() {
    let server = FaultServer::start(vec![Fault::raw(204, "application/json", b""), Fault::raw(204, "application/json", b"")]).await;
    let plain = client(&server);
    plain.pets().delete("p1").send().await.expect("plain DELETE");
    let overridden = Client::builder().token("tok").base_url(server.uri()).method_override(true).build().unwrap();
    overridden.pets().delete("p1").send().await.expect("overridden DELETE");
    let seen = server.seen();
    assert_eq!(seen[0].method, "DELETE");
    assert!(!seen[0].headers.iter().any(|(name, _)| name == "x-http-method-override"));
    assert_eq!(seen[1].method, "POST");
    assert!(seen[1].headers.contains(&("x-http-method-override".to_owned(), "DELETE".to_owned())), "{:?}", seen[1]);
}

#[tokio::test]
async fn raw_bodies_and_raw_responses_keep_their_bytes_and_content_types() {
    let image: Vec<u8> = (0..=255).collect();
    let server = FaultServer::start(vec![
        Fault::json(201, json!({"success": true, "data": {"id": "ph1"}})),
        Fault::raw(200, "image/png", &image),
    ])
    .await;
    let photo = client(&server).photos().upload("p1", "image/png", image.clone()).send().await.expect("upload");
    assert_eq!(photo.id, "ph1");
    let downloaded = client(&server).photos().download("p1").send().await.expect("download");
    assert_eq!(downloaded.as_ref(), image.as_slice());
    let seen = server.seen();
    assert!(seen[0].headers.contains(&("content-type".to_owned(), "image/png".to_owned())));
    assert!(seen[1].headers.contains(&("accept".to_owned(), "*/*".to_owned())));
    let error = client(&server).photos().upload("p1", "image/png\r\nX-Evil: 1", Vec::new()).send().await.expect_err("bad content type");
    assert!(matches!(error, Error::InvalidArgument(_)), "{error:?}");
}
