//! Printing a diff report: plain text for the terminal, Markdown for a merge-request comment,
//! JSON for tools.

use std::fmt::Write as _;

use super::Report;

/// Output format of `starboard diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown (for merge-request comments).
    Markdown,
    /// JSON.
    Json,
}

/// Renders the report in `format`; `base`/`head` name the compared sides.
pub fn render(report: &Report, format: Format, base: &str, head: &str) -> String {
    match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(
                &serde_json::json!({"base": base, "head": head, "units": report.units, "regions": report.regions}),
            )
            .unwrap_or_default();
            s.push('\n');
            s
        }
        Format::Text => text(report, base, head),
        Format::Markdown => markdown(report, base, head),
    }
}

fn status_zh(status: &str) -> &'static str {
    match status {
        "added" => "新增",
        "removed" => "删除",
        _ => "变更",
    }
}

fn text(r: &Report, base: &str, head: &str) -> String {
    let mut s = format!("比较 {base} → {head}\n");
    if r.is_empty() {
        s.push_str("公开数据没有变化。\n");
        return s;
    }
    for u in &r.units {
        if u.changes.is_empty() {
            let _ = writeln!(s, "{} {}（{}）", status_zh(u.status), u.name, u.path);
        }
        for c in &u.changes {
            let _ = writeln!(s, "{} {}", u.name, c.text);
        }
    }
    for g in &r.regions {
        for c in &g.changes {
            let _ = writeln!(s, "{} {}", g.name, c.text);
        }
    }
    s
}

fn markdown(r: &Report, base: &str, head: &str) -> String {
    let esc = |t: &str| t.replace('|', "\\|").replace('<', "&lt;").replace('>', "&gt;");
    let mut s = format!("### 公开数据变化（`{}` → `{}`）\n\n", esc(base), esc(head));
    if r.is_empty() {
        s.push_str("公开数据没有变化。\n");
        return s;
    }
    if !r.units.is_empty() {
        s.push_str("#### 村（社区）\n\n| 村（社区） | 变化 |\n|---|---|\n");
        for u in &r.units {
            let what = if u.changes.is_empty() {
                status_zh(u.status).to_string()
            } else {
                u.changes.iter().map(|c| esc(&c.text)).collect::<Vec<_>>().join("<br>")
            };
            let _ = writeln!(s, "| {}（`{}`） | {} |", esc(&u.name), u.path, what);
        }
        s.push('\n');
    }
    if !r.regions.is_empty() {
        s.push_str("#### 汇总数字\n\n| 区域 | 变化 |\n|---|---|\n");
        for g in &r.regions {
            let _ = writeln!(s, "| {} | {} |", esc(&g.name), g.changes.iter().map(|c| esc(&c.text)).collect::<Vec<_>>().join("<br>"));
        }
    }
    s
}
