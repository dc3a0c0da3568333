//! Markdown → HTML for clerk-written text (`about:`, notice bodies, pages), made safe: raw HTML in
//! the Markdown is shown as text, and links may only use web, mail or phone addresses or be
//! relative.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// Renders Markdown to safe HTML.
pub fn to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).map(|event| match event {
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: safe_url(dest_url), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: safe_url(dest_url), title, id })
        }
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 2);
    html::push_html(&mut out, parser);
    // Table header cells name what they head (raw HTML is text by now, so every `<th` is one).
    out.replace("<th>", "<th scope=\"col\">").replace("<th style=", "<th scope=\"col\" style=")
}

/// The text of Markdown without markup, blocks joined by a space (for excerpts).
pub fn to_plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(t.trim_end_matches('\n')),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::BlockQuote(_) | TagEnd::CodeBlock,
            ) if !out.ends_with(' ') && !out.is_empty() => out.push(' '),
            _ => {}
        }
    }
    out.trim_end().to_string()
}

/// Keeps http(s), mailto, tel and relative URLs; anything else (`javascript:` …) becomes `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s).filter(|s| !s.contains('/') && !s.contains('?') && !s.contains('#'));
    match scheme {
        None | Some("http" | "https" | "mailto" | "tel") => url,
        Some(_) => CowStr::Borrowed("#"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_raw_html_and_bad_links() {
        let html = to_html("东村<script>alert(1)</script> [点](javascript:alert(1)) [好](https://a.cn/)");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("href=\"#\""));
        assert!(html.contains("href=\"https://a.cn/\""));
    }

    #[test]
    fn table_headers_have_scope() {
        let html = to_html("| 星 | 重点 |\n|:--|--:|\n| 支部过硬星 | 班子 |\n\n<th>x</th>");
        assert!(html.contains("<th scope=\"col\" style=\"text-align: left\">星</th>"), "{html}");
        assert!(html.contains("<th scope=\"col\" style=\"text-align: right\">重点</th>"), "{html}");
        assert!(html.contains("&lt;th&gt;x&lt;/th&gt;"), "{html}");
        let plain = to_html("| 星 |\n|---|\n| 东 |");
        assert!(plain.contains("<th scope=\"col\">星</th>"), "{plain}");
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(to_plain_text("**五星**支部\n\n- 应到45人\n- 实到42人"), "五星支部 应到45人 实到42人");
        assert_eq!(to_plain_text("<b>x</b> [链接](https://a.cn/)"), "<b>x</b> 链接");
    }

    #[test]
    fn renders_basic_markdown() {
        assert_eq!(to_html("**红枣**之乡"), "<p><strong>红枣</strong>之乡</p>\n");
    }
}
