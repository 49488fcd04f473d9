//! Every provider's mock server (the `testing` feature of its crate), used as an application's
//! tests would: the client it gives answers from the spec's examples; a list stubbed with
//! constructed models comes back page by page in the provider's own pagination style and
//! envelope; an error kind stubbed comes back as that kind, however the provider encodes it
//! (statuses, codes in HTTP 200 bodies); a rate limit is waited out; an expired session is
//! renewed; recorded calls mask credentials.

use futures_util::TryStreamExt;
use std::time::Duration;

#[tokio::test]
async fn hypertrack_next_links_and_statuses() {
    use hypertrack::testing::MockServer;
    use hypertrack::{ErrorKind, models::User};
    let mock = MockServer::start().await;
    let client = mock.client();
    mock.users().list().page_size(10).returns_items((1..=25).map(|n| User::new(format!("user-{n}")).name(format!("User {n}"))));
    let users: Vec<User> = client.users().list().stream().try_collect().await.expect("every page");
    assert_eq!(users.len(), 25);
    assert_eq!((users[0].id.as_str(), users[24].id.as_str()), ("user-1", "user-25"));
    mock.users().list().assert_called(3);

    mock.users().get().fails(ErrorKind::NotFound);
    let error = client.users().get("user-1").send().await.expect_err("stubbed");
    assert_eq!((error.kind(), error.status()), (Some(ErrorKind::NotFound), Some(404)));

    let calls = mock.calls();
    assert_eq!(calls.len(), 4);
    assert_eq!(calls[1].query_value("apigen_mock_offset"), Some("10"), "the next link the mock wrote");
    assert!(calls.iter().all(|call| call.header("authorization") == Some(hypertrack::testing::REDACTED)), "{calls:?}");
}

#[test]
fn pages_are_built_for_code_that_takes_them() {
    use hypertrack::{Page, models::User};
    let mut page = Page::new(vec![User::new("u1"), User::new("u2")]);
    page.total = Some(2);
    assert_eq!((page.items.len(), page.total, page.has_next()), (2, Some(2), false));
}

#[tokio::test]
async fn hubrise_header_cursors_and_codes_in_bodies() {
    use hubrise::testing::MockServer;
    use hubrise::{ErrorKind, models::Location};
    let mock = MockServer::start().await;
    let client = mock.client();
    mock.locations().list().page_size(4).returns_items((1..=10).map(|n| Location::new(format!("loc-{n}"))));
    let locations: Vec<Location> = client.locations().list().stream().try_collect().await.expect("every page");
    assert_eq!(locations.iter().map(|location| location.id.as_str()).collect::<Vec<_>>(), (1..=10).map(|n| format!("loc-{n}")).collect::<Vec<_>>());
    let calls = mock.locations().list().calls();
    assert_eq!(calls.len(), 3);
    assert_eq!((calls[0].query_value("cursor"), calls[1].query_value("cursor")), (None, Some("4")), "the cursor the X-Cursor-Next header gave");

    mock.locations().get().once().fails_with(ErrorKind::Unauthorized, "token revoked");
    let error = client.locations().get("loc-1").send().await.expect_err("stubbed");
    assert_eq!(error.kind(), Some(ErrorKind::Unauthorized));
    assert!(error.to_string().contains("token revoked"), "{error}");
    client.locations().get("loc-1").send().await.expect("the stub answered once; the example answers now");
}

#[tokio::test]
async fn hooptap_numbered_pages_in_an_envelope_and_a_renewed_session() {
    use hooptap::testing::MockServer;
    use hooptap::{ErrorKind, models::User};
    let mock = MockServer::start().await;
    let client = mock.client();
    mock.users().list().returns_items((1..=25).map(|n| User::new(format!("u{n}")).username(format!("user {n}"))));
    let users: Vec<User> = client.users().list().stream().try_collect().await.expect("every page");
    assert_eq!(users.len(), 25, "ten to a page, in {{code, message, response}} envelopes");

    mock.expire_session_once();
    let user = client.users().get("u1").send().await.expect("renewed, then answered");
    assert!(!user.id.is_empty());
    let paths: Vec<String> = mock.calls().iter().skip(mock.users().list().calls().len()).map(|call| format!("{} {}", call.method, call.path)).collect();
    assert_eq!(paths, ["GET /user/u1", "PUT /user/mock-user/token", "GET /user/u1"], "the expiry, the renewal, the call again");

    mock.users().get().fails(ErrorKind::NotFound);
    assert_eq!(client.users().get("u1").send().await.err().and_then(|error| error.kind()), Some(ErrorKind::NotFound));
}

#[tokio::test]
async fn trackier_page_numbers_and_a_rate_limit_waited_out() {
    use trackier::testing::MockServer;
    use trackier::{ErrorKind, models::Campaign};
    let mock = MockServer::start().await;
    let client = mock.client();
    mock.campaigns().list().page_size(5).returns_items((1..=12).map(|n| Campaign::new(format!("c{n}")).title(format!("Campaign {n}"))));
    let campaigns: Vec<Campaign> = client.campaigns().list().stream().try_collect().await.expect("every page");
    assert_eq!(campaigns.len(), 12);

    mock.campaigns().list().once().rate_limited(Duration::from_secs(1));
    let page = client.campaigns().list().send().await.expect("sent again after Retry-After");
    assert_eq!(page.items.len(), 5);

    mock.campaigns().list().fails(ErrorKind::InsufficientPermission);
    let error = client.campaigns().list().send().await.expect_err("stubbed");
    assert_eq!(error.kind(), Some(ErrorKind::InsufficientPermission), "{error}");
    let key = mock.calls().last().and_then(|call| call.header("x-api-key").map(str::to_owned));
    assert_eq!(key.as_deref(), Some(trackier::testing::REDACTED));
}

#[tokio::test]
async fn hellotracks_offsets_and_status_codes_in_http_200_bodies() {
    use hellotracks::testing::MockServer;
    use hellotracks::{ErrorKind, models::ConnectorJob};
    let mock = MockServer::start().await;
    let client = mock.client();
    mock.connector().list_jobs().page_size(3).returns_items((1..=7).map(|n| ConnectorJob::new().id(format!("j{n}"))));
    let jobs: Vec<ConnectorJob> = client.connector().list_jobs().stream().try_collect().await.expect("every page");
    assert_eq!(jobs.iter().filter_map(|job| job.id.clone()).collect::<Vec<_>>(), (1..=7).map(|n| format!("j{n}")).collect::<Vec<_>>());

    mock.jobs().get().fails(ErrorKind::FormatError);
    let error = client.jobs().get().send().await.expect_err("stubbed");
    assert_eq!((error.kind(), error.status()), (Some(ErrorKind::FormatError), Some(200)), "a status code in an HTTP 200 body");
}
