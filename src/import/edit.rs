//! Surgical edits of a unit record's YAML text: set one year of `stars:` or `income:` and leave
//! every other byte — comments, key order, other years, blank lines, line endings — as it was.
//!
//! Positions come from [`Locator`]; ends of values are found in the text (a flow `[…]` by bracket
//! matching, a block by indentation), so no YAML is ever re-serialised.

use crate::diag::YamlPath;
use crate::load::yaml::{Locator, MapEntry};
use crate::model::Year;

/// A record that cannot be edited in place (e.g. `stars: {2023: […]}` in flow style).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError {
    /// 1-based line and column of the field that cannot be edited.
    pub line_col: (usize, usize),
    /// 中文说明.
    pub zh: String,
    /// English gloss.
    pub en: String,
}

/// The text split into lines, with byte offsets.
struct Doc<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1).filter(|&i| i < text.len()));
        if text.is_empty() {
            starts.clear();
        }
        Doc { text, starts }
    }

    fn lines(&self) -> usize {
        self.starts.len()
    }

    /// Line `i` (0-based) without its line ending.
    fn line(&self, i: usize) -> &'a str {
        let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
        self.text[self.starts[i]..end].trim_end_matches(['\n', '\r'])
    }

    /// Byte offset of the start of line `i` (the end of the text past the last line).
    fn start(&self, i: usize) -> usize {
        self.starts.get(i).copied().unwrap_or(self.text.len())
    }

    /// Byte offset of 1-based (line, char column).
    fn offset(&self, (line, col): (usize, usize)) -> usize {
        let l = self.line(line - 1);
        self.starts[line - 1] + l.char_indices().nth(col - 1).map_or(l.len(), |(i, _)| i)
    }

    /// Lines after `key_line` that belong to its value: deeper indented, or `- ` items at the same
    /// indentation; trailing blank and comment lines are left outside. Returns the end line (excl.).
    fn block_end(&self, key_line: usize) -> usize {
        let indent = indent_of(self.line(key_line));
        let mut end = key_line + 1;
        for i in key_line + 1..self.lines() {
            let l = self.line(i);
            let t = l.trim_start();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let ind = indent_of(l);
            if ind > indent || (ind == indent && (t == "-" || t.starts_with("- "))) {
                end = i + 1;
            } else {
                break;
            }
        }
        end
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Byte offset just after the `:` that ends the key starting at `from`.
fn after_colon(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() && bytes[i] != b'\n' {
        if bytes[i] == b':' && (i + 1 == bytes.len() || matches!(bytes[i + 1], b' ' | b'\t' | b'\n' | b'\r')) {
            return i + 1;
        }
        i += 1;
    }
    i
}

/// The value text after a key's colon on its line, without a trailing comment.
fn inline_value(rest: &str) -> &str {
    let mut cut = rest.len();
    let mut prev_space = true;
    let mut quote: Option<char> = None;
    for (i, c) in rest.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && prev_space => {
                cut = i;
                break;
            }
            None => {}
        }
        prev_space = c == ' ' || c == '\t';
    }
    rest[..cut].trim()
}

/// End (exclusive byte offset) of the value starting at `start`: flow collections by bracket
/// matching, quoted scalars to the closing quote, plain scalars to a comment or the line end.
fn value_end(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let first = rest.chars().next().unwrap_or(' ');
    if first == '[' || first == '{' {
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        for (i, c) in rest.char_indices() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\'' => quote = Some(c),
                    '[' | '{' => depth += 1,
                    ']' | '}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return start + i + c.len_utf8();
                        }
                    }
                    _ => {}
                },
            }
        }
        return text.len();
    }
    if (first == '"' || first == '\'')
        && let Some(i) = rest[1..].find(first)
    {
        return start + 1 + i + 1;
    }
    let line_end = rest.find(['\n', '\r']).unwrap_or(rest.len());
    start + inline_value(&rest[..line_end]).len()
}

/// Indentation unit of the file's nested mappings (2 when there is none to copy).
fn indent_unit(doc: &Doc<'_>) -> usize {
    for i in 0..doc.lines() {
        let l = doc.line(i);
        if indent_of(l) != 0 || l.starts_with('#') || !inline_value(&l[after_colon(l, 0).min(l.len())..]).is_empty() {
            continue;
        }
        if let Some(next) = (i + 1..doc.lines()).map(|j| doc.line(j)).find(|n| !n.trim().is_empty() && !n.trim_start().starts_with('#')) {
            let ind = indent_of(next);
            if ind > 0 && !next.trim_start().starts_with('-') {
                return ind;
            }
        }
    }
    2
}

/// Sets `field: {year: value}` (`field` is `stars` or `income`; `value` is YAML text such as
/// `[产业兴旺星, 生态宜居星]` or `300700`) and returns the new text.
pub fn set_year(text: &str, field: &str, year: Year, value: &str) -> Result<String, EditError> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(b) => ("\u{feff}", b),
        None => ("", text),
    };
    let nl = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let doc = Doc::new(body);
    let loc = Locator::new(body);
    let root = YamlPath::root();
    let top = loc.entries(&root);
    let unit = indent_unit(&doc);
    let new = match top.iter().find(|e| e.key == field) {
        Some(MapEntry { key_pos: kpos, .. }) => {
            let key_line = kpos.0 - 1;
            let colon = after_colon(body, doc.offset(*kpos));
            let line_end = doc.start(key_line) + doc.line(key_line).len();
            let rest = inline_value(&body[colon..line_end]);
            let years = loc.entries(&root.key(field));
            if rest.starts_with('{') && rest != "{}" || rest.starts_with('[') {
                return Err(EditError {
                    line_col: *kpos,
                    zh: format!("“{field}:”用了花括号/方括号的写法，导入只能修改逐行书写的年度，请改为每年一行"),
                    en: format!("\"{field}:\" is written in flow style; write one year per line so it can be updated"),
                });
            }
            if years.is_empty() {
                // `stars:` with no entries (empty, `{}`, `~`, `null`): write the first year.
                let value_start = if rest.is_empty() { colon } else { colon + body[colon..].find(rest).unwrap_or(0) };
                let value_end = if rest.is_empty() { colon } else { value_start + rest.len() };
                let mut s = String::with_capacity(body.len() + 40);
                s.push_str(&body[..colon]);
                s.push_str(body[colon..value_start].trim_end());
                s.push_str(&body[value_end..line_end]);
                s.push_str(&body[line_end..doc.start(key_line + 1)]);
                if doc.start(key_line + 1) == body.len() && !body.ends_with('\n') {
                    s.push_str(nl);
                }
                s.push_str(&format!("{}{year}: {value}{nl}", " ".repeat(unit)));
                s.push_str(&body[doc.start(key_line + 1)..]);
                s
            } else if let Some(e) = years.iter().find(|e| e.key.trim().parse::<Year>().ok() == Some(year)) {
                replace_value(&doc, e.key_pos, e.value_pos, value)
            } else {
                let indent = " ".repeat(ykpos_col(&years) - 1);
                let line = match years.iter().find(|e| e.key.trim().parse::<Year>().is_ok_and(|y| y > year)) {
                    Some(e) => e.key_pos.0 - 1,
                    None => doc.block_end(years.last().map_or(key_line, |e| e.key_pos.0 - 1)),
                };
                insert_line(&doc, line, &format!("{indent}{year}: {value}"), nl)
            }
        }
        None => {
            let after = |name: &str| top.iter().find(|e| e.key == name).map(|e| doc.block_end(e.key_pos.0 - 1));
            let before = |name: &str| top.iter().find(|e| e.key == name).map(|e| e.key_pos.0 - 1);
            let line = if field == "stars" { before("income") } else { after("stars") }
                .or_else(|| after("kind").into_iter().chain(after("name")).max())
                .unwrap_or(doc.lines());
            insert_line(&doc, line, &format!("{field}:{nl}{}{year}: {value}", " ".repeat(unit)), nl)
        }
    };
    Ok(format!("{bom}{new}"))
}

fn ykpos_col(years: &[MapEntry]) -> usize {
    years.first().map_or(3, |e| e.key_pos.1)
}

/// Inserts `line` (without ending) before 0-based line `at`.
fn insert_line(doc: &Doc<'_>, at: usize, line: &str, nl: &str) -> String {
    let pos = doc.start(at);
    let mut s = String::with_capacity(doc.text.len() + line.len() + 2);
    s.push_str(&doc.text[..pos]);
    if pos == doc.text.len() && !doc.text.is_empty() && !doc.text.ends_with('\n') {
        s.push_str(nl);
    }
    s.push_str(line);
    s.push_str(nl);
    s.push_str(&doc.text[pos..]);
    s
}

/// Replaces the value of the year entry whose key is at `kpos`.
fn replace_value(doc: &Doc<'_>, kpos: (usize, usize), vpos: (usize, usize), value: &str) -> String {
    let body = doc.text;
    let key_line = kpos.0 - 1;
    let colon = after_colon(body, doc.offset(kpos));
    let line_end = doc.start(key_line) + doc.line(key_line).len();
    let same_line = !inline_value(&body[colon..line_end]).is_empty();
    if same_line && vpos.0 == kpos.0 {
        let start = doc.offset(vpos);
        let end = value_end(body, start);
        return format!("{}{value}{}", &body[..start], &body[end..]);
    }
    // Block value on the following lines (or none): put the new value after the colon, keep the
    // rest of the key line (a comment), and drop the old block lines.
    let end_line = doc.block_end(key_line);
    format!("{} {value}{}{}", &body[..colon], &body[colon..doc.start(key_line + 1)], &body[doc.start(end_line)..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const REC: &str = "# 东村\nname: 东村   # 村名\nkind: village\nstars:\n  2023: [产业兴旺星]  # 复核\n  2025:\n    - 生态宜居星\n\n# 收入\nincome:\n  2023: 185000 # 元\nhonors:\n  - {year: 2024, roll: 五美庭院, name: 张三}\n";

    #[test]
    fn replaces_flow_value_keeping_comment() {
        let out = set_year(REC, "stars", 2023, "[生态宜居星]").unwrap();
        assert_eq!(out, REC.replace("2023: [产业兴旺星]  # 复核", "2023: [生态宜居星]  # 复核"));
        let out = set_year(REC, "income", 2023, "200000.50").unwrap();
        assert_eq!(out, REC.replace("185000 # 元", "200000.50 # 元"));
    }

    #[test]
    fn replaces_block_value() {
        let out = set_year(REC, "stars", 2025, "[]").unwrap();
        assert_eq!(out, REC.replace("  2025:\n    - 生态宜居星\n", "  2025: []\n"));
    }

    #[test]
    fn inserts_years_in_order() {
        let out = set_year(REC, "stars", 2024, "[文明幸福星]").unwrap();
        assert_eq!(out, REC.replace("  2025:\n", "  2024: [文明幸福星]\n  2025:\n"));
        let out = set_year(REC, "stars", 2022, "[]").unwrap();
        assert_eq!(out, REC.replace("  2023: [产", "  2022: []\n  2023: [产"));
        let out = set_year(REC, "income", 2024, "1").unwrap();
        assert_eq!(out, REC.replace("185000 # 元\n", "185000 # 元\n  2024: 1\n"));
        let out = set_year(REC, "stars", 2026, "[]").unwrap();
        assert_eq!(out, REC.replace("    - 生态宜居星\n", "    - 生态宜居星\n  2026: []\n"));
    }

    #[test]
    fn adds_missing_fields_and_keeps_crlf_and_indent() {
        let rec = "name: 西村\r\nkind: village\r\nprojects:\r\n    - id: a\r\n      name: 路\r\n";
        let out = set_year(rec, "income", 2024, "5").unwrap();
        assert_eq!(out, "name: 西村\r\nkind: village\r\nincome:\r\n  2024: 5\r\nprojects:\r\n    - id: a\r\n      name: 路\r\n");
        let out = set_year(&out, "stars", 2024, "[]").unwrap();
        assert!(out.contains("kind: village\r\nstars:\r\n  2024: []\r\nincome:\r\n  2024: 5\r\n"), "{out}");
        let rec = "name: 北村\nabout: |\n    北村\nstars:\n";
        assert_eq!(set_year(rec, "stars", 2024, "[]").unwrap(), "name: 北村\nabout: |\n    北村\nstars:\n  2024: []\n");
        assert_eq!(set_year("name: 南村", "income", 2024, "1").unwrap(), "name: 南村\nincome:\n  2024: 1\n");
        assert_eq!(set_year("name: 南村\nstars: {}\n", "stars", 2024, "[]").unwrap(), "name: 南村\nstars:\n  2024: []\n");
    }

    #[test]
    fn flow_mappings_are_refused() {
        assert!(set_year("name: x\nstars: {2023: []}\n", "stars", 2024, "[]").is_err());
    }
}
