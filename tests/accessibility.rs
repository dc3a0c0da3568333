//! Accessibility and 适老化 audit of the example site (`content/`) in real headless Chromium:
//! `tests/browser/a11y.test.mjs` runs axe-core (WCAG 2.x A/AA and best practice; any serious or
//! critical violation fails, naming rule, page and nodes) and its own checks — body text ≥ 18px,
//! line height ≥ 1.5, touch targets ≥ 44×44 on a 360×740 phone, `lang="zh-CN"`, one h1 and no
//! skipped heading level, tables with `<th scope>`, charts with a text alternative, a visible
//! keyboard focus — over every page of every type, kiosks in portrait and landscape.
//! The rules are described in README.md, "Accessibility / 适老化".

mod common;
use common::*;

use std::path::Path;

#[test]
fn example_site_passes_the_accessibility_audit_in_chromium() {
    let run = build_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    run.succeeds();
    let Some(report) = browser::run_node_script("a11y.test.mjs", &[&run.out]) else { return };
    println!("{report}");
    // Every page type of the example was audited.
    let types = report.lines().find(|l| l.starts_with("page types: ")).expect("page types line");
    for t in [
        "county (",
        "town (",
        "village (",
        "community (",
        "honors (",
        "markdown page (",
        "search (",
        "search A–Z (",
        "open data (",
        "404 (",
        "kiosk (",
        "poster (county) (",
        "poster (village) (",
        "poster (community) (",
        "poster size (town) (",
    ] {
        assert!(types.contains(t), "no {t}…) page audited: {types}");
    }
    for check in [
        "index.html [phone]: axe-core",
        "index.html [desktop]: axe-core",
        "index.html?q=%E6%9D%91 [phone]: axe-core",
        "kiosk/index.html [kiosk portrait] slide 1: axe-core",
        "kiosk/index.html [kiosk landscape] slide 1: axe-core",
        "kiosk/index.html [kiosk portrait, no JS]: type size",
        "poster/index.html [poster A3]: axe-core",
        "[phone]: touch targets ≥ 44×44",
        "[phone]: keyboard focus visible",
        "[phone]: tables, charts",
        "[phone]: lang, headings",
    ] {
        assert!(report.contains(check), "not audited: {check}");
    }
}

#[test]
fn the_star_table_has_a_phone_layout_with_the_same_facts() {
    let run = build("ok/basic");
    run.succeeds();
    let html = run.file("ningguo/dongcun/index.html");
    let table = &html[html.find("<table class=\"star-table\">").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    let list = &html[html.find("<ul class=\"star-years\">").expect("phone list")..];
    let list = &list[..list.find("</ul>\n</section>").unwrap()];
    // One entry per year row of the table, each star held or not, as in the table.
    assert_eq!(list.matches("<p class=\"star-year\">").count(), table.matches("<th scope=\"row\">").count());
    assert_eq!(list.matches("<li class=\"held\">").count(), table.matches("aria-label=\"获得\"").count());
    assert_eq!(list.matches("<li class=\"not-held\">").count(), table.matches("aria-label=\"未获得\"").count());
    assert!(list.contains("<span class=\"mark\" aria-hidden=\"true\">✓</span>产业兴旺星<span class=\"sr-only\">：获得</span>"), "{list}");
    assert!(list.contains("（未获得）</li>"), "{list}");
    // The stylesheet shows one of the two: the table on wide screens, the list on phones.
    let css = run.file("assets/style.css");
    assert!(css.contains(".star-years { display: none;"));
    assert!(css.contains("@media (max-width: 40rem) {\n  .star-table-wrap { display: none; }\n  .star-years { display: block; }"));
}

#[test]
fn the_audit_reports_every_kind_of_mistake() {
    // A hand-written page with one of each mistake (not a starboard page).
    let Some((passed, report, _)) = browser::node_script("a11y.test.mjs", &[&fixture("a11y/bad_page")]) else { return };
    assert!(!passed, "{report}");
    for needle in [
        "FAIL index.html [phone]: axe-core",
        "serious color-contrast (Elements must meet minimum color contrast ratio thresholds) on index.html [phone]:",
        "         .faint — Element has insufficient color contrast of 2.32",
        "critical image-alt (Images must have alternative text) on index.html [phone]:",
        "<html lang=\"en\">, expected lang=\"zh-CN\"",
        "2 h1 elements, expected exactly one",
        "h3 “跳过了二级标题” is h3 after h1: a level is skipped",
        "table table “年度收入2024100” has no <th> headers",
        "svg has no text alternative",
        "body font-size 14px < 18px",
        "p.faint “对比度不够的文字”: line-height 16.8px is 1.20 × 14px, < 1.5",
        "FAIL index.html [phone]: touch targets ≥ 44×44\n     Error: a.small-link “小” is 20.0×20.0 px, < 44×44\n",
        "Tab 1: a.small-link “小”: no visible focus indicator (outline none",
        "0 passed, 11 failed",
    ] {
        assert!(report.contains(needle), "missing {needle:?} in\n{report}");
    }
    // The link inside a sentence is exempt from the target size (WCAG 2.5.8 inline exception).
    assert!(!report.contains("a “监督电话” is "), "{report}");
}
