//! Stage 4 — render: every output kind (site pages, data files …) is a [`Renderer`] that reads
//! the same [`RenderContext`] and writes into the same [`output::Staging`] directory. Adding an
//! output kind never touches loading, validation or aggregation.

pub mod chart;
pub mod data;
pub mod feeds;
pub mod kiosk;
pub mod links;
pub mod markdown;
pub mod opendata;
pub mod output;
pub mod poster;
pub mod search;
pub mod site;
pub mod stamp;
pub mod theme;
pub mod view;
pub mod webroot;
pub mod xlsx;

use crate::aggregate::Figures;
use crate::model::{Date, Model, RegionId, UnitId};
use output::{OutputError, Staging};
use theme::Theme;

/// Everything a renderer may read; nothing else.
pub struct RenderContext<'a> {
    /// The validated model.
    pub model: &'a Model,
    /// Per-region figures.
    pub figures: &'a Figures,
    /// Compiled theme.
    pub theme: &'a Theme,
    /// Build date: 数据截至, and notices' 公示 status.
    pub today: Date,
    /// 变更记录 of every unit (empty when the content is not in a git repository).
    pub history: &'a crate::history::units::Histories,
}

/// A failure while rendering (a template error, a write error).
#[derive(Debug)]
pub struct RenderError(pub String);

impl From<OutputError> for RenderError {
    fn from(e: OutputError) -> Self {
        RenderError(e.0)
    }
}

/// One kind of output.
pub trait Renderer: Sync {
    /// Short name, for messages.
    fn name(&self) -> &'static str;
    /// Writes this renderer's files into `out`.
    fn render(&self, ctx: &RenderContext<'_>, out: &Staging) -> Result<(), RenderError>;
    /// Rewrites only the files that depend on the `dirty` units and regions, over an output
    /// that [`Renderer::render`] wrote for an earlier version of the model (`starboard serve`'s
    /// incremental rebuild). Per-page outputs override this; site-wide outputs (exports, feeds,
    /// indexes) must be rewritten here too. The default renders everything, which is always
    /// correct, only slower.
    fn render_dirty(&self, ctx: &RenderContext<'_>, out: &Staging, dirty: &Dirty) -> Result<(), RenderError> {
        let _ = dirty;
        self.render(ctx, out)
    }
    /// True when [`Renderer::render_dirty`] writes only the pages an edit touches (cheap). `serve`
    /// runs these before the browser reloads and the others (site-wide exports) right after, so
    /// a full export never delays the page the clerk is looking at.
    fn per_page(&self) -> bool {
        false
    }
    /// True for a site-wide file built whole in memory (the search index, the workbook, the
    /// open-data tables: a province's are hundreds of MB while they are made, mostly on one
    /// thread). [`crate::pipeline::render_all`] runs these one after another, from the start, so
    /// no two of them are in memory at once and their serial work overlaps the pages.
    fn whole_in_memory(&self) -> bool {
        false
    }
}

/// What an edit touched: the units whose record changed and every region whose figures or unit
/// list may have changed as a result (their regions and all ancestors up to the root).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dirty {
    /// Changed units, sorted.
    pub units: Vec<UnitId>,
    /// Affected regions (ancestors of the changed units), sorted.
    pub regions: Vec<RegionId>,
}

impl Dirty {
    /// Everything in `model`: what a full render covers.
    pub fn all(model: &Model) -> Dirty {
        Dirty { units: (0..model.units.len()).collect(), regions: (0..model.regions.len()).collect() }
    }

    /// The changed `units` and all their ancestors.
    pub fn units(model: &Model, units: impl IntoIterator<Item = UnitId>) -> Dirty {
        let mut d = Dirty::default();
        for u in units {
            d.units.push(u);
            d.regions.extend(model.ancestry(model.units[u].region));
        }
        d.units.sort_unstable();
        d.units.dedup();
        d.regions.sort_unstable();
        d.regions.dedup();
        d
    }
}

/// Most pages a renderer hands one core at a time (`with_max_len`). Renderers run side by side,
/// so when one starts its pages the other core is usually busy with another renderer, and
/// rayon's adaptive splitting stops cutting the pages nobody stole: the last renderer then ended
/// with thousands of posters in one piece on one core while the other idled (~5 s at one core
/// at the end of a 46k build). Pieces this small keep both cores busy to the end.
pub const PAGE_BATCH: usize = 16;

/// Renders `template` with a serialisable view.
pub fn render_template<T: serde::Serialize>(ctx: &RenderContext<'_>, template: &str, view: &T, page: &str) -> Result<Vec<u8>, RenderError> {
    let context = tera::Context::from_serialize(view).map_err(|e| RenderError(format!("{page}: {}", theme::error_chain(&e))))?;
    // Straight into bytes: `Tera::render` would check the whole page is UTF-8 once more to
    // make a String, and every caller only writes the bytes out.
    let mut html = Vec::with_capacity(16 * 1024);
    ctx.theme
        .tera
        .render_to(template, &context, &mut html)
        .map_err(|e| RenderError(format!("渲染 {page} 失败 (rendering {page} with {template} failed): {}", theme::error_chain(&e))))?;
    Ok(html)
}

/// Every renderer, in the order they run. [`opendata::DataPackageRenderer`] stays last: it
/// describes every file the others wrote into `data/`.
pub fn renderers() -> Vec<Box<dyn Renderer>> {
    vec![
        Box::new(site::SiteRenderer),
        Box::new(data::DataRenderer),
        Box::new(feeds::FeedRenderer),
        Box::new(webroot::WebRootRenderer),
        Box::new(search::SearchRenderer),
        Box::new(poster::PosterRenderer),
        Box::new(xlsx::XlsxRenderer),
        Box::new(kiosk::KioskRenderer),
        Box::new(opendata::OpenDataRenderer),
        Box::new(opendata::DataPackageRenderer),
    ]
}

/// Output file path of the page at model path `path` (`/a/b/` → `a/b/index.html`).
pub fn page_file(path: &str, file: &str) -> String {
    format!("{}{file}", path.trim_start_matches('/'))
}
