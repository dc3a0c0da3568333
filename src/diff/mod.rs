//! `starboard diff` — what a change does to the published figures, for reviewers.
//!
//! Both revisions of the content (a git revision, or the working tree) go through the normal
//! pipeline (load → validate → aggregate); the two models are then compared unit by unit
//! (stars, level, income, titles, honors, projects, notices) and region by region (the figures
//! of `data.json`). A revision with content errors is reported as such, never a crash.

pub mod compare;
pub mod format;
mod records;

use std::path::Path;

use crate::aggregate::Figures;
use crate::diag::{self, Resolved};
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
    /// One or both revisions have content errors (exit 1): per revision, its label and its
    /// diagnostics, already resolved to `FILE:LINE:COL` (a revision's files live in a scratch
    /// directory that is gone once [`diff`] returns).
    Content(Vec<(String, Vec<Resolved>)>),
}

/// A side's content, checked: model and figures, or the resolved diagnostics.
type Checked = Result<(Model, Figures), (String, Vec<Resolved>)>;

/// Loads one side; `scratch` is an empty directory for a revision's files.
fn load_side(content: &Path, repo: &Repo, side: &Side, scratch: &Path) -> Result<Checked, DiffError> {
    let dir = match side {
        Side::WorkTree => content.to_path_buf(),
        Side::Rev(rev) => {
            std::fs::create_dir_all(scratch).map_err(|e| DiffError::Usage(format!("{}: {e}", scratch.display())))?;
            repo.checkout_to(rev, scratch)
                .map_err(|e| DiffError::Usage(format!("无法读取版本 {rev}：{} (cannot read revision {rev}: {})", e.0, e.0)))?;
            scratch.to_path_buf()
        }
    };
    let checked = pipeline::check(&dir);
    Ok(match checked.site {
        Some(site) => Ok(site),
        // Resolved now, while the revision's files are still there to find lines in.
        None => Err((side.label(), diag::resolve(&dir, &checked.diagnostics))),
    })
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
    // One directory per side, so that two revision names can never share one.
    let old = load_side(content, &repo, base, &scratch.path().join("base"))?;
    let new = load_side(content, &repo, head, &scratch.path().join("head"))?;
    match (old, new) {
        (Ok((old, old_f)), Ok((new, new_f))) => Ok(compare::compare(&old, &old_f, &new, &new_f)),
        // Both revisions' errors in one run, as `check` reports every error of a tree.
        (old, new) => Err(DiffError::Content(old.err().into_iter().chain(new.err()).collect())),
    }
}
