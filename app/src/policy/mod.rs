//! The privacy policy and the record of processing: versions of the policy (with a notice to
//! signed-in people after a material change), the policy and cookies pages, and the record of
//! processing activities (Art. 30) from which "My data" shows each person the recipients and
//! transfers that apply to them.

pub mod api;
pub mod pages;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod ssr;

use serde::{Deserialize, Serialize};

/// A policy version as the pages list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionSummary {
    pub version: i32,
    /// Pages write it in the reader's language (`i18n::format::day`); the CLI as ISO 8601.
    pub effective_on: chrono::NaiveDate,
    pub material: bool,
    pub summary: String,
}

/// The policy page: the version shown (the one in force unless an earlier one was asked
/// for), its text as paragraphs, and every version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyView {
    pub shown: VersionSummary,
    pub in_force: i32,
    pub blocks: Vec<Block>,
    pub versions: Vec<VersionSummary>,
}

/// A piece of the policy text. The text is data, never markup: it renders as these.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Block {
    Heading(String),
    Paragraph(String),
}

/// Splits policy text into headings (`## `) and paragraphs (blank-line separated).
pub fn blocks(text: &str) -> Vec<Block> {
    text.split("\n\n")
        .flat_map(|chunk| {
            let mut out = Vec::new();
            let mut paragraph = Vec::new();
            for line in chunk.lines().map(str::trim).filter(|l| !l.is_empty()) {
                if let Some(heading) = line.strip_prefix("## ") {
                    if !paragraph.is_empty() {
                        out.push(Block::Paragraph(paragraph.join(" ")));
                        paragraph.clear();
                    }
                    out.push(Block::Heading(heading.to_owned()));
                } else {
                    paragraph.push(line);
                }
            }
            if !paragraph.is_empty() {
                out.push(Block::Paragraph(paragraph.join(" ")));
            }
            out
        })
        .collect()
}

/// One processing activity that applies to the person ("My data").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessingView {
    pub purpose: String,
    pub legal_basis: String,
    pub categories: String,
    pub recipients: String,
    pub transfers: Option<String>,
    pub retention: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_text_becomes_headings_and_paragraphs_never_markup() {
        let text = "## Who we are\nWe are <b>us</b>.\nSecond line.\n\nNext paragraph.";
        assert_eq!(
            blocks(text),
            vec![
                Block::Heading("Who we are".into()),
                Block::Paragraph("We are <b>us</b>. Second line.".into()),
                Block::Paragraph("Next paragraph.".into()),
            ]
        );
    }
}
