//! The publishing kit `starboard init` writes: the GitHub Actions workflow and the GitLab CI file
//! are parsed and their jobs checked (check and build on every push, publish only on the default
//! branch, `starboard diff --format markdown` on merge requests with the full git history), the
//! shell the jobs run is run on the new site (in a git repository with two commits; the note
//! posted to a local stand-in for the GitLab API; the GitHub comment script run by node against a
//! stand-in API client; rsync through a stand-in `ssh` into a local directory), and nginx serves
//! the built site with the example `deploy/nginx.conf`. Parts that need curl, node, rsync or
//! nginx skip without them, except in CI (`CI` set), where they fail.

mod common;
use common::*;

use serde_yaml::Value;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const GITHUB: &str = ".github/workflows/starboard.yml";
const GITLAB: &str = ".gitlab-ci.yml";
const STARBOARD_GIT: &str = "https://git.example.org/tools/starboard.git";

fn init_site(extra: &[&str]) -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let mut args = vec!["init", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = starboard(&args);
    assert!(o.status.success(), "init failed: {}", String::from_utf8_lossy(&o.stderr));
    (tmp, dir, String::from_utf8_lossy(&o.stderr).into_owned())
}

/// A new site built into its `output/`, as the CI build job leaves it for the publish jobs.
fn built_site() -> (tempfile::TempDir, PathBuf) {
    let (tmp, dir, _) = init_site(&[]);
    let build = starboard(&["build", "--content", dir.join("content").to_str().unwrap(), "--output", dir.join("output").to_str().unwrap()]);
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    (tmp, dir)
}

fn yaml(path: &Path) -> Value {
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn str_of(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v:?}"))
}

fn seq(v: &Value) -> &Vec<Value> {
    v.as_sequence().unwrap_or_else(|| panic!("not a list: {v:?}"))
}

/// The shell of a GitHub job: every `run` step except the one that installs starboard.
fn github_script(job: &Value) -> String {
    let runs = seq(&job["steps"]).iter().filter_map(|s| s["run"].as_str());
    runs.filter(|r| !r.contains("cargo install")).collect::<Vec<_>>().join("\n")
}

/// The shell of a GitLab job: its `script` lines (the install is in `before_script`).
fn gitlab_script(job: &Value) -> String {
    seq(&job["script"]).iter().map(str_of).collect::<Vec<_>>().join("\n")
}

/// Runs a CI job's shell the way the runners do (`bash -e`) in `dir`, with the starboard under
/// test first on `PATH`.
fn run_script(dir: &Path, script: &str, env: &[(&str, &str)]) -> Output {
    run_script_with(dir, script, env, &[])
}

/// [`run_script`] with more directories (stand-ins for `ssh`, `apk`) before it on `PATH`.
fn run_script_with(dir: &Path, script: &str, env: &[(&str, &str)], bins: &[&Path]) -> Output {
    let starboard_bin = Path::new(env!("CARGO_BIN_EXE_starboard")).parent().unwrap();
    let mut path: Vec<String> = bins.iter().chain([&starboard_bin]).map(|b| b.display().to_string()).collect();
    path.push(std::env::var("PATH").unwrap_or_default());
    let path = path.join(":");
    let o = Command::new("bash")
        .args(["-e", "-c", script])
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("SOURCE_DATE_EPOCH")
        .envs(env.iter().copied())
        .output()
        .expect("run bash");
    assert!(
        o.status.success(),
        "CI script failed:\n{script}\n--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// The `if:` that limits a GitHub job or step to pushes on the default branch.
const GITHUB_ON_MAIN: &str =
    "(github.event_name == 'schedule' || github.ref == format('refs/heads/{0}', github.event.repository.default_branch))";

#[test]
fn init_writes_the_publishing_kit() {
    let (_tmp, dir, stderr) = init_site(&["--starboard-git", STARBOARD_GIT]);
    for f in [GITHUB, GITLAB, "deploy/nginx.conf"] {
        assert!(dir.join(f).is_file(), "{f} missing");
        assert!(stderr.contains(f), "init does not list {f}: {stderr}");
    }
    assert!(!stderr.contains("STARBOARD_GIT"), "{stderr}");
    assert!(std::fs::read_to_string(dir.join(".gitignore")).unwrap().contains("\n.starboard/\n"));

    // The URL given to init is where CI installs starboard from; a CI variable overrides it.
    let gh = yaml(&dir.join(GITHUB));
    assert_eq!(str_of(&gh["env"]["STARBOARD_GIT"]), format!("${{{{ vars.STARBOARD_GIT || '{STARBOARD_GIT}' }}}}"));
    let gl = yaml(&dir.join(GITLAB));
    assert_eq!(str_of(&gl["variables"]["STARBOARD_GIT"]), STARBOARD_GIT);

    // Without it, the files ask for the variable and init says so.
    let (_tmp2, dir2, stderr2) = init_site(&[]);
    assert!(stderr2.contains("STARBOARD_GIT"), "{stderr2}");
    assert_eq!(str_of(&yaml(&dir2.join(GITHUB))["env"]["STARBOARD_GIT"]), "${{ vars.STARBOARD_GIT || '' }}");
    assert_eq!(str_of(&yaml(&dir2.join(GITLAB))["variables"]["STARBOARD_GIT"]), "");
}

#[test]
fn github_workflow_builds_on_push_publishes_on_main_and_diffs_pull_requests() {
    let (_tmp, dir, _) = init_site(&["--starboard-git", STARBOARD_GIT]);
    let wf = yaml(&dir.join(GITHUB));
    let on = wf["on"].as_mapping().unwrap();
    assert!(on.contains_key("push") && on.contains_key("pull_request"), "{on:?}");
    // A daily run (on the default branch) keeps the 公示 status, computed at build time, current.
    assert_eq!(seq(&wf["on"]["schedule"])[0]["cron"], "5 16 * * *");
    let jobs = wf["jobs"].as_mapping().unwrap();
    let names: Vec<&str> = jobs.keys().map(str_of).collect();
    assert_eq!(names, ["build", "pages", "rsync", "diff"]);

    // Every checkout takes the whole history (变更记录 and diff read it); every job that installs
    // starboard does it from the configured git URL, locked.
    for (name, job) in jobs {
        let name = str_of(name);
        let steps = seq(&job["steps"]);
        if let Some(checkout) = steps.iter().find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/checkout@"))) {
            assert_eq!(checkout["with"]["fetch-depth"], Value::from(0), "{name}: shallow checkout");
            let install = steps.iter().filter_map(|s| s["run"].as_str()).find(|r| r.contains("cargo install")).unwrap();
            assert!(install.contains(r#"cargo install --locked --root "$HOME/.starboard" --git "$STARBOARD_GIT""#), "{install}");
        }
    }

    // build: every push (not the pull_request event, which the diff job handles), check then build.
    let build = &wf["jobs"]["build"];
    assert_eq!(str_of(&build["if"]), "github.event_name != 'pull_request'");
    assert_eq!(github_script(build), "starboard check\nstarboard build");
    let steps = seq(&build["steps"]);
    let pages_artifact = steps.iter().find(|s| s["uses"] == "actions/upload-pages-artifact@v3").unwrap();
    assert_eq!(pages_artifact["with"]["path"], "output");
    assert!(str_of(&pages_artifact["if"]).starts_with(GITHUB_ON_MAIN));
    let site_artifact = steps.iter().find(|s| s["uses"] == "actions/upload-artifact@v4").unwrap();
    assert!(str_of(&site_artifact["if"]).starts_with(GITHUB_ON_MAIN));

    // Publishing: only on the default branch, after build.
    let pages = &wf["jobs"]["pages"];
    assert_eq!(pages["needs"], "build");
    assert!(str_of(&pages["if"]).starts_with(GITHUB_ON_MAIN));
    assert_eq!(pages["permissions"]["pages"], "write");
    assert_eq!(pages["permissions"]["id-token"], "write");
    assert_eq!(seq(&pages["steps"])[0]["uses"], "actions/deploy-pages@v4");
    let rsync = &wf["jobs"]["rsync"];
    assert_eq!(str_of(&rsync["if"]), format!("{GITHUB_ON_MAIN} && vars.DEPLOY_HOST != ''"));
    assert!(github_script(rsync).contains(r#"rsync -rlz --delete --delay-updates"#));
    assert!(github_script(rsync).contains(r#"output/ "$DEPLOY_USER@$DEPLOY_HOST:$DEPLOY_PATH/""#));

    // diff: pull requests, may comment, compares the base commit with the merge result in Markdown.
    let diff = &wf["jobs"]["diff"];
    assert_eq!(str_of(&diff["if"]), "github.event_name == 'pull_request'");
    assert_eq!(diff["permissions"]["pull-requests"], "write");
    let steps = seq(&diff["steps"]);
    let compare = steps.iter().find(|s| s["run"].as_str().is_some_and(|r| r.contains("starboard diff"))).unwrap();
    assert_eq!(compare["env"]["BASE"], "${{ github.event.pull_request.base.sha }}");
    assert!(str_of(&compare["run"]).starts_with(r#"starboard diff "$BASE" HEAD --format markdown > starboard-diff.md"#));
    let comment = steps.last().unwrap();
    assert_eq!(comment["uses"], "actions/github-script@v7");
    let js = str_of(&comment["with"]["script"]);
    assert!(js.contains("readFileSync('starboard-diff.md'") && js.contains("createComment") && js.contains("updateComment"));
}

#[test]
fn gitlab_ci_builds_on_push_publishes_on_main_and_diffs_merge_requests() {
    let (_tmp, dir, _) = init_site(&["--starboard-git", STARBOARD_GIT]);
    let ci = yaml(&dir.join(GITLAB));
    assert_eq!(ci["variables"]["GIT_DEPTH"], "0", "full history for 变更记录 and diff");
    assert_eq!(seq(&ci["stages"]).iter().map(str_of).collect::<Vec<_>>(), ["build", "deploy"]);
    let install = seq(&ci[".starboard"]["before_script"]).iter().map(str_of).collect::<Vec<_>>().join("\n");
    assert!(install.contains(r#"cargo install --locked --root "$CI_PROJECT_DIR/.starboard" --git "$STARBOARD_GIT""#), "{install}");
    assert_eq!(seq(&ci[".starboard"]["cache"]["paths"])[0], ".starboard/");

    let build = &ci["build"];
    assert_eq!(build["extends"], ".starboard");
    assert_eq!(seq(&build["rules"])[0]["if"], "$CI_COMMIT_BRANCH");
    assert_eq!(gitlab_script(build), "starboard check\nstarboard build");
    assert_eq!(seq(&build["artifacts"]["paths"])[0], "output/");

    let on_main = "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH";
    let pages = &ci["pages"];
    assert_eq!(seq(&pages["needs"])[0], "build");
    assert_eq!(str_of(&seq(&pages["rules"])[0]["if"]), format!(r#"{on_main} && $STARBOARD_PAGES != "false""#));
    assert_eq!(gitlab_script(pages), "rm -rf public\nmv output public");
    assert_eq!(seq(&pages["artifacts"]["paths"])[0], "public");
    let rsync = &ci["rsync"];
    assert_eq!(str_of(&seq(&rsync["rules"])[0]["if"]), format!("{on_main} && $DEPLOY_HOST"));
    assert!(gitlab_script(rsync).contains(r#"output/ "$DEPLOY_USER@$DEPLOY_HOST:$DEPLOY_PATH/""#));

    let diff = &ci["diff"];
    assert_eq!(diff["extends"], ".starboard");
    assert_eq!(seq(&diff["rules"])[0]["if"], r#"$CI_PIPELINE_SOURCE == "merge_request_event""#);
    let script = gitlab_script(diff);
    assert!(script.contains(r#"starboard diff "$CI_MERGE_REQUEST_DIFF_BASE_SHA" HEAD --format markdown > starboard-diff.md"#));
    assert!(script.contains(r#"--header "PRIVATE-TOKEN: $STARBOARD_NOTE_TOKEN""#));
    assert!(script.contains(r#""$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes""#));
}

/// A site in a git repository: the starter as committed, then a branch commit giving 西村 a star.
/// Returns the base commit.
fn site_with_a_change(dir: &Path) -> String {
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "新建公开栏"]);
    let base = git(dir, &["rev-parse", "HEAD"]);
    git(dir, &["checkout", "-q", "-b", "xicun-2025"]);
    let xicun = dir.join("content/regions/hexi/xicun.yaml");
    let text = std::fs::read_to_string(&xicun).unwrap();
    let edited = text.replace("2025: [产业兴旺星, 平安法治星, 文明幸福星]", "2025: [产业兴旺星, 生态宜居星, 平安法治星, 文明幸福星]");
    assert_ne!(text, edited, "the starter's 西村 record changed; update this test");
    std::fs::write(&xicun, edited).unwrap();
    git(dir, &["commit", "-q", "-am", "西村 2025 年新增生态宜居星"]);
    base
}

#[test]
fn the_ci_jobs_run_on_the_new_site() {
    let (tmp, dir, _) = init_site(&["--starboard-git", STARBOARD_GIT]);
    let base = site_with_a_change(&dir);
    let gh = yaml(&dir.join(GITHUB));
    let gl = yaml(&dir.join(GITLAB));
    let summary = tmp.path().join("step-summary.md");
    let github_env = [("GITHUB_STEP_SUMMARY", summary.to_str().unwrap()), ("BASE", base.as_str())];

    // build (GitHub, then GitLab): check and build the site, with its history.
    for script in [github_script(&gh["jobs"]["build"]), gitlab_script(&gl["build"])] {
        let _ = std::fs::remove_dir_all(dir.join("output"));
        let o = run_script(&dir, &script, &github_env);
        assert!(String::from_utf8_lossy(&o.stderr).contains("检查通过"));
        let page = std::fs::read_to_string(dir.join("output/hexi/xicun/index.html")).unwrap();
        assert!(page.contains("西村 2025 年新增生态宜居星"), "变更记录 missing: the build did not see the git history");
    }

    // diff on GitHub: the Markdown goes to the file the comment step posts, and to the job summary.
    run_script(&dir, &github_script(&gh["jobs"]["diff"]), &github_env);
    let md = std::fs::read_to_string(dir.join("starboard-diff.md")).unwrap();
    assert!(md.starts_with(&format!("### 公开数据变化（`{base}` → `HEAD`）")), "{md}");
    assert!(md.contains("| 西村（`/hexi/xicun/`） | 2025: 三星 → 四星, +生态宜居星 |"), "{md}");
    assert_eq!(std::fs::read_to_string(&summary).unwrap(), md);
    comment_step_posts(&dir, str_of(&seq(&gh["jobs"]["diff"]["steps"]).last().unwrap()["with"]["script"]), &md);

    // diff on GitLab without a token: the Markdown is in the log, nothing is posted.
    std::fs::remove_file(dir.join("starboard-diff.md")).unwrap();
    let script = gitlab_script(&gl["diff"]);
    let o = run_script(&dir, &script, &[("CI_MERGE_REQUEST_DIFF_BASE_SHA", &base)]);
    let log = String::from_utf8_lossy(&o.stdout);
    assert!(log.contains(&md) && log.contains("未设置 STARBOARD_NOTE_TOKEN"), "{log}");
    assert_eq!(std::fs::read_to_string(dir.join("starboard-diff.md")).unwrap(), md);

    // …and with one, the note is posted to the merge request's notes API.
    if !has_program("curl", "posting the GitLab note") {
        return;
    }
    let api = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/api/v4", api.local_addr().unwrap());
    let server = std::thread::spawn(move || read_request(&mut api.accept().unwrap().0));
    let env = [
        ("CI_MERGE_REQUEST_DIFF_BASE_SHA", base.as_str()),
        ("STARBOARD_NOTE_TOKEN", "glpat-test-token"),
        ("CI_API_V4_URL", &url),
        ("CI_PROJECT_ID", "42"),
        ("CI_MERGE_REQUEST_IID", "7"),
    ];
    run_script(&dir, &script, &env);
    let (head, body) = server.join().unwrap();
    assert!(head.starts_with("POST /api/v4/projects/42/merge_requests/7/notes HTTP/1.1\r\n"), "{head}");
    assert!(head.contains("\r\nPRIVATE-TOKEN: glpat-test-token\r\n"), "{head}");
    assert!(head.contains("\r\nContent-Type: application/x-www-form-urlencoded\r\n"), "{head}");
    assert_eq!(form_value(&body, "body").as_deref(), Some(md.as_str()));
}

/// Stands in for `ssh` (rsync's transport): records its arguments in `$SSH_LOG`, then runs the
/// remote command here, so rsync copies into a local directory.
const FAKE_SSH: &str = r#"#!/bin/sh
printf '%s\n' "$*" >> "$SSH_LOG"
while [ $# -gt 0 ]; do
  case "$1" in
    -i|-p|-l|-o) shift 2 ;;
    -*) shift ;;
    *) shift; break ;;
  esac
done
exec sh -c "$*"
"#;

fn executable(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn has_program(name: &str, why: &str) -> bool {
    if Command::new(name).arg("--version").output().is_ok() {
        return true;
    }
    assert!(std::env::var_os("CI").is_none(), "{name} is missing ({why}; .ci/run installs it)");
    eprintln!("skipping: no {name} ({why})");
    false
}

#[test]
fn the_publish_jobs_copy_output_to_the_server() {
    if !has_program("rsync", "the rsync publish jobs") {
        return;
    }
    let (tmp, dir) = built_site();
    let gh = yaml(&dir.join(GITHUB));
    let gl = yaml(&dir.join(GITLAB));
    let bin = tmp.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    executable(&bin.join("ssh"), FAKE_SSH);
    executable(&bin.join("apk"), "#!/bin/sh\n"); // GitLab's alpine image installs rsync with it
    let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----";
    let known = "web.example.gov.cn ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEXAMPLE";
    let (key_file, known_file) = (tmp.path().join("key-file"), tmp.path().join("known-file"));
    std::fs::write(&key_file, key).unwrap();
    std::fs::write(&known_file, format!("{known}\n")).unwrap();

    for (forge, script, key_var, known_var) in [
        ("github", github_script(&gh["jobs"]["rsync"]), key, known),
        ("gitlab", gitlab_script(&gl["rsync"]), key_file.to_str().unwrap(), known_file.to_str().unwrap()),
    ] {
        // The server's directory holds last week's site, with a page since removed.
        let www = tmp.path().join(format!("www-{forge}"));
        std::fs::create_dir_all(&www).unwrap();
        std::fs::write(www.join("removed.html"), "old").unwrap();
        let home = tmp.path().join(format!("home-{forge}"));
        let log = tmp.path().join(format!("ssh-{forge}.log"));
        let env = [
            ("HOME", home.to_str().unwrap()),
            ("SSH_LOG", log.to_str().unwrap()),
            ("DEPLOY_HOST", "web.example.gov.cn"),
            ("DEPLOY_USER", "deploy"),
            ("DEPLOY_PATH", www.to_str().unwrap()),
            ("DEPLOY_PORT", "2222"),
            ("DEPLOY_SSH_KEY", key_var),
            ("DEPLOY_KNOWN_HOSTS", known_var),
        ];
        run_script_with(&dir, &script, &env, &[&bin]);

        for page in ["index.html", "hexi/xicun/index.html", "assets/style.css", "404.html", "sitemap.xml"] {
            assert_eq!(std::fs::read(www.join(page)).unwrap(), std::fs::read(dir.join("output").join(page)).unwrap(), "{forge}: {page}");
        }
        assert!(!www.join("removed.html").exists(), "{forge}: rsync --delete did not remove a page gone from output/");
        let ssh = std::fs::read_to_string(&log).unwrap();
        let want = format!("-i {}/.ssh/deploy_key -p 2222 -l deploy web.example.gov.cn rsync --server", home.display());
        assert!(ssh.starts_with(&want), "{forge}: ssh called as {ssh}");
        let written = std::fs::read_to_string(home.join(".ssh/deploy_key")).unwrap();
        assert_eq!(written.trim_end(), key, "{forge}");
        assert!(written.ends_with('\n'), "{forge}: the key needs its final newline");
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(home.join(".ssh/deploy_key")).unwrap().permissions().mode() & 0o777, 0o600, "{forge}");
        assert_eq!(std::fs::read_to_string(home.join(".ssh/known_hosts")).unwrap().trim_end(), known, "{forge}");
    }

    // GitLab Pages publishes the build's output/ as public/.
    run_script(&dir, &gitlab_script(&gl["pages"]), &[]);
    assert!(dir.join("public/index.html").is_file() && !dir.join("output").exists());
}

/// Runs a github-script step's script the way the action does (an async function of `require`,
/// `github`, `context`) against a recording stand-in for the API client; prints the calls as JSON.
const GITHUB_SCRIPT: &str = r#"
const fs = require('fs');
const [script, existing] = [fs.readFileSync(process.argv[2], 'utf8'), JSON.parse(process.argv[3])];
const calls = [];
const github = {
  paginate: async (method, params) => { calls.push({ call: method, ...params }); return existing; },
  rest: { issues: {
    listComments: 'listComments',
    createComment: async (params) => { calls.push({ call: 'createComment', ...params }); },
    updateComment: async (params) => { calls.push({ call: 'updateComment', ...params }); },
  } },
};
const context = { repo: { owner: 'qingshan', repo: 'gongkai' }, issue: { number: 12 } };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction('require', 'github', 'context', script)(require, github, context)
  .then(() => console.log(JSON.stringify(calls)), (e) => { console.error(e); process.exit(1); });
"#;

/// The comment step posts `starboard-diff.md` once, then keeps updating its own comment.
fn comment_step_posts(site: &Path, script: &str, md: &str) {
    if !has_program("node", "running the github-script comment step") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (harness, step) = (tmp.path().join("github-script.cjs"), tmp.path().join("step.js"));
    std::fs::write(&harness, GITHUB_SCRIPT).unwrap();
    std::fs::write(&step, script).unwrap();
    let calls = |existing: serde_json::Value| -> serde_json::Value {
        let o = Command::new("node").arg(&harness).arg(&step).arg(existing.to_string()).current_dir(site).output().unwrap();
        assert!(o.status.success(), "comment step failed: {}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let body = format!("<!-- starboard diff -->\n{md}");
    let list = serde_json::json!({"call": "listComments", "owner": "qingshan", "repo": "gongkai", "issue_number": 12});
    assert_eq!(
        calls(serde_json::json!([{"id": 3, "user": {"type": "User"}, "body": "看过了"}])),
        serde_json::json!([list, {"call": "createComment", "owner": "qingshan", "repo": "gongkai", "issue_number": 12, "body": body}])
    );
    // A reviewer quoting the marker is not the bot's comment; the bot's own one is updated.
    let existing = serde_json::json!([
        {"id": 4, "user": {"type": "User"}, "body": "<!-- starboard diff -->\n引用"},
        {"id": 5, "user": {"type": "Bot"}, "body": "<!-- starboard diff -->\n旧的结果"},
    ]);
    assert_eq!(
        calls(existing),
        serde_json::json!([list, {"call": "updateComment", "owner": "qingshan", "repo": "gongkai", "comment_id": 5, "body": body}])
    );
}

/// Reads one HTTP request (head and `Content-Length` body) and answers 201 as GitLab does.
fn read_request(stream: &mut TcpStream) -> (String, String) {
    let mut data = Vec::new();
    let mut buf = [0u8; 8192];
    let (head, length) = loop {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "connection closed mid-request");
        data.extend_from_slice(&buf[..n]);
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8(data[..end + 4].to_vec()).unwrap();
            let length = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap()))
                .unwrap_or(0);
            data.drain(..end + 4);
            break (head, length);
        }
    };
    while data.len() < length {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "connection closed mid-body");
        data.extend_from_slice(&buf[..n]);
    }
    stream
        .write_all(b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
        .unwrap();
    (head, String::from_utf8(data).unwrap())
}

/// The value of `name` in an `application/x-www-form-urlencoded` body.
fn form_value(body: &str, name: &str) -> Option<String> {
    let raw = body.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))?;
    let bytes = raw.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                out.push(u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// One HTTP response from the nginx under test.
struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

fn get(port: u16, path: &str, gzip: bool) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let accept = if gzip { "Accept-Encoding: gzip\r\n" } else { "" };
    write!(s, "GET {path} HTTP/1.1\r\nHost: example.gov.cn\r\n{accept}Connection: close\r\n\r\n").unwrap();
    let mut data = Vec::new();
    s.read_to_end(&mut data).unwrap();
    let end = data.windows(4).position(|w| w == b"\r\n\r\n").expect("no header end");
    let head = String::from_utf8(data[..end].to_vec()).unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Response { status, head, body: data[end + 4..].to_vec() }
}

/// nginx, run in the foreground as a single process, stopped when dropped.
struct Nginx(std::process::Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn nginx_serves_the_site_with_the_example_config() {
    if !has_program("nginx", "serving the site with deploy/nginx.conf") {
        return;
    }
    let (tmp, dir) = built_site();

    // The example as shipped, pointed at this output and a free port.
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let example = std::fs::read_to_string(dir.join("deploy/nginx.conf")).unwrap();
    let site = example
        .replace("    listen 80;\n", &format!("    listen 127.0.0.1:{port};\n"))
        .replace("    listen [::]:80;\n", "")
        .replace("    root /var/www/starboard;\n", &format!("    root {};\n", dir.join("output").display()));
    assert!(!site.contains("listen 80;") && !site.contains("/var/www/starboard;\n    index"), "example changed shape; update this test");
    let run = tmp.path().join("nginx");
    std::fs::create_dir_all(&run).unwrap();
    std::fs::write(run.join("site.conf"), site).unwrap();
    let r = run.display();
    let main = format!(
        "daemon off;\nmaster_process off;\npid {r}/nginx.pid;\nerror_log {r}/error.log;\nevents {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n  client_body_temp_path {r}/body;\n  proxy_temp_path {r}/proxy;\n  fastcgi_temp_path {r}/fastcgi;\n  uwsgi_temp_path {r}/uwsgi;\n  scgi_temp_path {r}/scgi;\n  include {r}/site.conf;\n}}\n"
    );
    std::fs::write(run.join("nginx.conf"), main).unwrap();
    let (conf, log) = (run.join("nginx.conf"), run.join("error.log"));
    let args = ["-p", run.to_str().unwrap(), "-e", log.to_str().unwrap(), "-c", conf.to_str().unwrap()];
    let t = Command::new("nginx").args(["-t"]).args(args).output().unwrap();
    assert!(t.status.success(), "nginx -t: {}", String::from_utf8_lossy(&t.stderr));
    let _nginx = Nginx(Command::new("nginx").args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(std::time::Instant::now() < deadline, "nginx did not start: {}", std::fs::read_to_string(&log).unwrap_or_default());
        std::thread::sleep(std::time::Duration::from_millis(50));
    }

    // Pages: UTF-8 declared, gzipped, revalidated on every visit; directories serve index.html.
    for path in ["/", "/hexi/", "/hexi/xicun/index.html"] {
        let r = get(port, path, true);
        assert_eq!(r.status, 200, "{path}: {}", r.head);
        assert_eq!(r.header("Content-Type"), Some("text/html; charset=utf-8"), "{path}");
        assert_eq!(r.header("Content-Encoding"), Some("gzip"), "{path}");
        assert_eq!(r.header("Cache-Control"), Some("no-cache"), "{path}");
        assert_eq!(r.header("X-Content-Type-Options"), Some("nosniff"), "{path}");
    }
    // Assets: cached for an hour; text assets and feeds gzipped with charset.
    let css = get(port, "/assets/style.css", true);
    assert_eq!(css.status, 200);
    assert_eq!(css.header("Content-Type"), Some("text/css; charset=utf-8"));
    assert_eq!(css.header("Content-Encoding"), Some("gzip"));
    assert_eq!(css.header("Cache-Control"), Some("max-age=3600"));
    let js = get(port, "/assets/search.js", true);
    assert_eq!(js.header("Content-Type"), Some("application/javascript; charset=utf-8"));
    assert_eq!(js.header("Content-Encoding"), Some("gzip"));
    for path in ["/sitemap.xml", "/notices.xml", "/data.json"] {
        let r = get(port, path, true);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.header("Content-Type").unwrap().ends_with("; charset=utf-8"), "{path}: {}", r.head);
        assert_eq!(r.header("Content-Encoding"), Some("gzip"), "{path}");
        assert_eq!(r.header("Cache-Control"), Some("no-cache"), "{path}");
    }
    // A mistyped address gets 404.html with its way home; starboard's own dot-files are hidden.
    let page_404 = std::fs::read(dir.join("output/404.html")).unwrap();
    for path in ["/hexi/nosuchcun/", "/nosuch.css", "/.starboard-output"] {
        let r = get(port, path, false);
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(r.body, page_404, "{path}: not the site's 404.html");
    }
    assert!(dir.join("output/.starboard-output").exists());
}
