//! Builds of valid sites: pages exist, data.json figures are right, output is reproducible.

mod common;
use common::*;

#[test]
fn basic_site_has_every_page_and_data_file() {
    let run = build("ok/basic");
    run.succeeds();
    for page in ["", "ningguo/", "ningguo/dongcun/", "ningguo/xicun/", "wenchang/", "wenchang/jinxiu/"] {
        assert!(run.out.join(page).join("index.html").is_file(), "{page}index.html");
        assert!(run.out.join(page).join("data.json").is_file(), "{page}data.json");
    }
    assert!(run.out.join("assets/style.css").is_file());
}

#[test]
fn county_figures_add_up() {
    let run = build("ok/basic");
    let d = run.json("data.json");
    assert_eq!(d["name"], "测试县");
    assert_eq!(d["kind"], "county");
    assert_eq!(d["path"], "/");
    let y = &d["years"]["2024"];
    assert_eq!(y["village"]["count"], 2);
    assert_eq!(y["village"]["levels"]["4"], 1);
    assert_eq!(y["village"]["levels"]["1"], 1);
    assert_eq!(y["village"]["stars"]["文明幸福星"], 2);
    assert_eq!(y["village"]["at_least_three"], 1);
    assert_eq!(y["village"]["at_least_three_pct"], "50.00");
    assert_eq!(y["community"]["count"], 1);
    assert_eq!(y["community"]["levels"]["3"], 1);
    assert_eq!(y["community"]["at_least_three_pct"], "100.00");
    assert_eq!(y["income"]["reported"], 3);
    assert_eq!(y["income"]["total"], "1534500.50");
    assert_eq!(y["income"]["brackets"][0], serde_json::json!({"min": "0", "max": "100000", "count": 1}));
    assert_eq!(y["income"]["brackets"][4], serde_json::json!({"min": "1000000", "max": null, "count": 1}));
    // 4 + 1 + 3 stars × 20,000.
    assert_eq!(y["reward_total"], "160000.00");
    assert_eq!(d["years"]["2023"]["village"]["count"], 1);
}

#[test]
fn unit_data_matches_the_contract() {
    let run = build("ok/basic");
    let u = run.json("ningguo/dongcun/data.json");
    assert_eq!(u["name"], "东村");
    assert_eq!(u["kind"], "village");
    assert_eq!(u["path"], "/ningguo/dongcun/");
    assert_eq!(u["years"]["2024"]["stars"], serde_json::json!(["产业兴旺星", "生态宜居星", "平安法治星", "文明幸福星"]));
    assert_eq!(u["years"]["2024"]["level"], 4);
    assert_eq!(u["years"]["2024"]["income"], "236500.50");
    assert_eq!(u["years"]["2024"]["title"], serde_json::Value::Null);
}

#[test]
fn pages_show_figures_breadcrumbs_and_contacts() {
    let run = build("ok/basic");
    let unit = run.file("ningguo/dongcun/index.html");
    assert!(unit.contains("<html lang=\"zh-CN\">"));
    assert!(unit.contains("四星 ★★★★☆"));
    assert!(unit.contains("236,500.50 元"));
    assert!(unit.contains("href=\"../../index.html\">测试县</a>"), "breadcrumb to the county");
    assert!(unit.contains("href=\"../index.html\">宁郭镇</a>"), "breadcrumb to the town");
    assert!(unit.contains("数据截至 2024年12月20日"));
    assert!(unit.contains("监督电话"));
    let county = run.file("index.html");
    assert!(county.contains("href=\"ningguo/index.html\">宁郭镇</a>"));
    assert!(county.contains("三星及以上"));
    let town = run.file("ningguo/index.html");
    assert!(town.contains("href=\"dongcun/index.html\">东村</a>"));
}

#[test]
fn same_content_gives_identical_output() {
    let a = build("ok/basic");
    let b = build("ok/basic");
    a.succeeds();
    b.succeeds();
    let files = |root: &std::path::Path| {
        let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().strip_prefix(root).unwrap().display().to_string(), std::fs::read(e.path()).unwrap()))
            .collect();
        v.sort();
        v
    };
    assert!(files(&a.out) == files(&b.out), "two builds differ");
}

#[test]
fn check_writes_nothing() {
    let run = check("ok/basic");
    run.succeeds();
    assert!(!run.out.exists());
}

#[test]
fn the_bundled_example_builds() {
    let run = build_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"));
    run.succeeds();
    let d = run.json("data.json");
    let latest = d["years"].as_object().unwrap().keys().max().unwrap().clone();
    assert!(d["years"][&latest]["village"]["count"].as_u64().unwrap() >= 40);
    assert!(d["years"][&latest]["village"]["silver"].as_u64().unwrap() >= 1, "a 五星 village with 3 consecutive years");
}

#[test]
fn numbers_that_only_look_like_personal_data_are_published() {
    let run = build("ok/pii_lookalikes");
    run.succeeds();
    assert!(run.file("ningguo/dongcun/index.html").contains("0374-1234567"));
}
