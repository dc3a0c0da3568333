//! The public website: one page per region and per unit, each region's 光荣榜 page, the free
//! Markdown pages, plus the theme's assets.

use rayon::prelude::*;

use super::output::Staging;
use super::view::pages::{FreePageView, HonorsPageView, free_page_path, honors_path};
use super::view::{RegionView, UnitView};
use super::{Dirty, PAGE_BATCH, RenderContext, RenderError, Renderer, page_file, render_template};

/// Renders `index.html` for every region, unit, 光荣榜 and free page, and copies `assets/`.
pub struct SiteRenderer;

/// Renders `template` with `view` and writes it as `index.html` of the page at `path`.
fn write_page<T: serde::Serialize>(
    ctx: &RenderContext<'_>,
    out: &Staging,
    path: &str,
    template: &str,
    view: &T,
) -> Result<(), RenderError> {
    let html = render_template(ctx, template, view, path)?;
    out.write(&page_file(path, "index.html"), &html).map_err(RenderError::from)
}

impl Renderer for SiteRenderer {
    fn name(&self) -> &'static str {
        "site"
    }

    fn render(&self, ctx: &RenderContext<'_>, out: &Staging) -> Result<(), RenderError> {
        for (name, bytes) in &ctx.theme.assets {
            out.write(&format!("assets/{name}"), bytes)?;
        }
        // Free pages depend on no record: an edit never makes them dirty.
        ctx.model
            .pages
            .par_iter()
            .try_for_each(|p| write_page(ctx, out, &free_page_path(&p.slug), "page.html", &FreePageView::new(ctx, p)))?;
        self.render_dirty(ctx, out, &Dirty::all(ctx.model))
    }

    /// A unit page depends on its own record; region pages (and their 光荣榜) on their figures,
    /// unit lists and the honors of the units below.
    fn per_page(&self) -> bool {
        true
    }

    fn render_dirty(&self, ctx: &RenderContext<'_>, out: &Staging, dirty: &Dirty) -> Result<(), RenderError> {
        dirty.regions.par_iter().with_max_len(PAGE_BATCH).try_for_each(|&id| {
            let path = &ctx.model.regions[id].path;
            write_page(ctx, out, path, "region.html", &RegionView::new(ctx, id))?;
            write_page(ctx, out, &honors_path(path), "honors.html", &HonorsPageView::new(ctx, id))
        })?;
        dirty
            .units
            .par_iter()
            .with_max_len(PAGE_BATCH)
            .try_for_each(|&id| write_page(ctx, out, &ctx.model.units[id].path, "unit.html", &UnitView::new(ctx, id)))
    }
}
