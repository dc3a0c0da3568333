//! `starboard import` — stars and income from a township's Excel/CSV 汇总表 into unit records.
//!
//! The stages mirror the build: read the files into text grids ([`sheet`]), recognise headers and
//! parse rows ([`table`]), match rows to regions and units of the validated model, edit records in
//! place ([`edit`]) or write new ones, then run the normal [`pipeline::check`] on a copy of the
//! content with the edits applied. Only when every file is clean and the result checks is
//! anything under `content/` written: an import is all or nothing.

pub mod edit;
pub mod sheet;
pub mod slug;
pub mod table;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::{self, Resolved};
use crate::model::{Model, Money, RegionId, RegionKind, Star, StarSet, UnitId, UnitKind, Year};
use crate::pipeline;
use sheet::CellRef;
use table::Row;

/// One problem in an imported file, named by its cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// `FILE!SHEET!CELL` or `FILE:LINE:COL`.
    pub at: CellRef,
    /// 中文说明.
    pub zh: String,
    /// English gloss.
    pub en: String,
}

impl ImportError {
    /// A new error at `at`.
    pub fn new(at: &CellRef, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self { at: at.clone(), zh: zh.into(), en: en.into() }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error: {} ({})", self.at, self.zh, self.en)
    }
}

/// Options of `starboard import`.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The 汇总表 files.
    pub files: Vec<PathBuf>,
    /// Content directory.
    pub content: PathBuf,
    /// Region the sheet's towns belong to (slug path under `regions/`, or name); default the root.
    pub into: Option<String>,
    /// Year of sheets without a 年度 column.
    pub year: Option<Year>,
    /// Report what would change, write nothing.
    pub dry_run: bool,
}

/// What happens to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// 新建.
    Created,
    /// 更新.
    Updated,
    /// 不变.
    Unchanged,
}

impl Status {
    /// 中文 label.
    pub fn label(self) -> &'static str {
        match self {
            Status::Created => "新建",
            Status::Updated => "更新",
            Status::Unchanged => "不变",
        }
    }
}

/// One file of the content the import creates, updates or leaves as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Created, updated or unchanged.
    pub status: Status,
    /// Path relative to the content dir.
    pub file: PathBuf,
    /// Town or unit name.
    pub name: String,
    /// New text (for created and updated files).
    text: String,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone)]
pub struct Report {
    /// Every unit and new town touched by the sheets, in sheet order.
    pub changes: Vec<Change>,
    /// Whether files were written.
    pub written: bool,
}

/// Why an import changed nothing.
#[derive(Debug)]
pub enum ImportFailure {
    /// Bad arguments (exit 2).
    Usage(String),
    /// The content has errors of its own; fix them first (exit 1).
    Content(Vec<diag::Diagnostic>),
    /// Errors in the imported files (exit 1).
    Sheets(Vec<ImportError>),
    /// The edits would leave content that fails `check` (exit 1); resolved against the edited copy.
    Result(Vec<Resolved>),
    /// A file-system failure.
    Io(String),
}

/// A town a row goes to: a region of the model, or one the import creates.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Town {
    Existing(RegionId),
    New(String),
}

/// The values one row sets for one unit and year.
#[derive(Debug, Clone)]
struct Entry {
    year: Year,
    stars: Option<StarSet>,
    income: Option<Money>,
}

/// A unit the sheets talk about, with its entries.
struct Target {
    town: Town,
    name: String,
    unit: Option<UnitId>,
    kind: UnitKind,
    entries: Vec<Entry>,
}

/// Runs an import.
pub fn run(opts: &ImportOptions) -> Result<Report, ImportFailure> {
    let checked = pipeline::check(&opts.content);
    let Some((model, _)) = checked.site else {
        return Err(ImportFailure::Content(checked.diagnostics));
    };
    let into = resolve_into(&model, opts.into.as_deref())?;
    let mut errors = Vec::new();
    let mut targets: Vec<Target> = Vec::new();
    let mut by_key: HashMap<(Town, String), usize> = HashMap::new();
    let mut seen: HashMap<(Town, String, Year), CellRef> = HashMap::new();
    for path in &opts.files {
        let shown = path.display().to_string();
        let sheets = match sheet::read(path, &shown) {
            Ok(s) => s,
            Err(e) => {
                errors.push(ImportError::new(&CellRef::File(shown), e.zh, e.en));
                continue;
            }
        };
        let mut any = false;
        for sh in &sheets {
            let default_year = opts.year.or_else(|| sh.name.as_deref().and_then(year_in_text)).or_else(|| title_year(sh));
            let first = errors.len();
            let Some(parsed) = table::parse(sh, default_year, &mut errors) else { continue };
            any = true;
            let town_of_sheet = if parsed.has_town {
                None
            } else if model.regions[into].kind == RegionKind::Town || !model.regions[into].units.is_empty() {
                Some(Town::Existing(into))
            } else {
                errors.push(ImportError::new(
                    &parsed.header,
                    format!(
                        "表中没有“乡镇（街道）”列：请加上这一列，或用 --into 指定这些村（社区）所在的乡镇（{} 不是乡镇）",
                        model.regions[into].name
                    ),
                    "the sheet has no town column; add one, or name the town with --into",
                ));
                None
            };
            if parsed.has_town || town_of_sheet.is_some() {
                let mut reported = BTreeSet::new();
                for row in parsed.rows {
                    let Some(town) = town_of_sheet.clone().or_else(|| resolve_town(&model, into, &row, &mut errors)) else { continue };
                    add_row(&model, town, row, &parsed.star_columns, &mut reported, &mut targets, &mut by_key, &mut seen, &mut errors);
                }
            }
            errors[first..].sort_by_key(|e| e.at.position());
        }
        if !any {
            errors.push(ImportError::new(
                &CellRef::File(shown),
                "找不到表头：前 10 行中没有“村（社区）名称”列",
                "no header found: no 村（社区）名称 column in the first 10 rows",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ImportFailure::Sheets(errors));
    }
    let changes = plan(&model, into, &opts.content, &targets)?;
    verify(&opts.content, &changes)?;
    if !opts.dry_run {
        write(&opts.content, &changes)?;
    }
    Ok(Report { changes, written: !opts.dry_run })
}

/// The region named by `--into`: a slug path under `regions/` or a region name.
fn resolve_into(model: &Model, into: Option<&str>) -> Result<RegionId, ImportFailure> {
    let Some(want) = into.map(str::trim) else { return Ok(0) };
    let by_path = format!("/{}/", want.trim_matches('/'));
    let found: Vec<RegionId> = (0..model.regions.len())
        .filter(|&i| model.regions[i].path == by_path || model.regions[i].name == want || (want == "/" && i == 0))
        .collect();
    match found[..] {
        [one] => Ok(one),
        [] => Err(ImportFailure::Usage(format!(
            "--into：找不到区域“{want}”（写区域目录，如 zaolin，或区域名称，如 枣林镇） (no region \"{want}\")"
        ))),
        _ => Err(ImportFailure::Usage(format!(
            "--into：有多个名为“{want}”的区域，请写目录路径 (several regions are named \"{want}\"; give the path)"
        ))),
    }
}

/// A year written in a sheet name such as `2024年` or `2024`.
fn year_in_text(text: &str) -> Option<Year> {
    let t = text.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    (digits.len() == 4 && (t.len() == 4 || t[4..].starts_with('年'))).then(|| digits.parse().ok()).flatten()
}

/// A year in a title row above the header: `宁川县2024年度…汇总表`.
fn title_year(sh: &sheet::Sheet) -> Option<Year> {
    for row in sh.rows.iter().take(10) {
        if row.iter().any(|c| table::role(&c.text) == Some(table::Role::Name)) {
            return None;
        }
        for c in row {
            let chars: Vec<char> = c.text.chars().collect();
            for w in chars.windows(5) {
                if w[..4].iter().all(char::is_ascii_digit) && w[4] == '年' {
                    return w[..4].iter().collect::<String>().parse().ok();
                }
            }
        }
    }
    None
}

/// Every region below `top` (inclusive), with its id.
fn below(model: &Model, top: RegionId) -> Vec<RegionId> {
    let mut out = vec![top];
    let mut i = 0;
    while i < out.len() {
        out.extend(model.regions[out[i]].children.iter().copied());
        i += 1;
    }
    out
}

/// The town of a row, by `_index.yaml` name below `into`; a new one when none is named so.
fn resolve_town(model: &Model, into: RegionId, row: &Row, errors: &mut Vec<ImportError>) -> Option<Town> {
    let Some(cell) = &row.town else {
        errors.push(ImportError::new(&row.name.at, "这一行没有乡镇（街道）名称", "this row has no town name"));
        return None;
    };
    let found: Vec<RegionId> = below(model, into).into_iter().filter(|&r| model.regions[r].name == cell.text).collect();
    match found[..] {
        [one] => Some(Town::Existing(one)),
        [] if model.regions[into].kind == RegionKind::Town => {
            errors.push(ImportError::new(
                &cell.at,
                format!("乡镇“{}”不是 --into 指定的“{}”", cell.text, model.regions[into].name),
                format!("town \"{}\" is not the --into region \"{}\"", cell.text, model.regions[into].name),
            ));
            None
        }
        [] => Some(Town::New(cell.text.clone())),
        _ => {
            errors.push(ImportError::new(
                &cell.at,
                format!("有多个名为“{}”的区域，请用 --into 指定上级区域", cell.text),
                format!("several regions are named \"{}\"; narrow it with --into", cell.text),
            ));
            None
        }
    }
}

/// Checks one row against the model and adds it to its unit's entries.
#[allow(clippy::too_many_arguments)]
fn add_row(
    model: &Model,
    town: Town,
    row: Row,
    star_columns: &Option<Vec<Star>>,
    reported: &mut BTreeSet<UnitKind>,
    targets: &mut Vec<Target>,
    by_key: &mut HashMap<(Town, String), usize>,
    seen: &mut HashMap<(Town, String, Year), CellRef>,
    errors: &mut Vec<ImportError>,
) {
    let Some((year, year_at)) = row.year.clone() else { return };
    let before = errors.len();
    if !(2000..=model.site.current_year).contains(&year) {
        errors.push(ImportError::new(
            &year_at,
            format!("年度 {year} 不在 2000 至当前年度 {} 之间（site.yaml 的 current_year）", model.site.current_year),
            format!("year {year} is outside 2000..={} (current_year in site.yaml)", model.site.current_year),
        ));
    }
    let name = row.name.text.clone();
    let unit = match &town {
        Town::Existing(r) => model.regions[*r].units.iter().copied().find(|&u| model.units[u].name == name),
        Town::New(_) => None,
    };
    let kind = unit.map_or_else(|| if name.ends_with("社区") { UnitKind::Community } else { UnitKind::Village }, |u| model.units[u].kind);
    let mut set = None;
    if let (Some(cols), Some(_)) = (star_columns, &row.stars) {
        let missing: Vec<&str> = kind.stars().iter().filter(|s| !cols.contains(s)).map(|s| s.name()).collect();
        // Once per sheet and kind: the first row that needs the missing columns is named.
        if !missing.is_empty() && reported.insert(kind) {
            errors.push(ImportError::new(
                &row.name.at,
                format!(
                    "表中没有“{}”的列，无法确定{name}（{}）的星；请补上这些列，或把星级留空只导入收入",
                    missing.join("”“"),
                    kind.label()
                ),
                format!("the sheet has no column for {}, so the stars of {name} are unknown", missing.join(", ")),
            ));
        }
    }
    if let Some(stars) = &row.stars {
        let mut s = StarSet::default();
        for (star, at) in stars {
            if !kind.stars().contains(star) {
                let (zh_kind, others) = (kind.label(), kind.stars().iter().map(|s| s.name()).collect::<Vec<_>>().join("、"));
                errors.push(ImportError::new(
                    at,
                    format!("{name}是{zh_kind}，{zh_kind}没有“{}”；{zh_kind}的星是：{others}", star.name()),
                    format!("{name} is a {}, which has no \"{}\"", kind.key(), star.name()),
                ));
            }
            s.insert(*star);
        }
        if model.site.policy.branch_star_requires_all && s.contains(Star::Branch) && s.level() < 5 {
            let at = stars.iter().find(|(s, _)| *s == Star::Branch).map(|(_, a)| a).unwrap_or(&row.name.at);
            errors.push(ImportError::new(
                at,
                "支部过硬星须与其余四颗星同时获得（site.yaml 的 branch_star_requires_all）",
                "支部过硬星 counts only together with the other four stars (policy branch_star_requires_all)",
            ));
        }
        set = Some(s);
    }
    let key = (town.clone(), name.clone(), year);
    match seen.get(&key) {
        Some(first) => errors.push(ImportError::new(
            &row.name.at,
            format!("“{name}”{year}年的数据重复：已在 {first} 出现过",),
            format!("duplicate row for \"{name}\" in {year}; first at {first}"),
        )),
        None => {
            seen.insert(key, row.name.at.clone());
        }
    }
    if row.bad || errors.len() > before {
        return;
    }
    let idx = *by_key.entry((town.clone(), name.clone())).or_insert_with(|| {
        targets.push(Target { town, name, unit, kind, entries: Vec::new() });
        targets.len() - 1
    });
    targets[idx].entries.push(Entry { year, stars: set, income: row.income.map(|(m, _)| m) });
}

/// `[产业兴旺星, 生态宜居星]` in the kind's display order.
fn stars_yaml(set: StarSet, kind: UnitKind) -> String {
    format!("[{}]", set.in_order(kind.stars()).iter().map(|s| s.name()).collect::<Vec<_>>().join(", "))
}

/// Works out every file the import creates or changes, with its new text.
fn plan(model: &Model, into: RegionId, content: &Path, targets: &[Target]) -> Result<Vec<Change>, ImportFailure> {
    let mut changes = Vec::new();
    let mut taken: HashMap<PathBuf, BTreeSet<String>> = HashMap::new();
    let mut new_towns: BTreeMap<String, PathBuf> = BTreeMap::new();
    let into_dir = region_dir(model, into);
    for t in targets {
        let dir = match &t.town {
            Town::Existing(r) => region_dir(model, *r),
            Town::New(name) => match new_towns.get(name) {
                Some(d) => d.clone(),
                None => {
                    let used = taken.entry(into_dir.clone()).or_insert_with(|| existing_slugs(content, &into_dir));
                    let slug = slug::unique(&slug::pinyin_slug(name), used);
                    let d = into_dir.join(&slug);
                    taken.insert(d.clone(), BTreeSet::new());
                    new_towns.insert(name.clone(), d.clone());
                    changes.push(Change {
                        status: Status::Created,
                        file: d.join("_index.yaml"),
                        name: name.clone(),
                        text: format!("name: {}\nkind: town\n", yaml_text(name)),
                    });
                    d
                }
            },
        };
        match t.unit {
            Some(u) => {
                let unit = &model.units[u];
                let original = std::fs::read_to_string(content.join(&unit.source))
                    .map_err(|e| ImportFailure::Io(format!("无法读取 {} (cannot read it): {e}", unit.source.display())))?;
                let mut text = original.clone();
                for e in &t.entries {
                    let had = unit.years.get(&e.year).copied().unwrap_or_default();
                    let edits = [
                        ("stars", e.stars.filter(|s| had.stars != Some(*s)).map(|s| stars_yaml(s, unit.kind))),
                        ("income", e.income.filter(|m| had.income != Some(*m)).map(Money::compact)),
                    ];
                    for (field, value) in edits {
                        if let Some(v) = value {
                            text = edit::set_year(&text, field, e.year, &v).map_err(|err| {
                                let d = diag::Diagnostic::error(
                                    &unit.source,
                                    diag::Location::LineCol(err.line_col.0, err.line_col.1),
                                    err.zh,
                                    err.en,
                                );
                                ImportFailure::Result(diag::resolve(content, &[d]))
                            })?;
                        }
                    }
                }
                let status = if text == original { Status::Unchanged } else { Status::Updated };
                changes.push(Change { status, file: unit.source.clone(), name: t.name.clone(), text });
            }
            None => {
                let used = taken.entry(dir.clone()).or_insert_with(|| existing_slugs(content, &dir));
                let slug = slug::unique(&slug::pinyin_slug(&t.name), used);
                changes.push(Change {
                    status: Status::Created,
                    file: dir.join(format!("{slug}.yaml")),
                    name: t.name.clone(),
                    text: new_record(t),
                });
            }
        }
    }
    Ok(changes)
}

/// The text of a new unit record.
fn new_record(t: &Target) -> String {
    let mut entries = t.entries.clone();
    entries.sort_by_key(|e| e.year);
    let mut s = format!("name: {}\nkind: {}\n", yaml_text(&t.name), t.kind.key());
    if entries.iter().any(|e| e.stars.is_some()) {
        s.push_str("stars:\n");
        for e in &entries {
            if let Some(set) = e.stars {
                s.push_str(&format!("  {}: {}\n", e.year, stars_yaml(set, t.kind)));
            }
        }
    }
    if entries.iter().any(|e| e.income.is_some()) {
        s.push_str("income:\n");
        for e in &entries {
            if let Some(m) = e.income {
                s.push_str(&format!("  {}: {}\n", e.year, m.compact()));
            }
        }
    }
    s
}

/// A name as a YAML scalar: plain when safe, else double-quoted.
fn yaml_text(name: &str) -> String {
    let plain = !name.is_empty()
        && !name.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`~ ".contains(c) || c.is_ascii_digit())
        && !name.contains(": ")
        && !name.contains(" #")
        && !matches!(name, "null" | "true" | "false" | "yes" | "no" | "on" | "off");
    if plain { name.to_string() } else { format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\"")) }
}

/// Directory of a region, relative to the content dir (`regions/zaolin`).
fn region_dir(model: &Model, r: RegionId) -> PathBuf {
    model.regions[r].source.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("regions"))
}

/// Names already used in a directory (file stems and subdirectories).
fn existing_slugs(content: &Path, dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if let Ok(rd) = std::fs::read_dir(content.join(dir)) {
        for e in rd.filter_map(Result::ok) {
            let n = e.file_name().to_string_lossy().into_owned();
            out.insert(n.strip_suffix(".yaml").or_else(|| n.strip_suffix(".yml")).unwrap_or(&n).to_string());
        }
    }
    out
}

/// Applies the changes to a copy of the content and runs the normal check on it.
fn verify(content: &Path, changes: &[Change]) -> Result<(), ImportFailure> {
    if changes.iter().all(|c| c.status == Status::Unchanged) {
        return Ok(());
    }
    let tmp = TempDir::new().map_err(|e| ImportFailure::Io(format!("无法创建临时目录 (cannot create a temporary directory): {e}")))?;
    for part in ["site.yaml", "regions", "pages"] {
        copy_tree(&content.join(part), &tmp.0.join(part))
            .map_err(|e| ImportFailure::Io(format!("复制内容失败 (copying content failed): {e}")))?;
    }
    write(&tmp.0, changes)?;
    let checked = pipeline::check(&tmp.0);
    if checked.site.is_none() {
        let errors: Vec<_> = checked.diagnostics.into_iter().filter(|d| d.severity == diag::Severity::Error).collect();
        return Err(ImportFailure::Result(diag::resolve(&tmp.0, &errors)));
    }
    Ok(())
}

/// Copies the file or directory `from` to `to`, recursively; a missing `from` copies nothing,
/// and symbolic links and special files are skipped.
pub(crate) fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    let meta = match std::fs::symlink_metadata(from) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if meta.is_dir() {
        std::fs::create_dir_all(to)?;
        for e in std::fs::read_dir(from)? {
            let e = e?;
            copy_tree(&e.path(), &to.join(e.file_name()))?;
        }
        Ok(())
    } else if meta.is_file() {
        std::fs::copy(from, to).map(|_| ())
    } else {
        Ok(())
    }
}

/// A temporary directory removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> std::io::Result<TempDir> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!("starboard-import-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes created and updated files under `root` (each through a temporary file and a rename).
fn write(root: &Path, changes: &[Change]) -> Result<(), ImportFailure> {
    for c in changes.iter().filter(|c| c.status != Status::Unchanged) {
        let path = root.join(&c.file);
        let io = |e: std::io::Error| ImportFailure::Io(format!("写入 {} 失败 (failed to write it): {e}", path.display()));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let tmp = path.with_extension("yaml.import-tmp");
        std::fs::write(&tmp, c.text.as_bytes()).map_err(io)?;
        std::fs::rename(&tmp, &path).map_err(io)?;
    }
    Ok(())
}

impl Report {
    /// The short table printed after an import (created and updated files, then the totals).
    pub fn table(&self) -> String {
        let count = |s: Status| self.changes.iter().filter(|c| c.status == s).count();
        let mut out = String::new();
        if !self.written {
            out.push_str("试运行：以下为将要进行的修改，未写入任何文件 (dry run: nothing was written)\n");
        }
        let listed: Vec<&Change> = self.changes.iter().filter(|c| c.status != Status::Unchanged).collect();
        if !listed.is_empty() {
            let width = listed.iter().map(|c| c.file.to_string_lossy().len()).max().unwrap_or(0);
            // The two-character 文件 is four columns wide on a terminal.
            out.push_str(&format!("状态  {:w$}  名称\n", "文件", w = width.saturating_sub(2)));
            for c in listed {
                out.push_str(&format!("{}  {:width$}  {}\n", c.status.label(), c.file.to_string_lossy().replace('\\', "/"), c.name));
            }
        }
        let (a, b, c) = (count(Status::Created), count(Status::Updated), count(Status::Unchanged));
        out.push_str(&format!("新建 {a} 个、更新 {b} 个、不变 {c} 个文件 ({a} created, {b} updated, {c} unchanged)\n"));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_names() {
        assert_eq!(year_in_text("2024年"), Some(2024));
        assert_eq!(year_in_text("2024"), Some(2024));
        assert_eq!(year_in_text("Sheet1"), None);
        assert_eq!(year_in_text("20245"), None);
    }

    #[test]
    fn edits_that_fail_check_are_refused_with_the_position_in_the_edited_file() {
        let tmp = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ok/basic");
        copy_tree(&fixture, tmp.path()).unwrap();
        let bad = Change {
            status: Status::Created,
            file: "regions/ningguo/nancun.yaml".into(),
            name: "南村".into(),
            text: "name: 南村\nstras: {}\n".into(),
        };
        let Err(ImportFailure::Result(r)) = verify(tmp.path(), &[bad]) else { panic!("verify accepted a bad record") };
        assert_eq!((r[0].file.as_str(), r[0].line, r[0].col), ("regions/ningguo/nancun.yaml", 2, 1));
        assert!(!tmp.path().join("regions/ningguo/nancun.yaml").exists(), "verify wrote into the content");
        let good = Change {
            status: Status::Created,
            file: "regions/ningguo/nancun.yaml".into(),
            name: "南村".into(),
            text: "name: 南村\n".into(),
        };
        assert!(verify(tmp.path(), &[good]).is_ok());
    }

    #[test]
    fn yaml_names() {
        assert_eq!(yaml_text("东王村"), "东王村");
        assert_eq!(yaml_text("123村"), "\"123村\"");
    }
}
