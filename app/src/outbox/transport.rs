//! Where rendered messages go: an SMTP server (lettre, STARTTLS or TLS, with authentication)
//! or a folder of `.eml` files (the embedded default, for development and tests).

use std::path::PathBuf;

use lettre::{
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
};

pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

/// Why a send failed. `permanent` means retrying cannot help (the server refused the message
/// with a 5xx code).
#[derive(Debug)]
pub struct SendError {
    pub permanent: bool,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TransportConfigError(String);

impl Mailer {
    /// `smtp://user:pass@host:port` uses STARTTLS and refuses to send without it, except to a
    /// loopback host (a local relay or a test sink), where plain SMTP is allowed; add
    /// `?tls=opportunistic` to accept a server without TLS elsewhere. `smtps://` is TLS from the
    /// first byte.
    pub fn smtp(url: &url::Url) -> Result<Self, TransportConfigError> {
        let mut url = url.clone();
        let has_tls_choice = url.query_pairs().any(|(key, _)| key == "tls");
        let loopback = match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(name)) => name == "localhost",
            None => false,
        };
        if url.scheme() == "smtp" && !has_tls_choice && !loopback {
            url.query_pairs_mut().append_pair("tls", "required");
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.as_str())
            .map_err(|err| TransportConfigError(format!("invalid SMTP URL: {err}")))?
            .timeout(Some(std::time::Duration::from_secs(30)))
            .build();
        Ok(Self::Smtp(transport))
    }

    pub fn files(folder: PathBuf) -> Result<Self, TransportConfigError> {
        std::fs::create_dir_all(&folder).map_err(|err| {
            TransportConfigError(format!("cannot create the mail folder {}: {err}", folder.display()))
        })?;
        Ok(Self::Files(AsyncFileTransport::<Tokio1Executor>::new(folder)))
    }

    pub async fn send(&self, message: Message) -> Result<(), SendError> {
        match self {
            Self::Smtp(transport) => transport.send(message).await.map(drop).map_err(|err| SendError {
                permanent: err.is_permanent(),
                message: err.to_string(),
            }),
            Self::Files(transport) => transport
                .send(message)
                .await
                .map(drop)
                .map_err(|err| SendError { permanent: false, message: err.to_string() }),
        }
    }
}
