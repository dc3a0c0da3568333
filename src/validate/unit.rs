//! A unit record (`dongcun.yaml`) → [`Unit`]: stars, income, honors, projects and notices, each
//! mistake reported at the entry that holds it.

use std::collections::{BTreeMap, HashSet};

use crate::diag::{Location, YamlPath};
use crate::load::raw::{RawNotice, RawProject, RawUnit};
use crate::model::star::ALL_STARS;
use crate::model::{FiveStarTitle, Honor, Notice, Project, STEPS, Spending, Star, StarSet, Step, Unit, UnitKind, UnitYear, Year};

use super::fields::{FileCheck, clip};
use super::suggest::nearest;

/// What a unit check needs to know about the site.
pub struct UnitRules<'a> {
    /// 支部过硬星 only together with all other four.
    pub branch_star_requires_all: bool,
    /// Allowed 光荣榜 rolls.
    pub honor_rolls: &'a [String],
    /// Default 公示期 in days.
    pub notice_days: u32,
}

/// Validates one record. The returned unit has no `path`/`region` yet (the tree assigns them).
pub fn validate_unit(raw: &RawUnit, slug: &str, c: &mut FileCheck<'_>, rules: &UnitRules<'_>) -> Option<Unit> {
    let before = c.diags.len();
    let root = YamlPath::root();
    let name = c.text(&raw.name, &root.key("name"), ("名称 name", "name"));
    let kind = match raw.kind.as_deref().map(str::trim) {
        None | Some("village") => Some(UnitKind::Village),
        Some("community") => Some(UnitKind::Community),
        Some(other) => {
            let other = &clip(other)[..];
            let hint = match other {
                "村" | "行政村" => "village",
                "社区" => "community",
                _ => nearest(other, ["village", "community"]).unwrap_or("village"),
            };
            c.error(
                Location::Value(root.key("kind")),
                format!("类型 kind“{other}”无效，村写 village，社区写 community（是否是“{hint}”？）"),
                format!("kind \"{other}\" is invalid; use village or community (did you mean \"{hint}\"?)"),
            );
            None
        }
    };
    let mut years: BTreeMap<Year, UnitYear> = BTreeMap::new();
    if let Some(kind) = kind {
        stars(raw, kind, c, rules, &mut years);
    }
    income(raw, c, &mut years);
    assign_titles(&mut years);
    let honors = honors(raw, c, rules);
    let projects = projects(raw, c);
    let notices = notices(&raw.notices, c, rules.notice_days);
    let about = c.markdown(&raw.about, &root.key("about"), ("简介 about", "about"));
    if c.diags[before..].iter().any(|d| d.severity == crate::diag::Severity::Error) {
        return None;
    }
    Some(Unit {
        name: name?,
        kind: kind?,
        slug: slug.to_string(),
        path: String::new(),
        region: 0,
        years,
        about,
        honors,
        projects,
        notices,
        source: c.file.to_path_buf(),
    })
}

/// Checks a year key of a by-year mapping (`stars:`, `income:`) and rejects a year given twice.
fn year_key(c: &mut FileCheck<'_>, field: &str, key: &crate::load::raw::Scalar, seen: &mut HashSet<Year>) -> Option<Year> {
    let path = YamlPath::root().key(field).key(key.as_str());
    let year = c.year(key, Location::Key(path.clone()))?;
    if !seen.insert(year) {
        c.error(Location::Key(path), format!("{field} 中年份 {year} 写了两次"), format!("year {year} appears twice in {field}"));
        return None;
    }
    Some(year)
}

fn stars(raw: &RawUnit, kind: UnitKind, c: &mut FileCheck<'_>, rules: &UnitRules<'_>, years: &mut BTreeMap<Year, UnitYear>) {
    let mut seen = HashSet::new();
    for (key, list) in &raw.stars.0 {
        let Some(year) = year_key(c, "stars", key, &mut seen) else { continue };
        let mut set = StarSet::default();
        let mut branch_at = None;
        for (i, text) in list.iter().flatten().enumerate() {
            let path = YamlPath::root().key("stars").key(key.as_str()).index(i);
            let Some(star) = star(text, kind, &path, c) else { continue };
            if !set.insert(star) {
                c.error(Location::Value(path), format!("{year} 年“{star}”写了两次"), format!("\"{star}\" is listed twice in {year}"));
                continue;
            }
            if star == Star::Branch {
                branch_at = Some(path);
            }
        }
        if let Some(path) = branch_at
            && rules.branch_star_requires_all
            && set.level() < 5
        {
            let missing: Vec<&str> = kind.stars().iter().filter(|s| !set.contains(**s)).map(|s| s.name()).collect();
            c.error(
                Location::Value(path),
                format!("支部过硬星须与其他四颗星同时获得，{year} 年还缺：{}", missing.join("、")),
                format!("支部过硬星 requires all four other stars; {year} lacks {} of them", missing.len()),
            );
        }
        years.entry(year).or_default().stars = Some(set);
    }
}

/// Parses one star name for a unit of `kind`, explaining what is wrong with it.
fn star(text: &str, kind: UnitKind, path: &YamlPath, c: &mut FileCheck<'_>) -> Option<Star> {
    let t = &clip(text.trim());
    let own: Vec<&str> = kind.stars().iter().map(|s| s.name()).collect();
    match Star::parse(t) {
        Some(s) if kind.stars().contains(&s) => Some(s),
        Some(s) => {
            let (zh_kind, en_kind) = match kind {
                UnitKind::Village => ("村", "villages"),
                UnitKind::Community => ("社区", "communities"),
            };
            c.error(
                Location::Value(path.clone()),
                format!("“{s}”不属于{zh_kind}的五星，{zh_kind}的五星是：{}", own.join("、")),
                format!("\"{s}\" is not one of the stars for {en_kind}"),
            );
            None
        }
        None => {
            let with_xing = if t.ends_with('星') { t.to_string() } else { format!("{t}星") };
            match nearest(&with_xing, own.iter().copied()).or_else(|| nearest(&with_xing, ALL_STARS.iter().map(|s| s.name()))) {
                Some(s) => c.error(
                    Location::Value(path.clone()),
                    format!("未知的星“{t}”，是否是“{s}”？"),
                    format!("unknown star \"{t}\"; did you mean \"{s}\"?"),
                ),
                None => c.error(
                    Location::Value(path.clone()),
                    format!("未知的星“{t}”，可选：{}", own.join("、")),
                    format!("unknown star \"{t}\""),
                ),
            }
            None
        }
    }
}

fn income(raw: &RawUnit, c: &mut FileCheck<'_>, years: &mut BTreeMap<Year, UnitYear>) {
    let mut seen = HashSet::new();
    for (key, value) in &raw.income.0 {
        let Some(year) = year_key(c, "income", key, &mut seen) else { continue };
        let path = YamlPath::root().key("income").key(key.as_str());
        if let Some(m) = c.money(value, &path, ("集体经济收入", "income")) {
            years.entry(year).or_default().income = Some(m);
        }
    }
}

/// 银五星/金五星: 五星 for 3/5 consecutive years up to and including the year.
fn assign_titles(years: &mut BTreeMap<Year, UnitYear>) {
    let mut run = 0u32;
    let mut last: Option<Year> = None;
    for (year, y) in years.iter_mut() {
        let five = y.stars.is_some_and(|s| s.level() == 5);
        run = if five && last.is_some_and(|l| l + 1 == *year) {
            run + 1
        } else if five {
            1
        } else {
            0
        };
        last = if five { Some(*year) } else { None };
        y.title = match run {
            5.. => Some(FiveStarTitle::Gold),
            3.. => Some(FiveStarTitle::Silver),
            _ => None,
        };
    }
}

fn honors(raw: &RawUnit, c: &mut FileCheck<'_>, rules: &UnitRules<'_>) -> Vec<Honor> {
    let mut out = Vec::new();
    for (i, h) in raw.honors.iter().enumerate() {
        let at = YamlPath::root().key("honors").index(i);
        let year = c.year(&h.year, Location::Value(at.key("year")));
        let roll = h.roll.trim();
        if !rules.honor_rolls.iter().any(|r| r == roll) {
            let hint = nearest(roll, rules.honor_rolls.iter().map(String::as_str))
                .map(|s| format!("是否是“{s}”？"))
                .unwrap_or_else(|| format!("可选：{}", rules.honor_rolls.join("、")));
            c.error(
                Location::Value(at.key("roll")),
                format!("榜单“{}”不在 site.yaml 的 honor_rolls 中，{hint}", clip(roll)),
                format!("roll \"{}\" is not listed in site.yaml honor_rolls", clip(roll)),
            );
        }
        let name = c.text(&h.name, &at.key("name"), ("姓名 name", "name"));
        if let (Some(year), Some(name)) = (year, name) {
            out.push(Honor {
                year,
                roll: roll.to_string(),
                name,
                reason: c.markdown(&h.reason, &at.key("reason"), ("事迹 reason", "reason")).map(|r| r.trim().to_string()),
            });
        }
    }
    let order = |roll: &str| rules.honor_rolls.iter().position(|r| r == roll).unwrap_or(usize::MAX);
    out.sort_by(|a, b| b.year.cmp(&a.year).then(order(&a.roll).cmp(&order(&b.roll))));
    out
}

fn projects(raw: &RawUnit, c: &mut FileCheck<'_>) -> Vec<Project> {
    let mut out = Vec::new();
    let mut ids = HashSet::new();
    for (i, p) in raw.projects.iter().enumerate() {
        let at = YamlPath::root().key("projects").index(i);
        let id = c.text(&p.id, &at.key("id"), ("项目编号 id", "project id"));
        if let Some(id) = &id
            && !ids.insert(id.clone())
        {
            c.error(
                Location::Value(at.key("id")),
                format!("项目编号“{id}”重复，每个项目的 id 须不同"),
                format!("duplicate project id \"{id}\""),
            );
        }
        if let Some(project) = project(p, &at, id, c) {
            out.push(project);
        }
    }
    out
}

fn project(p: &RawProject, at: &YamlPath, id: Option<String>, c: &mut FileCheck<'_>) -> Option<Project> {
    let name = c.text(&p.name, &at.key("name"), ("项目名称 name", "project name"));
    let year = c.year(&p.year, Location::Value(at.key("year")));
    let budget = c.money(&p.budget, &at.key("budget"), ("预算 budget", "budget"));
    let steps = steps(p, at, c);
    let resolved = steps.as_ref().and_then(|s| s.iter().find(|(st, _)| *st == Step::Resolved).map(|(_, d)| *d));
    let mut spending = Vec::new();
    for (j, s) in p.spending.iter().enumerate() {
        let sp = at.key("spending").index(j);
        let date = c.date(&s.date, &sp.key("date"));
        let amount = c.money(&s.amount, &sp.key("amount"), ("支出金额 amount", "amount"));
        let item = c.text(&s.item, &sp.key("item"), ("支出事项 item", "item"));
        match (date, resolved) {
            (Some(d), Some(r)) if d < r => c.error(
                Location::Value(sp.key("date")),
                format!("支出日期 {d} 早于村民（代表）会议决议日期 {r}：决议之前不能支出"),
                format!("spending dated {d} is before the resolution of {r}"),
            ),
            (Some(_), None) if steps.is_some() => c.error(
                Location::Value(sp.key("date")),
                "项目还没有村民（代表）会议决议（steps.resolved），不能有支出",
                "spending before the project was resolved (steps.resolved is missing)",
            ),
            _ => {}
        }
        if let (Some(date), Some(amount), Some(item)) = (date, amount, item) {
            spending.push(Spending { date, item, amount });
        }
    }
    let (name, year, budget, steps, id) = (name?, year?, budget?, steps?, id?);
    let about = c.markdown(&p.about, &at.key("about"), ("项目说明 about", "project about"));
    let project = Project { id, name, year, budget, about, steps, spending };
    if project.spending.len() == p.spending.len() && project.spent() > budget {
        // Point at the line that pushed the running total over the budget: that is the one to check.
        let mut running = crate::model::Money::ZERO;
        let over = project.spending.iter().position(|s| {
            running += s.amount;
            running > budget
        });
        let j = over.unwrap_or(0);
        c.error(
            Location::Value(at.key("spending").index(j).key("amount")),
            format!("支出累计 {} 元超过预算 {} 元（超出 {} 元）", running.grouped(), budget.grouped(), (running - budget).grouped()),
            format!("spending reaches {} and exceeds the budget {}", running.plain(), budget.plain()),
        );
        return None;
    }
    Some(project)
}

/// The 四议两公开 dates: a prefix of [`STEPS`], each on or after the one before.
fn steps(p: &RawProject, at: &YamlPath, c: &mut FileCheck<'_>) -> Option<Vec<(Step, crate::model::Date)>> {
    let raw = p.steps.clone().unwrap_or_default();
    let given = [&raw.proposed, &raw.discussed, &raw.reviewed, &raw.resolved, &raw.resolution_published, &raw.result_published];
    let mut out = Vec::new();
    let mut ok = true;
    let mut gap: Option<Step> = None;
    for (step, value) in STEPS.iter().zip(given) {
        let path = at.key("steps").key(step.key());
        let Some(text) = value else {
            gap.get_or_insert(*step);
            continue;
        };
        let Some(date) = c.date(text, &path) else {
            ok = false;
            continue;
        };
        if let Some(missing) = gap {
            c.error(
                Location::Value(path),
                format!("四议两公开顺序不对：已有“{}”，却缺少前一步“{}”的日期", step.short(), missing.short()),
                format!("step {} is dated but the earlier step {} is missing", step.key(), missing.key()),
            );
            ok = false;
            continue;
        }
        if let Some((prev, prev_date)) = out.last().copied()
            && date < prev_date
        {
            c.error(
                Location::Value(path),
                format!("四议两公开顺序不对：“{}”日期 {date} 早于“{}”日期 {prev_date}", step.short(), Step::short(prev)),
                format!("step {} ({date}) is before step {} ({prev_date})", step.key(), Step::key(prev)),
            );
            ok = false;
        }
        out.push((*step, date));
    }
    ok.then_some(out)
}

fn notices(raw: &[RawNotice], c: &mut FileCheck<'_>, notice_days: u32) -> Vec<Notice> {
    let mut out = Vec::new();
    for (i, n) in raw.iter().enumerate() {
        let at = YamlPath::root().key("notices").index(i);
        let title = c.text(&n.title, &at.key("title"), ("公示标题 title", "notice title"));
        let start = c.date(&n.start, &at.key("start"));
        let end = match &n.end {
            Some(e) => c.date(e, &at.key("end")),
            None => start.map(|s| s.add_days(i64::from(notice_days) - 1)),
        };
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            c.error(
                Location::Value(at.key("end")),
                format!("公示结束日期 {e} 早于开始日期 {s}"),
                format!("notice ends ({e}) before it starts ({s})"),
            );
            continue;
        }
        if let (Some(title), Some(start), Some(end)) = (title, start, end) {
            let body = c.markdown(&n.body, &at.key("body"), ("公示正文 body", "notice body"));
            out.push(Notice { title, start, end, body });
        }
    }
    out.sort_by_key(|n| std::cmp::Reverse(n.start));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;
    use crate::load::yaml;
    use std::path::Path;

    fn check(yaml_text: &str) -> (Option<Unit>, Vec<Diagnostic>) {
        let raw: RawUnit = yaml::parse(yaml_text).unwrap();
        let mut diags = Vec::new();
        let rolls: Vec<String> = crate::model::DEFAULT_HONOR_ROLLS.iter().map(|s| s.to_string()).collect();
        let rules = UnitRules { branch_star_requires_all: true, honor_rolls: &rolls, notice_days: 7 };
        let mut c = FileCheck { file: Path::new("u.yaml"), diags: &mut diags, current_year: 2024 };
        let u = validate_unit(&raw, "u", &mut c, &rules);
        (u, diags)
    }

    #[test]
    fn silver_after_three_consecutive_five_star_years() {
        let five = "[支部过硬星, 产业兴旺星, 生态宜居星, 平安法治星, 文明幸福星]";
        let (u, d) =
            check(&format!("name: 桑村\nstars:\n  2020: {five}\n  2021: {five}\n  2022: {five}\n  2023: {five}\n  2024: {five}\n"));
        assert!(d.is_empty(), "{d:?}");
        let u = u.unwrap();
        let titles: Vec<_> = u.years.values().map(|y| y.title).collect();
        use FiveStarTitle::*;
        assert_eq!(titles, vec![None, None, Some(Silver), Some(Silver), Some(Gold)]);
    }

    #[test]
    fn gap_year_breaks_the_run() {
        let five = "[支部过硬星, 产业兴旺星, 生态宜居星, 平安法治星, 文明幸福星]";
        let (u, _) = check(&format!("name: 桑村\nstars:\n  2020: {five}\n  2021: {five}\n  2023: {five}\n  2024: {five}\n"));
        assert!(u.unwrap().years.values().all(|y| y.title.is_none()));
    }

    #[test]
    fn star_errors() {
        let (u, d) = check("name: 东村\nstars:\n  2024: [文明星, 共建共享星, 产业兴旺, 产业兴旺星, 支部过硬星]\n  2025: []\n");
        assert!(u.is_none());
        let zh: Vec<&str> = d.iter().map(|d| d.zh.as_str()).collect();
        assert_eq!(zh[0], "未知的星“文明星”，是否是“文明幸福星”？");
        assert!(zh[1].starts_with("“共建共享星”不属于村的五星"));
        assert_eq!(zh[2], "2024 年“产业兴旺星”写了两次");
        assert!(zh[3].starts_with("支部过硬星须与其他四颗星同时获得"));
        assert!(zh[4].starts_with("年份 2025 晚于当前年度 2024"));
    }

    #[test]
    fn project_rules() {
        let (_, d) = check(
            "name: 东村\nprojects:\n  - {id: a, name: 路, year: 2024, budget: 100, steps: {proposed: 2024-03-05, discussed: 2024-03-01, resolved: 2024-03-09}, spending: [{date: 2024-03-01, item: x, amount: 10}]}\n  - {id: a, name: 桥, year: 2024, budget: 100, steps: {proposed: 2024-03-01, discussed: 2024-03-02, reviewed: 2024-03-03, resolved: 2024-03-04}, spending: [{date: 2024-03-05, item: x, amount: 100.01}]}\n",
        );
        let zh: Vec<&str> = d.iter().map(|d| d.zh.as_str()).collect();
        assert!(zh.iter().any(|z| z.starts_with("四议两公开顺序不对：“商议”日期 2024-03-01 早于“提议”")), "{zh:?}");
        assert!(zh.iter().any(|z| z.starts_with("四议两公开顺序不对：已有“决议”，却缺少前一步“审议”")), "{zh:?}");
        assert!(zh.iter().any(|z| z.starts_with("项目编号“a”重复")), "{zh:?}");
        assert!(zh.contains(&"支出累计 100.01 元超过预算 100.00 元（超出 0.01 元）"), "{zh:?}");
    }

    #[test]
    fn notice_default_end_and_order() {
        let (u, d) =
            check("name: 东村\nnotices:\n  - {title: 公示, start: 2024-12-01}\n  - {title: 错, start: 2024-12-05, end: 2024-12-01}\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].zh, "公示结束日期 2024-12-01 早于开始日期 2024-12-05");
        assert!(u.is_none());
        let (u, _) = check("name: 东村\nnotices:\n  - {title: 公示, start: 2024-12-01}\n");
        assert_eq!(u.unwrap().notices[0].end.to_string(), "2024-12-07");
    }
}
