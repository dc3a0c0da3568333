//! The public website: one page per region and per unit, plus the theme's assets.

use rayon::prelude::*;

use super::output::Staging;
use super::view::{RegionView, UnitView};
use super::{RenderContext, RenderError, Renderer, page_file, render_template};

/// Renders `index.html` for every region and unit, and copies `assets/`.
pub struct SiteRenderer;

impl Renderer for SiteRenderer {
    fn name(&self) -> &'static str {
        "site"
    }

    fn render(&self, ctx: &RenderContext<'_>, out: &Staging) -> Result<(), RenderError> {
        for (name, bytes) in &ctx.theme.assets {
            out.write(&format!("assets/{name}"), bytes)?;
        }
        (0..ctx.model.regions.len()).into_par_iter().try_for_each(|id| {
            let path = &ctx.model.regions[id].path;
            let html = render_template(ctx, "region.html", &RegionView::new(ctx, id), path)?;
            out.write(&page_file(path, "index.html"), html.as_bytes()).map_err(RenderError::from)
        })?;
        (0..ctx.model.units.len()).into_par_iter().try_for_each(|id| {
            let path = &ctx.model.units[id].path;
            let html = render_template(ctx, "unit.html", &UnitView::new(ctx, id), path)?;
            out.write(&page_file(path, "index.html"), html.as_bytes()).map_err(RenderError::from)
        })
    }
}
