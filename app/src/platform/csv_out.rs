//! Every CSV the product writes goes through here, so no cell can act as a spreadsheet formula
//! (OWASP "CSV injection"): a person who names themself `=HYPERLINK(…)` must not get a live
//! link into whoever opens the audience file or their own download in a spreadsheet.
//!
//! A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`,
//! which spreadsheets show as text and hide. The cost is that such a value (a phone number
//! written `+45 …`) reads back with the quote in front: the OWASP advice, taken as it is.

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

/// The cell as it is safe to write.
pub fn neutralised(cell: &str) -> Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A `csv::Writer` whose every cell is [`neutralised`].
pub struct CsvOut<W: Write> {
    inner: csv::Writer<W>,
    /// Whether `serialize` has written its header row yet.
    headed: bool,
}

impl<W: Write> CsvOut<W> {
    pub fn from_writer(writer: W) -> Self {
        Self {
            inner: csv::Writer::from_writer(writer),
            headed: false,
        }
    }

    pub fn write_record<I, T>(&mut self, record: I) -> csv::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        self.inner.write_record(
            record
                .into_iter()
                .map(|cell| neutralised(cell.as_ref()).into_owned()),
        )
    }

    /// Writes a struct as one row (and, the first time, its field names as the header row),
    /// as `csv::Writer::serialize` does.
    pub fn serialize<T: Serialize>(&mut self, row: &T) -> csv::Result<()> {
        // The csv crate flattens a struct into cells; let it, then neutralise the cells.
        let mut flat = csv::WriterBuilder::new()
            .has_headers(!self.headed)
            .from_writer(Vec::new());
        flat.serialize(row)?;
        let bytes = flat
            .into_inner()
            .map_err(|err| csv::Error::from(err.into_error()))?;
        let mut records = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice());
        if !self.headed {
            if let Some(header) = records.records().next() {
                self.inner.write_record(&header?)?;
            }
            self.headed = true;
        }
        for record in records.records() {
            self.write_record(&record?)?;
        }
        Ok(())
    }

    // csv's own error type (it hands the writer back), returned once per file written.
    #[allow(clippy::result_large_err)]
    pub fn into_inner(self) -> Result<W, csv::IntoInnerError<csv::Writer<W>>> {
        self.inner.into_inner()
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(rows: &[&[&str]]) -> String {
        let mut out = CsvOut::from_writer(Vec::new());
        for row in rows {
            out.write_record(row.iter()).unwrap();
        }
        String::from_utf8(out.into_inner().unwrap()).unwrap()
    }

    #[test]
    fn a_cell_that_would_be_a_formula_is_written_as_text() {
        for start in ["=", "+", "-", "@", "\t", "\r"] {
            let cell = format!("{start}HYPERLINK(\"http://evil.example\")");
            let text = written(&[&[&cell]]);
            let parsed = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes())
                .records()
                .next()
                .unwrap()
                .unwrap();
            assert_eq!(parsed[0], format!("'{cell}"), "{start:?}");
        }
    }

    #[test]
    fn ordinary_cells_are_untouched() {
        assert_eq!(
            written(&[&["Ada Lindqvist", "a=b", "x@y"]]),
            "Ada Lindqvist,a=b,x@y\n"
        );
    }

    #[derive(Serialize)]
    struct Row {
        name: &'static str,
        count: u32,
    }

    #[test]
    fn structs_get_one_header_row_and_neutralised_cells() {
        let mut out = CsvOut::from_writer(Vec::new());
        out.serialize(&Row {
            name: "=1+1",
            count: 2,
        })
        .unwrap();
        out.serialize(&Row {
            name: "Bo",
            count: 3,
        })
        .unwrap();
        let text = String::from_utf8(out.into_inner().unwrap()).unwrap();
        assert_eq!(text, "name,count\n'=1+1,2\nBo,3\n");
    }
}
