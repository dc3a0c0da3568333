//! `starboard import`: township 汇总表 files written by the tests themselves (xlsx with merged
//! cells and title rows via rust_xlsxwriter, GBK CSV via encoding_rs) imported into copies of
//! fixture sites; exact records, byte preservation, dry runs, every error case, idempotence.

mod common;
use common::*;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use rust_xlsxwriter::{Format, Workbook};

/// A temporary directory holding `content/` (a copy of a fixture) and the sheets.
struct Site {
    tmp: tempfile::TempDir,
}

impl Site {
    fn of(fixture_name: &str) -> Site {
        let tmp = tempfile::tempdir().unwrap();
        copy_dir(&fixture(fixture_name), &tmp.path().join("content"));
        Site { tmp }
    }

    fn dir(&self) -> &Path {
        self.tmp.path()
    }

    fn content(&self) -> PathBuf {
        self.dir().join("content")
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.dir().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.content().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs `starboard import ARGS --content content` inside the site directory, so files are
    /// named in messages exactly as given.
    fn import(&self, args: &[&str]) -> Out {
        let o = Command::new(env!("CARGO_BIN_EXE_starboard"))
            .current_dir(self.dir())
            .arg("import")
            .args(args)
            .args(["--content", "content"])
            .output()
            .unwrap();
        let out = Out {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into(),
            stderr: String::from_utf8_lossy(&o.stderr).into(),
        };
        assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
        out
    }

    fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        snapshot(&self.content())
    }
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "stderr:\n{}\nstdout:\n{}", self.stderr, self.stdout);
        self
    }

    fn errors(&self) -> Vec<&str> {
        assert_eq!(self.code, 1, "stderr:\n{}", self.stderr);
        self.stderr.lines().filter(|l| l.contains(": error: ")).collect()
    }
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// The office sheet of the tests: a title row, town merged over its villages, 万元, marks, 星级, 合计.
fn office_xlsx(path: &Path, rows: &[(&str, [&str; 5], &str, f64)]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Sheet1").unwrap();
    let plain = Format::new();
    ws.merge_range(0, 0, 0, 9, "宁郭镇2024年度“五星”支部创建汇总表", &plain).unwrap();
    let header = [
        "序号",
        "乡镇（街道）",
        "村（社区）名称",
        "支部过硬星",
        "产业兴旺星",
        "生态宜居星",
        "平安法治星",
        "文明幸福星",
        "星级",
        "村集体经济收入（万元）",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let first = 2u32;
    let last = first + rows.len() as u32 - 1;
    if rows.len() > 1 {
        ws.merge_range(first, 1, last, 1, "宁郭镇", &plain).unwrap();
    } else {
        ws.write_string(first, 1, "宁郭镇").unwrap();
    }
    for (i, (name, marks, level, wan)) in rows.iter().enumerate() {
        let r = first + i as u32;
        ws.write_number(r, 0, (i + 1) as f64).unwrap();
        ws.write_string(r, 2, *name).unwrap();
        for (j, m) in marks.iter().enumerate() {
            if !m.is_empty() {
                ws.write_string(r, 3 + j as u16, *m).unwrap();
            }
        }
        ws.write_string(r, 8, *level).unwrap();
        ws.write_number(r, 9, *wan).unwrap();
    }
    // A blank row, then the 合计 row.
    ws.write_string(last + 2, 1, "合计").unwrap();
    ws.write_number(last + 2, 9, rows.iter().map(|r| r.3).sum::<f64>()).unwrap();
    wb.save(path).unwrap();
}

#[test]
fn csv_sheet_updates_and_creates_records_and_reimport_is_a_no_op() {
    let site = Site::of("ok/basic");
    site.write(
        "t.csv",
        "乡镇,村名称,产业兴旺星,生态宜居星,平安法治星,文明幸福星,支部过硬星,村集体经济收入（元）\n\
         宁郭镇,西村,✓,,,✓,,120000.5\n\
         宁郭镇,南村,√,√,√,,,50000\n",
    );
    let out = site.import(&["t.csv", "--year", "2024"]);
    out.ok();
    assert!(out.stdout.contains("新建 1 个、更新 1 个、不变 0 个文件"), "{}", out.stdout);
    assert_eq!(
        site.read("regions/ningguo/xicun.yaml"),
        "name: 西村\nstars:\n  2024: [产业兴旺星, 文明幸福星]\nincome:\n  2024: 120000.50\n"
    );
    assert_eq!(
        site.read("regions/ningguo/nancun.yaml"),
        "name: 南村\nkind: village\nstars:\n  2024: [产业兴旺星, 生态宜居星, 平安法治星]\nincome:\n  2024: 50000\n"
    );
    let before = site.snapshot();
    let again = site.import(&["t.csv", "--year", "2024"]);
    again.ok();
    assert!(again.stdout.contains("新建 0 个、更新 0 个、不变 2 个文件"), "{}", again.stdout);
    assert_eq!(site.snapshot(), before, "re-import changed files");
    build_dir(&site.content()).succeeds();
}

#[test]
fn gbk_csv_with_year_column_star_list_and_new_town() {
    let site = Site::of("ok/basic");
    let text = "乡镇（街道）,村（社区）名称,年度,创建星,村集体经济收入（万元）\r\n\
                宁郭镇,东村,2022,\"产业兴旺、生态宜居星， 文明幸福\",12.3456\r\n\
                新城镇,新城社区,2024,共建共享；幸福和谐星,1\r\n\
                ,东王村,2024,无,\r\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    site.write("gbk.csv", &gbk);
    site.import(&["gbk.csv"]).ok();
    assert_eq!(
        site.read("regions/ningguo/dongcun.yaml"),
        "name: 东村\nkind: village\nstars:\n  2022: [产业兴旺星, 生态宜居星, 文明幸福星]\n  2023: [产业兴旺星, 生态宜居星, 文明幸福星]\n  2024: [产业兴旺星, 生态宜居星, 平安法治星, 文明幸福星]\nincome:\n  2022: 123456\n  2023: 185000\n  2024: 236500.50\n"
    );
    assert_eq!(site.read("regions/xinchengzhen/_index.yaml"), "name: 新城镇\nkind: town\n");
    assert_eq!(
        site.read("regions/xinchengzhen/xinchengshequ.yaml"),
        "name: 新城社区\nkind: community\nstars:\n  2024: [共建共享星, 幸福和谐星]\nincome:\n  2024: 10000\n"
    );
    // The town cell left blank under 新城镇 carries down.
    assert_eq!(site.read("regions/xinchengzhen/dongwangcun.yaml"), "name: 东王村\nkind: village\nstars:\n  2024: []\n");
    build_dir(&site.content()).succeeds();
}

#[test]
fn office_xlsx_with_title_merged_towns_wan_marks_and_total_row() {
    let site = Site::of("ok/basic");
    office_xlsx(
        &site.dir().join("汇总表.xlsx"),
        &[
            ("东村", ["", "✓", "✓", "✓", "✓"], "四星", 23.65005),
            ("西村", ["", "是", "", "", "★"], "二星", 30.07),
            ("北村", ["", "", "", "×", "否"], "无星", 0.5),
        ],
    );
    let out = site.import(&["汇总表.xlsx"]);
    out.ok();
    assert!(out.stdout.contains("新建 1 个、更新 1 个、不变 1 个文件"), "{}", out.stdout);
    // 30.07 万元 is exactly 300700 元.
    assert_eq!(site.read("regions/ningguo/xicun.yaml"), "name: 西村\nstars:\n  2024: [产业兴旺星, 文明幸福星]\nincome:\n  2024: 300700\n");
    assert_eq!(site.read("regions/ningguo/beicun.yaml"), "name: 北村\nkind: village\nstars:\n  2024: []\nincome:\n  2024: 5000\n");
    let before = site.snapshot();
    site.import(&["汇总表.xlsx"]).ok();
    assert_eq!(site.snapshot(), before);
}

#[test]
fn dry_run_prints_the_table_and_writes_nothing() {
    let site = Site::of("ok/basic");
    site.write(
        "t.csv",
        "乡镇,村名称,年度,星级,产业兴旺星,生态宜居星,平安法治星,文明幸福星,支部过硬星,村集体经济收入\n\
         宁郭镇,西村,2024,一星,✓,,,,,98000\n\
         宁郭镇,南村,2024,一星,✓,,,,,1\n\
         文昌街道,锦绣社区,2024,,,,,,,1200000\n",
    );
    let before = site.snapshot();
    let out = site.import(&["t.csv", "--dry-run"]);
    out.ok();
    assert_eq!(
        out.stdout,
        "试运行：以下为将要进行的修改，未写入任何文件 (dry run: nothing was written)\n\
         状态  文件                         名称\n\
         更新  regions/ningguo/xicun.yaml   西村\n\
         新建  regions/ningguo/nancun.yaml  南村\n\
         新建 1 个、更新 1 个、不变 1 个文件 (1 created, 1 updated, 1 unchanged)\n"
    );
    assert_eq!(site.snapshot(), before);
}

#[test]
fn hand_edited_record_keeps_every_other_byte() {
    let site = Site::of("ok/basic");
    let record = "# 东村 — 手工维护，请勿删除注释\r\n\
                  name: 东村 # 村名\r\n\
                  kind: village\r\n\
                  stars:\r\n\
                  \x20   # 2023 年县复核通过\r\n\
                  \x20   2023: [产业兴旺星, 生态宜居星, 文明幸福星]   # 县复核\r\n\
                  \x20   2024:\r\n\
                  \x20     - 产业兴旺星\r\n\
                  \x20     - 生态宜居星\r\n\
                  honors:\r\n\
                  \x20   - {year: 2024, roll: 五美庭院, name: 张三}\r\n\
                  income:\r\n\
                  \x20   2023: 185000\r\n\
                  about: |\r\n\
                  \x20   东村\r\n";
    site.write("content/regions/ningguo/dongcun.yaml", record);
    site.write(
        "t.csv",
        "乡镇,村名称,年度,产业兴旺星,生态宜居星,平安法治星,文明幸福星,支部过硬星,村集体经济收入\n宁郭镇,东村,2024,✓,✓,✓,,,236500.5\n",
    );
    site.import(&["t.csv"]).ok();
    let expected = record
        .replace("    2024:\r\n      - 产业兴旺星\r\n      - 生态宜居星\r\n", "    2024: [产业兴旺星, 生态宜居星, 平安法治星]\r\n")
        .replace("    2023: 185000\r\n", "    2023: 185000\r\n    2024: 236500.50\r\n");
    assert_eq!(site.read("regions/ningguo/dongcun.yaml"), expected);
    let before = site.snapshot();
    site.import(&["t.csv"]).ok();
    assert_eq!(site.snapshot(), before);
}

#[test]
fn bad_xlsx_names_every_bad_cell_and_writes_nothing() {
    let site = Site::of("ok/basic");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("汇总").unwrap();
    ws.write_string(0, 0, "2024年度汇总表").unwrap();
    let header = ["乡镇", "村名称", "产业兴旺星", "文明星", "平安法治", "星级", "村集体经济收入（元）"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    let rows: [[&str; 7]; 5] = [
        ["宁郭镇", "东村", "✓", "", "?", "一星", "1"],      // bad mark E3
        ["", "西村", "✓", "", "", "三星", "十万"],          // 星级 F4 vs C4:E4, bad number G4
        ["", "东村", "", "", "", "", "5"],                  // duplicate B5
        ["文昌街道", "锦绣社区", "✓", "", "", "一星", "1"], // 社区 has no 产业兴旺星: C6
        ["", "新社区", "", "", "", "", "-3"],               // negative G7
    ];
    for (i, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(2 + i as u32, c as u16, *v).unwrap();
        }
    }
    wb.save(site.dir().join("bad.xlsx")).unwrap();
    let before = site.snapshot();
    let out = site.import(&["bad.xlsx"]);
    assert_eq!(
        out.errors(),
        [
            "bad.xlsx!汇总!D2: error: 未知的星“文明星”，是否是“文明幸福星”？ (unknown star \"文明星\"; did you mean \"文明幸福星\"?)",
            "bad.xlsx!汇总!E3: error: 无法识别的标记“?”：获得的星填 ✓（或 √、★、是、1），没有的留空（或 ×、否、0） (unrecognised mark \"?\": use ✓ (√ ★ 是 1 Y) for a star held, blank (× 否 0) for not held)",
            "bad.xlsx!汇总!F4: error: 星级 F4 为“三星”，但 C4:E4 中标记了 1 颗星，两者不符 (level F4 says \"三星\" but C4:E4 hold 1 stars)",
            "bad.xlsx!汇总!G4: error: 收入“十万”不是数字 (income \"十万\" is not a number)",
            "bad.xlsx!汇总!B5: error: “东村”2024年的数据重复：已在 bad.xlsx!汇总!B3 出现过 (duplicate row for \"东村\" in 2024; first at bad.xlsx!汇总!B3)",
            "bad.xlsx!汇总!C6: error: 锦绣社区是社区，社区没有“产业兴旺星”；社区的星是：支部过硬星、共建共享星、平安法治星、幸福和谐星、宜业兴业星 (锦绣社区 is a community, which has no \"产业兴旺星\")",
            "bad.xlsx!汇总!G7: error: 收入“-3”不能为负数 (income \"-3\" is negative)",
        ]
    );
    assert!(out.stderr.contains("共 7 个错误，未修改任何文件"), "{}", out.stderr);
    assert_eq!(site.snapshot(), before);
}

#[test]
fn csv_errors_are_named_by_line_and_column() {
    let site = Site::of("ok/basic");
    site.write("t.csv", "村名称,年度,创建星\n东村,2024,产业兴旺、文明\n");
    let out = site.import(&["t.csv"]);
    assert_eq!(
        out.errors(),
        [
            "t.csv:1:1: error: 表中没有“乡镇（街道）”列：请加上这一列，或用 --into 指定这些村（社区）所在的乡镇（测试县 不是乡镇） (the sheet has no town column; add one, or name the town with --into)",
            "t.csv:2:9: error: 未知的星“文明”，是否是“文明幸福星”？ (unknown star \"文明\"; did you mean \"文明幸福星\"?)",
        ]
    );
    // With --into the town is known; the unknown star is named at its cell, with a suggestion.
    let out = site.import(&["t.csv", "--into", "ningguo"]);
    assert_eq!(
        out.errors(),
        ["t.csv:2:9: error: 未知的星“文明”，是否是“文明幸福星”？ (unknown star \"文明\"; did you mean \"文明幸福星\"?)"]
    );
    // No year anywhere; a year out of range; a sheet without a header.
    site.write("y.csv", "乡镇,村名称,创建星\n宁郭镇,东村,产业兴旺\n");
    assert_eq!(
        site.import(&["y.csv"]).errors(),
        [
            "y.csv:1:4: error: 不知道是哪一年的数据：请加“年度”列，或在命令中写 --year 2024，或把工作表命名为“2024年” (no year: add a 年度 column, pass --year, or name the sheet like 2024年)"
        ]
    );
    assert_eq!(
        site.import(&["y.csv", "--year", "2030"]).errors(),
        [
            "y.csv:2:5: error: 年度 2030 不在 2000 至当前年度 2024 之间（site.yaml 的 current_year） (year 2030 is outside 2000..=2024 (current_year in site.yaml))"
        ]
    );
    site.write("n.csv", "甲,乙\n1,2\n");
    assert_eq!(
        site.import(&["n.csv"]).errors(),
        ["n.csv: error: 找不到表头：前 10 行中没有“村（社区）名称”列 (no header found: no 村（社区）名称 column in the first 10 rows)"]
    );
}

#[test]
fn import_that_would_break_check_is_refused() {
    let site = Site::of("ok/basic");
    // 支部过硬星 without the other four fails the policy: named at its mark, nothing written.
    site.write("t.csv", "乡镇,村名称,年度,支部过硬星,产业兴旺星,生态宜居星,平安法治星,文明幸福星\n宁郭镇,西村,2024,✓,✓,,,\n");
    let before = site.snapshot();
    assert_eq!(
        site.import(&["t.csv"]).errors(),
        [
            "t.csv:2:13: error: 支部过硬星须与其余四颗星同时获得（site.yaml 的 branch_star_requires_all） (支部过硬星 counts only together with the other four stars (policy branch_star_requires_all))"
        ]
    );
    assert_eq!(site.snapshot(), before);
}

#[test]
fn record_that_cannot_be_edited_in_place_is_named() {
    let site = Site::of("ok/basic");
    site.write("content/regions/ningguo/xicun.yaml", "name: 西村\nstars: {2023: [文明幸福星]}\n");
    site.write("t.csv", "乡镇,村名称,年度,创建星\n宁郭镇,西村,2024,产业兴旺\n");
    let before = site.snapshot();
    let out = site.import(&["t.csv"]);
    assert_eq!(
        out.errors(),
        [
            "regions/ningguo/xicun.yaml:2:1: error: “stars:”用了花括号/方括号的写法，导入只能修改逐行书写的年度，请改为每年一行 (\"stars:\" is written in flow style; write one year per line so it can be updated)"
        ]
    );
    assert_eq!(site.snapshot(), before);
}

/// Builds `content` and returns the bytes of `data/units.xlsx`.
fn export(content: &Path) -> Vec<u8> {
    let run = build_dir(content);
    run.succeeds();
    std::fs::read(run.out.join("data/units.xlsx")).unwrap()
}

#[test]
fn exported_units_xlsx_reimports_with_no_change() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let xlsx = export(&example);
    assert_eq!(export(&example), xlsx, "units.xlsx is not reproducible");

    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&example, &tmp.path().join("content"));
    let site = Site { tmp };
    site.write("units.xlsx", &xlsx);
    let before = site.snapshot();
    let out = site.import(&["units.xlsx"]);
    out.ok();
    assert!(out.stdout.contains("新建 0 个、更新 0 个"), "{}", out.stdout);
    assert_eq!(site.snapshot(), before, "re-importing the export changed content");

    // A year removed by hand comes back byte for byte from the export.
    let sang = "regions/zaolin/sangcun.yaml";
    let original = site.read(sang);
    let cut =
        original.replace("  2025: [支部过硬星, 产业兴旺星, 生态宜居星, 平安法治星, 文明幸福星]\n", "").replace("  2025: 1268500.80\n", "");
    assert_ne!(cut, original);
    site.write(&format!("content/{sang}"), &cut);
    site.import(&["units.xlsx"]).ok();
    assert_eq!(site.read(sang), original);
}

#[test]
fn export_has_the_office_layout() {
    use calamine::{Data, Reader};
    let xlsx = export(&fixture("ok/basic"));
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    assert_eq!(wb.sheet_names(), ["2023年", "2024年"]);
    let r = wb.worksheet_range("2024年").unwrap();
    let text = |row: u32, col: u32| match r.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => format!("{f}"),
        Some(Data::Empty) | None => String::new(),
        Some(d) => format!("{d:?}"),
    };
    assert_eq!(text(0, 0), "测试县2024年度“五星”支部创建汇总表");
    let header: Vec<String> = (0..12).map(|c| text(1, c)).collect();
    assert_eq!(
        header,
        [
            "乡镇（街道）",
            "村（社区）名称",
            "支部过硬星",
            "产业兴旺星",
            "生态宜居星",
            "平安法治星",
            "文明幸福星",
            "共建共享星",
            "幸福和谐星",
            "宜业兴业星",
            "星级",
            "村集体经济收入（元）"
        ]
    );
    let row = |r: u32| (0..12).map(|c| text(r, c)).collect::<Vec<_>>().join("|");
    assert_eq!(row(2), "宁郭镇|东村||✓|✓|✓|✓||||四星|236500.5");
    assert_eq!(row(3), "|西村|||||✓||||一星|98000"); // merged town: value in the top cell only
    assert_eq!(row(4), "文昌街道|锦绣社区||||✓||✓|✓||三星|1200000");
}

/// Deterministic pseudo-random stream (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn township_sheet_of_120_villages_imports_into_a_site_whose_county_figures_match_a_hand_count() {
    const STARS: [&str; 5] = ["支部过硬星", "产业兴旺星", "生态宜居星", "平安法治星", "文明幸福星"];
    const LEVELS: [&str; 6] = ["无星", "一星", "二星", "三星", "四星", "五星"];
    let tmp = tempfile::tempdir().unwrap();
    let site = Site { tmp };
    site.write("content/site.yaml", "title: 示范区\nbase_url: https://example.gov.cn/\ncurrent_year: 2024\n");
    site.write("content/regions/_index.yaml", "name: 示范区\nkind: county\n");

    let mut rng = Rng(0x1234_5678);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("2024年").unwrap();
    let plain = Format::new();
    ws.merge_range(0, 0, 0, 9, "示范区2024年度“五星”支部创建汇总表", &plain).unwrap();
    let header =
        ["序号", "乡镇(街道)", "村(社区)名称", "支部过硬", "产业兴旺", "生态宜居", "平安法治", "文明幸福", "星级", "村集体经济收入(万元)"];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    // Hand count, kept while writing the sheet.
    let (mut levels, mut per_star, mut total_fen, mut brackets) = ([0u64; 6], [0u64; 5], 0u64, [0u64; 5]);
    let mut row = 2u32;
    let mut n = 0;
    for t in 0..4 {
        let town = ["东城镇", "西湖乡", "南山镇", "北河街道"][t];
        let first = row;
        for v in 0..30 {
            n += 1;
            // 支部过硬星 only with all four others (the policy), so 五星 is either all or nothing.
            let mut held: Vec<usize> = (1..5).filter(|_| rng.next(3) > 0).collect();
            if held.len() == 4 && rng.next(2) == 0 {
                held.insert(0, 0);
            }
            ws.write_number(row, 0, n as f64).unwrap();
            ws.write_string(row, 2, format!("{town}{v}村")).unwrap();
            for &s in &held {
                ws.write_string(row, 3 + s as u16, ["✓", "√", "★", "是", "1"][rng.next(5) as usize]).unwrap();
                per_star[s] += 1;
            }
            ws.write_string(row, 8, LEVELS[held.len()]).unwrap();
            levels[held.len()] += 1;
            let fen = rng.next(200_000_000);
            total_fen += fen;
            brackets[[100_000u64, 200_000, 500_000, 1_000_000].iter().filter(|b| fen / 100 >= **b).count()] += 1;
            // 万元 with up to 6 decimals, as a numeric cell.
            ws.write_number(row, 9, format!("{}.{:06}", fen / 1_000_000, fen % 1_000_000).parse::<f64>().unwrap()).unwrap();
            row += 1;
        }
        ws.merge_range(first, 1, row - 1, 1, town, &plain).unwrap();
        ws.write_string(row, 1, "小计").unwrap();
        row += 1;
    }
    ws.write_string(row, 1, "合计").unwrap();
    wb.save(site.dir().join("示范区.xlsx")).unwrap();

    let out = site.import(&["示范区.xlsx"]);
    out.ok();
    assert!(out.stdout.contains("新建 124 个、更新 0 个、不变 0 个文件"), "{}", out.stdout);
    let before = site.snapshot();
    site.import(&["示范区.xlsx"]).ok();
    assert_eq!(site.snapshot(), before, "re-import changed files");

    let run = build_dir(&site.content());
    run.succeeds();
    let y = &run.json("data.json")["years"]["2024"];
    assert_eq!(y["village"]["count"], 120);
    for (l, n) in levels.iter().enumerate() {
        assert_eq!(y["village"]["levels"][l.to_string()], *n, "level {l}");
    }
    for (i, name) in STARS.iter().enumerate() {
        assert_eq!(y["village"]["stars"][name], per_star[i], "{name}");
    }
    let three: u64 = levels[3..].iter().sum();
    assert_eq!(y["village"]["at_least_three"], three);
    let hundredths = (three * 20_000 + 120) / 240;
    assert_eq!(y["village"]["at_least_three_pct"], format!("{}.{:02}", hundredths / 100, hundredths % 100));
    assert_eq!(y["income"]["reported"], 120);
    assert_eq!(y["income"]["total"], format!("{}.{:02}", total_fen / 100, total_fen % 100));
    for (i, n) in brackets.iter().enumerate() {
        assert_eq!(y["income"]["brackets"][i]["count"], *n, "bracket {i}");
    }
    assert_eq!(y["reward_total"], format!("{}.00", per_star.iter().sum::<u64>() * 20_000));
    assert_eq!(run.json("beihejiedao/data.json")["name"], "北河街道");
}
