//! Every domain parser on arbitrary text: none panics, and what one accepts it accepts again
//! unchanged (a stored value must parse as itself when it is shown, edited or exported).
//!
//! The input is text, one field per line (e-mail/name/password/phone, country, postal code,
//! city), so the seeds in `seeds/domain_fields/` are readable form input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prefcentre_app::domain::contact::{Country, PhoneNumber, PostalAddress, language, optional_text};
use prefcentre_app::domain::{EmailAddress, NewPassword, PersonName};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let mut next = || lines.next().unwrap_or("").to_owned();
    let (first, second, third, fourth) = (next(), next(), next(), next());

    if let Ok(email) = EmailAddress::parse(&first) {
        assert_eq!(EmailAddress::parse(email.as_str()).as_ref(), Ok(&email));
    }
    if let Ok(name) = PersonName::parse(&first) {
        assert_eq!(PersonName::parse(name.as_str()).as_ref(), Ok(&name));
    }
    if let Ok(password) = NewPassword::parse(&first) {
        let again = NewPassword::parse(password.expose()).expect("an accepted password again");
        assert_eq!(again.expose(), password.expose());
    }
    if let Ok(Some(text)) = optional_text(&first, 100) {
        assert_eq!(optional_text(&text, 100), Ok(Some(text.clone())));
    }
    let _ = language(&first);

    let country = Country::parse(&second);
    if let Some(country) = &country {
        assert_eq!(Country::parse(country.code()).as_ref(), Some(country));
    }
    if let Ok(phone) = PhoneNumber::parse(&first, country.as_ref()) {
        // Stored in E.164, which needs no country to read.
        assert_eq!(PhoneNumber::parse(phone.as_str(), None).as_ref(), Ok(&phone));
        let _ = phone.display();
    }

    if let Ok(Some(address)) = PostalAddress::parse(&first, &third, &fourth, &second) {
        let again = PostalAddress::parse(
            &address.street,
            address.postal_code.as_deref().unwrap_or(""),
            &address.city,
            address.country.code(),
        );
        assert_eq!(again, Ok(Some(address)));
    }
});
