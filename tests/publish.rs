//! Publishing: every internal link is relative and resolves; sitemap, robots.txt, 404 page and
//! Atom feeds of 公示 are there and well-formed; `--base-url` overrides site.yaml.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

fn html_files(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

/// `href="…"`/`src="…"` values, scanned independently of the build's own checker.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap();
            out.push(rest[..end].replace("&amp;", "&"));
            rest = &rest[end..];
        }
    }
    out
}

#[test]
fn example_site_has_no_broken_or_absolute_internal_link() {
    let run = build_dir(&example());
    run.succeeds();
    let pages = html_files(&run.out);
    assert!(pages.len() > 50);
    let mut checked = 0;
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        let rel = page.strip_prefix(&run.out).unwrap().display().to_string();
        for link in links(&html) {
            let is_external = ["http://", "https://", "mailto:", "tel:", "data:"].iter().any(|p| link.starts_with(p));
            if is_external || link.starts_with('#') {
                // The only absolute links to our own site are canonical links and the 404 page's way home.
                if link.starts_with("https://example.gov.cn/") {
                    assert!(
                        html.contains(&format!("rel=\"canonical\" href=\"{link}\"")) || rel == "404.html",
                        "{rel}: absolute internal link {link}"
                    );
                }
                continue;
            }
            assert!(!link.starts_with('/'), "{rel}: absolute path {link}");
            let path = link.split(['#', '?']).next().unwrap();
            let target = page.parent().unwrap().join(path);
            let target = if path.ends_with('/') { target.join("index.html") } else { target };
            assert!(target.is_file(), "{rel}: broken link {link}");
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
}

/// Builds the `ok/basic` fixture with a copy of the default theme in which `unit.html`'s first
/// `from` is replaced by `to`; asserts that the build fails (exit 1, no panic) and publishes
/// nothing, and returns its stderr.
fn failing_build_with_edited_theme(from: &str, to: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let theme = tmp.path().join("theme");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"), &theme);
    let unit = theme.join("templates/unit.html");
    let text = std::fs::read_to_string(&unit).unwrap();
    assert!(text.contains(from), "unit.html has no {from}");
    std::fs::write(&unit, text.replacen(from, to, 1)).unwrap();
    let out = tmp.path().join("output");
    let o = starboard(&[
        "build",
        "--content",
        fixture("ok/basic").to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--theme",
        theme.to_str().unwrap(),
        "--today",
        TODAY,
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists(), "nothing is published");
    stderr
}

#[test]
fn a_broken_link_in_the_theme_fails_the_build_naming_page_and_link() {
    let stderr = failing_build_with_edited_theme(
        "{% block main %}",
        "{% block main %}<a href=\"../nowhere/index.html\">x</a><a href=\"/abs/\">y</a>",
    );
    assert!(
        stderr.contains("ningguo/dongcun/index.html: ../nowhere/index.html — 链接指向的文件不存在 (link target does not exist)"),
        "{stderr}"
    );
    assert!(stderr.contains("ningguo/dongcun/index.html: /abs/ — 站内链接须为相对地址 (internal link is not relative)"), "{stderr}");
}

#[test]
fn a_template_syntax_error_names_the_template() {
    let stderr = failing_build_with_edited_theme("{% block main %}", "{% block main %}{% if %}");
    assert!(stderr.contains("模板错误 (template error)") && stderr.contains("unit.html"), "{stderr}");
}

#[test]
fn a_template_naming_a_missing_field_names_the_page_and_the_template_line() {
    // tera 2 refuses an undefined field instead of printing nothing: a typo in a theme is found
    // by the build, not by a villager looking at an empty line.
    let stderr = failing_build_with_edited_theme("<h1>{{ name }}</h1>", "<h1>{{ latest.no_such_field }}</h1>");
    assert!(stderr.contains("[site] 渲染 /ningguo/dongcun/ 失败 (rendering /ningguo/dongcun/ with unit.html failed)"), "{stderr}");
    assert!(stderr.contains("Field `no_such_field` is not defined") && stderr.contains("--> unit.html:3:15"), "{stderr}");
}

#[test]
fn sitemap_lists_every_page_and_parses() {
    let run = build("ok/basic");
    run.succeeds();
    let xml = run.file("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed sitemap");
    let locs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    assert_eq!(
        locs,
        vec![
            "https://example.gov.cn/test/",
            "https://example.gov.cn/test/ningguo/",
            "https://example.gov.cn/test/wenchang/",
            "https://example.gov.cn/test/ningguo/dongcun/",
            "https://example.gov.cn/test/ningguo/xicun/",
            "https://example.gov.cn/test/wenchang/jinxiu/",
        ]
    );
    assert_eq!(doc.root_element().tag_name().namespace(), Some("http://www.sitemaps.org/schemas/sitemap/0.9"));
    assert!(run.file("robots.txt").contains("Sitemap: https://example.gov.cn/test/sitemap.xml"));
    let not_found = run.file("404.html");
    assert!(not_found.contains("<html lang=\"zh-CN\">") && not_found.contains("href=\"https://example.gov.cn/test/\""));
}

#[test]
fn notice_feeds_per_region_and_site_wide_parse() {
    let run = build_dir(&example());
    run.succeeds();
    let atom = "http://www.w3.org/2005/Atom";
    let site = run.file("notices.xml");
    let doc = roxmltree::Document::parse(&site).expect("well-formed feed");
    assert_eq!(doc.root_element().tag_name().namespace(), Some(atom));
    let entries: Vec<_> = doc.root_element().children().filter(|n| n.has_tag_name((atom, "entry"))).collect();
    assert!(!entries.is_empty());
    // Newest first, every entry with a unit page link under base_url.
    let dates: Vec<&str> =
        entries.iter().map(|e| e.children().find(|c| c.has_tag_name((atom, "updated"))).unwrap().text().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let ids: std::collections::HashSet<&str> =
        entries.iter().map(|e| e.children().find(|c| c.has_tag_name((atom, "id"))).unwrap().text().unwrap()).collect();
    assert_eq!(ids.len(), entries.len(), "entry ids are unique");
    // Each town's feed holds exactly the notices of its own units.
    let mut town_total = 0;
    for town in ["zaolin", "baihe", "liuwan", "wenchang"] {
        let xml = run.file(&format!("{town}/notices.xml"));
        let d = roxmltree::Document::parse(&xml).unwrap();
        for e in d.root_element().children().filter(|n| n.has_tag_name((atom, "entry"))) {
            town_total += 1;
            let link = e.children().find(|c| c.has_tag_name((atom, "link"))).unwrap().attribute("href").unwrap();
            assert!(link.starts_with(&format!("https://example.gov.cn/wuxing/{town}/")), "{link}");
        }
    }
    assert_eq!(town_total, entries.len());
    assert!(run.file("index.html").contains("type=\"application/atom+xml\""));
}

#[test]
fn base_url_flag_overrides_site_yaml() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let o = starboard(&[
        "build",
        "--content",
        fixture("ok/basic").to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--base-url",
        "https://mirror.example.org/board",
        "--today",
        TODAY,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(out.join("ningguo/dongcun/index.html")).unwrap();
    assert!(page.contains("rel=\"canonical\" href=\"https://mirror.example.org/board/ningguo/dongcun/\""));
    assert!(std::fs::read_to_string(out.join("sitemap.xml")).unwrap().contains("<loc>https://mirror.example.org/board/</loc>"));
    let bad = starboard(&["build", "--base-url", "mirror.example.org"]);
    assert_eq!(bad.status.code(), Some(2));
}
