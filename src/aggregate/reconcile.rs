//! 核对 — reconciliation: the figures a region once published by hand (`declared:` in its
//! `_index.yaml`) against the figures computed from the records. Every difference is a warning
//! pointing at the declared value (the build still succeeds), and the region page says
//! "已核对" or "与公布数据不一致" with the differing figures.

use crate::diag::{Diagnostic, Location, YamlPath};
use crate::model::{Declared, Model, Money, RegionId, Star, UnitKind, Year};

use super::{Figures, KindFigures, YearFigures};

/// A declared value: a count or an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// A number of units.
    Count(u32),
    /// An amount of money.
    Amount(Money),
}

impl Value {
    /// As shown in messages: `12`, `236500.50`.
    pub fn plain(self) -> String {
        match self {
            Value::Count(n) => n.to_string(),
            Value::Amount(m) => m.plain(),
        }
    }
}

/// One declared figure that differs from the computed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// 年度.
    pub year: Year,
    /// What the figure is, in Chinese (`五星村个数`, `产业兴旺星村数`, `集体经济收入合计`).
    pub what_zh: String,
    /// The same in English (`villages at level 5`).
    pub what_en: String,
    /// Path of the declared value in `_index.yaml` (`declared.2024.village_levels.5`).
    pub path: YamlPath,
    /// 公布数.
    pub declared: Value,
    /// 统计数.
    pub computed: Value,
}

/// Differences between a region's declared figures and its computed ones; `None` when the
/// region declares nothing.
pub fn region(model: &Model, figures: &Figures, id: RegionId) -> Option<Vec<Mismatch>> {
    let r = &model.regions[id];
    if r.declared.is_empty() {
        return None;
    }
    let empty = YearFigures::default();
    let mut out = Vec::new();
    for (&year, d) in &r.declared {
        let y = figures.regions[id].years.get(&year).unwrap_or(&empty);
        compare_year(year, d, y, &mut out);
    }
    Some(out)
}

fn compare_year(year: Year, d: &Declared, y: &YearFigures, out: &mut Vec<Mismatch>) {
    let at = YamlPath::root().key("declared").key(year.to_string());
    for (kind, field, levels, stars, k) in [
        (UnitKind::Village, "village", &d.village_levels, &d.village_stars, &y.village),
        (UnitKind::Community, "community", &d.community_levels, &d.community_stars, &y.community),
    ] {
        let label = kind.label();
        for (&level, &n) in levels.iter().flatten() {
            let computed = k.levels.get(usize::from(level)).copied().unwrap_or(0);
            push(
                out,
                year,
                (format!("{}{label}个数", crate::model::star::level_name(level)), format!("{field}s at level {level}")),
                at.key(format!("{field}_levels")).key(level.to_string()),
                Value::Count(n),
                Value::Count(computed),
            );
        }
        for (&star, &n) in stars.iter().flatten() {
            push(
                out,
                year,
                (format!("获得{star}的{label}数"), format!("{field}s holding {star}")),
                at.key(format!("{field}_stars")).key(star.name()),
                Value::Count(n),
                Value::Count(star_count(kind, k, star)),
            );
        }
    }
    if let Some(total) = d.income_total {
        push(
            out,
            year,
            ("集体经济收入合计".into(), "income total".into()),
            at.key("income_total"),
            Value::Amount(total),
            Value::Amount(y.income.total),
        );
    }
    if let Some(total) = d.reward_total {
        push(
            out,
            year,
            ("星级奖补合计".into(), "reward total".into()),
            at.key("reward_total"),
            Value::Amount(total),
            Value::Amount(y.reward_total),
        );
    }
}

fn star_count(kind: UnitKind, k: &KindFigures, star: Star) -> u32 {
    kind.stars().iter().position(|s| *s == star).map_or(0, |i| k.stars[i])
}

fn push(out: &mut Vec<Mismatch>, year: Year, what: (String, String), path: YamlPath, declared: Value, computed: Value) {
    if declared != computed {
        out.push(Mismatch { year, what_zh: what.0, what_en: what.1, path, declared, computed });
    }
}

/// One warning per difference, in every region, at the declared value.
pub fn warnings(model: &Model, figures: &Figures) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (id, r) in model.regions.iter().enumerate() {
        for m in region(model, figures, id).unwrap_or_default() {
            out.push(Diagnostic::warning(
                &r.source,
                Location::Value(m.path.clone()),
                format!("{} 年公布的{}为 {}，按记录统计为 {}，请核对", m.year, m.what_zh, m.declared.plain(), m.computed.plain()),
                format!("declared {} {} is {}, the records give {}", m.year, m.what_en, m.declared.plain(), m.computed.plain()),
            ));
        }
    }
    out
}
