//! End to end: a site whose every text field holds hostile strings (`<script>`, `"><img onerror>`,
//! `{{ 7*191 }}`, `</script>` for JSON-in-HTML, `javascript:` links, spreadsheet formulas) builds,
//! shows the text, and no output file executes any of it. The fixture is `fixtures/ok/hostile`.

mod common;
use common::*;

use std::path::Path;

/// Markup the fixture's text would produce if it were not escaped.
const RAW_MARKUP: [&str; 5] = ["<script>alert", "<img src=x", "<svg onload", "<iframe", "</script><script>"];
/// Event-handler attributes, outside quoted attribute values.
const HANDLERS: [&str; 3] = ["onerror=", "onload=", "onmouseover="];
/// Dangerous link targets.
const LINKS: [&str; 4] = ["href=\"javascript:", "src=\"javascript:", "href=\"data:", "src=\"data:"];

fn files(out: &Path) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for e in walkdir::WalkDir::new(out) {
        let e = e.unwrap();
        if e.file_type().is_file() && e.path().extension().is_some_and(|x| x != "xlsx") {
            let rel = e.path().strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/");
            v.push((rel, String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned()));
        }
    }
    assert!(v.len() > 10, "too few output files: {v:?}");
    v
}

/// Every `<…>` tag of `html`.
fn tags(html: &str) -> impl Iterator<Item = &str> {
    html.match_indices('<').map(move |(i, _)| {
        let rest = &html[i..];
        &rest[..rest.find('>').unwrap_or(rest.len())]
    })
}

#[test]
fn hostile_text_is_shown_never_executed() {
    let run = build("ok/hostile");
    run.succeeds();
    let mut problems = Vec::new();
    for (rel, text) in files(&run.out) {
        let lower = text.to_lowercase();
        let csv = rel.ends_with(".csv");
        if !csv {
            for m in RAW_MARKUP {
                if lower.contains(m) {
                    problems.push(format!("{rel}: raw {m:?}"));
                }
            }
        }
        if rel.ends_with(".html") || rel.ends_with(".svg") || rel.ends_with(".xml") {
            for tag in tags(&lower) {
                let outside_quotes: String = tag.split('"').step_by(2).collect();
                for h in HANDLERS.iter().filter(|h| outside_quotes.contains(**h)) {
                    problems.push(format!("{rel}: {h} in {tag}"));
                }
                for l in LINKS.iter().filter(|l| tag.contains(**l)) {
                    problems.push(format!("{rel}: {l} in {tag}"));
                }
            }
            // Template syntax in content is text: never evaluated (7*191 = 1337).
            if text.contains("1337") {
                problems.push(format!("{rel}: a template expression was evaluated"));
            }
            if text.contains("TPL") && !text.contains("{% if true %}TPL{% endif %}") {
                problems.push(format!("{rel}: a template block was evaluated"));
            }
        }
        if rel.ends_with(".json") {
            // JSON is escaped for HTML: safe inline in <script>, never sniffed as markup.
            if text.contains(['<', '>']) {
                problems.push(format!("{rel}: raw < or > in JSON"));
            }
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&text) {
                problems.push(format!("{rel}: invalid JSON: {e}"));
            }
        }
        if csv {
            for (n, cell) in csv_cells(&text).into_iter().enumerate() {
                if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.parse::<f64>().is_err() {
                    problems.push(format!("{rel}: cell {n} {cell:?} would run as a formula"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The text is shown, escaped, where it belongs.
    let unit = run.file("xss/cun/index.html");
    assert!(
        unit.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;") || unit.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{unit}"
    );
    assert!(unit.contains("{{ 7*191 }}"), "template text shown literally");
    assert!(unit.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), "honor name shown escaped");
    let json = run.json("xss/cun/data.json");
    assert_eq!(json["name"], "<script>alert(1)</script>", "JSON escaping is lossless");
    let units_csv = run.file("data/units.csv");
    assert!(units_csv.contains("'=cmd|' /C calc'!A0"), "a formula name is neutralised, not dropped:\n{units_csv}");
}

/// The cells of a CSV file (RFC 4180 quoting), unquoted.
fn csv_cells(text: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cell.is_empty() => quoted = true,
            (',' | '\n', false) => cells.push(std::mem::take(&mut cell)),
            ('\r', false) => {}
            (c, _) => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

#[test]
fn csv_cells_parser() {
    assert_eq!(csv_cells("a,\"b,\"\"c\"\"\"\r\n'=1,"), ["a", "b,\"c\"", "'=1", ""]);
}
