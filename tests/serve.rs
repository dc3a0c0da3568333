//! `starboard serve` end to end: a real server on an ephemeral port, real file edits, real HTTP.
//! Every wait polls with a bounded timeout.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{TODAY, build_dir, starboard};

const TIMEOUT: Duration = Duration::from_secs(60);

/// A running `starboard serve`, stopped on drop.
struct Server {
    child: Child,
    addr: String,
    stderr: PathBuf,
    content: PathBuf,
    _tmp: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// `starboard init` a site into a temporary directory and serve it on `--port 0`.
    fn start() -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        assert!(starboard(&["init", site.to_str().unwrap()]).status.success());
        let content = site.join("content");
        let stderr = tmp.path().join("stderr.txt");
        let mut child = Command::new(env!("CARGO_BIN_EXE_starboard"))
            .args(["serve", "--content", content.to_str().unwrap(), "--port", "0", "--today", TODAY])
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let start = line.find("http://").unwrap_or_else(|| panic!("no address in {line:?}"));
        let addr = line[start + 7..].split('/').next().unwrap().to_string();
        Server { child, addr, stderr, content, _tmp: tmp }
    }

    /// GET `path`: (status code, body).
    fn get(&self, path: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr).unwrap();
        let mut text = String::new();
        s.read_to_string(&mut text).unwrap();
        let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
        (status, body)
    }

    /// Polls `path` until `pred` holds on its body; panics with the last body after [`TIMEOUT`].
    fn wait_for(&self, path: &str, pred: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let (_, body) = self.get(path);
            if pred(&body) {
                return body;
            }
            assert!(started.elapsed() < TIMEOUT, "timed out waiting on {path}; last body:\n{body}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn record(&self, rel: &str) -> PathBuf {
        self.content.join(rel)
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn edit_is_rebuilt_and_served() {
    let s = Server::start();
    let (status, page) = s.get("/hexi/dongcun/index.html");
    assert_eq!(status, 200);
    assert!(page.contains("东村") && page.contains("EventSource") && page.contains("/__starboard/events"));
    assert_eq!(s.get("/hexi/dongcun/").0, 200);
    assert_eq!(s.get("/../../etc/passwd").0, 400);
    assert_eq!(s.get("/no/such/page/").0, 404);

    edit(&s.record("regions/hexi/dongcun.yaml"), "name: 东村", "name: 东风村");
    s.wait_for("/hexi/dongcun/index.html", |b| b.contains("东风村"));
    // The town's list and the figures up the tree follow the edit.
    s.wait_for("/hexi/index.html", |b| b.contains("东风村"));
    edit(&s.record("regions/hexi/xicun.yaml"), "2025: 152300", "2025: 152400");
    s.wait_for("/hexi/xicun/data.json", |b| b.contains("\"152400.00\""));
    s.wait_for("/data.json", |b| b.contains("\"824400.50\""));
    assert!(s.stderr().contains("增量更新"), "{}", s.stderr());
    // Once the edits pause, the site-wide exports follow too.
    s.wait_for("/data/units.csv", |b| b.contains("东风村"));
    let started = Instant::now();
    while !s.stderr().contains("站点级导出已更新") {
        assert!(started.elapsed() < TIMEOUT, "no exports message:\n{}", s.stderr());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn bad_edit_keeps_last_good_site_and_shows_errors() {
    let s = Server::start();
    let record = s.record("regions/hexi/xicun.yaml");
    edit(&record, "[平安法治星, 文明幸福星]", "[平安法治星, <b>文明星</b>]");
    let errors = s.wait_for("/__starboard/errors", |b| b.contains("未知的星"));
    assert!(errors.contains("regions/hexi/xicun.yaml:12:"), "{errors}");
    assert!(errors.contains("&lt;b&gt;文明星&lt;") && !errors.contains("<b>文明星"), "error text not escaped:\n{errors}");
    // The old site is still served, with the errors laid over it.
    let page = s.get("/hexi/xicun/index.html").1;
    assert!(page.contains("西村") && page.contains("starboard-errors") && page.contains("未知的星"));
    assert!(!page.contains("<b>文明星"));
    let started = Instant::now();
    while !s.stderr().contains("regions/hexi/xicun.yaml:12:") {
        assert!(started.elapsed() < TIMEOUT, "terminal lacks the error:\n{}", s.stderr());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(s.stderr().contains("error: 未知的星"));

    edit(&record, "<b>文明星</b>", "文明幸福星");
    s.wait_for("/__starboard/errors", |b| b.contains("当前没有错误"));
    assert!(!s.get("/hexi/xicun/index.html").1.contains("starboard-errors"));
}

#[test]
fn event_stream_announces_reload() {
    let s = Server::start();
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(stream, "GET /__starboard/events HTTP/1.1\r\nHost: {}\r\n\r\n", s.addr).unwrap();
    let mut reader = BufReader::new(stream);
    let mut seen = String::new();
    let mut read_until = |needle: &str, seen: &mut String| {
        while !seen.contains(needle) {
            let mut line = String::new();
            assert!(reader.read_line(&mut line).unwrap() > 0, "stream closed; got:\n{seen}");
            seen.push_str(&line);
        }
    };
    read_until("event: hello\ndata: ", &mut seen);
    assert!(seen.contains("text/event-stream"));
    edit(&s.record("regions/hexi/dongcun.yaml"), "name: 东村", "name: 东风村");
    read_until("event: reload\ndata: ", &mut seen);
}

#[test]
fn build_output_never_has_the_reload_script() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    assert!(starboard(&["init", site.to_str().unwrap()]).status.success());
    let run = build_dir(&site.join("content"));
    run.succeeds();
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&run.out) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
            assert!(!text.contains("__starboard") && !text.contains("EventSource"), "{}", entry.path().display());
            pages += usize::from(entry.path().extension().is_some_and(|e| e == "html"));
        }
    }
    assert!(pages >= 5);
}
