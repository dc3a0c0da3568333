//! A site kept in memory between edits, for `starboard serve`: the validated model, its figures
//! and the compiled theme stay loaded, and an edit to one unit record recomputes only what
//! depends on it.
//!
//! - **Unit record edited** (the common case): that one file is re-read and re-checked with the
//!   same [`validate::check_unit`] the full build uses; the figures are re-aggregated (one linear
//!   pass — milliseconds even at 46,000 units); then only that unit's outputs, its ancestors'
//!   pages and site-wide outputs are re-rendered ([`Renderer::render_dirty`]), straight into the
//!   directory being served.
//! - **Anything structural** (`site.yaml`, an `_index.yaml`, a page, the theme, a file added,
//!   removed or renamed): a full rebuild into a fresh directory, swapped in on success.
//! - **Site-wide exports** (search index, feeds, kiosks, open data: seconds at a province's
//!   scale) are left for [`Site::start_exports`], which renders them on a background thread from
//!   a snapshot of the model, so a save that lands meanwhile is rebuilt at once.
//! - **Errors**: the last good site stays; broken records are remembered, and the site is
//!   re-rendered once every one of them is fixed.
//!
//! [`Renderer::render_dirty`]: crate::render::Renderer::render_dirty

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::aggregate::Figures;
use crate::diag::{self, Diagnostic};
use crate::history::units::{Histories, unit_histories};
use crate::load;
use crate::model::{Date, Model, UnitId};
use crate::render::output::Staging;
use crate::render::theme::Theme;
use crate::render::{Dirty, RenderContext};
use crate::validate;
use crate::validate::pii::PiiGuard;

use super::{check, figures, load_theme, render_dirty, render_into, theme_dir, timed};

/// Where a session reads from and how it renders.
#[derive(Debug, Clone)]
pub struct SessionOptions {
    /// Content directory.
    pub content: PathBuf,
    /// Theme directory (`--theme`); default as in `build`.
    pub theme: Option<PathBuf>,
    /// Build date; default today.
    pub today: Option<Date>,
    /// Directory under which each full rebuild gets a fresh output directory.
    pub out_root: PathBuf,
}

/// What one rebuild did.
#[derive(Debug)]
pub enum Outcome {
    /// The output was (re)written.
    Built(Built),
    /// Content errors: nothing was written, the last good site stays.
    Failed(Vec<Diagnostic>),
    /// A theme, template or file-system failure: the last good site stays.
    RenderFailed(String),
    /// Nothing that affects the site changed.
    Unchanged,
}

/// A successful rebuild.
#[derive(Debug)]
pub struct Built {
    /// Full rebuild (rather than incremental).
    pub full: bool,
    /// Units whose pages were rendered.
    pub units: usize,
    /// Regions whose pages were rendered.
    pub regions: usize,
    /// Warnings found by this rebuild.
    pub warnings: Vec<Diagnostic>,
    /// The directory to serve from now on.
    pub dir: PathBuf,
    /// A previous output directory that is no longer served and may be deleted.
    pub retired: Option<PathBuf>,
    /// Time spent.
    pub elapsed: Duration,
}

/// The last good site.
struct Live {
    model: Model,
    figures: Figures,
    /// Shared with a running export thread.
    theme: Arc<Theme>,
    /// 变更记录 from git, read at the last full rebuild (an unsaved edit has no history yet).
    history: Arc<Histories>,
    /// Output directory being served.
    dir: PathBuf,
    /// Unit record (relative to the content dir) → unit.
    by_file: HashMap<PathBuf, UnitId>,
}

/// A site kept in memory between edits.
pub struct Site {
    opts: SessionOptions,
    /// Canonical content directory (watcher events carry canonical paths).
    content: PathBuf,
    /// Canonical theme directory, when the theme is read from disk.
    theme_dir: Option<PathBuf>,
    live: Option<Live>,
    /// Unit records whose current text has errors, with them (only while `live`).
    broken: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Units changed in the model since the output was last rendered.
    pending: BTreeSet<UnitId>,
    /// The content on disk failed a full check: the next change rebuilds fully.
    needs_full: bool,
    /// Site-wide outputs still to bring up to date after an incremental rebuild.
    deferred: Option<Dirty>,
    /// Site-wide outputs being brought up to date on a background thread (into the served
    /// directory; they are disjoint from the per-page outputs an edit rewrites meanwhile).
    exports: Option<JoinHandle<Result<Duration, String>>>,
    generation: u64,
}

/// What a changed path means for the site.
#[derive(Debug, PartialEq, Eq)]
enum Change {
    /// Not part of the site (editor swap files, hidden files …).
    Ignore,
    /// A known unit record was edited.
    Unit(UnitId, PathBuf),
    /// Anything else: rebuild everything.
    Full,
}

impl Site {
    /// A session over `opts.content`; nothing is built until [`Site::rebuild_all`].
    pub fn new(opts: SessionOptions) -> Site {
        let content = opts.content.canonicalize().unwrap_or_else(|_| opts.content.clone());
        let theme_dir = theme_dir(opts.theme.as_deref(), &opts.content).map(|d| d.canonicalize().unwrap_or(d));
        Site {
            opts,
            content,
            theme_dir,
            live: None,
            broken: BTreeMap::new(),
            pending: BTreeSet::new(),
            needs_full: true,
            deferred: None,
            exports: None,
            generation: 0,
        }
    }

    /// The directories whose changes matter: the content directory and, if any, the theme's.
    pub fn watched_dirs(&self) -> Vec<PathBuf> {
        let mut dirs = vec![self.content.clone()];
        dirs.extend(self.theme_dir.clone());
        dirs
    }

    /// The content directory, as given (for printing diagnostics).
    pub fn content(&self) -> &Path {
        &self.opts.content
    }

    /// Loads, checks and renders everything into a fresh directory.
    pub fn rebuild_all(&mut self) -> Outcome {
        let started = Instant::now();
        // Running exports write into the directory this rebuild retires; a full rebuild
        // rewrites everything they would have, so their outcome does not matter.
        let _ = self.wait_exports();
        self.needs_full = true;
        let checked = check(&self.opts.content);
        let Some((model, figures)) = checked.site else {
            return Outcome::Failed(checked.diagnostics);
        };
        let theme = match load_theme(self.opts.theme.as_deref(), &self.opts.content) {
            Ok(t) => t,
            Err(e) => return Outcome::RenderFailed(build_error_text(e)),
        };
        self.generation += 1;
        let dir = self.opts.out_root.join(format!("site-{}", self.generation));
        let history = Arc::new(unit_histories(&self.opts.content, &model));
        let theme = Arc::new(theme);
        let ctx = RenderContext { model: &model, figures: &figures, theme: &theme, today: self.today(), history: &history };
        if let Err(e) = render_into(&ctx, &dir, |_| Ok(())) {
            return Outcome::RenderFailed(build_error_text(e));
        }
        let by_file = model.units.iter().enumerate().map(|(id, u)| (u.source.clone(), id)).collect();
        let (units, regions) = (model.units.len(), model.regions.len());
        let retired = self.live.replace(Live { model, figures, theme, history, dir: dir.clone(), by_file }).map(|old| old.dir);
        self.broken.clear();
        self.pending.clear();
        self.deferred = None;
        self.needs_full = false;
        Outcome::Built(Built { full: true, units, regions, warnings: checked.diagnostics, dir, retired, elapsed: started.elapsed() })
    }

    /// Brings the output up to date after `paths` changed on disk (absolute paths, as the file
    /// watcher reports them): incrementally when only known unit records were edited.
    pub fn update(&mut self, paths: &[PathBuf]) -> Outcome {
        let mut units: BTreeMap<UnitId, PathBuf> = BTreeMap::new();
        let mut full = self.needs_full || self.live.is_none();
        for p in paths {
            match self.classify(p) {
                Change::Ignore => {}
                Change::Unit(id, rel) => {
                    units.insert(id, rel);
                }
                Change::Full => full = true,
            }
        }
        if full {
            self.rebuild_all()
        } else if units.is_empty() {
            Outcome::Unchanged
        } else {
            self.rebuild_units(units)
        }
    }

    /// Whether incremental rebuilds left site-wide outputs (search, feeds, open data) to update.
    pub fn has_deferred(&self) -> bool {
        self.deferred.is_some()
    }

    /// Starts bringing the site-wide outputs up to date after incremental rebuilds (call it once
    /// the rebuilt pages are being served and the clerk has paused): on a background thread,
    /// from a copy of the model as it is now, with one worker so an edit saved meanwhile still
    /// has a core. False when nothing was pending or exports are already running.
    pub fn start_exports(&mut self) -> bool {
        if self.exports.is_some() {
            return false;
        }
        let (Some(live), Some(dirty)) = (self.live.as_ref(), self.deferred.take()) else { return false };
        let started = Instant::now();
        // A copy, not a share: the next edit changes the live model while the exports render.
        let (model, figures) = timed("snapshot", || (live.model.clone(), live.figures.clone()));
        let (theme, history, dir, today) = (live.theme.clone(), live.history.clone(), live.dir.clone(), self.today());
        self.exports = Some(std::thread::spawn(move || {
            let ctx = RenderContext { model: &model, figures: &figures, theme: &theme, today, history: &history };
            let pool =
                rayon::ThreadPoolBuilder::new().num_threads(1).start_handler(|_| lower_priority()).build().map_err(|e| e.to_string())?;
            pool.install(|| render_dirty(&ctx, &Staging::in_place(&dir), &dirty, false))
                .map(|()| started.elapsed())
                .map_err(build_error_text)
        }));
        true
    }

    /// Whether site-wide exports are rendering in the background.
    pub fn exports_running(&self) -> bool {
        self.exports.is_some()
    }

    /// The outcome of background exports once they have finished (time spent, or the error);
    /// none while they run or when none were started.
    pub fn poll_exports(&mut self) -> Option<Result<Duration, String>> {
        if self.exports.as_ref().is_some_and(|h| h.is_finished()) { self.wait_exports() } else { None }
    }

    /// Waits for background exports and returns their outcome (none when none were started).
    pub fn wait_exports(&mut self) -> Option<Result<Duration, String>> {
        let outcome = match self.exports.take()?.join() {
            Ok(outcome) => outcome,
            Err(_) => Err("站点级导出意外中止 (site-wide exports panicked)".to_string()),
        };
        if outcome.is_err() {
            self.needs_full = true;
        }
        Some(outcome)
    }

    /// Brings the site-wide outputs up to date and waits for them: [`Site::start_exports`] then
    /// [`Site::wait_exports`]. None when nothing was pending.
    pub fn finish_deferred(&mut self) -> Option<Result<Duration, String>> {
        let _ = self.wait_exports();
        if self.start_exports() { self.wait_exports() } else { None }
    }

    fn today(&self) -> Date {
        self.opts.today.unwrap_or_else(Date::today)
    }

    fn classify(&self, path: &Path) -> Change {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swx") || name.ends_with(".tmp") {
            return Change::Ignore;
        }
        if let Some(theme) = &self.theme_dir
            && let Ok(rel) = path.strip_prefix(theme)
        {
            return if hidden(rel) { Change::Ignore } else { Change::Full };
        }
        let Ok(rel) = path.strip_prefix(&self.content) else { return Change::Ignore };
        if hidden(rel) || rel.as_os_str().is_empty() {
            return Change::Ignore;
        }
        let Some(live) = &self.live else { return Change::Full };
        let ext = rel.extension().and_then(|e| e.to_str()).unwrap_or("");
        let in_regions = rel.starts_with("regions");
        match std::fs::metadata(path) {
            // Gone: it matters only if the site used it (a record, a page, a region directory).
            Err(_) => {
                let known = live.by_file.contains_key(rel)
                    || rel == Path::new("site.yaml")
                    || live.model.pages.iter().any(|p| p.source == rel)
                    || live.model.regions.iter().any(|r| r.source == rel || r.source.parent() == Some(rel));
                if known { Change::Full } else { Change::Ignore }
            }
            Ok(m) if m.is_dir() => {
                let known = live.model.regions.iter().any(|r| r.source.parent() == Some(rel));
                if known || !in_regions { Change::Ignore } else { Change::Full }
            }
            Ok(_) => match live.by_file.get(rel) {
                Some(&id) => Change::Unit(id, rel.to_path_buf()),
                None if ext == "yaml" || ext == "yml" || ext == "md" => Change::Full,
                None => Change::Ignore,
            },
        }
    }

    fn rebuild_units(&mut self, units: BTreeMap<UnitId, PathBuf>) -> Outcome {
        let started = Instant::now();
        let Some(live) = self.live.as_mut() else { return Outcome::Unchanged };
        let rules = validate::unit_rules(&live.model.site);
        let guard = PiiGuard::new(live.model.site.hotline.as_deref());
        let current_year = live.model.site.current_year;
        let mut warnings = Vec::new();
        for (id, rel) in units {
            let (region, path) = (live.model.units[id].region, live.model.units[id].path.clone());
            let checked = timed("load unit", || {
                load::load_unit(&self.opts.content, region, &rel).map(|lu| validate::check_unit(&lu, &rules, &guard, current_year))
            });
            match checked {
                Ok((Some(mut unit), ds)) if !diag::has_errors(&ds) => {
                    unit.region = region;
                    unit.path = path;
                    live.model.units[id] = unit;
                    self.broken.remove(&rel);
                    self.pending.insert(id);
                    warnings.extend(ds);
                }
                Ok((_, ds)) => {
                    self.broken.insert(rel, ds);
                }
                Err(d) => {
                    self.broken.insert(rel, vec![d]);
                }
            }
        }
        if !self.broken.is_empty() {
            return Outcome::Failed(self.broken.values().flatten().cloned().collect());
        }
        let (figures, figure_warnings) = timed("aggregate", || figures(&live.model));
        live.figures = figures;
        warnings.extend(figure_warnings);
        let dirty = Dirty::units(&live.model, self.pending.iter().copied());
        let today = self.opts.today.unwrap_or_else(Date::today);
        let ctx = RenderContext { model: &live.model, figures: &live.figures, theme: &live.theme, today, history: &live.history };
        if let Err(e) = render_dirty(&ctx, &Staging::in_place(&live.dir), &dirty, true) {
            // The served directory may now be half old, half new: rebuild fully next time.
            self.needs_full = true;
            return Outcome::RenderFailed(build_error_text(e));
        }
        self.pending.clear();
        self.deferred = Some(match self.deferred.take() {
            Some(mut d) => {
                d.units.extend(&dirty.units);
                d.regions.extend(&dirty.regions);
                d.units.sort_unstable();
                d.units.dedup();
                d.regions.sort_unstable();
                d.regions.dedup();
                d
            }
            None => dirty.clone(),
        });
        Outcome::Built(Built {
            full: false,
            units: dirty.units.len(),
            regions: dirty.regions.len(),
            warnings,
            dir: live.dir.clone(),
            retired: None,
            elapsed: started.elapsed(),
        })
    }
}

/// Lowers the calling thread's scheduling priority (nice 10), so background exports yield the
/// CPU to the rebuild of the page a clerk is waiting for. On Linux the nice value is per thread;
/// elsewhere it would be the whole process's, so nothing is changed there.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority has no memory effects; `0` names the calling thread on Linux.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// True when any component of `rel` is hidden (`.git`, `.DS_Store` …), as the loader ignores them.
fn hidden(rel: &Path) -> bool {
    rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

fn build_error_text(e: super::BuildError) -> String {
    match e {
        super::BuildError::Render(msg) => msg,
        super::BuildError::Content(diags) => format!("{} 个内容错误 ({} content errors)", diags.len(), diags.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> (tempfile::TempDir, Site) {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("content");
        crate::import::copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"), &content).unwrap();
        let site = Site::new(SessionOptions { content, theme: None, today: Date::parse("2025-12-20"), out_root: tmp.path().join("serve") });
        (tmp, site)
    }

    fn built(o: Outcome) -> Built {
        match o {
            Outcome::Built(b) => b,
            other => panic!("expected a build, got {other:?}"),
        }
    }

    /// An incremental rebuild writes exactly what a full build of the same content writes.
    #[test]
    fn incremental_equals_full() {
        let (tmp, mut site) = session();
        let first = built(site.rebuild_all());
        assert!(first.full);
        let record = site.content.join("regions/zaolin/sangcun.yaml");
        let text = std::fs::read_to_string(&record)
            .unwrap()
            .replace("2025: 1268500.80", "2025: 99.00")
            .replace("name: 桑村", "name: 新桑村")
            .replace("孙淑珍", "孙秀珍")
            .replace("start: 2025-12-15", "start: 2025-12-16");
        std::fs::write(&record, text).unwrap();
        let inc = built(site.update(&[record.clone(), record.with_file_name(".sangcun.yaml.swp")]));
        assert!(!inc.full);
        assert_eq!((inc.units, inc.regions), (1, 2), "the unit, its town and the county");
        assert_eq!(inc.dir, first.dir);
        assert!(site.finish_deferred().unwrap().is_ok());
        assert!(site.finish_deferred().is_none());

        let mut fresh = Site::new(SessionOptions { out_root: tmp.path().join("fresh"), ..site.opts.clone() });
        let full = built(fresh.rebuild_all());
        let files = |dir: &Path| -> BTreeMap<PathBuf, Vec<u8>> {
            walkdir::WalkDir::new(dir)
                .into_iter()
                .map(Result::unwrap)
                .filter(|e| e.file_type().is_file())
                .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
                .collect()
        };
        let (a, b) = (files(&inc.dir), files(&full.dir));
        assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
        for (k, v) in &a {
            assert!(v == &b[k], "{} differs between incremental and full", k.display());
        }
        assert!(String::from_utf8_lossy(&a[Path::new("zaolin/index.html")]).contains("新桑村"));
    }

    /// A broken record keeps the old output; fixing it renders the pending edits.
    #[test]
    fn broken_record_keeps_old_site_until_fixed() {
        let (_tmp, mut site) = session();
        let first = built(site.rebuild_all());
        let page = first.dir.join("zaolin/sangcun/index.html");
        let before = std::fs::read(&page).unwrap();
        let record = site.content.join("regions/zaolin/sangcun.yaml");
        let good = std::fs::read_to_string(&record).unwrap();
        std::fs::write(&record, good.replace("name: 桑村", "name: 桑村\nstras: {}")).unwrap();
        match site.update(std::slice::from_ref(&record)) {
            Outcome::Failed(ds) => assert_eq!(ds.len(), 1, "{ds:?}"),
            other => panic!("expected failure, got {other:?}"),
        }
        assert_eq!(std::fs::read(&page).unwrap(), before);
        std::fs::write(&record, good.replace("name: 桑村", "name: 桑园村")).unwrap();
        let fixed = built(site.update(&[record]));
        assert!(!fixed.full);
        assert!(String::from_utf8_lossy(&std::fs::read(&page).unwrap()).contains("桑园村"));
    }

    /// New files and region files rebuild fully, into a new directory.
    #[test]
    fn structural_change_rebuilds_fully() {
        let (_tmp, mut site) = session();
        let first = built(site.rebuild_all());
        let added = site.content.join("regions/zaolin/xincun.yaml");
        std::fs::write(&added, "name: 新村\n").unwrap();
        let full = built(site.update(std::slice::from_ref(&added)));
        assert!(full.full);
        assert_eq!(full.retired.as_deref(), Some(first.dir.as_path()));
        assert!(full.dir.join("zaolin/xincun/index.html").is_file());
        assert!(matches!(site.update(&[site.content.join("regions/zaolin/notes.txt")]), Outcome::Unchanged));
    }
}
