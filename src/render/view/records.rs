//! View structs for the record types below the star figures: 光荣榜 (honors grouped by roll and
//! year), 村级项目 with the 四议两公开 progress, 公示 with their status on the build date, and the
//! region summaries of all three.

use serde::Serialize;

use crate::aggregate::{ProjectFigures, percent_u64};
use crate::model::{Date, Honor, Model, Money, Notice, NoticeStatus, Project, STEPS, UnitId, Year};

use super::{Link, href, yuan};
use crate::render::markdown;

/// One 光荣榜 entry.
#[derive(Debug, Clone, Serialize)]
pub struct HonorEntry {
    /// 姓名.
    pub name: String,
    /// 事迹.
    pub reason: Option<String>,
    /// The unit it belongs to (on region pages).
    pub unit: Option<Link>,
}

/// The entries of one roll in one year.
#[derive(Debug, Clone, Serialize)]
pub struct HonorYearView {
    /// 年度.
    pub year: Year,
    /// Entries, in unit order then as written.
    pub entries: Vec<HonorEntry>,
}

/// One 光荣榜 roll (五美庭院 …) with its years, newest first.
#[derive(Debug, Clone, Serialize)]
pub struct HonorRollView {
    /// 榜单名称.
    pub roll: String,
    /// Anchor id, `roll-3` (the roll's position in `site.yaml`).
    pub anchor: String,
    /// Entries in all years.
    pub count: usize,
    /// Years, newest first.
    pub years: Vec<HonorYearView>,
}

/// Groups honors by roll (in `site.yaml` order) and year (newest first); `unit` gives each
/// entry's unit link, if it should show one.
pub fn honor_rolls<'a>(rolls: &[String], honors: impl IntoIterator<Item = (&'a Honor, Option<Link>)>) -> Vec<HonorRollView> {
    let mut out: Vec<HonorRollView> = rolls
        .iter()
        .enumerate()
        .map(|(i, r)| HonorRollView { roll: r.clone(), anchor: format!("roll-{}", i + 1), count: 0, years: Vec::new() })
        .collect();
    for (h, unit) in honors {
        let Some(roll) = out.iter_mut().find(|r| r.roll == h.roll) else { continue };
        roll.count += 1;
        let entry = HonorEntry { name: h.name.clone(), reason: h.reason.clone(), unit };
        match roll.years.iter_mut().find(|y| y.year == h.year) {
            Some(y) => y.entries.push(entry),
            None => roll.years.push(HonorYearView { year: h.year, entries: vec![entry] }),
        }
    }
    out.retain(|r| r.count > 0);
    for r in &mut out {
        // Stable: entries of a year keep unit order.
        r.years.sort_by_key(|y| std::cmp::Reverse(y.year));
    }
    out
}

/// One step of the 四议两公开 progress list.
#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    /// 1–6.
    pub number: usize,
    /// Short name, 提议.
    pub short: &'static str,
    /// Full name, 村党组织提议.
    pub full: &'static str,
    /// `done`, `current` or `todo` (for styling only; the text says the same).
    pub state: &'static str,
    /// `已完成`, `进行中` or `未开始`.
    pub state_text: &'static str,
    /// Date done, `2024年3月5日`.
    pub date: Option<String>,
    /// Date done, `2024-03-05` (for `<time datetime>`).
    pub date_iso: Option<String>,
}

/// One spending line.
#[derive(Debug, Clone, Serialize)]
pub struct SpendingRow {
    /// `2024-05-10`.
    pub date: String,
    /// 事项.
    pub item: String,
    /// `120,000.00 元`.
    pub amount: String,
}

/// A project on its unit's page.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectView {
    /// Anchor id, `project-1`.
    pub anchor: String,
    /// 项目名称.
    pub name: String,
    /// 年度.
    pub year: Year,
    /// 预算.
    pub budget: String,
    /// 已支出.
    pub spent: String,
    /// 结余.
    pub balance: String,
    /// Spent as a share of the budget, `48.00%`.
    pub spent_pct: String,
    /// Steps done, 0–6.
    pub steps_done: usize,
    /// `进行中：审议` or `已完成`.
    pub stage: String,
    /// True when all six steps are done.
    pub finished: bool,
    /// The six steps.
    pub steps: Vec<StepView>,
    /// 支出明细.
    pub spending: Vec<SpendingRow>,
    /// Description as HTML.
    pub about_html: Option<String>,
}

/// What a project's state reads as: `进行中：审议`, or `已完成` when all six steps are done.
pub fn stage_text(steps_done: usize) -> String {
    match STEPS.get(steps_done) {
        Some(step) => format!("进行中：{}", step.short()),
        None => "已完成".into(),
    }
}

/// Share of the budget spent, `48.00%`, rounded half up from exact 分.
fn spent_pct(spent: Money, budget: Money) -> String {
    let non_negative = |m: Money| u64::try_from(m.0).unwrap_or(0);
    format!("{}%", percent_u64(non_negative(spent), non_negative(budget)))
}

impl ProjectView {
    /// View of the `index`-th project of a unit.
    pub fn new(index: usize, p: &Project) -> ProjectView {
        let steps = STEPS
            .iter()
            .enumerate()
            .map(|(i, step)| {
                let date = p.steps.get(i).map(|(_, d)| *d);
                let (state, state_text) = match (date, i == p.steps_done()) {
                    (Some(_), _) => ("done", "已完成"),
                    (None, true) => ("current", "进行中"),
                    (None, false) => ("todo", "未开始"),
                };
                StepView {
                    number: i + 1,
                    short: step.short(),
                    full: step.full(),
                    state,
                    state_text,
                    date: date.map(Date::zh),
                    date_iso: date.map(|d| d.to_string()),
                }
            })
            .collect();
        ProjectView {
            anchor: format!("project-{}", index + 1),
            name: p.name.clone(),
            year: p.year,
            budget: yuan(p.budget),
            spent: yuan(p.spent()),
            balance: yuan(p.balance()),
            spent_pct: spent_pct(p.spent(), p.budget),
            steps_done: p.steps_done(),
            stage: stage_text(p.steps_done()),
            finished: p.current_step().is_none(),
            steps,
            spending: p
                .spending
                .iter()
                .map(|s| SpendingRow { date: s.date.to_string(), item: s.item.clone(), amount: yuan(s.amount) })
                .collect(),
            about_html: p.about.as_deref().map(markdown::to_html),
        }
    }
}

/// A 公示 on its unit's page.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeView {
    /// Anchor id, `notice-1`.
    pub anchor: String,
    /// 标题.
    pub title: String,
    /// `2024年12月1日`.
    pub start: String,
    /// `2024年12月7日`.
    pub end: String,
    /// `2024-12-01`.
    pub start_iso: String,
    /// `2024-12-07`.
    pub end_iso: String,
    /// 公示期 length in days.
    pub days: i64,
    /// `upcoming`, `open` or `ended` (for styling only).
    pub status: &'static str,
    /// 未开始, 公示中, 已结束.
    pub status_text: &'static str,
    /// While open: days left including today.
    pub days_left: Option<i64>,
    /// Body as HTML.
    pub body_html: Option<String>,
}

impl NoticeView {
    /// View of the `index`-th notice of a unit on `today`.
    pub fn new(index: usize, n: &Notice, today: Date) -> NoticeView {
        let status = n.status(today);
        NoticeView {
            anchor: format!("notice-{}", index + 1),
            title: n.title.clone(),
            start: n.start.zh(),
            end: n.end.zh(),
            start_iso: n.start.to_string(),
            end_iso: n.end.to_string(),
            days: n.days(),
            status: status.key(),
            status_text: status.label(),
            days_left: (status == NoticeStatus::Open).then(|| n.end.to_days() - today.to_days() + 1),
            body_html: n.body.as_deref().map(markdown::to_html),
        }
    }
}

/// A notice of a unit listed on a region page.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeRow {
    /// The unit, linking to the notice on its page.
    pub unit: Link,
    /// 标题.
    pub title: String,
    /// First day, `2024-12-01`.
    pub start: String,
    /// Last day, `2024-12-07`.
    pub end: String,
    /// `upcoming` or `open`.
    pub status: &'static str,
    /// 未开始 or 公示中.
    pub status_text: &'static str,
}

/// A project in progress listed on a region page.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectRow {
    /// The unit.
    pub unit: Link,
    /// The project's name, linking to it on its unit's page.
    pub project: Link,
    /// 年度.
    pub year: Year,
    /// 预算.
    pub budget: String,
    /// 已支出.
    pub spent: String,
    /// `进行中：审议`.
    pub stage: String,
}

/// One row of the projects-by-step table: how many projects stand at this point.
#[derive(Debug, Clone, Serialize)]
pub struct StageRow {
    /// The step in progress, `审议`, or `全部完成`.
    pub label: String,
    /// `2/6`.
    pub done: String,
    /// Projects.
    pub count: u32,
}

/// 项目汇总 of a region.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectTotalsView {
    /// Projects below.
    pub count: u32,
    /// 预算合计.
    pub budget: String,
    /// 支出合计.
    pub spent: String,
    /// 结余合计.
    pub balance: String,
    /// Projects by how far they got.
    pub stages: Vec<StageRow>,
    /// Projects not yet finished.
    pub in_progress: u32,
}

impl ProjectTotalsView {
    /// View of a region's project figures.
    pub fn new(f: &ProjectFigures) -> ProjectTotalsView {
        ProjectTotalsView {
            count: f.count,
            budget: yuan(f.budget),
            spent: yuan(f.spent),
            balance: yuan(f.budget - f.spent),
            stages: f
                .by_steps_done
                .iter()
                .enumerate()
                .map(|(done, &count)| StageRow {
                    label: STEPS.get(done).map_or("全部完成", |s| s.short()).to_string(),
                    done: format!("{done}/{}", STEPS.len()),
                    count,
                })
                .collect(),
            in_progress: f.by_steps_done[..STEPS.len()].iter().sum(),
        }
    }
}

/// The records of the units below a region, as its page lists them.
#[derive(Debug, Clone, Serialize)]
pub struct RegionRecords {
    /// 项目汇总 (absent when no unit below has projects).
    pub project_totals: Option<ProjectTotalsView>,
    /// Projects not yet finished, in unit order.
    pub projects_in_progress: Vec<ProjectRow>,
    /// Notices open or not yet started on the build date: open first, then by start date.
    pub current_notices: Vec<NoticeRow>,
    /// 光荣榜 entries below.
    pub honors: usize,
    /// Projects in progress below, including those not listed (see [`REGION_LIST_LIMIT`]).
    pub projects_in_progress_total: usize,
    /// Current notices below, including those not listed.
    pub current_notices_total: usize,
}

/// A region page lists at most this many projects in progress and current notices; a city or a
/// province has thousands, so its page names the count and leaves the rest to the pages of the
/// regions below (linked from its table), keeping every page small enough for a cheap phone.
pub const REGION_LIST_LIMIT: usize = 100;

/// A unit as the pages of the region at `region_path` list it: `桑村`, or `桑村（枣林镇）` when it is
/// in a sub-region; linked from the page at `from` (to `anchor` on the unit's page, if given).
pub fn unit_link(m: &Model, from: &str, region_path: &str, unit: UnitId, anchor: &str) -> Link {
    let u = &m.units[unit];
    let r = &m.regions[u.region];
    let name = if r.path == region_path { u.name.clone() } else { format!("{}（{}）", u.name, r.name) };
    Link { name, href: format!("{}{anchor}", href(from, &u.path)) }
}

impl RegionRecords {
    /// Collects the records of `units` (all units below the region at `path`).
    pub fn new(m: &Model, path: &str, units: &[UnitId], figures: &ProjectFigures, today: Date) -> RegionRecords {
        // A province has 46,000 units below it: find what is listed first, build rows only for
        // the listed ones (REGION_LIST_LIMIT), count the rest.
        let mut projects: Vec<(UnitId, usize)> = Vec::new();
        let mut notices: Vec<(NoticeStatus, Date, UnitId, usize)> = Vec::new();
        let mut honors = 0;
        for &id in units {
            let u = &m.units[id];
            honors += u.honors.len();
            projects.extend(u.projects.iter().enumerate().filter(|(_, p)| p.current_step().is_some()).map(|(i, _)| (id, i)));
            for (i, n) in u.notices.iter().enumerate() {
                let status = n.status(today);
                if status != NoticeStatus::Ended {
                    notices.push((status, n.start, id, i));
                }
            }
        }
        // Open before upcoming, then by start date; stable, so unit order breaks ties.
        notices.sort_by_key(|&(s, start, _, _)| (s != NoticeStatus::Open, start));
        let projects_in_progress = projects
            .iter()
            .take(REGION_LIST_LIMIT)
            .map(|&(id, i)| {
                let (u, p) = (&m.units[id], &m.units[id].projects[i]);
                ProjectRow {
                    unit: unit_link(m, path, path, id, ""),
                    project: Link { name: p.name.clone(), href: format!("{}#project-{}", href(path, &u.path), i + 1) },
                    year: p.year,
                    budget: yuan(p.budget),
                    spent: yuan(p.spent()),
                    stage: stage_text(p.steps_done()),
                }
            })
            .collect();
        let current_notices = notices
            .iter()
            .take(REGION_LIST_LIMIT)
            .map(|&(status, _, id, i)| {
                let n = &m.units[id].notices[i];
                NoticeRow {
                    unit: unit_link(m, path, path, id, &format!("#notice-{}", i + 1)),
                    title: n.title.clone(),
                    start: n.start.to_string(),
                    end: n.end.to_string(),
                    status: status.key(),
                    status_text: status.label(),
                }
            })
            .collect();
        RegionRecords {
            project_totals: (figures.count > 0).then(|| ProjectTotalsView::new(figures)),
            projects_in_progress,
            current_notices,
            honors,
            projects_in_progress_total: projects.len(),
            current_notices_total: notices.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_read_as_text() {
        assert_eq!(stage_text(0), "进行中：提议");
        assert_eq!(stage_text(3), "进行中：决议");
        assert_eq!(stage_text(6), "已完成");
    }

    #[test]
    fn spent_share_is_exact() {
        assert_eq!(spent_pct(Money::yuan(1), Money::yuan(3)), "33.33%");
        assert_eq!(spent_pct(Money::yuan(2), Money::yuan(3)), "66.67%");
        assert_eq!(spent_pct(Money::ZERO, Money::ZERO), "0.00%");
    }

    #[test]
    fn honors_group_by_roll_then_year() {
        let rolls: Vec<String> = ["五美庭院", "好婆婆"].map(String::from).to_vec();
        let h = |year, roll: &str, name: &str| Honor { year, roll: roll.into(), name: name.into(), reason: None };
        let list = [h(2023, "好婆婆", "甲"), h(2024, "五美庭院", "乙"), h(2023, "五美庭院", "丙"), h(2024, "五美庭院", "丁")];
        let v = honor_rolls(&rolls, list.iter().map(|h| (h, None)));
        assert_eq!(v.len(), 2);
        assert_eq!((v[0].roll.as_str(), v[0].count, v[0].anchor.as_str()), ("五美庭院", 3, "roll-1"));
        assert_eq!(v[0].years.iter().map(|y| y.year).collect::<Vec<_>>(), vec![2024, 2023]);
        assert_eq!(v[0].years[0].entries.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), vec!["乙", "丁"]);
        assert_eq!(v[1].anchor, "roll-2");
    }
}
