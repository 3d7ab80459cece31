//! The demo data set: enough people to show every part of the product. Each feature extends
//! it with what it adds, so the demo always shows the whole product.

#[cfg(feature = "ssr")]
mod ssr;

#[cfg(feature = "ssr")]
pub use ssr::{DemoReport, seed_demo};
