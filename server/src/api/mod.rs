//! The sender API under `/api/v1`, authenticated by API keys (`Authorization: Bearer pc_…`).
//! It reads no cookies, so the CSRF middleware leaves it alone. A route names the scope it
//! needs by its extractor (`auth::Authorized<ReadAudience>`), and every refusal is an
//! `error::ApiError`, answered as JSON `{"error": "…"}` with 400, 401, 403 or 404.

mod auth;
mod error;
mod routes;

pub use routes::router;
