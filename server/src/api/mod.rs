//! The sender API under `/api/v1`, authenticated by API keys (`Authorization: Bearer pc_…`).
//! It reads no cookies, so the CSRF middleware leaves it alone. Errors are JSON:
//! `{"error": "…"}` with 400, 401, 403 or 404.

mod auth;
mod routes;

pub use routes::router;
