//! Raw types: the YAML files exactly as clerks write them, before any checking.
//!
//! They mirror CONTENT-FORMAT.md field by field with `deny_unknown_fields`, so a typo like `stras:`
//! is an error. Numbers, years and dates stay as [`Scalar`] text and mappings keep their order and
//! duplicates ([`RawMap`]): deciding what is valid is the validator's job, which can then point at
//! the exact entry.

use std::fmt;
use std::marker::PhantomData;

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::model::star::ALL_STARS;

/// A scalar kept as the text the clerk wrote (`2024`, `236500.50`, `2024-03-05`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scalar(pub String);

impl Scalar {
    /// The text as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a scalar")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_str(V)
    }
}

/// In the JSON Schema (editor support) a scalar is whatever YAML may write as a plain value.
impl JsonSchema for Scalar {
    fn schema_name() -> Cow<'static, str> {
        "Scalar".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["string", "number", "boolean"] })
    }
}

/// A YAML mapping kept in source order, duplicates included (the validator reports them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMap<V>(pub Vec<(Scalar, V)>);

impl<V> Default for RawMap<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for RawMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = RawMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<Scalar, V>()? {
                    entries.push(entry);
                }
                Ok(RawMap(entries))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(RawMap(Vec::new()))
            }
        }
        d.deserialize_map(MapVisitor(PhantomData))
    }
}

/// In the JSON Schema a mapping is an object whose every value has `V`'s schema.
impl<V: JsonSchema> JsonSchema for RawMap<V> {
    fn schema_name() -> Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "object", "additionalProperties": generator.subschema_for::<V>() })
    }
}

/// A star name as the JSON Schema offers it (both `产业兴旺星` and `产业兴旺`); only for editor
/// support — the loader reads stars as plain strings and the validator suggests the nearest.
pub struct StarName;

impl JsonSchema for StarName {
    fn schema_name() -> Cow<'static, str> {
        "StarName".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = ALL_STARS.iter().flat_map(|s| [s.name(), s.name().trim_end_matches('星')]).collect();
        json_schema!({ "type": "string", "enum": names, "description": "星的名称 (star name)" })
    }
}

/// `site.yaml` — site settings and policy.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    /// 站点标题.
    pub title: String,
    /// Public address, used for QR codes and canonical links.
    pub base_url: String,
    /// 当前年度: years after this are errors.
    pub current_year: Scalar,
    /// 监督电话: the one phone number allowed in output.
    #[serde(default)]
    pub hotline: Option<String>,
    /// 奖补与评定政策.
    #[serde(default)]
    pub policy: Option<RawPolicy>,
    /// 光荣榜 roll names, in display order (defaults to the usual rolls).
    #[serde(default)]
    pub honor_rolls: Option<Vec<String>>,
    /// Default poster paper size: a4, a3 (default) or a2.
    #[serde(default)]
    pub poster_size: Option<String>,
    /// Kiosk display settings.
    #[serde(default)]
    pub kiosk: Option<RawKiosk>,
}

/// `site.yaml` → `policy:`.
#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPolicy {
    /// 每创建成功一颗星奖补 (元).
    #[serde(default)]
    pub reward_per_star: Option<Scalar>,
    /// 支部过硬星 only together with all other four stars.
    #[serde(default)]
    pub branch_star_requires_all: Option<Scalar>,
    /// Income bracket bounds (元), ascending.
    #[serde(default)]
    pub income_brackets: Option<Vec<Scalar>>,
    /// Default 公示期 in days.
    #[serde(default)]
    pub notice_days: Option<Scalar>,
}

/// `site.yaml` → `kiosk:`.
#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawKiosk {
    /// Seconds each slide stays on screen.
    #[serde(default)]
    pub slide_seconds: Option<Scalar>,
    /// Seconds without a touch before auto-play resumes.
    #[serde(default)]
    pub idle_seconds: Option<Scalar>,
}

/// A region's `_index.yaml` (county, town …).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRegion {
    /// 名称, e.g. 宁郭镇.
    pub name: String,
    /// province | city | county | town.
    #[schemars(extend("enum" = ["province", "city", "county", "town"]))]
    pub kind: String,
    /// Optional Markdown introduction.
    #[serde(default)]
    pub about: Option<String>,
    /// Figures once published by hand, by year, to reconcile against.
    #[serde(default)]
    pub declared: Option<RawMap<RawDeclared>>,
}

/// One year of a region's `declared:` figures.
#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDeclared {
    /// Villages per level (`{5: 1, 4: 10}`).
    #[serde(default)]
    pub village_levels: Option<RawMap<Scalar>>,
    /// Villages per star.
    #[serde(default)]
    pub village_stars: Option<RawMap<Scalar>>,
    /// Communities per level.
    #[serde(default)]
    pub community_levels: Option<RawMap<Scalar>>,
    /// Communities per star.
    #[serde(default)]
    pub community_stars: Option<RawMap<Scalar>>,
    /// Total collective income (元).
    #[serde(default)]
    pub income_total: Option<Scalar>,
    /// Total star rewards (元).
    #[serde(default)]
    pub reward_total: Option<Scalar>,
}

/// A unit record: one village or community.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawUnit {
    /// 名称, e.g. 东村.
    pub name: String,
    /// village (default) | community.
    #[serde(default)]
    #[schemars(extend("enum" = ["village", "community"]))]
    pub kind: Option<String>,
    /// Stars held, by year.
    #[serde(default)]
    #[schemars(with = "RawMap<Option<Vec<StarName>>>")]
    pub stars: RawMap<Option<Vec<String>>>,
    /// 村集体经济收入 by year, 元.
    #[serde(default)]
    pub income: RawMap<Scalar>,
    /// Optional Markdown introduction.
    #[serde(default)]
    pub about: Option<String>,
    /// 光荣榜 entries.
    #[serde(default)]
    pub honors: Vec<RawHonor>,
    /// 村级项目.
    #[serde(default)]
    pub projects: Vec<RawProject>,
    /// 公示.
    #[serde(default)]
    pub notices: Vec<RawNotice>,
}

/// One 光荣榜 entry.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHonor {
    /// 年度.
    pub year: Scalar,
    /// 榜单, e.g. 五美庭院.
    pub roll: String,
    /// 姓名 or household.
    pub name: String,
    /// 事迹 / reason.
    #[serde(default)]
    pub reason: Option<String>,
}

/// One 村级项目 with its 四议两公开 steps.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawProject {
    /// Unique id within the unit.
    pub id: String,
    /// 项目名称.
    pub name: String,
    /// 年度.
    pub year: Scalar,
    /// 预算 (元).
    pub budget: Scalar,
    /// Optional Markdown description.
    #[serde(default)]
    pub about: Option<String>,
    /// 四议两公开 dates.
    #[serde(default)]
    pub steps: Option<RawSteps>,
    /// 支出明细.
    #[serde(default)]
    pub spending: Vec<RawSpending>,
}

/// 四议两公开 step dates.
#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSteps {
    /// 村党组织提议.
    #[serde(default)]
    pub proposed: Option<Scalar>,
    /// 村两委会议商议.
    #[serde(default)]
    pub discussed: Option<Scalar>,
    /// 党员大会审议.
    #[serde(default)]
    pub reviewed: Option<Scalar>,
    /// 村民(代表)会议决议.
    #[serde(default)]
    pub resolved: Option<Scalar>,
    /// 决议公开.
    #[serde(default)]
    pub resolution_published: Option<Scalar>,
    /// 实施结果公开.
    #[serde(default)]
    pub result_published: Option<Scalar>,
}

/// One spending line of a project.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSpending {
    /// 日期.
    pub date: Scalar,
    /// 事项.
    pub item: String,
    /// 金额 (元).
    pub amount: Scalar,
}

/// One 公示.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNotice {
    /// 标题.
    pub title: String,
    /// 公示开始.
    pub start: Scalar,
    /// 公示结束 (default: start + notice_days − 1).
    #[serde(default)]
    pub end: Option<Scalar>,
    /// Markdown body.
    #[serde(default)]
    pub body: Option<String>,
}

/// Front matter of a free Markdown page under `pages/`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPageMeta {
    /// 标题.
    pub title: String,
    /// 日期.
    #[serde(default)]
    pub date: Option<Scalar>,
    /// Position in the navigation (smaller first).
    #[serde(default)]
    pub weight: Option<Scalar>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::yaml;

    #[test]
    fn unit_keeps_money_text_and_duplicates() {
        let u: RawUnit =
            yaml::parse("name: 东村\nstars:\n  2023: [产业兴旺星]\n  2024: []\nincome:\n  2023: 185000\n  2023: 236500.50\n").unwrap();
        assert_eq!(u.income.0.len(), 2);
        assert_eq!(u.income.0[1].1.as_str(), "236500.50");
        assert_eq!(u.stars.0[1].1, Some(vec![]));
    }

    #[test]
    fn empty_year_means_no_stars() {
        let u: RawUnit = yaml::parse("name: 东村\nstars:\n  2023:\n").unwrap();
        assert_eq!(u.stars.0[0].1, None);
    }
}
