//! `starboard diff` over a git repository made by the test: a star added, income corrected, a
//! unit added and one removed, an invalid revision, and a revision with content errors; a
//! unit's 光荣榜, 村级项目 and 公示 edited field by field; content errors in the base revision;
//! personal numbers never printed.

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

/// A repository whose `content/` is the `ok/basic` fixture with 东村's record extended by
/// `dongcun_extra`, committed once. Returns the temp dir (keep it alive) and the content dir.
fn repo_with_dongcun(dongcun_extra: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&fixture("ok/basic"), &content);
    set_dongcun(&content, dongcun_extra);
    git(tmp.path(), &["init", "-q"]);
    git(tmp.path(), &["add", "."]);
    git(tmp.path(), &["commit", "-q", "-m", "初始"]);
    (tmp, content)
}

/// Writes 东村's record as in the fixture followed by `extra`.
fn set_dongcun(content: &Path, extra: &str) {
    let base = std::fs::read_to_string(fixture("ok/basic").join("regions/ningguo/dongcun.yaml")).unwrap();
    std::fs::write(content.join("regions/ningguo/dongcun.yaml"), format!("{base}{extra}")).unwrap();
}

const HEADER: &str = "比较 HEAD → 工作区 (working tree)\n";

#[test]
fn diff_reports_honors_added_removed_and_reason_changed() {
    let (_tmp, content) = repo_with_dongcun(
        "honors:\n  - {year: 2024, roll: 好媳妇, name: 张三, reason: 孝敬公婆}\n  - {year: 2024, roll: 五美庭院, name: 李四}\n  - {year: 2023, roll: 五美庭院, name: 赵六}\n",
    );
    set_dongcun(
        &content,
        "honors:\n  - {year: 2024, roll: 好媳妇, name: 张三, reason: 孝敬公婆，邻里和睦}\n  - {year: 2024, roll: 五美庭院, name: 王五}\n  - {year: 2023, roll: 五美庭院, name: 赵六, reason: 庭院整洁}\n",
    );
    let (code, out, err) = diff(&content, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        format!(
            "{HEADER}东村 2024: 光荣榜新增 五美庭院 王五\n东村 2024: 光荣榜删除 五美庭院 李四\n\
             东村 2023: 光荣榜 五美庭院 赵六：事迹已添加\n东村 2024: 光荣榜 好媳妇 张三：事迹已修改\n"
        )
    );

    let (_, md, _) = diff(&content, &["--format", "markdown"]);
    assert!(
        md.contains(
            "| 东村（`/ningguo/dongcun/`） | 2024: 光荣榜新增 五美庭院 王五<br>2024: 光荣榜删除 五美庭院 李四<br>\
             2023: 光荣榜 五美庭院 赵六：事迹已添加<br>2024: 光荣榜 好媳妇 张三：事迹已修改 |\n"
        ),
        "{md}"
    );
    // No region figure moves.
    assert!(!md.contains("汇总数字"), "{md}");

    let (_, json, _) = diff(&content, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["units"][0]["changes"][3],
        serde_json::json!({"field": "honor", "year": 2024, "text": "2024: 光荣榜 好媳妇 张三：事迹已修改"})
    );
    assert_eq!(v["regions"], serde_json::json!([]));

    // The reason's text itself is never quoted.
    assert!(!out.contains("孝敬公婆") && !md.contains("孝敬公婆") && !json.contains("孝敬公婆"), "{out}");
}

#[test]
fn diff_says_an_introduction_changed_without_quoting_it() {
    let (_tmp, content) = repo_with_dongcun("about: 东村位于宁郭镇东部。\n");
    set_dongcun(&content, "about: 东村位于宁郭镇东部，村支书电话见公示栏。\n");
    let (code, out, err) = diff(&content, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("{HEADER}东村 简介已修改\n"));
    set_dongcun(&content, "");
    assert_eq!(diff(&content, &[]).1, format!("{HEADER}东村 简介已删除\n"));
}

const PROJECT: &str = "projects:\n  - id: P-2024-01\n    name: 村内道路硬化\n    year: 2024\n    budget: 600000\n    steps:\n      proposed: 2024-03-02\n      discussed: 2024-03-05\n      reviewed: 2024-03-08\n      resolved: 2024-03-10\n    spending:\n      - {date: 2024-05-10, item: 水泥采购, amount: 545000}\n";

#[test]
fn diff_reports_a_renamed_project_and_its_spending() {
    let (tmp, content) = repo_with_dongcun(PROJECT);
    set_dongcun(
        &content,
        &PROJECT.replace("name: 村内道路硬化", "name: 村内主干道硬化").replace(
            "      - {date: 2024-05-10, item: 水泥采购, amount: 545000}\n",
            "      - {date: 2024-05-10, item: 水泥采购, amount: 545000}\n      - {date: 2024-06-01, item: 路肩, amount: 55000}\n",
        ),
    );
    let (code, out, err) = diff(&content, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        format!("{HEADER}东村 项目 村内主干道硬化（P-2024-01）：名称 村内道路硬化 → 村内主干道硬化; 已支出 545000.00 → 600000.00\n")
    );
    let (_, md, _) = diff(&content, &["--format", "markdown"]);
    assert!(
        md.contains("| 东村（`/ningguo/dongcun/`） | 项目 村内主干道硬化（P-2024-01）：名称 村内道路硬化 → 村内主干道硬化; 已支出 545000.00 → 600000.00 |"),
        "{md}"
    );
    let (_, json, _) = diff(&content, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["units"][0]["changes"][0]["field"], "project");
    assert_eq!(v["units"][0]["changes"][0]["year"], 2024);

    // Committed, then the next step done on a corrected date and the budget raised; the same
    // spending total with a line moved to another day is still a change.
    git(tmp.path(), &["commit", "-q", "-am", "改名"]);
    let now = std::fs::read_to_string(content.join("regions/ningguo/dongcun.yaml")).unwrap();
    std::fs::write(
        content.join("regions/ningguo/dongcun.yaml"),
        now.replace("budget: 600000", "budget: 650000")
            .replace("resolved: 2024-03-10\n", "resolved: 2024-03-11\n      resolution_published: 2024-03-12\n")
            .replace("2024-06-01, item: 路肩", "2024-06-02, item: 路肩"),
    )
    .unwrap();
    let (_, out, _) = diff(&content, &[]);
    assert_eq!(
        out,
        format!(
            "{HEADER}东村 项目 村内主干道硬化（P-2024-01）：预算 600000.00 → 650000.00; 进度 决议 → 决议公开; 决议日期 2024-03-10 → 2024-03-11; 支出明细已修改\n"
        )
    );
}

#[test]
fn diff_reports_a_notice_whose_end_or_body_changed() {
    let notice = "notices:\n  - {title: 2024年度星级评定结果公示, start: 2024-12-01, end: 2024-12-05, body: 正文}\n  - {title: 村务公开, start: 2024-11-01}\n";
    let (_tmp, content) = repo_with_dongcun(notice);
    set_dongcun(
        &content,
        &notice
            .replace("end: 2024-12-05, body: 正文", "end: 2024-12-12, body: 正文（更正）")
            .replace("title: 村务公开", "title: 十一月村务公开"),
    );
    let (code, out, err) = diff(&content, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        format!(
            "{HEADER}东村 公示 2024年度星级评定结果公示（2024-12-01 起）：公示截止 2024-12-05 → 2024-12-12; 正文已修改\n\
             东村 公示 十一月村务公开（2024-11-01 起）：标题 村务公开 → 十一月村务公开\n"
        )
    );
    let (_, md, _) = diff(&content, &["--format", "markdown"]);
    assert!(md.contains("2024年度星级评定结果公示（2024-12-01 起）：公示截止 2024-12-05 → 2024-12-12; 正文已修改<br>"), "{md}");
    let (_, json, _) = diff(&content, &["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["units"][0]["changes"][0]["field"], "notice");

    // A site-wide 公示期 change moves the default end of every notice without one.
    let site = content.join("site.yaml");
    std::fs::write(&site, std::fs::read_to_string(&site).unwrap() + "policy:\n  notice_days: 10\n").unwrap();
    let (_, out, _) = diff(&content, &[]);
    assert!(
        out.contains("东村 公示 十一月村务公开（2024-11-01 起）：标题 村务公开 → 十一月村务公开; 公示截止 2024-11-07 → 2024-11-10\n"),
        "{out}"
    );
}

#[test]
fn content_errors_in_the_base_revision_are_reported_with_file_and_line() {
    let (tmp, content) = repo_with_dongcun("");
    // The base revision has an unknown star on line 3 of 西村; HEAD fixes it.
    let xicun = content.join("regions/ningguo/xicun.yaml");
    std::fs::write(&xicun, "name: 西村\nstars:\n  2024: [文明星]\n").unwrap();
    git(tmp.path(), &["commit", "-q", "-am", "写错"]);
    std::fs::write(&xicun, "name: 西村\nstars:\n  2024: [文明幸福星]\n").unwrap();
    git(tmp.path(), &["commit", "-q", "-am", "改正"]);

    let (code, out, err) = diff(&content, &["HEAD~1", "HEAD"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, "");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], "版本 HEAD~1 的内容有错误，无法比较 (revision HEAD~1 has content errors):");
    assert!(lines[1].starts_with("regions/ningguo/xicun.yaml:3:10: error: 未知的星“文明星”"), "{err}");
    assert_eq!(lines[2], " 3 |   2024: [文明星]");
    assert_eq!(lines.last().unwrap(), &"版本 HEAD~1：共 1 个错误、0 个警告 (revision HEAD~1: 1 errors, 0 warnings)");

    // Both revisions broken: both are reported in one run.
    std::fs::write(content.join("regions/ningguo/dongcun.yaml"), "name: 东村\nstras:\n  2024: [产业兴旺星]\n").unwrap();
    let (code, _, err) = diff(&content, &["HEAD~1"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("版本 HEAD~1 的内容有错误"), "{err}");
    assert!(err.contains("regions/ningguo/xicun.yaml:3:10: error:"), "{err}");
    assert!(err.contains("版本 工作区 (working tree) 的内容有错误"), "{err}");
    assert!(err.contains("regions/ningguo/dongcun.yaml:2:1: error:"), "{err}");
}

#[test]
fn diff_never_prints_a_personal_number() {
    let (tmp, content) = repo_with_dongcun("honors:\n  - {year: 2024, roll: 好媳妇, name: 张三, reason: 孝敬公婆}\n");
    // A clerk pastes a phone number into the 事迹: HEAD's content is refused, the number masked.
    set_dongcun(&content, "honors:\n  - {year: 2024, roll: 好媳妇, name: 张三, reason: 孝敬公婆 电话13800138000}\n");
    for format in ["text", "markdown", "json"] {
        let (code, out, err) = diff(&content, &["--format", format]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("文字中有疑似手机号码“1380****000”"), "{err}");
        assert!(!out.contains("13800138000") && !err.contains("13800138000"), "{out}{err}");
    }
    // Committed and then removed again: the base revision holds it, and it is still masked.
    git(tmp.path(), &["commit", "-q", "-am", "误填"]);
    set_dongcun(&content, "honors:\n  - {year: 2024, roll: 好媳妇, name: 张三, reason: 孝敬公婆}\n");
    let (code, out, err) = diff(&content, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("版本 HEAD 的内容有错误"), "{err}");
    assert!(!out.contains("13800138000") && !err.contains("13800138000"), "{out}{err}");
}

#[test]
fn diff_outside_a_repository_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("ok/basic"), tmp.path());
    let (code, _, err) = diff(tmp.path(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("不在 git 仓库中"), "{err}");
}
