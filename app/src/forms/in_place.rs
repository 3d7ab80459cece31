//! Forms that save without leaving the page once JavaScript runs. Without JavaScript the form
//! inside posts and the server redirects back with the notice, as every form does; with it,
//! this island sends the same post (same fields, CSRF token and server function) asking for
//! JSON, and says the server's notice in a status region next to the button instead of
//! reloading. A refused or failed save falls back to the plain post, whose answer shows the
//! messages next to the fields.

use leptos::prelude::*;

#[island]
pub fn SavesInPlace(children: Children) -> impl IntoView {
    let said = RwSignal::new(String::new());
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        client::submit(event, said);
        #[cfg(not(feature = "hydrate"))]
        let _ = (event, said);
    };
    view! {
        <div class="saves-in-place" on:submit=on_submit>
            {children()}
            <p class="in-place-status" role="status" aria-live="polite">{move || said.get()}</p>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod client {
    use leptos::prelude::*;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{FormData, HtmlFormElement, RequestInit, Response, UrlSearchParams};

    pub fn submit(event: leptos::ev::SubmitEvent, said: RwSignal<String>) {
        let Some(form) = event
            .target()
            .and_then(|target| target.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        event.prevent_default();
        said.set(String::new());
        leptos::task::spawn_local(async move {
            match send(&form).await {
                Some(notice) => said.set(notice),
                // Refused or failed: the plain post shows why, next to the fields.
                None => {
                    let _ = form.submit();
                }
            }
        });
    }

    /// The form's post as the server function's JSON answer: the notice of a save, or
    /// `None` when it was refused, failed or could not be sent.
    async fn send(form: &HtmlFormElement) -> Option<String> {
        let fields = FormData::new_with_form(form).ok()?;
        let body = UrlSearchParams::new_with_str_sequence_sequence(&fields).ok()?;
        let init = RequestInit::new();
        init.set_method("POST");
        let headers = web_sys::Headers::new().ok()?;
        headers.set("Accept", "application/json").ok()?;
        headers
            .set("Content-Type", "application/x-www-form-urlencoded")
            .ok()?;
        init.set_headers(&headers);
        init.set_body(&JsValue::from(body.to_string()));
        let window = web_sys::window()?;
        let response: Response = JsFuture::from(window.fetch_with_str_and_init(&form.action(), &init))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
        if !response.ok() {
            return None;
        }
        let answer = JsFuture::from(response.json().ok()?).await.ok()?;
        js_sys::Reflect::get(&answer, &JsValue::from_str("notice"))
            .ok()?
            .as_string()
    }
}
