//! `starboard diff` — what a change does to the published figures, for reviewers.
//!
//! Both revisions of the content (a git revision, or the working tree) go through the normal
//! pipeline (load → validate → aggregate); the two models are then compared unit by unit
//! (stars, level, income, titles, honors, projects, notices) and region by region (the figures
//! of `data.json`). A revision with content errors is reported as such, never a crash.

pub mod compare;
pub mod format;

use std::path::Path;

use crate::aggregate::Figures;
use crate::diag::Diagnostic;
use crate::history::Repo;
use crate::model::Model;
use crate::pipeline;

pub use compare::{Change, RegionChange, Report, UnitChange};

/// Which content a side of the comparison is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Side {
    /// The content directory as it is on disk.
    WorkTree,
    /// A git revision (`HEAD`, `main`, a commit id …).
    Rev(String),
}

impl Side {
    /// How the side is named in messages.
    pub fn label(&self) -> String {
        match self {
            Side::WorkTree => "工作区 (working tree)".into(),
            Side::Rev(r) => r.clone(),
        }
    }
}

/// Why a diff could not be made.
#[derive(Debug)]
pub enum DiffError {
    /// Not a git repository, unknown revision … (exit 2).
    Usage(String),
    /// A revision's content has errors (exit 1): its label, the dir its files were read from,
    /// and the diagnostics.
    Content(String, std::path::PathBuf, Vec<Diagnostic>),
}

/// A side's content checked: model and figures.
struct Loaded {
    model: Model,
    figures: Figures,
}

fn load_side(content: &Path, repo: &Repo, side: &Side, scratch: &Path) -> Result<Loaded, DiffError> {
    let dir = match side {
        Side::WorkTree => content.to_path_buf(),
        Side::Rev(rev) => {
            let dir = scratch.join(rev.replace(['/', '~', '^', ':'], "_"));
            std::fs::create_dir_all(&dir).map_err(|e| DiffError::Usage(format!("{}: {e}", dir.display())))?;
            repo.checkout_to(rev, &dir)
                .map_err(|e| DiffError::Usage(format!("无法读取版本 {rev}：{} (cannot read revision {rev}: {})", e.0, e.0)))?;
            dir
        }
    };
    let checked = pipeline::check(&dir);
    match checked.site {
        Some((model, figures)) => Ok(Loaded { model, figures }),
        None => Err(DiffError::Content(side.label(), dir, checked.diagnostics)),
    }
}

/// Compares `base` with `head` for the content directory `content`.
pub fn diff(content: &Path, base: &Side, head: &Side) -> Result<Report, DiffError> {
    let repo = Repo::open(content).ok_or_else(|| {
        DiffError::Usage(format!(
            "{} 不在 git 仓库中（或仓库还没有提交），无法比较版本 ({} is not in a git repository with commits)",
            content.display(),
            content.display()
        ))
    })?;
    let scratch = tempfile::tempdir().map_err(|e| DiffError::Usage(e.to_string()))?;
    let old = load_side(content, &repo, base, scratch.path())?;
    let new = load_side(content, &repo, head, scratch.path())?;
    Ok(compare::compare(&old.model, &old.figures, &new.model, &new.figures))
}
