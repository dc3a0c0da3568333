//! Offline search over place names (regions, villages, communities), people on the 光荣榜,
//! project names, 公示 titles and free pages — precomputed at build time, no server.
//!
//! Chinese has no spaces between words, so names are indexed by characters and character pairs
//! (东村 → 东, 村, 东村); pinyin initials index the same names for typing on a phone keyboard
//! without an IME (`dc` finds 东村, and 东陈村 too: prefixes of the initials).
//!
//! The index is sharded so a phone loads only what a query needs to show its first page of
//! results (100), however many entries match:
//! - Entries are ranked by id (places first, see [`entries`]) and live in document shards of
//!   [`DOC_SHARD`] (`search/d-N.js`); `search.js` loads only the shards of the hits it shows.
//! - Postings are hashed into token buckets (`search/t-N.js`), ids delta-encoded. A bucket holds
//!   a token's first [`HEAD`] ids; a longer list (村 has 70,000 at 46k units) also records its
//!   length and where the rest is: posting blocks of [`BLOCK`] ids (`search/p-N.js`), loaded only
//!   when a query of several tokens has to intersect past the head.
//!
//! Shards are small scripts that hand their data to `SB` in `search.js`, because browsers refuse
//! `fetch()` from `file://` but do run `<script src>` — so search works offline, from a USB stick,
//! straight from disk. Without JavaScript the search box leads to an alphabetical index of place
//! names (`search/<letter>/index.html`). `bench/search_load.mjs` runs `search.js` under node and
//! measures what each query loads.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use pinyin::ToPinyin;
use serde::Serialize;

use crate::model::{Model, RegionKind};

use super::output::Staging;
use super::view::pages::free_page_path;
use super::view::{Link, PageCommon};
use super::{RenderContext, RenderError, Renderer, render_template};

/// Output directory of the search page and its shards.
pub const SEARCH_DIR: &str = "search";
/// Entries per document shard.
pub const DOC_SHARD: usize = 1000;
/// Ids of a posting list kept in its token bucket: enough for the 100 results shown (and some to
/// spare for queries whose candidates are checked against the names).
pub const HEAD: usize = 500;
/// Ids per posting block (`search/p-N.js`) of the rest of a longer list.
pub const BLOCK: usize = 4000;
/// Longest pinyin-initials prefix indexed.
const MAX_INITIALS: usize = 6;

/// One thing search can find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What it is: 村, 社区, 乡镇（街道）, 县（区）, a 光荣榜 roll, 项目, 公示, 政策.
    pub kind: String,
    /// The searchable name.
    pub name: String,
    /// Where it is (town, village, year …).
    pub context: String,
    /// Page address relative to the site root (`zaolin/sangcun/index.html`).
    pub href: String,
    /// Pinyin initials of the name, lower case (`dc`).
    pub initials: String,
}

/// Lower-case pinyin initials: 东村 → `dc`; ASCII letters and digits are kept.
pub fn initials(name: &str) -> String {
    name.chars()
        .filter_map(|c| {
            if c.is_ascii_alphanumeric() {
                Some(c.to_ascii_lowercase())
            } else {
                c.to_pinyin().and_then(|p| p.first_letter().chars().next())
            }
        })
        .collect()
}

/// Full pinyin for sorting: 东村 → `dongcun`.
pub fn full_pinyin(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase().to_string()
            } else {
                c.to_pinyin().map_or(String::new(), |p| p.plain().to_string())
            }
        })
        .collect()
}

/// Index tokens of a name: its characters, its character pairs, and `py:` + each prefix of its
/// pinyin initials of at least two letters.
pub fn tokens(name: &str, initials: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect();
    let mut out: Vec<String> = chars.iter().map(|c| c.to_string()).collect();
    out.extend(chars.windows(2).map(|w| w.iter().collect::<String>()));
    let ini: Vec<char> = initials.chars().take(MAX_INITIALS).collect();
    out.extend((2..=ini.len()).map(|n| format!("py:{}", ini[..n].iter().collect::<String>())));
    out.sort();
    out.dedup();
    out
}

/// FNV-1a, so bucket numbers are the same on every machine and in `search.js`.
pub fn bucket(token: &str, buckets: u32) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in token.as_bytes() {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h % buckets
}

/// Token buckets for `n` entries: about 2,000 entries' postings per bucket, 1 to 512 buckets.
pub fn bucket_count(n: usize) -> u32 {
    (n / 2000).clamp(1, 512) as u32
}

/// Every searchable entry, places first (so they rank first), then pages, people, projects, notices.
pub fn entries(m: &Model) -> Vec<Entry> {
    let href = |path: &str| format!("{}index.html", path.trim_start_matches('/'));
    let region_chain = |r: usize| m.ancestry(r).iter().map(|&a| m.regions[a].name.as_str()).collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    let mut push = |kind: &str, name: &str, context: String, href: String| {
        out.push(Entry { kind: kind.to_string(), initials: initials(name), name: name.to_string(), context, href });
    };
    for r in &m.regions {
        let kind = match r.kind {
            RegionKind::Town if r.name.ends_with("街道") => "街道",
            RegionKind::Town if r.name.ends_with('乡') => "乡",
            RegionKind::Town => "镇",
            RegionKind::County => "县（区）",
            RegionKind::City => "市",
            RegionKind::Province => "省",
        };
        let context = r.parent.map(region_chain).unwrap_or_default();
        push(kind, &r.name, context, href(&r.path));
    }
    for u in &m.units {
        push(u.kind.label(), &u.name, region_chain(u.region), href(&u.path));
    }
    for p in &m.pages {
        push("政策", &p.title, String::new(), href(&free_page_path(&p.slug)));
    }
    for u in &m.units {
        for h in &u.honors {
            push(&h.roll, &h.name, format!("{}年 · {}", h.year, u.name), href(&u.path));
        }
    }
    for u in &m.units {
        for p in &u.projects {
            push("项目", &p.name, format!("{}年 · {}", p.year, u.name), href(&u.path));
        }
    }
    for u in &m.units {
        for n in &u.notices {
            push("公示", &n.title, format!("{} · {}", n.start, u.name), href(&u.path));
        }
    }
    out
}

/// The postings of every token, bucketed: bucket → token → entry ids (ascending).
pub fn postings(entries: &[Entry], buckets: u32) -> Vec<BTreeMap<String, Vec<u32>>> {
    let mut out = vec![BTreeMap::<String, Vec<u32>>::new(); buckets as usize];
    for (id, e) in entries.iter().enumerate() {
        for t in tokens(&e.name, &e.initials) {
            out[bucket(&t, buckets) as usize].entry(t).or_default().push(id as u32);
        }
    }
    out
}

/// A JS string literal (JSON string, with `<` escaped so `</script>` can never appear).
fn js_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into()).replace('<', "\\u003c")
}

/// `[first, gap, gap, …]`: ascending ids as the first and the differences (mostly 1-digit).
fn write_deltas(s: &mut String, ids: &[u32]) {
    let mut prev = 0;
    s.push('[');
    for (j, id) in ids.iter().enumerate() {
        if j > 0 {
            s.push(',');
        }
        let _ = write!(s, "{}", id - prev);
        prev = *id;
    }
    s.push(']');
}

/// A bucket's script and the posting blocks its long lists spill into (numbered from `next_block`).
///
/// `SB.t(b,{"东村":[1,4],"村":{"n":70652,"h":[0,1,1,…],"x":[[lo,7],[lo,8]]}});` — a list of at
/// most [`HEAD`] ids is written whole (deltas); a longer one as its length `n`, its first
/// [`HEAD`] ids `h`, and `x`: per further block its first id and number (`SB.p(7,[…]);`, deltas
/// from 0 — the block's first id is absolute).
fn bucket_script(b: usize, map: &BTreeMap<String, Vec<u32>>, next_block: &mut usize) -> (String, Vec<(usize, String)>) {
    let mut s = format!("SB.t({b},{{");
    let mut blocks = Vec::new();
    for (i, (token, ids)) in map.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, "{}:", js_str(token));
        if ids.len() <= HEAD {
            write_deltas(&mut s, ids);
            continue;
        }
        let _ = write!(s, "{{\"n\":{},\"h\":", ids.len());
        write_deltas(&mut s, &ids[..HEAD]);
        s.push_str(",\"x\":[");
        for (j, block) in ids[HEAD..].chunks(BLOCK).enumerate() {
            if j > 0 {
                s.push(',');
            }
            let n = *next_block;
            *next_block += 1;
            let _ = write!(s, "[{},{n}]", block[0]);
            let mut p = format!("SB.p({n},");
            write_deltas(&mut p, block);
            p.push_str(");\n");
            blocks.push((n, p));
        }
        s.push_str("]}");
    }
    s.push_str("});\n");
    (s, blocks)
}

/// `SB.d(n,[["村","东村","宁川县 枣林镇","zaolin/dongcun/index.html","dc"],…]);`
fn doc_script(n: usize, docs: &[Entry]) -> String {
    let mut s = format!("SB.d({n},[");
    for (i, e) in docs.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        let _ = write!(s, "[{},{},{},{},{}]", js_str(&e.kind), js_str(&e.name), js_str(&e.context), js_str(&e.href), js_str(&e.initials));
    }
    s.push_str("]);\n");
    s
}

/// The search page (and the no-JS alphabetical index).
#[derive(Debug, Serialize)]
struct SearchPageView {
    page: PageCommon,
    /// Letters that have entries, with links to their index pages.
    letters: Vec<Link>,
    /// Settings for `search.js`.
    buckets: u32,
    doc_shard: usize,
    entries: usize,
}

/// One letter's alphabetical index page.
#[derive(Debug, Serialize)]
struct LetterPageView {
    page: PageCommon,
    letter: String,
    letters: Vec<Link>,
    items: Vec<LetterItem>,
}

#[derive(Debug, Serialize)]
struct LetterItem {
    kind: String,
    name: String,
    context: String,
    href: String,
}

/// Writes the search page, its shards and the alphabetical index.
pub struct SearchRenderer;

impl Renderer for SearchRenderer {
    fn name(&self) -> &'static str {
        "search"
    }

    /// The index is built whole, mostly on one thread: run from the start beside the pages, it
    /// no longer trails them with one core idle (~2 s of a province's build).
    fn whole_in_memory(&self) -> bool {
        true
    }

    fn render(&self, ctx: &RenderContext<'_>, out: &Staging) -> Result<(), RenderError> {
        let m = ctx.model;
        let all = entries(m);
        let buckets = bucket_count(all.len());
        let mut next_block = 0;
        for (b, map) in postings(&all, buckets).iter().enumerate() {
            let (script, blocks) = bucket_script(b, map, &mut next_block);
            out.write(&format!("{SEARCH_DIR}/t-{b}.js"), script.as_bytes())?;
            for (n, block) in blocks {
                out.write(&format!("{SEARCH_DIR}/p-{n}.js"), block.as_bytes())?;
            }
        }
        for (n, docs) in all.chunks(DOC_SHARD).enumerate() {
            out.write(&format!("{SEARCH_DIR}/d-{n}.js"), doc_script(n, docs).as_bytes())?;
        }

        // Alphabetical index of places (regions and units) by the first letter of their pinyin.
        let places = m.regions.len() + m.units.len();
        let mut by_letter: BTreeMap<char, Vec<(String, &Entry)>> = BTreeMap::new();
        for e in &all[..places] {
            let py = full_pinyin(&e.name);
            let letter = py.chars().next().filter(char::is_ascii_lowercase).unwrap_or('#');
            by_letter.entry(letter).or_default().push((py, e));
        }
        let search_path = format!("/{SEARCH_DIR}/");
        let letter_links = |from: &str| -> Vec<Link> {
            by_letter
                .keys()
                .map(|l| Link { name: l.to_ascii_uppercase().to_string(), href: super::view::href(from, &letter_path(*l)) })
                .collect()
        };
        let view = SearchPageView {
            page: PageCommon::new(ctx, &search_path, 0, "搜索"),
            letters: letter_links(&search_path),
            buckets,
            doc_shard: DOC_SHARD,
            entries: all.len(),
        };
        let html = render_template(ctx, "search.html", &view, &search_path)?;
        out.write(&format!("{SEARCH_DIR}/index.html"), &html)?;
        for (letter, mut items) in by_letter.iter().map(|(l, v)| (*l, v.clone())) {
            items.sort_by(|a, b| (&a.0, &a.1.name, &a.1.href).cmp(&(&b.0, &b.1.name, &b.1.href)));
            let path = letter_path(letter);
            let prefix = super::view::root_prefix(&path);
            let view = LetterPageView {
                page: PageCommon::new(ctx, &path, 0, &format!("按拼音查找：{}", letter.to_ascii_uppercase())),
                letter: letter.to_ascii_uppercase().to_string(),
                letters: letter_links(&path),
                items: items
                    .iter()
                    .map(|(_, e)| LetterItem {
                        kind: e.kind.clone(),
                        name: e.name.clone(),
                        context: e.context.clone(),
                        href: format!("{prefix}{}", e.href),
                    })
                    .collect(),
            };
            let html = render_template(ctx, "search_letter.html", &view, &path)?;
            out.write(&format!("{}index.html", path.trim_start_matches('/')), &html)?;
        }
        Ok(())
    }
}

/// Site path of a letter's index page (`/search/d/`; `#` for names without pinyin → `/search/0/`).
fn letter_path(letter: char) -> String {
    let dir = if letter.is_ascii_lowercase() { letter.to_string() } else { "0".into() };
    format!("/{SEARCH_DIR}/{dir}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_initials_and_tokens() {
        assert_eq!(initials("东村"), "dc");
        assert_eq!(initials("东陈村3组"), "dcc3z");
        assert_eq!(full_pinyin("东村"), "dongcun");
        let t = tokens("东村", "dc");
        assert_eq!(t, vec!["py:dc", "东", "东村", "村"]);
        let t = tokens("东陈村", "dcc");
        assert!(t.contains(&"py:dc".to_string()) && t.contains(&"py:dcc".to_string()) && t.contains(&"陈村".to_string()));
    }

    #[test]
    fn bucket_matches_the_javascript_hash() {
        // Same FNV-1a over UTF-8 bytes as search.js; these values are asserted there too.
        assert_eq!(bucket("东村", 1000), 1_053_548_145 % 1000);
        assert_eq!(bucket("东村", 64), 1_053_548_145 % 64);
    }

    #[test]
    fn long_posting_lists_keep_a_head_and_spill_into_blocks() {
        let mut map = BTreeMap::new();
        map.insert("东村".to_string(), vec![3, 4, 9]);
        let long: Vec<u32> = (0..(HEAD + BLOCK + 2) as u32).map(|i| i * 2 + 1).collect();
        map.insert("村".to_string(), long.clone());
        let mut next = 5;
        let (script, blocks) = bucket_script(7, &map, &mut next);
        let head = format!("[1{}]", ",2".repeat(HEAD - 1));
        let b0 = long[HEAD];
        let b1 = long[HEAD + BLOCK];
        assert_eq!(
            script,
            format!("SB.t(7,{{\"东村\":[3,1,5],\"村\":{{\"n\":{},\"h\":{head},\"x\":[[{b0},5],[{b1},6]]}}}});\n", long.len())
        );
        assert_eq!(next, 7);
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].0, 5);
        assert_eq!(blocks[0].1, format!("SB.p(5,[{b0}{}]);\n", ",2".repeat(BLOCK - 1)));
        assert_eq!(blocks[1].1, format!("SB.p(6,[{b1},2]);\n"));
    }

    #[test]
    fn scripts_escape_script_endings() {
        let e = Entry {
            kind: "村".into(),
            name: "</script>".into(),
            context: String::new(),
            href: "a/index.html".into(),
            initials: String::new(),
        };
        let s = doc_script(0, &[e]);
        assert!(!s.contains("</script>"));
        assert!(s.starts_with("SB.d(0,[[\"村\",\"\\u003c/script>\""));
    }
}
