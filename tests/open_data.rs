//! Open data in `output/data/`: CSV files Excel can open, formula-safe cells, a JSON dump, and a
//! Frictionless `datapackage.json` whose sizes and hashes match the files.

mod common;
use common::*;
use sha2::{Digest, Sha256};

fn lines(run: &Run, file: &str) -> Vec<String> {
    let bytes = std::fs::read(run.out.join(file)).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "{file} starts with a UTF-8 BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.ends_with("\r\n"));
    text.split("\r\n").filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

#[test]
fn units_csv_has_one_row_per_unit_and_year() {
    let run = build("ok/opendata");
    run.succeeds();
    let rows = lines(&run, "data/units.csv");
    assert_eq!(
        rows[0],
        "省,市,县（区）,乡镇（街道）,路径,名称,类型,年度,已评定,支部过硬星,产业兴旺星,生态宜居星,平安法治星,文明幸福星,共建共享星,幸福和谐星,宜业兴业星,星级,称号,集体经济收入"
    );
    assert_eq!(
        &rows[1..],
        [
            ",,测试县,宁郭镇,/ningguo/dongcun/,东村,村,2023,是,否,是,是,否,是,,,,3,,185000.00",
            ",,测试县,宁郭镇,/ningguo/dongcun/,东村,村,2024,是,否,是,是,是,是,,,,4,,236500.50",
            // A name starting with '-' is neutralised and, holding a comma, quoted.
            ",,测试县,宁郭镇,/ningguo/xicun/,\"'-西村, 北组\",村,2024,是,否,否,否,否,是,,,,1,,98000.00",
            ",,测试县,文昌街道,/wenchang/jinxiu/,锦绣社区,社区,2024,是,否,,,是,,是,是,否,3,,1200000.00",
        ]
    );
}

#[test]
fn projects_csv_cells_cannot_run_formulas() {
    let run = build("ok/opendata");
    let rows = lines(&run, "data/projects.csv");
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[1],
        ",,测试县,宁郭镇,/ningguo/dongcun/,东村,road-2024,\"'=HYPERLINK(\"\"http://example.com\"\",\"\"点我\"\")\",2024,350000.00,120000.00,230000.00,5,2024-03-02,2024-03-05,2024-03-08,2024-03-10,2024-03-11,"
    );
}

#[test]
fn units_json_carries_every_unit_with_its_regions() {
    let run = build("ok/opendata");
    let j = run.json("data/units.json");
    let units = j["units"].as_array().unwrap();
    assert_eq!(units.len(), 3);
    assert_eq!(units[0]["regions"], serde_json::json!(["测试县", "宁郭镇"]));
    assert_eq!(units[0]["path"], "/ningguo/dongcun/");
    assert_eq!(units[0]["years"]["2024"]["income"], "236500.50");
    assert_eq!(units[0]["projects"][0]["spent"], "120000.00");
}

#[test]
fn datapackage_describes_every_file_with_its_hash() {
    let run = build("ok/opendata");
    let pkg = run.json("data/datapackage.json");
    assert_eq!(pkg["profile"], "data-package");
    assert_eq!(pkg["title"], "测试县“五星”支部创建公开栏");
    let mut on_disk: Vec<String> = std::fs::read_dir(run.out.join("data"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "datapackage.json")
        .collect();
    on_disk.sort();
    let resources = pkg["resources"].as_array().unwrap();
    let listed: Vec<&str> = resources.iter().map(|r| r["path"].as_str().unwrap()).collect();
    assert_eq!(listed, on_disk);
    assert_eq!(on_disk, ["index.html", "projects.csv", "units.csv", "units.json", "units.xlsx"]);
    for r in resources {
        let bytes = std::fs::read(run.out.join("data").join(r["path"].as_str().unwrap())).unwrap();
        let hex: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(r["hash"], format!("sha256:{hex}"), "{}", r["path"]);
        assert_eq!(r["bytes"], bytes.len(), "{}", r["path"]);
    }
    let units = resources.iter().find(|r| r["path"] == "units.csv").unwrap();
    assert_eq!(units["mediatype"], "text/csv");
    let fields = units["schema"]["fields"].as_array().unwrap();
    let header = lines(&run, "data/units.csv")[0].clone();
    assert_eq!(fields.iter().map(|f| f["name"].as_str().unwrap()).collect::<Vec<_>>().join(","), header);
    assert_eq!(fields[7]["type"], "year");
    assert_eq!(fields[10]["type"], "boolean");
    assert_eq!(fields[19]["type"], "number");
    assert!(!run.out.join(".starboard-resources").exists());
    let xlsx = resources.iter().find(|r| r["path"] == "units.xlsx").unwrap();
    assert_eq!(xlsx["name"], "units-xlsx");
    assert!(xlsx["title"].as_str().unwrap().contains("汇总表"));
}

#[test]
fn pages_link_the_open_data() {
    let run = build("ok/opendata");
    let county = run.file("index.html");
    for link in ["data/index.html", "data/units.csv", "data/units.json", "data/projects.csv", "data/datapackage.json"] {
        assert!(county.contains(&format!("href=\"{link}\"")), "county page links {link}");
    }
    let unit = run.file("ningguo/dongcun/index.html");
    assert!(unit.contains("href=\"data.json\""));
    assert!(unit.contains("href=\"../../data/index.html\""));
    let page = run.file("data/index.html");
    assert!(page.contains("<html lang=\"zh-CN\">"));
    for link in ["units.csv", "units.json", "projects.csv", "datapackage.json", "../index.html"] {
        assert!(page.contains(&format!("href=\"{link}\"")), "data page links {link}");
    }
    assert!(!page.contains("href=\"data.json\""), "no data.json in data/");
}

#[test]
fn open_data_is_reproducible() {
    let a = build("ok/opendata");
    let b = build("ok/opendata");
    for f in ["units.csv", "units.json", "projects.csv", "datapackage.json", "index.html"] {
        assert_eq!(a.file(&format!("data/{f}")), b.file(&format!("data/{f}")), "{f}");
    }
}
