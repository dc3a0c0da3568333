//! The theme: tera templates and static files from `themes/default/`.
//!
//! The default theme is compiled into the binary (so `starboard` works from any directory), and a
//! theme directory on disk, when given, replaces it (so designers and `serve` see edits at once).
//! Templates are compiled once per build.

use std::path::{Path, PathBuf};

use tera::Tera;

include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

/// A static file: (name under `assets/`, bytes).
pub type Asset = (String, Vec<u8>);

/// Compiled templates and the static files to publish.
pub struct Theme {
    /// Compiled templates.
    pub tera: Tera,
    /// (file name, bytes) published under `assets/`.
    pub assets: Vec<(String, Vec<u8>)>,
}

/// A theme that failed to load (a template syntax error, an unreadable file).
#[derive(Debug)]
pub struct ThemeError(pub String);

impl Theme {
    /// The default theme, or the one in `dir` (`templates/*.html`, `static/*`) when given.
    pub fn load(dir: Option<&Path>) -> Result<Theme, ThemeError> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        tera.set_escape_fn(escape_into);
        let (templates, assets) = match dir {
            None => split(THEME_FILES.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect()),
            Some(dir) => split(read_tree(dir)?),
        };
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| ThemeError(format!("模板错误 (template error): {}", error_chain(&e))))?;
        Ok(Theme { tera, assets })
    }

    /// The theme directory to use for a content dir: `<content>/../themes/default` if present.
    pub fn dir_beside(content: &Path) -> Option<PathBuf> {
        let dir = content.parent().unwrap_or(Path::new(".")).join("themes").join("default");
        dir.join("templates").is_dir().then_some(dir)
    }
}

/// Escapes text for HTML and XML, text and attribute values alike (`/` stays as it is, unlike
/// tera's default, so relative links read naturally).
pub fn escape_html(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len() + 8);
    escape_into(s, &mut out).expect("writing to a Vec never fails");
    // Only whole runs of `s` and ASCII entities were written.
    String::from_utf8(out).expect("escaped text is UTF-8")
}

/// [`escape_html`] into `out`: tera's escape function, so every `{{ … }}` of the theme goes
/// straight into the page without a string of its own.
pub fn escape_into(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut plain = 0;
    // The five special characters are ASCII, never part of a multi-byte character: copy the runs
    // between them whole.
    for (i, b) in s.bytes().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&s.as_bytes()[plain..i])?;
        out.write_all(entity)?;
        plain = i + 1;
    }
    out.write_all(&s.as_bytes()[plain..])
}

/// A tera error with its causes, on one line.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut msg = e.to_string();
    let mut src = e.source();
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

/// Splits theme files into templates (`templates/…`, by name below it) and assets (`static/…`).
fn split(files: Vec<(String, Vec<u8>)>) -> (Vec<(String, String)>, Vec<Asset>) {
    let mut templates = Vec::new();
    let mut assets = Vec::new();
    for (path, bytes) in files {
        if let Some(name) = path.strip_prefix("templates/") {
            templates.push((name.to_string(), String::from_utf8_lossy(&bytes).into_owned()));
        } else if let Some(name) = path.strip_prefix("static/") {
            assets.push((name.to_string(), bytes));
        }
    }
    (templates, assets)
}

/// Every file under `dir`, as (relative path with `/`, bytes), sorted.
fn read_tree(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, ThemeError> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| ThemeError(format!("无法读取主题目录 {} (cannot read theme directory): {e}", dir.display())))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
            let bytes =
                std::fs::read(entry.path()).map_err(|e| ThemeError(format!("无法读取 {} (cannot read): {e}", entry.path().display())))?;
            out.push((rel, bytes));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escapes_the_five_characters_and_keeps_chinese() {
        assert_eq!(escape_html("东村 <b>\"好\" & '坏'</b> ../a/"), "东村 &lt;b&gt;&quot;好&quot; &amp; &#39;坏&#39;&lt;/b&gt; ../a/");
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("&"), "&amp;");
        assert_eq!(escape_html("桑村"), "桑村");
    }
}
