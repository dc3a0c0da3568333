//! Stage 3 — aggregate: per-region, per-year figures over all units below each region.
//!
//! Every figure is additive, so each unit is counted once into its own region and the regions are
//! then folded into their parents, children first: linear in the number of units.

pub mod reconcile;

use std::collections::BTreeMap;

use crate::model::{Model, Money, Policy, Project, STEPS, Unit, UnitKind, Year};

/// 星级统计 — figures for one kind of unit (村 or 社区) in one year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KindFigures {
    /// Units with a star rating that year.
    pub count: u32,
    /// Units per level, index = 几星 (0–5).
    pub levels: [u32; 6],
    /// Units holding each star, in the kind's display order.
    pub stars: [u32; 5],
    /// 银五星 units.
    pub silver: u32,
    /// 金五星 units.
    pub gold: u32,
}

impl KindFigures {
    /// 三星及以上 count.
    pub fn at_least_three(&self) -> u32 {
        self.levels[3..].iter().sum()
    }

    /// 三星及以上 share as a percentage string with 2 decimals (`"52.38"`), rounded half up.
    pub fn at_least_three_pct(&self) -> String {
        percent(self.at_least_three(), self.count)
    }

    /// Stars held in total.
    pub fn stars_held(&self) -> u64 {
        self.stars.iter().map(|&n| u64::from(n)).sum()
    }

    fn add(&mut self, o: &KindFigures) {
        self.count += o.count;
        self.silver += o.silver;
        self.gold += o.gold;
        for (a, b) in self.levels.iter_mut().zip(o.levels) {
            *a += b;
        }
        for (a, b) in self.stars.iter_mut().zip(o.stars) {
            *a += b;
        }
    }
}

/// `part / whole` as a percentage with 2 decimals, rounded half up; `"0.00"` when whole is 0.
pub fn percent(part: u32, whole: u32) -> String {
    percent_u64(part.into(), whole.into())
}

/// [`percent`] for large quantities (amounts in 分).
pub fn percent_u64(part: u64, whole: u64) -> String {
    let (part, whole) = (u128::from(part), u128::from(whole));
    if whole == 0 {
        return "0.00".into();
    }
    let hundredths = (part * 20_000 + whole) / (2 * whole);
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// 集体经济收入 figures for one year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncomeFigures {
    /// Units that reported income.
    pub reported: u32,
    /// Sum of reported income.
    pub total: Money,
    /// Units per bracket (`policy.income_brackets.len() + 1` brackets).
    pub brackets: Vec<u32>,
}

/// All figures of a region for one year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearFigures {
    /// Villages.
    pub village: KindFigures,
    /// Communities.
    pub community: KindFigures,
    /// Collective income.
    pub income: IncomeFigures,
    /// 奖补合计 = stars held × reward_per_star.
    pub reward_total: Money,
}

/// 项目汇总 — project totals of a region (all years).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectFigures {
    /// Number of projects.
    pub count: u32,
    /// Sum of budgets.
    pub budget: Money,
    /// Sum of spending.
    pub spent: Money,
    /// Projects by steps done (index 0–6; 6 = 实施结果公开 done).
    pub by_steps_done: [u32; 7],
}

impl ProjectFigures {
    fn add_project(&mut self, p: &Project) {
        self.count += 1;
        self.budget += p.budget;
        self.spent += p.spent();
        self.by_steps_done[p.steps_done().min(STEPS.len())] += 1;
    }

    fn add(&mut self, o: &ProjectFigures) {
        self.count += o.count;
        self.budget += o.budget;
        self.spent += o.spent;
        for (a, b) in self.by_steps_done.iter_mut().zip(o.by_steps_done) {
            *a += b;
        }
    }
}

/// Figures of one region.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionFigures {
    /// By year, oldest first.
    pub years: BTreeMap<Year, YearFigures>,
    /// Projects of all units below.
    pub projects: ProjectFigures,
    /// Villages below (any year).
    pub villages: u32,
    /// Communities below (any year).
    pub communities: u32,
}

/// Figures for every region, indexed like [`Model::regions`].
#[derive(Debug, Clone)]
pub struct Figures {
    /// Per region.
    pub regions: Vec<RegionFigures>,
}

/// Computes the figures of every region.
pub fn aggregate(model: &Model) -> Figures {
    let policy = &model.site.policy;
    let mut regions: Vec<RegionFigures> = vec![RegionFigures::default(); model.regions.len()];
    for unit in &model.units {
        add_unit(&mut regions[unit.region], unit, policy);
    }
    // Parents precede children, so folding from the back visits every child before its parent.
    for id in (1..model.regions.len()).rev() {
        if let Some(parent) = model.regions[id].parent {
            let child = std::mem::take(&mut regions[id]);
            add_region(&mut regions[parent], &child, policy);
            regions[id] = child;
        }
    }
    Figures { regions }
}

fn year_entry<'a>(r: &'a mut RegionFigures, year: Year, policy: &Policy) -> &'a mut YearFigures {
    r.years.entry(year).or_insert_with(|| YearFigures {
        income: IncomeFigures { brackets: vec![0; policy.income_brackets.len() + 1], ..Default::default() },
        ..Default::default()
    })
}

fn add_unit(r: &mut RegionFigures, unit: &Unit, policy: &Policy) {
    match unit.kind {
        UnitKind::Village => r.villages += 1,
        UnitKind::Community => r.communities += 1,
    }
    for p in &unit.projects {
        r.projects.add_project(p);
    }
    for (&year, uy) in &unit.years {
        let y = year_entry(r, year, policy);
        if let Some(stars) = uy.stars {
            let k = match unit.kind {
                UnitKind::Village => &mut y.village,
                UnitKind::Community => &mut y.community,
            };
            k.count += 1;
            k.levels[usize::from(stars.level().min(5))] += 1;
            for (i, s) in unit.kind.stars().iter().enumerate() {
                k.stars[i] += u32::from(stars.contains(*s));
            }
            match uy.title {
                Some(crate::model::FiveStarTitle::Silver) => k.silver += 1,
                Some(crate::model::FiveStarTitle::Gold) => k.gold += 1,
                None => {}
            }
            y.reward_total += policy.reward_per_star.times(u64::from(stars.level()));
        }
        if let Some(income) = uy.income {
            y.income.reported += 1;
            y.income.total += income;
            let bracket = policy.income_brackets.iter().take_while(|b| income >= **b).count();
            y.income.brackets[bracket] += 1;
        }
    }
}

fn add_region(parent: &mut RegionFigures, child: &RegionFigures, policy: &Policy) {
    parent.villages += child.villages;
    parent.communities += child.communities;
    parent.projects.add(&child.projects);
    for (&year, cy) in &child.years {
        let y = year_entry(parent, year, policy);
        y.village.add(&cy.village);
        y.community.add(&cy.community);
        y.income.reported += cy.income.reported;
        y.income.total += cy.income.total;
        for (a, b) in y.income.brackets.iter_mut().zip(&cy.income.brackets) {
            *a += b;
        }
        y.reward_total += cy.reward_total;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(percent(52, 104), "50.00");
        assert_eq!(percent(1, 3), "33.33");
        assert_eq!(percent(2, 3), "66.67");
        assert_eq!(percent(1, 8), "12.50");
        assert_eq!(percent(1, 16), "6.25");
        assert_eq!(percent(1, 32), "3.13");
        assert_eq!(percent(0, 0), "0.00");
        assert_eq!(percent(3, 3), "100.00");
    }
}
