//! Test harness: runs the real `starboard` binary on a fixture site and asserts on the result.
//!
//! ```ignore
//! build("bad/unknown_star").fails().stderr_has("regions/ningguo/dongcun.yaml:4:23: error: 未知的星");
//! ```
//! Fixtures live in `tests/fixtures/<group>/<case>/` and are content directories themselves
//! (`site.yaml`, `regions/…`). See `tests/README.md` for adding a case.
#![allow(dead_code)]

pub mod browser;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The build date every test uses, so output is reproducible.
pub const TODAY: &str = "2024-12-20";

/// Path of a fixture's content directory.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The result of one `starboard` run.
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Output directory of a build (inside `_tmp`).
    pub out: PathBuf,
    _tmp: tempfile::TempDir,
}

/// Runs `starboard ARGS` with the content dir and a fresh output dir appended.
pub fn starboard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_starboard")).args(args).env_remove("SOURCE_DATE_EPOCH").output().expect("run starboard")
}

/// `starboard build` of a fixture into a temporary output directory.
pub fn build(name: &str) -> Run {
    build_dir(&fixture(name))
}

/// `starboard build` of any content directory into a temporary output directory.
pub fn build_dir(content: &Path) -> Run {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let o = starboard(&["build", "--content", content.to_str().unwrap(), "--output", out.to_str().unwrap(), "--today", TODAY]);
    Run::new(o, out, tmp)
}

/// `starboard check` of a fixture.
pub fn check(name: &str) -> Run {
    let tmp = tempfile::tempdir().unwrap();
    let o = starboard(&["check", "--content", fixture(name).to_str().unwrap()]);
    Run::new(o, tmp.path().join("output"), tmp)
}

impl Run {
    fn new(o: Output, out: PathBuf, tmp: tempfile::TempDir) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into(),
            stderr: String::from_utf8_lossy(&o.stderr).into(),
            out,
            _tmp: tmp,
        }
    }

    /// Asserts exit code 0.
    pub fn succeeds(&self) -> &Self {
        assert_eq!(self.code, 0, "expected success, stderr:\n{}", self.stderr);
        self
    }

    /// Asserts exit code 1 (content errors), no panic, and no output written.
    pub fn fails(&self) -> &Self {
        assert_eq!(self.code, 1, "expected exit 1, stderr:\n{}", self.stderr);
        assert!(!self.stderr.contains("panicked"), "panic:\n{}", self.stderr);
        assert!(!self.out.exists(), "a failed build wrote output");
        self
    }

    /// Asserts stderr contains `needle`.
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(self.stderr.contains(needle), "stderr lacks {needle:?}:\n{}", self.stderr);
        self
    }

    /// The diagnostic lines (`FILE:LINE:COL: error: …`) of stderr.
    pub fn diagnostics(&self) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.contains(": error: ") || l.contains(": warning: ")).collect()
    }

    /// A file of the output, as text.
    pub fn file(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// A JSON file of the output.
    pub fn json(&self, rel: &str) -> serde_json::Value {
        serde_json::from_str(&self.file(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

/// Builds `bad/<case>` and asserts it fails with exactly these diagnostic lines.
pub fn fails_with(case: &str, expected: &[&str]) {
    let run = build(&format!("bad/{case}"));
    run.fails();
    assert_eq!(run.diagnostics(), expected, "full stderr:\n{}", run.stderr);
}

/// Copies a fixture (or any directory) to `to`, e.g. to edit it or put it in a git repository.
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Runs `git ARGS` in `dir` as a clerk (name and e-mail given, no signing); panics on failure.
/// Returns its standard output, trimmed.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .args(["-c", "user.name=文书", "-c", "user.email=clerk@example.gov.cn", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(o.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}
