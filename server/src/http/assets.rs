//! The compiled client (JS, WebAssembly, CSS) served with brotli or gzip.
//!
//! cargo-leptos writes plain files; at start-up the server writes a `.br` and a `.gz` beside
//! each one that lacks a fresh copy, at the highest settings, once. The static file service
//! then picks the variant the browser accepts. Compressing a 300 KB WebAssembly file at
//! brotli 11 takes about a second: fine once per build, too slow per request.

use std::io::Write;
use std::path::{Path, PathBuf};

const COMPRESSIBLE: [&str; 4] = ["js", "wasm", "css", "svg"];

/// Compresses what needs it under `site_root`. Failures (a read-only deployment, say) are
/// logged: the assets are still served, only uncompressed.
pub fn precompress(site_root: &Path) {
    let mut written = 0;
    for path in files_under(site_root) {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default();
        if !COMPRESSIBLE.contains(&extension) {
            continue;
        }
        match compress_if_stale(&path) {
            Ok(true) => written += 1,
            Ok(false) => {}
            Err(err) => {
                tracing::warn!(file = %path.display(), error = %err, "cannot precompress asset");
            }
        }
    }
    if written > 0 {
        tracing::info!(files = written, "precompressed static assets");
    }
}

fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

fn compress_if_stale(path: &Path) -> std::io::Result<bool> {
    let source_modified = std::fs::metadata(path)?.modified()?;
    let br = with_suffix(path, "br");
    let gz = with_suffix(path, "gz");
    let fresh = |variant: &Path| {
        std::fs::metadata(variant)
            .and_then(|m| m.modified())
            .is_ok_and(|modified| modified >= source_modified)
    };
    if fresh(&br) && fresh(&gz) {
        return Ok(false);
    }
    let bytes = std::fs::read(path)?;

    let mut brotli_bytes = Vec::new();
    {
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut bytes.as_slice(), &mut brotli_bytes, &params)?;
    }
    write_atomically(&br, &brotli_bytes)?;

    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(&bytes)?;
    write_atomically(&gz, &gzip.finish()?)?;
    Ok(true)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

/// Several instances may start at once on one folder: each writes its own temporary file and
/// renames it into place, so nobody serves half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = with_suffix(path, &format!("{}.tmp", std::process::id()));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_file_gets_brotli_and_gzip_copies_once() {
        let folder = tempfile::tempdir().unwrap();
        let wasm = folder.path().join("pkg").join("app.wasm");
        std::fs::create_dir_all(wasm.parent().unwrap()).unwrap();
        std::fs::write(&wasm, vec![7u8; 50_000]).unwrap();
        std::fs::write(folder.path().join("notes.txt"), "left alone").unwrap();

        precompress(folder.path());

        let br = std::fs::read(with_suffix(&wasm, "br")).unwrap();
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut br.as_slice(), &mut decoded).unwrap();
        assert_eq!(decoded, vec![7u8; 50_000]);
        assert!(br.len() < 1_000);
        assert!(with_suffix(&wasm, "gz").exists());
        assert!(!folder.path().join("notes.txt.br").exists());
        assert!(
            !compress_if_stale(&wasm).unwrap(),
            "fresh copies are not redone"
        );
    }
}
