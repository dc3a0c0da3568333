//! 变更记录 — the content's git history, read with libgit2 (`git2`), never by running `git`.
//!
//! [`Repo`] is the only place that knows git: open the repository holding a content directory,
//! list the commits that touched a file, read a file as it was at a revision, and walk the
//! history once collecting every version of every file under a directory ([`Repo::versions`]).
//! [`units`] turns those versions into each unit's change list (stars and income per year).
//!
//! Commit dates are the commits' own author times, shown in China time (UTC+8), so a rebuild of
//! the same repository gives the same pages whatever the clock or time zone of the machine.

pub mod units;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use git2::{DiffOptions, Oid, Repository, Sort};

use crate::model::Date;

/// China Standard Time, UTC+8, in seconds.
const CHINA_OFFSET: i64 = 8 * 3600;

/// A git repository that holds a content directory.
pub struct Repo {
    repo: Repository,
    /// The content directory relative to the repository's work tree (`""` at its root), with `/`.
    prefix: String,
}

/// One commit, as shown in a change list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// Full commit id (40 hex digits).
    pub id: String,
    /// Author date in China time.
    pub date: Date,
    /// First line of the message.
    pub summary: String,
}

/// One version of a file: the commit that made it and the file's blob (none when it was deleted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// Index into [`Versions::commits`].
    pub commit: usize,
    /// The blob of the file after the commit, none when the commit deleted it.
    pub blob: Option<Oid>,
}

/// Every version of every file under a directory, from [`Repo::versions`].
#[derive(Debug, Clone, Default)]
pub struct Versions {
    /// Commits that touched the directory, newest first.
    pub commits: Vec<CommitInfo>,
    /// Per file (relative to the content directory), its versions, newest first.
    pub files: HashMap<PathBuf, Vec<Version>>,
}

/// A git failure, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryError(pub String);

impl From<git2::Error> for HistoryError {
    fn from(e: git2::Error) -> Self {
        HistoryError(e.message().to_string())
    }
}

impl Repo {
    /// The repository containing `content`, if any (none for content outside a repository, in
    /// a bare repository, or in one without commits).
    pub fn open(content: &Path) -> Option<Repo> {
        let repo = Repository::discover(content).ok()?;
        let workdir = repo.workdir()?.canonicalize().ok()?;
        let content = content.canonicalize().ok()?;
        let rel = content.strip_prefix(&workdir).ok()?;
        let prefix = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
        repo.head().ok()?.peel_to_commit().ok()?;
        Some(Repo { repo, prefix })
    }

    /// Full id of the commit at `HEAD`.
    pub fn head_id(&self) -> Option<String> {
        Some(self.repo.head().ok()?.peel_to_commit().ok()?.id().to_string())
    }

    /// Path inside the repository of `rel`, a path relative to the content directory.
    fn repo_path(&self, rel: &str) -> String {
        if self.prefix.is_empty() { rel.to_string() } else { format!("{}/{rel}", self.prefix) }
    }

    fn info(commit: &git2::Commit<'_>) -> CommitInfo {
        let t = commit.author().when().seconds();
        CommitInfo {
            id: commit.id().to_string(),
            date: Date::from_days((t + CHINA_OFFSET).div_euclid(86_400)),
            summary: String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default()).trim().to_string(),
        }
    }

    /// Every version of every file under `dir` (relative to the content directory), from one
    /// walk over the history reachable from HEAD: the commits (newest first) and, per file path
    /// relative to the content directory, its versions (newest first). Merge commits are compared
    /// with their first parent.
    pub fn versions(&self, dir: &str) -> Result<Versions, HistoryError> {
        let mut walk = self.repo.revwalk()?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME)?;
        walk.push_head()?;
        let spec = self.repo_path(dir);
        let mut commits = Vec::new();
        let mut files: HashMap<PathBuf, Vec<Version>> = HashMap::new();
        for oid in walk {
            let Ok(commit) = oid.and_then(|o| self.repo.find_commit(o)) else { continue };
            let tree = commit.tree()?;
            // A shallow clone's oldest commit has no parent object: compare with nothing.
            let parent_tree = commit.parent(0).ok().and_then(|p| p.tree().ok());
            let mut opts = DiffOptions::new();
            opts.pathspec(&spec);
            let diff = self.repo.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut opts))?;
            let mut touched = Vec::new();
            for delta in diff.deltas() {
                let new = delta.new_file();
                let old = delta.old_file();
                let (path, blob) = if delta.status() == git2::Delta::Deleted { (old.path(), None) } else { (new.path(), Some(new.id())) };
                let Some(path) = path.and_then(|p| self.content_relative(p)) else { continue };
                touched.push((path, blob));
            }
            if touched.is_empty() {
                continue;
            }
            let index = commits.len();
            commits.push(Self::info(&commit));
            for (path, blob) in touched {
                files.entry(path).or_default().push(Version { commit: index, blob });
            }
        }
        Ok(Versions { commits, files })
    }

    /// Commits (newest first) that changed `rel`, a path relative to the content directory.
    pub fn commits_touching(&self, rel: &str) -> Result<Vec<CommitInfo>, HistoryError> {
        let v = self.versions(rel)?;
        let versions = v.files.get(Path::new(rel)).map(Vec::as_slice).unwrap_or_default();
        Ok(versions.iter().map(|x| v.commits[x.commit].clone()).collect())
    }

    /// The bytes of `rel` (relative to the content directory) at revision `rev` (`HEAD`, a
    /// commit id, `HEAD~2` …); none when the file did not exist there.
    pub fn read_at(&self, rev: &str, rel: &str) -> Result<Option<Vec<u8>>, HistoryError> {
        let tree = self.repo.revparse_single(rev)?.peel_to_tree()?;
        match tree.get_path(Path::new(&self.repo_path(rel))) {
            Ok(entry) => Ok(Some(self.repo.find_blob(entry.id())?.content().to_vec())),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Writes the content directory as it was at revision `rev` into `dest` (which must exist).
    pub fn checkout_to(&self, rev: &str, dest: &Path) -> Result<(), HistoryError> {
        let tree = self.repo.revparse_single(rev)?.peel_to_tree()?;
        let tree = if self.prefix.is_empty() {
            tree
        } else {
            match tree.get_path(Path::new(&self.prefix)) {
                Ok(entry) => self.repo.find_tree(entry.id())?,
                // The content directory did not exist yet: an empty checkout.
                Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(()),
                Err(e) => return Err(e.into()),
            }
        };
        let mut failure = None;
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            let Ok(name) = entry.name() else { return git2::TreeWalkResult::Skip };
            let path = dest.join(dir).join(name);
            let result = match entry.kind() {
                Some(git2::ObjectType::Tree) => std::fs::create_dir_all(&path).map_err(|e| e.to_string()),
                Some(git2::ObjectType::Blob) => self
                    .repo
                    .find_blob(entry.id())
                    .map_err(|e| e.message().to_string())
                    .and_then(|b| std::fs::write(&path, b.content()).map_err(|e| e.to_string())),
                _ => Ok(()),
            };
            match result {
                Ok(()) => git2::TreeWalkResult::Ok,
                Err(e) => {
                    failure = Some(HistoryError(format!("{}: {e}", path.display())));
                    git2::TreeWalkResult::Abort
                }
            }
        })?;
        failure.map_or(Ok(()), Err)
    }

    /// The bytes of a blob found by [`Repo::versions`].
    pub fn blob(&self, id: Oid) -> Result<Vec<u8>, HistoryError> {
        Ok(self.repo.find_blob(id)?.content().to_vec())
    }

    /// A repository path as a path relative to the content directory.
    fn content_relative(&self, path: &Path) -> Option<PathBuf> {
        if self.prefix.is_empty() {
            return Some(path.to_path_buf());
        }
        path.strip_prefix(&self.prefix).ok().map(Path::to_path_buf)
    }
}
