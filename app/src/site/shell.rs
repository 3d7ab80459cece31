use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use super::layout::Layout;
use crate::i18n::t;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options=options islands=true/>
                <link rel="stylesheet" href="/pkg/prefcentre.css"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Every route renders in `SsrMode::Async`: the whole page is ready before the first byte, so
/// it works without JavaScript (out-of-order streaming would hide `Suspense` content in
/// templates that only a script moves into place) and status codes set while rendering apply.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    crate::forms::PageIds::provide();
    let product = t().product_name;
    view! {
        <Title formatter=move |page: String| {
            if page.is_empty() { product.to_string() } else { format!("{page} · {product}") }
        }/>
        <Layout>
            <RoutedPage/>
        </Layout>
    }
}

/// The page at the request's path: the route list (`super::routes`) is the router, and the
/// page middleware has already run that route's loader. Pages render on the server only (the
/// client hydrates islands), so the client build has no page to pick.
#[component]
fn RoutedPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        let path = use_context::<http::request::Parts>()
            .map(|parts| parts.uri.path().to_owned())
            .unwrap_or_default();
        super::routes::view_of(&path)
    }
    #[cfg(not(feature = "ssr"))]
    {
        ().into_any()
    }
}
