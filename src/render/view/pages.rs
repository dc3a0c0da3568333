//! View structs for the pages beside the region and unit pages: a region's 光荣榜 page
//! (`<region>/honors/index.html`) and the free Markdown pages (`pages/<slug>/index.html`).

use serde::Serialize;

use crate::model::{Model, Page, RegionId};
use crate::render::{RenderContext, markdown};

use super::PageCommon;
use super::records::{HonorRollView, honor_rolls, unit_link};

/// Directory of a region's 光荣榜 page, below the region's own directory.
pub const HONORS_DIR: &str = "honors";

/// Site path of the 光荣榜 page of the region at `region_path` (`/zaolin/` → `/zaolin/honors/`).
pub fn honors_path(region_path: &str) -> String {
    format!("{region_path}{HONORS_DIR}/")
}

/// Site path of a free page (`/pages/zhengce-jiedu/`).
pub fn free_page_path(slug: &str) -> String {
    format!("/pages/{slug}/")
}

/// A region's 光荣榜 page.
#[derive(Debug, Clone, Serialize)]
pub struct HonorsPageView {
    /// Frame.
    pub page: PageCommon,
    /// Region name.
    pub region: String,
    /// Link back to the region page.
    pub region_href: String,
    /// Rolls with entries, in `site.yaml` order.
    pub rolls: Vec<HonorRollView>,
    /// Entries in all rolls.
    pub count: usize,
    /// Instead of `rolls`, when the region is too big to list everyone on one page: its
    /// sub-regions with their counts, each linking to its own 光荣榜.
    pub by_region: Vec<RegionHonors>,
}

/// A sub-region's line on a big region's 光荣榜 page.
#[derive(Debug, Clone, Serialize)]
pub struct RegionHonors {
    /// Link to the sub-region's 光荣榜.
    pub link: super::Link,
    /// Entries below it.
    pub count: usize,
}

/// The number of 光荣榜 entries below region `id` and, when it is over [`HONORS_PAGE_LIMIT`] and
/// the region has sub-regions, each sub-region with its count (what its 光荣榜 lists instead).
pub fn honors_by_region(m: &Model, id: RegionId) -> (usize, Option<Vec<(RegionId, usize)>>) {
    let count_below = |id: RegionId| m.units_below(id).iter().map(|&u| m.units[u].honors.len()).sum::<usize>();
    let count = count_below(id);
    let children = &m.regions[id].children;
    let split = (count > HONORS_PAGE_LIMIT && !children.is_empty()).then(|| children.iter().map(|&c| (c, count_below(c))).collect());
    (count, split)
}

/// A region's 光荣榜 lists everyone up to this many entries (a county's runs to a few hundred);
/// above it (a city, a province: 100,000 entries, tens of megabytes) the page lists the
/// sub-regions instead, each linking to its own list, so every page opens on a cheap phone.
pub const HONORS_PAGE_LIMIT: usize = 1000;

impl HonorsPageView {
    /// View of the 光荣榜 of region `id`.
    pub fn new(ctx: &RenderContext<'_>, id: RegionId) -> HonorsPageView {
        let m = ctx.model;
        let r = &m.regions[id];
        let path = honors_path(&r.path);
        let at = path.as_str();
        let (count, split) = honors_by_region(m, id);
        let (rolls, by_region) = match split {
            Some(split) => {
                let by_region = split
                    .into_iter()
                    .map(|(c, count)| RegionHonors {
                        link: super::Link { name: m.regions[c].name.clone(), href: super::href(at, &honors_path(&m.regions[c].path)) },
                        count,
                    })
                    .collect();
                (Vec::new(), by_region)
            }
            None => {
                let units = m.units_below(id);
                let honors = units.iter().flat_map(|&u| m.units[u].honors.iter().map(move |h| (h, Some(unit_link(m, at, &r.path, u, "")))));
                (honor_rolls(&m.site.honor_rolls, honors), Vec::new())
            }
        };
        HonorsPageView {
            page: PageCommon::new(ctx, &path, id, &format!("{}光荣榜", r.name)),
            region: r.name.clone(),
            region_href: "../index.html".into(),
            count,
            rolls,
            by_region,
        }
    }
}

/// A free Markdown page (政策解读, 公开承诺书 …).
#[derive(Debug, Clone, Serialize)]
pub struct FreePageView {
    /// Frame.
    pub page: PageCommon,
    /// 标题.
    pub title: String,
    /// 日期, `2025年3月1日`.
    pub date: Option<String>,
    /// 日期, `2025-03-01`.
    pub date_iso: Option<String>,
    /// Body as HTML.
    pub body_html: String,
    /// The body opens with its own `# 标题`, which then is the page heading (no second `<h1>`).
    pub body_has_h1: bool,
}

impl FreePageView {
    /// View of a free page.
    pub fn new(ctx: &RenderContext<'_>, p: &Page) -> FreePageView {
        FreePageView {
            page: PageCommon::new(ctx, &free_page_path(&p.slug), 0, &p.title),
            title: p.title.clone(),
            date: p.date.map(|d| d.zh()),
            date_iso: p.date.map(|d| d.to_string()),
            body_html: markdown::to_html(&p.body),
            body_has_h1: p.body.lines().find(|l| !l.trim().is_empty()).is_some_and(|l| l.starts_with("# ")),
        }
    }
}
