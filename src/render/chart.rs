//! Charts as inline SVG, drawn with plotters' SVG backend: horizontal bar charts (one bar per
//! year, level, star or income bracket), which keep long Chinese labels readable on a narrow
//! phone. Text stays real SVG `<text>` (never paths) in the page's own CJK font stack (the
//! theme's CSS), so it is sharp, can be searched and needs no embedded font. Every chart is
//! `role="img"` with an `aria-label` and a `<title>`; the page keeps the data table beside it.
//!
//! Output is deterministic: integer geometry computed from exact values, no ids, no randomness.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::model::Money;
use crate::model::star::{level_name, level_symbols};

use super::theme::escape_html;

/// Font of chart text: the page's, whose stylesheet names the CJK fonts of Linux, Windows and
/// Apple devices. Charts are only ever inline in a page; a stack spelled out on each `<text>`
/// was 1.1 KB of a 19 KB unit page.
const FONT_FAMILY: &str = "inherit";

/// Width of the chart's coordinate system; the page scales it to the column width.
const WIDTH: i32 = 440;
/// Font size of labels in chart units.
const FONT: i32 = 22;
/// Height of one bar row.
const ROW: i32 = 44;
/// Height of a bar.
const BAR: i32 = 28;
/// Space above the first row (for the heading).
const TOP: i32 = 46;
/// Space after the last row.
const BOTTOM: i32 = 8;

const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
/// 党建红, the theme's accent (7.4:1 on white).
const BAR_COLOR: RGBColor = RGBColor(0xa4, 0x14, 0x1b);
const AXIS: RGBColor = RGBColor(0x6b, 0x6b, 0x6b);

/// One bar: its label, its length (any non-negative unit, compared within one chart) and the
/// value printed at its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// Row label, `五星 ★★★★★`, `2024年`.
    pub label: String,
    /// Length in the chart's unit (counts, 分).
    pub value: u64,
    /// Printed value, `12 个`, `126.85 万元`.
    pub value_text: String,
}

/// Approximate width of `text` at `size`: CJK and other wide characters take one em, the rest
/// about half. Only used to size the label column, so a rough measure is enough.
fn text_width(text: &str, size: i32) -> i32 {
    let halves: i32 = text.chars().map(|c| if c.is_ascii() { 11 } else { 20 }).sum();
    halves * size / 20
}

/// A horizontal bar chart titled `title` (also its accessible name). Empty when there are no bars.
pub fn bar_chart(title: &str, bars: &[Bar]) -> String {
    if bars.is_empty() {
        return String::new();
    }
    let label_w = bars.iter().map(|b| text_width(&b.label, FONT)).max().unwrap_or(0) + 12;
    let value_w = bars.iter().map(|b| text_width(&b.value_text, FONT)).max().unwrap_or(0) + 12;
    let rows = i32::try_from(bars.len()).unwrap_or(i32::MAX / ROW - 2);
    let height = TOP + rows * ROW + BOTTOM;
    let x0 = label_w;
    let span = (WIDTH - label_w - value_w).max(40);
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH as u32, height as u32)).into_drawing_area();
        let font = |size: i32| FontDesc::new(FontFamily::Name(FONT_FAMILY), f64::from(size) * 1.24, FontStyle::Normal);
        let label_style = TextStyle::from(font(FONT)).color(&INK).pos(Pos::new(HPos::Right, VPos::Center));
        let value_style = TextStyle::from(font(FONT)).color(&INK).pos(Pos::new(HPos::Left, VPos::Center));
        let title_style = TextStyle::from(font(FONT).style(FontStyle::Bold)).color(&INK).pos(Pos::new(HPos::Left, VPos::Top));
        // Drawing into a String cannot fail; an error would only lose a mark, never panic.
        let _ = root.draw(&Text::new(title.to_string(), (0, 4), title_style));
        for (i, bar) in bars.iter().enumerate() {
            let y = TOP + i32::try_from(i).unwrap_or(0) * ROW;
            let mid = y + ROW / 2;
            let len = i32::try_from(u128::from(bar.value) * span as u128 / u128::from(max)).unwrap_or(span);
            let _ = root.draw(&Text::new(bar.label.clone(), (x0 - 10, mid), label_style.clone()));
            if len > 0 {
                let top = y + (ROW - BAR) / 2;
                let _ = root.draw(&Rectangle::new([(x0, top), (x0 + len, top + BAR)], BAR_COLOR.filled()));
            }
            let _ = root.draw(&Text::new(bar.value_text.clone(), (x0 + len + 8, mid), value_style.clone()));
        }
        let _ = root.draw(&PathElement::new(vec![(x0, TOP - 4), (x0, TOP + rows * ROW + 4)], AXIS.stroke_width(2)));
        let _ = root.present();
    }
    accessible(svg, title)
}

/// Adds `class`, `role="img"`, `aria-label` and a `<title>` to plotters' `<svg>` element.
fn accessible(svg: String, title: &str) -> String {
    let title = escape_html(title);
    let Some(body) = svg.strip_prefix("<svg ") else { return svg };
    let Some(end) = body.find('>') else { return svg };
    let (attrs, rest) = body.split_at(end);
    format!("<svg class=\"chart\" role=\"img\" aria-label=\"{title}\" {attrs}>\n<title>{title}</title>{}", &rest[1..])
}

/// 村集体经济收入 by year (oldest first), in 万元.
pub fn income_by_year(title: &str, years: impl IntoIterator<Item = (u16, Money)>) -> String {
    let bars: Vec<Bar> = years
        .into_iter()
        .map(|(year, m)| Bar { label: format!("{year}年"), value: m.0.max(0) as u64, value_text: format!("{} 万元", m.wan()) })
        .collect();
    bar_chart(title, &bars)
}

/// Units per level (五星 first), from counts indexed by level 0–5.
pub fn levels(title: &str, counts: &[u32; 6]) -> String {
    let bars: Vec<Bar> = (0..=5u8)
        .rev()
        .map(|l| {
            let n = counts[usize::from(l)];
            Bar { label: format!("{} {}", level_name(l), level_symbols(l)), value: u64::from(n), value_text: format!("{n} 个") }
        })
        .collect();
    bar_chart(title, &bars)
}

/// Counts per named row (stars, income brackets).
pub fn counts<'a>(title: &str, rows: impl IntoIterator<Item = (&'a str, u32)>) -> String {
    let bars: Vec<Bar> =
        rows.into_iter().map(|(label, n)| Bar { label: label.to_string(), value: u64::from(n), value_text: format!("{n} 个") }).collect();
    bar_chart(title, &bars)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(svg: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        doc.descendants().filter(|n| n.has_tag_name("text")).map(|n| n.text().unwrap_or("").trim().to_string()).collect()
    }

    #[test]
    fn labels_are_real_text_in_the_pages_font() {
        let svg = levels("2024年村星级分布", &[4, 0, 48, 41, 10, 1]);
        let t = texts(&svg);
        assert_eq!(t[0], "2024年村星级分布");
        assert!(t.contains(&"五星 ★★★★★".to_string()), "{t:?}");
        assert!(t.contains(&"无星 ☆☆☆☆☆".to_string()) || t.iter().any(|s| s.starts_with("无星")), "{t:?}");
        assert!(t.contains(&"48 个".to_string()));
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let families: Vec<&str> =
            doc.descendants().filter(|n| n.has_tag_name("text")).map(|n| n.attribute("font-family").unwrap_or("(none)")).collect();
        assert!(families.len() > 5 && families.iter().all(|&f| f == "inherit"), "{families:?}");
        assert!(svg.starts_with("<svg class=\"chart\" role=\"img\" aria-label=\"2024年村星级分布\" "));
        assert!(svg.contains("<title>2024年村星级分布</title>"));
        assert!(!svg.contains("<path"), "no text as paths");
    }

    #[test]
    fn names_are_escaped() {
        let svg = counts("<b>东村</b> & \"西村\"", [("<i>档</i>", 3)]);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let root = doc.root_element();
        assert_eq!(root.attribute("aria-label"), Some("<b>东村</b> & \"西村\""));
        assert!(!svg.contains("<b>") && !svg.contains("<i>"));
        assert!(texts(&svg).contains(&"<i>档</i>".to_string()));
    }

    #[test]
    fn bars_scale_exactly_and_output_is_deterministic() {
        let a = income_by_year("收入", [(2023, Money(86_500_000)), (2024, Money(173_000_000))]);
        assert_eq!(a, income_by_year("收入", [(2023, Money(86_500_000)), (2024, Money(173_000_000))]));
        let doc = roxmltree::Document::parse(&a).unwrap();
        let widths: Vec<i64> =
            doc.descendants().filter(|n| n.has_tag_name("rect")).map(|n| n.attribute("width").unwrap().parse().unwrap()).collect();
        assert_eq!(widths.len(), 2);
        // Lengths are floored to whole units: the longer bar is the full span, the half one its floor.
        assert!((0..=1).contains(&(widths[1] - 2 * widths[0])), "{widths:?}");
        assert!(texts(&a).contains(&"1,730.00 万元".to_string()) || texts(&a).contains(&"173.00 万元".to_string()), "{:?}", texts(&a));
    }

    #[test]
    fn zero_bars_draw_no_rect_and_empty_charts_nothing() {
        let svg = counts("空", [("甲", 0), ("乙", 0)]);
        assert!(!svg.contains("<rect"));
        assert_eq!(texts(&svg).iter().filter(|t| *t == "0 个").count(), 2);
        assert_eq!(bar_chart("空", &[]), "");
    }
}
