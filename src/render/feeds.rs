//! Atom feeds of 公示 (notices): one per region (`<region>/notices.xml`, the notices of every unit
//! below it) and the root region's, which is site-wide (`notices.xml`). Residents and media can
//! follow new 公示 in any feed reader.

use rayon::prelude::*;
use serde::Serialize;

use crate::model::{Date, Model, Notice, NoticeStatus, RegionId, Unit};

use super::markdown;
use super::output::Staging;
use super::{PAGE_BATCH, RenderContext, RenderError, Renderer, page_file, render_template};

/// Most recent notices a feed carries.
pub const FEED_MAX_ENTRIES: usize = 100;

/// File name of a region's feed, beside its `index.html`.
pub const FEED_FILE: &str = "notices.xml";

/// Writes `notices.xml` for every region.
pub struct FeedRenderer;

/// One feed entry.
#[derive(Debug, Serialize)]
pub struct EntryView {
    /// Stable id: the unit page URL plus the notice's position among the unit's notices.
    pub id: String,
    /// `东村：2024年度星级评定结果公示`.
    pub title: String,
    /// Absolute address of the unit page.
    pub link: String,
    /// RFC 3339 date of the 公示 start (China time).
    pub updated: String,
    /// 公示期 line and the body as HTML (escaped again by the template: Atom `type="html"`).
    pub content_html: String,
}

/// A region's feed.
#[derive(Debug, Serialize)]
pub struct FeedView {
    /// Feed id and self link.
    pub id: String,
    /// `宁川县 公示`.
    pub title: String,
    /// Region page URL.
    pub link: String,
    /// Newest entry date, or the build date when there is none.
    pub updated: String,
    /// Entries, newest first.
    pub entries: Vec<EntryView>,
}

/// RFC 3339 timestamp of midnight China time on `d`.
fn rfc3339(d: Date) -> String {
    format!("{d}T00:00:00+08:00")
}

fn status_zh(s: NoticeStatus) -> &'static str {
    match s {
        NoticeStatus::Upcoming => "未开始",
        NoticeStatus::Open => "公示中",
        NoticeStatus::Ended => "已结束",
    }
}

/// Every (unit, notice index, notice) below region `id`, newest first, at most [`FEED_MAX_ENTRIES`].
fn notices_below(m: &Model, id: RegionId) -> Vec<(&Unit, usize, &Notice)> {
    let mut stack = vec![id];
    let mut all = Vec::new();
    while let Some(r) = stack.pop() {
        let region = &m.regions[r];
        stack.extend(&region.children);
        for &u in &region.units {
            let unit = &m.units[u];
            all.extend(unit.notices.iter().enumerate().map(|(i, n)| (unit, i, n)));
        }
    }
    all.sort_by(|a, b| b.2.start.cmp(&a.2.start).then_with(|| a.0.path.cmp(&b.0.path)).then(a.1.cmp(&b.1)));
    all.truncate(FEED_MAX_ENTRIES);
    all
}

/// The feed of region `id`.
pub fn feed_view(ctx: &RenderContext<'_>, id: RegionId) -> FeedView {
    let m = ctx.model;
    let base = &m.site.base_url;
    let region = &m.regions[id];
    let region_url = format!("{base}{}", region.path.trim_start_matches('/'));
    let entries: Vec<EntryView> = notices_below(m, id)
        .into_iter()
        .map(|(unit, i, n)| {
            let link = format!("{base}{}", unit.path.trim_start_matches('/'));
            let period = format!("<p>公示期：{} 至 {}（{}）</p>", n.start.zh(), n.end.zh(), status_zh(n.status(ctx.today)));
            EntryView {
                id: format!("{link}#notice-{}", n.start),
                title: format!("{}：{}", unit.name, n.title),
                link,
                updated: rfc3339(n.start),
                content_html: format!("{period}{}", n.body.as_deref().map(markdown::to_html).unwrap_or_default()),
            }
            .with_index(i)
        })
        .collect();
    FeedView {
        id: format!("{region_url}{FEED_FILE}"),
        title: format!("{} 公示", region.name),
        link: region_url,
        updated: entries.first().map_or_else(|| rfc3339(ctx.today), |e| e.updated.clone()),
        entries,
    }
}

impl EntryView {
    /// Makes the id unique among a unit's notices that start on the same day.
    fn with_index(mut self, i: usize) -> Self {
        self.id.push_str(&format!("-{i}"));
        self
    }
}

impl Renderer for FeedRenderer {
    fn name(&self) -> &'static str {
        "feeds"
    }

    fn render(&self, ctx: &RenderContext<'_>, out: &Staging) -> Result<(), RenderError> {
        (0..ctx.model.regions.len()).into_par_iter().with_max_len(PAGE_BATCH).try_for_each(|id| {
            let path = page_file(&ctx.model.regions[id].path, FEED_FILE);
            let xml = render_template(ctx, "atom.xml", &feed_view(ctx, id), &path)?;
            out.write(&path, &xml).map_err(RenderError::from)
        })
    }
}
