//! Comparing two checked versions of the content: unit by unit (the lists of a unit in
//! [`super::records`]), then region figures.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::records;
use crate::aggregate::{Figures, KindFigures, YearFigures, percent};
use crate::model::star::level_name;
use crate::model::{Model, Money, Unit, UnitKind, UnitYear, Year};

/// One changed fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed: `stars`, `income`, `title`, `honor`, `project`, `notice`, `unit`.
    pub field: &'static str,
    /// The year it concerns, if any.
    pub year: Option<Year>,
    /// Human-readable, in Chinese (`2024: 三星 → 四星, +平安法治星`).
    pub text: String,
}

impl Change {
    /// A change of `field` in `year`, described by `text`.
    pub fn new(field: &'static str, year: Option<Year>, text: String) -> Change {
        Change { field, year, text }
    }
}

/// A unit that was added, removed or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitChange {
    /// 名称.
    pub name: String,
    /// Site path.
    pub path: String,
    /// `added`, `removed` or `changed`.
    pub status: &'static str,
    /// What changed (for `changed`).
    pub changes: Vec<Change>,
}

/// A region whose figures move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionChange {
    /// 名称.
    pub name: String,
    /// Site path.
    pub path: String,
    /// Figure changes, by year.
    pub changes: Vec<Change>,
}

/// Everything a change does to the published figures.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Units, by path.
    pub units: Vec<UnitChange>,
    /// Regions, root first.
    pub regions: Vec<RegionChange>,
}

impl Report {
    /// True when nothing published changes.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty() && self.regions.is_empty()
    }
}

/// Compares the old and new model and figures.
pub fn compare(old: &Model, old_f: &Figures, new: &Model, new_f: &Figures) -> Report {
    let old_units: BTreeMap<&str, &Unit> = old.units.iter().map(|u| (u.path.as_str(), u)).collect();
    let new_units: BTreeMap<&str, &Unit> = new.units.iter().map(|u| (u.path.as_str(), u)).collect();
    let mut units = Vec::new();
    for path in old_units.keys().chain(new_units.keys()).collect::<BTreeSet<_>>() {
        match (old_units.get(path), new_units.get(path)) {
            (None, Some(u)) => units.push(UnitChange { name: u.name.clone(), path: u.path.clone(), status: "added", changes: Vec::new() }),
            (Some(u), None) => {
                units.push(UnitChange { name: u.name.clone(), path: u.path.clone(), status: "removed", changes: Vec::new() })
            }
            (Some(a), Some(b)) => {
                let changes = unit_changes(a, b);
                if !changes.is_empty() {
                    units.push(UnitChange { name: b.name.clone(), path: b.path.clone(), status: "changed", changes });
                }
            }
            (None, None) => {}
        }
    }
    let old_regions: BTreeMap<&str, usize> = old.regions.iter().enumerate().map(|(i, r)| (r.path.as_str(), i)).collect();
    let mut regions = Vec::new();
    for (i, r) in new.regions.iter().enumerate() {
        let empty = Default::default();
        let before = old_regions.get(r.path.as_str()).map_or(&empty, |&j| &old_f.regions[j].years);
        let after = &new_f.regions[i].years;
        let mut changes = Vec::new();
        for year in before.keys().chain(after.keys()).collect::<BTreeSet<_>>() {
            let (a, b) = (before.get(year).cloned().unwrap_or_default(), after.get(year).cloned().unwrap_or_default());
            if let Some(text) = region_year(&a, &b) {
                changes.push(Change { field: "figures", year: Some(*year), text: format!("{year} {text}") });
            }
        }
        if !changes.is_empty() {
            regions.push(RegionChange { name: r.name.clone(), path: r.path.clone(), changes });
        }
    }
    Report { units, regions }
}

fn level_label(y: Option<&UnitYear>) -> String {
    y.and_then(|y| y.stars).map_or("未评定".into(), |s| level_name(s.level()).to_string())
}

fn money(m: Option<Money>) -> String {
    m.map_or("无".into(), Money::plain)
}

fn unit_changes(a: &Unit, b: &Unit) -> Vec<Change> {
    let mut out = Vec::new();
    if a.name != b.name {
        out.push(Change { field: "unit", year: None, text: format!("名称 {} → {}", a.name, b.name) });
    }
    if a.kind != b.kind {
        out.push(Change { field: "unit", year: None, text: format!("类型 {} → {}", a.kind.label(), b.kind.label()) });
    }
    if let Some(text) = records::text_change("简介", &a.about, &b.about) {
        out.push(Change { field: "unit", year: None, text });
    }
    for year in a.years.keys().chain(b.years.keys()).collect::<BTreeSet<_>>() {
        let (ya, yb) = (a.years.get(year), b.years.get(year));
        let (sa, sb) = (ya.and_then(|y| y.stars), yb.and_then(|y| y.stars));
        if sa != sb {
            let order = b.kind.stars();
            let mut parts = Vec::new();
            let (la, lb) = (level_label(ya), level_label(yb));
            if la != lb {
                parts.push(format!("{la} → {lb}"));
            }
            for s in order {
                let (had, has) = (sa.is_some_and(|x| x.contains(*s)), sb.is_some_and(|x| x.contains(*s)));
                if has && !had {
                    parts.push(format!("+{s}"));
                } else if had && !has {
                    parts.push(format!("-{s}"));
                }
            }
            out.push(Change { field: "stars", year: Some(*year), text: format!("{year}: {}", parts.join(", ")) });
        }
        let (ia, ib) = (ya.and_then(|y| y.income), yb.and_then(|y| y.income));
        if ia != ib {
            out.push(Change { field: "income", year: Some(*year), text: format!("{year}: 收入 {} → {}", money(ia), money(ib)) });
        }
        let (ta, tb) = (ya.and_then(|y| y.title), yb.and_then(|y| y.title));
        if ta != tb {
            let t = |t: Option<crate::model::FiveStarTitle>| t.map_or("无", |t| t.name());
            out.push(Change { field: "title", year: Some(*year), text: format!("{year}: 称号 {} → {}", t(ta), t(tb)) });
        }
    }
    records::honors(a, b, &mut out);
    records::projects(a, b, &mut out);
    records::notices(a, b, &mut out);
    out
}

/// `四星村 3 → 4; 三星及以上 55.56% → 61.11%; …` for one region-year, or `None` when equal.
fn region_year(a: &YearFigures, b: &YearFigures) -> Option<String> {
    let mut parts = Vec::new();
    for (kind, ka, kb) in [(UnitKind::Village, &a.village, &b.village), (UnitKind::Community, &a.community, &b.community)] {
        kind_parts(kind, ka, kb, &mut parts);
    }
    if a.income.total != b.income.total {
        parts.push(format!("收入合计 {} → {}", a.income.total.plain(), b.income.total.plain()));
    }
    if a.reward_total != b.reward_total {
        parts.push(format!("奖补合计 {} → {}", a.reward_total.plain(), b.reward_total.plain()));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn kind_parts(kind: UnitKind, a: &KindFigures, b: &KindFigures, parts: &mut Vec<String>) {
    let label = kind.label();
    if a.count != b.count {
        parts.push(format!("{label}数 {} → {}", a.count, b.count));
    }
    for l in (0..=5u8).rev() {
        let (x, y) = (a.levels[usize::from(l)], b.levels[usize::from(l)]);
        if x != y {
            parts.push(format!("{}{label} {x} → {y}", level_name(l)));
        }
    }
    if a.at_least_three() != b.at_least_three() || a.count != b.count {
        let (pa, pb) = (percent(a.at_least_three(), a.count), percent(b.at_least_three(), b.count));
        if pa != pb {
            parts.push(format!("三星及以上{label} {pa}% → {pb}%"));
        }
    }
    if a.silver != b.silver {
        parts.push(format!("银五星{label} {} → {}", a.silver, b.silver));
    }
    if a.gold != b.gold {
        parts.push(format!("金五星{label} {} → {}", a.gold, b.gold));
    }
}
