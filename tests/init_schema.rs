//! `starboard init` and `starboard schema`: the starter site builds and checks at once, and the
//! generated JSON Schemas are valid, accept every record we ship and reject a misspelt field.

mod common;

use std::path::{Path, PathBuf};

use common::{build_dir, starboard};
use serde_json::Value;

fn init_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mysite");
    let o = starboard(&["init", dir.to_str().unwrap()]);
    assert!(o.status.success(), "init failed: {}", String::from_utf8_lossy(&o.stderr));
    (tmp, dir)
}

/// YAML → JSON the way editors see it: mapping keys (years such as `2024`) become strings.
fn yaml_to_json(v: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => serde_json::from_str(&n.to_string()).unwrap(),
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        Y::Number(n) => n.to_string(),
                        Y::Bool(b) => b.to_string(),
                        other => panic!("unexpected key {other:?}"),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(t) => yaml_to_json(t.value),
    }
}

fn read_yaml(path: &Path) -> Value {
    yaml_to_json(serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap())
}

fn validator(schema_dir: &Path, file: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(schema_dir.join(file)).unwrap();
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::meta::validate(&schema).unwrap_or_else(|e| panic!("{file} is not a valid JSON Schema: {e}"));
    jsonschema::validator_for(&schema).unwrap()
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance).map(|e| e.to_string()).collect()
}

#[test]
fn init_builds_and_checks_at_once() {
    let (_tmp, dir) = init_site();
    let content = dir.join("content");
    let check = starboard(&["check", "--content", content.to_str().unwrap()]);
    assert!(check.status.success(), "check failed: {}", String::from_utf8_lossy(&check.stderr));
    assert!(String::from_utf8_lossy(&check.stderr).contains("检查通过：2 个区域、3 个村（社区）"));
    let run = build_dir(&content);
    run.succeeds();
    assert!(run.file("hexi/dongcun/index.html").contains("东村"));
    assert!(run.file("hexi/xinhe-shequ/index.html").contains("新河社区"));
    assert_eq!(run.json("data.json")["name"], "青山县");
    // The files a clerk edits explain themselves in Chinese.
    let record = std::fs::read_to_string(content.join("regions/hexi/dongcun.yaml")).unwrap();
    for field in ["name:", "kind:", "stars:", "income:", "about:", "honors:", "projects:", "notices:"] {
        let line = record.lines().position(|l| l.trim_start().starts_with(field)).unwrap_or_else(|| panic!("no {field}"));
        let before = record.lines().nth(line - 1).unwrap();
        assert!(before.trim_start().starts_with('#'), "{field} has no comment above it");
    }
    assert!(dir.join(".vscode/settings.json").is_file());
}

#[test]
fn init_refuses_a_non_empty_directory() {
    let (_tmp, dir) = init_site();
    let again = starboard(&["init", dir.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("不是空的"));
}

#[test]
fn schema_command_writes_what_init_ships() {
    let (tmp, dir) = init_site();
    let out = tmp.path().join("schemas");
    let o = starboard(&["schema", "--out", out.to_str().unwrap()]);
    assert!(o.status.success());
    for file in ["unit.schema.json", "region.schema.json", "site.schema.json"] {
        assert_eq!(std::fs::read(out.join(file)).unwrap(), std::fs::read(dir.join("schema").join(file)).unwrap(), "{file}");
    }
    let settings: Value = serde_json::from_str(&std::fs::read_to_string(dir.join(".vscode/settings.json")).unwrap()).unwrap();
    assert!(settings["yaml.schemas"]["./schema/unit.schema.json"].is_array());
}

#[test]
fn schemas_accept_shipped_content_and_reject_typos() {
    let (_tmp, dir) = init_site();
    let schemas = dir.join("schema");
    let (unit, region, site) =
        (validator(&schemas, "unit.schema.json"), validator(&schemas, "region.schema.json"), validator(&schemas, "site.schema.json"));
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut records = 0;
    for content in [example, dir.join("content")] {
        assert_eq!(errors(&site, &read_yaml(&content.join("site.yaml"))), Vec::<String>::new());
        for entry in walkdir::WalkDir::new(content.join("regions")) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let v = read_yaml(entry.path());
            let which = if entry.file_name() == "_index.yaml" { &region } else { &unit };
            assert_eq!(errors(which, &v), Vec::<String>::new(), "{}", entry.path().display());
            records += 1;
        }
    }
    assert!(records > 40);

    let good = read_yaml(&dir.join("content/regions/hexi/dongcun.yaml"));
    let mut typo = good.clone();
    let stars = typo.as_object_mut().unwrap().remove("stars").unwrap();
    typo.as_object_mut().unwrap().insert("stras".into(), stars);
    assert!(!unit.is_valid(&typo), "misspelt field accepted");
    let mut bad_star = good.clone();
    bad_star["stars"]["2025"][0] = "文明星".into();
    assert!(!unit.is_valid(&bad_star), "unknown star accepted");
    let mut bad_kind = read_yaml(&dir.join("content/regions/hexi/_index.yaml"));
    bad_kind["kind"] = "village".into();
    assert!(!region.is_valid(&bad_kind), "region kind village accepted");
    let mut site_typo = read_yaml(&dir.join("content/site.yaml"));
    site_typo["titel"] = "x".into();
    assert!(!site.is_valid(&site_typo));
}
