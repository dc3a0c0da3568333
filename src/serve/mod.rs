//! `starboard serve` — local preview while editing: builds the site, serves it on 127.0.0.1,
//! watches the content and theme directories, rebuilds on every save (incrementally when one
//! record changed, see [`crate::pipeline::session`]) and reloads the open pages. Content errors
//! are printed in the terminal and laid over the page, and the last good site stays served.

pub mod http;
pub mod overlay;

use std::io::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::diag;
use crate::model::Date;
use crate::pipeline::session::{Outcome, SessionOptions, Site};
use http::Shared;
use overlay::Overlay;

/// Quiet time after the last file event before rebuilding: editors save in several steps
/// (write a temporary file, rename it over the old one).
const QUIET: Duration = Duration::from_millis(25);
/// Longest a stream of events may postpone a rebuild.
const MAX_WAIT: Duration = Duration::from_millis(500);
/// Quiet time after the last save before the site-wide exports are brought up to date.
const EXPORT_AFTER: Duration = Duration::from_secs(2);
/// How often to look whether background exports have finished (to report them).
const EXPORT_POLL: Duration = Duration::from_millis(200);

/// Options of `starboard serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Content directory.
    pub content: PathBuf,
    /// Port on 127.0.0.1 (0: any free port).
    pub port: u16,
    /// Theme directory.
    pub theme: Option<PathBuf>,
    /// Build date.
    pub today: Option<Date>,
}

/// Why `serve` stopped.
#[derive(Debug)]
pub enum ServeError {
    /// The port could not be opened (exit 2).
    Port(String),
    /// The file watcher or the preview directory failed (exit 1).
    Setup(String),
}

/// Runs the preview until the process is stopped (Ctrl-C).
pub fn serve(opts: &ServeOptions) -> Result<(), ServeError> {
    let listener = TcpListener::bind(("127.0.0.1", opts.port)).map_err(|e| {
        ServeError::Port(format!("无法使用端口 {}，请用 --port 换一个 (cannot listen on 127.0.0.1:{}): {e}", opts.port, opts.port))
    })?;
    let addr = listener.local_addr().map_err(|e| ServeError::Port(e.to_string()))?;
    // Each preview gets its own directory; rebuilt sites replace one another inside it. Ctrl-C
    // ends the process without cleaning up, so the next serve removes dead previews' directories
    // (a province's preview is 5 GB).
    remove_dead_previews(&std::env::temp_dir());
    let out_root = std::env::temp_dir().join(format!("{PREVIEW_PREFIX}{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out_root);
    let mut site = Site::new(SessionOptions {
        content: opts.content.clone(),
        theme: opts.theme.clone(),
        today: opts.today,
        out_root: out_root.clone(),
    });

    // Watch before the first build, so a save during it is not missed.
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        // Reads (ours included, while rebuilding) are not changes.
        if let Ok(ev) = res
            && !matches!(ev.kind, EventKind::Access(_))
        {
            let _ = tx.send(ev.paths);
        }
    })
    .map_err(|e| ServeError::Setup(format!("无法监视文件变化 (cannot start the file watcher): {e}")))?;
    for dir in site.watched_dirs() {
        watcher
            .watch(&dir, RecursiveMode::Recursive)
            .map_err(|e| ServeError::Setup(format!("无法监视 {} (cannot watch {}): {e}", dir.display(), dir.display())))?;
    }

    let shared = Arc::new(Shared::default());
    let overlay = Arc::new(Overlay::new().map_err(ServeError::Setup)?);
    let started = Instant::now();
    let first = site.rebuild_all();
    report(&site, first, &shared, started);
    {
        let (shared, overlay) = (shared.clone(), overlay.clone());
        std::thread::spawn(move || http::run(listener, shared, overlay));
    }
    println!("正在预览：http://{addr}/ （保存文件后页面自动刷新，按 Ctrl-C 结束） (serving at http://{addr}/)");
    let _ = std::io::stdout().flush();

    loop {
        // Site-wide exports (search index, feeds, open data: seconds at a province's scale) wait
        // until the clerk pauses, so a run of saves is rebuilt at once, each one in well under a
        // second; they then render in the background, and a save that lands meanwhile is
        // rebuilt at once too (the exports catch up with it at the next pause).
        let next = if site.exports_running() {
            rx.recv_timeout(EXPORT_POLL)
        } else if site.has_deferred() {
            rx.recv_timeout(EXPORT_AFTER)
        } else {
            rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
        };
        let mut paths = match next {
            Ok(paths) => paths,
            Err(RecvTimeoutError::Timeout) => {
                if site.exports_running() {
                    report_exports(site.poll_exports(), &shared);
                } else {
                    site.start_exports();
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let started = Instant::now();
        while let Ok(more) = rx.recv_timeout(QUIET) {
            paths.extend(more);
            if started.elapsed() > MAX_WAIT {
                break;
            }
        }
        paths.sort();
        paths.dedup();
        let outcome = site.update(&paths);
        report(&site, outcome, &shared, started);
        report_exports(site.poll_exports(), &shared);
    }
    Ok(())
}

/// Preview directories are `<temp>/starboard-serve-<pid>`.
const PREVIEW_PREFIX: &str = "starboard-serve-";

/// Removes the preview directories in `temp` of `serve` processes that are no longer running.
fn remove_dead_previews(temp: &Path) {
    let Ok(entries) = std::fs::read_dir(temp) else { return };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix(PREVIEW_PREFIX).and_then(|p| p.parse::<u32>().ok()) else { continue };
        if pid != std::process::id() && !crate::render::output::process_alive(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Prints how background exports ended (nothing while they run).
fn report_exports(outcome: Option<Result<Duration, String>>, shared: &Shared) {
    match outcome {
        Some(Ok(took)) => {
            eprintln!("站点级导出已更新，用时 {} 毫秒 (site-wide exports updated in {} ms)", took.as_millis(), took.as_millis())
        }
        Some(Err(msg)) => {
            eprintln!("error: {msg}");
            shared.publish(|s| s.errors = vec![msg]);
        }
        None => {}
    }
}

/// Prints what a rebuild did and publishes it to the server (which tells the pages to reload).
fn report(site: &Site, outcome: Outcome, shared: &Shared, started: Instant) {
    match outcome {
        Outcome::Built(b) => {
            crate::cli::print_diagnostics(site.content(), &b.warnings);
            shared.publish(|s| {
                s.dir = Some(b.dir.clone());
                s.errors.clear();
            });
            let ms = started.elapsed().as_millis();
            let how = if b.full { "全部重新生成" } else { "增量更新" };
            eprintln!(
                "{how}：{} 个区域、{} 个村（社区）的页面，用时 {ms} 毫秒 ({} rebuild: {} regions, {} units in {ms} ms)",
                b.regions,
                b.units,
                if b.full { "full" } else { "incremental" },
                b.regions,
                b.units
            );
            if let Some(old) = b.retired {
                let _ = std::fs::remove_dir_all(old);
            }
        }
        Outcome::Failed(diags) => {
            crate::cli::print_diagnostics(site.content(), &diags);
            eprintln!("预览中仍是上一次成功生成的网站，改正后保存即可 (still serving the last good site; fix and save)");
            let errors = diag::resolve(site.content(), &diags).iter().map(|r| r.with_snippet()).collect();
            shared.publish(|s| s.errors = errors);
        }
        Outcome::RenderFailed(msg) => {
            eprintln!("error: {msg}");
            shared.publish(|s| s.errors = vec![msg]);
        }
        Outcome::Unchanged => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dead_previews_are_removed_live_ones_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let dead = tmp.path().join(format!("{PREVIEW_PREFIX}2147483647"));
        let live = tmp.path().join(format!("{PREVIEW_PREFIX}{}", std::process::id()));
        let other = tmp.path().join("starboard-serve-notes");
        for d in [&dead, &live, &other] {
            std::fs::create_dir_all(d.join("site-1")).unwrap();
        }
        remove_dead_previews(tmp.path());
        assert!(!dead.exists(), "a dead serve's preview is removed");
        assert!(live.exists() && other.exists());
    }
}
