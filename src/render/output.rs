//! Writing the output tree atomically: everything goes into a staging directory beside the
//! output, which replaces the old output only when the whole build succeeded. A failed or
//! interrupted build leaves the previous output untouched. A build killed outright (power cut,
//! `kill -9`) leaves its staging directory behind; the next build keeps it as the spare (below),
//! and puts the previous output back if the kill came between the two renames of
//! [`Staging::commit`].
//!
//! **The spare.** The output a commit replaces is not deleted but kept beside the new one as
//! `.<output>.spare`, and the next build stages into it: its directories exist already, a file
//! whose bytes are unchanged is left alone (its modification time too, which `rsync` uploads
//! rely on), and whatever the build did not write is removed before the links are checked.
//! Creating a province's 250,000 files and 190,000 directories anew — right after deleting as
//! many, which makes ext4's inode allocator crawl — was most of a rebuild's time. The price is
//! a second copy of the output on disk; deleting the spare is always safe.

use rayon::prelude::*;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::links::{BadLink, LinkChecker};

/// Marker file that tells a starboard output directory from anything else.
pub const MARKER: &str = ".starboard-output";

/// A staging directory that becomes the output on [`Staging::commit`].
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
    links: LinkChecker,
    in_place: bool,
    /// Staging into a recycled output (the spare): files may be in the way, unchanged files are
    /// left alone, and [`Staging::prune`] removes what this build did not write.
    recycled: bool,
    /// Every file this build has written (and not removed since), as `/`-separated paths: the
    /// link check looks targets up here instead of on disk, and in a recycled output the rest is
    /// removed by [`Staging::prune`].
    written: Mutex<HashSet<String>>,
    /// [`Staging::prune`] ran (files written after it were written by this build anyway).
    pruned: std::sync::atomic::AtomicBool,
    /// Directories this build made in a fresh staging directory (see [`Staging::write_file`]).
    made_dirs: Mutex<HashSet<PathBuf>>,
}

/// Why the output could not be written.
#[derive(Debug)]
pub struct OutputError(pub String);

impl OutputError {
    fn io(action: &str, path: &Path, e: io::Error) -> Self {
        OutputError(format!(
            "{action} {} 失败 (failed to {action_en} {}): {e}",
            path.display(),
            path.display(),
            action_en = action_en(action)
        ))
    }
}

fn action_en(zh: &str) -> &'static str {
    match zh {
        "创建" => "create",
        "写入" => "write",
        "替换" => "replace",
        _ => "access",
    }
}

impl Staging {
    /// Starts a build into a staging directory next to `target`: the spare when there is one (see
    /// the module docs), else a fresh directory.
    pub fn begin(target: &Path) -> Result<Staging, OutputError> {
        if target.exists() && !is_replaceable(target) {
            return Err(OutputError(format!(
                "拒绝覆盖 {}：该目录不是 starboard 生成的输出，请换一个 --output 目录 (refusing to replace {}: not a starboard output directory)",
                target.display(),
                target.display()
            )));
        }
        let (parent, name) = parent_and_name(target);
        fs::create_dir_all(parent).map_err(|e| OutputError::io("创建", parent, e))?;
        recover_stale(parent, &name, target);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            let _ = fs::remove_dir_all(&dir);
        }
        // Claiming the spare is one rename: of two builds into the same output, one gets it. Only
        // a real directory is recycled (a symbolic link named like the spare would lead the
        // build's writes elsewhere).
        let recycled = fs::rename(spare_path(parent, &name), &dir).is_ok() && {
            let is_dir = fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir());
            if !is_dir {
                let _ = fs::remove_file(&dir);
            }
            is_dir
        };
        if recycled {
            remove_symlinks(&dir);
        } else {
            fs::create_dir_all(&dir).map_err(|e| OutputError::io("创建", &dir, e))?;
        }
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
            links: LinkChecker::default(),
            in_place: false,
            recycled,
            written: Mutex::default(),
            pruned: Default::default(),
            made_dirs: Mutex::default(),
        })
    }

    /// Writes straight into an existing output directory, for `serve`'s incremental rebuilds
    /// (which only run after the content validated): [`Staging::commit`] does nothing and
    /// dropping never deletes anything.
    pub fn in_place(dir: &Path) -> Staging {
        Staging {
            target: dir.to_path_buf(),
            dir: dir.to_path_buf(),
            committed: true,
            links: LinkChecker::default(),
            in_place: true,
            recycled: false,
            written: Mutex::default(),
            pruned: Default::default(),
            made_dirs: Mutex::default(),
        }
    }

    /// The staging directory (files written here appear in the output on commit).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` to `rel` (a `/`-separated path) inside the staging directory.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        if rel.ends_with(".html") {
            self.links.record(rel, bytes);
        }
        let path = self.dir.join(rel);
        if !(self.recycled && fs::read(&path).is_ok_and(|old| old == bytes)) {
            self.write_file(&path, bytes)?;
        }
        self.written_set().insert(rel.to_string());
        Ok(())
    }

    /// Writes `bytes` to `path`, making its directory first when it is missing.
    fn write_file(&self, path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        // A fresh staging directory holds only what this build made: a file's directory is made
        // before its first file is written, not after a failed open (a path walk less for each of
        // a province's 190,000 directories). The fallback below still covers a directory removed
        // since.
        if !self.recycled
            && !self.in_place
            && let Some(parent) = path.parent()
        {
            self.ensure_dir(parent)?;
        }
        match fs::write(path, bytes) {
            // A recycled output may also hold a directory where this build writes a file, or a
            // file where it needs a directory.
            Err(e) if e.kind() == io::ErrorKind::NotFound || self.recycled => {
                if self.recycled && path.is_dir() {
                    self.forget(path);
                    let _ = fs::remove_dir_all(path);
                }
                if let Some(parent) = path.parent() {
                    self.make_dir(parent)?;
                }
                fs::write(path, bytes)
            }
            done => done,
        }
        .map_err(|e| OutputError::io("写入", path, e))
    }

    /// Removes the directory `rel` (a `/`-separated path) and everything in it, written by this
    /// build or not; its files no longer count as written (nor as link targets).
    pub fn remove_dir(&self, rel: &str) -> io::Result<()> {
        let path = self.dir.join(rel);
        self.forget(&path);
        fs::remove_dir_all(&path)
    }

    /// Drops the files at or under `path` (about to be removed) from the written set.
    fn forget(&self, path: &Path) {
        let gone: Vec<String> = walkdir::WalkDir::new(path)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
            .filter_map(|e| self.rel(e.path()))
            .collect();
        let mut written = self.written_set();
        for rel in gone {
            written.remove(&rel);
        }
    }

    /// `path` (inside the staging directory) as a `/`-separated relative path.
    fn rel(&self, path: &Path) -> Option<String> {
        path.strip_prefix(&self.dir).ok().and_then(Path::to_str).map(|r| r.replace(std::path::MAIN_SEPARATOR, "/"))
    }

    /// The files written so far (see the field).
    fn written_set(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.written.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `mkdir -p dir` unless this build made `dir` already.
    fn ensure_dir(&self, dir: &Path) -> Result<(), OutputError> {
        if self.made_dirs.lock().unwrap_or_else(|e| e.into_inner()).contains(dir) {
            return Ok(());
        }
        self.make_dir(dir)?;
        self.made_dirs.lock().unwrap_or_else(|e| e.into_inner()).insert(dir.to_path_buf());
        Ok(())
    }

    /// `mkdir -p dir`; in a recycled output, files in the way (a page that became a folder)
    /// are removed first.
    fn make_dir(&self, dir: &Path) -> Result<(), OutputError> {
        match fs::create_dir_all(dir) {
            Err(_) if self.recycled => {
                for ancestor in dir.ancestors().take_while(|a| a.starts_with(&self.dir) && *a != self.dir) {
                    if ancestor.is_file() {
                        self.forget(ancestor);
                        let _ = fs::remove_file(ancestor);
                    }
                }
                fs::create_dir_all(dir)
            }
            done => done,
        }
        .map_err(|e| OutputError::io("创建", dir, e))
    }

    /// In a recycled output, removes every file this build did not write, and the directories
    /// left empty (bottom-up). Nothing to do in a fresh staging directory.
    fn prune(&self) {
        if !self.recycled || self.pruned.swap(true, std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        let written = self.written_set();
        self.prune_dir(&self.dir, &written);
    }

    /// Prunes the contents of `dir`, sibling directories on both cores (a province's spare has
    /// 190,000; walked on one they were the serial end of a rebuild); true when something stays
    /// in it. Contents come before their directory, so a directory knows whether it is empty when
    /// it is reached, and only an empty one is removed (a province's 190,000 failing `rmdir`s
    /// were 0.6 s).
    fn prune_dir(&self, dir: &Path, written: &HashSet<String>) -> bool {
        let Ok(entries) = fs::read_dir(dir) else { return true };
        let entries: Vec<fs::DirEntry> = entries.filter_map(Result::ok).collect();
        // `map` then `reduce` visits every entry: no short cut once something stays.
        entries
            .par_iter()
            .map(|e| {
                let path = e.path();
                if e.file_type().is_ok_and(|t| t.is_dir()) {
                    self.prune_dir(&path, written) || fs::remove_dir(&path).is_err()
                } else {
                    self.rel(&path).is_some_and(|r| written.contains(&r)) || fs::remove_file(&path).is_err()
                }
            })
            .reduce(|| false, |a, b| a || b)
    }

    /// The bad links of the pages written so far: targets are looked up among the files this
    /// build wrote, and only those not among them on disk (see [`LinkChecker::verify`]).
    pub fn bad_links(&self) -> Vec<BadLink> {
        // Leftovers of the recycled output must not pass for link targets.
        self.prune();
        self.links.verify(&self.dir, &self.written_set())
    }

    /// Replaces the output with the staging directory.
    pub fn commit(mut self) -> Result<(), OutputError> {
        if self.in_place {
            return Ok(());
        }
        self.write(MARKER, b"generated by starboard; this directory is replaced on every build\n")?;
        self.prune();
        let old = self.dir.with_file_name(format!(
            ".{}.old-{}",
            self.target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            std::process::id()
        ));
        if self.target.exists() {
            fs::rename(&self.target, &old).map_err(|e| OutputError::io("替换", &self.target, e))?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            // Put the previous output back before reporting.
            let _ = fs::rename(&old, &self.target);
            return Err(OutputError::io("替换", &self.target, e));
        }
        self.committed = true;
        // The previous output becomes the next build's staging directory.
        keep_as_spare(&old, &self.target);
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if self.recycled {
            // Still the recycled output, partly rewritten: as good a spare as it was.
            keep_as_spare(&self.dir, &self.target);
        } else {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes the symbolic links under `dir`: a build never makes any, and writing through one
/// planted in a recycled output would write outside it. Sibling directories are walked on both
/// cores (a province's 190,000 directories took 1.5 s on one); a link is never followed, as
/// `file_type` does not follow it.
fn remove_symlinks(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let entries: Vec<fs::DirEntry> = entries.filter_map(Result::ok).collect();
    entries.par_iter().for_each(|e| match e.file_type() {
        Ok(t) if t.is_symlink() => {
            let _ = fs::remove_file(e.path());
        }
        Ok(t) if t.is_dir() => remove_symlinks(&e.path()),
        _ => {}
    });
}

/// `.<name>.spare` beside the output `<name>` (see the module docs).
fn spare_path(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.spare"))
}

/// Moves `dir` (a previous output, or a staging directory) to the spare of `target`; removes it
/// when there is one already.
fn keep_as_spare(dir: &Path, target: &Path) {
    if !dir.exists() {
        return;
    }
    let (parent, name) = parent_and_name(target);
    if fs::rename(dir, spare_path(parent, &name)).is_err() {
        let _ = fs::remove_dir_all(dir);
    }
}

/// Cleans up after killed builds into `target` (see [`recover_stale`]). Runs before anything
/// reads the output, so a no-op rebuild (nothing changed) also clears a dead build's leftovers.
pub fn recover(target: &Path) {
    let (parent, name) = parent_and_name(target);
    recover_stale(parent, &name, target);
}

/// The directory holding `target` (staging directories go beside it) and `target`'s name.
fn parent_and_name(target: &Path) -> (&Path, String) {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    (parent, name)
}

/// Cleans up after builds into `parent/name` that were killed: their staging directories are
/// removed, and a previous output moved aside by a commit that never finished is put back.
/// Directories of a build that is still running (its process exists) are left alone.
fn recover_stale(parent: &Path, name: &str, target: &Path) {
    let Ok(rd) = fs::read_dir(parent) else { return };
    let staging = format!(".{name}.staging-");
    let old = format!(".{name}.old-");
    for entry in rd.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let (pid, is_old) = match (file_name.strip_prefix(&staging), file_name.strip_prefix(&old)) {
            (Some(pid), _) => (pid.to_string(), false),
            (_, Some(pid)) => (pid.to_string(), true),
            _ => continue,
        };
        let Ok(pid) = pid.parse::<u32>() else { continue };
        if pid == std::process::id() || process_alive(pid) {
            continue;
        }
        let path = entry.path();
        if is_old && !target.exists() {
            let _ = fs::rename(&path, target);
        } else {
            // A dead build's staging directory, or an output already replaced: a spare.
            keep_as_spare(&path, target);
        }
    }
}

/// Whether a process with this id is running (Linux `/proc`; elsewhere assume it is, and keep
/// its directories).
pub(crate) fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// An output dir may be replaced when it is empty (dotfiles aside) or carries our marker.
fn is_replaceable(dir: &Path) -> bool {
    if dir.join(MARKER).is_file() {
        return true;
    }
    match fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(Result::ok).all(|e| e.file_name().to_string_lossy().starts_with('.')),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_drop_discards() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        let s = Staging::begin(&out).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");

        let s = Staging::begin(&out).unwrap();
        s.write("a/index.html", b"two").unwrap();
        drop(s);
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1, "staging dir left behind");
    }

    #[test]
    fn stale_staging_becomes_the_spare_and_interrupted_commit_is_restored() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        // A dead build's staging dir, and a previous output moved aside by a commit killed
        // before its second rename (pid 0x7fffffff cannot be running).
        fs::create_dir_all(tmp.path().join(".output.staging-2147483647/a")).unwrap();
        let old = tmp.path().join(".output.old-2147483647");
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join(MARKER), "x").unwrap();
        fs::write(old.join("index.html"), "previous").unwrap();
        let s = Staging::begin(&out).unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"previous");
        drop(s);
        let mut left: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        left.sort();
        assert_eq!(left, [".output.spare", "output"], "the dead staging dir is kept (claimed, then put back) as the spare");
    }

    #[test]
    fn the_replaced_output_is_recycled_as_the_next_staging_directory() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        let build = |files: &[(&str, &str)]| {
            let s = Staging::begin(&out).unwrap();
            for (rel, text) in files {
                s.write(rel, text.as_bytes()).unwrap();
            }
            let bad = s.bad_links();
            s.commit().unwrap();
            bad
        };
        build(&[("index.html", "<a href=\"gone/index.html\">x</a>"), ("gone/index.html", "old"), ("same.txt", "same"), ("x", "file")]);
        build(&[("index.html", "v2"), ("same.txt", "same"), ("changed.txt", "one"), ("x", "file")]);
        assert!(tmp.path().join(".output.spare/gone/index.html").is_file(), "the first output is the spare");
        let same_mtime = fs::metadata(tmp.path().join(".output.spare/same.txt")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));

        // Third build: stages into the first output. A page linking to a page of that output
        // which this build does not write is a broken link; a file became a folder.
        let bad = build(&[("index.html", "<a href=\"gone/index.html\">x</a>"), ("same.txt", "same"), ("x/index.html", "dir now")]);
        assert_eq!(bad.iter().map(|b| b.link.as_str()).collect::<Vec<_>>(), ["gone/index.html"]);
        let mut files: Vec<String> = walkdir::WalkDir::new(&out)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.path() != out)
            .map(|e| e.path().strip_prefix(&out).unwrap().to_string_lossy().into_owned())
            .collect();
        files.sort();
        assert_eq!(files, [MARKER, "index.html", "same.txt", "x", "x/index.html"], "leftovers pruned, empty `gone/` too");
        assert_eq!(fs::read(out.join("x/index.html")).unwrap(), b"dir now");
        assert_eq!(fs::metadata(out.join("same.txt")).unwrap().modified().unwrap(), same_mtime, "unchanged file left alone");
        let mut siblings: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        siblings.sort();
        assert_eq!(siblings, [".output.spare", "output"]);
    }

    #[test]
    fn pruning_removes_the_directories_left_empty_at_any_depth_and_no_other() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        let build = |files: &[&str]| {
            let s = Staging::begin(&out).unwrap();
            for rel in files {
                s.write(rel, b"x").unwrap();
            }
            s.commit().unwrap();
        };
        let all = ["a/b/c/old.txt", "a/b/d/keep.txt", "a/e/f/old.txt", "a/keep.txt", "g/h/old.txt", "z.txt"];
        build(&all);
        build(&all);
        // Into the first output: the `old` files and the directories they leave empty go.
        build(&["a/b/d/keep.txt", "a/keep.txt", "z.txt"]);
        let mut left: Vec<String> = walkdir::WalkDir::new(&out)
            .min_depth(1)
            .into_iter()
            .map(|e| e.unwrap().path().strip_prefix(&out).unwrap().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [MARKER, "a", "a/b", "a/b/d", "a/b/d/keep.txt", "a/keep.txt", "z.txt"]);
    }

    /// The links of `bad`, in report order.
    fn links(bad: &[BadLink]) -> Vec<&str> {
        bad.iter().map(|b| b.link.as_str()).collect()
    }

    #[test]
    fn links_resolve_against_the_files_this_build_wrote() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Staging::begin(&tmp.path().join("output")).unwrap();
        s.write("index.html", br#"<a href="zaolin/">z</a> <a href="data/units.csv">csv</a> <a href="nowhere/">x</a>"#).unwrap();
        s.write("zaolin/index.html", br#"<a href="../">home</a>"#).unwrap();
        s.write("data/units.csv", b"a,b\n").unwrap();
        assert_eq!(links(&s.bad_links()), ["nowhere/"]);
    }

    #[test]
    fn a_removed_directory_no_longer_holds_link_targets() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Staging::begin(&tmp.path().join("output")).unwrap();
        s.write("index.html", br#"<a href="scratch/a.json">a</a>"#).unwrap();
        s.write("scratch/a.json", b"{}").unwrap();
        s.remove_dir("scratch").unwrap();
        assert!(!s.dir().join("scratch").exists());
        assert_eq!(links(&s.bad_links()), ["scratch/a.json"]);
    }

    #[test]
    fn a_directory_removed_and_written_again_is_made_again() {
        // A fresh build remembers the directories it made; one removed since is made anew.
        let tmp = tempfile::tempdir().unwrap();
        let s = Staging::begin(&tmp.path().join("output")).unwrap();
        s.write("a/b/x.html", b"x").unwrap();
        s.remove_dir("a").unwrap();
        s.write("a/b/y.html", b"y").unwrap();
        assert_eq!(std::fs::read(s.dir().join("a/b/y.html")).unwrap(), b"y");
        assert!(!s.dir().join("a/b/x.html").exists());
    }

    #[test]
    fn a_file_replaced_by_a_folder_in_the_spare_is_no_longer_a_link_target() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        for _ in 0..2 {
            Staging::begin(&out).unwrap().commit().unwrap();
        }
        // Staging into the spare, which lets a later write replace a file in its way: even one
        // this build wrote (a conflict the renderers never make, but the check must not lie).
        let s = Staging::begin(&out).unwrap();
        s.write("index.html", br#"<a href="x">x</a> <a href="x/index.html">x/</a>"#).unwrap();
        s.write("x", b"file").unwrap();
        s.write("x/index.html", b"dir").unwrap();
        assert_eq!(links(&s.bad_links()), ["x"]);
    }

    #[test]
    fn in_place_targets_not_written_are_looked_up_on_disk() {
        let tmp = tempfile::tempdir().unwrap();
        // The previous build's output.
        fs::create_dir_all(tmp.path().join("zaolin")).unwrap();
        fs::write(tmp.path().join("index.html"), "home").unwrap();
        fs::write(tmp.path().join("zaolin/index.html"), "old").unwrap();
        let s = Staging::in_place(tmp.path());
        s.write("zaolin/sangcun/index.html", br#"<a href="../">up</a> <a href="../../">home</a> <a href="../gone/">gone</a>"#).unwrap();
        assert_eq!(links(&s.bad_links()), ["../gone/"]);
        drop(s);
        assert!(tmp.path().join("zaolin/index.html").is_file(), "in place: nothing pruned");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_planted_in_the_spare_is_not_written_through() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        let outside = tmp.path().join("outside");
        fs::create_dir_all(&outside).unwrap();
        fs::create_dir_all(tmp.path().join(".output.spare")).unwrap();
        // Builds `page` and checks it landed in the output, not through a link to `outside`.
        let build = |page: &str| {
            let s = Staging::begin(&out).unwrap();
            s.write(page, b"page").unwrap();
            s.commit().unwrap();
            assert!(fs::read_dir(&outside).unwrap().next().is_none(), "{page}: wrote through the link");
            assert_eq!(fs::read(out.join(page)).unwrap(), b"page");
        };
        std::os::unix::fs::symlink(&outside, tmp.path().join(".output.spare/a")).unwrap();
        build("a/index.html");

        // The spare itself a link to a directory elsewhere: not recycled, and removed.
        assert!(!tmp.path().join(".output.spare").exists(), "no previous output, no spare");
        std::os::unix::fs::symlink(&outside, tmp.path().join(".output.spare")).unwrap();
        build("b/index.html");
    }

    #[test]
    fn symlinks_deep_in_the_spare_are_removed_and_never_written_through() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, outside) = (tmp.path().join("output"), tmp.path().join("outside"));
        fs::create_dir_all(&outside).unwrap();
        let build = |pages: &[&str]| {
            let s = Staging::begin(&out).unwrap();
            for page in pages {
                s.write(page, b"page").unwrap();
            }
            s.commit().unwrap();
        };
        build(&["c/d/keep.html", "c/e/keep.html"]);
        build(&["c/d/keep.html", "c/e/keep.html"]);
        let spare = tmp.path().join(".output.spare");
        assert!(spare.join("c/d/keep.html").is_file());
        // A link to a directory and one to a file, two levels down.
        std::os::unix::fs::symlink(&outside, spare.join("c/d/f")).unwrap();
        std::os::unix::fs::symlink(outside.join("x.html"), spare.join("c/e/g.html")).unwrap();
        build(&["c/d/keep.html", "c/e/keep.html", "c/d/f/index.html", "c/e/g.html"]);
        assert!(fs::read_dir(&outside).unwrap().next().is_none(), "wrote through a link");
        assert_eq!(fs::read(out.join("c/d/f/index.html")).unwrap(), b"page");
        assert!(fs::symlink_metadata(out.join("c/e/g.html")).unwrap().is_file());
    }

    #[test]
    fn refuses_foreign_directory() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("precious.txt"), "x").unwrap();
        assert!(Staging::begin(tmp.path()).is_err());
    }
}
