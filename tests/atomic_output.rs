//! Output is replaced atomically: a build killed midway (SIGKILL, as in a power cut) leaves the
//! previous output exactly as it was, and the next build that writes recycles the dead build's
//! staging directory (pruning what it did not write). A build that fails on content errors
//! leaves everything alone.

mod common;
use common::*;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A content dir with `n` villages in 10 towns: big enough that rendering takes a while.
fn big_site(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir.join("regions")).unwrap();
    std::fs::write(dir.join("site.yaml"), "title: 大县公开栏\nbase_url: https://example.gov.cn/big/\ncurrent_year: 2024\n").unwrap();
    std::fs::write(dir.join("regions/_index.yaml"), "name: 大县\nkind: county\n").unwrap();
    for t in 0..10 {
        let town = dir.join(format!("regions/town{t}"));
        std::fs::create_dir_all(&town).unwrap();
        std::fs::write(town.join("_index.yaml"), format!("name: 第{t}镇\nkind: town\n")).unwrap();
        for v in 0..n / 10 {
            std::fs::write(
                town.join(format!("cun{v}.yaml")),
                format!("name: 第{v}村\nstars:\n  2023: [产业兴旺星]\n  2024: [产业兴旺星, 生态宜居星]\nincome:\n  2024: {}\n", 10000 + v),
            )
            .unwrap();
        }
    }
}

fn snapshot(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(out).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

fn siblings(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

fn build_into(content: &Path, out: &Path) -> std::process::Output {
    starboard(&["build", "--content", content.to_str().unwrap(), "--output", out.to_str().unwrap(), "--today", TODAY])
}

#[test]
fn killed_build_leaves_previous_output_and_is_cleaned_up() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    assert!(build_into(&fixture("ok/basic"), &out).status.success());
    let before = snapshot(&out);

    let big = tempfile::tempdir().unwrap();
    big_site(big.path(), 3000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_starboard"))
        .args(["build", "--content", big.path().to_str().unwrap(), "--output", out.to_str().unwrap(), "--today", TODAY])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill as soon as the build has started writing its staging directory.
    let started = Instant::now();
    let staging_seen = loop {
        if siblings(tmp.path()).iter().any(|n| n.starts_with(".output.staging-")) {
            std::thread::sleep(Duration::from_millis(20));
            break true;
        }
        if child.try_wait().unwrap().is_some() || started.elapsed() > Duration::from_secs(120) {
            break false;
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(staging_seen, "the big build finished before it could be killed");
    assert!(status.code().is_none(), "the build was killed by a signal");
    assert_eq!(snapshot(&out), before, "the previous output changed");
    assert!(siblings(tmp.path()).iter().any(|n| n.starts_with(".output.staging-")), "the killed build left its staging dir");

    // A build that fails on content errors touches nothing.
    let failed = build_into(&fixture("bad/unknown_star"), &out);
    assert_eq!(failed.status.code(), Some(1));
    assert_eq!(snapshot(&out), before, "a failed build changed the output");

    // The next build that writes recycles the dead build's staging directory (3,000 units'
    // pages) as its own: what it did not write is pruned, and the replaced output is the spare.
    assert!(build_into(&fixture("ok/basic"), &out).status.success());
    assert_eq!(siblings(tmp.path()), [".output.spare", "output"], "stale staging directory not cleaned up");
    assert_eq!(snapshot(&out), before, "same content, same output");
}
