//! Offline search: the sharded index finds places, people, projects and notices by Chinese
//! characters and by pinyin initials, in a real Chromium from `file://`; without JavaScript the
//! search box leads to an alphabetical index.

mod common;
use common::*;
use std::path::Path;

/// The result list Chromium shows for `q` on the search page (after scripts ran).
fn search_in_browser(browser: &Path, out: &Path, q: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let encoded: String =
        q.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect();
    let url = format!("file://{}/search/index.html?q={encoded}", out.display());
    let o =
        browser::headless(browser, profile.path()).args(["--virtual-time-budget=5000", "--dump-dom", &url]).output().expect("run chromium");
    let dom = String::from_utf8_lossy(&o.stdout).into_owned();
    let start = dom.find("id=\"search-results\"").expect("results box");
    let end = dom[start..].find("</div>").map_or(dom.len(), |e| start + e);
    dom[start..end].to_string()
}

#[test]
fn search_finds_by_characters_and_pinyin_initials_in_chromium() {
    let Some(browser) = browser::chromium() else { return };
    let run = build_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    run.succeeds();
    let hits = search_in_browser(&browser, &run.out, "sc");
    assert!(hits.contains("找到 1 条") && hits.contains("href=\"../zaolin/sangcun/index.html\">桑村</a>"), "{hits}");
    let hits = search_in_browser(&browser, &run.out, "桑村");
    assert!(hits.contains("href=\"../zaolin/sangcun/index.html\">桑村</a>"), "{hits}");
    let hits = search_in_browser(&browser, &run.out, "道路");
    assert!(hits.contains(">村内道路硬化</a> <span class=\"result-kind\">项目</span>"), "{hits}");
    let hits = search_in_browser(&browser, &run.out, "不存在的名字");
    assert!(hits.contains("没有找到"), "{hits}");
}

#[test]
fn index_shards_cover_every_place_and_person() {
    let run = build("ok/basic");
    run.succeeds();
    let docs = run.file("search/d-0.js");
    for name in ["\"测试县\"", "\"宁郭镇\"", "\"东村\"", "\"西村\"", "\"锦绣社区\""] {
        assert!(docs.contains(name), "{name} missing from {docs}");
    }
    assert!(docs.starts_with("SB.d(0,[[\"县（区）\",\"测试县\""));
    // One bucket for a tiny site, holding character, pair and pinyin-initial postings.
    let tokens = run.file("search/t-0.js");
    assert!(tokens.contains("\"东村\":[") && tokens.contains("\"py:dc\":[") && tokens.contains("\"村\":["), "{tokens}");
}

#[test]
fn without_javascript_the_search_box_leads_to_an_alphabetical_index() {
    let run = build("ok/basic");
    run.succeeds();
    let unit = run.file("ningguo/dongcun/index.html");
    assert!(unit.contains(
        "<form class=\"site-search\" action=\"../../search/index.html\" method=\"get\" role=\"search\" aria-label=\"全站搜索\">"
    ));
    let search = run.file("search/index.html");
    for letter in ["D", "J", "N", "X", "C", "W"] {
        assert!(search.contains(&format!(">{letter}</a>")), "letter {letter}");
    }
    let d = run.file("search/d/index.html");
    assert!(d.contains("<a href=\"../../ningguo/dongcun/index.html\">东村</a> <span class=\"result-kind\">村</span>"), "{d}");
    let x = run.file("search/x/index.html");
    assert!(x.contains(">西村</a>"));
}
