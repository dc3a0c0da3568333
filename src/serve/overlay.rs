//! What `serve` adds to the site it previews: the live-reload script and the error overlay
//! injected into every HTML page on its way out (the files on disk, like `build` output, never
//! contain them), and the error page. Markup lives in `templates/` beside this file and every
//! message is HTML-escaped by tera.

use serde::Serialize;
use tera::Tera;

use super::http::EVENTS_PATH;
use crate::render::theme::{error_chain, escape_html, escape_into};

/// The compiled serve-only templates.
pub struct Overlay {
    tera: Tera,
}

#[derive(Serialize)]
struct View<'a> {
    title: &'a str,
    errors: &'a [String],
    generation: u64,
    events_path: &'a str,
    overlay: bool,
    missing: Option<&'a str>,
}

impl Overlay {
    /// Compiles the templates (they are part of the binary, so this fails only on a bug).
    pub fn new() -> Result<Overlay, String> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_into);
        tera.add_raw_templates([
            ("reload.html", include_str!("templates/reload.html")),
            ("errors.html", include_str!("templates/errors.html")),
        ])
        .map_err(|e| error_chain(&e))?;
        Ok(Overlay { tera })
    }

    fn render(&self, template: &str, view: &View<'_>) -> String {
        tera::Context::from_serialize(view)
            .and_then(|c| self.tera.render(template, &c))
            .unwrap_or_else(|e| format!("<pre>{}</pre>", escape_html(&error_chain(&e))))
    }

    /// `html` with the overlay (when there are errors) and the reload script before `</body>`.
    pub fn inject(&self, html: &str, errors: &[String], generation: u64) -> String {
        let view = View { title: "", errors, generation, events_path: EVENTS_PATH, overlay: true, missing: None };
        let snippet = self.render("reload.html", &view);
        let at = html.rfind("</body>").unwrap_or(html.len());
        let mut out = String::with_capacity(html.len() + snippet.len());
        out.push_str(&html[..at]);
        out.push_str(&snippet);
        out.push_str(&html[at..]);
        out
    }

    /// The page listing the current errors (also shown for every page before a first good build).
    pub fn errors_page(&self, errors: &[String], generation: u64) -> String {
        let title = if errors.is_empty() { "预览：没有错误" } else { "预览：内容有错误" };
        self.render("errors.html", &View { title, errors, generation, events_path: EVENTS_PATH, overlay: false, missing: None })
    }

    /// A 404 page that still reloads (the page may appear after the next rebuild).
    pub fn not_found_page(&self, path: &str, errors: &[String], generation: u64) -> String {
        let view = View { title: "找不到页面", errors, generation, events_path: EVENTS_PATH, overlay: false, missing: Some(path) };
        self.render("errors.html", &view)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_escaped_and_script_goes_before_body_end() {
        let o = Overlay::new().unwrap();
        let html = o.inject("<html><body><p>x</p></body></html>", &["a.yaml:1:1: error: <script>alert(1)</script>".into()], 7);
        assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;") || html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<script>alert(1)"));
        assert!(html.contains("var served = \"7\""));
        assert!(
            html.contains("EventSource") && html.ends_with("</body></html>") && html.find("EventSource") < html.find("</body>"),
            "{html}"
        );
        let clean = o.inject("<body></body>", &[], 1);
        assert!(!clean.contains("starboard-errors"));
    }
}
