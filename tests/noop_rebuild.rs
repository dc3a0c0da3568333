//! The build stamp: rebuilding unchanged content says 无变化 and leaves the output untouched;
//! an edited record, another `--today` or `--force` rebuilds.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};

use common::{TODAY, copy_dir, fixture, starboard};

fn build(content: &Path, out: &Path, today: &str, extra: &[&str]) -> String {
    let mut args = vec!["build", "--content", content.to_str().unwrap(), "--output", out.to_str().unwrap(), "--today", today];
    args.extend_from_slice(extra);
    let o = starboard(&args);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{stderr}");
    stderr
}

#[test]
fn unchanged_content_is_a_no_op_and_edits_rebuild() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    let out = tmp.path().join("output");
    copy_dir(&fixture("ok/basic"), &content);

    assert!(build(&content, &out, TODAY, &[]).contains("已生成"));
    let page = out.join("index.html");
    let first = fs::metadata(&page).unwrap().modified().unwrap();

    let again = build(&content, &out, TODAY, &[]);
    assert!(again.contains("无变化"), "{again}");
    assert_eq!(fs::metadata(&page).unwrap().modified().unwrap(), first, "a no-op rebuild touched the output");

    assert!(build(&content, &out, "2024-12-21", &[]).contains("已生成"), "another --today rebuilds");
    assert!(build(&content, &out, "2024-12-21", &["--force"]).contains("已生成"), "--force rebuilds");

    // Same size, later time: an edit of one record is seen.
    let record = walkdir::WalkDir::new(content.join("regions"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .find(|p| p.extension().is_some_and(|x| x == "yaml") && !p.ends_with("_index.yaml"))
        .unwrap();
    let text = fs::read_to_string(&record).unwrap();
    fs::write(&record, &text).unwrap();
    fs::File::options().write(true).open(&record).unwrap().set_modified(SystemTime::now() + Duration::from_secs(10)).unwrap();
    assert!(build(&content, &out, "2024-12-21", &[]).contains("已生成"), "an edited record rebuilds");
    assert!(build(&content, &out, "2024-12-21", &[]).contains("无变化"));
}
