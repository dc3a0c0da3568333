//! JSON Schemas for the content files, generated from the [`raw`](super::raw) types the loader
//! parses — so the schema an editor checks against can never drift from what `starboard` reads.
//!
//! Editors (VS Code with the YAML extension) use them to autocomplete field names and flag typos
//! such as `stras:` while the clerk types; `starboard check` remains the authority (the schema
//! cannot know, say, which stars a community may hold or whether dates are in order).

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

use super::raw::{RawRegion, RawSite, RawUnit};

/// One schema file: (file name, title shown in the editor, schema).
pub struct SchemaFile {
    /// File name, e.g. `unit.schema.json`.
    pub file: &'static str,
    /// Which content files it describes (for messages and docs).
    pub describes: &'static str,
    /// The schema.
    pub schema: Schema,
}

/// File name of the unit record schema.
pub const UNIT_SCHEMA: &str = "unit.schema.json";
/// File name of the `_index.yaml` schema.
pub const REGION_SCHEMA: &str = "region.schema.json";
/// File name of the `site.yaml` schema.
pub const SITE_SCHEMA: &str = "site.schema.json";

/// The schemas of unit records, region `_index.yaml` files and `site.yaml`.
pub fn schemas() -> Vec<SchemaFile> {
    vec![
        SchemaFile {
            file: UNIT_SCHEMA,
            describes: "regions/**/*.yaml",
            schema: one::<RawUnit>("村（社区）记录 (unit record)", "一个村或社区的星级、集体经济收入、光荣榜、项目和公示。"),
        },
        SchemaFile {
            file: REGION_SCHEMA,
            describes: "regions/**/_index.yaml",
            schema: one::<RawRegion>("区域 _index.yaml (region)", "县（区）、乡镇（街道）等区域的名称和类型。"),
        },
        SchemaFile {
            file: SITE_SCHEMA,
            describes: "site.yaml",
            schema: one::<RawSite>("站点设置 site.yaml (site settings)", "网站标题、网址、当前年度、监督电话和奖补政策。"),
        },
    ]
}

/// Draft-07: the newest draft the VS Code YAML extension fully understands.
fn one<T: JsonSchema>(title: &str, description: &str) -> Schema {
    let mut schema = SchemaSettings::draft07().into_generator().into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    schema.insert("description".into(), description.into());
    schema
}

/// A schema as pretty JSON text with a final newline (stable: same types → same bytes).
pub fn to_text(schema: &Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_schema_lists_fields_and_forbids_others() {
        let unit = &schemas()[0].schema;
        let v = unit.as_value();
        assert_eq!(v["additionalProperties"], false);
        for field in ["name", "kind", "stars", "income", "about", "honors", "projects", "notices"] {
            assert!(v["properties"].get(field).is_some(), "missing {field}");
        }
        assert_eq!(v["required"], serde_json::json!(["name"]));
    }
}
