//! The WebAssembly entry point: hydrates the islands of a server-rendered page, nothing else.

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Linking the app crate registers its islands.
    #[allow(unused_imports)]
    use prefcentre_app::*;
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
