//! Comparing a unit's lists — 光荣榜, 村级项目, 公示 — between two versions.
//!
//! Every field the site publishes counts: an entry whose key is the same in both versions but
//! whose other fields differ is one "changed" line listing what moved (`预算 …; 已支出 … → …`).
//! Free text (事迹, 项目说明, 公示正文, 支出事项) is only said to have changed, never quoted: a
//! reviewer reads it in the YAML diff, and a one-line report stays short.

use std::collections::BTreeMap;

use super::compare::Change;
use crate::model::{Honor, Notice, Project, STEPS, Unit};

/// Changes of the 光荣榜: entries are matched by (year, roll, name).
pub(super) fn honors(a: &Unit, b: &Unit, out: &mut Vec<Change>) {
    let key = |h: &Honor| (h.year, h.roll.clone(), h.name.clone());
    let (ga, gb) = (group(&a.honors, key), group(&b.honors, key));
    let (mut added, mut removed, mut changed) = (Vec::new(), Vec::new(), Vec::new());
    for k in ga.keys().chain(gb.keys()).collect::<std::collections::BTreeSet<_>>() {
        let (xs, ys) = (ga.get(k).map_or(&[][..], Vec::as_slice), gb.get(k).map_or(&[][..], Vec::as_slice));
        // The same person twice on one roll in one year: paired in order.
        for i in 0..xs.len().max(ys.len()) {
            let (year, roll, name) = k;
            match (xs.get(i), ys.get(i)) {
                (None, Some(_)) => added.push(Change::new("honor", Some(*year), format!("{year}: 光荣榜新增 {roll} {name}"))),
                (Some(_), None) => removed.push(Change::new("honor", Some(*year), format!("{year}: 光荣榜删除 {roll} {name}"))),
                (Some(x), Some(y)) => {
                    if let Some(what) = text_change("事迹", &x.reason, &y.reason) {
                        changed.push(Change::new("honor", Some(*year), format!("{year}: 光荣榜 {roll} {name}：{what}")));
                    }
                }
                (None, None) => {}
            }
        }
    }
    out.extend(added.into_iter().chain(removed).chain(changed));
}

/// Changes of the 村级项目: projects are matched by id, so a rename is a change, not a new project.
pub(super) fn projects(a: &Unit, b: &Unit, out: &mut Vec<Change>) {
    // Ids are unique within a unit (a duplicate is a content error).
    fn by_id(u: &Unit) -> BTreeMap<&str, &Project> {
        u.projects.iter().map(|p| (p.id.as_str(), p)).collect()
    }
    let (pa, pb) = (by_id(a), by_id(b));
    for (id, p) in &pb {
        if !pa.contains_key(id) {
            out.push(Change::new("project", Some(p.year), format!("项目新增 {}（预算 {}）", p.name, p.budget.plain())));
        }
    }
    for (id, p) in &pa {
        if !pb.contains_key(id) {
            out.push(Change::new("project", Some(p.year), format!("项目删除 {}", p.name)));
        }
    }
    for (id, x) in &pa {
        let Some(y) = pb.get(id) else { continue };
        let parts = project_parts(x, y);
        if !parts.is_empty() {
            out.push(Change::new("project", Some(y.year), format!("项目 {}（{id}）：{}", y.name, parts.join("; "))));
        }
    }
}

/// What differs between two versions of one project, in the order of the project page.
fn project_parts(x: &Project, y: &Project) -> Vec<String> {
    let mut parts = Vec::new();
    moved(&mut parts, "名称", &x.name, &y.name);
    moved(&mut parts, "年度", x.year, y.year);
    moved(&mut parts, "预算", x.budget.plain(), y.budget.plain());
    let stage = |n: usize| if n == 0 { "未开始" } else { STEPS[n - 1].short() };
    if x.steps_done() != y.steps_done() {
        parts.push(format!("进度 {} → {}", stage(x.steps_done()), stage(y.steps_done())));
    }
    // A step done in both versions whose date was corrected.
    for ((step, da), (_, db)) in x.steps.iter().zip(&y.steps) {
        if da != db {
            parts.push(format!("{}日期 {da} → {db}", step.short()));
        }
    }
    if x.spent() != y.spent() {
        parts.push(format!("已支出 {} → {}", x.spent().plain(), y.spent().plain()));
    } else if x.spending != y.spending {
        parts.push("支出明细已修改".to_string());
    }
    if let Some(what) = text_change("项目说明", &x.about, &y.about) {
        parts.push(what);
    }
    parts
}

/// Changes of the 公示. A notice has no id: it is matched by (start, title), then what is left by
/// title alone (its start moved), then by start alone (its title corrected) — each only where
/// that key is unique among the notices left on both sides, so two different notices are never
/// paired by guesswork.
pub(super) fn notices(a: &Unit, b: &Unit, out: &mut Vec<Change>) {
    let mut left_a: Vec<&Notice> = a.notices.iter().collect();
    let mut left_b: Vec<&Notice> = b.notices.iter().collect();
    let mut pairs: Vec<(&Notice, &Notice)> = Vec::new();
    // Exact key: paired in order, duplicates included.
    let mut i = 0;
    while i < left_a.len() {
        match left_b.iter().position(|n| n.start == left_a[i].start && n.title == left_a[i].title) {
            Some(j) => pairs.push((left_a.remove(i), left_b.remove(j))),
            None => i += 1,
        }
    }
    pair_unique(&mut left_a, &mut left_b, &mut pairs, |n| n.title.clone());
    pair_unique(&mut left_a, &mut left_b, &mut pairs, |n| n.start.to_string());
    for n in &left_b {
        out.push(Change::new("notice", None, format!("公示新增 {}（{} 起）", n.title, n.start)));
    }
    for n in &left_a {
        out.push(Change::new("notice", None, format!("公示删除 {}（{} 起）", n.title, n.start)));
    }
    for (x, y) in pairs {
        let mut parts = Vec::new();
        moved(&mut parts, "标题", &x.title, &y.title);
        moved(&mut parts, "公示开始", x.start, y.start);
        moved(&mut parts, "公示截止", x.end, y.end);
        if let Some(what) = text_change("正文", &x.body, &y.body) {
            parts.push(what);
        }
        if !parts.is_empty() {
            out.push(Change::new("notice", None, format!("公示 {}（{} 起）：{}", y.title, y.start, parts.join("; "))));
        }
    }
}

/// Moves to `pairs` the notices left whose `key` occurs exactly once on each side.
fn pair_unique<'a>(
    left_a: &mut Vec<&'a Notice>,
    left_b: &mut Vec<&'a Notice>,
    pairs: &mut Vec<(&'a Notice, &'a Notice)>,
    key: impl Fn(&Notice) -> String,
) {
    let count = |v: &[&Notice], k: &str| v.iter().filter(|n| key(n) == k).count();
    let mut i = 0;
    while i < left_a.len() {
        let k = key(left_a[i]);
        if count(left_a, &k) == 1 && count(left_b, &k) == 1 {
            let j = left_b.iter().position(|n| key(n) == k).expect("counted once");
            pairs.push((left_a.remove(i), left_b.remove(j)));
        } else {
            i += 1;
        }
    }
}

/// `{what} {x} → {y}` when the two differ.
fn moved<T: PartialEq + std::fmt::Display>(parts: &mut Vec<String>, what: &str, x: T, y: T) {
    if x != y {
        parts.push(format!("{what} {x} → {y}"));
    }
}

/// `事迹已修改` / `事迹已添加` / `事迹已删除` for a free-text field (never quoted), `None` when
/// unchanged.
pub(super) fn text_change(what: &str, x: &Option<String>, y: &Option<String>) -> Option<String> {
    match (x, y) {
        (None, Some(_)) => Some(format!("{what}已添加")),
        (Some(_), None) => Some(format!("{what}已删除")),
        (Some(p), Some(q)) if p != q => Some(format!("{what}已修改")),
        _ => None,
    }
}

/// Items grouped by key, in their order in the record.
fn group<T, K: Ord>(items: &[T], key: impl Fn(&T) -> K) -> BTreeMap<K, Vec<&T>> {
    let mut map: BTreeMap<K, Vec<&T>> = BTreeMap::new();
    for item in items {
        map.entry(key(item)).or_default().push(item);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, UnitKind};

    fn unit(honors: Vec<Honor>, notices: Vec<Notice>) -> Unit {
        Unit {
            name: "东村".into(),
            kind: UnitKind::Village,
            slug: "dongcun".into(),
            path: "/ningguo/dongcun/".into(),
            region: 0,
            years: Default::default(),
            about: None,
            honors,
            projects: Vec::new(),
            notices,
            source: "regions/ningguo/dongcun.yaml".into(),
        }
    }

    fn notice(title: &str, start: &str) -> Notice {
        let start = Date::parse(start).unwrap();
        Notice { title: title.into(), start, end: start, body: None }
    }

    fn honor(name: &str, reason: Option<&str>) -> Honor {
        Honor { year: 2024, roll: "好媳妇".into(), name: name.into(), reason: reason.map(Into::into) }
    }

    fn texts(f: fn(&Unit, &Unit, &mut Vec<Change>), a: &Unit, b: &Unit) -> Vec<String> {
        let mut out = Vec::new();
        f(a, b, &mut out);
        out.into_iter().map(|c| c.text).collect()
    }

    #[test]
    fn a_notice_is_paired_by_start_only_when_that_start_is_unambiguous() {
        // One notice of that day left on each side: its title was corrected.
        let a = unit(vec![], vec![notice("甲", "2024-12-01"), notice("乙", "2024-12-01")]);
        let b = unit(vec![], vec![notice("甲", "2024-12-01"), notice("丙", "2024-12-01")]);
        assert_eq!(texts(notices, &a, &b), ["公示 丙（2024-12-01 起）：标题 乙 → 丙"]);
        // Two notices of that day left on one side: no guess, one added and two removed.
        let a = unit(vec![], vec![notice("乙", "2024-12-01"), notice("丁", "2024-12-01")]);
        let b = unit(vec![], vec![notice("丙", "2024-12-01")]);
        assert_eq!(
            texts(notices, &a, &b),
            ["公示新增 丙（2024-12-01 起）", "公示删除 乙（2024-12-01 起）", "公示删除 丁（2024-12-01 起）"]
        );
        // Same title, another day: the start moved.
        let a = unit(vec![], vec![notice("甲", "2024-12-01")]);
        let b = unit(vec![], vec![notice("甲", "2024-12-02")]);
        assert_eq!(
            texts(notices, &a, &b),
            ["公示 甲（2024-12-02 起）：公示开始 2024-12-01 → 2024-12-02; 公示截止 2024-12-01 → 2024-12-02"]
        );
    }

    #[test]
    fn the_same_honor_twice_is_paired_in_order() {
        let a = unit(vec![honor("张三", Some("甲")), honor("张三", Some("乙"))], vec![]);
        let b = unit(vec![honor("张三", Some("甲")), honor("张三", None), honor("张三", None)], vec![]);
        assert_eq!(texts(honors, &a, &b), ["2024: 光荣榜新增 好媳妇 张三", "2024: 光荣榜 好媳妇 张三：事迹已删除"]);
        assert_eq!(texts(honors, &a, &a), Vec::<String>::new());
    }
}
