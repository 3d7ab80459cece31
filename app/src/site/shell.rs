use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use super::admin_frame::AdminFrame;
use super::layout::Layout;
use crate::i18n::{code, current_locale, tr};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The language the server chose for this request; provided so every component reads it
    // without going back to the request.
    let locale = current_locale();
    provide_context(locale);
    view! {
        <!DOCTYPE html>
        <html lang=code(locale)>
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
    let product = tr!(current_locale(), common.product_name);
    view! {
        <Title formatter=move |page: String| {
            if page.is_empty() { product.to_string() } else { format!("{page} · {product}") }
        }/>
        {if on_staff_pages() {
            view! { <AdminFrame><RoutedPage/></AdminFrame> }.into_any()
        } else {
            view! { <Layout><RoutedPage/></Layout> }.into_any()
        }}
    }
}

/// Staff pages (`/admin…`) have their own frame.
fn on_staff_pages() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .is_some_and(|parts| crate::paths::is_staff_page(parts.uri.path()))
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
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
