//! The whole HTTP application: Leptos pages and server functions, health, static assets, and
//! the middleware stack around them.

use std::sync::Arc;
use std::time::Duration;

use axum::{Router, middleware, routing::get};
use http::{HeaderName, HeaderValue, header};
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, ResponseOptions};
use prefcentre_app::{
    platform::context::AppContext, platform::sessions::DbSessionStore, shell,
};
use tower::ServiceBuilder;
use tower_http::{
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::TraceLayer,
};

use super::state::{ServerState, leptos_options};
use super::{client_ip, csrf, errors, export, headers, health, language, one_click, pages, session};
use crate::config::Settings;

/// Every page of the route list, rendered once its data has loaded (`SsrMode::Async`).
fn page_routes() -> Vec<AxumRouteListing> {
    prefcentre_app::site::routes::all()
        .into_iter()
        .map(|route| {
            AxumRouteListing::new(
                route.path.to_owned(),
                leptos_router::SsrMode::Async,
                [leptos_router::Method::Get],
                Vec::new(),
            )
        })
        .collect()
}

pub fn router(settings: Arc<Settings>, ctx: AppContext) -> Router {
    let leptos_options = leptos_options(&settings);
    let state = ServerState {
        leptos_options: leptos_options.clone(),
        ctx: ctx.clone(),
        settings: settings.clone(),
    };

    // Runs inside every page render and server function call.
    let leptos_context = {
        let ctx = ctx.clone();
        move || {
            ctx.provide();
            if let (Some(nonce), Some(response)) =
                (leptos::nonce::use_nonce(), use_context::<ResponseOptions>())
                && let Ok(value) = HeaderValue::from_str(&headers::page_csp(&nonce)) {
                    response.insert_header(header::CONTENT_SECURITY_POLICY, value);
                }
        }
    };
    let page_shell = {
        let options = leptos_options.clone();
        move || shell(options.clone())
    };

    let store = DbSessionStore::new(ctx.db.clone(), ctx.clock.clone());
    let lifetimes = session::Lifetimes {
        clock: ctx.clock.clone(),
        absolute: settings.session_absolute,
        idle: settings.session_idle,
        store: store.clone(),
        hardened: settings.is_https(),
    };
    let header_policy = headers::HeaderPolicy {
        hsts: settings.is_https(),
    };
    let csrf_policy = csrf::CsrfPolicy {
        key: ctx.keys.csrf().into(),
        origin: settings.base_url.origin().ascii_serialization(),
        hardened: settings.is_https(),
        default_language: settings.default_language,
    };
    let language_policy = language::LanguagePolicy {
        default: settings.default_language,
        hardened: settings.is_https(),
    };
    let proxies = client_ip::TrustedProxies(Arc::new(settings.trusted_proxies.clone()));
    let request_id = HeaderName::from_static("x-request-id");

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/u", axum::routing::post(one_click::one_click))
        .route("/account/export", axum::routing::post(export::export))
        .route("/admin/export", axum::routing::post(export::staff_export))
        .merge(crate::api::router())
        .leptos_routes_with_context(&state, page_routes(), leptos_context.clone(), page_shell)
        .fallback(leptos_axum::file_and_error_handler_with_context::<ServerState, _>(
            leptos_context,
            shell,
        ))
        .layer(middleware::from_fn_with_state(ctx.clone(), pages::load_page_data))
        .layer(middleware::from_fn_with_state(language_policy, language::choose_language))
        .layer(middleware::from_fn_with_state(lifetimes, session::enforce_lifetimes))
        .layer(session::layer(store, settings.is_https(), settings.session_idle))
        .layer(middleware::from_fn_with_state(csrf_policy, csrf::protect))
        .layer(middleware::from_fn_with_state(proxies, client_ip::resolve_client_ip))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|request: &http::Request<_>| {
                    let id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    // The path only: query strings may carry tokens.
                    tracing::info_span!("request", id, method = %request.method(), path = request.uri().path())
                }))
                .layer(PropagateRequestIdLayer::new(request_id))
                .layer(middleware::from_fn_with_state(
                    errors::Shield {
                        database: Some(ctx.db.clone()),
                        default_language: settings.default_language,
                    },
                    errors::shield_server_errors,
                ))
                .layer(middleware::from_fn_with_state(header_policy, headers::security_headers))
                .layer(CompressionLayer::new())
                .layer(TimeoutLayer::with_status_code(
                    http::StatusCode::SERVICE_UNAVAILABLE,
                    Duration::from_secs(30),
                )),
        )
        .with_state(state)
}
