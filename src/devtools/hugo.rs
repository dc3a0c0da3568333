//! `starboard dev hugo-site`: writes the same site as a Hugo project, for the side-by-side
//! benchmark in `bench/run.sh`.
//!
//! One Markdown page per region (`_index.md`) and per unit, with JSON front matter holding only
//! the raw records (stars per year, income per year in 分) — no precomputed figures: the region
//! layout counts star levels and sums income over `.RegularPagesRecursive` itself, as starboard's
//! aggregate stage does. URLs match starboard's (`/city/county/town/unit/index.html`).

use std::fs;
use std::io;
use std::path::Path;

use serde_json::{Map, Value, json};

use crate::model::Model;
use crate::model::star::{COMMUNITY_STARS, VILLAGE_STARS};

/// Writes a Hugo project for `model` into `out` (which must not exist or be empty).
pub fn export(model: &Model, out: &Path) -> io::Result<usize> {
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("{} 不是空目录 (not an empty directory)", out.display())));
    }
    let years: Vec<String> =
        model.units.iter().flat_map(|u| u.years.keys()).collect::<std::collections::BTreeSet<_>>().iter().map(|y| y.to_string()).collect();
    fs::create_dir_all(out.join("layouts/_default"))?;
    let config = json!({
        "baseURL": model.site.base_url,
        "title": model.site.title,
        "languageCode": "zh-CN",
        "disableKinds": ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"],
        "params": {"years": years},
    });
    fs::write(out.join("config.json"), serde_json::to_string_pretty(&config)?)?;
    fs::write(out.join("layouts/_default/baseof.html"), BASEOF)?;
    fs::write(out.join("layouts/_default/list.html"), LIST)?;
    fs::write(out.join("layouts/_default/single.html"), SINGLE)?;
    let content = out.join("content");
    let mut pages = 0;
    for r in &model.regions {
        let dir = content.join(r.path.trim_matches('/'));
        fs::create_dir_all(&dir)?;
        let front = json!({"title": r.name, "kind": r.kind.key()});
        fs::write(dir.join("_index.md"), format!("{}\n", front))?;
        pages += 1;
    }
    for u in &model.units {
        let mut stars = Map::new();
        let mut income = Map::new();
        let order = if u.kind.key() == "village" { &VILLAGE_STARS } else { &COMMUNITY_STARS };
        for (year, y) in &u.years {
            if let Some(set) = y.stars {
                stars.insert(year.to_string(), Value::from(set.in_order(order).iter().map(|s| s.name()).collect::<Vec<_>>()));
            }
            if let Some(m) = y.income {
                income.insert(year.to_string(), Value::from(m.0));
            }
        }
        let front = json!({"title": u.name, "kind": u.kind.key(), "stars": stars, "income": income});
        let file = content.join(format!("{}.md", u.path.trim_matches('/')));
        fs::write(file, format!("{}\n", front))?;
        pages += 1;
    }
    Ok(pages)
}

const BASEOF: &str = r#"<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }} — {{ site.Title }}</title></head>
<body>
<nav>{{ range .Ancestors.Reverse }}<a href="{{ .RelPermalink }}index.html">{{ .Title }}</a> › {{ end }}{{ .Title }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"#;

/// Region page: star levels per year for villages and communities and income totals, counted in
/// the template over every unit below, then the list of children.
const LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $units := cond .IsHome site.RegularPages .RegularPagesRecursive }}
<table>
<tr><th>年度</th><th>类别</th><th>总数</th><th>无星</th><th>一星</th><th>二星</th><th>三星</th><th>四星</th><th>五星</th></tr>
{{ range $y := site.Params.years }}
{{ $s := newScratch }}
{{ range $units }}
{{ $st := index .Params.stars $y }}
{{ if ne $st nil }}{{ $s.Add (printf "%s%d" .Params.kind (len $st)) 1 }}{{ $s.Add .Params.kind 1 }}{{ end }}
{{ with index .Params.income $y }}{{ $s.Add "income" . }}{{ $s.Add "reported" 1 }}{{ end }}
{{ end }}
{{ range $k := slice "village" "community" }}
<tr><td>{{ $y }}</td><td>{{ if eq $k "village" }}村{{ else }}社区{{ end }}</td><td>{{ $s.Get $k | default 0 }}</td>{{ range $l := seq 0 5 }}<td>{{ $s.Get (printf "%s%d" $k $l) | default 0 }}</td>{{ end }}</tr>
{{ end }}
<tr><td>{{ $y }}</td><td>集体经济收入</td><td colspan="7">{{ $s.Get "reported" | default 0 }} 个单位上报，合计 {{ lang.FormatNumber 2 (div (float ($s.Get "income" | default 0)) 100) }} 元</td></tr>
{{ end }}
</table>
<ul>
{{ range .Sections }}<li><a href="{{ .RelPermalink }}index.html">{{ .Title }}</a></li>{{ end }}
{{ range .RegularPages }}<li><a href="{{ .RelPermalink }}index.html">{{ .Title }}</a></li>{{ end }}
</ul>
{{ end }}
"#;

/// Unit page: stars and income per year.
const SINGLE: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<table>
<tr><th>年度</th><th>星级</th><th>所获星</th><th>集体经济收入（元）</th></tr>
{{ range $y := site.Params.years }}
{{ $st := index $.Params.stars $y }}{{ $inc := index $.Params.income $y }}
{{ if or (ne $st nil) (ne $inc nil) }}
<tr><td>{{ $y }}</td><td>{{ if ne $st nil }}{{ len $st }} 星{{ end }}</td><td>{{ delimit ($st | default slice) "、" }}</td><td>{{ with $inc }}{{ lang.FormatNumber 2 (div (float .) 100) }}{{ end }}</td></tr>
{{ end }}
{{ end }}
</table>
{{ end }}
"#;
