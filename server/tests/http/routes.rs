//! One route list: each feature's `routes.rs` names its pages (path, access, loader, view),
//! and the server registers exactly those paths. A listed page the server does not serve, one
//! that renders the not-found page, and a path listed twice (one page shadowing another) each
//! fail here.

use crate::common;

use common::TestApp;

/// The ids a page's HTML gives its elements, in order.
fn ids_of(html: &str) -> Vec<&str> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// Every id a page gives twice: a label's `for` then names the wrong control, and a screen
/// reader announces the other control with no name.
fn repeated_ids(html: &str) -> Vec<&str> {
    let ids = ids_of(html);
    let mut repeated: Vec<&str> = ids
        .iter()
        .enumerate()
        .filter(|(at, id)| ids[..*at].contains(id))
        .map(|(_, id)| *id)
        .collect();
    repeated.dedup();
    repeated
}

on_both_backends! {
    async fn every_listed_page_is_served_and_none_is_the_not_found_page(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let listed: Vec<&str> = prefcentre_app::site::routes::all().iter().map(|r| r.path).collect();
        let unique: std::collections::BTreeSet<&str> = listed.iter().copied().collect();
        assert_eq!(unique.len(), listed.len(), "a path is listed twice: {listed:?}");
        let mut visitor = app.visitor();
        for path in listed {
            // A page for signed-in people or staff answers with the way to sign in.
            let page = visitor.get(path).await;
            assert_ne!(page.status, 404, "{path} is not served");
            assert!(!page.html.contains("Page not found"), "{path} renders the not-found page");
        }
    }
    async fn no_page_gives_two_elements_one_id_for_a_visitor_a_person_or_staff(backend: Backend) {
        let app = TestApp::spawn(backend).await;
        let (pages, mut readers) = common::every_page::with_every_reader(&app, "checking the page ids").await;

        let mut found = Vec::new();
        for (who, browser) in &mut readers {
            for path in &pages {
                let page = browser.get(path).await;
                let repeated = repeated_ids(&page.html);
                if !repeated.is_empty() {
                    found.push(format!("{who} {path}: {repeated:?}"));
                }
            }
        }
        assert!(found.is_empty(), "ids given twice:\n{}", found.join("\n"));
    }
}
