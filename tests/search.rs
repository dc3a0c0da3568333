//! Offline search: the sharded index finds places, people, projects and notices by Chinese
//! characters and by pinyin initials, in a real Chromium from `file://`; without JavaScript the
//! search box leads to an alphabetical index.

mod common;
use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// The data a shard script hands to `SB`: `SB.d(3,[…]);` → `[…]`.
fn shard_data(script: &str) -> Value {
    let start = script.find(',').expect("SB.x(n,") + 1;
    let end = script.rfind(");").expect(");");
    serde_json::from_str(&script[start..end]).expect("shard data is JSON")
}

fn undelta(v: &Value) -> Vec<u64> {
    let mut id = 0;
    v.as_array()
        .unwrap()
        .iter()
        .map(|d| {
            id += d.as_u64().unwrap();
            id
        })
        .collect()
}

/// The search index of a built site, read back as search.js reads it.
struct Index {
    run: Run,
    buckets: u32,
    docs: Vec<Value>,
}

impl Index {
    fn of(run: Run) -> Self {
        let page = run.file("search/index.html");
        let attr = |name: &str| -> usize {
            let at = page.find(&format!("data-{name}=\"")).unwrap() + name.len() + 7;
            page[at..at + page[at..].find('"').unwrap()].parse().unwrap()
        };
        let (buckets, entries, shard) = (attr("buckets") as u32, attr("entries"), attr("doc-shard"));
        let docs: Vec<Value> = (0..entries.div_ceil(shard))
            .flat_map(|n| shard_data(&run.file(&format!("search/d-{n}.js"))).as_array().unwrap().clone())
            .collect();
        assert_eq!(docs.len(), entries);
        Index { run, buckets, docs }
    }

    /// Every id of a token's postings: the head in its bucket and the blocks it spills into.
    fn postings(&self, token: &str) -> Vec<u64> {
        let b = starboard::render::search::bucket(token, self.buckets);
        let map = shard_data(&self.run.file(&format!("search/t-{b}.js")));
        match &map[token] {
            Value::Null => vec![],
            v @ Value::Array(_) => undelta(v),
            Value::Object(o) => {
                let mut ids = undelta(&o["h"]);
                for x in o["x"].as_array().unwrap() {
                    let block = shard_data(&self.run.file(&format!("search/p-{}.js", x[1])));
                    assert_eq!(block[0], x[0], "a block starts at the id its bucket gives");
                    ids.extend(undelta(&block));
                }
                assert_eq!(ids.len() as u64, o["n"].as_u64().unwrap());
                ids
            }
            v => panic!("{token}: {v}"),
        }
    }

    /// `[kind, name, context]` of the entries a query of one token finds.
    fn find(&self, token: &str) -> Vec<[String; 3]> {
        self.postings(token)
            .iter()
            .map(|&id| {
                let d = &self.docs[id as usize];
                [0, 1, 2].map(|i| d[i].as_str().unwrap().to_string())
            })
            .collect()
    }
}

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
    let index = Index::of(run);
    assert_eq!(index.find("py:dc"), [["村", "东村", "测试县 宁郭镇"].map(String::from)], "dc finds 东村");
    assert!(index.find("东村").iter().any(|e| e[1] == "东村"));

    // The example county: people on the 光荣榜, projects and 公示, by characters and initials.
    let run = build_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    run.succeeds();
    let index = Index::of(run);
    let person = ["孝老子女", "张俊杰", "2024年 · 张楼村"].map(String::from);
    assert!(index.find("俊杰").contains(&person), "{:?}", index.find("俊杰"));
    assert!(index.find("py:zjj").contains(&person), "{:?}", index.find("py:zjj"));
    let project = index.find("服务");
    assert!(project.iter().any(|e| e[0] == "项目" && e[1] == "党群服务中心改造" && e[2].ends_with("马寨村")), "{project:?}");
    let notices = index.find("评定");
    assert!(notices.iter().any(|e| e[0] == "公示" && e[1] == "2025年度星级评定结果公示" && e[2].ends_with("桑村")), "{notices:?}");
    assert!(notices.iter().all(|e| e[0] == "公示"), "{notices:?}");
    let dw = index.find("py:dw");
    assert!(dw.iter().any(|e| e[1] == "东王村"), "{dw:?}");
    // Every entry is found by each of its characters.
    let mut by_char: BTreeMap<String, usize> = BTreeMap::new();
    for d in &index.docs {
        let mut cs: Vec<char> = d[1].as_str().unwrap().chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
        cs.sort();
        cs.dedup();
        for c in cs {
            *by_char.entry(c.to_string()).or_default() += 1;
        }
    }
    for (c, n) in by_char {
        assert_eq!(index.postings(&c).len(), n, "{c}");
    }
}

/// `node bench/search_load.mjs OUT QUERY… --json`: runs the site's own search.js under node and
/// reports what each query showed and which shards it loaded. `None` (skip) without node.
fn search_load(out: &Path, queries: &[&str]) -> Option<Value> {
    browser::node()?;
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/search_load.mjs");
    let o = Command::new("node").arg(script).arg(out).args(queries).arg("--json").output().expect("run node");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    Some(serde_json::from_slice(&o.stdout).unwrap())
}

/// A query loads its bucket(s) and the document shards of the results it shows, not every shard
/// that holds a hit (村 matched 70,000 entries in 175 shards, 23 MB, at 46k units before).
#[test]
fn a_query_loads_only_the_shards_of_the_results_it_shows() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    let o = starboard(&["dev", "generate", "--units", "1000", "--out", content.to_str().unwrap(), "--seed", "1"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let run = build_dir(&content);
    run.succeeds();
    let out = run.out.clone();
    let index = Index::of(run);
    let Some(report) = search_load(&out, &["村", "张", "dc", "星级评定", "星级评定结果公示", "没有这个名字"]) else {
        return;
    };
    let shards = index.docs.len().div_ceil(starboard::render::search::DOC_SHARD);
    assert!(shards >= 5, "{shards} document shards");
    let q = |i: usize| &report["queries"][i];
    let docs_loaded = |i: usize| q(i)["loaded"].as_array().unwrap().iter().filter(|f| f.as_str().unwrap().starts_with("search/d-")).count();
    let contains = |s: &str| index.docs.iter().filter(|d| d[1].as_str().unwrap().contains(s)).count();

    // One token: the count from its postings, and the first 100 in rank order (places first):
    // the bucket and just the document shards that hold them.
    for (i, query, token) in [(0, "村", "村"), (1, "张", "张"), (2, "dc", "py:dc")] {
        let ids = index.postings(token);
        if token == "村" {
            assert_eq!(ids.len(), contains("村"));
        }
        let shown = ids.len().min(100);
        let page = if ids.len() > 100 { "，显示前 100 条" } else { "" };
        assert!(shown > 20, "{token}: {}", ids.len());
        assert_eq!(q(i)["shown"], format!("找到 {} 条与“{query}”有关的结果{page}：", ids.len()));
        assert_eq!(q(i)["listed"], shown);
        let mut shards: Vec<String> =
            ids[..shown].iter().map(|id| format!("search/d-{}.js", *id as usize / starboard::render::search::DOC_SHARD)).collect();
        shards.dedup();
        let loaded: Vec<&str> = q(i)["loaded"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect();
        assert_eq!(&loaded[1..], shards, "{query}");
        assert!(loaded[0].starts_with("search/t-"));
    }
    assert_eq!(docs_loaded(0), 1, "the first 100 places with 村 are in the first shard");
    // Several tokens: walked in rank order, checked against the names, stopped past the page.
    for i in [3, 4] {
        assert!(q(i)["shown"].as_str().unwrap().starts_with("找到超过 100 条"), "{}", q(i));
        assert_eq!(q(i)["listed"], 100);
        assert!(docs_loaded(i) <= 2, "{}", q(i));
        assert!(q(i)["names"].as_array().unwrap().iter().all(|n| n.as_str().unwrap().contains("星级评定")));
    }
    assert_eq!(q(5)["shown"], "没有找到“没有这个名字”。");
    assert_eq!(docs_loaded(5), 0);
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
