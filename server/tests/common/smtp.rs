//! A real SMTP server for tests (aiosmtpd, `end2end/support/smtp_sink.py`), started and
//! stopped by the test, and the messages it received, parsed.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct SmtpSink {
    pub port: u16,
    folder: tempfile::TempDir,
    child: Option<Child>,
}

#[derive(Clone, Debug)]
pub struct ReceivedMail {
    pub to: String,
    pub subject: String,
    pub message_id: String,
    pub text: String,
    pub html: String,
    pub headers: String,
}

impl ReceivedMail {
    /// The first link in the text part that starts with `prefix`.
    pub fn link_starting(&self, prefix: &str) -> Option<String> {
        self.text
            .split_whitespace()
            .find(|word| word.starts_with(prefix))
            .map(|word| word.trim_end_matches(['.', ',', ')']).to_owned())
    }
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../end2end/support/smtp_sink.py")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl SmtpSink {
    pub fn start() -> Self {
        let mut sink = Self { port: free_port(), folder: tempfile::tempdir().unwrap(), child: None };
        sink.resume();
        sink
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Stops accepting mail (an SMTP outage).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts (again) on the same port and folder.
    pub fn resume(&mut self) {
        let mut child = Command::new("python3")
            .arg(script())
            .args(["--port", &self.port.to_string(), "--dir"])
            .arg(self.folder.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 with aiosmtpd (pip install aiosmtpd) runs the SMTP sink");
        let mut ready = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut ready).unwrap();
        assert_eq!(ready.trim(), "ready", "the SMTP sink did not start");
        self.child = Some(child);
    }

    pub fn received(&self) -> Vec<ReceivedMail> {
        let mut names: Vec<_> = std::fs::read_dir(self.folder.path())
            .unwrap()
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "eml"))
            .filter(|path| !path.file_name().unwrap().to_string_lossy().starts_with('.'))
            .collect();
        names.sort();
        names.iter().map(|path| parse(&std::fs::read(path).unwrap())).collect()
    }

    /// Waits until at least `count` messages have arrived (the outbox sends in the background).
    pub async fn wait_for(&self, count: usize) -> Vec<ReceivedMail> {
        for _ in 0..200 {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {count} messages, the sink has {}", self.received().len());
    }

    /// The latest message to `address` with `subject`, waiting for it to arrive.
    pub async fn mail_to(&self, address: &str, subject: &str) -> ReceivedMail {
        for _ in 0..200 {
            let found = self.received().into_iter().rev().find(|m| m.to == address && m.subject == subject);
            if let Some(mail) = found {
                return mail;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no message \"{subject}\" to {address} arrived");
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

fn parse(raw: &[u8]) -> ReceivedMail {
    let message = mail_parser::MessageParser::default().parse(raw).expect("a parsable message");
    let header_end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(raw.len());
    let headers = String::from_utf8_lossy(&raw[..header_end]).into_owned();
    let to = headers
        .lines()
        .find_map(|line| line.strip_prefix("X-Envelope-To: "))
        .unwrap_or_default()
        .trim()
        .to_owned();
    ReceivedMail {
        to,
        subject: message.subject().unwrap_or_default().to_owned(),
        message_id: message.message_id().unwrap_or_default().to_owned(),
        text: message.body_text(0).map(|t| t.into_owned()).unwrap_or_default(),
        html: message.body_html(0).map(|t| t.into_owned()).unwrap_or_default(),
        headers,
    }
}
