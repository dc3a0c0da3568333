//! View structs of the poster template, filled in priority order within the sheet's
//! [`Budget`](super::fit::Budget) (see [`super::fit`] for the one-page rule).

use serde::Serialize;

use crate::aggregate::{KindFigures, percent};
use crate::model::star::{level_name, level_symbols};
use crate::model::{Model, NoticeStatus, PaperSize, Region, RegionId, STEPS, Unit, UnitId, UnitKind, Year};
use crate::render::RenderContext;
use crate::render::view::{latest_year, level_text, root_prefix, yuan};

use super::fit::{Budget, Paper, SIZES, clip, cost, keep};
use super::qr::{self, QrView};

/// The paper as the template sees it: the fields it uses, not the whole geometry (a flattened
/// [`Paper`] went through serde's map path, field by field, three times per unit).
#[derive(Debug, Clone, Serialize)]
pub struct PaperView {
    /// The geometry, for the fitting rules.
    #[serde(skip)]
    pub paper: Paper,
    /// `a3`: the directory name and the page's class.
    pub name: &'static str,
    /// `A3`.
    pub label: &'static str,
    /// The CSS `@page` size.
    pub page_size: &'static str,
    /// Margin on every side, mm.
    pub margin_mm: u32,
    /// Body text size, pt.
    pub font_pt: u32,
    /// Printable box width, mm.
    pub box_width_mm: u32,
    /// Printable box height, mm.
    pub box_height_mm: u32,
}

impl From<Paper> for PaperView {
    fn from(paper: Paper) -> PaperView {
        PaperView {
            name: paper.name,
            label: paper.label,
            page_size: paper.page_size,
            margin_mm: paper.margin_mm,
            font_pt: paper.font_pt,
            box_width_mm: paper.box_width_mm(),
            box_height_mm: paper.box_height_mm(),
            paper,
        }
    }
}

/// Link to the same poster in another size (shown on screen only).
#[derive(Debug, Clone, Serialize)]
pub struct SizeLink {
    /// `A4`.
    pub label: &'static str,
    /// Relative address.
    pub href: String,
    /// This poster's size.
    pub current: bool,
}

/// A poster: the frame every poster shares, and either a unit's or a region's content.
#[derive(Debug, Clone, Serialize)]
pub struct PosterView {
    /// Prefix from the poster back to the site root (for `assets/`).
    pub root: String,
    /// Paper.
    pub paper: PaperView,
    /// 站点标题.
    pub site_title: String,
    /// The unit or region name, shortened to fit.
    pub title: String,
    /// `s`, `m` or `l`: the title's length class (long names get smaller type).
    pub title_len: &'static str,
    /// `枣林镇 · 村`.
    pub subtitle: String,
    /// The page's address under `base_url` (what the QR code holds).
    pub url: String,
    /// QR code of `url`.
    pub qr: QrView,
    /// 数据截至, `2025年12月20日`.
    pub data_date: String,
    /// 监督电话.
    pub hotline: Option<String>,
    /// Something was left out or shortened: say 更多内容请扫码查看.
    pub more: bool,
    /// The same poster in every size.
    pub sizes: Vec<SizeLink>,
    /// Link back to the web page.
    pub page_href: String,
    /// A unit's content.
    pub unit: Option<UnitPoster>,
    /// A region's content.
    pub region: Option<RegionPoster>,
}

/// One star badge: a star of the unit's kind, held or not.
#[derive(Debug, Clone, Serialize)]
pub struct StarBadge {
    /// 支部过硬星.
    pub name: &'static str,
    /// Held in the poster's year.
    pub held: bool,
}

/// An earlier year of a unit, on one line.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryLine {
    /// 年度.
    pub year: Year,
    /// `四星 ★★★★☆` or `未评定`.
    pub level: String,
    /// 银五星/金五星.
    pub title: Option<&'static str>,
    /// `104.60 万元` or `—`.
    pub income: String,
}

/// A project on the poster.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectLine {
    /// 项目名称 (shortened).
    pub name: String,
    /// 年度.
    pub year: Year,
    /// 预算, `80.00 万元`.
    pub budget: String,
    /// 已支出, `54.50 万元`.
    pub spent: String,
    /// Steps done (0–6).
    pub done: usize,
    /// `●●●●●○`.
    pub symbols: String,
    /// `下一步：实施结果公开` or `已完成`.
    pub status: String,
}

/// An honor on the poster.
#[derive(Debug, Clone, Serialize)]
pub struct HonorLine {
    /// 年度.
    pub year: Year,
    /// 榜单.
    pub roll: String,
    /// 姓名.
    pub name: String,
    /// 事迹 (shortened).
    pub reason: Option<String>,
}

/// A notice on the poster.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeLine {
    /// 标题 (shortened).
    pub title: String,
    /// `公示中` or `即将公示`.
    pub status: &'static str,
    /// `公示至2025年12月21日` or `2025年12月28日起公示`.
    pub period: String,
}

/// A unit poster's content.
#[derive(Debug, Clone, Serialize)]
pub struct UnitPoster {
    /// The year shown (the latest on record).
    pub year: Option<Year>,
    /// Rated in that year.
    pub rated: bool,
    /// `五星`, `未评定`.
    pub level_name: &'static str,
    /// `★★★★★`.
    pub level_symbols: String,
    /// 银五星/金五星.
    pub title: Option<&'static str>,
    /// The five stars of the kind.
    pub badges: Vec<StarBadge>,
    /// 村集体经济收入 in that year, `1,268,500.80 元`.
    pub income: Option<String>,
    /// The same in 万元.
    pub income_wan: Option<String>,
    /// 星级奖补 for the stars held, `10.00 万元`.
    pub reward: Option<String>,
    /// Earlier years, newest first.
    pub history: Vec<HistoryLine>,
    /// Projects shown: in progress first, then finished, newest first.
    pub projects: Vec<ProjectLine>,
    /// Projects on record.
    pub projects_total: usize,
    /// Projects left out.
    pub projects_more: usize,
    /// Honors shown, newest first.
    pub honors: Vec<HonorLine>,
    /// Honors on record.
    pub honors_total: usize,
    /// Honors left out.
    pub honors_more: usize,
    /// Notices in or before their 公示期.
    pub notices: Vec<NoticeLine>,
    /// Such notices left out.
    pub notices_more: usize,
    /// Sections with no row on the sheet, `光荣榜 30 人次、公示 2 条`.
    pub dropped: Option<String>,
}

/// One level row of a star distribution.
#[derive(Debug, Clone, Serialize)]
pub struct LevelBar {
    /// `五星`.
    pub name: &'static str,
    /// `★★★★★`.
    pub symbols: String,
    /// Units at this level.
    pub count: u32,
    /// `25.00%`.
    pub pct: String,
    /// Bar length, 0–100 (share of the most common level, so the longest bar is full).
    pub bar: u32,
}

/// The star distribution of one kind of unit.
#[derive(Debug, Clone, Serialize)]
pub struct KindPoster {
    /// 村 / 社区.
    pub label: &'static str,
    /// Units rated.
    pub count: u32,
    /// 五星 first.
    pub levels: Vec<LevelBar>,
    /// 三星及以上.
    pub at_least_three: u32,
    /// `50.00%`.
    pub at_least_three_pct: String,
    /// 银五星.
    pub silver: u32,
    /// 金五星.
    pub gold: u32,
}

/// An entry of a region poster's list (a sub-region or a unit).
#[derive(Debug, Clone, Serialize)]
pub struct RowLine {
    /// Name (shortened).
    pub name: String,
    /// `三星及以上 50.00%` or `四星 ★★★★☆`.
    pub detail: String,
    /// 银五星/金五星 of a unit.
    pub title: Option<&'static str>,
}

/// A region poster's content.
#[derive(Debug, Clone, Serialize)]
pub struct RegionPoster {
    /// The year shown (the latest with figures).
    pub year: Option<Year>,
    /// Villages below.
    pub villages: u32,
    /// Communities below.
    pub communities: u32,
    /// Star distributions (villages, then communities; only kinds rated that year).
    pub kinds: Vec<KindPoster>,
    /// 集体经济收入合计, `1,234.57 万元`.
    pub income_total_wan: Option<String>,
    /// Units that reported income.
    pub income_reported: u32,
    /// 星级奖补合计, `552.00 万元`.
    pub reward_total_wan: Option<String>,
    /// `下辖乡镇` or `村（社区）`.
    pub rows_heading: &'static str,
    /// Entries shown.
    pub rows: Vec<RowLine>,
    /// Entries in all.
    pub rows_total: usize,
    /// Entries left out.
    pub rows_more: usize,
}

/// `s`, `m` or `l` by the title's length.
fn title_len(title: &str) -> &'static str {
    match title.chars().count() {
        0..=6 => "s",
        7..=10 => "m",
        _ => "l",
    }
}

fn wan(m: crate::model::Money) -> String {
    format!("{} 万元", m.wan())
}

impl PosterView {
    fn frame(ctx: &RenderContext<'_>, page_path: &str, name: &str, subtitle: &str, size: PaperSize, default: bool) -> (PosterView, bool) {
        let m = ctx.model;
        let paper = Paper::of(size);
        let mut cut = false;
        let title = clip(name, paper.title_chars, &mut cut);
        let url = page_url(ctx, page_path);
        // Depth below the page: poster/ (default) or poster/a4/.
        let below = if default { "poster/" } else { "poster/x/" };
        let root = root_prefix(&format!("{page_path}{below}"));
        let up = if default { "" } else { "../" };
        let site_default = m.site.poster_size;
        let sizes = SIZES
            .iter()
            .map(|&s| {
                let href = if s == site_default { format!("{up}index.html") } else { format!("{up}{}/index.html", s.name()) };
                SizeLink { label: Paper::of(s).label, href, current: s == size }
            })
            .collect();
        let view = PosterView {
            root,
            paper: paper.into(),
            site_title: clip(&m.site.title, 2 * paper.line_chars - 4, &mut false),
            title_len: title_len(&title),
            title,
            subtitle: clip(subtitle, paper.line_chars + 10, &mut false),
            qr: QrView::default(),
            url,
            data_date: ctx.today.zh(),
            hotline: m.site.hotline.clone(),
            more: false,
            sizes,
            page_href: format!("{up}../index.html"),
            unit: None,
            region: None,
        };
        (view, cut)
    }

    /// Height left for the content under this frame's title and above its footer (whose
    /// address takes one to three lines).
    fn body_budget(&self) -> Budget {
        self.paper.paper.body_budget(self.title_len, &self.url)
    }

    /// The poster of unit `id` at `size` (`default`: the one at `poster/index.html`), with the
    /// QR code of its page (see [`page_qr`]).
    pub fn unit(ctx: &RenderContext<'_>, id: UnitId, size: PaperSize, default: bool, qr: &QrView) -> PosterView {
        let m = ctx.model;
        let u: &Unit = &m.units[id];
        let region = &m.regions[u.region];
        let (mut view, mut cut) = Self::frame(ctx, &u.path, &u.name, &format!("{} · {}", region.name, u.kind.label()), size, default);
        let budget = view.body_budget();
        view.unit = Some(unit_poster(ctx, u, &view.paper.paper, budget, &mut cut));
        view.more = cut;
        view.qr = qr.clone();
        view
    }

    /// The poster of region `id` at `size`.
    pub fn region(ctx: &RenderContext<'_>, id: RegionId, size: PaperSize, default: bool, qr: &QrView) -> PosterView {
        let r: &Region = &ctx.model.regions[id];
        let f = &ctx.figures.regions[id];
        let counts: Vec<String> = [(f.villages, "村"), (f.communities, "社区")]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, label)| format!("{n} 个{label}"))
            .collect();
        let sub = if counts.is_empty() { r.kind.label().to_string() } else { format!("{} · 共 {}", r.kind.label(), counts.join("、")) };
        let (mut view, mut cut) = Self::frame(ctx, &r.path, &r.name, &sub, size, default);
        let budget = view.body_budget();
        view.region = Some(region_poster(ctx, id, &view.paper.paper, budget, &mut cut));
        view.more = cut;
        view.qr = qr.clone();
        view
    }
}

/// The address of the page at model path `path` under `base_url` (what a poster's QR code holds).
pub fn page_url(ctx: &RenderContext<'_>, path: &str) -> String {
    format!("{}{}", ctx.model.site.base_url, path.trim_start_matches('/'))
}

/// The QR code of the page at model path `path`, shared by its posters in every size.
pub fn page_qr(ctx: &RenderContext<'_>, path: &str) -> Result<QrView, String> {
    qr::encode(&page_url(ctx, path))
}

fn unit_poster(ctx: &RenderContext<'_>, u: &Unit, paper: &Paper, mut budget: Budget, cut: &mut bool) -> UnitPoster {
    let m: &Model = ctx.model;
    let latest = u.years.iter().next_back().map(|(y, v)| (*y, *v));
    let stars = latest.and_then(|(_, y)| y.stars);
    let income = latest.and_then(|(_, y)| y.income);
    let reward = stars.filter(|s| s.level() > 0).map(|s| wan(m.site.policy.reward_per_star.times(u64::from(s.level()))));

    // Always shown: the rating, the badges and the key figures.
    budget.spend(cost::RATING + if stars.is_some() { cost::BADGES } else { 0 });
    budget.spend(cost::GAP + cost::FIGURE * (u32::from(income.is_some()) + u32::from(reward.is_some())));
    let history: Vec<HistoryLine> = u
        .years
        .iter()
        .rev()
        .skip(1)
        .take(paper.max_history)
        .map(|(&year, y)| HistoryLine {
            year,
            level: y.stars.map_or("未评定".into(), |s| level_text(s.level())),
            title: y.title.map(|t| t.name()),
            income: y.income.map_or("—".into(), wan),
        })
        .collect();
    budget.spend(cost::HISTORY * history.len() as u32);

    let mut order: Vec<&crate::model::Project> = u.projects.iter().collect();
    // In progress first, then by year, newest first; stable, so ties keep the record's order.
    order.sort_by_key(|p| (p.current_step().is_none(), std::cmp::Reverse(p.year)));
    let shown = budget.fit_list(order.len(), paper.max_projects, 1, cost::PROJECT);
    let projects: Vec<ProjectLine> = keep(order, shown, cut)
        .into_iter()
        .map(|p| {
            let done = p.steps_done();
            ProjectLine {
                name: clip(&p.name, paper.line_chars, cut),
                year: p.year,
                budget: wan(p.budget),
                spent: wan(p.spent()),
                done,
                symbols: format!("{}{}", "●".repeat(done), "○".repeat(STEPS.len() - done)),
                status: match p.current_step() {
                    Some(s) => format!("下一步：{}", s.short()),
                    None => "已完成".into(),
                },
            }
        })
        .collect();

    let current: Vec<(&crate::model::Notice, &'static str)> = u
        .notices
        .iter()
        .filter_map(|n| match n.status(ctx.today) {
            NoticeStatus::Open => Some((n, "公示中")),
            NoticeStatus::Upcoming => Some((n, "即将公示")),
            NoticeStatus::Ended => None,
        })
        .collect();
    // Should 公示 or 光荣榜 get no row at all, one line still says what is left out: its
    // height is held back while the notices are fitted, and taken once it is needed.
    let note = cost::GAP + cost::MORE_NOTE;
    let held = (!current.is_empty() || !u.honors.is_empty()) && budget.spend(note);
    let shown = budget.fit_list(current.len(), paper.max_notices, 1, cost::NOTICE);
    let notices_more = current.len() - shown.min(current.len());
    let notices: Vec<NoticeLine> = keep(current, shown, cut)
        .into_iter()
        .map(|(n, status)| NoticeLine {
            title: clip(&n.title, paper.line_chars, cut),
            status,
            period: if status == "公示中" { format!("公示至{}", n.end.zh()) } else { format!("{}起公示", n.start.zh()) },
        })
        .collect();

    // The honor roll takes what is left, two names to a row.
    let notices_dropped = notices.is_empty() && notices_more > 0;
    if held && !notices_dropped {
        budget.refund(note);
    }
    let shown = budget.fit_list(u.honors.len(), usize::MAX, 2, cost::HONOR_ROW);
    let honors: Vec<HonorLine> = keep(u.honors.iter().collect(), shown, cut)
        .into_iter()
        .map(|h| HonorLine {
            year: h.year,
            roll: clip(&h.roll, 8, cut),
            name: clip(&h.name, 5, cut),
            reason: h.reason.as_deref().map(|r| clip(r, paper.line_chars - 2, cut)),
        })
        .collect();

    // (With no honor shown nothing was spent on them, so the released height is still free.)
    let dropped: Vec<String> = [
        (honors.is_empty() && !u.honors.is_empty()).then(|| format!("光荣榜 {} 人次", u.honors.len())),
        notices_dropped.then(|| format!("公示 {} 条", notices_more)),
    ]
    .into_iter()
    .flatten()
    .collect();

    UnitPoster {
        dropped: (held && !dropped.is_empty()).then(|| dropped.join("、")),
        year: latest.map(|(y, _)| y),
        rated: stars.is_some(),
        level_name: stars.map_or("未评定", |s| level_name(s.level())),
        level_symbols: stars.map_or(String::new(), |s| level_symbols(s.level())),
        title: latest.and_then(|(_, y)| y.title).map(|t| t.name()),
        badges: u.kind.stars().iter().map(|s| StarBadge { name: s.name(), held: stars.is_some_and(|set| set.contains(*s)) }).collect(),
        income: income.map(yuan),
        income_wan: income.map(wan),
        reward,
        history,
        projects_total: u.projects.len(),
        projects_more: u.projects.len() - projects.len(),
        projects,
        honors_total: u.honors.len(),
        honors_more: u.honors.len() - honors.len(),
        honors,
        notices,
        notices_more,
    }
}

fn kind_poster(kind: UnitKind, k: &KindFigures) -> KindPoster {
    let max = k.levels.iter().copied().max().unwrap_or(0).max(1);
    KindPoster {
        label: kind.label(),
        count: k.count,
        levels: (0..=5u8)
            .rev()
            .map(|l| {
                let n = k.levels[usize::from(l)];
                LevelBar {
                    name: level_name(l),
                    symbols: level_symbols(l),
                    count: n,
                    pct: format!("{}%", percent(n, k.count)),
                    bar: n * 100 / max,
                }
            })
            .collect(),
        at_least_three: k.at_least_three(),
        at_least_three_pct: format!("{}%", k.at_least_three_pct()),
        silver: k.silver,
        gold: k.gold,
    }
}

fn region_poster(ctx: &RenderContext<'_>, id: RegionId, paper: &Paper, mut budget: Budget, cut: &mut bool) -> RegionPoster {
    let m = ctx.model;
    let r = &m.regions[id];
    let f = &ctx.figures.regions[id];
    let year = latest_year(f);
    let yf = year.and_then(|y| f.years.get(&y));
    let mut kinds = Vec::new();
    if let Some(yf) = yf {
        if yf.village.count > 0 {
            kinds.push(kind_poster(UnitKind::Village, &yf.village));
        }
        if yf.community.count > 0 {
            kinds.push(kind_poster(UnitKind::Community, &yf.community));
        }
    }
    // Always shown: the rating line, the distributions (side by side when there are two) and
    // the key figures.
    budget.spend(cost::RATING);
    if !kinds.is_empty() {
        budget.spend(cost::GAP + cost::HEADING + cost::LEVEL_TABLE);
    }
    budget.spend(cost::GAP + 2 * cost::FIGURE);

    let mut rows: Vec<RowLine> = r
        .children
        .iter()
        .map(|&c| {
            let cf = &ctx.figures.regions[c];
            let detail = match year.and_then(|y| cf.years.get(&y)) {
                Some(y) => format!(
                    "三星及以上 {}%",
                    percent(y.village.at_least_three() + y.community.at_least_three(), y.village.count + y.community.count)
                ),
                None => "暂无评定".into(),
            };
            RowLine { name: clip(&m.regions[c].name, paper.line_chars / 2, cut), detail, title: None }
        })
        .collect();
    rows.extend(r.units.iter().map(|&uid| {
        let u = &m.units[uid];
        let y = year.and_then(|y| u.years.get(&y));
        RowLine {
            name: clip(&u.name, paper.line_chars / 2 - 2, cut),
            detail: y.and_then(|y| y.stars).map_or("未评定".into(), |s| level_text(s.level())),
            title: y.and_then(|y| y.title).map(|t| t.name()),
        }
    }));
    let rows_total = rows.len();
    let shown = budget.fit_list(rows_total, usize::MAX, 2, cost::LIST_ROW);
    let rows = keep(rows, shown, cut);
    RegionPoster {
        year,
        villages: f.villages,
        communities: f.communities,
        kinds,
        income_total_wan: yf.filter(|y| y.income.reported > 0).map(|y| wan(y.income.total)),
        income_reported: yf.map_or(0, |y| y.income.reported),
        reward_total_wan: yf.map(|y| wan(y.reward_total)),
        rows_heading: if r.children.is_empty() { "村（社区）" } else { "下辖区域" },
        rows_more: rows_total - rows.len(),
        rows,
        rows_total,
    }
}
