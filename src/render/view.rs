//! View structs: the small, explicit shapes templates see (never the model itself), and the
//! presentation conventions every output shares — money `236,500.50 元`, levels `四星 ★★★★☆`,
//! dates `2024年3月5日`, relative links that work from `file://`.

use serde::Serialize;

use crate::aggregate::{KindFigures, RegionFigures, YearFigures, percent};
use crate::model::star::{level_name, level_symbols};
use crate::model::{Model, Money, Region, RegionId, Unit, UnitId, UnitKind, Year};

use super::RenderContext;
use super::{chart, markdown};

pub mod pages;
pub mod records;

use records::{HonorRollView, NoticeView, ProjectView, RegionRecords};

/// A link with a relative `href`.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Visible text.
    pub name: String,
    /// Relative address.
    pub href: String,
}

/// What every page shows around its content.
#[derive(Debug, Clone, Serialize)]
pub struct PageCommon {
    /// Prefix from this page back to the site root (`../../`, or empty at the root).
    pub root: String,
    /// 站点标题.
    pub site_title: String,
    /// Page title (the region or unit name).
    pub title: String,
    /// Ancestors, root first, ending with the page itself (no href).
    pub breadcrumbs: Vec<Link>,
    /// 数据截至 date, `2025年11月25日`.
    pub data_date: String,
    /// 监督电话.
    pub hotline: Option<String>,
    /// Absolute address of this page under `base_url`.
    pub canonical: String,
    /// Navigation: free pages.
    pub nav: Vec<Link>,
}

/// Site path of the page a model path (`/ningguo/dongcun/`) names, relative to another page path.
pub fn href(from: &str, to: &str) -> String {
    let segs = |p: &str| p.split('/').filter(|s| !s.is_empty()).map(str::to_owned).collect::<Vec<_>>();
    let (from, to) = (segs(from), segs(to));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(from.len() - common);
    for s in &to[common..] {
        out.push_str(s);
        out.push('/');
    }
    out.push_str("index.html");
    out
}

/// `../` once per directory level of `path` (`/a/b/` → `../../`).
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.trim_matches('/').split('/').filter(|s| !s.is_empty()).count())
}

/// `236,500.50 元`.
pub fn yuan(m: Money) -> String {
    format!("{} 元", m.grouped())
}

/// `四星 ★★★★☆`.
pub fn level_text(level: u8) -> String {
    format!("{} {}", level_name(level), level_symbols(level))
}

impl PageCommon {
    /// The frame of the page at model path `path` for region `region` (the last crumb is `title`).
    pub fn new(ctx: &RenderContext<'_>, path: &str, region: RegionId, title: &str) -> PageCommon {
        let m = ctx.model;
        let mut breadcrumbs: Vec<Link> = m
            .ancestry(region)
            .into_iter()
            .map(|r| Link { name: m.regions[r].name.clone(), href: href(path, &m.regions[r].path) })
            .collect();
        if m.regions[region].path == path {
            breadcrumbs.pop();
        }
        breadcrumbs.push(Link { name: title.to_string(), href: String::new() });
        let root = root_prefix(path);
        PageCommon {
            nav: m.pages.iter().map(|p| Link { name: p.title.clone(), href: format!("{root}pages/{}/index.html", p.slug) }).collect(),
            root,
            site_title: m.site.title.clone(),
            title: title.to_string(),
            breadcrumbs,
            data_date: ctx.today.zh(),
            hotline: m.site.hotline.clone(),
            canonical: format!("{}{}", m.site.base_url, path.trim_start_matches('/')),
        }
    }
}

/// One row of a star distribution table.
#[derive(Debug, Clone, Serialize)]
pub struct LevelRow {
    /// `四星 ★★★★☆`.
    pub label: String,
    /// Units at this level.
    pub count: u32,
    /// Share, `38.46%`.
    pub pct: String,
}

/// One row of a per-star table.
#[derive(Debug, Clone, Serialize)]
pub struct StarRow {
    /// 产业兴旺星.
    pub name: String,
    /// Units holding it.
    pub count: u32,
    /// Share, `32.69%`.
    pub pct: String,
}

/// Star figures of one kind of unit in one year.
#[derive(Debug, Clone, Serialize)]
pub struct KindView {
    /// 村 or 社区.
    pub label: &'static str,
    /// Units rated.
    pub count: u32,
    /// Level rows, 五星 first.
    pub levels: Vec<LevelRow>,
    /// Per-star rows.
    pub stars: Vec<StarRow>,
    /// 三星及以上.
    pub at_least_three: u32,
    /// 三星及以上 share, `50.00%`.
    pub at_least_three_pct: String,
    /// 银五星.
    pub silver: u32,
    /// 金五星.
    pub gold: u32,
    /// Star distribution as an inline SVG chart (set by [`RegionYearView::new`], which knows the year).
    pub levels_chart: Option<String>,
    /// Per-star counts as an inline SVG chart.
    pub stars_chart: Option<String>,
}

impl KindView {
    /// View of `k` for units of `kind`.
    pub fn new(kind: UnitKind, k: &KindFigures) -> KindView {
        KindView {
            label: kind.label(),
            count: k.count,
            levels: (0..=5u8)
                .rev()
                .map(|l| LevelRow {
                    label: level_text(l),
                    count: k.levels[usize::from(l)],
                    pct: format!("{}%", percent(k.levels[usize::from(l)], k.count)),
                })
                .collect(),
            stars: kind
                .stars()
                .iter()
                .zip(k.stars)
                .map(|(s, n)| StarRow { name: s.name().to_string(), count: n, pct: format!("{}%", percent(n, k.count)) })
                .collect(),
            at_least_three: k.at_least_three(),
            at_least_three_pct: format!("{}%", k.at_least_three_pct()),
            silver: k.silver,
            gold: k.gold,
            levels_chart: None,
            stars_chart: None,
        }
    }

    /// This view with its two charts for `year`.
    fn with_charts(mut self, year: Year, k: &KindFigures) -> KindView {
        self.levels_chart = Some(chart::levels(&format!("{year}年{}星级分布", self.label), &k.levels));
        self.stars_chart =
            Some(chart::counts(&format!("{year}年各星获得情况（{}）", self.label), self.stars.iter().map(|r| (r.name.as_str(), r.count))));
        self
    }
}

/// One income bracket row.
#[derive(Debug, Clone, Serialize)]
pub struct BracketRow {
    /// `10万元以下`, `10万–20万元`, `100万元及以上`.
    pub label: String,
    /// Units in the bracket.
    pub count: u32,
}

/// A region's figures for one year.
#[derive(Debug, Clone, Serialize)]
pub struct RegionYearView {
    /// 年度.
    pub year: Year,
    /// Villages (absent when none were rated).
    pub village: Option<KindView>,
    /// Communities (absent when none were rated).
    pub community: Option<KindView>,
    /// Units that reported income.
    pub income_reported: u32,
    /// 收入合计, `12,345,678.00 元`.
    pub income_total: String,
    /// 收入合计 in 万元, `1,234.57 万元`.
    pub income_total_wan: String,
    /// Income brackets.
    pub brackets: Vec<BracketRow>,
    /// 奖补合计.
    pub reward_total: String,
    /// Income brackets as an inline SVG chart.
    pub brackets_chart: String,
}

/// Bracket labels from the policy bounds (in 万元 when whole 万).
pub fn bracket_labels(bounds: &[Money]) -> Vec<String> {
    let show = |m: Money| if m.0 % 1_000_000 == 0 { format!("{}万", m.0 / 1_000_000) } else { m.grouped() };
    let mut out = Vec::with_capacity(bounds.len() + 1);
    for (i, b) in bounds.iter().enumerate() {
        out.push(match i {
            0 => format!("{}元以下", show(*b)),
            _ => format!("{}–{}元", show(bounds[i - 1]), show(*b)),
        });
    }
    if let Some(last) = bounds.last() {
        out.push(format!("{}元及以上", show(*last)));
    } else {
        out.push("全部".into());
    }
    out
}

impl RegionYearView {
    /// View of one year's figures.
    pub fn new(model: &Model, year: Year, y: &YearFigures) -> RegionYearView {
        let brackets: Vec<BracketRow> = bracket_labels(&model.site.policy.income_brackets)
            .into_iter()
            .zip(&y.income.brackets)
            .map(|(label, &count)| BracketRow { label, count })
            .collect();
        RegionYearView {
            year,
            village: (y.village.count > 0).then(|| KindView::new(UnitKind::Village, &y.village).with_charts(year, &y.village)),
            community: (y.community.count > 0).then(|| KindView::new(UnitKind::Community, &y.community).with_charts(year, &y.community)),
            income_reported: y.income.reported,
            income_total: yuan(y.income.total),
            income_total_wan: format!("{} 万元", y.income.total.wan()),
            brackets_chart: chart::counts(&format!("{year}年集体经济收入分档"), brackets.iter().map(|b| (b.label.as_str(), b.count))),
            brackets,
            reward_total: yuan(y.reward_total),
        }
    }
}

/// A sub-region in its parent's list.
#[derive(Debug, Clone, Serialize)]
pub struct ChildRow {
    /// Name and link.
    pub link: Link,
    /// Units below (villages + communities).
    pub units: u32,
    /// 三星及以上 share in the latest year (villages and communities together).
    pub at_least_three_pct: String,
    /// 五星 units in the latest year.
    pub five_star: u32,
    /// Income total in the latest year.
    pub income_total: String,
}

/// A unit in its region's list.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    /// Name and link.
    pub link: Link,
    /// 村 / 社区.
    pub kind: &'static str,
    /// `四星 ★★★★☆` in the latest year, or `未评定`.
    pub level: String,
    /// Stars held, `产业兴旺星、生态宜居星`.
    pub stars: String,
    /// Income in the latest year, or `—`.
    pub income: String,
    /// 银五星/金五星.
    pub title: Option<&'static str>,
}

/// A region page.
#[derive(Debug, Clone, Serialize)]
pub struct RegionView {
    /// Frame.
    pub page: PageCommon,
    /// 名称.
    pub name: String,
    /// 县（区） …
    pub kind_label: &'static str,
    /// Introduction as HTML.
    pub about_html: Option<String>,
    /// Latest year with figures.
    pub latest: Option<RegionYearView>,
    /// Earlier years, newest first.
    pub history: Vec<RegionYearView>,
    /// Sub-regions.
    pub children: Vec<ChildRow>,
    /// Units directly in this region.
    pub units: Vec<UnitRow>,
    /// Villages below.
    pub villages: u32,
    /// Communities below.
    pub communities: u32,
    /// Projects, notices and honors of the units below.
    pub records: RegionRecords,
    /// Link to this region's 光荣榜 page.
    pub honors_href: String,
    /// Links to the site-wide open data (root region only).
    pub open_data: Vec<Link>,
    /// 核对 of the figures the region published by hand (absent when it declares none).
    pub reconcile: Option<ReconcileView>,
}

/// The 核对 note of a region page.
#[derive(Debug, Clone, Serialize)]
pub struct ReconcileView {
    /// Every declared figure matches the records.
    pub ok: bool,
    /// Years whose declared figures were checked, `2023、2024`.
    pub years: String,
    /// The figures that differ.
    pub rows: Vec<MismatchRow>,
}

/// One declared figure that differs from the records.
#[derive(Debug, Clone, Serialize)]
pub struct MismatchRow {
    /// 年度.
    pub year: Year,
    /// 项目, e.g. `五星村个数`.
    pub what: String,
    /// 公布数.
    pub declared: String,
    /// 统计数.
    pub computed: String,
}

impl ReconcileView {
    /// The note for region `id`, if it declares figures.
    pub fn new(m: &Model, figures: &crate::aggregate::Figures, id: RegionId) -> Option<ReconcileView> {
        use crate::aggregate::reconcile::{self, Value};
        let show = |v: Value| match v {
            Value::Count(n) => n.to_string(),
            Value::Amount(a) => yuan(a),
        };
        let mismatches = reconcile::region(m, figures, id)?;
        Some(ReconcileView {
            ok: mismatches.is_empty(),
            years: m.regions[id].declared.keys().map(|y| y.to_string()).collect::<Vec<_>>().join("、"),
            rows: mismatches
                .into_iter()
                .map(|x| MismatchRow { year: x.year, what: x.what_zh, declared: show(x.declared), computed: show(x.computed) })
                .collect(),
        })
    }
}

/// The latest year a region has figures for.
pub fn latest_year(f: &RegionFigures) -> Option<Year> {
    f.years.keys().next_back().copied()
}

impl RegionView {
    /// View of region `id`.
    pub fn new(ctx: &RenderContext<'_>, id: RegionId) -> RegionView {
        let m = ctx.model;
        let r: &Region = &m.regions[id];
        let f = &ctx.figures.regions[id];
        let mut years: Vec<RegionYearView> = f.years.iter().rev().map(|(y, yf)| RegionYearView::new(m, *y, yf)).collect();
        let latest = (!years.is_empty()).then(|| years.remove(0));
        let children = r
            .children
            .iter()
            .map(|&c| {
                let cf = &ctx.figures.regions[c];
                let ly = latest_year(cf).and_then(|y| cf.years.get(&y));
                let (pct, five, income) = match ly {
                    Some(y) => (
                        format!(
                            "{}%",
                            percent(y.village.at_least_three() + y.community.at_least_three(), y.village.count + y.community.count)
                        ),
                        y.village.levels[5] + y.community.levels[5],
                        yuan(y.income.total),
                    ),
                    None => ("—".into(), 0, "—".into()),
                };
                ChildRow {
                    link: Link { name: m.regions[c].name.clone(), href: href(&r.path, &m.regions[c].path) },
                    units: cf.villages + cf.communities,
                    at_least_three_pct: pct,
                    five_star: five,
                    income_total: income,
                }
            })
            .collect();
        let units = r.units.iter().map(|&u| unit_row(m, &r.path, u)).collect();
        RegionView {
            page: PageCommon::new(ctx, &r.path, id, &r.name),
            name: r.name.clone(),
            kind_label: r.kind.label(),
            about_html: r.about.as_deref().map(markdown::to_html),
            latest,
            history: years,
            children,
            units,
            villages: f.villages,
            communities: f.communities,
            records: RegionRecords::new(m, &r.path, &m.units_below(id), &f.projects, ctx.today),
            honors_href: format!("{}/index.html", pages::HONORS_DIR),
            open_data: if id == 0 { super::opendata::open_data_links(&r.path) } else { Vec::new() },
            reconcile: ReconcileView::new(m, ctx.figures, id),
        }
    }
}

fn unit_row(m: &Model, from: &str, id: UnitId) -> UnitRow {
    let u = &m.units[id];
    let latest = u.years.iter().next_back().map(|(_, y)| *y).unwrap_or_default();
    UnitRow {
        link: Link { name: u.name.clone(), href: href(from, &u.path) },
        kind: u.kind.label(),
        level: latest.stars.map_or("未评定".into(), |s| level_text(s.level())),
        stars: latest.stars.map(|s| s.in_order(u.kind.stars()).iter().map(|s| s.name()).collect::<Vec<_>>().join("、")).unwrap_or_default(),
        income: latest.income.map_or("—".into(), yuan),
        title: latest.title.map(|t| t.name()),
    }
}

/// One star cell of a unit's year row.
#[derive(Debug, Clone, Serialize)]
pub struct StarCell {
    /// 产业兴旺星.
    pub name: &'static str,
    /// Held that year.
    pub held: bool,
}

/// One year of a unit.
#[derive(Debug, Clone, Serialize)]
pub struct UnitYearView {
    /// 年度.
    pub year: Year,
    /// Rated that year.
    pub rated: bool,
    /// 几星 (0–5).
    pub level: u8,
    /// `四星 ★★★★☆`, or `未评定`.
    pub level_text: String,
    /// Every star of the kind, held or not.
    pub stars: Vec<StarCell>,
    /// Income, or `—`.
    pub income: String,
    /// 银五星/金五星.
    pub title: Option<&'static str>,
}

/// A unit page.
#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    /// Frame.
    pub page: PageCommon,
    /// 名称.
    pub name: String,
    /// 村 / 社区.
    pub kind_label: &'static str,
    /// Region name and link.
    pub region: Link,
    /// Introduction as HTML.
    pub about_html: Option<String>,
    /// Star names of the kind, in order (table header).
    pub star_names: Vec<&'static str>,
    /// Years, newest first.
    pub years: Vec<UnitYearView>,
    /// Latest year, if any.
    pub latest: Option<UnitYearView>,
    /// 光荣榜, by roll and year.
    pub honors: Vec<HonorRollView>,
    /// 村级项目, as written.
    pub projects: Vec<ProjectView>,
    /// 公示, newest first.
    pub notices: Vec<NoticeView>,
    /// Income by year as an inline SVG chart (empty when no income was reported).
    pub income_chart: String,
    /// 变更记录, newest first (empty without git).
    pub history: Vec<HistoryView>,
}

/// One commit in a unit's 变更记录.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    /// `2024-03-05`.
    pub date: String,
    /// Commit summary.
    pub summary: String,
    /// Short commit id (7 hex digits).
    pub commit: String,
    /// What changed in stars and income.
    pub changes: Vec<String>,
}

impl UnitView {
    /// View of unit `id`.
    pub fn new(ctx: &RenderContext<'_>, id: UnitId) -> UnitView {
        let m = ctx.model;
        let u: &Unit = &m.units[id];
        let years: Vec<UnitYearView> = u
            .years
            .iter()
            .rev()
            .map(|(&year, y)| UnitYearView {
                year,
                rated: y.stars.is_some(),
                level: y.stars.map_or(0, |s| s.level()),
                level_text: y.stars.map_or("未评定".into(), |s| level_text(s.level())),
                stars: u
                    .kind
                    .stars()
                    .iter()
                    .map(|s| StarCell { name: s.name(), held: y.stars.is_some_and(|set| set.contains(*s)) })
                    .collect(),
                income: y.income.map_or("—".into(), yuan),
                title: y.title.map(|t| t.name()),
            })
            .collect();
        let region = &m.regions[u.region];
        UnitView {
            page: PageCommon::new(ctx, &u.path, u.region, &u.name),
            name: u.name.clone(),
            kind_label: u.kind.label(),
            region: Link { name: region.name.clone(), href: href(&u.path, &region.path) },
            about_html: u.about.as_deref().map(markdown::to_html),
            star_names: u.kind.stars().iter().map(|s| s.name()).collect(),
            latest: years.first().cloned(),
            years,
            honors: records::honor_rolls(&m.site.honor_rolls, u.honors.iter().map(|h| (h, None))),
            projects: u.projects.iter().enumerate().map(|(i, p)| ProjectView::new(i, p)).collect(),
            notices: u.notices.iter().enumerate().map(|(i, n)| NoticeView::new(i, n, ctx.today)).collect(),
            history: ctx
                .history
                .of(id)
                .iter()
                .map(|h| HistoryView {
                    date: h.date.clone(),
                    summary: h.summary.clone(),
                    commit: h.commit.chars().take(7).collect(),
                    changes: h.changes.clone(),
                })
                .collect(),
            income_chart: chart::income_by_year(
                &format!("{}历年村集体经济收入", u.name),
                u.years.iter().filter_map(|(&y, uy)| uy.income.map(|m| (y, m))),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links() {
        assert_eq!(href("/", "/ningguo/"), "ningguo/index.html");
        assert_eq!(href("/ningguo/dongcun/", "/"), "../../index.html");
        assert_eq!(href("/ningguo/", "/ningguo/dongcun/"), "dongcun/index.html");
        assert_eq!(href("/a/x/", "/b/"), "../../b/index.html");
        assert_eq!(root_prefix("/"), "");
    }

    #[test]
    fn labels() {
        assert_eq!(level_text(4), "四星 ★★★★☆");
        assert_eq!(yuan(Money(23_650_050)), "236,500.50 元");
        let b = bracket_labels(&[100_000, 200_000, 1_000_000].map(Money::yuan));
        assert_eq!(b, vec!["10万元以下", "10万–20万元", "20万–100万元", "100万元及以上"]);
    }
}
