//! A small HTTP/1.1 server on `std::net` for the preview: static files from the directory the
//! session last built, the live-reload event stream, and the error page. One thread per
//! connection, `Connection: close` — a preview has one clerk and a few tabs, not traffic.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::overlay::Overlay;

/// Path of the Server-Sent Events stream that tells open pages to reload.
pub const EVENTS_PATH: &str = "/__starboard/events";
/// Path of the page that lists the current content errors.
pub const ERRORS_PATH: &str = "/__starboard/errors";

/// What the server shows; updated by the rebuild loop.
#[derive(Debug, Default)]
pub struct State {
    /// Directory of the last good site (none before the first successful build).
    pub dir: Option<PathBuf>,
    /// Current problems, one printable diagnostic (with its source line) each; empty when the
    /// last rebuild succeeded.
    pub errors: Vec<String>,
    /// Counts rebuilds (good or bad); pages carry the number they were served with and reload
    /// when the stream announces another.
    pub generation: u64,
}

/// State shared between the rebuild loop and the connection threads.
#[derive(Default)]
pub struct Shared {
    /// What to serve.
    pub state: Mutex<State>,
    /// Open event streams.
    subscribers: Mutex<Vec<mpsc::Sender<u64>>>,
}

impl Shared {
    /// Replaces the state and tells every open page to reload.
    pub fn publish(&self, update: impl FnOnce(&mut State)) {
        let generation = {
            let mut state = lock(&self.state);
            update(&mut state);
            state.generation += 1;
            state.generation
        };
        lock(&self.subscribers).retain(|tx| tx.send(generation).is_ok());
    }

    fn snapshot(&self) -> (Option<PathBuf>, Vec<String>, u64) {
        let s = lock(&self.state);
        (s.dir.clone(), s.errors.clone(), s.generation)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Accepts connections on `listener` forever, each on its own thread.
pub fn run(listener: TcpListener, shared: Arc<Shared>, overlay: Arc<Overlay>) {
    for stream in listener.incoming().flatten() {
        let (shared, overlay) = (shared.clone(), overlay.clone());
        std::thread::spawn(move || {
            let _ = handle(stream, &shared, &overlay);
        });
    }
}

/// A parsed request line: method and decoded path (query and fragment dropped).
struct Request {
    method: String,
    path: String,
}

fn read_request(stream: &TcpStream) -> io::Result<Option<Request>> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.take(16 * 1024));
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else { return Ok(None) };
    // Headers are not needed; read them so the client sees a clean close.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let raw = target.split(['?', '#']).next().unwrap_or("/");
    Ok(Some(Request { method: method.to_string(), path: percent_decode(raw) }))
}

fn handle(mut stream: TcpStream, shared: &Shared, overlay: &Overlay) -> io::Result<()> {
    let Some(req) = read_request(&stream)? else { return Ok(()) };
    if req.method != "GET" && req.method != "HEAD" {
        return respond(&mut stream, &req, "405 Method Not Allowed", "text/plain; charset=utf-8", b"405\n");
    }
    if req.path == EVENTS_PATH {
        return events(stream, shared);
    }
    let (dir, errors, generation) = shared.snapshot();
    if req.path == ERRORS_PATH {
        let page = overlay.errors_page(&errors, generation);
        return respond(&mut stream, &req, "200 OK", "text/html; charset=utf-8", page.as_bytes());
    }
    let Some(dir) = dir else {
        // Nothing good was ever built: every page is the error page.
        let page = overlay.errors_page(&errors, generation);
        return respond(&mut stream, &req, "503 Service Unavailable", "text/html; charset=utf-8", page.as_bytes());
    };
    let Some(rel) = safe_relative(&req.path) else {
        return respond(&mut stream, &req, "400 Bad Request", "text/plain; charset=utf-8", b"400\n");
    };
    let mut file = dir.join(&rel);
    if file.is_dir() {
        if !req.path.ends_with('/') {
            let location = format!("{}/", req.path);
            let head = format!("HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            return stream.write_all(head.as_bytes());
        }
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(bytes) => {
            let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext == "html" {
                let html = overlay.inject(&String::from_utf8_lossy(&bytes), &errors, generation);
                respond(&mut stream, &req, "200 OK", content_type(ext), html.as_bytes())
            } else {
                respond(&mut stream, &req, "200 OK", content_type(ext), &bytes)
            }
        }
        Err(_) => {
            let page = overlay.not_found_page(&req.path, &errors, generation);
            respond(&mut stream, &req, "404 Not Found", "text/html; charset=utf-8", page.as_bytes())
        }
    }
}

fn respond(stream: &mut TcpStream, req: &Request, status: &str, content_type: &str, body: &[u8]) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if req.method != "HEAD" {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The reload stream: `hello` with the current generation on connect, then `reload` with the new
/// generation after every rebuild, and a comment every 15 s so proxies keep it open.
fn events(mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    let (tx, rx) = mpsc::channel();
    let generation = {
        // Subscribe under the state lock so no rebuild slips between the hello and the stream.
        let state = lock(&shared.state);
        lock(&shared.subscribers).push(tx);
        state.generation
    };
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
    )?;
    stream.write_all(format!("retry: 500\nevent: hello\ndata: {generation}\n\n").as_bytes())?;
    stream.flush()?;
    loop {
        match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(g) => stream.write_all(format!("event: reload\ndata: {g}\n\n").as_bytes())?,
            Err(mpsc::RecvTimeoutError::Timeout) => stream.write_all(b": keep-alive\n\n")?,
            Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
        }
        stream.flush()?;
    }
}

/// `/a/b/` → `a/b`, refusing anything that could leave the served directory.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let rel = Path::new(path.trim_start_matches('/'));
    rel.components().all(|c| matches!(c, Component::Normal(_))).then(|| rel.to_path_buf())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = bytes.get(i + 1..i + 3)
            && let Some(b) = std::str::from_utf8(hex).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(ext: &str) -> &'static str {
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside() {
        assert_eq!(safe_relative("/zaolin/sangcun/index.html"), Some(PathBuf::from("zaolin/sangcun/index.html")));
        assert_eq!(safe_relative("/"), Some(PathBuf::new()));
        assert_eq!(safe_relative("/../etc/passwd"), None);
        assert_eq!(safe_relative("/a/../../b"), None);
        assert_eq!(percent_decode("/%E6%A1%91/x%2"), "/桑/x%2");
    }
}
