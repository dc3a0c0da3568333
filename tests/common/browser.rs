//! Real Chromium for the browser tests, in one place: finding it, the flags every run uses (the
//! same list `tests/browser/launch.mjs` reads, from `tests/browser/chromium-args.json`), headless
//! runs (`--dump-dom`, `--screenshot`) and the node scripts in `tests/browser/`.
//!
//! When Chromium, node or the npm packages are missing a browser test skips — unless
//! `STARBOARD_REQUIRE_BROWSER=1` (set in CI), then it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `tests/browser/`: the node scripts, their npm packages and the shared Chromium flags.
pub fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Skips the calling test (returns `None`), or panics when the browser is required.
fn unavailable<T>(why: &str) -> Option<T> {
    assert!(
        std::env::var("STARBOARD_REQUIRE_BROWSER").as_deref() != Ok("1"),
        "browser test required (STARBOARD_REQUIRE_BROWSER=1) but {why}"
    );
    eprintln!("skipping browser test: {why}");
    None
}

/// `Some` when `node` runs; `None` (skip) when it does not.
pub fn node() -> Option<()> {
    if Command::new("node").arg("--version").output().map(|o| !o.status.success()).unwrap_or(true) {
        return unavailable("node was not found");
    }
    Some(())
}

/// The Chromium executable: `$CHROMIUM`, else `chromium`, `chromium-browser` or `google-chrome`
/// on `PATH`; `None` (skip) when there is none.
pub fn chromium() -> Option<PathBuf> {
    let found = match std::env::var_os("CHROMIUM") {
        Some(c) => Some(PathBuf::from(c)).filter(|p| p.is_file()),
        None => ["chromium", "chromium-browser", "google-chrome"].into_iter().find_map(|name| {
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).map(|d| d.join(name)).find(|p| p.is_file())
        }),
    };
    match found {
        Some(c) => Some(c),
        None => unavailable("Chromium was not found (install chromium or set CHROMIUM)"),
    }
}

/// The flags every Chromium run uses (no network of its own, no sandbox, no GPU).
pub fn chromium_args() -> Vec<String> {
    let path = browser_dir().join("chromium-args.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `chromium --headless` with the shared flags and a fresh profile directory in `profile`; add the
/// action (`--dump-dom URL`, `--screenshot=… URL`) and run it.
pub fn headless(chromium: &Path, profile: &Path) -> Command {
    let mut c = Command::new(chromium);
    c.arg("--headless").args(chromium_args()).arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// Runs `node tests/browser/<script> ARGS` with the found Chromium and asserts it reports
/// `N passed, 0 failed`; returns its output, or `None` when the test skips (no Chromium, node or
/// `tests/browser/node_modules`).
pub fn run_node_script(script: &str, args: &[&Path]) -> Option<String> {
    let (passed, stdout, stderr) = node_script(script, args)?;
    assert!(passed, "{script} failed:\n{stdout}\n{stderr}");
    assert!(stdout.lines().any(|l| l.ends_with(" passed, 0 failed") && !l.starts_with("0 ")), "{stdout}\n{stderr}");
    Some(stdout)
}

/// Runs `node tests/browser/<script> ARGS` with the found Chromium: whether it exited 0, its
/// stdout and stderr; `None` when the test skips (see [`run_node_script`]).
pub fn node_script(script: &str, args: &[&Path]) -> Option<(bool, String, String)> {
    let chromium = chromium()?;
    node()?;
    let dir = browser_dir();
    if !dir.join("node_modules/playwright-core").is_dir() || !dir.join("node_modules/axe-core").is_dir() {
        return unavailable("tests/browser/node_modules is missing (run `npm ci --prefix tests/browser`)");
    }
    let o = Command::new("node").arg(dir.join(script)).args(args).env("CHROMIUM", &chromium).output().expect("run node");
    Some((o.status.success(), String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned()))
}
