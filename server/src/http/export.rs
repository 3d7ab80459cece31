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
use prefcentre_app::i18n::t;
use prefcentre_app::platform::request::RequestInfo;
use prefcentre_app::rights::ssr::export::{
    CsvZipSink, ExportError, JsonSink, record_download, walk,
};
use prefcentre_app::site::error_page::message_html;
use serde::Deserialize;
use tower_sessions::Session;

use super::router::ServerState;

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
    let format = match form.format.as_str() {
        "json" => "JSON",
        "csv" => "CSV",
        _ => return (StatusCode::BAD_REQUEST, "format must be json or csv\n").into_response(),
    };
    let person = match signed_in_person(&session).await {
        Ok(Some(person)) => person,
        Ok(None) => return Redirect::to("/sign-in").into_response(),
        Err(err) => return failed(err),
    };
    let ctx = state.ctx.clone();
    match record_download(&ctx, &RequestInfo::from_parts(&parts), person, format).await {
        Ok(true) => {}
        Ok(false) => return Redirect::to("/sign-in").into_response(),
        Err(err) => return failed(err),
    }
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
            &format!("my-data-{day}.json"),
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
                &format!("my-data-{day}.zip"),
            ),
            Err(err) => failed(err),
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

fn failed(err: impl std::fmt::Display) -> Response {
    tracing::error!(error = %err, "export failed");
    let text = t();
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        message_html(text.error_title, text.export_failed),
    )
        .into_response()
}
