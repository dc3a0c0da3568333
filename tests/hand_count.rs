//! A county of 104 villages and 4 communities, written by the test, whose county and town
//! figures are counted here independently ("by hand") and compared with data.json.

mod common;
use common::*;
use std::collections::BTreeMap;

const VILLAGE: [&str; 5] = ["支部过硬星", "产业兴旺星", "生态宜居星", "平安法治星", "文明幸福星"];

/// Deterministic pseudo-random stream (xorshift), so the county is the same on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

struct V {
    town: usize,
    stars: BTreeMap<u16, Vec<&'static str>>,
    income: BTreeMap<u16, u64>, // 分
}

#[test]
fn county_of_104_villages_matches_a_hand_count() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("content");
    let w = |rel: &str, text: String| {
        let p = c.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w("site.yaml", "title: 示范区\nbase_url: https://example.gov.cn/\ncurrent_year: 2024\n".into());
    w("regions/_index.yaml", "name: 示范区\nkind: county\n".into());
    let mut rng = Rng(0x5eed);
    let mut villages = Vec::new();
    for t in 0..4 {
        w(&format!("regions/t{t}/_index.yaml"), format!("name: 第{t}镇\nkind: town\n"));
        for v in 0..26 {
            let mut stars = BTreeMap::new();
            let mut income = BTreeMap::new();
            for year in 2022..=2024u16 {
                // The first village of town 0 is 五星 in all three years (银五星 in 2024).
                let set: Vec<&str> =
                    if t == 0 && v == 0 { VILLAGE.to_vec() } else { VILLAGE[1..].iter().copied().filter(|_| rng.next(2) == 0).collect() };
                stars.insert(year, set);
                income.insert(year, rng.next(150_000_000) + rng.next(100));
            }
            let yaml_stars: String = stars.iter().map(|(y, s)| format!("  {y}: [{}]\n", s.join(", "))).collect();
            let yaml_income: String = income.iter().map(|(y, f)| format!("  {y}: {}.{:02}\n", f / 100, f % 100)).collect();
            w(&format!("regions/t{t}/v{v}.yaml"), format!("name: 村{t}-{v}\nstars:\n{yaml_stars}income:\n{yaml_income}"));
            villages.push(V { town: t, stars, income });
        }
    }
    w("regions/t3/s0.yaml", "name: 甲社区\nkind: community\nstars:\n  2024: [共建共享星, 平安法治星, 幸福和谐星]\n".into());

    let run = build_dir(&c);
    run.succeeds();
    let county = run.json("data.json");
    for year in 2022..=2024u16 {
        let y = &county["years"][year.to_string()];
        let mut levels = [0u64; 6];
        let mut per_star = [0u64; 5];
        let mut total: u64 = 0;
        let mut stars_held = 0u64;
        let mut brackets = [0u64; 5];
        for v in &villages {
            let s = &v.stars[&year];
            levels[s.len()] += 1;
            stars_held += s.len() as u64;
            for (i, name) in VILLAGE.iter().enumerate() {
                per_star[i] += u64::from(s.contains(name));
            }
            let inc = v.income[&year];
            total += inc;
            let yuan = inc / 100;
            brackets[[100_000, 200_000, 500_000, 1_000_000].iter().filter(|b| yuan >= **b).count()] += 1;
        }
        if year == 2024 {
            stars_held += 3;
        }
        assert_eq!(y["village"]["count"], 104, "{year}");
        for l in 0..6 {
            assert_eq!(y["village"]["levels"][l.to_string()], levels[l], "{year} level {l}");
        }
        for (i, name) in VILLAGE.iter().enumerate() {
            assert_eq!(y["village"]["stars"][name], per_star[i], "{year} {name}");
        }
        let three: u64 = levels[3..].iter().sum();
        assert_eq!(y["village"]["at_least_three"], three);
        let hundredths = (three * 20_000 + 104) / 208;
        assert_eq!(y["village"]["at_least_three_pct"], format!("{}.{:02}", hundredths / 100, hundredths % 100));
        assert_eq!(y["income"]["reported"], 104);
        assert_eq!(y["income"]["total"], format!("{}.{:02}", total / 100, total % 100));
        for (i, n) in brackets.iter().enumerate() {
            assert_eq!(y["income"]["brackets"][i]["count"], *n, "{year} bracket {i}");
        }
        assert_eq!(y["reward_total"], format!("{}.00", stars_held * 20_000));
        assert_eq!(y["village"]["silver"], u64::from(year == 2024));
    }
    assert_eq!(county["years"]["2024"]["community"]["count"], 1);
    assert_eq!(county["years"]["2024"]["community"]["levels"]["3"], 1);
    // Each town counts only its own villages.
    for t in 0..4 {
        let town = run.json(&format!("t{t}/data.json"));
        let lvl5 = villages.iter().filter(|v| v.town == t && v.stars[&2024].len() == 5).count() as u64;
        assert_eq!(town["years"]["2024"]["village"]["count"], 26);
        assert_eq!(town["years"]["2024"]["village"]["levels"]["5"], lvl5);
    }
}
