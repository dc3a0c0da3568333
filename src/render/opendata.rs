//! 开放数据 — site-wide open data in `output/data/`: `units.csv` (one row per unit and year),
//! `units.json`, `projects.csv`, a page explaining them (`data/index.html`) and, written last by
//! [`DataPackageRenderer`], `datapackage.json` (a Frictionless Data Package with the schema, size
//! and sha256 of every file in `data/`).
//!
//! CSV files are UTF-8 with a byte-order mark so Excel opens them as UTF-8, quoted where needed,
//! and made safe against formula injection: a cell starting with `=`, `+`, `-`, `@`, tab or CR
//! gets a leading apostrophe, so a spreadsheet shows it as text instead of running it.
//!
//! Other renderers that write a file into `data/` describe it with [`register`]; the data package
//! lists every file present in `data/` at the end of the build, described or not.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::model::star::ALL_STARS;
use crate::model::{Model, Money, RegionKind, STEPS, Unit};

use super::data::{UnitData, unit_data};
use super::output::Staging;
use super::view::{Link, PageCommon};
use super::{RenderContext, RenderError, Renderer, render_template};

/// Output directory of the open data, relative to the output root.
pub const DATA_DIR: &str = "data";
/// Where [`register`] keeps descriptions until the data package is written (removed then).
const REGISTRY_DIR: &str = ".starboard-resources";

/// One column of a table (Frictionless Table Schema field).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Field {
    /// Column name, as in the header row.
    pub name: String,
    /// `string`, `integer`, `number`, `year`, `date`, `boolean`.
    #[serde(rename = "type")]
    pub kind: String,
    /// What the column holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Texts read as true (for `boolean`).
    #[serde(rename = "trueValues", skip_serializing_if = "Option::is_none")]
    pub true_values: Option<Vec<String>>,
    /// Texts read as false (for `boolean`).
    #[serde(rename = "falseValues", skip_serializing_if = "Option::is_none")]
    pub false_values: Option<Vec<String>>,
}

impl Field {
    /// A column of `kind` with a description.
    pub fn new(name: &str, kind: &str, description: &str) -> Field {
        Field {
            name: name.to_string(),
            kind: kind.to_string(),
            description: Some(description.to_string()),
            true_values: None,
            false_values: None,
        }
    }

    /// A 是/否 column.
    pub fn yes_no(name: &str, description: &str) -> Field {
        Field { true_values: Some(vec!["是".into()]), false_values: Some(vec!["否".into()]), ..Field::new(name, "boolean", description) }
    }
}

/// What a renderer tells the data package about a file it wrote into `data/`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Described {
    /// File name inside `data/` (`units.xlsx`).
    pub file: String,
    /// 标题.
    pub title: String,
    /// One sentence on what the file holds.
    pub description: String,
    /// Table schema, for tabular files.
    pub fields: Option<Vec<Field>>,
}

/// Records the description of `data/<file>` for `datapackage.json`. Call it from any renderer
/// that writes into `data/`; files nobody describes are still listed (format from the extension).
pub fn register(out: &Staging, d: &Described) -> Result<(), RenderError> {
    register_entry(out, &Registered { described: d.clone(), digest: None })
}

/// [`register`] for a file whose bytes the renderer has just written: their size and SHA-256 go
/// with the description, so the data package does not read the file back. The tables are made
/// early, beside the pages; the package is the build's last step, on its own, and a province's
/// `units.json` (160 MB) was most of its time.
pub fn register_written(out: &Staging, d: &Described, bytes: &[u8]) -> Result<(), RenderError> {
    let digest = FileDigest { name: d.file.clone(), bytes: bytes.len() as u64, sha256: sha256_hex(bytes) };
    register_entry(out, &Registered { described: d.clone(), digest: Some(digest) })
}

fn register_entry(out: &Staging, entry: &Registered) -> Result<(), RenderError> {
    let json = serde_json::to_vec(entry).map_err(|e| RenderError(e.to_string()))?;
    out.write(&format!("{REGISTRY_DIR}/{}.json", entry.described.file), &json).map_err(RenderError::from)
}

/// What [`register`] keeps for `datapackage.json` (in the staging directory only).
#[derive(Serialize, Deserialize)]
struct Registered {
    described: Described,
    /// Size and digest, when the renderer gave the bytes.
    digest: Option<FileDigest>,
}

/// Writes `units.csv`, `units.json`, `projects.csv` and `data/index.html`.
pub struct OpenDataRenderer;

impl Renderer for OpenDataRenderer {
    fn name(&self) -> &'static str {
        "opendata"
    }

    fn whole_in_memory(&self) -> bool {
        true
    }

    fn render(&self, ctx: &RenderContext<'_>, out: &Staging) -> Result<(), RenderError> {
        let m = ctx.model;
        // Each file is made, written and dropped before the next: a province's are 40–160 MB.
        let files: [(Described, &dyn Fn() -> Vec<u8>); 3] = [
            (units_described(), &|| units_csv(m)),
            (projects_described(), &|| projects_csv(m)),
            (units_json_described(), &|| units_json(m, ctx.today, ctx.history)),
        ];
        for (d, make) in &files {
            let bytes = make();
            out.write(&format!("{DATA_DIR}/{}", d.file), &bytes)?;
            register_written(out, d, &bytes)?;
        }
        let view = DataPageView::new(ctx, files.iter().map(|(d, _)| d));
        let html = render_template(ctx, "opendata.html", &view, "/data/")?;
        out.write(&format!("{DATA_DIR}/index.html"), &html)?;
        register(
            out,
            &Described {
                file: "index.html".into(),
                title: "开放数据说明".into(),
                description: "说明本目录各文件的内容和用法 (what each file holds and how to open it)".into(),
                fields: None,
            },
        )?;
        Ok(())
    }
}

/// Writes `data/datapackage.json` describing every file in `data/`. Runs after every renderer
/// that writes into `data/`.
pub struct DataPackageRenderer;

impl Renderer for DataPackageRenderer {
    fn name(&self) -> &'static str {
        "datapackage"
    }

    fn render(&self, ctx: &RenderContext<'_>, out: &Staging) -> Result<(), RenderError> {
        write_package(out, &ctx.model.site.title, &ctx.model.site.base_url)
    }
}

/// Writes `data/datapackage.json` for the files now in `out`'s `data/`, titled `title`.
pub fn write_package(out: &Staging, title: &str, homepage: &str) -> Result<(), RenderError> {
    {
        let registry = out.dir().join(REGISTRY_DIR);
        let mut described: BTreeMap<String, Described> = BTreeMap::new();
        let mut digests: BTreeMap<String, FileDigest> = BTreeMap::new();
        if let Ok(rd) = std::fs::read_dir(&registry) {
            for e in rd.flatten() {
                let bytes = std::fs::read(e.path()).map_err(|err| RenderError(format!("{}: {err}", e.path().display())))?;
                let r: Registered = serde_json::from_slice(&bytes).map_err(|err| RenderError(format!("{}: {err}", e.path().display())))?;
                if let Some(digest) = r.digest {
                    digests.insert(r.described.file.clone(), digest);
                }
                described.insert(r.described.file.clone(), r.described);
            }
            out.remove_dir(REGISTRY_DIR).map_err(|e| RenderError(format!("{}: {e}", registry.display())))?;
        }
        let dir = out.dir().join(DATA_DIR);
        let mut names: Vec<String> = Vec::new();
        if let Ok(rd) = std::fs::read_dir(&dir) {
            for e in rd.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name == "datapackage.json" || name.starts_with('.') || !e.path().is_file() {
                    continue;
                }
                names.push(name);
            }
        }
        // The rest is hashed here, each file on its own core: this runs after every other
        // renderer, alone.
        let mut files = names
            .into_par_iter()
            .map(|name| {
                if let Some(known) = digests.get(&name) {
                    return Ok(known.clone());
                }
                let path = dir.join(&name);
                FileDigest::of(name, &path).map_err(|err| RenderError(format!("{}: {err}", path.display())))
            })
            .collect::<Result<Vec<_>, _>>()?;
        files.sort_by(|a, b| a.name.cmp(&b.name));
        let package = package(title, homepage, &files, &described);
        let json = crate::render::data::to_json(&package);
        out.write(&format!("{DATA_DIR}/datapackage.json"), &json).map_err(RenderError::from)
    }
}

/// `datapackage.json`: one resource per file, with schema (when described), size and sha256.
fn package(title: &str, homepage: &str, files: &[FileDigest], described: &BTreeMap<String, Described>) -> serde_json::Value {
    let resources: Vec<serde_json::Value> = files
        .iter()
        .map(|FileDigest { name, bytes, sha256 }| {
            let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
            let (format, mediatype) = media(ext);
            let mut r = serde_json::json!({
                "name": resource_name(stem, ext),
                "path": name,
                "format": format,
                "mediatype": mediatype,
                "bytes": bytes,
                "hash": format!("sha256:{sha256}"),
            });
            if matches!(ext, "csv" | "json" | "html") {
                r["encoding"] = "utf-8".into();
            }
            if let Some(d) = described.get(name) {
                r["title"] = d.title.clone().into();
                r["description"] = d.description.clone().into();
                if let Some(fields) = &d.fields {
                    r["profile"] = "tabular-data-resource".into();
                    r["schema"] = serde_json::json!({ "fields": fields });
                }
            }
            r
        })
        .collect();
    serde_json::json!({
        "profile": "data-package",
        "name": "starboard-open-data",
        "title": title,
        "homepage": homepage,
        "resources": resources,
    })
}

/// A Frictionless resource name (`[a-z0-9._-]+`, unique): the file stem, plus the extension when
/// another file shares the stem (`units`, `units-json`).
fn resource_name(stem: &str, ext: &str) -> String {
    let clean =
        |s: &str| s.to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect::<String>();
    if ext == "csv" || ext.is_empty() { clean(stem) } else { format!("{}-{}", clean(stem), clean(ext)) }
}

fn media(ext: &str) -> (&str, &'static str) {
    match ext {
        "csv" => ("csv", "text/csv"),
        "json" => ("json", "application/json"),
        "html" => ("html", "text/html"),
        "xlsx" => ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "pdf" => ("pdf", "application/pdf"),
        _ => (ext, "application/octet-stream"),
    }
}

/// A file of `data/` as `datapackage.json` describes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct FileDigest {
    /// File name inside `data/`.
    name: String,
    /// Size in bytes.
    bytes: u64,
    /// Lower-case hex SHA-256 of the contents.
    sha256: String,
}

impl FileDigest {
    /// Reads `path` in pieces (a province's `units.json` is 160 MB) and digests it.
    fn of(name: String, path: &Path) -> std::io::Result<FileDigest> {
        let mut file = std::io::BufReader::with_capacity(1 << 18, std::fs::File::open(path)?);
        let mut hasher = Sha256::new();
        let bytes = std::io::copy(&mut file, &mut hasher)?;
        Ok(FileDigest { name, bytes, sha256: hex(&hasher.finalize()) })
    }
}

/// Lower-case hex of `digest`.
fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Appends one CSV cell: formula-safe (leading `'` before `= + - @ \t \r`) and quoted when it
/// holds a comma, quote or line break.
fn push_csv_cell(out: &mut String, value: &str) {
    let guard = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { "'" } else { "" };
    // Leading or trailing spaces are quoted too, so no reader trims them (a value starting with a
    // space has no guard).
    if value.contains([',', '"', '\n', '\r']) || value.starts_with(' ') || value.ends_with(' ') {
        out.push('"');
        out.push_str(guard);
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(guard);
        out.push_str(value);
    }
}

/// A CSV file written row by row: BOM, header, rows, CRLF line ends (RFC 4180). A province's
/// `units.csv` has 230,000 rows: each is written as it is made, never held as cells.
pub struct Csv(String);

impl Csv {
    /// A file with this header row.
    pub fn new(header: &[String]) -> Csv {
        let mut csv = Csv(String::from("\u{feff}"));
        csv.row(header);
        csv
    }

    /// Appends one row.
    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            push_csv_cell(&mut self.0, cell.as_ref());
        }
        self.0.push_str("\r\n");
    }

    /// The file's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.0.into_bytes()
    }
}

/// Region kinds a unit's address is given by, as columns.
const REGION_COLUMNS: [(RegionKind, &str); 4] =
    [(RegionKind::Province, "省"), (RegionKind::City, "市"), (RegionKind::County, "县（区）"), (RegionKind::Town, "乡镇（街道）")];

fn region_fields() -> Vec<Field> {
    let mut f: Vec<Field> = REGION_COLUMNS.iter().map(|(k, name)| Field::new(name, "string", &format!("所属{}名称", k.label()))).collect();
    f.push(Field::new("路径", "string", "网站上的页面路径 (page path on the site)"));
    f
}

/// The region cells (省, 市, 县, 乡镇, 路径) of a unit.
fn region_cells(m: &Model, u: &Unit) -> Vec<String> {
    let chain = m.ancestry(u.region);
    let mut cells: Vec<String> = REGION_COLUMNS
        .iter()
        .map(|(kind, _)| chain.iter().map(|&r| &m.regions[r]).find(|r| r.kind == *kind).map(|r| r.name.clone()).unwrap_or_default())
        .collect();
    cells.push(u.path.clone());
    cells
}

fn units_fields() -> Vec<Field> {
    let mut f = region_fields();
    f.push(Field::new("名称", "string", "村（社区）名称"));
    f.push(Field::new("类型", "string", "村 或 社区"));
    f.push(Field::new("年度", "year", "年度"));
    f.push(Field::yes_no("已评定", "该年度是否参加星级评定（否：其余星级各列为空）"));
    for s in ALL_STARS {
        f.push(Field::yes_no(s.name(), &format!("是否获得{}（不属于该类型的星为空）", s.name())));
    }
    f.push(Field::new("星级", "integer", "获得的星数 0–5（未评定为空）"));
    f.push(Field::new("称号", "string", "银五星 / 金五星"));
    f.push(Field::new("集体经济收入", "number", "村集体经济收入，元，两位小数（未填报为空）"));
    f
}

fn units_described() -> Described {
    Described {
        file: "units.csv".into(),
        title: "各村（社区）历年星级与集体经济收入".into(),
        description: "每个村（社区）每个年度一行 (one row per unit and year)".into(),
        fields: Some(units_fields()),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}

/// `units.csv`: one row per unit and year, in site order.
pub fn units_csv(m: &Model) -> Vec<u8> {
    let header: Vec<String> = units_fields().into_iter().map(|f| f.name).collect();
    let mut csv = Csv::new(&header);
    for u in &m.units {
        let region = region_cells(m, u);
        for (year, y) in &u.years {
            let year = year.to_string();
            let stars = ALL_STARS.map(|s| match y.stars {
                Some(set) if u.kind.stars().contains(&s) => yes_no(set.contains(s)),
                _ => "",
            });
            let level = y.stars.map(|s| s.level().to_string()).unwrap_or_default();
            let title = y.title.map(|t| t.name()).unwrap_or_default();
            let income = y.income.map(Money::plain).unwrap_or_default();
            let cells =
                region.iter().map(String::as_str).chain([u.name.as_str(), u.kind.label(), year.as_str(), yes_no(y.stars.is_some())]);
            csv.row(cells.chain(stars).chain([level.as_str(), title, income.as_str()]));
        }
    }
    csv.finish()
}

fn projects_fields() -> Vec<Field> {
    let mut f = region_fields();
    f.push(Field::new("村（社区）", "string", "村（社区）名称"));
    f.push(Field::new("项目编号", "string", "项目编号，在本村（社区）内唯一"));
    f.push(Field::new("项目名称", "string", "项目名称"));
    f.push(Field::new("年度", "year", "项目年度"));
    f.push(Field::new("预算", "number", "预算，元"));
    f.push(Field::new("已支出", "number", "支出合计，元"));
    f.push(Field::new("结余", "number", "预算 − 已支出，元"));
    f.push(Field::new("已完成步骤", "integer", "四议两公开已完成的步骤数 0–6"));
    for s in STEPS {
        f.push(Field::new(s.full(), "date", &format!("{}日期", s.full())));
    }
    f
}

fn projects_described() -> Described {
    Described {
        file: "projects.csv".into(),
        title: "村级项目（四议两公开）".into(),
        description: "每个村级项目一行，含预算、支出和四议两公开各步日期 (one row per project)".into(),
        fields: Some(projects_fields()),
    }
}

/// `projects.csv`: one row per project.
pub fn projects_csv(m: &Model) -> Vec<u8> {
    let header: Vec<String> = projects_fields().into_iter().map(|f| f.name).collect();
    let mut csv = Csv::new(&header);
    for u in &m.units {
        if u.projects.is_empty() {
            continue;
        }
        let region = region_cells(m, u);
        for p in &u.projects {
            let figures = [p.year.to_string(), p.budget.plain(), p.spent().plain(), p.balance().plain(), p.steps_done().to_string()];
            let dates = STEPS.map(|s| p.steps.iter().find(|(st, _)| *st == s).map(|(_, d)| d.to_string()).unwrap_or_default());
            let cells = region.iter().chain([&u.name, &p.id, &p.name]).chain(&figures).chain(&dates);
            csv.row(cells);
        }
    }
    csv.finish()
}

fn units_json_described() -> Described {
    Described {
        file: "units.json".into(),
        title: "各村（社区）数据（JSON）".into(),
        description: "每个村（社区）的 data.json 汇总，另加所属区域 (every unit's data.json, with its regions)".into(),
        fields: None,
    }
}

/// One unit in `units.json`: its `data.json` plus the names of its regions, root first.
#[derive(Debug, Serialize)]
pub struct UnitsJsonEntry<'a> {
    /// Region names from the root down.
    pub regions: Vec<&'a str>,
    /// The unit's `data.json`.
    #[serde(flatten)]
    pub data: UnitData<'a>,
}

/// `units.json`.
#[derive(Serialize)]
struct UnitsJson<'a> {
    /// Every unit, in site order.
    units: Entries<'a>,
}

/// The entries of `units.json`, each made as it is written, not held as a list of all 46,000
/// of a province beside its 160 MB of text.
struct Entries<'a> {
    model: &'a Model,
    today: crate::model::Date,
    history: &'a crate::history::units::Histories,
}

impl Serialize for Entries<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let m = self.model;
        serializer.collect_seq(m.units.iter().enumerate().map(|(id, u)| UnitsJsonEntry {
            regions: m.ancestry(u.region).into_iter().map(|r| m.regions[r].name.as_str()).collect(),
            data: unit_data(u, self.today, self.history.of(id)),
        }))
    }
}

/// `units.json`: `{"units": [...]}` in site order.
pub fn units_json(m: &Model, today: crate::model::Date, history: &crate::history::units::Histories) -> Vec<u8> {
    // ~3.5 KB a unit in the generated provinces: one buffer, never copied to grow, for those.
    let guess = Vec::with_capacity(m.units.len() * 4096);
    crate::render::data::to_json_in(&UnitsJson { units: Entries { model: m, today, history } }, guess)
}

/// One file on the data page.
#[derive(Debug, Clone, Serialize)]
pub struct DataFileView {
    /// File name and link.
    pub link: Link,
    /// 标题.
    pub title: String,
    /// Column names (for tables).
    pub columns: Vec<String>,
}

/// The data page `data/index.html`.
#[derive(Debug, Clone, Serialize)]
pub struct DataPageView {
    /// Frame.
    pub page: PageCommon,
    /// The files.
    pub files: Vec<DataFileView>,
}

impl DataPageView {
    fn new<'a>(ctx: &RenderContext<'_>, files: impl Iterator<Item = &'a Described>) -> DataPageView {
        DataPageView {
            page: PageCommon::new(ctx, "/data/", 0, "开放数据"),
            files: files
                .map(|d| DataFileView {
                    link: Link { name: d.file.clone(), href: d.file.clone() },
                    title: d.title.clone(),
                    columns: d.fields.iter().flatten().map(|f| f.name.clone()).collect(),
                })
                .collect(),
        }
    }
}

/// Links to the open data from a page at model path `from` (for the county page).
pub fn open_data_links(from: &str) -> Vec<Link> {
    let root = super::view::root_prefix(from);
    [
        ("开放数据说明", "index.html"),
        ("units.csv", "units.csv"),
        ("units.json", "units.json"),
        ("projects.csv", "projects.csv"),
        ("datapackage.json", "datapackage.json"),
    ]
    .into_iter()
    .map(|(name, file)| Link { name: name.to_string(), href: format!("{root}{DATA_DIR}/{file}") })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_formula_safe_and_quoted() {
        let csv_cell = |value: &str| {
            let mut out = String::new();
            push_csv_cell(&mut out, value);
            out
        };
        assert_eq!(csv_cell("东村"), "东村");
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-1"), "'-1");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(csv_cell("236500.50"), "236500.50");
        assert_eq!(csv_cell(" 东村"), "\" 东村\"");
        assert_eq!(csv_cell("东村 "), "\"东村 \"");
        assert_eq!(csv_cell("-1 "), "\"'-1 \"");
        assert_eq!(csv_cell("- 1"), "'- 1");
    }

    #[test]
    fn csv_has_bom_and_crlf() {
        let mut csv = Csv::new(&["a".into(), "b".into()]);
        csv.row(["1", "x,y"]);
        let bytes = csv.finish();
        assert_eq!(String::from_utf8(bytes).unwrap(), "\u{feff}a,b\r\n1,\"x,y\"\r\n");
    }

    #[test]
    fn resource_names_are_unique_per_extension() {
        assert_eq!(resource_name("units", "csv"), "units");
        assert_eq!(resource_name("units", "json"), "units-json");
        assert_eq!(resource_name("units", "xlsx"), "units-xlsx");
    }

    #[test]
    fn package_lists_every_file_with_registered_schemas() {
        let tmp = tempfile::tempdir().unwrap();
        let out = Staging::begin(&tmp.path().join("output")).unwrap();
        // Another renderer writes and describes a file; a third file nobody describes.
        out.write("data/units.xlsx", b"PK\x03\x04 not really").unwrap();
        let d = Described {
            file: "units.xlsx".into(),
            title: "表格".into(),
            description: "每年一个工作表".into(),
            fields: Some(vec![Field::new("名称", "string", "名称"), Field::yes_no("产业兴旺星", "是否获得")]),
        };
        register(&out, &d).unwrap();
        out.write("data/notes.txt", b"hello").unwrap();
        write_package(&out, "测试", "https://example.gov.cn/").unwrap();
        let pkg: serde_json::Value = serde_json::from_slice(&std::fs::read(out.dir().join("data/datapackage.json")).unwrap()).unwrap();
        let res = pkg["resources"].as_array().unwrap();
        assert_eq!(res.len(), 2);
        assert_eq!(res[0]["path"], "notes.txt");
        assert_eq!(res[0]["bytes"], 5);
        assert_eq!(res[0]["hash"], format!("sha256:{}", sha256_hex(b"hello")));
        assert!(res[0].get("schema").is_none());
        assert_eq!(res[1]["name"], "units-xlsx");
        assert_eq!(res[1]["mediatype"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assert_eq!(res[1]["schema"]["fields"][1]["trueValues"], serde_json::json!(["是"]));
        assert!(!out.dir().join(REGISTRY_DIR).exists(), "the registry is removed");
    }

    #[test]
    fn sha256_of_known_input() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
