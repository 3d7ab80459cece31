//! The catalogue test: every language has exactly the keys, arguments and mail templates
//! English has, and every key is used by the code. leptos_i18n checks uses against the default
//! language at compile time but only warns about a key another language lacks; this fails.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const NAMESPACES: &[&str] = &["common", "admin"];
const PLURAL_SUFFIXES: &[&str] = &["_zero", "_one", "_two", "_few", "_many", "_other"];

fn locales_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("locales")
}

fn languages() -> Vec<String> {
    <super::Locale as leptos_i18n::Locale>::get_all()
        .iter()
        .map(|l| super::code(*l).to_owned())
        .collect()
}

fn strings(language: &str, namespace: &str) -> BTreeMap<String, String> {
    let path = locales_dir().join(language).join(format!("{namespace}.json"));
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `{{ name }}` arguments of a string.
fn arguments(value: &str) -> BTreeSet<String> {
    value
        .split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}").map(|(name, _)| name.trim().to_owned()))
        .collect()
}

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, found);
        } else {
            found.push(path);
        }
    }
}

fn mail_files(language: &str) -> BTreeSet<PathBuf> {
    let root = locales_dir().join(language).join("mail");
    let mut found = Vec::new();
    files_under(&root, &mut found);
    found
        .into_iter()
        .map(|p| p.strip_prefix(&root).unwrap().to_owned())
        .collect()
}

#[test]
fn every_language_has_the_keys_and_arguments_english_has() {
    let mut problems = Vec::new();
    for namespace in NAMESPACES {
        let english = strings("en", namespace);
        for language in languages().iter().filter(|l| *l != "en") {
            let other = strings(language, namespace);
            for key in english.keys().filter(|k| !other.contains_key(*k)) {
                problems.push(format!("{language}/{namespace}.json lacks {key}"));
            }
            for key in other.keys().filter(|k| !english.contains_key(*k)) {
                problems.push(format!("{language}/{namespace}.json has {key}, English has not"));
            }
            for (key, value) in &english {
                if let Some(translated) = other.get(key)
                    && arguments(value) != arguments(translated)
                {
                    problems.push(format!(
                        "{language}/{namespace}.json {key}: arguments {:?}, English {:?}",
                        arguments(translated),
                        arguments(value)
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_language_has_every_mail_template() {
    let english = mail_files("en");
    assert!(english.len() > 3, "the English mail templates are found");
    for language in languages().iter().filter(|l| *l != "en") {
        assert_eq!(mail_files(language), english, "mail templates of {language}");
    }
}

/// The Rust sources of the app and the server, where keys are used.
fn sources() -> String {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    files_under(&manifest.join("src"), &mut files);
    files_under(&manifest.join("../server/src"), &mut files);
    files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_key_is_used() {
    let sources = sources();
    let used = |needle: &str| {
        sources.match_indices(needle).any(|(at, _)| {
            let next = sources[at + needle.len()..].chars().next();
            !next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        })
    };
    let mut unused = BTreeSet::new();
    for namespace in NAMESPACES {
        for key in strings("en", namespace).keys() {
            let base = PLURAL_SUFFIXES
                .iter()
                .find_map(|suffix| key.strip_suffix(suffix))
                .unwrap_or(key);
            if !used(&format!("{namespace}.{base}")) {
                unused.insert(format!("{namespace}.{key}"));
            }
        }
    }
    assert!(unused.is_empty(), "keys no code uses: {unused:?}");
}

#[test]
fn arguments_are_read_from_double_braces() {
    assert_eq!(
        arguments("From {{ from }} to {{to}}."),
        BTreeSet::from(["from".to_owned(), "to".to_owned()])
    );
    assert!(arguments("No arguments {here}.").is_empty());
}
