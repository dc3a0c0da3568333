//! Each unit's 变更记录: for every commit that changed its record, the date, the commit summary
//! and what changed in its stars and income (`2024 产业兴旺星 新增`, `2024 收入 185000.00 →
//! 236500.50`).
//!
//! Old versions are read with the same loader as today's records ([`crate::load::yaml::parse`]
//! into [`RawUnit`]) but judged leniently: a year, star or amount that no longer validates is
//! skipped, and a version that does not parse at all is listed without a comparison. The history
//! of all units comes from one walk over the repository ([`Repo::versions`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::load::raw::RawUnit;
use crate::load::yaml;
use crate::model::star::ALL_STARS;
use crate::model::{Model, Money, Star, UnitId, Year};

use super::{CommitInfo, Repo, Version};

/// One commit that changed a unit's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// Date, `2024-03-05` (China time).
    pub date: String,
    /// Full commit id.
    pub commit: String,
    /// Commit summary (first line of its message).
    pub summary: String,
    /// What changed in stars and income, e.g. `2024 产业兴旺星 新增`.
    pub changes: Vec<String>,
}

/// The change lists of every unit, indexed like [`Model::units`] (empty without git).
#[derive(Debug, Clone, Default)]
pub struct Histories {
    /// Per unit, newest first.
    pub units: Vec<Vec<HistoryEntry>>,
}

impl Histories {
    /// Unit `id`'s change list, newest first.
    pub fn of(&self, id: UnitId) -> &[HistoryEntry] {
        self.units.get(id).map(Vec::as_slice).unwrap_or_default()
    }
}

/// Stars and income of one version of a record, as far as they can be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Snapshot {
    stars: BTreeMap<Year, BTreeSet<Star>>,
    income: BTreeMap<Year, Money>,
}

impl Snapshot {
    /// Reads a version leniently; none when it is not a record at all.
    fn parse(bytes: &[u8]) -> Option<Snapshot> {
        let text = std::str::from_utf8(bytes).ok()?;
        let raw: RawUnit = yaml::parse(text.strip_prefix('\u{feff}').unwrap_or(text)).ok()?;
        let year = |s: &str| s.trim().parse::<Year>().ok();
        let mut snap = Snapshot::default();
        for (y, list) in &raw.stars.0 {
            if let Some(y) = year(y.as_str()) {
                snap.stars.insert(y, list.iter().flatten().filter_map(|s| Star::parse(s)).collect());
            }
        }
        for (y, v) in &raw.income.0 {
            if let (Some(y), Ok(m)) = (year(y.as_str()), Money::parse(v.as_str().trim())) {
                snap.income.insert(y, m);
            }
        }
        Some(snap)
    }
}

/// What changed from `old` to `new`, year by year.
fn changes(old: &Snapshot, new: &Snapshot) -> Vec<String> {
    let years: BTreeSet<Year> =
        old.stars.keys().chain(new.stars.keys()).chain(old.income.keys()).chain(new.income.keys()).copied().collect();
    let none = BTreeSet::new();
    let mut out = Vec::new();
    for y in years {
        let (a, b) = (old.stars.get(&y), new.stars.get(&y));
        for s in ALL_STARS {
            let (had, has) = (a.unwrap_or(&none).contains(&s), b.unwrap_or(&none).contains(&s));
            if !had && has {
                out.push(format!("{y} {s} 新增"));
            } else if had && !has {
                out.push(format!("{y} {s} 撤销"));
            }
        }
        match (a, b) {
            (None, Some(set)) if set.is_empty() => out.push(format!("{y} 评定为无星")),
            (Some(_), None) => out.push(format!("{y} 星级评定 删除")),
            _ => {}
        }
        match (old.income.get(&y), new.income.get(&y)) {
            (None, Some(n)) => out.push(format!("{y} 收入 新增 {}", n.plain())),
            (Some(o), Some(n)) if o != n => out.push(format!("{y} 收入 {} → {}", o.plain(), n.plain())),
            (Some(o), None) => out.push(format!("{y} 收入 删除（原为 {}）", o.plain())),
            _ => {}
        }
    }
    out
}

/// One unit's change list from its versions, newest first: (commit index, the record's bytes or
/// none when the commit deleted it).
fn unit_history(commits: &[CommitInfo], versions: &[(usize, Option<Vec<u8>>)]) -> Vec<HistoryEntry> {
    let mut out = Vec::with_capacity(versions.len());
    let mut last: Option<Snapshot> = None;
    for (commit, bytes) in versions.iter().rev() {
        let c = &commits[*commit];
        let changes = match bytes {
            None => {
                last = None;
                vec!["删除记录".to_string()]
            }
            Some(bytes) => match Snapshot::parse(bytes) {
                None => vec!["该版本记录格式有误，未比较星级和收入".to_string()],
                Some(snap) => {
                    let list = match &last {
                        None => vec!["新建记录".to_string()],
                        Some(prev) => changes(prev, &snap),
                    };
                    last = Some(snap);
                    list
                }
            },
        };
        out.push(HistoryEntry { date: c.date.to_string(), commit: c.id.clone(), summary: c.summary.clone(), changes });
    }
    out.reverse();
    out
}

/// The change lists of every unit of `model`, when `content` is inside a git repository. Git is
/// read in one thread (one walk, then each version's blob); the versions are compared in parallel.
pub fn unit_histories(content: &Path, model: &Model) -> Histories {
    let Some(repo) = Repo::open(content) else { return Histories::default() };
    let Ok(versions) = repo.versions("regions") else { return Histories::default() };
    let read = |vs: &[Version]| -> Vec<(usize, Option<Vec<u8>>)> {
        vs.iter().map(|v| (v.commit, v.blob.map(|b| repo.blob(b).unwrap_or_default()))).collect()
    };
    let contents: Vec<Vec<(usize, Option<Vec<u8>>)>> =
        model.units.iter().map(|u| versions.files.get(&u.source).map(|vs| read(vs)).unwrap_or_default()).collect();
    Histories { units: contents.par_iter().map(|vs| unit_history(&versions.commits, vs)).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_name_stars_and_income_by_year() {
        let old =
            Snapshot::parse("name: 东村\nstars:\n  2024: [生态宜居星, 文明幸福]\nincome:\n  2023: 9\n  2024: 185000\n".as_bytes()).unwrap();
        let new = Snapshot::parse(
            "name: 东村\nstars:\n  2024: [产业兴旺星, 文明幸福星]\n  2025: []\nincome:\n  2024: 236500.50\n  2025: 1\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(
            changes(&old, &new),
            [
                "2023 收入 删除（原为 9.00）",
                "2024 产业兴旺星 新增",
                "2024 生态宜居星 撤销",
                "2024 收入 185000.00 → 236500.50",
                "2025 评定为无星",
                "2025 收入 新增 1.00",
            ]
        );
        assert!(changes(&new, &new).is_empty());
    }

    #[test]
    fn old_versions_that_no_longer_validate_are_read_leniently() {
        let s =
            Snapshot::parse("name: 东村\nstars:\n  2024: [文明星, 产业兴旺星]\n  20x4: [产业兴旺星]\nincome:\n  2024: 23万\n".as_bytes())
                .unwrap();
        assert_eq!(s.stars[&2024].iter().copied().collect::<Vec<_>>(), [Star::Industry]);
        assert!(s.income.is_empty());
        assert!(Snapshot::parse(b"name: [unclosed").is_none());
        assert!(Snapshot::parse(b"\xff\xfe").is_none());
    }
}
