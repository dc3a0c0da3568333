//! Printable posters for the 政务公开栏 (the bulletin board by the village office): one sheet per
//! region and unit, at `…/poster/index.html` in the site's default size (`site.poster_size`)
//! and at `…/poster/a4/`, `…/poster/a3/`, `…/poster/a2/` in every size, so each size has an
//! address that does not move when the default changes. `starboard print` turns them into PDFs.

pub mod fit;
pub mod qr;
pub mod view;

use rayon::prelude::*;

use super::output::Staging;
use super::{RenderContext, RenderError, Renderer, page_file, render_template};
use crate::model::PaperSize;
use fit::SIZES;
use view::PosterView;

/// Renders every poster in every size.
pub struct PosterRenderer;

/// Output file of the poster of the page at `path` (`None`: the default size).
pub fn poster_file(path: &str, size: Option<PaperSize>) -> String {
    match size {
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
        let m = ctx.model;
        let default = m.site.poster_size;
        let targets: Vec<Target> = (0..m.regions.len()).map(Target::Region).chain((0..m.units.len()).map(Target::Unit)).collect();
        targets.into_par_iter().try_for_each(|target| {
            let path = match target {
                Target::Region(id) => &m.regions[id].path,
                Target::Unit(id) => &m.units[id].path,
            };
            let qr = view::page_qr(ctx, path).map_err(RenderError)?;
            for size in std::iter::once(None).chain(SIZES.map(Some)) {
                let paper = size.unwrap_or(default);
                let view = match target {
                    Target::Region(id) => PosterView::region(ctx, id, paper, size.is_none(), &qr),
                    Target::Unit(id) => PosterView::unit(ctx, id, paper, size.is_none(), &qr),
                };
                let file = poster_file(path, size);
                let html = render_template(ctx, "poster.html", &view, &file)?;
                out.write(&file, html.as_bytes())?;
            }
            Ok(())
        })
    }
}
