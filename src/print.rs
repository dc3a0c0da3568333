//! `starboard print`: the posters as PDF files, printed by a locally installed Chromium
//! (headless, `--print-to-pdf`). Only this command needs a browser; `build` never does.
//!
//! The posters are built first (or taken from an existing output with `--no-build`), then each
//! selected page's poster is printed to `<pdf-dir>/<page path>/poster-<size>.pdf`, two browsers
//! at a time, each with its own throw-away profile directory.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::model::{Model, PaperSize};
use crate::render::poster::poster_file;

/// Programs tried, in order, when `$CHROMIUM` is not set.
pub const CHROMIUM_NAMES: [&str; 4] = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/// How long one poster may take before the browser is stopped.
const TIMEOUT: Duration = Duration::from_secs(90);

/// Why printing failed.
#[derive(Debug)]
pub enum PrintError {
    /// No browser: the message says how to get one.
    NoBrowser(String),
    /// A page named on the command line does not exist.
    UnknownPage(String),
    /// The browser failed on a poster.
    Failed(String),
}

impl PrintError {
    /// The message, Chinese with an English gloss.
    pub fn message(self) -> String {
        match self {
            PrintError::NoBrowser(m) | PrintError::UnknownPage(m) | PrintError::Failed(m) => m,
        }
    }
}

/// Finds Chromium: `$CHROMIUM` (a path or a program name) when set, else the first of
/// [`CHROMIUM_NAMES`] on `PATH`.
pub fn find_chromium() -> Result<PathBuf, PrintError> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    if let Some(given) = std::env::var_os("CHROMIUM").filter(|v| !v.is_empty()) {
        return resolve(&given, &path).ok_or_else(|| {
            let g = PathBuf::from(&given).display().to_string();
            PrintError::NoBrowser(format!(
                "环境变量 CHROMIUM 指定的浏览器“{g}”不存在或不可执行，请改正或删除该变量 (CHROMIUM is set to \"{g}\", which is not an executable program)"
            ))
        });
    }
    CHROMIUM_NAMES.iter().find_map(|name| resolve(name.as_ref(), &path)).ok_or_else(|| {
        PrintError::NoBrowser(
            "未找到 Chromium 浏览器，无法生成 PDF。请安装 chromium（Debian/Ubuntu：sudo apt-get install chromium），\
             或用环境变量 CHROMIUM 指明浏览器程序的路径；也可以直接用浏览器打开 poster/index.html 打印。生成网站本身不需要浏览器。 \
             (Chromium not found: install chromium, or set CHROMIUM to the browser's path; building the site does not need a browser)"
                .to_string(),
        )
    })
}

/// `prog` as an executable file: as given when it contains a `/`, else searched on `path`.
fn resolve(prog: &std::ffi::OsStr, path: &OsString) -> Option<PathBuf> {
    let p = Path::new(prog);
    if p.components().count() > 1 {
        return is_executable(p).then(|| p.to_path_buf());
    }
    std::env::split_paths(path).map(|dir| dir.join(p)).find(|c| is_executable(c))
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// The model paths of the pages named on the command line (`zaolin/sangcun`, `/zaolin/`, `/` or
/// `.` for the root); every region and unit when none are named.
pub fn select_pages(model: &Model, wanted: &[String]) -> Result<Vec<String>, PrintError> {
    let all: Vec<&str> = model.regions.iter().map(|r| r.path.as_str()).chain(model.units.iter().map(|u| u.path.as_str())).collect();
    if wanted.is_empty() {
        return Ok(all.into_iter().map(str::to_string).collect());
    }
    let mut out = Vec::new();
    for w in wanted {
        let trimmed = w.trim().trim_matches('/');
        let path = if trimmed.is_empty() || trimmed == "." { "/".to_string() } else { format!("/{trimmed}/") };
        if !all.contains(&path.as_str()) {
            return Err(PrintError::UnknownPage(format!(
                "没有“{w}”这个页面；页面按目录写，如 zaolin 或 zaolin/sangcun，根区域写 / (no page \"{w}\"; name pages by directory, e.g. zaolin/sangcun, or / for the root)"
            )));
        }
        if !out.contains(&path) {
            out.push(path);
        }
    }
    Ok(out)
}

/// Where the PDF of the page at `path` goes: `<pdf_dir>/<path>/poster-<size>.pdf`.
pub fn pdf_path(pdf_dir: &Path, path: &str, size: PaperSize) -> PathBuf {
    pdf_dir.join(path.trim_start_matches('/')).join(format!("poster-{}.pdf", size.name()))
}

/// One poster to print.
#[derive(Debug, Clone)]
pub struct Job {
    /// The poster's HTML file.
    pub html: PathBuf,
    /// The PDF to write.
    pub pdf: PathBuf,
}

/// The jobs for `pages` at `size` (`None`: the site's default size, `default`).
pub fn jobs(output: &Path, pdf_dir: &Path, pages: &[String], size: Option<PaperSize>, default: PaperSize) -> Vec<Job> {
    pages
        .iter()
        .map(|p| Job { html: output.join(poster_file(p, size, default)), pdf: pdf_path(pdf_dir, p, size.unwrap_or(default)) })
        .collect()
}

/// Prints every job with `chromium`, `parallel` at a time; returns the PDFs written.
pub fn print_all(chromium: &Path, jobs: &[Job], parallel: usize) -> Result<Vec<PathBuf>, PrintError> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let errors = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..parallel.max(1).min(jobs.len().max(1)) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    if let Err(e) = print_one(chromium, job) {
                        errors.lock().unwrap_or_else(|p| p.into_inner()).push((i, e));
                    }
                }
            });
        }
    });
    let mut errors = errors.into_inner().unwrap_or_else(|p| p.into_inner());
    if !errors.is_empty() {
        errors.sort_by_key(|(i, _)| *i);
        return Err(PrintError::Failed(errors.into_iter().map(|(_, e)| e.message()).collect::<Vec<_>>().join("\n")));
    }
    Ok(jobs.iter().map(|j| j.pdf.clone()).collect())
}

/// Prints one poster to PDF in a fresh headless Chromium.
pub fn print_one(chromium: &Path, job: &Job) -> Result<(), PrintError> {
    let fail = |what: String| PrintError::Failed(format!("{}: {what}", job.html.display()));
    let html = std::path::absolute(&job.html).map_err(|e| fail(format!("路径无效 (bad path): {e}")))?;
    if !html.is_file() {
        return Err(fail("海报文件不存在，请先生成网站 (poster file missing; build the site first)".into()));
    }
    if let Some(dir) = job.pdf.parent() {
        std::fs::create_dir_all(dir).map_err(|e| fail(format!("无法创建目录 {} (cannot create directory): {e}", dir.display())))?;
    }
    let pdf = std::path::absolute(&job.pdf).map_err(|e| fail(format!("路径无效 (bad path): {e}")))?;
    let _ = std::fs::remove_file(&pdf);
    let profile = tempfile::tempdir().map_err(|e| fail(format!("无法创建临时目录 (cannot create a temporary directory): {e}")))?;
    let mut user_data = OsString::from("--user-data-dir=");
    user_data.push(profile.path());
    let mut print_to = OsString::from("--print-to-pdf=");
    print_to.push(&pdf);
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
        ])
        .arg(user_data)
        .arg("--no-pdf-header-footer")
        .arg(print_to)
        .arg(file_url(&html))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| fail(format!("无法启动浏览器 {} (cannot start the browser): {e}", chromium.display())))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail(format!("浏览器超过 {} 秒未完成，已停止 (the browser took too long and was stopped)", TIMEOUT.as_secs())));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(fail(format!("等待浏览器失败 (waiting for the browser failed): {e}"))),
        }
    };
    let mut stderr = String::new();
    if let Some(mut err) = child.stderr.take() {
        use std::io::Read;
        let _ = err.read_to_string(&mut stderr);
    }
    let written = pdf.metadata().is_ok_and(|m| m.len() > 0);
    if !status.success() || !written {
        let last = stderr.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("").to_string();
        return Err(fail(format!("浏览器未能生成 PDF (the browser did not write the PDF; {status}): {last}")));
    }
    Ok(())
}

/// `file://` URL of an absolute path, percent-encoding what a URL cannot hold.
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for b in path.to_string_lossy().as_bytes() {
        match *b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => url.push(char::from(*b)),
            _ => url.push_str(&format!("%{b:02X}")),
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_paths_mirror_the_site() {
        assert_eq!(pdf_path(Path::new("pdf"), "/zaolin/sangcun/", PaperSize::A3), Path::new("pdf/zaolin/sangcun/poster-a3.pdf"));
        assert_eq!(pdf_path(Path::new("pdf"), "/", PaperSize::A2), Path::new("pdf/poster-a2.pdf"));
        let html = |size| jobs(Path::new("out"), Path::new("pdf"), &["/zaolin/".into()], size, PaperSize::A3)[0].html.clone();
        assert_eq!(html(None), Path::new("out/zaolin/poster/index.html"));
        assert_eq!(html(Some(PaperSize::A3)), Path::new("out/zaolin/poster/index.html"), "the default size has one address");
        assert_eq!(html(Some(PaperSize::A4)), Path::new("out/zaolin/poster/a4/index.html"));
    }

    #[test]
    fn file_urls_are_encoded() {
        assert_eq!(file_url(Path::new("/tmp/海报 1/index.html")), "file:///tmp/%E6%B5%B7%E6%8A%A5%201/index.html");
    }

    #[test]
    fn a_given_path_must_be_executable() {
        let path = OsString::from("/nonexistent");
        assert_eq!(resolve("/nonexistent/chromium".as_ref(), &path), None);
        assert_eq!(resolve("sh".as_ref(), &OsString::from("/bin:/usr/bin")).map(|p| p.is_absolute()), Some(true));
    }
}
