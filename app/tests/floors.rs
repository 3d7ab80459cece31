//! The floor plan of `app/src`: each top-level folder (or file module) may use only what is on a
//! floor below it, so the features form a stack rather than a web, and a change to one reaches
//! only the floors above it. The README's architecture section names the floors.
//!
//! The test reads the sources: every `crate::<module>` path outside comments is a use. A shared
//! piece that two features on one floor (or a lower and a higher one) both need moves down to
//! a floor below both; the test names the file that crossed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Bottom first. Modules on one floor do not use each other.
const FLOORS: &[&[&str]] = &[
    &["i18n", "paths"],
    &["domain"],
    &["store"],
    &["platform"],
    &["outbox", "forms"],
    &["page"],
    &["auth"],
    &["consents"],
    &["policy", "newsletter"],
    &["rights"],
    &["account"],
    &["sender"],
    &["admin"],
    &["demo"],
    &["site"],
];

fn floor_of(module: &str) -> Option<usize> {
    FLOORS.iter().position(|floor| floor.contains(&module))
}

fn rust_files(path: &Path, found: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            rust_files(&entry.unwrap().path(), found);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        found.push(path.to_owned());
    }
}

/// The top-level modules a source file names through `crate::`, comments left out.
fn modules_used(source: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                // `crate::{a::b, c}`: the first segment of each item (one line is enough here:
                // rustfmt breaks long groups into one item per line, handled below).
                for item in group.split([',', '}']) {
                    push_first_segment(item, &mut used);
                }
            } else {
                push_first_segment(rest, &mut used);
            }
        }
    }
    // Items of a `use crate::{` group that rustfmt spread over lines: the first segment of
    // each item at the group's own depth.
    let mut depth = 0usize;
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("").trim();
        if depth == 0 {
            if (code.starts_with("use crate::{") || code.starts_with("pub use crate::{"))
                && !code.ends_with(';')
            {
                depth = 1;
            }
            continue;
        }
        if depth == 1 {
            push_first_segment(code, &mut used);
        }
        for c in code.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
        }
    }
    used
}

fn push_first_segment(text: &str, used: &mut BTreeSet<String>) {
    let name: String = text
        .trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if !name.is_empty() && name != "self" {
        used.insert(name);
    }
}

#[test]
fn each_module_uses_only_the_floors_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut crossings = BTreeSet::new();
    let mut unplaced = BTreeSet::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let Some(module) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) else {
            continue;
        };
        if module == "lib" {
            continue;
        }
        let Some(floor) = floor_of(&module) else {
            unplaced.insert(module);
            continue;
        };
        let mut files = Vec::new();
        rust_files(&path, &mut files);
        for file in files {
            let source = std::fs::read_to_string(&file).unwrap();
            for used in modules_used(&source) {
                if used == module {
                    continue;
                }
                match floor_of(&used) {
                    Some(theirs) if theirs < floor => {}
                    Some(_) => {
                        crossings.insert((module.clone(), used, file.clone()));
                    }
                    None => {
                        unplaced.insert(used);
                    }
                }
            }
        }
    }
    assert!(unplaced.is_empty(), "modules on no floor (add them to FLOORS): {unplaced:?}");

    let crossed: Vec<String> = crossings
        .iter()
        .map(|(from, to, file)| {
            let file = file.strip_prefix(&src).unwrap_or(file).display();
            format!("{file}: `{from}` uses `{to}`, which is not below it")
        })
        .collect();
    assert!(crossed.is_empty(), "floors crossed:\n{}", crossed.join("\n"));
}

#[test]
fn the_source_reader_sees_grouped_and_single_uses() {
    let source = "use crate::a::b;\nuse crate::{c::d, e};\nuse crate::{\n    f::g,\n    h::{\n        k::l,\n    },\n};\n// crate::comment\nlet x = crate::i::j();";
    let used: Vec<String> = modules_used(source).into_iter().collect();
    assert_eq!(used, ["a", "c", "e", "f", "h", "i"]);
}
