//! Stage 1 — load: walk `content/`, read every file as UTF-8 and parse it into [`raw`] types.
//!
//! Nothing here judges the content beyond "is it a readable YAML file of the right shape"; the
//! tree structure (which directory is a region, which file a unit) is recorded as it is found.
//! Files are parsed in parallel; the walk itself is sorted so every later stage sees one order.

pub mod raw;
pub mod schema;
pub mod text;
pub mod yaml;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Location};
use raw::{RawPageMeta, RawRegion, RawSite, RawUnit};

/// A parsed file together with its path relative to the content dir.
#[derive(Debug, Clone)]
pub struct Sourced<T> {
    /// Path relative to the content dir (`regions/ningguo/dongcun.yaml`).
    pub file: PathBuf,
    /// The parsed content.
    pub raw: T,
}

/// A region directory as found on disk.
#[derive(Debug, Clone)]
pub struct LoadedRegion {
    /// Directory slugs from the root region down (empty for the root).
    pub slugs: Vec<String>,
    /// Index of the parent in [`Loaded::regions`] (none for the root).
    pub parent: Option<usize>,
    /// Path of the `_index.yaml`, relative to the content dir.
    pub index_file: PathBuf,
    /// The parsed `_index.yaml`, if it exists and parsed.
    pub index: Option<RawRegion>,
}

/// A unit record file as found on disk.
#[derive(Debug, Clone)]
pub struct LoadedUnit {
    /// Index of its region in [`Loaded::regions`].
    pub region: usize,
    /// File stem.
    pub slug: String,
    /// The parsed record.
    pub record: Sourced<RawUnit>,
}

/// A free Markdown page under `pages/`.
#[derive(Debug, Clone)]
pub struct LoadedPage {
    /// File stem.
    pub slug: String,
    /// Front matter.
    pub meta: Sourced<RawPageMeta>,
    /// Markdown body after the front matter.
    pub body: String,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Everything read from a content directory, plus the problems met while reading it.
#[derive(Debug, Default)]
pub struct Loaded {
    /// `site.yaml`, if it parsed.
    pub site: Option<Sourced<RawSite>>,
    /// Region directories, parents before children, siblings sorted by slug.
    pub regions: Vec<LoadedRegion>,
    /// Unit records that parsed, in walk order.
    pub units: Vec<LoadedUnit>,
    /// Free pages, sorted by slug.
    pub pages: Vec<LoadedPage>,
    /// Read and parse problems.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the whole content directory.
pub fn load(content: &Path) -> Loaded {
    let mut loaded = Loaded::default();
    let site_path = content.join("site.yaml");
    if !content.is_dir() {
        loaded.diagnostics.push(Diagnostic::error(
            "site.yaml",
            Location::File,
            format!("找不到内容目录 {}", content.display()),
            format!("content directory {} not found", content.display()),
        ));
        return loaded;
    }
    if present(&site_path) {
        loaded.site = parse_file::<RawSite>(content, Path::new("site.yaml"), &mut loaded.diagnostics)
            .map(|raw| Sourced { file: PathBuf::from("site.yaml"), raw });
    } else {
        loaded.diagnostics.push(Diagnostic::error(
            "site.yaml",
            Location::File,
            "缺少 site.yaml（站点设置）",
            "site.yaml (site settings) is missing",
        ));
    }
    let regions_dir = content.join("regions");
    if is_symlink(&regions_dir) {
        loaded.diagnostics.push(symlink_error(Path::new("regions")));
    } else if present(&regions_dir.join("_index.yaml")) {
        let tree = walk_region(content, PathBuf::from("regions"), Vec::new());
        loaded.regions = tree.regions;
        loaded.diagnostics.extend(tree.diagnostics);
        for (region, slug, file, res) in tree.units {
            match res {
                Ok(raw) => loaded.units.push(LoadedUnit { region, slug, record: Sourced { file, raw } }),
                Err(d) => loaded.diagnostics.push(d),
            }
        }
    } else {
        loaded.diagnostics.push(Diagnostic::error(
            "regions/_index.yaml",
            Location::File,
            "缺少 regions/_index.yaml（根区域，如某县）",
            "regions/_index.yaml (the root region, e.g. a county) is missing",
        ));
    }
    load_pages(content, &mut loaded);
    loaded
}

/// A unit record file found by the walk: its region (index in [`Loaded::regions`]), slug, path,
/// and the record or why it could not be read.
type FoundUnit = (usize, String, PathBuf, Result<RawUnit, Diagnostic>);

/// What the walk found in one region directory and everything below it, in walk order: regions
/// parents first and siblings by slug, each region's units by file name.
struct Subtree {
    /// The directory's region first, then its subregions' subtrees.
    regions: Vec<LoadedRegion>,
    /// Unit records, their `region` an index into `regions`.
    units: Vec<FoundUnit>,
    /// Problems with the directories themselves (a missing `_index.yaml`, a symbolic link …).
    diagnostics: Vec<Diagnostic>,
}

/// Walks the region directory `rel_dir` (slugs `slugs` below the root) and parses what it holds.
/// The records of a directory and its subdirectories are read side by side: a province's
/// 2,600 directories were walked on one core before any of its 46,000 records was parsed.
fn walk_region(content: &Path, rel_dir: PathBuf, slugs: Vec<String>) -> Subtree {
    let mut diagnostics = Vec::new();
    let index_file = rel_dir.join("_index.yaml");
    let index = if present(&content.join(&index_file)) {
        parse_file::<RawRegion>(content, &index_file, &mut diagnostics)
    } else {
        diagnostics.push(Diagnostic::error(
            &index_file,
            Location::File,
            "区域目录缺少 _index.yaml（写明名称和类型）",
            "region directory has no _index.yaml (name and kind)",
        ));
        None
    };
    let mut entries: Vec<_> = match std::fs::read_dir(content.join(&rel_dir)) {
        Ok(rd) => rd.filter_map(Result::ok).collect(),
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                &rel_dir,
                Location::File,
                format!("无法读取目录：{e}"),
                format!("cannot read directory: {e}"),
            ));
            Vec::new()
        }
    };
    entries.sort_by_key(|e| e.file_name());
    let mut subdirs = Vec::new();
    let mut unit_files = Vec::new();
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = rel_dir.join(&name);
        if name.starts_with('.') || name == "_index.yaml" {
            continue;
        }
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_symlink() {
            diagnostics.push(symlink_error(&rel));
        } else if ft.is_dir() {
            subdirs.push((rel, name));
        } else if let Some(stem) = name.strip_suffix(".yaml") {
            unit_files.push((stem.to_string(), rel));
        } else if name.ends_with(".yml") {
            diagnostics.push(Diagnostic::warning(
                &rel,
                Location::File,
                "扩展名 .yml 的文件不会被读取，请改为 .yaml",
                "files ending in .yml are ignored; rename to .yaml",
            ));
        } else if name.to_ascii_lowercase().ends_with(".yaml") || name.to_ascii_lowercase().ends_with(".yml") {
            diagnostics.push(Diagnostic::warning(
                &rel,
                Location::File,
                "扩展名须为小写 .yaml，此文件不会被读取，请改名",
                "the extension must be lower-case .yaml; this file is ignored",
            ));
        }
    }
    let (units, below): (Vec<FoundUnit>, Vec<Subtree>) = rayon::join(
        || {
            unit_files
                .into_par_iter()
                .map(|(slug, rel)| {
                    let res = parse_one::<RawUnit>(content, &rel);
                    (0, slug, rel, res)
                })
                .collect()
        },
        || {
            subdirs
                .into_par_iter()
                .map(|(rel, name)| {
                    let mut child = slugs.clone();
                    child.push(name);
                    walk_region(content, rel, child)
                })
                .collect()
        },
    );
    let mut tree = Subtree { regions: vec![LoadedRegion { slugs, parent: None, index_file, index }], units, diagnostics };
    for sub in below {
        // The subtree's indices start after what is already here; its top region's parent is ours.
        let offset = tree.regions.len();
        tree.regions.extend(sub.regions.into_iter().map(|r| LoadedRegion { parent: Some(r.parent.map_or(0, |p| p + offset)), ..r }));
        tree.units.extend(sub.units.into_iter().map(|(region, slug, rel, res)| (region + offset, slug, rel, res)));
        tree.diagnostics.extend(sub.diagnostics);
    }
    tree
}

/// Something is at `path` (a file, or anything [`text::read_text`] will refuse with a reason).
fn present(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Content must not point outside `content/` (a published site could leak any file).
fn symlink_error(rel: &Path) -> Diagnostic {
    Diagnostic::error(
        rel,
        Location::File,
        "不支持符号链接，请放入实际的文件或目录",
        "symbolic links are not supported; put the real file or directory here",
    )
}

/// Parses one YAML file, pushing a diagnostic on failure.
fn parse_file<T: serde::de::DeserializeOwned>(content: &Path, rel: &Path, diags: &mut Vec<Diagnostic>) -> Option<T> {
    parse_one(content, rel).map_err(|d| diags.push(d)).ok()
}

/// Reads and parses one unit record (`rel` relative to the content dir), as [`load`] does for
/// every record; `serve` uses it to re-read the one file that changed.
pub fn load_unit(content: &Path, region: usize, rel: &Path) -> Result<LoadedUnit, Diagnostic> {
    let slug = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let raw = parse_one::<RawUnit>(content, rel)?;
    Ok(LoadedUnit { region, slug, record: Sourced { file: rel.to_path_buf(), raw } })
}

fn parse_one<T: serde::de::DeserializeOwned>(content: &Path, rel: &Path) -> Result<T, Diagnostic> {
    let text = text::read_text(&content.join(rel), rel)?;
    yaml::parse(&text).map_err(|e| Diagnostic::error(rel, Location::LineCol(e.line, e.col), e.zh, e.en))
}

/// Reads `pages/*.md`: YAML front matter between `---` lines, then Markdown.
fn load_pages(content: &Path, loaded: &mut Loaded) {
    let dir = content.join("pages");
    if is_symlink(&dir) {
        loaded.diagnostics.push(symlink_error(Path::new("pages")));
        return;
    }
    let Ok(rd) = std::fs::read_dir(&dir) else { return };
    let mut names: Vec<String> = rd
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md") && !n.starts_with('.'))
        .collect();
    names.sort();
    for name in names {
        let rel = Path::new("pages").join(&name);
        let text = match text::read_text(&content.join(&rel), &rel) {
            Ok(t) => t,
            Err(d) => {
                loaded.diagnostics.push(d);
                continue;
            }
        };
        let Some((front, body, body_line)) = split_front_matter(&text) else {
            loaded.diagnostics.push(Diagnostic::error(
                &rel,
                Location::LineCol(1, 1),
                "页面开头缺少 --- 包围的信息头（title、date）",
                "page has no front matter between --- lines (title, date)",
            ));
            continue;
        };
        match yaml::parse::<RawPageMeta>(front) {
            Ok(meta) => loaded.pages.push(LoadedPage {
                slug: name.trim_end_matches(".md").to_string(),
                meta: Sourced { file: rel, raw: meta },
                body: body.to_string(),
                body_line,
            }),
            Err(e) => loaded.diagnostics.push(Diagnostic::error(&rel, Location::LineCol(e.line + 1, e.col), e.zh, e.en)),
        }
    }
}

/// Splits `---\nFRONT\n---\nBODY`; returns (front, body, line where the body starts).
pub fn split_front_matter(text: &str) -> Option<(&str, &str, usize)> {
    let rest = text.strip_prefix("---\n").or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((front, body, i + 3));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_split() {
        let (f, b, line) = split_front_matter("---\ntitle: 政策\n---\n# 正文\n").unwrap();
        assert_eq!(f, "title: 政策\n");
        assert_eq!(b, "# 正文\n");
        assert_eq!(line, 4);
        assert!(split_front_matter("# no front matter").is_none());
    }
}
