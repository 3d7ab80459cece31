//! Where rendered messages go: an SMTP server (lettre, STARTTLS or TLS, with authentication)
//! or a folder of `.eml` files (the embedded default, for development and tests).

use std::path::PathBuf;

use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

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
        with_tls_default(&mut url);
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.as_str())
            .map_err(|err| TransportConfigError(format!("invalid SMTP URL: {err}")))?
            .timeout(Some(std::time::Duration::from_secs(30)))
            .build();
        Ok(Self::Smtp(transport))
    }

    pub fn files(folder: PathBuf) -> Result<Self, TransportConfigError> {
        std::fs::create_dir_all(&folder).map_err(|err| {
            TransportConfigError(format!(
                "cannot create the mail folder {}: {err}",
                folder.display()
            ))
        })?;
        Ok(Self::Files(AsyncFileTransport::<Tokio1Executor>::new(
            folder,
        )))
    }

    pub async fn send(&self, message: Message) -> Result<(), SendError> {
        match self {
            Self::Smtp(transport) => {
                transport
                    .send(message)
                    .await
                    .map(drop)
                    .map_err(|err| SendError {
                        permanent: err.is_permanent(),
                        message: err.to_string(),
                    })
            }
            Self::Files(transport) => {
                transport
                    .send(message)
                    .await
                    .map(drop)
                    .map_err(|err| SendError {
                        permanent: false,
                        message: err.to_string(),
                    })
            }
        }
    }
}

/// Whether a mail server URL names this machine (a local relay or a test sink).
pub fn is_loopback_host(url: &url::Url) -> bool {
    // `smtp:` is not a special scheme to the URL parser, so an IP host arrives as text.
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_start_matches('[')
        .trim_end_matches(']');
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// STARTTLS is required on `smtp://` unless the URL chooses otherwise or the host is loopback.
fn with_tls_default(url: &mut url::Url) {
    let has_tls_choice = url.query_pairs().any(|(key, _)| key == "tls");
    if url.scheme() == "smtp" && !has_tls_choice && !is_loopback_host(url) {
        url.query_pairs_mut().append_pair("tls", "required");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tls_of(url: &str) -> String {
        let mut url = url::Url::parse(url).unwrap();
        with_tls_default(&mut url);
        url.query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    }

    #[test]
    fn starttls_is_required_except_on_loopback() {
        assert_eq!(tls_of("smtp://user:pw@smtp.example.com:587"), "required");
        assert_eq!(tls_of("smtp://127.0.0.1:2525"), "");
        assert_eq!(tls_of("smtp://[::1]:2525"), "");
        assert_eq!(tls_of("smtp://localhost:25"), "");
        assert_eq!(
            tls_of("smtp://relay.example.com:25?tls=opportunistic"),
            "opportunistic"
        );
        assert_eq!(tls_of("smtps://smtp.example.com"), "");
    }
}
