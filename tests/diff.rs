//! `starboard diff` over a git repository made by the test: a star added, income corrected, a
//! unit added and one removed, an invalid revision, and a revision with content errors.

mod common;
use common::*;
use std::path::Path;

fn diff(content: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["diff", "--content", content.to_str().unwrap()];
    all.extend_from_slice(args);
    let o = starboard(&all);
    (o.status.code().unwrap_or(-1), String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

#[test]
fn diff_reports_unit_and_region_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path();
    let content = repo.join("content");
    copy_dir(&fixture("ok/basic"), &content);
    git(repo, &["init", "-q"]);
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "初始"]);

    // Working tree: 西村 gains 平安法治星, 东村's income is corrected, 北村 is added, 锦绣社区 removed.
    let xicun = content.join("regions/ningguo/xicun.yaml");
    std::fs::write(&xicun, std::fs::read_to_string(&xicun).unwrap().replace("2024: [文明幸福星]", "2024: [平安法治星, 文明幸福星]"))
        .unwrap();
    let dongcun = content.join("regions/ningguo/dongcun.yaml");
    std::fs::write(&dongcun, std::fs::read_to_string(&dongcun).unwrap().replace("236500.50", "246500.50")).unwrap();
    std::fs::write(content.join("regions/ningguo/beicun.yaml"), "name: 北村\nstars:\n  2024: [产业兴旺星, 生态宜居星, 文明幸福星]\n")
        .unwrap();
    std::fs::remove_file(content.join("regions/wenchang/jinxiu.yaml")).unwrap();

    let (code, out, err) = diff(&content, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("西村 2024: 一星 → 二星, +平安法治星"), "{out}");
    assert!(out.contains("东村 2024: 收入 236500.50 → 246500.50"), "{out}");
    assert!(out.contains("新增 北村（/ningguo/beicun/）"), "{out}");
    assert!(out.contains("删除 锦绣社区（/wenchang/jinxiu/）"), "{out}");
    assert!(out.contains("宁郭镇 2024 村数 2 → 3"), "{out}");
    assert!(out.contains("三星及以上村 50.00% → 66.67%"), "{out}");

    let (_, md, _) = diff(&content, &["--format", "markdown"]);
    assert!(md.starts_with("### 公开数据变化（`HEAD` → `工作区 (working tree)`）"), "{md}");
    assert!(md.contains("| 西村（`/ningguo/xicun/`） | 2024: 一星 → 二星, +平安法治星 |"), "{md}");

    let (_, json, _) = diff(&content, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["base"], "HEAD");
    assert!(v["units"].as_array().unwrap().iter().any(|u| u["name"] == "北村" && u["status"] == "added"));

    // Committed, the same change shows between two revisions, and HEAD vs working tree is empty.
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", "更新"]);
    let (code, out, _) = diff(&content, &["HEAD~1", "HEAD"]);
    assert_eq!(code, 0);
    assert!(out.contains("西村 2024: 一星 → 二星, +平安法治星"), "{out}");
    let (_, out, _) = diff(&content, &[]);
    assert!(out.contains("公开数据没有变化"), "{out}");

    // An unknown revision is a usage error; a revision with content errors is reported.
    let (code, _, err) = diff(&content, &["no-such-rev"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("无法读取版本 no-such-rev"), "{err}");
    std::fs::write(&xicun, "name: 西村\nstars:\n  2024: [文明星]\n").unwrap();
    let (code, _, err) = diff(&content, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("regions/ningguo/xicun.yaml:3:10: error: 未知的星“文明星”"), "{err}");
}

#[test]
fn diff_outside_a_repository_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("ok/basic"), tmp.path());
    let (code, _, err) = diff(tmp.path(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("不在 git 仓库中"), "{err}");
}
