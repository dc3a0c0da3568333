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

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use rayon::prelude::*;

/// Stamp file inside the output directory.
pub const STAMP: &str = ".starboard-stamp";

/// The fingerprint of one build's inputs, as the text stored in [`STAMP`].
pub fn compute(content: &Path, theme: Option<&Path>, options: &str) -> String {
    let mut d = Digest::new();
    d.feed(env!("CARGO_PKG_VERSION").as_bytes());
    if let Some(m) = std::env::current_exe().ok().and_then(|e| e.metadata().ok()) {
        d.feed(&metadata_key(&m));
    }
    d.feed(options.as_bytes());
    let head = crate::history::Repo::open(content).and_then(|r| r.head_id());
    d.feed(head.unwrap_or_default().as_bytes());
    for (tag, dir) in [(b"content", Some(content)), (b"theme\0\0", theme)] {
        d.feed(tag);
        if let Some(dir) = dir {
            d.feed_tree(&tree(dir));
        }
    }
    format!("starboard-stamp v2 {:016x}{:016x} files={}\n", d.a.finish(), d.b.finish(), d.files)
}

/// Two SipHash streams with different prefixes, for 128 bits; `DefaultHasher::new()` is
/// deterministic for a given binary, and the binary's identity is part of the input.
struct Digest {
    a: DefaultHasher,
    b: DefaultHasher,
    /// Files (and symbolic links) seen.
    files: u64,
}

impl Digest {
    fn new() -> Digest {
        let mut b = DefaultHasher::new();
        0xa5u8.hash(&mut b);
        Digest { a: DefaultHasher::new(), b, files: 0 }
    }

    fn feed(&mut self, bytes: &[u8]) {
        bytes.hash(&mut self.a);
        bytes.hash(&mut self.b);
    }

    /// Takes in a directory's digest: its two halves and its file count.
    fn feed_tree(&mut self, sub: &Digest) {
        let (a, b) = (sub.a.finish(), sub.b.finish());
        self.feed(&[a.to_le_bytes(), b.to_le_bytes(), sub.files.to_le_bytes()].concat());
        self.files += sub.files;
    }
}

/// The digest of the directory `dir`: each entry's name in name order, a file's (or symbolic
/// link's) [`metadata_key`], a subdirectory's own digest. Subdirectories are walked in
/// parallel: a province's content is 48,000 files in 2,600 directories, and the `stat` of each
/// was ~0.2 s on one core before every build, no-op or not. Hidden entries are skipped.
fn tree(dir: &Path) -> Digest {
    let mut d = Digest::new();
    let mut entries: Vec<std::fs::DirEntry> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.map_err(|_| d.feed(b"unreadable entry")).ok()).collect(),
        // An unreadable directory makes the build report it; never call that "unchanged".
        Err(_) => {
            d.feed(b"unreadable directory");
            return d;
        }
    };
    entries.retain(|e| !e.file_name().to_string_lossy().starts_with('.'));
    entries.sort_by_key(|e| e.file_name());
    let mut subdirs = Vec::new();
    for e in &entries {
        d.feed(e.file_name().as_encoded_bytes());
        match e.file_type() {
            Ok(t) if t.is_dir() => {
                d.feed(b"/");
                subdirs.push(e.path());
            }
            Ok(_) => {
                d.files += 1;
                match e.metadata() {
                    Ok(m) => d.feed(&metadata_key(&m)),
                    Err(_) => d.feed(b"unreadable"),
                }
            }
            Err(_) => d.feed(b"unreadable"),
        }
    }
    let subs: Vec<Digest> = subdirs.par_iter().map(|p| tree(p)).collect();
    for sub in &subs {
        d.feed_tree(sub);
    }
    d
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
