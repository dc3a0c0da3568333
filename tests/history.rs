//! 变更记录 from git: a repository made by the test (with git2), commits with fixed dates, and the
//! unit page and data.json listing each change to the record.

mod common;
use common::*;

use git2::{IndexAddOption, Repository, Signature, Time};

const RECORD: &str = "regions/ningguo/dongcun.yaml";

fn record(stars_2024: &str, income_2024: &str, about: &str) -> String {
    format!(
        "name: 东村\nkind: village\nstars:\n  2023: [产业兴旺星, 生态宜居星, 文明幸福星]\n  2024: [{stars_2024}]\nincome:\n  2023: 185000\n  2024: {income_2024}\nabout: {about}\n"
    )
}

/// Commits everything under the work tree with the given author time (UTC seconds).
fn commit(repo: &Repository, message: &str, seconds: i64) {
    let mut index = repo.index().unwrap();
    index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    // An offset of −05:00: dates must still come out in China time.
    let sig = Signature::new("村文书", "clerk@example.cn", &Time::new(seconds, -300)).unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents).unwrap();
}

/// A repository whose `content/` holds the basic site, with four commits to 东村's record.
fn repo_with_history() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let repo = Repository::init(tmp.path()).unwrap();
    let content = tmp.path().join("content");
    copy_dir(&fixture("ok/basic"), &content);
    let write = |text: &str| std::fs::write(content.join(RECORD), text).unwrap();
    // 2024-03-01 20:00 UTC is 2024-03-02 in China.
    write(&record("产业兴旺星, 生态宜居星, 文明幸福星", "185000", "东村"));
    commit(&repo, "录入东村记录", 1_709_323_200);
    write(&record("产业兴旺星, 生态宜居星, 平安法治星, 文明幸福星", "236500.50", "东村"));
    commit(&repo, "东村2024年评定结果：新增平安法治星；更正收入", 1_714_521_600);
    write("name: 东村\nstars: [oops\n");
    commit(&repo, "误操作", 1_717_200_000);
    write(&record("产业兴旺星, 生态宜居星, 平安法治星, 文明幸福星", "236500.50", "东村位于宁郭镇东部"));
    commit(&repo, "修复记录，补充简介", 1_717_286_400);
    (tmp, content)
}

#[test]
fn unit_data_lists_every_change_to_its_record() {
    let (_tmp, content) = repo_with_history();
    let run = build_dir(&content);
    run.succeeds();
    let d = run.json("ningguo/dongcun/data.json");
    let h = d["history"].as_array().unwrap();
    let rows: Vec<(String, String, Vec<String>)> = h
        .iter()
        .map(|e| {
            assert_eq!(e["commit"].as_str().unwrap().len(), 40);
            (
                e["date"].as_str().unwrap().to_string(),
                e["summary"].as_str().unwrap().to_string(),
                e["changes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect(),
            )
        })
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        rows,
        vec![
            ("2024-06-02".into(), "修复记录，补充简介".into(), s(&[])),
            ("2024-06-01".into(), "误操作".into(), s(&["该版本记录格式有误，未比较星级和收入"])),
            (
                "2024-05-01".into(),
                "东村2024年评定结果：新增平安法治星；更正收入".into(),
                s(&["2024 平安法治星 新增", "2024 收入 185000.00 → 236500.50"])
            ),
            ("2024-03-02".into(), "录入东村记录".into(), s(&["新建记录"])),
        ]
    );
    // A record no commit touched after the first has one entry; units.json carries the same.
    assert_eq!(run.json("ningguo/xicun/data.json")["history"].as_array().unwrap().len(), 1);
    let units = run.json("data/units.json");
    assert_eq!(units["units"][0]["history"], d["history"]);
}

#[test]
fn unit_page_shows_the_change_history() {
    let (_tmp, content) = repo_with_history();
    let run = build_dir(&content);
    let page = run.file("ningguo/dongcun/index.html");
    assert!(page.contains("<h2 id=\"history-h\">变更记录</h2>"));
    assert!(page.contains("<th scope=\"row\">2024-05-01</th>"));
    assert!(page.contains("东村2024年评定结果：新增平安法治星；更正收入"));
    assert!(page.contains("<li>2024 平安法治星 新增</li><li>2024 收入 185000.00 → 236500.50</li>"));
    assert!(page.contains("星级和收入未变"));
    // Same repository, same --today: byte-identical pages.
    assert_eq!(build_dir(&content).file("ningguo/dongcun/index.html"), page);
}

#[test]
fn content_outside_a_repository_builds_without_history() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&fixture("ok/basic"), &content);
    let run = build_dir(&content);
    run.succeeds();
    assert_eq!(run.json("ningguo/dongcun/data.json")["history"], serde_json::json!([]));
    assert!(!run.file("ningguo/dongcun/index.html").contains("变更记录"));
}

#[test]
fn history_api_reads_files_at_revisions() {
    let (_tmp, content) = repo_with_history();
    let repo = starboard::history::Repo::open(&content).unwrap();
    let commits = repo.commits_touching(RECORD).unwrap();
    assert_eq!(commits.len(), 4);
    assert_eq!(commits[3].summary, "录入东村记录");
    let first = repo.read_at(&commits[3].id, RECORD).unwrap().unwrap();
    assert!(String::from_utf8(first).unwrap().contains("2024: 185000"));
    assert_eq!(repo.read_at("HEAD", "regions/nope.yaml").unwrap(), None);
    assert!(repo.read_at("HEAD~1", RECORD).unwrap().unwrap().starts_with(b"name: \xe4\xb8\x9c\xe6\x9d\x91\nstars: [oops"));
}
