//! `site.yaml` → [`Site`]: settings and policy, with the documented defaults.

use std::path::Path;

use crate::diag::{Diagnostic, Location, YamlPath};
use crate::load::raw::{RawSite, Scalar};
use crate::model::{DEFAULT_HONOR_ROLLS, Money, PaperSize, Policy, Site, Year};

use super::fields::FileCheck;

/// Validates `site.yaml`; `None` when it has errors that make the rest unjudgeable.
pub fn validate_site(raw: &RawSite, diags: &mut Vec<Diagnostic>) -> Option<Site> {
    let file = Path::new("site.yaml");
    let root = YamlPath::root();
    let before = diags.len();
    let mut c = FileCheck { file, diags, current_year: 9999 };
    let title = c.text(&raw.title, &root.key("title"), ("站点标题 title", "title"));
    let base_url = base_url(&mut c, &raw.base_url);
    let current_year = c.year(&raw.current_year, Location::Value(root.key("current_year")));
    let hotline = raw.hotline.as_deref().map(str::trim).filter(|h| !h.is_empty()).map(str::to_string);
    if let Some(h) = &hotline
        && (!h.chars().any(|ch| ch.is_ascii_digit()) || !h.chars().all(|ch| ch.is_ascii_digit() || "-+ ()（）转".contains(ch)))
    {
        c.error(
            Location::Value(root.key("hotline")),
            format!("监督电话“{h}”格式不对，应为电话号码，如 0374-1234567"),
            format!("hotline \"{h}\" is not a phone number like 0374-1234567"),
        );
    }
    let policy = policy(&mut c, raw);
    let poster_size = match raw.poster_size.as_deref() {
        None => Some(PaperSize::A3),
        Some(s) => PaperSize::parse(s).or_else(|| {
            c.error(
                Location::Value(root.key("poster_size")),
                format!("海报尺寸“{s}”无效，可选 a4、a3、a2"),
                format!("poster_size \"{s}\" is invalid; use a4, a3 or a2"),
            );
            None
        }),
    };
    let kiosk = raw.kiosk.clone().unwrap_or_default();
    let slide = seconds(&mut c, kiosk.slide_seconds.as_ref(), root.key("kiosk").key("slide_seconds"), 12);
    let idle = seconds(&mut c, kiosk.idle_seconds.as_ref(), root.key("kiosk").key("idle_seconds"), 60);
    let honor_rolls = match &raw.honor_rolls {
        None => DEFAULT_HONOR_ROLLS.iter().map(|s| s.to_string()).collect(),
        Some(rolls) => {
            let mut out: Vec<String> = Vec::new();
            for (i, r) in rolls.iter().enumerate() {
                let p = root.key("honor_rolls").index(i);
                if let Some(r) = c.text(r, &p, ("榜单名称", "roll name")) {
                    if out.contains(&r) {
                        c.error(Location::Value(p), format!("榜单“{r}”重复"), format!("roll \"{r}\" is listed twice"));
                    } else {
                        out.push(r);
                    }
                }
            }
            out
        }
    };
    if diags.len() > before {
        return None;
    }
    Some(Site {
        title: title?,
        base_url: base_url?,
        current_year: current_year?,
        hotline,
        policy: policy?,
        honor_rolls,
        poster_size: poster_size?,
        kiosk_slide_seconds: slide?,
        kiosk_idle_seconds: idle?,
    })
}

/// A public http(s) address ending in `/`, or `None` when `raw` is not one.
pub fn normalize_base_url(raw: &str) -> Option<String> {
    let u = raw.trim();
    let ok = (u.starts_with("https://") || u.starts_with("http://"))
        && u.len() > "https://".len()
        && !u.contains(char::is_whitespace)
        && !u.contains(['"', '<', '>', '\'', '?', '#']);
    ok.then(|| if u.ends_with('/') { u.to_string() } else { format!("{u}/") })
}

fn base_url(c: &mut FileCheck<'_>, raw: &str) -> Option<String> {
    let u = raw.trim();
    let normalized = normalize_base_url(u);
    if normalized.is_none() {
        c.error(
            Location::Value(YamlPath::root().key("base_url")),
            format!("网址 base_url“{u}”无效，应以 https:// 开头，如 https://example.gov.cn/wuxing/"),
            format!("base_url \"{u}\" must be an http(s) address like https://example.gov.cn/wuxing/"),
        );
    }
    normalized
}

fn policy(c: &mut FileCheck<'_>, raw: &RawSite) -> Option<Policy> {
    let p = raw.policy.clone().unwrap_or_default();
    let at = YamlPath::root().key("policy");
    let reward_per_star = match &p.reward_per_star {
        Some(s) => c.money(s, &at.key("reward_per_star"), ("每星奖补 reward_per_star", "reward_per_star"))?,
        None => Money::yuan(20_000),
    };
    let branch_star_requires_all = match p.branch_star_requires_all.as_ref().map(|s| s.as_str().trim()) {
        None | Some("true") => true,
        Some("false") => false,
        Some(other) => {
            c.error(
                Location::Value(at.key("branch_star_requires_all")),
                format!("“{other}”应为 true 或 false"),
                format!("\"{other}\" must be true or false"),
            );
            return None;
        }
    };
    let income_brackets = match &p.income_brackets {
        None => [100_000, 200_000, 500_000, 1_000_000].map(Money::yuan).to_vec(),
        Some(list) => {
            let mut out: Vec<Money> = Vec::new();
            for (i, s) in list.iter().enumerate() {
                let path = at.key("income_brackets").index(i);
                let m = c.money(s, &path, ("收入分档", "income bracket"))?;
                if out.last().is_some_and(|last| *last >= m) || m == Money::ZERO {
                    c.error(Location::Value(path), "收入分档须为从小到大、大于零的金额", "income brackets must be positive and ascending");
                    return None;
                }
                out.push(m);
            }
            out
        }
    };
    let notice_days = seconds(c, p.notice_days.as_ref(), at.key("notice_days"), 7)?;
    Some(Policy { reward_per_star, branch_star_requires_all, income_brackets, notice_days })
}

/// A positive whole number (seconds, days) with a default.
fn seconds(c: &mut FileCheck<'_>, raw: Option<&Scalar>, path: YamlPath, default: u32) -> Option<u32> {
    let Some(s) = raw else { return Some(default) };
    match s.as_str().trim().parse::<u32>() {
        Ok(n) if (1..=3650).contains(&n) => Some(n),
        _ => {
            c.error(
                Location::Value(path),
                format!("“{}”应为 1 到 3650 之间的整数", s.as_str()),
                format!("\"{}\" must be a whole number from 1 to 3650", s.as_str()),
            );
            None
        }
    }
}

/// The current year a unit check uses when site.yaml itself is broken (so unit checks still run).
pub const FALLBACK_CURRENT_YEAR: Year = 2100;
