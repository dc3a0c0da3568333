//! Stage 2 — validate: raw records → the typed [`Model`], collecting every problem of the run.
//!
//! Unit records are checked in parallel (each only needs the site's rules); the region tree,
//! slugs and cross-file rules are checked afterwards in one pass.

pub mod fields;
pub mod pii;
pub mod site;
pub mod suggest;
pub mod unit;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rayon::prelude::*;

use crate::diag::{self, Diagnostic, Location, YamlPath};
use crate::load::{Loaded, LoadedRegion, LoadedUnit};
use crate::model::{DEFAULT_HONOR_ROLLS, Model, Page, Region, RegionKind, Unit};
use fields::FileCheck;
use pii::PiiGuard;
use unit::{UnitRules, validate_unit};

/// Output directory names a slug may not take (they hold generated pages).
pub const RESERVED_SLUGS: [&str; 9] = ["assets", "data", "kiosk", "pages", "poster", "search", "feeds", "a4", "honors"];

/// The result of validation: the model when there were no errors, and every diagnostic.
#[derive(Debug)]
pub struct Validated {
    /// The model, present only when no error was found.
    pub model: Option<Model>,
    /// Errors and warnings, from loading and validating.
    pub diagnostics: Vec<Diagnostic>,
}

/// Validates everything that was loaded.
pub fn validate(mut loaded: Loaded) -> Validated {
    let mut diags = std::mem::take(&mut loaded.diagnostics);
    let site = loaded.site.as_ref().and_then(|s| site::validate_site(&s.raw, &mut diags));
    let current_year = site.as_ref().map_or(site::FALLBACK_CURRENT_YEAR, |s| s.current_year);
    let guard = PiiGuard::new(loaded.site.as_ref().and_then(|s| s.raw.hotline.as_deref()));
    if let Some(s) = &loaded.site {
        let mut c = FileCheck { file: &s.file, diags: &mut diags, current_year };
        pii::check_field(&guard, &s.raw.title, &Location::Value(YamlPath::root().key("title")), &mut c);
        for (i, roll) in s.raw.honor_rolls.iter().flatten().enumerate() {
            pii::check_field(&guard, roll, &Location::Value(YamlPath::root().key("honor_rolls").index(i)), &mut c);
        }
    }
    let default_rolls: Vec<String> = DEFAULT_HONOR_ROLLS.iter().map(|s| s.to_string()).collect();
    let rules = UnitRules {
        branch_star_requires_all: site.as_ref().is_none_or(|s| s.policy.branch_star_requires_all),
        honor_rolls: site.as_ref().map_or(&default_rolls[..], |s| &s.honor_rolls[..]),
        notice_days: site.as_ref().map_or(7, |s| s.policy.notice_days),
    };

    let checked: Vec<(Option<Unit>, Vec<Diagnostic>, usize)> = loaded
        .units
        .par_iter()
        .map(|lu| {
            let (unit, ds) = check_unit(lu, &rules, &guard, current_year);
            (unit, ds, lu.region)
        })
        .collect();

    let mut regions = regions(&loaded.regions, &guard, &mut diags);
    let mut units = Vec::with_capacity(checked.len());
    for (unit, ds, region) in checked {
        diags.extend(ds);
        if let (Some(mut u), Some(regions)) = (unit, regions.as_mut()) {
            let r = &mut regions[region];
            u.region = region;
            u.path = format!("{}{}/", r.path, u.slug);
            r.units.push(units.len());
            units.push(u);
        }
    }
    if let Some(regions) = &regions {
        check_collisions(regions, &units, &mut diags);
    }
    let pages = pages(&loaded, current_year, &guard, &mut diags);

    let model = match (site, regions) {
        (Some(site), Some(regions)) if !diag::has_errors(&diags) => Some(Model { site, regions, units, pages }),
        _ => None,
    };
    // The raw records are not needed any more. Freeing a province's (millions of small strings)
    // took ~0.25 s on one core while the other waited before rendering: the pool frees them
    // beside the next stage instead.
    rayon::spawn(move || drop(loaded));
    Validated { model, diagnostics: diags }
}

/// Checks one unit record on its own: everything but its place in the tree. Shared by the full
/// validation and `serve`'s incremental one, so both judge a record the same way.
pub fn check_unit(
    lu: &LoadedUnit,
    rules: &UnitRules<'_>,
    guard: &PiiGuard,
    current_year: crate::model::Year,
) -> (Option<Unit>, Vec<Diagnostic>) {
    let mut ds = Vec::new();
    let mut c = FileCheck { file: &lu.record.file, diags: &mut ds, current_year };
    check_slug(&lu.slug, &mut c);
    let unit = validate_unit(&lu.record.raw, &lu.slug, &mut c, rules);
    pii::check_unit(guard, &lu.record.raw, &mut c);
    (unit, ds)
}

/// The unit rules of a validated site.
pub fn unit_rules(site: &crate::model::Site) -> UnitRules<'_> {
    UnitRules {
        branch_star_requires_all: site.policy.branch_star_requires_all,
        honor_rolls: &site.honor_rolls,
        notice_days: site.policy.notice_days,
    }
}

/// Slugs are ASCII `[a-z0-9-]+` and not a reserved output name.
fn check_slug(slug: &str, c: &mut FileCheck<'_>) {
    let valid = !slug.is_empty() && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        c.error(
            Location::File,
            format!("文件或目录名“{slug}”只能用小写字母、数字和连字符（建议用拼音，如 dongcun）"),
            format!("name \"{slug}\" may contain only a-z, 0-9 and '-' (use pinyin, e.g. dongcun)"),
        );
    } else if RESERVED_SLUGS.contains(&slug) {
        c.error(
            Location::File,
            format!("名称“{slug}”是系统保留的目录名，请换一个"),
            format!("\"{slug}\" is a reserved output directory name; choose another"),
        );
    }
}

/// Builds the region tree from the loaded directories; `None` if any region is invalid.
fn regions(loaded: &[LoadedRegion], guard: &PiiGuard, diags: &mut Vec<Diagnostic>) -> Option<Vec<Region>> {
    let mut out: Vec<Region> = Vec::with_capacity(loaded.len());
    let mut ok = true;
    for (i, lr) in loaded.iter().enumerate() {
        let mut c = FileCheck { file: &lr.index_file, diags, current_year: site::FALLBACK_CURRENT_YEAR };
        if let Some(slug) = lr.slugs.last() {
            let dir = lr.index_file.parent().unwrap_or(Path::new(""));
            let mut dc = FileCheck { file: dir, diags: c.diags, current_year: c.current_year };
            check_slug(slug, &mut dc);
        }
        let Some(raw) = &lr.index else {
            ok = false;
            continue;
        };
        let root = YamlPath::root();
        let name = c.text(&raw.name, &root.key("name"), ("名称 name", "name"));
        pii::check_field(guard, &raw.name, &Location::Value(root.key("name")), &mut c);
        if let Some(about) = &raw.about {
            pii::check_field(guard, about, &Location::Value(root.key("about")), &mut c);
        }
        let kind = RegionKind::parse(&raw.kind);
        if kind.is_none() {
            let k = raw.kind.trim();
            let hint = suggest::nearest(k, ["province", "city", "county", "town"]).unwrap_or("town");
            c.error(
                Location::Value(root.key("kind")),
                format!("区域类型 kind“{k}”无效，可选 province（省）、city（市）、county（县/区）、town（乡/镇/街道）；是否是“{hint}”？"),
                format!("region kind \"{k}\" is invalid; use province, city, county or town"),
            );
        }
        if let (Some(kind), Some(parent)) = (kind, lr.parent.and_then(|p| out.get(p)))
            && kind <= parent.kind
        {
            c.error(
                Location::Value(root.key("kind")),
                format!("“{}”（{}）不能放在“{}”（{}）之下", name.as_deref().unwrap_or(""), kind.label(), parent.name, parent.kind.label()),
                format!("a {} cannot be inside a {}", kind.key(), parent.kind.key()),
            );
            ok = false;
        }
        if lr.parent.is_some_and(|p| out.len() <= p) || out.len() != i {
            // A parent failed: keep indices aligned with `loaded` but stop building.
            ok = false;
        }
        let (Some(name), Some(kind)) = (name, kind) else {
            ok = false;
            continue;
        };
        if !ok {
            continue;
        }
        let path = if lr.slugs.is_empty() { "/".to_string() } else { format!("/{}/", lr.slugs.join("/")) };
        let declared = declared(raw, &mut c);
        if let Some(p) = lr.parent {
            let next = out.len();
            out[p].children.push(next);
        }
        out.push(Region {
            name,
            kind,
            path,
            parent: lr.parent,
            children: Vec::new(),
            units: Vec::new(),
            about: raw.about.clone().filter(|a| !a.trim().is_empty()),
            source: lr.index_file.clone(),
            declared,
        });
    }
    ok.then_some(out)
}

/// Parses `declared:` figures (reconciled later against the computed ones).
fn declared(raw: &crate::load::raw::RawRegion, c: &mut FileCheck<'_>) -> BTreeMap<crate::model::Year, crate::model::Declared> {
    use crate::load::raw::{RawMap, Scalar};
    use crate::model::{Declared, Star};
    let mut out = BTreeMap::new();
    let Some(map) = &raw.declared else { return out };
    let counts = |c: &mut FileCheck<'_>, at: &YamlPath, value: &Scalar| -> Option<u32> {
        value.as_str().trim().parse::<u32>().ok().or_else(|| {
            c.error(
                Location::Value(at.clone()),
                format!("“{}”应为非负整数", value.as_str()),
                format!("\"{}\" must be a whole number", value.as_str()),
            );
            None
        })
    };
    let levels = |c: &mut FileCheck<'_>, at: YamlPath, m: &Option<RawMap<Scalar>>| {
        m.as_ref().map(|m| {
            let mut levels = BTreeMap::new();
            for (k, v) in &m.0 {
                let p = at.key(k.as_str());
                match k.as_str().trim().parse::<u8>() {
                    Ok(l) if l <= 5 => {
                        if let Some(n) = counts(c, &p, v) {
                            levels.insert(l, n);
                        }
                    }
                    _ => c.error(
                        Location::Key(p),
                        format!("星级“{}”应为 0 到 5", k.as_str()),
                        format!("level \"{}\" must be 0–5", k.as_str()),
                    ),
                }
            }
            levels
        })
    };
    let stars = |c: &mut FileCheck<'_>, at: YamlPath, m: &Option<RawMap<Scalar>>| {
        m.as_ref().map(|m| {
            let mut stars = BTreeMap::new();
            for (k, v) in &m.0 {
                let p = at.key(k.as_str());
                match Star::parse(k.as_str()) {
                    Some(s) => {
                        if let Some(n) = counts(c, &p, v) {
                            stars.insert(s, n);
                        }
                    }
                    None => c.error(Location::Key(p), format!("未知的星“{}”", k.as_str()), format!("unknown star \"{}\"", k.as_str())),
                }
            }
            stars
        })
    };
    let mut seen = std::collections::HashSet::new();
    for (key, d) in &map.0 {
        let at = YamlPath::root().key("declared").key(key.as_str());
        let Some(year) = c.year(key, Location::Key(at.clone())) else { continue };
        if !seen.insert(year) {
            c.error(Location::Key(at), format!("declared 中年份 {year} 写了两次"), format!("year {year} appears twice in declared"));
            continue;
        }
        let decl = Declared {
            village_levels: levels(c, at.key("village_levels"), &d.village_levels),
            village_stars: stars(c, at.key("village_stars"), &d.village_stars),
            community_levels: levels(c, at.key("community_levels"), &d.community_levels),
            community_stars: stars(c, at.key("community_stars"), &d.community_stars),
            income_total: d.income_total.as_ref().and_then(|s| c.money(s, &at.key("income_total"), ("收入合计", "income total"))),
            reward_total: d.reward_total.as_ref().and_then(|s| c.money(s, &at.key("reward_total"), ("奖补合计", "reward total"))),
        };
        out.insert(year, decl);
    }
    out
}

/// A unit `x.yaml` and a sub-region `x/` in one directory would publish to the same place.
fn check_collisions(regions: &[Region], units: &[Unit], diags: &mut Vec<Diagnostic>) {
    let mut by_path: HashMap<&str, &Path> = HashMap::new();
    for r in regions {
        by_path.insert(&r.path, &r.source);
    }
    for u in units {
        if let Some(region_file) = by_path.get(u.path.as_str()) {
            diags.push(Diagnostic::error(
                &u.source,
                Location::File,
                format!("“{}”与目录 {} 同名，两者会生成到同一网址，请改名", u.slug, region_file.parent().unwrap_or(region_file).display()),
                format!("slug \"{}\" collides with the region directory of the same name", u.slug),
            ));
        }
    }
}

/// Free pages: title required, optional date and weight.
fn pages(loaded: &Loaded, current_year: crate::model::Year, guard: &PiiGuard, diags: &mut Vec<Diagnostic>) -> Vec<Page> {
    let mut out = Vec::new();
    for p in &loaded.pages {
        let mut c = FileCheck { file: &p.meta.file, diags, current_year };
        // Front matter is the file's first YAML document, so paths into it resolve in the .md file.
        let before = c.diags.len();
        check_slug(&p.slug, &mut c);
        let title = c.text(&p.meta.raw.title, &YamlPath::root().key("title"), ("标题 title", "title"));
        pii::check_field(guard, &p.meta.raw.title, &Location::Value(YamlPath::root().key("title")), &mut c);
        pii::check_body(guard, &p.body, p.body_line, &mut c);
        let date = p.meta.raw.date.as_ref().and_then(|d| c.date(d, &YamlPath::root().key("date")));
        let weight = match &p.meta.raw.weight {
            None => 0,
            Some(w) => w.as_str().trim().parse::<i64>().unwrap_or_else(|_| {
                c.error(
                    Location::Value(YamlPath::root().key("weight")),
                    format!("排序 weight“{}”应为整数", w.as_str()),
                    format!("weight \"{}\" must be an integer", w.as_str()),
                );
                0
            }),
        };
        if c.diags.len() == before
            && let Some(title) = title
        {
            out.push(Page { slug: p.slug.clone(), title, date, weight, body: p.body.clone(), source: p.meta.file.clone() });
        }
    }
    out.sort_by(|a, b| a.weight.cmp(&b.weight).then(a.slug.cmp(&b.slug)));
    out
}
