use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::api::require_viewer;
use crate::i18n::t;

#[component]
pub fn AccountPage() -> impl IntoView {
    let text = t();
    let viewer = OnceResource::new_blocking(require_viewer());
    view! {
        <Title text=text.account_title/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                viewer.await.ok().flatten().map(|viewer| view! {
                    <h1>{text.account_title}</h1>
                    <dl class="facts">
                        <div><dt>{text.field_name}</dt><dd>{viewer.name}</dd></div>
                        <div><dt>{text.field_email}</dt><dd>{viewer.email}</dd></div>
                    </dl>
                })
            })}
        </Suspense>
    }
}
