//! Diagnostics: every content problem becomes one [`Diagnostic`], collected across a whole run and
//! printed together as `FILE:LINE:COL: error: 中文说明 (English gloss)`.
//!
//! Stages record *where* a problem is as a [`Location`]: either a line and column they already
//! know (a YAML syntax error) or a path into the YAML document (`stars.2024[1]`). Paths are turned
//! into line and column only when the diagnostics are printed, so the fast path (no errors) never
//! pays for a position index.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::load::yaml::Locator;

/// How bad a diagnostic is: errors fail the build (exit 1), warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// 错误 — the build fails.
    Error,
    /// 警告 — reported, the build goes on.
    Warning,
}

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSeg {
    /// A mapping key, as written (`stars`, `2024`).
    Key(String),
    /// A sequence index, from 0.
    Index(usize),
}

/// A path into a YAML document, e.g. `projects[0].steps.resolved`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct YamlPath(pub Vec<PathSeg>);

impl YamlPath {
    /// The empty path: the document itself.
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// This path extended by a mapping key.
    pub fn key(&self, key: impl Into<String>) -> Self {
        let mut segs = self.0.clone();
        segs.push(PathSeg::Key(key.into()));
        Self(segs)
    }

    /// This path extended by a sequence index.
    pub fn index(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(PathSeg::Index(index));
        Self(segs)
    }
}

impl fmt::Display for YamlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                PathSeg::Key(k) if i == 0 => write!(f, "{k}")?,
                PathSeg::Key(k) => write!(f, ".{k}")?,
                PathSeg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Where in a file a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole (reported as line 1, column 1).
    File,
    /// A known 1-based line and column.
    LineCol(usize, usize),
    /// The value at this path.
    Value(YamlPath),
    /// The key of the mapping entry at this path (e.g. a year that is out of range).
    Key(YamlPath),
}

/// One problem found in the content, with its file (relative to the content dir).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// File relative to the content directory, with `/` separators.
    pub file: PathBuf,
    /// Where in the file.
    pub location: Location,
    /// 中文说明 — what is wrong and what to do, for the clerk.
    pub zh: String,
    /// English gloss of the same message.
    pub en: String,
}

impl Diagnostic {
    /// A new error.
    pub fn error(file: impl Into<PathBuf>, location: Location, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self { severity: Severity::Error, file: file.into(), location, zh: zh.into(), en: en.into() }
    }

    /// A new warning.
    pub fn warning(file: impl Into<PathBuf>, location: Location, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(file, location, zh, en) }
    }
}

/// A diagnostic with its position resolved, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Error or warning.
    pub severity: Severity,
    /// File relative to the content directory.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub col: usize,
    /// 中文说明.
    pub zh: String,
    /// English gloss.
    pub en: String,
    /// The source line, for a caret display (absent when the file can't be read as text).
    pub source_line: Option<String>,
}

impl fmt::Display for Resolved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}:{}:{}: {sev}: {} ({})", self.file, self.line, self.col, self.zh, self.en)
    }
}

impl Resolved {
    /// The one-line form followed by the source line and a caret under the column.
    pub fn with_snippet(&self) -> String {
        let mut out = self.to_string();
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string();
            // A very long line is shown as a window around the column.
            let (src, col) = if src.chars().count() > SNIPPET_CHARS {
                let skip = self.col.saturating_sub(SNIPPET_CHARS / 2);
                let window: String = src.chars().skip(skip).take(SNIPPET_CHARS).collect();
                if skip > 0 { (format!("…{window}…"), self.col - skip + 1) } else { (format!("{window}…"), self.col) }
            } else {
                (src.clone(), self.col)
            };
            let pad: String = src
                .chars()
                .take(col.saturating_sub(1))
                .map(|c| {
                    if c == '\t' {
                        '\t'
                    } else if is_wide(c) {
                        '　'
                    } else {
                        ' '
                    }
                })
                .collect();
            out.push_str(&format!("\n {gutter} | {src}\n {} | {pad}^", " ".repeat(gutter.len())));
        }
        out
    }
}

/// Longest source line shown under a diagnostic, in characters.
const SNIPPET_CHARS: usize = 100;

/// CJK characters take two columns in a terminal; pad with a full-width space under them.
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// Turns diagnostics into printable, sorted [`Resolved`] ones, reading each file that needs a
/// path resolved once.
pub fn resolve(content_dir: &Path, diags: &[Diagnostic]) -> Vec<Resolved> {
    let mut by_file: BTreeMap<&Path, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diags {
        by_file.entry(d.file.as_path()).or_default().push(d);
    }
    let mut out = Vec::with_capacity(diags.len());
    // Source snippets go to terminals and CI logs: personal numbers in them are starred too.
    let guard = crate::validate::pii::PiiGuard::default();
    for (file, ds) in by_file {
        // The loader's own reader: no symbolic links, special files or oversized files.
        let text = crate::load::text::read_text(&content_dir.join(file), file).ok();
        let needs_index = ds.iter().any(|d| matches!(d.location, Location::Value(_) | Location::Key(_)));
        let locator = match (&text, needs_index) {
            (Some(t), true) => Some(Locator::new(t)),
            _ => None,
        };
        // Lines indexed once per file: a file can carry thousands of diagnostics.
        let lines: Vec<&str> = text.as_deref().map(yaml_lines).unwrap_or_default();
        let shown = printable_path(file);
        for d in ds {
            let (line, col) = match &d.location {
                Location::File => (1, 1),
                Location::LineCol(l, c) => (*l, *c),
                Location::Value(p) => locator.as_ref().and_then(|l| l.value(p)).unwrap_or((1, 1)),
                Location::Key(p) => locator.as_ref().and_then(|l| l.key(p)).unwrap_or((1, 1)),
            };
            let (line, col) = if text.is_some() { clamp(&lines, line, col) } else { (line.max(1), col.max(1)) };
            let source_line =
                lines.get(line.saturating_sub(1)).filter(|l| !l.trim().is_empty()).map(|l| guard.redact(l.trim_end_matches('\r')));
            out.push(Resolved {
                severity: d.severity,
                file: shown.clone(),
                line,
                col,
                zh: one_line(&d.zh),
                en: one_line(&d.en),
                source_line,
            });
        }
    }
    out.sort_by(|a, b| (&a.file, a.line, a.col, a.severity, &a.zh).cmp(&(&b.file, b.line, b.col, b.severity, &b.zh)));
    out.dedup();
    out
}

/// (line, col) moved inside the file: the parser marks an empty value at the end of a file
/// (`name:` on the last line) at the position after it, one line past the end.
fn clamp(lines: &[&str], line: usize, col: usize) -> (usize, usize) {
    let line = line.clamp(1, lines.len().max(1));
    let width = lines.get(line - 1).map_or(0, |l| l.chars().count());
    (line, col.clamp(1, width + 1))
}

/// The lines of `text` as YAML (and so the positions in diagnostics) counts them: `\r\n`, `\r`
/// and `\n` each end a line.
fn yaml_lines(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let (mut out, mut start, mut i) = (Vec::new(), 0, 0);
    while i < bytes.len() {
        if bytes[i] == b'\n' || bytes[i] == b'\r' {
            out.push(&text[start..i]);
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out.push(&text[start..]);
    out
}

/// `text` with control characters escaped (`\n` for a newline quoted from a file name), so a
/// diagnostic stays on one line.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() }).collect()
}

/// The path with `/` separators and control characters (a newline in a file name) escaped, so a
/// diagnostic stays on one line.
fn printable_path(file: &Path) -> String {
    let s = file.to_string_lossy();
    let s = if cfg!(windows) { s.replace('\\', "/") } else { s.into_owned() };
    one_line(&s)
}

/// True when any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_display() {
        let p = YamlPath::root().key("projects").index(0).key("steps");
        assert_eq!(p.to_string(), "projects[0].steps");
    }

    #[test]
    fn display_format() {
        let r = Resolved {
            severity: Severity::Error,
            file: "regions/a/b.yaml".into(),
            line: 7,
            col: 5,
            zh: "未知的星".into(),
            en: "unknown star".into(),
            source_line: Some("  2024: [文明星]".into()),
        };
        assert_eq!(r.to_string(), "regions/a/b.yaml:7:5: error: 未知的星 (unknown star)");
        assert!(r.with_snippet().ends_with("|     ^"));
    }

    /// Found by the fuzz test: with old-Mac `\r` line endings YAML counts lines the
    /// resolver did not, so the source line could not be shown.
    #[test]
    fn regression_cr_only_line_endings_resolve() {
        assert_eq!(yaml_lines("a\rb\r\nc\nd"), ["a", "b", "c", "d"]);
        assert_eq!(yaml_lines("a\n"), ["a", ""]);
    }

    /// Found by the fuzz test (input `"name:\n "`): the empty name was located on line 3 of a
    /// two-line file.
    #[test]
    fn regression_empty_value_at_the_end_resolves_inside_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("u.yaml"), "name:\n ").unwrap();
        let d = Diagnostic::error("u.yaml", Location::Value(YamlPath::root().key("name")), "名称不能为空", "empty");
        let r = &resolve(dir.path(), &[d])[0];
        assert!(r.line <= 2 && r.col <= 2, "{r}");
    }

    #[test]
    fn long_lines_are_windowed() {
        let r = Resolved {
            severity: Severity::Error,
            file: "a.yaml".into(),
            line: 1,
            col: 1007,
            zh: "x".into(),
            en: "x".into(),
            source_line: Some(format!("name: {}", "9".repeat(2000))),
        };
        let snippet = r.with_snippet();
        let lines: Vec<&str> = snippet.lines().collect();
        assert!(lines[1].chars().count() < 120, "{}", lines[1]);
        let caret = lines[2].find('^').unwrap() - lines[2].find('|').unwrap();
        let bar = lines[1].find('|').unwrap();
        assert_eq!(lines[1][bar..].chars().nth(caret), Some('9'));
    }
}
