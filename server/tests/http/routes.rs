//! One route list: the router's paths and the pages' loaders (each feature's `routes.rs`) name
//! the same pages, so a path mistyped in either is a failing test, never a page rendered
//! without its data.

use std::collections::BTreeSet;

#[test]
fn the_router_and_the_route_list_name_the_same_pages() {
    let routed: BTreeSet<String> = leptos_axum::generate_route_list(prefcentre_app::App)
        .into_iter()
        .map(|route| route.path().to_owned())
        .collect();
    let listed: Vec<&str> = prefcentre_app::site::routes::all().iter().map(|r| r.path).collect();
    let unique: BTreeSet<String> = listed.iter().map(|p| (*p).to_owned()).collect();
    assert_eq!(unique.len(), listed.len(), "a path is listed twice: {listed:?}");
    assert_eq!(routed, unique, "router (left) and route list (right) differ");
}
