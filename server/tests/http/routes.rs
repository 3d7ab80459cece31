//! One route list: each feature's `routes.rs` names its pages (path, access, loader, view),
//! and the server registers exactly those paths. A listed page the server does not serve, one
//! that renders the not-found page, and a path listed twice (one page shadowing another) each
//! fail here.

use crate::common;

use common::TestApp;

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
}
