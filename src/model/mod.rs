//! Stage 2's output — the validated model. A value of these types exists only after
//! [`crate::validate`] accepted it, so later stages never re-check content.

pub mod date;
pub mod money;
pub mod star;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use date::Date;
pub use money::Money;
pub use star::{Star, StarSet};

/// A calendar year (2000 ..= current_year).
pub type Year = u16;

/// Index of a region in [`Model::regions`].
pub type RegionId = usize;
/// Index of a unit in [`Model::units`].
pub type UnitId = usize;

/// The whole validated site.
#[derive(Debug, Clone)]
pub struct Model {
    /// Settings from `site.yaml`.
    pub site: Site,
    /// Regions; index 0 is the root, parents always come before their children.
    pub regions: Vec<Region>,
    /// Units (villages and communities), grouped by region in walk order.
    pub units: Vec<Unit>,
    /// Free Markdown pages.
    pub pages: Vec<Page>,
}

/// 站点设置 — `site.yaml`.
#[derive(Debug, Clone)]
pub struct Site {
    /// 站点标题.
    pub title: String,
    /// Public address, ending in `/`.
    pub base_url: String,
    /// 当前年度.
    pub current_year: Year,
    /// 监督电话.
    pub hotline: Option<String>,
    /// 奖补与评定政策.
    pub policy: Policy,
    /// 光荣榜 roll names in display order.
    pub honor_rolls: Vec<String>,
    /// Default poster paper size.
    pub poster_size: PaperSize,
    /// Kiosk: seconds per slide.
    pub kiosk_slide_seconds: u32,
    /// Kiosk: seconds without a touch before auto-play resumes.
    pub kiosk_idle_seconds: u32,
}

/// 政策 — the rules that turn records into figures.
#[derive(Debug, Clone)]
pub struct Policy {
    /// 每创建成功一颗星奖补.
    pub reward_per_star: Money,
    /// 支部过硬星 only together with all other four stars.
    pub branch_star_requires_all: bool,
    /// Income bracket bounds, ascending.
    pub income_brackets: Vec<Money>,
    /// Default 公示期 in days.
    pub notice_days: u32,
}

/// The default 光荣榜 rolls.
pub const DEFAULT_HONOR_ROLLS: [&str; 11] =
    ["乡村光荣榜", "星级文明户", "五美庭院", "好媳妇", "好婆婆", "好公婆", "好妯娌", "五好家庭", "身边的榜样", "道德模范", "孝老子女"];

/// Poster paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PaperSize {
    /// A4, 210 × 297 mm.
    A4,
    /// A3, 297 × 420 mm.
    A3,
    /// A2, 420 × 594 mm.
    A2,
}

impl PaperSize {
    /// Lower-case name (`a3`).
    pub fn name(self) -> &'static str {
        match self {
            PaperSize::A4 => "a4",
            PaperSize::A3 => "a3",
            PaperSize::A2 => "a2",
        }
    }

    /// Parses `a4`/`A4` etc.
    pub fn parse(s: &str) -> Option<PaperSize> {
        match s.trim().to_ascii_lowercase().as_str() {
            "a4" => Some(PaperSize::A4),
            "a3" => Some(PaperSize::A3),
            "a2" => Some(PaperSize::A2),
            _ => None,
        }
    }
}

/// Region kind (province → city → county → town).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RegionKind {
    /// 省.
    Province,
    /// 市.
    City,
    /// 县/区.
    County,
    /// 乡/镇/街道.
    Town,
}

impl RegionKind {
    /// Parses the `kind:` value.
    pub fn parse(s: &str) -> Option<RegionKind> {
        match s.trim() {
            "province" => Some(RegionKind::Province),
            "city" => Some(RegionKind::City),
            "county" => Some(RegionKind::County),
            "town" => Some(RegionKind::Town),
            _ => None,
        }
    }

    /// The `kind:` value.
    pub fn key(self) -> &'static str {
        match self {
            RegionKind::Province => "province",
            RegionKind::City => "city",
            RegionKind::County => "county",
            RegionKind::Town => "town",
        }
    }

    /// 中文 label.
    pub fn label(self) -> &'static str {
        match self {
            RegionKind::Province => "省",
            RegionKind::City => "市",
            RegionKind::County => "县（区）",
            RegionKind::Town => "乡镇（街道）",
        }
    }
}

/// 区域 — a province, city, county or town, with everything below it.
#[derive(Debug, Clone)]
pub struct Region {
    /// 名称.
    pub name: String,
    /// Kind.
    pub kind: RegionKind,
    /// Site path, `/` for the root, `/ningguo/` below.
    pub path: String,
    /// Parent region (none for the root).
    pub parent: Option<RegionId>,
    /// Sub-regions, sorted by slug.
    pub children: Vec<RegionId>,
    /// Units directly in this region, sorted by slug.
    pub units: Vec<UnitId>,
    /// Markdown introduction.
    pub about: Option<String>,
    /// `_index.yaml`, relative to the content dir.
    pub source: PathBuf,
    /// Figures published by hand, by year (to reconcile).
    pub declared: BTreeMap<Year, Declared>,
}

/// Figures a region once published by hand for one year (`declared:`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declared {
    /// Villages per level.
    pub village_levels: Option<BTreeMap<u8, u32>>,
    /// Villages per star.
    pub village_stars: Option<BTreeMap<Star, u32>>,
    /// Communities per level.
    pub community_levels: Option<BTreeMap<u8, u32>>,
    /// Communities per star.
    pub community_stars: Option<BTreeMap<Star, u32>>,
    /// Total collective income.
    pub income_total: Option<Money>,
    /// Total star rewards.
    pub reward_total: Option<Money>,
}

/// Unit kind: 村 or 社区.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UnitKind {
    /// 村 — village.
    Village,
    /// 社区 — urban community.
    Community,
}

impl UnitKind {
    /// The `kind:` value.
    pub fn key(self) -> &'static str {
        match self {
            UnitKind::Village => "village",
            UnitKind::Community => "community",
        }
    }

    /// 中文 label.
    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Village => "村",
            UnitKind::Community => "社区",
        }
    }

    /// The five stars of this kind, in display order.
    pub fn stars(self) -> &'static [Star; 5] {
        match self {
            UnitKind::Village => &star::VILLAGE_STARS,
            UnitKind::Community => &star::COMMUNITY_STARS,
        }
    }
}

/// 称号 earned by consecutive 五星 years.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FiveStarTitle {
    /// 银五星 — 五星 for 3 consecutive years.
    Silver,
    /// 金五星 — 五星 for 5 consecutive years.
    Gold,
}

impl FiveStarTitle {
    /// 中文 name.
    pub fn name(self) -> &'static str {
        match self {
            FiveStarTitle::Silver => "银五星",
            FiveStarTitle::Gold => "金五星",
        }
    }
}

/// One year of a unit's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UnitYear {
    /// Stars held (none when the year has no star rating).
    pub stars: Option<StarSet>,
    /// 村集体经济收入 (none when not reported).
    pub income: Option<Money>,
    /// 银五星/金五星 earned this year.
    pub title: Option<FiveStarTitle>,
}

/// 单位 — one village (村) or urban community (社区).
#[derive(Debug, Clone)]
pub struct Unit {
    /// 名称.
    pub name: String,
    /// 村 or 社区.
    pub kind: UnitKind,
    /// File stem.
    pub slug: String,
    /// Site path, `/ningguo/dongcun/`.
    pub path: String,
    /// Region it belongs to.
    pub region: RegionId,
    /// Stars, income and titles by year.
    pub years: BTreeMap<Year, UnitYear>,
    /// Markdown introduction.
    pub about: Option<String>,
    /// 光荣榜 entries, by year (newest first), then roll order, then as written.
    pub honors: Vec<Honor>,
    /// 村级项目, as written.
    pub projects: Vec<Project>,
    /// 公示, newest first.
    pub notices: Vec<Notice>,
    /// Record file, relative to the content dir.
    pub source: PathBuf,
}

/// 光荣榜 entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Honor {
    /// 年度.
    pub year: Year,
    /// 榜单.
    pub roll: String,
    /// 姓名.
    pub name: String,
    /// 事迹.
    pub reason: Option<String>,
}

/// The 四议两公开 steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// 村党组织提议.
    Proposed,
    /// 村两委会议商议.
    Discussed,
    /// 党员大会审议.
    Reviewed,
    /// 村民(代表)会议决议.
    Resolved,
    /// 决议公开.
    ResolutionPublished,
    /// 实施结果公开.
    ResultPublished,
}

/// All steps in order.
pub const STEPS: [Step; 6] =
    [Step::Proposed, Step::Discussed, Step::Reviewed, Step::Resolved, Step::ResolutionPublished, Step::ResultPublished];

impl Step {
    /// The field name in `steps:`.
    pub fn key(self) -> &'static str {
        match self {
            Step::Proposed => "proposed",
            Step::Discussed => "discussed",
            Step::Reviewed => "reviewed",
            Step::Resolved => "resolved",
            Step::ResolutionPublished => "resolution_published",
            Step::ResultPublished => "result_published",
        }
    }

    /// Short 中文 name (提议 …).
    pub fn short(self) -> &'static str {
        match self {
            Step::Proposed => "提议",
            Step::Discussed => "商议",
            Step::Reviewed => "审议",
            Step::Resolved => "决议",
            Step::ResolutionPublished => "决议公开",
            Step::ResultPublished => "实施结果公开",
        }
    }

    /// Full 中文 name (村党组织提议 …).
    pub fn full(self) -> &'static str {
        match self {
            Step::Proposed => "村党组织提议",
            Step::Discussed => "村两委会议商议",
            Step::Reviewed => "党员大会审议",
            Step::Resolved => "村民（代表）会议决议",
            Step::ResolutionPublished => "决议公开",
            Step::ResultPublished => "实施结果公开",
        }
    }
}

/// 村级项目 with its 四议两公开 record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// Id, unique within the unit.
    pub id: String,
    /// 项目名称.
    pub name: String,
    /// 年度.
    pub year: Year,
    /// 预算.
    pub budget: Money,
    /// Markdown description.
    pub about: Option<String>,
    /// Dates of the steps done, a prefix of [`STEPS`].
    pub steps: Vec<(Step, Date)>,
    /// 支出明细, as written.
    pub spending: Vec<Spending>,
}

impl Project {
    /// 已支出.
    pub fn spent(&self) -> Money {
        self.spending.iter().map(|s| s.amount).sum()
    }

    /// 结余 = budget − spent.
    pub fn balance(&self) -> Money {
        self.budget - self.spent()
    }

    /// How many steps are done (0–6).
    pub fn steps_done(&self) -> usize {
        self.steps.len()
    }

    /// The step in progress (the first not yet done), none when all six are done.
    pub fn current_step(&self) -> Option<Step> {
        STEPS.get(self.steps.len()).copied()
    }
}

/// One spending line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spending {
    /// 日期.
    pub date: Date,
    /// 事项.
    pub item: String,
    /// 金额.
    pub amount: Money,
}

/// 公示 — a public notice with its 公示期.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// 标题.
    pub title: String,
    /// First day of the 公示期.
    pub start: Date,
    /// Last day of the 公示期 (inclusive).
    pub end: Date,
    /// Markdown body.
    pub body: Option<String>,
}

/// Where a notice stands relative to the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeStatus {
    /// 未开始.
    Upcoming,
    /// 公示中.
    Open,
    /// 已结束.
    Ended,
}

impl NoticeStatus {
    /// Key in data files: `upcoming`, `open`, `ended`.
    pub fn key(self) -> &'static str {
        match self {
            NoticeStatus::Upcoming => "upcoming",
            NoticeStatus::Open => "open",
            NoticeStatus::Ended => "ended",
        }
    }

    /// 中文 label: 未开始, 公示中, 已结束.
    pub fn label(self) -> &'static str {
        match self {
            NoticeStatus::Upcoming => "未开始",
            NoticeStatus::Open => "公示中",
            NoticeStatus::Ended => "已结束",
        }
    }
}

impl Notice {
    /// Length of the 公示期 in days, both ends included.
    pub fn days(&self) -> i64 {
        self.end.to_days() - self.start.to_days() + 1
    }

    /// Status on `today`.
    pub fn status(&self, today: Date) -> NoticeStatus {
        if today < self.start {
            NoticeStatus::Upcoming
        } else if today <= self.end {
            NoticeStatus::Open
        } else {
            NoticeStatus::Ended
        }
    }
}

/// A free Markdown page (政策解读, 公开承诺书 …).
#[derive(Debug, Clone)]
pub struct Page {
    /// File stem, also its directory under `pages/` in the output.
    pub slug: String,
    /// 标题.
    pub title: String,
    /// 日期.
    pub date: Option<Date>,
    /// Sort key in the navigation.
    pub weight: i64,
    /// Markdown body.
    pub body: String,
    /// Source file.
    pub source: PathBuf,
}

impl Model {
    /// The root region.
    pub fn root(&self) -> &Region {
        &self.regions[0]
    }

    /// Every unit in region `id` and below it: the region's own units, then each sub-region's in
    /// turn (the order the region page lists them). Linear in the size of the subtree.
    pub fn units_below(&self, id: RegionId) -> Vec<UnitId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(r) = stack.pop() {
            out.extend_from_slice(&self.regions[r].units);
            stack.extend(self.regions[r].children.iter().rev());
        }
        out
    }

    /// Regions from the root down to `id` (inclusive).
    pub fn ancestry(&self, id: RegionId) -> Vec<RegionId> {
        let mut chain = vec![id];
        let mut cur = id;
        while let Some(p) = self.regions[cur].parent {
            chain.push(p);
            cur = p;
        }
        chain.reverse();
        chain
    }
}
