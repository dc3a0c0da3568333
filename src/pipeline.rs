//! The pipeline, end to end: load → validate → aggregate → render. `check` is `build` without
//! the render step; both go through [`check`]. [`session`] keeps a checked site in memory and
//! rebuilds only what an edit touches (`starboard serve`).

pub mod session;

use std::path::{Path, PathBuf};

use crate::aggregate::{self, Figures};
use crate::diag::Diagnostic;
use crate::load;
use crate::model::{Date, Model};
use crate::render::output::Staging;
use crate::render::stamp;
use crate::render::theme::Theme;
use crate::render::{self, Dirty, RenderContext};
use crate::validate;

/// A content directory that was loaded, validated and aggregated.
pub struct Checked {
    /// Model and figures, present only when there were no errors.
    pub site: Option<(Model, Figures)>,
    /// Errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads, validates and aggregates `content`.
pub fn check(content: &Path) -> Checked {
    let loaded = timed("load", || load::load(content));
    let validated = timed("validate", || validate::validate(loaded));
    let mut diagnostics = validated.diagnostics;
    let site = validated.model.map(|m| {
        let (f, warnings) = timed("aggregate", || figures(&m));
        diagnostics.extend(warnings);
        (m, f)
    });
    Checked { site, diagnostics }
}

/// Aggregates a validated model, with the warnings the figures raise.
pub fn figures(model: &Model) -> (Figures, Vec<Diagnostic>) {
    let f = aggregate::aggregate(model);
    // Published tables that do not add up are warnings: the records are the truth.
    let warnings = aggregate::reconcile::warnings(model, &f);
    (f, warnings)
}

/// Options of `starboard build`.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Content directory.
    pub content: PathBuf,
    /// Output directory (replaced as a whole on success).
    pub output: PathBuf,
    /// Build date (default: today in China, or `SOURCE_DATE_EPOCH`).
    pub today: Option<Date>,
    /// Public address overriding `site.yaml`'s `base_url` (QR codes, canonical links, sitemap, feeds).
    pub base_url: Option<String>,
    /// Theme directory (default: `themes/default` beside the content dir, else the built-in one).
    pub theme: Option<PathBuf>,
    /// Rebuild even when the build stamp says nothing changed.
    pub force: bool,
}

/// Why a build did not produce output.
#[derive(Debug)]
pub enum BuildError {
    /// Content errors (and any warnings) — exit 1.
    Content(Vec<Diagnostic>),
    /// Theme, template or file-system failure.
    Render(String),
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Warnings found.
    pub warnings: Vec<Diagnostic>,
    /// Regions rendered.
    pub regions: usize,
    /// Units rendered.
    pub units: usize,
    /// Nothing changed since the last build (see [`stamp`]): the output was left untouched.
    pub unchanged: bool,
}

/// Builds the site into `opts.output`, atomically.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let today = opts.today.unwrap_or_else(Date::today);
    let theme_dir = theme_dir(opts.theme.as_deref(), &opts.content);
    // Paths stay out: the stamp lives in the output it describes, and a copy of the same
    // content (same relative paths, sizes and times) builds the same site.
    let options = format!("today={today}\nbase_url={:?}\ntheme_dir={}", opts.base_url, theme_dir.is_some());
    let stamp = timed("stamp", || stamp::compute(&opts.content, theme_dir.as_deref(), &options));
    crate::render::output::recover(&opts.output);
    if !opts.force && stamp::is_current(&opts.output, &stamp) {
        return Ok(BuildReport { warnings: Vec::new(), regions: 0, units: 0, unchanged: true });
    }
    let checked = check(&opts.content);
    let Some((mut model, figures)) = checked.site else {
        return Err(BuildError::Content(checked.diagnostics));
    };
    if let Some(url) = &opts.base_url {
        model.site.base_url = crate::validate::site::normalize_base_url(url).ok_or_else(|| {
            BuildError::Render(format!("--base-url “{url}”无效，应以 https:// 开头 (--base-url must be an http(s) address)"))
        })?;
    }
    let theme = load_theme(opts.theme.as_deref(), &opts.content)?;
    let history = timed("history", || crate::history::units::unit_histories(&opts.content, &model));
    let ctx = RenderContext { model: &model, figures: &figures, theme: &theme, today, history: &history };
    render_into(&ctx, &opts.output, |staging| {
        // A build with warnings is always redone, so that its warnings are shown again.
        if checked.diagnostics.is_empty() {
            staging.write(stamp::STAMP, stamp.as_bytes()).map_err(|e| BuildError::Render(e.0))?;
        }
        Ok(())
    })?;
    Ok(BuildReport { warnings: checked.diagnostics, regions: model.regions.len(), units: model.units.len(), unchanged: false })
}

/// Renders the whole site into `dir`, replacing it only when everything worked: every renderer
/// into a staging directory, the link check, `finish` (last files, such as the build stamp),
/// then the swap (see [`Staging`]). `build` and `serve`'s full rebuild both come through here.
pub fn render_into(ctx: &RenderContext<'_>, dir: &Path, finish: impl FnOnce(&Staging) -> Result<(), BuildError>) -> Result<(), BuildError> {
    let staging = Staging::begin(dir).map_err(|e| BuildError::Render(e.0))?;
    timed("render", || render_all(ctx, &staging))?;
    timed("link check", || check_links(&staging))?;
    finish(&staging)?;
    timed("commit", || staging.commit()).map_err(|e| BuildError::Render(e.0))
}

/// The theme directory to use: `--theme`, else `themes/default` beside the content dir, else none
/// (the built-in theme).
pub fn theme_dir(theme: Option<&Path>, content: &Path) -> Option<PathBuf> {
    theme.map(Path::to_path_buf).or_else(|| Theme::dir_beside(content))
}

/// Loads and compiles the theme [`theme_dir`] picks.
pub fn load_theme(theme: Option<&Path>, content: &Path) -> Result<Theme, BuildError> {
    Theme::load(theme_dir(theme, content).as_deref()).map_err(|e| BuildError::Render(e.0))
}

/// Fails when a written page links to a file that is not in the output.
pub fn check_links(staging: &Staging) -> Result<(), BuildError> {
    let bad = staging.bad_links();
    if bad.is_empty() {
        return Ok(());
    }
    let mut msg = format!("输出中有 {} 个无效链接，未生成网站 ({} bad internal links; nothing was built):", bad.len(), bad.len());
    for b in bad.iter().take(20) {
        msg.push_str(&format!("\n  {}: {} — {}", b.page, b.link, b.why));
    }
    Err(BuildError::Render(msg))
}

/// Runs every renderer over the whole site. They write disjoint files, so they run side by side
/// (one renderer's serial part — a workbook, a search index — overlaps the others' pages); the
/// last one describes the files of the others and runs after them. The first error in renderer
/// order is reported, whatever finished first.
///
/// Renderers that build a whole file in memory ([`render::Renderer::whole_in_memory`]) run one
/// after another in a single task spawned first, which an idle core picks up at once: they
/// overlap the pages, whose memory is small, and never each other (a province's workbook and
/// `units.json` at the same time were 1.2 GB more at the end of a build).
pub fn render_all(ctx: &RenderContext<'_>, out: &Staging) -> Result<(), BuildError> {
    let renderers = render::renderers();
    let (last, concurrent) = renderers.split_last().expect("renderers");
    let run = |r: &dyn render::Renderer| {
        timed(r.name(), || r.render(ctx, out)).map_err(|e| BuildError::Render(format!("[{}] {}", r.name(), e.0)))
    };
    let results: Vec<std::sync::OnceLock<Result<(), BuildError>>> = concurrent.iter().map(|_| std::sync::OnceLock::new()).collect();
    let (whole, pages): (Vec<_>, Vec<_>) = concurrent.iter().enumerate().partition(|(_, r)| r.whole_in_memory());
    rayon::scope(|s| {
        let (run, results) = (&run, &results);
        s.spawn(move |_| {
            for (i, r) in whole {
                let _ = results[i].set(run(r.as_ref()));
            }
        });
        // The spawning worker takes the newest spawn first: the page renderers in list order.
        for (i, r) in pages.into_iter().rev() {
            s.spawn(move |_| {
                let _ = results[i].set(run(r.as_ref()));
            });
        }
    });
    results.into_iter().try_for_each(|r| r.into_inner().expect("every renderer ran"))?;
    run(last.as_ref())
}

/// Runs `f`; with `STARBOARD_TIMINGS` set, prints how long it took to stderr (profiling aid for
/// `bench/`; never part of any output file).
pub fn timed<T>(stage: &str, f: impl FnOnce() -> T) -> T {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if !*ON.get_or_init(|| std::env::var_os("STARBOARD_TIMINGS").is_some()) {
        return f();
    }
    let started = std::time::Instant::now();
    let out = f();
    eprintln!("[timing] {stage}: {:.2} s", started.elapsed().as_secs_f64());
    out
}

/// Runs every renderer over what `dirty` names (see [`render::Renderer::render_dirty`]).
/// `per_page` selects the renderers whose [`render::Renderer::per_page`] is that value.
pub fn render_dirty(ctx: &RenderContext<'_>, out: &Staging, dirty: &Dirty, per_page: bool) -> Result<(), BuildError> {
    for r in render::renderers().into_iter().filter(|r| r.per_page() == per_page) {
        timed(r.name(), || r.render_dirty(ctx, out, dirty)).map_err(|e| BuildError::Render(format!("[{}] {}", r.name(), e.0)))?;
    }
    Ok(())
}
