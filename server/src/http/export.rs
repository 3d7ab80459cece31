//! `POST /account/export` (form field `format`: `json` or `csv`): the signed-in person's
//! data as a download. A POST because it records an access request and sends its receipt; the
//! CSRF layer checks it like any form. The JSON streams as it is read; the CSV zip is built
//! first (see `prefcentre_app::rights::ssr::export`).

use axum::{
    Form,
    body::Body,
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use futures::SinkExt;
use prefcentre_app::auth::ssr::session::signed_in_person;
use prefcentre_app::i18n::{Locale, tr};
use prefcentre_app::platform::request::RequestInfo;
use prefcentre_app::rights::ssr::export::{
    CsvZipSink, ExportError, JsonSink, record_download, walk,
};
use prefcentre_app::site::error_page::message_html;
use serde::Deserialize;
use tower_sessions::Session;

use prefcentre_app::platform::context::AppContext;
use uuid::Uuid;

use super::state::ServerState;

#[derive(Deserialize)]
pub struct ExportForm {
    #[serde(default)]
    format: String,
}

pub async fn export(
    State(state): State<ServerState>,
    session: Session,
    parts: http::request::Parts,
    Form(form): Form<ExportForm>,
) -> Response {
    let locale = super::language::of_request(&parts);
    let format = match form.format.as_str() {
        "json" => "JSON",
        "csv" => "CSV",
        _ => return (StatusCode::BAD_REQUEST, "format must be json or csv\n").into_response(),
    };
    let person = match signed_in_person(&session).await {
        Ok(Some(person)) => person,
        Ok(None) => return Redirect::to("/sign-in").into_response(),
        Err(err) => return failed(locale, err),
    };
    let ctx = state.ctx.clone();
    match record_download(&ctx, &RequestInfo::from_parts(&parts), person, format).await {
        Ok(true) => {}
        Ok(false) => return Redirect::to("/sign-in").into_response(),
        Err(err) => return failed(locale, err),
    }
    stream(ctx, locale, person, format, "my-data").await
}

/// The person's data as a download: JSON streamed as it is read, or the CSV zip built first.
async fn stream(
    ctx: AppContext,
    locale: Locale,
    person: Uuid,
    format: &str,
    name: &str,
) -> Response {
    let day = ctx.clock.now().format("%Y-%m-%d");
    if format == "JSON" {
        let (tx, rx) = futures::channel::mpsc::channel(4);
        tokio::spawn(async move {
            // A failure mid-stream must not look like a whole document: the error goes down
            // the body, which aborts the response instead of ending it cleanly.
            let mut abort = tx.clone();
            let mut sink = JsonSink::new(tx);
            let result = match walk(&ctx, person, &mut sink).await {
                Ok(true) => sink.finish().await,
                Ok(false) => Err(ExportError::Write("the person is gone".into())),
                Err(err) => Err(err),
            };
            if let Err(err) = result {
                tracing::error!(error = %err, "export: the JSON download stopped");
                let _ = abort
                    .send(Err(std::io::Error::other(err.to_string())))
                    .await;
            }
        });
        download(
            Body::from_stream(rx),
            "application/json",
            &format!("{name}-{day}.json"),
        )
    } else {
        let mut sink = CsvZipSink::new();
        let zip = match walk(&ctx, person, &mut sink).await {
            Ok(true) => sink.finish(),
            Ok(false) => return Redirect::to("/sign-in").into_response(),
            Err(err) => Err(err),
        };
        match zip {
            Ok(bytes) => download(
                Body::from(bytes),
                "application/zip",
                &format!("{name}-{day}.zip"),
            ),
            Err(err) => failed(locale, err),
        }
    }
}

fn download(body: Body, content_type: &'static str, filename: &str) -> Response {
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn failed(locale: Locale, err: impl std::fmt::Display) -> Response {
    tracing::error!(error = %err, "export failed");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        message_html(
            locale,
            tr!(locale, common.error_title),
            tr!(locale, common.export_failed),
        ),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct StaffExportForm {
    #[serde(default)]
    person: String,
    #[serde(default)]
    format: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    identity: String,
    #[serde(default)]
    identity_how: String,
}

/// `POST /admin/export`: staff download a person's data for someone who wrote in (support and
/// admin, with the record opened). Like every action on a person's behalf it needs a written
/// reason and, first, an identity check; both are recorded before any byte leaves, and a
/// refused form goes back to its page with the message next to the field.
pub async fn staff_export(
    State(state): State<ServerState>,
    session: Session,
    parts: http::request::Parts,
    Form(form): Form<StaffExportForm>,
) -> Response {
    let locale = super::language::of_request(&parts);
    use prefcentre_app::admin::act::ssr as act;
    use prefcentre_app::admin::person::ssr::may_view;
    use prefcentre_app::admin::sign_in::auth::signed_in_staff;
    use prefcentre_app::domain::StaffRole;
    use prefcentre_app::forms::{FormState, ssr::flash_form};

    let ctx = state.ctx.clone();
    let member = match signed_in_staff(&ctx, &session).await {
        Ok(Some((member, StaffRole::Support | StaffRole::Admin))) => member,
        Ok(Some(_)) => {
            return (StatusCode::FORBIDDEN, tr!(locale, common.admin_not_allowed)).into_response();
        }
        Ok(None) => return Redirect::to("/admin/sign-in").into_response(),
        Err(err) => return failed(locale, err),
    };
    let Ok(person) = Uuid::parse_str(&form.person) else {
        return (StatusCode::BAD_REQUEST, "person is not an id\n").into_response();
    };
    match may_view(&ctx, member.id, person).await {
        Ok(true) => {}
        Ok(false) => return Redirect::to(&format!("/admin/person?id={person}")).into_response(),
        Err(err) => return failed(locale, err),
    }
    let back = format!("/admin/person/act?id={person}&do=export");
    let mut refused = FormState::new("staff_export")
        .keep("reason", &form.reason)
        .keep("identity", &form.identity)
        .keep("identity_how", &form.identity_how)
        .keep("format", &form.format);
    let format = match form.format.as_str() {
        "json" => Some("JSON"),
        "csv" => Some("CSV"),
        _ => {
            refused.refuse("format", tr!(locale, common.choose_from_list));
            None
        }
    };
    let reason = refused.check(act::reason(&form.reason));
    let identity = match act::check_identity(&ctx, person, &form.identity, &form.identity_how).await
    {
        Ok(checked) => refused.check(checked),
        Err(err) => return failed(locale, err),
    };
    let (Some(format), Some(reason), Some(identity)) = (format, reason, identity) else {
        if let Err(err) = flash_form(&session, &refused).await {
            return failed(locale, err);
        }
        return Redirect::to(&back).into_response();
    };
    let request = RequestInfo::from_parts(&parts);
    let acting = prefcentre_app::platform::audit::Acting {
        staff_id: member.id,
        person_id: person,
        reason,
        request: &request,
    };
    match prefcentre_app::rights::ssr::export::record_staff_download(
        &ctx, &acting, &identity, format,
    )
    .await
    {
        Ok(true) => stream(ctx, locale, person, format, "personal-data").await,
        Ok(false) => Redirect::to("/admin").into_response(),
        Err(err) => failed(locale, err),
    }
}
