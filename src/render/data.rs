//! `data.json` beside every page: the figures on that page, in the shape the output contract
//! fixes (money and percentages as 2-decimal strings, years as keys).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};
use serde_json::ser::{Formatter, PrettyFormatter};
use std::io;

use crate::aggregate::{IncomeFigures, KindFigures, RegionFigures};
use crate::history::units::HistoryEntry;
use crate::model::{Date, Model, Money, Region, RegionId, Star, Unit, UnitKind};

use super::output::Staging;
use super::view::pages::{honors_by_region, honors_path};
use super::{Dirty, PAGE_BATCH, RenderContext, RenderError, Renderer, page_file};

/// Writes `data.json` for every region, unit and 光荣榜 page.
pub struct DataRenderer;

impl Renderer for DataRenderer {
    fn name(&self) -> &'static str {
        "data"
    }

    fn render(&self, ctx: &RenderContext<'_>, out: &Staging) -> Result<(), RenderError> {
        self.render_dirty(ctx, out, &Dirty::all(ctx.model))
    }

    fn per_page(&self) -> bool {
        true
    }

    fn render_dirty(&self, ctx: &RenderContext<'_>, out: &Staging, dirty: &Dirty) -> Result<(), RenderError> {
        let m = ctx.model;
        dirty.regions.par_iter().with_max_len(PAGE_BATCH).try_for_each(|&id| {
            let r = &m.regions[id];
            out.write(&page_file(&r.path, "data.json"), &to_json(&region_data(m, r, &ctx.figures.regions[id])))?;
            out.write(&page_file(&honors_path(&r.path), "data.json"), &to_json(&honors_data(m, id))).map_err(RenderError::from)
        })?;
        dirty.units.par_iter().with_max_len(PAGE_BATCH).try_for_each(|&id| {
            let data = unit_data(&m.units[id], ctx.today, ctx.history.of(id));
            out.write(&page_file(&m.units[id].path, "data.json"), &to_json(&data)).map_err(RenderError::from)
        })
    }
}

/// Pretty JSON with a final newline, safe to serve and to embed in HTML (see `write_escaped`),
/// escaped as it is written: a province's `units.json` is 160 MB, and neither a second copy of it
/// nor a `serde_json::Value` tree of it is ever made.
pub fn to_json<T: Serialize>(v: &T) -> Vec<u8> {
    to_json_in(v, Vec::new())
}

/// [`to_json`] into `out` (empty; its capacity a guess at the size, so a big file is not copied
/// each time the buffer doubles).
pub fn to_json_in<T: Serialize>(v: &T, mut out: Vec<u8>) -> Vec<u8> {
    // Writing into memory cannot fail, and these types always serialise.
    let _ = v.serialize(&mut serde_json::Serializer::with_formatter(&mut out, HtmlSafePretty(PrettyFormatter::new())));
    out.push(b'\n');
    out
}

/// `serde_json`'s pretty printer, applying [`write_escaped`]'s escapes to the text of every
/// string (keys too) as it is written: the only place those characters can occur in JSON, so
/// only strings are scanned, and nothing twice.
struct HtmlSafePretty(PrettyFormatter<'static>);

impl Formatter for HtmlSafePretty {
    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, w: &mut W, fragment: &str) -> io::Result<()> {
        write_escaped(w, fragment.as_bytes())
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Writes the text `bytes` (whole UTF-8 sequences) to `w`, a plain run at a time, with `<`,
/// `>`, `&`, U+2028 and U+2029 escaped as `\u003c` … — the same JSON string, but a clerk's
/// `</script><script>…` can neither end an inline `<script>` block nor be sniffed as HTML by a
/// browser opening the file directly.
fn write_escaped<W: ?Sized + io::Write>(w: &mut W, bytes: &[u8]) -> io::Result<()> {
    let (mut plain, mut i) = (0, 0);
    while i < bytes.len() {
        let (len, escaped) = match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'<', ..) => (1, "\\u003c"),
            (b'>', ..) => (1, "\\u003e"),
            (b'&', ..) => (1, "\\u0026"),
            (0xE2, Some(0x80), Some(0xA8)) => (3, "\\u2028"),
            (0xE2, Some(0x80), Some(0xA9)) => (3, "\\u2029"),
            _ => {
                i += 1;
                continue;
            }
        };
        w.write_all(&bytes[plain..i])?;
        w.write_all(escaped.as_bytes())?;
        i += len;
        plain = i;
    }
    w.write_all(&bytes[plain..])
}

/// A region's `data.json`.
#[derive(Debug, Serialize)]
pub struct RegionData<'a> {
    /// 名称.
    pub name: &'a str,
    /// province | city | county | town.
    pub kind: &'static str,
    /// Site path.
    pub path: &'a str,
    /// Figures by year.
    pub years: BTreeMap<String, RegionYearData>,
    /// Project totals.
    pub projects: ProjectTotalsData,
}

/// One year of a region's figures.
#[derive(Debug, Serialize)]
pub struct RegionYearData {
    /// Villages.
    pub village: KindData,
    /// Communities.
    pub community: KindData,
    /// Income.
    pub income: IncomeData,
    /// 奖补合计.
    pub reward_total: String,
}

/// Star figures of one kind.
#[derive(Debug, Serialize)]
pub struct KindData {
    /// Units rated.
    pub count: u32,
    /// Units per level `"0"`–`"5"`.
    pub levels: BTreeMap<String, u32>,
    /// Units per star, in the kind's order.
    pub stars: StarCounts,
    /// 三星及以上.
    pub at_least_three: u32,
    /// 三星及以上 share, `"50.00"`.
    pub at_least_three_pct: String,
    /// 银五星.
    pub silver: u32,
    /// 金五星.
    pub gold: u32,
}

/// Per-star counts, serialised as an object in the kind's star order.
#[derive(Debug)]
pub struct StarCounts(pub Vec<(Star, u32)>);

impl Serialize for StarCounts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (star, n) in &self.0 {
            map.serialize_entry(star.name(), n)?;
        }
        map.end()
    }
}

impl KindData {
    fn new(kind: UnitKind, k: &KindFigures) -> KindData {
        KindData {
            count: k.count,
            levels: k.levels.iter().enumerate().map(|(l, n)| (l.to_string(), *n)).collect(),
            stars: StarCounts(kind.stars().iter().copied().zip(k.stars).collect()),
            at_least_three: k.at_least_three(),
            at_least_three_pct: k.at_least_three_pct(),
            silver: k.silver,
            gold: k.gold,
        }
    }
}

/// Income figures of one year.
#[derive(Debug, Serialize)]
pub struct IncomeData {
    /// Units that reported.
    pub reported: u32,
    /// Total, `"12345678.00"`.
    pub total: String,
    /// Brackets.
    pub brackets: Vec<BracketData>,
}

/// One income bracket: `min` ≤ income < `max` (`max` null for the last).
#[derive(Debug, Serialize)]
pub struct BracketData {
    /// Lower bound (inclusive).
    pub min: String,
    /// Upper bound (exclusive), null for the open top bracket.
    pub max: Option<String>,
    /// Units in the bracket.
    pub count: u32,
}

impl IncomeData {
    fn new(i: &IncomeFigures, bounds: &[Money]) -> IncomeData {
        let brackets = i
            .brackets
            .iter()
            .enumerate()
            .map(|(n, &count)| BracketData {
                min: if n == 0 { Money::ZERO.compact() } else { bounds[n - 1].compact() },
                max: bounds.get(n).map(|m| m.compact()),
                count,
            })
            .collect();
        IncomeData { reported: i.reported, total: i.total.plain(), brackets }
    }
}

/// Project totals of a region.
#[derive(Debug, Serialize)]
pub struct ProjectTotalsData {
    /// Number of projects.
    pub count: u32,
    /// Sum of budgets.
    pub budget: String,
    /// Sum of spending.
    pub spent: String,
    /// Projects by steps done, `"0"`–`"6"`.
    pub by_steps_done: BTreeMap<String, u32>,
}

/// Builds a region's `data.json` value.
pub fn region_data<'a>(m: &Model, r: &'a Region, f: &RegionFigures) -> RegionData<'a> {
    let bounds = &m.site.policy.income_brackets;
    RegionData {
        name: &r.name,
        kind: r.kind.key(),
        path: &r.path,
        years: f
            .years
            .iter()
            .map(|(y, yf)| {
                (
                    y.to_string(),
                    RegionYearData {
                        village: KindData::new(UnitKind::Village, &yf.village),
                        community: KindData::new(UnitKind::Community, &yf.community),
                        income: IncomeData::new(&yf.income, bounds),
                        reward_total: yf.reward_total.plain(),
                    },
                )
            })
            .collect(),
        projects: ProjectTotalsData {
            count: f.projects.count,
            budget: f.projects.budget.plain(),
            spent: f.projects.spent.plain(),
            by_steps_done: f.projects.by_steps_done.iter().enumerate().map(|(i, n)| (i.to_string(), *n)).collect(),
        },
    }
}

/// A unit's `data.json`.
#[derive(Debug, Serialize)]
pub struct UnitData<'a> {
    /// 名称.
    pub name: &'a str,
    /// village | community.
    pub kind: &'static str,
    /// Site path.
    pub path: &'a str,
    /// By year.
    pub years: BTreeMap<String, UnitYearData>,
    /// Projects.
    pub projects: Vec<ProjectData<'a>>,
    /// 光荣榜 entries.
    pub honors: Vec<HonorData<'a>>,
    /// 公示, with their status on the build date.
    pub notices: Vec<NoticeData<'a>>,
    /// 变更记录 from git, newest first (empty when the content is not in a repository).
    pub history: &'a [HistoryEntry],
}

/// One 光荣榜 entry.
#[derive(Debug, Serialize)]
pub struct HonorData<'a> {
    /// 年度.
    pub year: u16,
    /// 榜单.
    pub roll: &'a str,
    /// 姓名.
    pub name: &'a str,
    /// 事迹.
    pub reason: Option<&'a str>,
}

/// One 公示.
#[derive(Debug, Serialize)]
pub struct NoticeData<'a> {
    /// 标题.
    pub title: &'a str,
    /// First day, `2024-12-01`.
    pub start: String,
    /// Last day (inclusive).
    pub end: String,
    /// `upcoming`, `open` or `ended` on the build date.
    pub status: &'static str,
    /// Markdown body as written.
    pub body: Option<&'a str>,
}

/// One spending line of a project.
#[derive(Debug, Serialize)]
pub struct SpendingData<'a> {
    /// `2024-05-10`.
    pub date: String,
    /// 事项.
    pub item: &'a str,
    /// `120000.00`.
    pub amount: String,
}

/// One year of a unit.
#[derive(Debug, Serialize)]
pub struct UnitYearData {
    /// Stars held, in the kind's order (empty when not rated).
    pub stars: Vec<&'static str>,
    /// 几星, null when not rated.
    pub level: Option<u8>,
    /// Income, null when not reported.
    pub income: Option<String>,
    /// 银五星 / 金五星 / null.
    pub title: Option<&'static str>,
}

/// One project of a unit.
#[derive(Debug, Serialize)]
pub struct ProjectData<'a> {
    /// Id.
    pub id: &'a str,
    /// 项目名称.
    pub name: &'a str,
    /// 年度.
    pub year: u16,
    /// 预算.
    pub budget: String,
    /// 已支出.
    pub spent: String,
    /// 结余.
    pub balance: String,
    /// Steps done, 0–6.
    pub steps_done: usize,
    /// Dates of the steps done, by step key, in step order.
    pub steps: indexmap::IndexMap<&'static str, String>,
    /// Key of the step in progress, null when all six are done.
    pub current_step: Option<&'static str>,
    /// 支出明细.
    pub spending: Vec<SpendingData<'a>>,
}

/// Builds a unit's `data.json` value, with its change list from `history`; notice status is as
/// of `today`.
pub fn unit_data<'a>(u: &'a Unit, today: Date, history: &'a [HistoryEntry]) -> UnitData<'a> {
    UnitData {
        name: &u.name,
        kind: u.kind.key(),
        path: &u.path,
        years: u
            .years
            .iter()
            .map(|(y, uy)| {
                (
                    y.to_string(),
                    UnitYearData {
                        stars: uy.stars.map(|s| s.in_order(u.kind.stars()).iter().map(|s| s.name()).collect()).unwrap_or_default(),
                        level: uy.stars.map(|s| s.level()),
                        income: uy.income.map(Money::plain),
                        title: uy.title.map(|t| t.name()),
                    },
                )
            })
            .collect(),
        projects: u
            .projects
            .iter()
            .map(|p| ProjectData {
                id: &p.id,
                name: &p.name,
                year: p.year,
                budget: p.budget.plain(),
                spent: p.spent().plain(),
                balance: p.balance().plain(),
                steps_done: p.steps_done(),
                steps: p.steps.iter().map(|(s, d)| (s.key(), d.to_string())).collect(),
                current_step: p.current_step().map(|s| s.key()),
                spending: p
                    .spending
                    .iter()
                    .map(|s| SpendingData { date: s.date.to_string(), item: &s.item, amount: s.amount.plain() })
                    .collect(),
            })
            .collect(),
        honors: u.honors.iter().map(honor_data).collect(),
        history,
        notices: u
            .notices
            .iter()
            .map(|n| NoticeData {
                title: &n.title,
                start: n.start.to_string(),
                end: n.end.to_string(),
                status: n.status(today).key(),
                body: n.body.as_deref(),
            })
            .collect(),
    }
}

fn honor_data(h: &crate::model::Honor) -> HonorData<'_> {
    HonorData { year: h.year, roll: &h.roll, name: &h.name, reason: h.reason.as_deref() }
}

/// `honors/data.json` of a region: every 光荣榜 entry below it, with its unit — or, like the page,
/// for a region with more than [`HONORS_PAGE_LIMIT`](super::view::pages::HONORS_PAGE_LIMIT) entries, the count of each sub-region with
/// the path of its own 光荣榜.
#[derive(Debug, Serialize)]
pub struct HonorsData<'a> {
    /// Region name.
    pub name: &'a str,
    /// Site path of the 光荣榜 page.
    pub path: String,
    /// Entries below the region.
    pub count: usize,
    /// Entries, in unit order (empty when `by_region` is given).
    pub honors: Vec<RegionHonorData<'a>>,
    /// Sub-regions with their counts, for a region too big to list every entry.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_region: Vec<RegionHonorCount<'a>>,
}

/// A sub-region's entry count in a big region's `honors/data.json`.
#[derive(Debug, Serialize)]
pub struct RegionHonorCount<'a> {
    /// Sub-region name.
    pub name: &'a str,
    /// Site path of its 光荣榜 page.
    pub path: String,
    /// Entries below it.
    pub count: usize,
}

/// A 光荣榜 entry with the unit it belongs to.
#[derive(Debug, Serialize)]
pub struct RegionHonorData<'a> {
    /// The entry.
    #[serde(flatten)]
    pub honor: HonorData<'a>,
    /// Unit name.
    pub unit: &'a str,
    /// Unit site path.
    pub unit_path: &'a str,
}

/// Builds `honors/data.json` of region `id`.
pub fn honors_data(m: &Model, id: RegionId) -> HonorsData<'_> {
    let r = &m.regions[id];
    let (count, split) = honors_by_region(m, id);
    let (honors, by_region) = if let Some(split) = split {
        let by_region = split
            .into_iter()
            .map(|(c, count)| RegionHonorCount { name: &m.regions[c].name, path: honors_path(&m.regions[c].path), count })
            .collect();
        (Vec::new(), by_region)
    } else {
        let honors = m
            .units_below(id)
            .into_iter()
            .flat_map(|u| {
                let unit = &m.units[u];
                unit.honors.iter().map(move |h| RegionHonorData { honor: honor_data(h), unit: &unit.name, unit_path: &unit.path })
            })
            .collect();
        (honors, Vec::new())
    };
    HonorsData { name: &r.name, path: honors_path(&r.path), count, honors, by_region }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `write_escaped` of `text`, as a string.
    fn escape_for_html(text: &str) -> String {
        let mut out = Vec::new();
        write_escaped(&mut out, text.as_bytes()).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Found by the corpus (`markup/name_close_script`): a name like `</script><script>` went
    /// into data.json verbatim.
    #[test]
    fn regression_json_is_safe_in_html() {
        let hostile = "</script><script>alert(1)</script>&\u{2028}";
        let json = String::from_utf8(to_json(&serde_json::json!({ "name": hostile }))).unwrap();
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["name"], hostile);
        assert_eq!(escape_for_html("东村 <a> & \u{2028}\u{2029} 完"), "东村 \\u003ca\\u003e \\u0026 \\u2028\\u2029 完");
        assert_eq!(escape_for_html("\u{2027}"), "\u{2027}", "only U+2028 and U+2029");
        // Written in pieces by serde_json: every special character inside a long value too.
        let long = format!("{}{hostile}{}\u{2029}", "村".repeat(5000), "x".repeat(5000));
        let json = String::from_utf8(to_json(&serde_json::json!({ "about": long, "list": [hostile, hostile] }))).unwrap();
        assert_eq!(json.matches("\\u003c").count(), 9, "{}", &json[..200]);
        assert_eq!(json.matches("\\u2028").count(), 3);
        assert_eq!(json.matches("\\u2029").count(), 1);
        assert!(!json.contains('\u{2028}') && !json.contains('<'));
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["about"], long);
        // Keys are strings too.
        let json = String::from_utf8(to_json(&BTreeMap::from([(hostile, 1)]))).unwrap();
        assert!(!json.contains('<') && !json.contains('\u{2028}'), "{json}");
        assert_eq!(serde_json::from_str::<BTreeMap<String, u32>>(&json).unwrap(), BTreeMap::from([(hostile.to_string(), 1)]));
        // Pretty-printed as before, with the final newline.
        assert_eq!(
            String::from_utf8(to_json(&serde_json::json!({ "a": [1], "b": "<" }))).unwrap(),
            "{\n  \"a\": [\n    1\n  ],\n  \"b\": \"\\u003c\"\n}\n"
        );
        let many = vec![hostile; 20_000];
        let json = String::from_utf8(to_json(&many)).unwrap();
        assert_eq!(json.matches("\\u2028").count(), 20_000);
        assert_eq!(json.matches("\\u003c").count(), 3 * 20_000);
        assert!(!json.contains('\u{2028}') && !json.contains('<'));
        assert_eq!(serde_json::from_str::<Vec<String>>(&json).unwrap(), many);
    }
}
