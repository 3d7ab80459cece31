//! Where rendered messages go: an SMTP server (lettre, STARTTLS or TLS, with authentication)
//! or a folder of `.eml` files (the embedded default, for development and tests).

use std::path::PathBuf;

use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

/// Why a send failed. `permanent` means retrying cannot help: the server refused *this
/// recipient* for good. A refusal of us (a wrong password, relaying denied, a policy) is not:
/// it is a configuration to fix, and the message waits for it (see [`refuses_the_recipient`]).
#[derive(Debug)]
pub struct SendError {
    pub permanent: bool,
    pub message: String,
}

/// Whether a 5xx answer rejects the recipient rather than us. With an enhanced status code
/// (RFC 3463) that is class 5.1 (bad address) or 5.2.1 (mailbox disabled); without one, the
/// basic codes that only name a mailbox: 550, 551, 553. Everything else (530/535
/// authentication, 5.7 policy and relaying, 554 transaction failed) is retried.
pub fn refuses_the_recipient(code: u16, text: &str) -> bool {
    let enhanced = text
        .split_whitespace()
        .find(|word| word.starts_with("5.") && word.split('.').count() == 3);
    match enhanced {
        Some(status) => status.starts_with("5.1.") || status == "5.2.1",
        None => matches!(code, 550 | 551 | 553),
    }
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
                    .map_err(|err| {
                        let message = err.to_string();
                        let code = err
                            .status()
                            .and_then(|code| code.to_string().parse::<u16>().ok());
                        let permanent = err.is_permanent()
                            && code.is_some_and(|code| refuses_the_recipient(code, &message));
                        if err.is_permanent() && !permanent {
                            tracing::error!(
                                alert = true,
                                error = %message,
                                "outbox: the mail server refuses us, not the recipient: check PREFCENTRE_MAIL_URL; mail waits and is retried"
                            );
                        }
                        SendError { permanent, message }
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
    fn only_a_refusal_of_the_recipient_is_final() {
        assert!(refuses_the_recipient(
            550,
            "550 5.1.1 <x@example.org>: no such user"
        ));
        assert!(refuses_the_recipient(550, "550 mailbox unavailable"));
        assert!(refuses_the_recipient(553, "553 5.1.3 bad address syntax"));
        assert!(refuses_the_recipient(550, "550 5.2.1 mailbox disabled"));
        assert!(!refuses_the_recipient(
            535,
            "535 5.7.8 Authentication credentials invalid"
        ));
        assert!(!refuses_the_recipient(
            530,
            "530 5.7.0 Authentication required"
        ));
        assert!(!refuses_the_recipient(550, "550 5.7.1 Relaying denied"));
        assert!(!refuses_the_recipient(554, "554 Transaction failed"));
        assert!(!refuses_the_recipient(552, "552 5.2.2 Mailbox full"));
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
