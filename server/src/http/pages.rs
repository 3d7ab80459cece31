//! Loads each page's data before Leptos renders it (see `prefcentre_app::page` for why), or
//! redirects where the page's access rule says.

use axum::{
    extract::{Request, State},
    http::Method,
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use prefcentre_app::platform::context::AppContext;
use prefcentre_app::site::routes::{Prepared, load};
use tower_sessions::Session;

/// Paths that are not pages: server functions, assets, health.
fn is_page(path: &str) -> bool {
    !(path.starts_with("/api/")
        || path.starts_with("/pkg/")
        || path == "/healthz"
        || path == "/favicon.svg")
}

pub async fn load_page_data(
    State(ctx): State<AppContext>,
    mut request: Request,
    next: Next,
) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) || !is_page(request.uri().path()) {
        return next.run(request).await;
    }
    let Some(session) = request.extensions().get::<Session>().cloned() else {
        return next.run(request).await;
    };
    let path = request.uri().path().to_owned();
    let query = request.uri().query().map(str::to_owned);
    match load(&ctx, &session, &path, query.as_deref()).await {
        Ok(Prepared::Render(data)) => {
            request.extensions_mut().insert(*data);
            next.run(request).await
        }
        Ok(Prepared::Redirect(to)) => Redirect::to(to).into_response(),
        Err(err) => super::errors::internal_error(format!("loading page data failed: {err}")),
    }
}
