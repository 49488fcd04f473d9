//! Models as an application builds them, from outside the crate: `new` with the required
//! fields, a setter per optional one, `clear_*` to send `null`; they encode as the provider
//! expects.

use hubrise::models::{CustomerInput, Gender, OrderItem, OrderOption};
use hubrise::{Decimal, Money};
use serde_json::json;

#[test]
fn constructors_take_the_required_fields_and_setters_the_optional_ones() -> Result<(), hubrise::Error> {
    let item = OrderItem::new("Margherita", Money::parse("9.80 EUR")?, Decimal::from(2))
        .sku_name("Large")
        .options(vec![OrderOption::new("Extras", "Olives").price(Money::new(Decimal::parse("1.10")?, "EUR")?)]);
    let expected = json!({
        "product_name": "Margherita",
        "sku_name": "Large",
        "price": "9.80 EUR",
        "quantity": "2",
        "options": [{"option_list_name": "Extras", "name": "Olives", "price": "1.10 EUR"}],
    });
    assert_eq!(serde_json::to_value(&item).expect("encodes"), expected);
    assert_eq!(item.product_name, "Margherita", "fields stay readable");
    Ok(())
}

#[test]
fn clearing_a_nullable_field_sends_null_and_leaving_it_unset_sends_nothing() {
    let customer = CustomerInput::new().first_name("Jeanne").clear_email().gender(Gender::Female);
    assert_eq!(serde_json::to_value(&customer).expect("encodes"), json!({"first_name": "Jeanne", "email": null, "gender": "female"}));
    assert_eq!(CustomerInput::new(), CustomerInput::default());
    let replaced = customer.clear_email().email("j@example.com");
    assert_eq!(replaced.email, Some(Some("j@example.com".to_owned())), "the last call wins");
}

#[test]
fn setters_take_anything_that_converts() {
    // Boxed and integer fields: a `Job`'s priority takes any integer width, a union any alternative.
    let job = hellotracks::models::Job::new().priority(3_u8).destination_lat(48.85_f32);
    assert_eq!(job.priority, Some(3));
    assert_eq!(job.destination_lat, Some(Some(f64::from(48.85_f32))));
    let tracks = hellotracks::models::TrackList::from(Vec::new());
    assert_eq!(serde_json::to_value(&tracks).expect("encodes"), json!([]));
}
