//! Where the download goes as it is walked: one JSON document, or a zip of CSV files (one per
//! section), each streamed in chunks so a large history never sits in memory.

use super::*;
use std::io::{Cursor, Write};
use bytes::Bytes;
use futures::{SinkExt, channel::mpsc};
use serde::Serialize;
use crate::platform::csv_out::CsvOut;

/// Streams the JSON document: bytes leave in chunks of about [`CHUNK`] as they are written.
pub struct JsonSink {
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
    first_section: bool,
    first_row: bool,
}

const CHUNK: usize = 32 * 1024;

impl JsonSink {
    pub fn new(tx: mpsc::Sender<Result<Bytes, std::io::Error>>) -> Self {
        Self {
            tx,
            buf: Vec::with_capacity(CHUNK * 2),
            first_section: true,
            first_row: true,
        }
    }

    fn key(&mut self, name: &str) -> Result<(), ExportError> {
        self.buf
            .extend_from_slice(if self.first_section { b"{" } else { b"," });
        self.first_section = false;
        serde_json::to_writer(&mut self.buf, name)?;
        self.buf.push(b':');
        Ok(())
    }

    async fn flush(&mut self, always: bool) -> Result<(), ExportError> {
        if self.buf.is_empty() || (!always && self.buf.len() < CHUNK) {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buf));
        self.tx
            .send(Ok(chunk))
            .await
            .map_err(|_| ExportError::Abandoned)
    }

    /// Closes the document and sends what is left.
    pub async fn finish(mut self) -> Result<(), ExportError> {
        self.buf.extend_from_slice(b"}\n");
        self.flush(true).await
    }
}

impl Sink for JsonSink {
    async fn object<T: Serialize>(&mut self, name: &str, value: &T) -> Result<(), ExportError> {
        self.key(name)?;
        serde_json::to_writer(&mut self.buf, value)?;
        self.flush(false).await
    }

    async fn begin(&mut self, name: &str) -> Result<(), ExportError> {
        self.key(name)?;
        self.buf.push(b'[');
        self.first_row = true;
        Ok(())
    }

    async fn rows<T: Serialize>(&mut self, rows: &[T]) -> Result<(), ExportError> {
        for row in rows {
            if !self.first_row {
                self.buf.push(b',');
            }
            self.first_row = false;
            serde_json::to_writer(&mut self.buf, row)?;
            self.flush(false).await?;
        }
        Ok(())
    }

    async fn end(&mut self) -> Result<(), ExportError> {
        self.buf.push(b']');
        self.flush(false).await
    }
}

/// Builds the zip: `<section>.csv` per section, with a header row, and a README.
pub struct CsvZipSink {
    zip: zip::ZipWriter<Cursor<Vec<u8>>>,
    current: Option<(String, CsvOut<Vec<u8>>)>,
}

impl Default for CsvZipSink {
    fn default() -> Self {
        Self::new()
    }
}

impl CsvZipSink {
    pub fn new() -> Self {
        Self {
            zip: zip::ZipWriter::new(Cursor::new(Vec::new())),
            current: None,
        }
    }

    fn options() -> zip::write::SimpleFileOptions {
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
    }

    fn write_file(&mut self, name: &str, bytes: &[u8]) -> Result<(), ExportError> {
        self.zip.start_file(name, Self::options())?;
        self.zip.write_all(bytes)?;
        Ok(())
    }

    pub fn finish(mut self) -> Result<Vec<u8>, ExportError> {
        let readme = format!(
            "Your data, one CSV file per category (UTF-8, comma-separated, header row first;\n\
             a category with nothing in it is an empty file).\n\
             The same data as the JSON download ({SCHEMA}). Times are UTC (RFC 3339).\n\
             Files: {}\n",
            TABLES
                .iter()
                .map(|(_, section)| format!("{section}.csv"))
                .chain([
                    "about.csv".into(),
                    "staff_views.csv".into(),
                    "processing.csv".into()
                ])
                .collect::<Vec<_>>()
                .join(", ")
        );
        self.write_file("README.txt", readme.as_bytes())?;
        Ok(self.zip.finish()?.into_inner())
    }
}

impl Sink for CsvZipSink {
    async fn object<T: Serialize>(&mut self, name: &str, value: &T) -> Result<(), ExportError> {
        self.begin(name).await?;
        self.rows(std::slice::from_ref(value)).await?;
        self.end().await
    }

    async fn begin(&mut self, name: &str) -> Result<(), ExportError> {
        self.current = Some((name.to_owned(), CsvOut::from_writer(Vec::new())));
        Ok(())
    }

    async fn rows<T: Serialize>(&mut self, rows: &[T]) -> Result<(), ExportError> {
        if let Some((_, writer)) = self.current.as_mut() {
            for row in rows {
                writer.serialize(row)?;
            }
        }
        Ok(())
    }

    async fn end(&mut self) -> Result<(), ExportError> {
        if let Some((name, writer)) = self.current.take() {
            let bytes = writer
                .into_inner()
                .map_err(|err| ExportError::Write(err.to_string()))?;
            self.write_file(&format!("{name}.csv"), &bytes)?;
        }
        Ok(())
    }
}
