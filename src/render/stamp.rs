//! Build stamp: a fingerprint of everything a build reads, stored in the output directory, so
//! that rebuilding unchanged content is a no-op (`无变化`) that does not touch the output.
//!
//! The fingerprint covers the starboard binary (version, size and modification time of the
//! executable, so a rebuilt binary or changed built-in theme counts as a change), the path,
//! size and modification time (to the nanosecond) of every non-hidden file and directory under
//! the content directory and the theme directory, the commit at `HEAD` of the git repository
//! holding the content (change lists on unit pages come from git), and the build options
//! (`--today` as resolved, `--base-url`). Paths are relative to the content and theme
//! directories, so a copy of the same files (same sizes and times) has the same stamp.
//!
//! Metadata, not content hashes: reading 46,000 records to hash them costs as much as parsing
//! them, while `stat` costs microseconds each. The trade-off is that an edit which keeps both the
//! size and the nanosecond modification time of a file is not seen (tools that restore old
//! times, like `cp -p` or `rsync -t` of a same-size file, or a same-size edit within the same
//! file-system clock tick, a few milliseconds, as the build's own look); `build --force` always
//! rebuilds.
//! Hidden files are left out because the loader ignores them (`.git` is covered by `HEAD`).

use std::hash::{Hash, Hasher};
use std::path::Path;

use walkdir::WalkDir;

/// Stamp file inside the output directory.
pub const STAMP: &str = ".starboard-stamp";

/// The fingerprint of one build's inputs, as the text stored in [`STAMP`].
pub fn compute(content: &Path, theme: Option<&Path>, options: &str) -> String {
    // Two SipHash streams with different prefixes give 128 bits; `DefaultHasher::new()` is
    // deterministic for a given binary, and the binary's identity is part of the input.
    let mut a = std::hash::DefaultHasher::new();
    let mut b = std::hash::DefaultHasher::new();
    0xa5u8.hash(&mut b);
    let mut feed = |bytes: &[u8]| {
        bytes.hash(&mut a);
        bytes.hash(&mut b);
    };
    feed(env!("CARGO_PKG_VERSION").as_bytes());
    if let Some(m) = std::env::current_exe().ok().and_then(|e| e.metadata().ok()) {
        feed(&metadata_key(&m));
    }
    feed(options.as_bytes());
    let head = crate::history::Repo::open(content).and_then(|r| r.head_id());
    feed(head.unwrap_or_default().as_bytes());
    let mut files = 0u64;
    for (tag, dir) in [(b"content", Some(content)), (b"theme\0\0", theme)] {
        feed(tag);
        let Some(dir) = dir else { continue };
        let walk = WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            match entry {
                Ok(e) => {
                    feed(e.path().strip_prefix(dir).unwrap_or(e.path()).as_os_str().as_encoded_bytes());
                    if e.file_type().is_file() || e.file_type().is_symlink() {
                        files += 1;
                        match e.metadata() {
                            Ok(m) => feed(&metadata_key(&m)),
                            Err(_) => feed(b"unreadable"),
                        }
                    }
                }
                // An unreadable entry makes the build report it; never call that "unchanged".
                Err(_) => feed(format!("error {files}").as_bytes()),
            }
        }
    }
    format!("starboard-stamp v1 {:016x}{:016x} files={files}\n", a.finish(), b.finish())
}

/// Size, modification time and kind of a file, as bytes to hash.
fn metadata_key(m: &std::fs::Metadata) -> Vec<u8> {
    let mtime = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).unwrap_or_default();
    let mut key = Vec::with_capacity(32);
    key.extend_from_slice(&m.len().to_le_bytes());
    key.extend_from_slice(&mtime.as_secs().to_le_bytes());
    key.extend_from_slice(&mtime.subsec_nanos().to_le_bytes());
    key.push(u8::from(m.is_symlink()));
    key
}

/// Whether `output` is a starboard output whose stamp equals `stamp`.
pub fn is_current(output: &Path, stamp: &str) -> bool {
    output.join(super::output::MARKER).is_file() && std::fs::read_to_string(output.join(STAMP)).is_ok_and(|s| s == stamp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn stamp_follows_files_and_options_but_not_hidden_files() {
        let tmp = tempfile::tempdir().unwrap();
        let c = tmp.path().join("content");
        fs::create_dir_all(c.join("regions")).unwrap();
        fs::write(c.join("regions/a.yaml"), "name: 甲村\n").unwrap();
        let first = compute(&c, None, "today=2024-12-20");
        assert_eq!(first, compute(&c, None, "today=2024-12-20"));
        assert_ne!(first, compute(&c, None, "today=2024-12-21"));

        fs::write(c.join(".notes"), "ignored").unwrap();
        assert_eq!(first, compute(&c, None, "today=2024-12-20"), "hidden files are ignored");

        fs::write(c.join("regions/a.yaml"), "name: 乙村\n").unwrap();
        // File times tick coarsely (a few ms): set one that surely differs.
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
        fs::File::options().write(true).open(c.join("regions/a.yaml")).unwrap().set_modified(later).unwrap();
        let edited = compute(&c, None, "today=2024-12-20");
        assert_ne!(first, edited, "same size, new mtime");

        fs::write(c.join("regions/b.yaml"), "name: 丙村\n").unwrap();
        assert_ne!(edited, compute(&c, None, "today=2024-12-20"), "a new file");
    }
}
