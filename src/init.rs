//! `starboard init DIR` — writes a starter site a clerk can edit at once: one county, one town,
//! two villages, a community and a free page, every field explained in Chinese comments, plus the
//! JSON Schemas and the VS Code settings that make the editor check the records while typing,
//! and the publishing kit: a GitHub Actions workflow and a GitLab CI file (check and build on every
//! push, publish `output/` on the default branch, post `starboard diff` on merge requests) and an
//! nginx example for a plain web server.
//!
//! The starter files live in `starter/` (embedded at compile time) so they read as what they
//! are: YAML a clerk will copy, not strings in Rust.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::load::schema::{self, REGION_SCHEMA, SITE_SCHEMA, UNIT_SCHEMA};
use crate::model::Date;

/// Directory (inside the new site) that holds the JSON Schemas.
pub const SCHEMA_DIR: &str = "schema";

/// (path inside the new site, text) of every starter file; `{{current_year}}` and
/// `{{starboard_git}}` are filled in.
const STARTER: &[(&str, &str)] = &[
    ("content/site.yaml", include_str!("../starter/content/site.yaml")),
    ("content/regions/_index.yaml", include_str!("../starter/content/regions/_index.yaml")),
    ("content/regions/hexi/_index.yaml", include_str!("../starter/content/regions/hexi/_index.yaml")),
    ("content/regions/hexi/dongcun.yaml", include_str!("../starter/content/regions/hexi/dongcun.yaml")),
    ("content/regions/hexi/xicun.yaml", include_str!("../starter/content/regions/hexi/xicun.yaml")),
    ("content/regions/hexi/xinhe-shequ.yaml", include_str!("../starter/content/regions/hexi/xinhe-shequ.yaml")),
    ("content/pages/gongkai-chengnuo.md", include_str!("../starter/content/pages/gongkai-chengnuo.md")),
    (".github/workflows/starboard.yml", include_str!("../starter/.github/workflows/starboard.yml")),
    (".gitlab-ci.yml", include_str!("../starter/.gitlab-ci.yml")),
    ("deploy/nginx.conf", include_str!("../starter/deploy/nginx.conf")),
    (".gitignore", "# starboard build 生成的网站，不需要提交\noutput/\n# CI 安装的 starboard（.gitlab-ci.yml）\n.starboard/\n"),
];

/// Where CI installs starboard from when `init` is given no `--starboard-git`: the `repository`
/// of this build's Cargo.toml (empty when it has none; the CI files then ask for the variable).
pub const DEFAULT_STARBOARD_GIT: &str = env!("CARGO_PKG_REPOSITORY");

/// The newest year the starter records use; `current_year` is at least this.
const STARTER_YEAR: i32 = 2025;

/// Why `init` did nothing.
#[derive(Debug)]
pub enum InitError {
    /// The directory exists and is not empty (a usage error: exit 2).
    NotEmpty(PathBuf),
    /// A file could not be written.
    Io(String),
}

/// Writes the starter site into `dir` (created if missing; refused if it is not empty).
/// `starboard_git` is the git URL the CI files install starboard from (`cargo install --git`).
/// Returns the files written, relative to `dir`.
pub fn init(dir: &Path, today: Date, starboard_git: &str) -> Result<Vec<String>, InitError> {
    if fs::read_dir(dir).is_ok_and(|mut rd| rd.next().is_some()) {
        return Err(InitError::NotEmpty(dir.to_path_buf()));
    }
    let current_year = today.year.max(STARTER_YEAR).to_string();
    // The URL lands inside a quoted YAML scalar (`"…"` in GitLab, `'…'` in a GitHub expression).
    let starboard_git: String = starboard_git.chars().filter(|c| !matches!(c, '"' | '\'' | '\\') && !c.is_control()).collect();
    let mut files: Vec<(String, String)> = STARTER
        .iter()
        .map(|(path, text)| {
            (path.to_string(), text.replace("{{current_year}}", &current_year).replace("{{starboard_git}}", &starboard_git))
        })
        .collect();
    for s in schema::schemas() {
        files.push((format!("{SCHEMA_DIR}/{}", s.file), schema::to_text(&s.schema)));
    }
    files.push((".vscode/settings.json".into(), vscode_settings()));
    for (rel, text) in &files {
        write(&dir.join(rel), text).map_err(|e| InitError::Io(format!("写入 {} 失败 (failed to write {}): {e}", rel, rel)))?;
    }
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}

/// Writes the JSON Schemas into `dir` (`starboard schema --out DIR`); returns the paths written.
pub fn write_schemas(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut written = Vec::new();
    for s in schema::schemas() {
        let path = dir.join(s.file);
        write(&path, &schema::to_text(&s.schema)).map_err(|e| format!("写入 {} 失败 (failed to write): {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// `.vscode/settings.json`: maps each schema to its files, for records that lost their modeline.
fn vscode_settings() -> String {
    let settings = serde_json::json!({
        "yaml.schemas": {
            format!("./{SCHEMA_DIR}/{UNIT_SCHEMA}"): ["content/regions/**/*.yaml", "!content/regions/**/_index.yaml"],
            format!("./{SCHEMA_DIR}/{REGION_SCHEMA}"): ["content/regions/**/_index.yaml"],
            format!("./{SCHEMA_DIR}/{SITE_SCHEMA}"): ["content/site.yaml"],
        }
    });
    let mut text = serde_json::to_string_pretty(&settings).unwrap_or_default();
    text.push('\n');
    text
}

fn write(path: &Path, text: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_yaml_names_its_schema_by_a_path_that_exists() {
        let tmp = tempfile::tempdir().unwrap();
        let files = init(tmp.path(), Date::parse("2026-01-05").unwrap(), "").unwrap();
        for rel in files.iter().filter(|f| f.ends_with(".yaml")) {
            let text = fs::read_to_string(tmp.path().join(rel)).unwrap();
            let first = text.lines().next().unwrap();
            let target = first.strip_prefix("# yaml-language-server: $schema=").unwrap_or_else(|| panic!("{rel}: no modeline"));
            let schema = Path::new(rel).parent().unwrap().join(target);
            assert!(tmp.path().join(&schema).is_file(), "{rel}: {} missing", schema.display());
            let want = if rel.ends_with("_index.yaml") {
                REGION_SCHEMA
            } else if rel.ends_with("site.yaml") {
                SITE_SCHEMA
            } else {
                UNIT_SCHEMA
            };
            assert!(target.ends_with(want), "{rel} points at {target}");
        }
        let site = fs::read_to_string(tmp.path().join("content/site.yaml")).unwrap();
        assert!(site.contains("current_year: 2026\n"));
    }

    #[test]
    fn refuses_a_non_empty_directory() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("notes.txt"), "x").unwrap();
        assert!(matches!(init(tmp.path(), Date::today(), ""), Err(InitError::NotEmpty(_))));
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
