//! `starboard dev generate`: writes a synthetic province — 17 cities, ~160 counties, ~2,400 towns
//! and 46,000 units at `--units 46000`, scaled proportionally below — as a content directory that
//! passes validation, for benchmarks and load tests.
//!
//! Records look like real ones: five years of stars (improving over time, 支部过硬星 only with the
//! other four), collective income spread over the policy brackets, honor rolls, projects whose
//! 四议两公开 steps are in order and whose spending stays within budget, and notices. Everything
//! is drawn from a seeded PRNG in a fixed order, so a seed always yields the same bytes.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::names::{self, Word};

/// The last of the five generated years (`site.yaml` `current_year`).
pub const CURRENT_YEAR: u16 = 2025;
/// Years with records.
const YEARS: std::ops::RangeInclusive<u16> = CURRENT_YEAR - 4..=CURRENT_YEAR;

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    /// Number of units (villages and communities).
    pub units: usize,
    /// Content directory to create (must not exist or be empty).
    pub out: PathBuf,
    /// PRNG seed.
    pub seed: u64,
}

/// What was generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generated {
    /// Cities (市).
    pub cities: usize,
    /// Counties (县/区).
    pub counties: usize,
    /// Towns (乡镇/街道).
    pub towns: usize,
    /// Units (村/社区).
    pub units: usize,
}

/// SplitMix64: tiny, fast and good enough for synthetic data; no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    /// True with probability `pct`%.
    fn chance(&mut self, pct: u64) -> bool {
        self.below(100) < pct
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

/// Splits `total` items into `parts` groups of varying size (each ≥ 1 when total ≥ parts).
fn split(rng: &mut Rng, total: usize, parts: usize) -> Vec<usize> {
    let weights: Vec<u64> = (0..parts).map(|_| 50 + rng.below(100)).collect();
    let sum: u64 = weights.iter().sum();
    let spare = total - parts.min(total);
    let mut sizes: Vec<usize> = weights.iter().map(|w| usize::from(total >= parts) + (spare as u64 * w / sum) as usize).collect();
    let mut left = total - sizes.iter().sum::<usize>();
    let mut i = 0;
    while left > 0 {
        sizes[i % parts] += 1;
        left -= 1;
        i += 1;
    }
    sizes
}

/// Region counts for `units`, proportional to Henan's 17 / 160 / 2,400 / 46,000.
fn shape(units: usize) -> (usize, usize, usize) {
    let scale = |n: usize| ((n * units + 23_000) / 46_000).max(1);
    let cities = scale(17);
    let counties = scale(160).max(cities);
    let towns = scale(2_400).max(counties).min(units.max(1));
    (cities, counties.min(towns), towns)
}

/// Hands out names unique among siblings: a repeated slug gets `-2`, `-3` …
#[derive(Default)]
struct Siblings(std::collections::HashMap<String, usize>);

impl Siblings {
    fn unique(&mut self, zh: String, slug: String) -> (String, String) {
        let n = self.0.entry(slug.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { (zh, slug) } else { (format!("{zh}{}", chinese_ordinal(*n)), format!("{slug}-{n}")) }
    }
}

/// 二, 三 … for telling apart villages of the same name (王庄二).
fn chinese_ordinal(n: usize) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n < 10 { D[n].to_string() } else { format!("{}{}", D[(n / 10) % 10], D[n % 10]) }
}

fn place_name(rng: &mut Rng) -> (String, String) {
    let a: Word = rng.pick(&names::PLACE);
    let mut b: Word = rng.pick(&names::PLACE);
    while b.0 == a.0 {
        b = rng.pick(&names::PLACE);
    }
    (format!("{}{}", a.0, b.0), format!("{}{}", a.1, b.1))
}

fn village_name(rng: &mut Rng) -> (String, String) {
    let p = rng.pick(&names::PREFIX);
    let s = rng.pick(&names::SURNAME);
    let t = rng.pick(&names::SETTLEMENT);
    (format!("{}{}{}村", p.0, s.0, t.0), format!("{}{}{}cun", p.1, s.1, t.1))
}

fn community_name(rng: &mut Rng) -> (String, String) {
    let c = rng.pick(&names::COMMUNITY);
    if rng.chance(50) { (format!("{}路社区", c.0), format!("{}lu", c.1)) } else { (format!("{}社区", c.0), c.1.to_string()) }
}

fn person(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(&names::SURNAME).0, rng.pick(&names::GIVEN))
}

/// Writes the content directory.
pub fn generate(opts: &GenerateOptions) -> io::Result<Generated> {
    if opts.units == 0 {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "--units 须大于 0 (--units must be > 0)"));
    }
    if opts.out.exists() && fs::read_dir(&opts.out)?.next().is_some() {
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("{} 不是空目录 (not an empty directory)", opts.out.display())));
    }
    let mut rng = Rng(opts.seed);
    let (cities, counties, towns) = shape(opts.units);
    let regions = opts.out.join("regions");
    fs::create_dir_all(&regions)?;
    fs::create_dir_all(opts.out.join("pages"))?;
    write(&opts.out.join("site.yaml"), SITE_YAML)?;
    write(&opts.out.join("pages/zhengce-jiedu.md"), PAGE_MD)?;
    write(
        &regions.join("_index.yaml"),
        &format!(
            "name: 中原省\nkind: province\nabout: |\n  本公开栏为模拟数据（{cities} 个市、{counties} 个县区、{towns} 个乡镇、{} 个村和社区），用于性能测试。\n",
            opts.units
        ),
    )?;

    let counties_per_city = split(&mut rng, counties, cities);
    let towns_per_county = split(&mut rng, towns, counties);
    let units_per_town = split(&mut rng, opts.units, towns);
    let (mut county_i, mut town_i) = (0, 0);
    let mut city_names = Siblings::default();
    for &n_counties in &counties_per_city {
        let (zh, slug) = place_name(&mut rng);
        let (zh, slug) = city_names.unique(zh, slug);
        let city_dir = regions.join(&slug);
        fs::create_dir(&city_dir)?;
        write(&city_dir.join("_index.yaml"), &format!("name: {zh}市\nkind: city\n"))?;
        let mut county_names = Siblings::default();
        for _ in 0..n_counties {
            let (zh, slug) = place_name(&mut rng);
            let (zh, slug) = county_names.unique(zh, slug);
            let (suffix, slug_suffix) = if rng.chance(25) { ("区", "qu") } else { ("县", "xian") };
            let county_dir = city_dir.join(format!("{slug}{slug_suffix}"));
            fs::create_dir(&county_dir)?;
            write(&county_dir.join("_index.yaml"), &format!("name: {zh}{suffix}\nkind: county\n"))?;
            let mut town_names = Siblings::default();
            for _ in 0..towns_per_county[county_i] {
                let (zh, slug) = place_name(&mut rng);
                let (zh, slug) = town_names.unique(zh, slug);
                let (suffix, slug_suffix) = match rng.below(10) {
                    0 => ("街道", "jiedao"),
                    1..=3 => ("乡", "xiang"),
                    _ => ("镇", "zhen"),
                };
                let town_zh = format!("{zh}{suffix}");
                let town_dir = county_dir.join(format!("{slug}{slug_suffix}"));
                fs::create_dir(&town_dir)?;
                write(
                    &town_dir.join("_index.yaml"),
                    &format!(
                        "name: {town_zh}\nkind: town\nabout: |\n  {town_zh}位于县境内，以{}为主导产业。\n",
                        rng.pick(&names::INDUSTRY)
                    ),
                )?;
                let community_pct = if suffix == "街道" { 70 } else { 4 };
                let mut unit_names = Siblings::default();
                for _ in 0..units_per_town[town_i] {
                    let community = rng.chance(community_pct);
                    let (zh, slug) = if community { community_name(&mut rng) } else { village_name(&mut rng) };
                    let (zh, slug) = unit_names.unique(zh, slug);
                    let record = unit_record(&mut rng, &zh, &town_zh, community);
                    write(&town_dir.join(format!("{slug}.yaml")), &record)?;
                }
                town_i += 1;
            }
            county_i += 1;
        }
    }
    Ok(Generated { cities, counties, towns, units: opts.units })
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    fs::write(path, text).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

const SITE_YAML: &str = "# 模拟省级公开栏（性能测试数据，由 starboard dev generate 生成）
title: 中原省“五星”支部创建公开栏（模拟数据）
base_url: https://example.gov.cn/wuxing/
current_year: 2025
hotline: \"0371-12345678\"
policy:
  reward_per_star: 20000
  branch_star_requires_all: true
  income_brackets: [100000, 200000, 500000, 1000000]
  notice_days: 7
";

const PAGE_MD: &str = "---
title: 政策解读
date: 2025-01-15
---
# “五星”支部创建政策解读

每创建成功一颗星，奖补 **2 万元**。支部过硬星须与其他四颗星同时获得。
";

const VILLAGE_STARS: [&str; 4] = ["产业兴旺星", "生态宜居星", "平安法治星", "文明幸福星"];
const COMMUNITY_STARS: [&str; 4] = ["共建共享星", "平安法治星", "幸福和谐星", "宜业兴业星"];
const BRANCH_STAR: &str = "支部过硬星";

/// One unit's YAML record.
fn unit_record(rng: &mut Rng, name: &str, town: &str, community: bool) -> String {
    let mut y = String::with_capacity(2048);
    let _ = writeln!(y, "# {town} {name}");
    let _ = writeln!(y, "name: {name}");
    let _ = writeln!(y, "kind: {}", if community { "community" } else { "village" });
    let households = rng.range(180, 1500);
    let _ = write!(
        y,
        "about: |\n  {name}位于{town}{}部，{}{households}户、{}人。村党支部带领群众发展**{}**，壮大村级集体经济。\n",
        rng.pick(&["东", "西", "南", "北", "中"]),
        if community { "辖区" } else { "全村" },
        households * rng.range(3, 4),
        rng.pick(&names::INDUSTRY)
    );
    if rng.chance(30) {
        let _ = writeln!(y, "\n  近年来持续开展人居环境整治，建成文化广场和党群服务中心，群众满意度明显提升。");
    }

    // Stars: a latent strength 0..=5 that mostly rises year by year.
    y.push_str("stars:\n");
    let mut strength = rng.range(0, 3);
    let first_rated = if rng.chance(85) { *YEARS.start() } else { rng.range(i64::from(*YEARS.start()), i64::from(CURRENT_YEAR)) as u16 };
    let set = if community { &COMMUNITY_STARS } else { &VILLAGE_STARS };
    for year in YEARS {
        if year < first_rated {
            continue;
        }
        // Mostly steady, slowly improving: about 5% of villages end up with five stars.
        strength = (strength
            + match rng.below(10) {
                0..=1 => -1,
                2..=6 => 0,
                _ => 1,
            })
        .clamp(0, 5);
        if rng.chance(2) {
            continue; // not rated this year
        }
        let level = (strength + rng.range(-1, 1)).clamp(0, 5) as usize;
        let stars: Vec<&str> = if level == 5 {
            std::iter::once(BRANCH_STAR).chain(set.iter().copied()).collect()
        } else {
            let mut chosen = set.to_vec();
            while chosen.len() > level {
                chosen.remove(rng.below(chosen.len() as u64) as usize);
            }
            chosen
        };
        let _ = writeln!(y, "  {year}: [{}]", stars.join(", "));
    }

    // Income in 分: a bracket first (most villages earn 10–50 万), then growth per year.
    y.push_str("income:\n");
    let bracket = match rng.below(100) {
        0..=14 => (2_000_000, 10_000_000),
        15..=49 => (10_000_000, 20_000_000),
        50..=79 => (20_000_000, 50_000_000),
        80..=92 => (50_000_000, 100_000_000),
        _ => (100_000_000, 500_000_000),
    };
    let mut fen = rng.range(bracket.0, bracket.1 - 1);
    for year in YEARS {
        if rng.chance(3) {
            continue;
        }
        let shown = if rng.chance(30) { fen } else { fen / 100 * 100 };
        let _ = writeln!(y, "  {year}: {}", money(shown));
        fen = fen * rng.range(95, 125) / 100;
    }

    let honors = rng.below(9);
    if honors > 0 {
        y.push_str("honors:\n");
        for _ in 0..honors {
            let _ = writeln!(
                y,
                "  - {{year: {}, roll: {}, name: {}, reason: \"{}\"}}",
                rng.range(i64::from(*YEARS.start()), i64::from(CURRENT_YEAR)),
                rng.pick(&crate::model::DEFAULT_HONOR_ROLLS),
                person(rng),
                rng.pick(&names::REASON)
            );
        }
    }

    let projects = match rng.below(10) {
        0..=2 => 0,
        3..=6 => 1,
        7..=8 => 2,
        _ => 3,
    };
    let mut notices = Vec::new();
    if projects > 0 {
        y.push_str("projects:\n");
        for p in 0..projects {
            project(rng, &mut y, p, &mut notices);
        }
    }
    let rated_notice = rng.chance(70);
    if rated_notice || !notices.is_empty() {
        y.push_str("notices:\n");
        if rated_notice {
            let _ = write!(
                y,
                "  - title: {CURRENT_YEAR}年度星级评定结果公示\n    start: {CURRENT_YEAR}-12-{:02}\n    body: |\n      经村党支部申报、乡镇党委初审、县创建专班复核，现将{name}{CURRENT_YEAR}年度星级评定结果予以公示。\n\n      公示期内如有异议，请拨打监督电话反映。\n",
                rng.range(1, 15)
            );
        }
        for n in notices {
            y.push_str(&n);
        }
    }
    y
}

/// One project (and the notice of its resolution) with steps in order and spending ≤ budget.
fn project(rng: &mut Rng, y: &mut String, index: u64, notices: &mut Vec<String>) {
    let (name, stem) = rng.pick(&names::PROJECT);
    let year = rng.range(i64::from(*YEARS.start()), i64::from(CURRENT_YEAR));
    let budget_yuan = rng.range(5, 150) * 10_000;
    let _ = write!(y, "  - id: {stem}-{year}-{}\n    name: {name}\n    year: {year}\n    budget: {budget_yuan}\n    steps:\n", index + 1);
    // Day of year 1..=200 for the proposal; steps follow a few days apart.
    let mut day = rng.range(1, 200);
    let keys = ["proposed", "discussed", "reviewed", "resolved", "resolution_published", "result_published"];
    let done = if year == i64::from(CURRENT_YEAR) { rng.range(1, 6) } else { 6 } as usize;
    let mut resolved_day = None;
    for (i, key) in keys.iter().enumerate().take(done) {
        if i == 5 {
            day = (day + rng.range(60, 140)).min(360);
        }
        let _ = writeln!(y, "      {key}: {}", date(year, day));
        if i == 3 {
            resolved_day = Some(day);
        }
        if i == 4 {
            notices.push(format!(
                "  - title: {name}项目决议公开\n    start: {}\n    end: {}\n    body: |\n      村民代表会议表决通过{name}项目，预算{}万元。\n",
                date(year, day),
                date(year, (day + 6).min(365)),
                budget_yuan / 10_000
            ));
        }
        day = (day + rng.range(1, 5)).min(360);
    }
    let Some(resolved) = resolved_day else { return };
    let lines = rng.range(1, 4);
    let mut left = budget_yuan * 100 * rng.range(60, 100) / 100;
    y.push_str("    spending:\n");
    let mut d = resolved;
    for i in 0..lines {
        let amount = if i == lines - 1 { left } else { left * rng.range(20, 60) / 100 };
        left -= amount;
        d = (d + rng.range(0, 30)).min(365);
        let _ = writeln!(y, "      - {{date: {}, item: \"{}\", amount: {}}}", date(year, d), rng.pick(&names::SPENDING), money(amount));
    }
}

/// `YYYY-MM-DD` of day `day` (1-based) of `year`, using 28-to-31-day months.
fn date(year: i64, day: i64) -> String {
    const MONTHS: [i64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut d = day.clamp(1, 365);
    for (m, len) in MONTHS.iter().enumerate() {
        if d <= *len {
            return format!("{year}-{:02}-{d:02}", m + 1);
        }
        d -= len;
    }
    format!("{year}-12-31")
}

/// 元 text of an amount in 分 (`123456` → `1234.56`, `100` → `1`).
fn money(fen: i64) -> String {
    if fen % 100 == 0 { (fen / 100).to_string() } else { format!("{}.{:02}", fen / 100, fen % 100) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_scales_with_units() {
        assert_eq!(shape(46_000), (17, 160, 2_400));
        assert_eq!(shape(1_000), (1, 3, 52));
        assert_eq!(shape(10_000), (4, 35, 522));
        assert_eq!(shape(3), (1, 1, 1));
    }

    #[test]
    fn split_keeps_total() {
        let mut rng = Rng(1);
        let s = split(&mut rng, 100, 7);
        assert_eq!(s.iter().sum::<usize>(), 100);
        assert!(s.iter().all(|&n| n >= 1));
    }

    #[test]
    fn dates_and_money() {
        assert_eq!(date(2024, 1), "2024-01-01");
        assert_eq!(date(2024, 60), "2024-03-01");
        assert_eq!(date(2024, 365), "2024-12-31");
        assert_eq!(money(123_456), "1234.56");
        assert_eq!(money(100), "1");
        assert_eq!(money(105), "1.05");
    }

    #[test]
    fn generated_site_validates_and_is_deterministic() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        let g = generate(&GenerateOptions { units: 300, out: a.clone(), seed: 7 }).unwrap();
        generate(&GenerateOptions { units: 300, out: b.clone(), seed: 7 }).unwrap();
        assert_eq!(g.units, 300);
        let checked = crate::pipeline::check(&a);
        assert!(checked.diagnostics.is_empty(), "{:?}", &checked.diagnostics[..checked.diagnostics.len().min(5)]);
        let (model, _) = checked.site.unwrap();
        assert_eq!(model.units.len(), 300);
        assert_eq!(model.regions.len(), 1 + g.cities + g.counties + g.towns);
        for entry in walkdir::WalkDir::new(&a).sort_by_file_name() {
            let entry = entry.unwrap();
            let other = b.join(entry.path().strip_prefix(&a).unwrap());
            if entry.file_type().is_file() {
                assert_eq!(fs::read(entry.path()).unwrap(), fs::read(&other).unwrap(), "{}", entry.path().display());
            }
        }
        assert!(generate(&GenerateOptions { units: 300, out: a, seed: 7 }).is_err(), "non-empty dir must be refused");
    }
}
