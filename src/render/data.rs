//! `data.json` beside every page: the figures on that page, in the shape the output contract
//! fixes (money and percentages as 2-decimal strings, years as keys).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::aggregate::{IncomeFigures, KindFigures, RegionFigures};
use crate::model::{Model, Money, Region, Star, Unit, UnitKind};

use super::output::Staging;
use super::{RenderContext, RenderError, Renderer, page_file};

/// Writes `data.json` for every region and unit.
pub struct DataRenderer;

impl Renderer for DataRenderer {
    fn name(&self) -> &'static str {
        "data"
    }

    fn render(&self, ctx: &RenderContext<'_>, out: &Staging) -> Result<(), RenderError> {
        let m = ctx.model;
        (0..m.regions.len()).into_par_iter().try_for_each(|id| {
            let r = &m.regions[id];
            out.write(&page_file(&r.path, "data.json"), &to_json(&region_data(m, r, &ctx.figures.regions[id]))).map_err(RenderError::from)
        })?;
        m.units.par_iter().try_for_each(|u| out.write(&page_file(&u.path, "data.json"), &to_json(&unit_data(u))).map_err(RenderError::from))
    }
}

fn to_json<T: Serialize>(v: &T) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(v).unwrap_or_default();
    bytes.push(b'\n');
    bytes
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
    /// Dates of the steps done, by step key.
    pub steps: BTreeMap<&'static str, String>,
}

/// Builds a unit's `data.json` value.
pub fn unit_data(u: &Unit) -> UnitData<'_> {
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
            })
            .collect(),
    }
}
