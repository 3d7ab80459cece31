//! Generates the translation module from `locales/<language>/<namespace>.json` with
//! leptos_i18n's parser and code generator (what `leptos_i18n_build` wraps, without the ICU
//! data generator it also builds). A language is one folder there plus one `add_locale` line
//! below; the README says how to add one.

use std::io::Write;
use std::path::PathBuf;

use leptos_i18n_parser::parse_locales::{
    options::{Config, ParseOptions},
    parse_locales,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::new("en")?
        .add_locale("da")?
        .add_namespaces(["common", "admin"])?
        // Strings with arguments also as plain `String`s (`tr!` is `td_string!`), not only views.
        .parse_options(ParseOptions::new().interpolate_display(true));
    let parsed = parse_locales(None, config)?;
    for path in parsed.tracked_files.iter().flatten() {
        println!("cargo::rerun-if-changed={path}");
    }
    // A key missing from Danish is only a warning to leptos_i18n; the catalogue test in
    // app/src/i18n fails on it.
    for warning in parsed.diag.warnings().iter() {
        println!("cargo::warning={warning}");
    }
    for error in parsed.diag.errors().iter() {
        println!("cargo::error={error}");
    }
    let code = leptos_i18n_codegen::gen_code(&parsed, None, false, None, false)?;
    let out = PathBuf::from(std::env::var("OUT_DIR")?).join("i18n.rs");
    write!(std::fs::File::create(out)?, "{code}")?;
    Ok(())
}
