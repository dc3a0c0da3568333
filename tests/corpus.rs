//! The hostile-input corpus: every case in `tests/corpus/manifest.toml` is placed into a copy of
//! the small base site `tests/corpus/base/` and built with the real binary, under a memory limit
//! (`ulimit -v`) and a time limit. Whatever the input, the build must not panic, crash or hang;
//! it exits 0 (ok) or 1 (content error) as the manifest says; a content error names
//! `FILE:LINE:COL` inside the file and carries the expected message; and a failed build leaves
//! no output and no staging directory behind. See `tests/corpus/README.md`.

mod common;
use common::copy_dir;

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

/// A build taking longer than this is a hang. The slowest cases (2 MB records) take 2–5 s of
/// CPU in a debug build, several times that on a machine shared with other builds; a quadratic
/// slip on the same input takes hours.
const TIME_LIMIT: Duration = Duration::from_secs(60);
/// Address-space limit for one build, in KiB (`ulimit -v`): 1 GiB.
const MEMORY_LIMIT_KIB: u64 = 1024 * 1024;
/// Markup that must never appear as a real tag in an output file (hostile text is escaped,
/// so these can only occur as `&lt;…` text, or as `\u003c…` in JSON).
const NEVER_AS_TAG: [&str; 4] = ["<script>alert", "<iframe", "<svg onload", "<img src=x"];
/// Attributes that must never appear in a tag outside quoted values (an escaped `&quot;` keeps
/// hostile text inside the value).
const NEVER_IN_TAG: [&str; 3] = ["onerror=", "onload=", "onmouseover="];
/// Link targets that must never be written.
const NEVER_AS_LINK: [&str; 4] = ["href=\"javascript:", "src=\"javascript:", "href=\"data:", "src=\"data:text"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    case: Vec<Case>,
}

/// One corpus case (see `tests/corpus/README.md` for the fields).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// Input file under `tests/corpus/cases/` (absent for generated, symlink and FIFO cases).
    #[serde(default)]
    file: Option<String>,
    /// A generated input, named (see [`generate`]).
    #[serde(default)]
    generate: Option<String>,
    /// Make `to` a symbolic link to this target (`{outside}` is a directory beside the content).
    #[serde(default)]
    symlink: Option<String>,
    /// Make `to` a named pipe (FIFO).
    #[serde(default)]
    fifo: bool,
    /// Where the input goes in the site (default `regions/ningguo/case.yaml`).
    #[serde(default = "default_to")]
    to: String,
    /// Base-site files to delete first.
    #[serde(default)]
    remove: Vec<String>,
    /// `ok` or `error`.
    expect: String,
    /// Expected position of one diagnostic: `LINE`, `LINE:COL` (in `to`) or `FILE:LINE[:COL]`.
    #[serde(default)]
    at: Option<String>,
    /// A fragment of that diagnostic's message.
    #[serde(default)]
    msg: Option<String>,
    /// Why the case exists.
    #[allow(dead_code)]
    why: String,
}

fn default_to() -> String {
    "regions/ningguo/case.yaml".into()
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

impl Case {
    fn name(&self) -> String {
        self.file.clone().or_else(|| self.generate.clone()).unwrap_or_else(|| format!("{} → {:?}", self.to, self.symlink))
    }
}

/// Generated inputs: too big for git, or made of a pattern.
fn generate(name: &str) -> Vec<u8> {
    let max = 2 * 1024 * 1024;
    match name {
        // One byte over the 2 MiB limit.
        "over_size_limit" => {
            let mut s = String::from("name: 大文件村\nabout: |\n");
            while s.len() <= max {
                s.push_str("  这是一段很长的介绍文字，用来测试文件大小的上限。\n");
            }
            s.into_bytes()
        }
        // 50 MB of a single line: must be refused without reading it all.
        "huge_50mb" => vec![b'a'; 50 * 1024 * 1024],
        // Just under the limit, and valid: a long `about:` builds.
        "just_under_size_limit" => {
            let mut s = String::from("name: 长介绍村\nabout: |\n");
            let line = "  这是一段很长的介绍文字，用来测试文件大小的上限。\n";
            while s.len() + line.len() < max - 1024 {
                s.push_str(line);
            }
            s.into_bytes()
        }
        // 15,000 honors (1 MiB), to bound render time.
        "many_honors" => {
            let mut s = String::from("name: 多荣誉村\nhonors:\n");
            while s.len() < max / 2 {
                s.push_str("  - {year: 2024, roll: 五美庭院, name: 张秀英, reason: 庭院整洁美}\n");
            }
            s.into_bytes()
        }
        // 200,000 levels of block sequence nesting.
        "deep_block_nesting" => format!("name: 深\nabout:\n{}x\n", "- ".repeat(200_000)).into_bytes(),
        // 100,000 levels of flow nesting.
        "deep_flow_nesting" => format!("name: 深\nabout: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
        // A mapping nested 1,000 levels deep by indentation.
        "deep_indented_mapping" => {
            let mut s = String::from("name: 深\nabout:\n");
            for i in 0..1000 {
                s.push_str(&format!("{}k{i}:\n", " ".repeat(2 * (i + 1))));
            }
            s.into_bytes()
        }
        // 20,000 years of income.
        "many_years" => {
            let mut s = String::from("name: 多年村\nincome:\n");
            for i in 0..20_000 {
                s.push_str(&format!("  {}: 1\n", 2000 + i % 25));
            }
            s.into_bytes()
        }
        // 10,000 files' worth of error: one record with 20,000 unknown stars.
        "many_errors" => {
            let mut s = String::from("name: 多错村\nstars:\n  2024:\n");
            for _ in 0..20_000 {
                s.push_str("    - 文明星\n");
            }
            s.into_bytes()
        }
        other => panic!("unknown generator {other}"),
    }
}

/// What went wrong with one case, or nothing.
fn run_case(case: &Case, base: &Path, bin: &Path) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let content = tmp.path().join("content");
    let outside = tmp.path().join("outside");
    copy_dir(base, &content);
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("secret.yaml"), "name: 外部文件\n").unwrap();
    fs::write(outside.join("_index.yaml"), "name: 外部镇\nkind: town\n").unwrap();
    for r in &case.remove {
        let p = content.join(r);
        if p.is_dir() { fs::remove_dir_all(&p) } else { fs::remove_file(&p) }.map_err(|e| format!("remove {r}: {e}"))?;
    }
    let dest = content.join(&case.to);
    fs::create_dir_all(dest.parent().unwrap()).unwrap();
    if let Some(target) = &case.symlink {
        let target = target.replace("{outside}", outside.to_str().unwrap());
        std::os::unix::fs::symlink(&target, &dest).map_err(|e| format!("symlink: {e}"))?;
    } else if case.fifo {
        let ok = Command::new("mkfifo").arg(&dest).status().map_err(|e| format!("mkfifo: {e}"))?.success();
        if !ok {
            return Err("mkfifo failed".into());
        }
    } else if let Some(g) = &case.generate {
        fs::write(&dest, generate(g)).unwrap();
    } else if let Some(f) = &case.file {
        fs::copy(corpus_dir().join("cases").join(f), &dest).map_err(|e| format!("copy {f}: {e}"))?;
    } else {
        return Err("case has no input".into());
    }

    let out = tmp.path().join("output");
    let script = format!("ulimit -v {MEMORY_LIMIT_KIB}; exec \"$0\" \"$@\"");
    let mut child = Command::new("sh")
        .args(["-c", &script])
        .arg(bin)
        .args(["build", "--content"])
        .arg(&content)
        .arg("--output")
        .arg(&out)
        .args(["--today", common::TODAY])
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut stderr_pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr_pipe.read_to_end(&mut buf);
        buf
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("still running after {TIME_LIMIT:?} (hang)"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
    let code = status.code();
    let fail = |why: String| Err(format!("{why}\n--- stderr ---\n{}", clip(&stderr)));

    if stderr.contains("panicked") || stderr.contains("memory allocation") || stderr.contains("overflowed its stack") {
        return fail("panic or abort".into());
    }
    let expected_code = match case.expect.as_str() {
        "ok" => 0,
        "error" => 1,
        other => return Err(format!("bad expect {other:?}")),
    };
    if code != Some(expected_code) {
        return fail(format!("exit {code:?} (signal or wrong code), expected {expected_code}"));
    }
    let leftovers: BTreeSet<String> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !["content", "outside", "output"].contains(&n.as_str()))
        .collect();
    if !leftovers.is_empty() {
        return fail(format!("left behind: {leftovers:?}"));
    }
    let diagnostics: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ") || l.contains(": warning: ")).collect();
    let mut widths = std::collections::HashMap::new();
    for d in &diagnostics {
        check_position(d, &content, &mut widths)?;
    }
    if expected_code == 1 {
        if out.exists() {
            return fail("a failed build wrote output".into());
        }
        if !diagnostics.iter().any(|d| d.contains(": error: ")) {
            return fail("exit 1 without a FILE:LINE:COL error".into());
        }
    } else {
        if !out.join("index.html").is_file() {
            return fail("no output/index.html".into());
        }
        scan_output(&out)?;
    }
    if case.at.is_some() || case.msg.is_some() {
        let at = case
            .at
            .as_deref()
            .map(|a| if a.starts_with(|c: char| c.is_ascii_digit()) { format!("{}:{a}", case.to) } else { a.to_string() });
        let found = diagnostics.iter().any(|d| {
            at.as_ref().is_none_or(|at| d.starts_with(&format!("{at}:"))) && case.msg.as_ref().is_none_or(|m| d.contains(m.as_str()))
        });
        if !found {
            return fail(format!("no diagnostic at {at:?} containing {:?}", case.msg));
        }
    }
    Ok(())
}

/// A diagnostic line starts `FILE:LINE:COL: ` with the position inside the file.
/// Character widths of the lines of a file, as YAML counts lines (`\r\n`, `\r` and `\n` each
/// end one); `None` for what is not a readable regular file.
type Widths = std::collections::HashMap<String, Option<Vec<usize>>>;

fn check_position(line: &str, content: &Path, widths: &mut Widths) -> Result<(), String> {
    let mut parts = line.splitn(4, ':');
    let (file, l, c) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let (Ok(l), Ok(c)) = (l.parse::<usize>(), c.parse::<usize>()) else {
        return Err(format!("diagnostic without FILE:LINE:COL: {}", clip(line)));
    };
    if l == 0 || c == 0 {
        return Err(format!("zero line or column: {}", clip(line)));
    }
    if !line.ends_with(')') {
        return Err(format!("diagnostic without an English gloss: {}", clip(line)));
    }
    let lines = widths.entry(file.to_string()).or_insert_with(|| {
        let path = content.join(file);
        fs::symlink_metadata(&path).ok().filter(|m| m.is_file() && m.len() < 4 * 1024 * 1024)?;
        let text = String::from_utf8_lossy(&fs::read(&path).ok()?).replace("\r\n", "\n").replace('\r', "\n");
        Some(text.split('\n').map(|l| l.trim_start_matches('\u{feff}').chars().count()).collect())
    });
    if let Some(lines) = lines {
        if l > lines.len() {
            return Err(format!("line {l} is past the end of {file} ({} lines): {}", lines.len(), clip(line)));
        }
        if c > lines[l - 1] + 1 {
            return Err(format!("column {c} is past the end of line {l}: {}", clip(line)));
        }
    }
    Ok(())
}

/// Hostile text must be escaped in every output file.
fn scan_output(out: &Path) -> Result<(), String> {
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.map_err(|e| e.to_string())?;
        // CSV and xlsx hold clerks' text verbatim (HTML-escaping would corrupt the data); their
        // own rule, formula neutralisation, is checked in tests/escaping.rs.
        let ext = entry.path().extension().and_then(|e| e.to_str()).unwrap_or("");
        if !entry.file_type().is_file() || ext == "csv" || ext == "xlsx" {
            continue;
        }
        let text = String::from_utf8_lossy(&fs::read(entry.path()).unwrap()).to_lowercase();
        let bad = |what: &str| Err(format!("{} contains {what:?}", entry.path().display()));
        for needle in NEVER_AS_TAG {
            if text.contains(needle) {
                return bad(needle);
            }
        }
        for (start, _) in text.match_indices('<') {
            let rest = &text[start..];
            let mut end = rest.find('>').unwrap_or(rest.len()).min(1000);
            while !rest.is_char_boundary(end) {
                end -= 1;
            }
            let tag = &rest[..end];
            let outside_quotes: String = tag.split('"').step_by(2).collect();
            if let Some(needle) = NEVER_IN_TAG.iter().find(|n| outside_quotes.contains(**n)) {
                return bad(&format!("{needle} in {tag}"));
            }
            if let Some(needle) = NEVER_AS_LINK.iter().find(|n| tag.contains(**n)) {
                return bad(&format!("{needle} in {tag}"));
            }
        }
    }
    Ok(())
}

fn clip(s: &str) -> String {
    if s.len() <= 2000 {
        return s.to_string();
    }
    let mut end = 2000;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}

fn manifest() -> Manifest {
    let text = fs::read_to_string(corpus_dir().join("manifest.toml")).unwrap();
    toml::from_str(&text).unwrap_or_else(|e| panic!("manifest.toml: {e}"))
}

#[test]
fn corpus_never_panics_hangs_or_leaks() {
    let manifest = manifest();
    // `CORPUS_CASE=fragment cargo test --test corpus` runs only the cases whose name matches.
    let only = std::env::var("CORPUS_CASE").ok();
    assert!(manifest.case.len() >= 200, "the corpus should hold at least 200 cases, has {}", manifest.case.len());
    let base = corpus_dir().join("base");
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_starboard"));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(case) = manifest.case.get(i) else { break };
                    if only.as_ref().is_some_and(|o| !case.name().contains(o.as_str())) {
                        continue;
                    }
                    if let Err(e) = run_case(case, &base, &bin) {
                        failures.lock().unwrap().push(format!("case {} ({}): {e}", i + 1, case.name()));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{} of {} corpus cases failed:\n\n{}", failures.len(), manifest.case.len(), failures.join("\n\n"));
}

#[test]
fn every_corpus_file_is_in_the_manifest() {
    let listed: BTreeSet<String> = manifest().case.iter().filter_map(|c| c.file.clone()).collect();
    let dir = corpus_dir().join("cases");
    let on_disk: BTreeSet<String> = walkdir::WalkDir::new(&dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&dir).unwrap().to_string_lossy().into_owned())
        .collect();
    let unlisted: Vec<_> = on_disk.difference(&listed).collect();
    let missing: Vec<_> = listed.difference(&on_disk).collect();
    assert!(unlisted.is_empty() && missing.is_empty(), "not in manifest: {unlisted:?}; missing files: {missing:?}");
}
