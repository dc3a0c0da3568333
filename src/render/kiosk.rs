//! The kiosk display (大屏展示): `kiosk/index.html` for every region — full-screen slides for
//! touch kiosks and large displays in town halls and 党群服务中心.
//!
//! Every slide's content is in the HTML (without JavaScript the slides read as one long page);
//! `assets/kiosk.js` turns them into an auto-advancing, pausable slide show and `assets/kiosk.css`
//! lays them out for portrait 1080×1920 and landscape 1920×1080 screens. Lists that could grow
//! without bound (光荣榜, projects, notices) are split over several slides of a fixed size, and free
//! text is shortened, so that no slide overflows the screen.

use rayon::prelude::*;
use serde::Serialize;

use super::output::Staging;
use super::view::{KindView, latest_year, root_prefix};
use super::{PAGE_BATCH, RenderContext, RenderError, Renderer, markdown, page_file, render_template};
use crate::aggregate::{KindFigures, YearFigures};
use crate::model::{Model, Money, NoticeStatus, RegionId, STEPS, UnitId, UnitKind, Year};

/// Top-income slide length.
pub const TOP_INCOMES: usize = 10;
/// 光荣榜 entries per slide.
pub const HONORS_PER_SLIDE: usize = 6;
/// Projects per slide.
pub const PROJECTS_PER_SLIDE: usize = 4;
/// Notices per slide.
pub const NOTICES_PER_SLIDE: usize = 3;
/// Longest 事迹 shown (characters); the unit page has the full text.
const REASON_CHARS: usize = 36;
/// Longest notice excerpt shown (characters).
const EXCERPT_CHARS: usize = 60;
/// Longest title or name shown (characters).
const TITLE_CHARS: usize = 30;

/// Renders `kiosk/index.html` below every region.
pub struct KioskRenderer;

impl Renderer for KioskRenderer {
    fn name(&self) -> &'static str {
        "kiosk"
    }

    fn render(&self, ctx: &RenderContext<'_>, out: &Staging) -> Result<(), RenderError> {
        (0..ctx.model.regions.len()).into_par_iter().with_max_len(PAGE_BATCH).try_for_each(|id| {
            let path = format!("{}kiosk/", ctx.model.regions[id].path);
            let html = render_template(ctx, "kiosk.html", &KioskView::new(ctx, id), &path)?;
            out.write(&page_file(&path, "index.html"), &html).map_err(RenderError::from)
        })
    }
}

/// A kiosk page.
#[derive(Debug, Clone, Serialize)]
pub struct KioskView {
    /// Prefix back to the site root (`../` at the root's kiosk).
    pub root: String,
    /// 站点标题.
    pub site_title: String,
    /// Region name.
    pub name: String,
    /// 数据截至, `2025年12月20日`.
    pub data_date: String,
    /// 监督电话.
    pub hotline: Option<String>,
    /// Seconds per slide (`kiosk.slide_seconds`).
    pub slide_seconds: u32,
    /// Seconds without a touch before auto-play resumes (`kiosk.idle_seconds`).
    pub idle_seconds: u32,
    /// The slides, in showing order.
    pub slides: Vec<Slide>,
}

/// One full-screen slide.
#[derive(Debug, Clone, Serialize)]
pub struct Slide {
    /// Heading.
    pub heading: String,
    /// A line under the heading (page `2 / 3` of a list, a note).
    pub note: Option<String>,
    /// What the slide shows.
    #[serde(flatten)]
    pub body: SlideBody,
}

/// The content of a slide; the template switches on `kind`.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SlideBody {
    /// Key figures of the region.
    Overview {
        /// Big numbers.
        figures: Vec<BigFigure>,
    },
    /// A bar chart (star levels, per-star counts, top incomes).
    Bars {
        /// Rows, top first.
        rows: Vec<BarRow>,
        /// Layout hint: `short` (≤ 6 rows, one column) or `long` (two columns on landscape).
        length: &'static str,
    },
    /// 光荣榜 cards.
    Honors {
        /// Entries.
        cards: Vec<HonorCard>,
    },
    /// Projects in progress.
    Projects {
        /// Projects.
        cards: Vec<ProjectCard>,
    },
    /// Notices in their 公示期.
    Notices {
        /// Notices.
        cards: Vec<NoticeCard>,
    },
}

/// A key figure: `30 个` over `三星及以上`.
#[derive(Debug, Clone, Serialize)]
pub struct BigFigure {
    /// The number, `2,345.67`.
    pub value: String,
    /// Its unit, `个`, `万元`.
    pub unit: &'static str,
    /// What it counts.
    pub label: String,
}

/// One bar of a chart.
#[derive(Debug, Clone, Serialize)]
pub struct BarRow {
    /// Rank (`1.`) for ranked lists.
    pub rank: Option<usize>,
    /// Row label (`四星 ★★★★☆`, a star, a village).
    pub label: String,
    /// Second line of the label (the town of a village).
    pub sub: Option<String>,
    /// Figure shown, `3 个（20.00%）`, `126.85 万元`.
    pub value: String,
    /// Bar length as a CSS percentage, `20.00%`.
    pub width: String,
}

/// A 光荣榜 entry.
#[derive(Debug, Clone, Serialize)]
pub struct HonorCard {
    /// 榜单.
    pub roll: String,
    /// 姓名.
    pub name: String,
    /// Village or community (with its town when the kiosk is above the town).
    pub unit: String,
    /// 事迹, shortened.
    pub reason: Option<String>,
}

/// One step of a project's 四议两公开 strip.
#[derive(Debug, Clone, Serialize)]
pub struct StepMark {
    /// Short name, `审议`.
    pub name: &'static str,
    /// Done.
    pub done: bool,
    /// The step in progress.
    pub current: bool,
}

/// A project in progress.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectCard {
    /// 项目名称, shortened.
    pub name: String,
    /// Village or community.
    pub unit: String,
    /// 年度.
    pub year: Year,
    /// 预算, `80.00 万元`.
    pub budget: String,
    /// 已支出, `54.50 万元`.
    pub spent: String,
    /// Spent share of budget, for the bar.
    pub spent_width: String,
    /// The six steps.
    pub steps: Vec<StepMark>,
    /// `进行到：实施结果公开`.
    pub current: String,
}

/// A notice in its 公示期.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeCard {
    /// 标题, shortened.
    pub title: String,
    /// Village or community.
    pub unit: String,
    /// `2025-12-15 至 2025-12-21`.
    pub period: String,
    /// Days left including today.
    pub days_left: i64,
    /// The body as plain text, shortened.
    pub excerpt: Option<String>,
}

impl KioskView {
    /// The kiosk of region `id`.
    pub fn new(ctx: &RenderContext<'_>, id: RegionId) -> KioskView {
        let m = ctx.model;
        let region = &m.regions[id];
        let units = m.units_below(id);
        let mut slides = Vec::new();
        let f = &ctx.figures.regions[id];
        if let Some((year, y)) = latest_year(f).and_then(|yr| f.years.get(&yr).map(|y| (yr, y))) {
            slides.push(overview(&region.name, year, y, f.villages, f.communities));
            for (kind, k) in [(UnitKind::Village, &y.village), (UnitKind::Community, &y.community)] {
                if k.count > 0 {
                    slides.extend(star_slides(year, kind, k));
                }
            }
            slides.extend(top_incomes(m, id, &units, year));
        } else {
            slides.push(Slide {
                heading: region.name.clone(),
                note: Some("暂无星级评定记录".into()),
                body: SlideBody::Overview { figures: vec![] },
            });
        }
        slides.extend(honor_slides(m, id, &units));
        slides.extend(project_slides(m, id, &units));
        slides.extend(notice_slides(ctx, id, &units));
        KioskView {
            root: root_prefix(&format!("{}kiosk/", region.path)),
            site_title: m.site.title.clone(),
            name: region.name.clone(),
            data_date: ctx.today.zh(),
            hotline: m.site.hotline.clone(),
            slide_seconds: m.site.kiosk_slide_seconds,
            idle_seconds: m.site.kiosk_idle_seconds,
            slides,
        }
    }
}

fn overview(name: &str, year: Year, y: &YearFigures, villages: u32, communities: u32) -> Slide {
    let count = |n: u32, label: &str| BigFigure { value: n.to_string(), unit: "个", label: label.to_string() };
    let mut figures = vec![count(villages, "行政村")];
    if communities > 0 {
        figures.push(count(communities, "城市社区"));
    }
    let (rated, three) = (y.village.count + y.community.count, y.village.at_least_three() + y.community.at_least_three());
    figures.push(count(three, &format!("三星及以上（{}%）", crate::aggregate::percent(three, rated))));
    figures.push(count(y.village.levels[5] + y.community.levels[5], "五星支部"));
    let (silver, gold) = (y.village.silver + y.community.silver, y.village.gold + y.community.gold);
    if silver > 0 {
        figures.push(count(silver, "银五星"));
    }
    if gold > 0 {
        figures.push(count(gold, "金五星"));
    }
    figures.push(BigFigure { value: y.income.total.wan(), unit: "万元", label: "集体经济收入合计".into() });
    figures.push(BigFigure { value: y.reward_total.wan(), unit: "万元", label: "星级奖补合计".into() });
    Slide { heading: format!("{name} {year}年“五星”支部创建"), note: None, body: SlideBody::Overview { figures } }
}

fn star_slides(year: Year, kind: UnitKind, k: &KindFigures) -> [Slide; 2] {
    let v = KindView::new(kind, k);
    let label = kind.label();
    let levels = v
        .levels
        .iter()
        .map(|r| BarRow {
            rank: None,
            label: r.label.clone(),
            sub: None,
            value: format!("{} 个（{}）", r.count, r.pct),
            width: r.pct.clone(),
        })
        .collect();
    let stars = v
        .stars
        .iter()
        .map(|r| BarRow {
            rank: None,
            label: r.name.clone(),
            sub: None,
            value: format!("{} 个（{}）", r.count, r.pct),
            width: r.pct.clone(),
        })
        .collect();
    [
        Slide {
            heading: format!("{year}年{label}星级分布"),
            note: Some(format!("共 {} 个{label}参加评定，三星及以上 {} 个（{}）", v.count, v.at_least_three, v.at_least_three_pct)),
            body: SlideBody::Bars { rows: levels, length: "short" },
        },
        Slide {
            heading: format!("{year}年各星获得情况（{label}）"),
            note: Some(format!("获得该星的{label}个数及占比")),
            body: SlideBody::Bars { rows: stars, length: "short" },
        },
    ]
}

fn top_incomes(m: &Model, id: RegionId, units: &[UnitId], year: Year) -> Option<Slide> {
    let mut rows: Vec<(Money, UnitId)> = units.iter().filter_map(|&u| m.units[u].years.get(&year)?.income.map(|i| (i, u))).collect();
    // Highest first; equal incomes in site order (the sort is stable).
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    rows.truncate(TOP_INCOMES);
    let max = rows.first()?.0;
    let top = rows.len();
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, &(income, u))| BarRow {
            rank: Some(i + 1),
            label: clip(&m.units[u].name, TITLE_CHARS),
            sub: town_of(m, id, u),
            value: format!("{} 万元", income.wan()),
            width: share(income.0, max.0),
        })
        .collect();
    Some(Slide {
        heading: format!("{year}年集体经济收入前{top}名"),
        note: Some("村（社区）集体经济收入，单位：万元".into()),
        body: SlideBody::Bars { rows, length: "long" },
    })
}

fn honor_slides(m: &Model, id: RegionId, units: &[UnitId]) -> Vec<Slide> {
    let Some(year) = units.iter().flat_map(|&u| m.units[u].honors.iter().map(|h| h.year)).max() else { return vec![] };
    let roll_rank = |roll: &str| m.site.honor_rolls.iter().position(|r| r == roll).unwrap_or(usize::MAX);
    // Sort light keys and build cards only for the honors a kiosk shows (a province has 100,000).
    let mut honors: Vec<(usize, usize, UnitId, &crate::model::Honor)> = Vec::new();
    for (order, &u) in units.iter().enumerate() {
        honors.extend(m.units[u].honors.iter().filter(|h| h.year == year).map(|h| (roll_rank(&h.roll), order, u, h)));
    }
    honors.sort_by_key(|&(roll, order, _, _)| (roll, order));
    let total = honors.len();
    honors.truncate(HONORS_PER_SLIDE * MAX_SLIDES_PER_KIND);
    let cards = honors
        .into_iter()
        .map(|(_, _, u, h)| HonorCard {
            roll: clip(&h.roll, TITLE_CHARS),
            name: clip(&h.name, TITLE_CHARS),
            unit: unit_label(m, id, u),
            reason: h.reason.as_deref().map(|r| clip(r, REASON_CHARS)),
        })
        .collect();
    paged(cards, total, HONORS_PER_SLIDE, &format!("{year}年光荣榜"), |cards| SlideBody::Honors { cards })
}

fn project_slides(m: &Model, id: RegionId, units: &[UnitId]) -> Vec<Slide> {
    let mut cards: Vec<(Year, ProjectCard)> = Vec::new();
    for &u in units {
        for p in &m.units[u].projects {
            let Some(current) = p.current_step() else { continue };
            let done = p.steps_done();
            cards.push((
                p.year,
                ProjectCard {
                    name: clip(&p.name, TITLE_CHARS),
                    unit: unit_label(m, id, u),
                    year: p.year,
                    budget: format!("{} 万元", p.budget.wan()),
                    spent: format!("{} 万元", p.spent().wan()),
                    spent_width: share(p.spent().0, p.budget.0),
                    steps: STEPS
                        .iter()
                        .enumerate()
                        .map(|(i, s)| StepMark { name: s.short(), done: i < done, current: i == done })
                        .collect(),
                    current: format!("进行到：{}", current.full()),
                },
            ));
        }
    }
    // Newest first; within a year in site order (the sort is stable).
    cards.sort_by_key(|c| std::cmp::Reverse(c.0));
    let total = cards.len();
    paged(cards.into_iter().map(|(_, c)| c).collect(), total, PROJECTS_PER_SLIDE, "在建项目（四议两公开）", |cards| {
        SlideBody::Projects { cards }
    })
}

fn notice_slides(ctx: &RenderContext<'_>, id: RegionId, units: &[UnitId]) -> Vec<Slide> {
    let m = ctx.model;
    let mut cards: Vec<(crate::model::Date, NoticeCard)> = Vec::new();
    for &u in units {
        for n in m.units[u].notices.iter().filter(|n| n.status(ctx.today) == NoticeStatus::Open) {
            cards.push((
                n.end,
                NoticeCard {
                    title: clip(&n.title, TITLE_CHARS + 10),
                    unit: unit_label(m, id, u),
                    period: format!("{} 至 {}", n.start, n.end),
                    days_left: n.end.to_days() - ctx.today.to_days() + 1,
                    excerpt: n.body.as_deref().map(markdown::to_plain_text).filter(|t| !t.is_empty()).map(|t| clip(&t, EXCERPT_CHARS)),
                },
            ));
        }
    }
    // Ending soonest first; same end date in site order (the sort is stable).
    cards.sort_by_key(|c| c.0);
    let total = cards.len();
    paged(cards.into_iter().map(|(_, c)| c).collect(), total, NOTICES_PER_SLIDE, "正在公示", |cards| SlideBody::Notices { cards })
}

/// At most this many slides of one kind (honors, projects, notices): a kiosk loop should take
/// minutes, not hours — a city's kiosk shows the first ones and the towns' kiosks show the rest.
pub const MAX_SLIDES_PER_KIND: usize = 8;

/// Splits `items` into slides of `per` items, noting `第 2 / 3 页` when there is more than one,
/// and how many were left out beyond [`MAX_SLIDES_PER_KIND`].
/// `total` counts the items before any were dropped (at least `items.len()`).
fn paged<T: Clone>(items: Vec<T>, total: usize, per: usize, heading: &str, body: impl Fn(Vec<T>) -> SlideBody) -> Vec<Slide> {
    let total = total.max(items.len());
    let shown = items.len().min(per * MAX_SLIDES_PER_KIND);
    let pages = shown.div_ceil(per);
    let more = if shown < total { format!("（共 {total} 条，展示前 {shown} 条）") } else { String::new() };
    items[..shown]
        .chunks(per)
        .enumerate()
        .map(|(i, chunk)| Slide {
            heading: heading.to_string(),
            note: (pages > 1).then(|| format!("第 {} / {pages} 页{more}", i + 1)),
            body: body(chunk.to_vec()),
        })
        .collect()
}

/// The unit's name, with its region's name when the kiosk is above that region.
fn unit_label(m: &Model, kiosk: RegionId, u: UnitId) -> String {
    match town_of(m, kiosk, u) {
        Some(town) => format!("{town} {}", m.units[u].name),
        None => m.units[u].name.clone(),
    }
}

/// The name of the unit's region when it is not the kiosk's own region.
fn town_of(m: &Model, kiosk: RegionId, u: UnitId) -> Option<String> {
    let r = m.units[u].region;
    (r != kiosk).then(|| m.regions[r].name.clone())
}

/// `part / whole` as a CSS percentage with 2 decimals, rounded half up, capped at 100%.
fn share(part: i64, whole: i64) -> String {
    if whole <= 0 || part <= 0 {
        return "0.00%".into();
    }
    let (part, whole) = (part.min(whole) as u128, whole as u128);
    let hundredths = (part * 20_000 + whole) / (2 * whole);
    format!("{}.{:02}%", hundredths / 100, hundredths % 100)
}

/// `text` cut to at most `max` characters, ending in `…` when cut.
fn clip(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_half_up_and_cap() {
        assert_eq!(share(1, 3), "33.33%");
        assert_eq!(share(2, 3), "66.67%");
        assert_eq!(share(5, 4), "100.00%");
        assert_eq!(share(0, 0), "0.00%");
        assert_eq!(share(126_850_080, 126_850_080), "100.00%");
    }

    #[test]
    fn clip_counts_characters() {
        assert_eq!(clip("拾金不昧", 4), "拾金不昧");
        assert_eq!(clip("拾金不昧，归还失主", 5), "拾金不昧…");
    }

    #[test]
    fn pages_split_evenly() {
        let figures = |cards: Vec<i32>| SlideBody::Overview {
            figures: cards.iter().map(|c| BigFigure { value: c.to_string(), unit: "个", label: String::new() }).collect(),
        };
        let slides = paged((0..7).collect(), 7, 3, "光荣榜", figures);
        assert_eq!(slides.len(), 3);
        assert_eq!(slides[2].note.as_deref(), Some("第 3 / 3 页"));
        // Capped at MAX_SLIDES_PER_KIND, saying how many there were.
        let slides = paged((0..100).collect(), 1000, 3, "光荣榜", figures);
        assert_eq!(slides.len(), MAX_SLIDES_PER_KIND);
        assert_eq!(slides[7].note.as_deref(), Some("第 8 / 8 页（共 1000 条，展示前 24 条）"));
    }
}
