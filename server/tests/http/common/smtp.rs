//! A real SMTP server for tests (aiosmtpd, `end2end/support/smtp_sink.py`), started and
//! stopped by the test, and the messages it received, as it decoded them.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct SmtpSink {
    pub port: u16,
    folder: tempfile::TempDir,
    child: Option<Child>,
}

/// A message as the sink decoded it.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct ReceivedMail {
    pub to: String,
    pub subject: String,
    pub message_id: String,
    pub text: String,
    pub html: String,
    pub headers: std::collections::BTreeMap<String, String>,
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

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl SmtpSink {
    pub fn start() -> Self {
        let mut sink = Self {
            port: free_port(),
            folder: tempfile::tempdir().unwrap(),
            child: None,
        };
        sink.resume();
        sink
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Makes the server refuse at `stage` (`"MAIL"` or `"RCPT"`) with `reply`, or accept
    /// everything again with `None`.
    pub fn answer(&self, refusal: Option<(&str, &str)>) {
        let path = self.folder.path().join(".answer");
        match refusal {
            Some((stage, reply)) => std::fs::write(path, format!("{stage} {reply}")).unwrap(),
            None => {
                let _ = std::fs::remove_file(path);
            }
        }
    }

    /// Makes the server wait `delay` before it accepts each message (a slow mail server), or
    /// answer at once again with `None`.
    pub fn slow_down(&self, delay: Option<Duration>) {
        let path = self.folder.path().join(".delay");
        match delay {
            Some(delay) => std::fs::write(path, delay.as_secs_f64().to_string()).unwrap(),
            None => {
                let _ = std::fs::remove_file(path);
            }
        }
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
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut ready)
            .unwrap();
        assert_eq!(ready.trim(), "ready", "the SMTP sink did not start");
        self.child = Some(child);
    }

    pub fn received(&self) -> Vec<ReceivedMail> {
        let mut names: Vec<_> = std::fs::read_dir(self.folder.path())
            .unwrap()
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .filter(|path| !path.file_name().unwrap().to_string_lossy().starts_with('.'))
            .collect();
        names.sort();
        names
            .iter()
            .map(|path| serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap())
            .collect()
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
        panic!(
            "expected {count} messages, the sink has {}",
            self.received().len()
        );
    }

    /// The latest message to `address` with `subject`, waiting for it to arrive.
    pub async fn mail_to(&self, address: &str, subject: &str) -> ReceivedMail {
        for _ in 0..200 {
            let found = self
                .received()
                .into_iter()
                .rev()
                .find(|m| m.to == address && m.subject == subject);
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
