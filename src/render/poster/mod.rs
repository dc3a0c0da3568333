//! Printable posters for the 政务公开栏 (the bulletin board by the village office): one sheet per
//! region and unit, at `…/poster/index.html` in the site's default size (`site.poster_size`)
//! and at `…/poster/a4/`, `…/poster/a2/` … in each other size (with the default A3: `a4` and
//! `a2`, as the output contract lists). The default size has one address only: a province has
//! 48,000 posters per size, and a copy under `poster/a3/` would be 48,000 more pages and folders. `starboard print` turns them into PDFs.

pub mod fit;
pub mod qr;
pub mod view;

use rayon::prelude::*;

use super::output::Staging;
use super::{Dirty, PAGE_BATCH, RenderContext, RenderError, Renderer, page_file, render_template};
use crate::model::PaperSize;
use fit::SIZES;
use view::PosterView;

/// Renders every poster in every size.
pub struct PosterRenderer;

/// Output file of the poster of the page at `path` in `size` (`None`: the default size, which
/// lives at `poster/index.html` only).
pub fn poster_file(path: &str, size: Option<PaperSize>, default: PaperSize) -> String {
    match size.filter(|&s| s != default) {
        None => page_file(path, "poster/index.html"),
        Some(s) => page_file(path, &format!("poster/{}/index.html", s.name())),
    }
}

/// A page whose posters are rendered: a region or a unit.
#[derive(Clone, Copy)]
enum Target {
    Region(usize),
    Unit(usize),
}

impl Renderer for PosterRenderer {
    fn name(&self) -> &'static str {
        "poster"
    }

    fn render(&self, ctx: &RenderContext<'_>, out: &Staging) -> Result<(), RenderError> {
        self.render_dirty(ctx, out, &Dirty::all(ctx.model))
    }

    /// A unit's posters depend on its own record; a region's on its figures and the regions and
    /// units right below it — all of them ancestors of a changed unit, so in `dirty.regions`.
    fn per_page(&self) -> bool {
        true
    }

    fn render_dirty(&self, ctx: &RenderContext<'_>, out: &Staging, dirty: &Dirty) -> Result<(), RenderError> {
        let m = ctx.model;
        let default = m.site.poster_size;
        let targets: Vec<Target> =
            dirty.regions.iter().map(|&id| Target::Region(id)).chain(dirty.units.iter().map(|&id| Target::Unit(id))).collect();
        targets.into_par_iter().with_max_len(PAGE_BATCH).try_for_each(|target| {
            let path = match target {
                Target::Region(id) => &m.regions[id].path,
                Target::Unit(id) => &m.units[id].path,
            };
            let qr = view::page_qr(ctx, path).map_err(RenderError)?;
            let others = SIZES.into_iter().filter(|&s| s != default).map(Some);
            for size in std::iter::once(None).chain(others) {
                let paper = size.unwrap_or(default);
                let view = match target {
                    Target::Region(id) => PosterView::region(ctx, id, paper, size.is_none(), &qr),
                    Target::Unit(id) => PosterView::unit(ctx, id, paper, size.is_none(), &qr),
                };
                let file = poster_file(path, size, default);
                let html = render_template(ctx, "poster.html", &view, &file)?;
                out.write(&file, &html)?;
            }
            Ok(())
        })
    }
}
