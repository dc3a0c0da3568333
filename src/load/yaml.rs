//! The one place that knows which YAML library we use.
//!
//! Typed parsing goes through `serde_yaml` (deprecated upstream, so nothing else may name it:
//! swapping it means editing this file only). Positions for diagnostics come from a separate,
//! lazily built [`Locator`] over `yaml-rust2` events, made only when a file has an error to show.
//!
//! One serde_yaml behaviour the raw types rely on: a plain scalar asked for as a string
//! (`deserialize_str`) arrives as its source text, so `236500.50` stays `"236500.50"` and money
//! never passes through a float.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

use crate::diag::{PathSeg, YamlPath};
use crate::validate::suggest::nearest;

/// A YAML document that could not be parsed into the expected shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub col: usize,
    /// 中文说明.
    pub zh: String,
    /// English gloss.
    pub en: String,
}

/// How much content YAML aliases (`*name`) may add to a document, in bytes of scalar text plus
/// one per node. A clerk's record reuses a value or two; a "billion laughs" document, whose
/// aliases expand exponentially, is stopped here before anything is built.
pub const MAX_ALIAS_EXPANSION: usize = 1024 * 1024;

/// Deepest nesting of lists and mappings accepted. Records nest four levels deep at most
/// (`projects[0].steps.resolved`); the YAML parser slows down quadratically on thousands of
/// nested brackets, so such a document is refused before it is parsed.
pub const MAX_DEPTH: usize = 64;

/// Whether `text` may hold an alias (`*name`): a `*` where a YAML node can start — first on its
/// line, or after `:`, `-`, `?`, `[`, `{` or `,` and blanks. An upper bound (a `*` in a quoted or
/// block string there counts too); Markdown bold inside text (`发展**红枣种植**`), common in
/// records, does not.
fn may_have_alias(text: &str) -> bool {
    text.match_indices('*').any(|(i, _)| {
        let before = text[..i].trim_end_matches([' ', '\t']);
        before.is_empty() || before.ends_with(['\n', '\r', ':', '-', '?', '[', '{', ','])
    })
}

/// Bracket depth counting every `[`/`{`, even in quotes and comments: an upper bound of the real
/// flow nesting, cheap enough to run on every file.
fn naive_flow_depth(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// Parses `text` into `T`, translating the parser's message into Chinese.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    }) {
        return Err(YamlError { line: 1, col: 1, zh: "文件是空的，请按格式填写内容".into(), en: "the file is empty".into() });
    }
    // Only a document with an alias can expand, and only one with many brackets can nest deeply
    // enough to matter; most records have neither and skip the pre-scan.
    if may_have_alias(text) || naive_flow_depth(text) > MAX_DEPTH {
        prescan(text)?;
    }
    serde_yaml::from_str(text).map_err(|e| {
        let (line, col) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
        let (zh, en) = translate(&e.to_string());
        YamlError { line, col, zh, en }
    })
}

/// Rejects documents whose aliases would expand past [`MAX_ALIAS_EXPANSION`] or that nest deeper
/// than [`MAX_DEPTH`], pointing at the alias or bracket that crosses the limit. Other syntax
/// errors are left for the real parse to report.
fn prescan(text: &str) -> Result<(), YamlError> {
    // Expanded size of each anchored node, and of each open collection (with its anchor).
    let mut anchored: HashMap<usize, usize> = HashMap::new();
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut added = 0usize;
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, mark) = match parser.next_token() {
            Ok(next) => next,
            // The scanner gives up on 256 nested brackets before the parser reaches our limit.
            Err(e) if e.info().contains("recursion limit") => return Err(too_deep(e.marker())),
            Err(_) => return Ok(()),
        };
        let (size, anchor) = match event {
            Event::StreamEnd => return Ok(()),
            Event::Scalar(ref v, _, anchor, _) => (1 + v.len(), anchor),
            Event::Alias(id) => {
                let size = anchored.get(&id).copied().unwrap_or(0);
                added = added.saturating_add(size);
                if added > MAX_ALIAS_EXPANSION {
                    return Err(YamlError {
                        line: mark.line(),
                        col: mark.col() + 1,
                        zh: "别名（&/*）展开后内容过多，文件可能被恶意构造；请直接写出内容，不要用 & 和 * 引用".into(),
                        en: format!("aliases (&/*) expand to more than {MAX_ALIAS_EXPANSION} bytes; write the values out instead"),
                    });
                }
                (size, 0)
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((anchor, 1));
                if open.len() > MAX_DEPTH {
                    return Err(too_deep(&mark));
                }
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match open.pop() {
                Some((anchor, size)) => (size, anchor),
                None => continue,
            },
            _ => continue,
        };
        if anchor > 0 {
            anchored.insert(anchor, size);
        }
        if let Some((_, parent)) = open.last_mut() {
            *parent = parent.saturating_add(size);
        }
    }
}

fn too_deep(mark: &Marker) -> YamlError {
    YamlError {
        line: mark.line(),
        col: mark.col() + 1,
        zh: format!("嵌套层数过深（超过 {MAX_DEPTH} 层），文件结构有误，请检查方括号和缩进"),
        en: format!("nested more than {MAX_DEPTH} levels deep"),
    }
}

/// Turns a serde_yaml message into (中文, English), dropping its position suffix and path prefix.
fn translate(message: &str) -> (String, String) {
    let msg = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    // serde_yaml prefixes type errors with the path (`income.2023: invalid type …`).
    let (path, body) = match msg.split_once(": ") {
        Some((p, b)) if !p.contains(' ') && !p.contains('`') => (Some(p), b),
        _ => (None, msg),
    };
    let at = path.map(|p| format!("“{}”的", crate::validate::fields::clip(p))).unwrap_or_default();
    let en = crate::validate::fields::clip_to(msg, 200);
    let zh = if let Some(rest) = body.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).filter(|s| !s.is_empty()).collect();
        let field = &crate::validate::fields::clip(field);
        if field.starts_with('\u{3000}') {
            return (format!("未知字段“{field}”：行首有全角空格，请改用半角空格缩进"), en);
        }
        match nearest(field, expected.iter().copied()) {
            Some(s) => format!("未知字段“{field}”，是否是“{s}”？可用字段：{}", expected.join("、")),
            None if expected.is_empty() => format!("这里不能有字段“{field}”"),
            None => format!("未知字段“{field}”，可用字段：{}", expected.join("、")),
        }
    } else if let Some(rest) = body.strip_prefix("missing field `") {
        format!("{at}缺少必填字段“{}”", rest.trim_end_matches('`'))
    } else if let Some(rest) = body.strip_prefix("duplicate field `") {
        format!("字段“{}”写了两次，请只保留一个", rest.trim_end_matches('`'))
    } else if let Some(rest) = body.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!("{at}类型不对：这里应为{}，实际是{}", kind_zh(expected), kind_zh(&crate::validate::fields::clip_to(found, 40)))
    } else if body.contains("recursion limit exceeded") {
        format!("嵌套层数过深（超过 {MAX_DEPTH} 层），文件结构有误，请检查方括号和缩进")
    } else if body.contains("repetition limit exceeded") {
        "别名（&/*）展开过多，文件可能被恶意构造".into()
    } else if body.contains("unknown anchor") || body.contains("undefined alias") {
        "引用了不存在的别名（*）".into()
    } else if body.contains("mapping values are not allowed") {
        "YAML 格式错误：这里不能出现冒号“:”，冒号后要加空格，含冒号的文字请加引号".into()
    } else if body.contains("did not find expected key") || body.contains("could not find expected ':'") {
        "YAML 格式错误：缩进不对或缺少冒号，请检查这一行和上一行的对齐".into()
    } else if body.contains("found character that cannot start any token") {
        "YAML 格式错误：这里有不能出现的字符（例如制表符 Tab），请改用空格缩进".into()
    } else if body.contains("did not find expected ',' or ']'") {
        "YAML 格式错误：方括号 [ ] 没有闭合，或元素之间缺少英文逗号".into()
    } else if body.contains("did not find expected ',' or '}'") {
        "YAML 格式错误：花括号 { } 没有闭合，或元素之间缺少英文逗号".into()
    } else if body.contains("found unexpected end of stream")
        || body.contains("found unknown escape")
        || body.contains("while scanning a quoted scalar")
    {
        "YAML 格式错误：引号没有闭合".into()
    } else if body.contains("invalid trailing UTF-8 octet") || body.contains("invalid leading UTF-8 octet") {
        "文件不是 UTF-8 编码，请另存为 UTF-8".into()
    } else {
        "YAML 格式错误，请检查这一行".into()
    };
    (zh, en)
}

/// 中文 for serde's type names (`a string`, `sequence`, `u32` …).
fn kind_zh(kind: &str) -> String {
    let k = kind.trim();
    let zh = if k.starts_with("sequence") || k.contains("sequence") {
        "列表"
    } else if k.contains("unit value") || k.contains("null") {
        "空值"
    } else if k.contains("field identifier") {
        "字段名"
    } else if k.contains("map") || k.starts_with("struct") {
        "键值对"
    } else if k.contains("string") || k.contains("scalar") || k.contains("str") {
        "文字或数字"
    } else if k.starts_with('u') || k.starts_with('i') || k.contains("integer") {
        "整数"
    } else if k.contains("bool") {
        "true/false"
    } else {
        return k.to_string();
    };
    format!("{zh}（{k}）")
}

/// Maps paths in one YAML document to the 1-based (line, column) of their key and value.
#[derive(Debug, Default)]
pub struct Locator {
    values: HashMap<YamlPath, (usize, usize)>,
    keys: HashMap<YamlPath, (usize, usize)>,
}

impl Locator {
    /// Indexes `text`; a document that does not parse gives an index of whatever came before.
    pub fn new(text: &str) -> Self {
        // Events are pulled one by one (not `Parser::load`, which recurses once per nesting level
        // and so could overflow the stack on a hostile document).
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        while !builder.root_done {
            match parser.next_token() {
                Ok((Event::StreamEnd, _)) | Err(_) => break,
                Ok((event, mark)) => builder.on_event(event, mark),
            }
        }
        builder.locator
    }

    /// Position of the value at `path` (falls back to the nearest ancestor that is known).
    pub fn value(&self, path: &YamlPath) -> Option<(usize, usize)> {
        let mut p = path.clone();
        loop {
            if let Some(pos) = self.values.get(&p) {
                return Some(*pos);
            }
            p.0.pop()?;
        }
    }

    /// Position of the key of the entry at `path` (or of the value for sequence items).
    pub fn key(&self, path: &YamlPath) -> Option<(usize, usize)> {
        self.keys.get(path).copied().or_else(|| self.value(path))
    }

    /// The entries of the mapping at `parent`, in document order. Used by the importer to edit
    /// records in place.
    pub fn entries(&self, parent: &YamlPath) -> Vec<MapEntry> {
        let depth = parent.0.len();
        let mut out: Vec<_> = self
            .keys
            .iter()
            .filter(|(p, _)| p.0.len() == depth + 1 && p.0[..depth] == parent.0[..])
            .filter_map(|(p, kpos)| match &p.0[depth] {
                PathSeg::Key(k) => {
                    Some(MapEntry { key: k.clone(), key_pos: *kpos, value_pos: self.values.get(p).copied().unwrap_or(*kpos) })
                }
                PathSeg::Index(_) => None,
            })
            .collect();
        out.sort_by_key(|e| e.key_pos);
        out
    }
}

/// One entry of a mapping: its key as written and the 1-based (line, column) of key and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapEntry {
    /// The key's text.
    pub key: String,
    /// Where the key starts.
    pub key_pos: (usize, usize),
    /// Where the value starts.
    pub value_pos: (usize, usize),
}

enum Frame {
    Seq { path: YamlPath, next: usize },
    Map { path: YamlPath, pending_key: Option<(String, (usize, usize))>, in_value: bool },
}

#[derive(Default)]
struct Builder {
    locator: Locator,
    stack: Vec<Frame>,
    root_done: bool,
}

impl Builder {
    /// The path the next node will have, or `None` if it is a mapping key.
    fn next_path(&mut self) -> Option<YamlPath> {
        match self.stack.last_mut() {
            None => Some(YamlPath::root()),
            Some(Frame::Seq { path, next }) => {
                let p = path.index(*next);
                *next += 1;
                Some(p)
            }
            Some(Frame::Map { path, pending_key, in_value }) => {
                if *in_value {
                    *in_value = false;
                    let (k, kpos) = pending_key.take()?;
                    let p = path.key(k);
                    self.locator.keys.insert(p.clone(), kpos);
                    Some(p)
                } else {
                    None
                }
            }
        }
    }

    fn node(&mut self, mark: Marker, scalar: Option<&str>) -> Option<YamlPath> {
        let pos = (mark.line(), mark.col() + 1);
        match self.next_path() {
            Some(p) => {
                self.locator.values.insert(p.clone(), pos);
                Some(p)
            }
            None => {
                if let Some(Frame::Map { pending_key, in_value, .. }) = self.stack.last_mut() {
                    *pending_key = Some((scalar.unwrap_or("").to_string(), pos));
                    *in_value = true;
                }
                None
            }
        }
    }
}

impl Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(ref v, ..) => {
                self.node(mark, Some(v));
            }
            Event::Alias(_) => {
                self.node(mark, Some(""));
            }
            Event::SequenceStart(..) => {
                let path = self.node(mark, None).unwrap_or_default();
                self.stack.push(Frame::Seq { path, next: 0 });
            }
            Event::MappingStart(..) => {
                let path = self.node(mark, None).unwrap_or_default();
                self.stack.push(Frame::Map { path, pending_key: None, in_value: false });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.stack.pop();
                if self.stack.is_empty() {
                    self.root_done = true;
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn aliases_are_looked_for_where_a_node_can_start() {
        use super::may_have_alias;
        for yes in
            ["a: *x", "a:\t*x", "- *x", "[*x]", "{a: 1, b: *x}", "a:\n  *x", "*x: 1", "? *x", "--- *x", "a: [1,*x]", "a: \"b\"\r\n*x"]
        {
            assert!(may_have_alias(yes), "{yes:?}");
        }
        for no in ["about: 发展**红枣种植**产业", "a: b", "a: 3 * 4", "# note *x"] {
            assert!(!may_have_alias(no), "{no:?}");
        }
    }

    use super::*;
    use crate::diag::YamlPath;

    const DOC: &str = "name: 东村\nstars:\n  2023: [产业兴旺星, 文明星]\n  2024:\n    - 生态宜居星\nprojects:\n  - id: a\n    steps: {proposed: 2024-03-02}\n";

    #[test]
    fn locates_values_and_keys() {
        let l = Locator::new(DOC);
        let root = YamlPath::root();
        assert_eq!(l.value(&root.key("name")), Some((1, 7)));
        assert_eq!(l.value(&root.key("stars").key("2023").index(1)), Some((3, 17)));
        assert_eq!(l.key(&root.key("stars").key("2024")), Some((4, 3)));
        assert_eq!(l.value(&root.key("stars").key("2024").index(0)), Some((5, 7)));
        assert_eq!(l.value(&root.key("projects").index(0).key("steps").key("proposed")), Some((8, 23)));
        // Unknown paths fall back to the nearest known ancestor.
        assert_eq!(l.value(&root.key("projects").index(0).key("nope")), Some((7, 7)));
        let years: Vec<_> = l.entries(&root.key("stars")).into_iter().map(|e| (e.key, e.key_pos, e.value_pos)).collect();
        assert_eq!(years, vec![("2023".to_string(), (3, 3), (3, 9)), ("2024".to_string(), (4, 3), (5, 5))]);
    }

    #[test]
    fn translates_unknown_field_with_suggestion() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct T {
            name: String,
            stars: Option<String>,
        }
        let e = parse::<T>("name: x\nstras: 1\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 1));
        assert!(e.zh.starts_with("未知字段“stras”，是否是“stars”？"), "{}", e.zh);
        assert!(e.en.starts_with("unknown field `stras`"));
    }

    #[test]
    fn billion_laughs_is_stopped_at_the_alias() {
        let mut doc = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            doc.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let e = parse::<serde_yaml::Value>(&doc).unwrap_err();
        assert!(e.zh.starts_with("别名（&/*）展开后内容过多"), "{}", e.zh);
        assert_eq!(e.line, 6, "the first alias past the limit");
    }

    #[test]
    fn modest_aliases_are_fine() {
        let v: Vec<String> = parse("- &x 东村\n- *x\n- *x\n").unwrap();
        assert_eq!(v, ["东村", "东村", "东村"]);
    }

    #[test]
    fn deep_nesting_is_a_translated_error() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Nest(Vec<Nest>);
        let doc = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let e = parse::<Nest>(&doc).unwrap_err();
        assert_eq!(e.zh, "嵌套层数过深（超过 64 层），文件结构有误，请检查方括号和缩进");
        // Block nesting deep enough to overflow a recursive parser: the locator pulls events.
        let doc = format!("{}x\n", "- ".repeat(3_000));
        let l = Locator::new(&doc);
        assert_eq!(l.value(&YamlPath::root()), Some((1, 1)));
    }

    /// Found by the corpus (`syntax/tilde_document`): a type error of the whole document read
    /// "的类型不对 … 实际是整数（unit value）".
    #[test]
    fn regression_type_error_without_a_path() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            name: String,
        }
        let e = parse::<T>("~\n").unwrap_err();
        assert_eq!(e.zh, "类型不对：这里应为键值对（struct T），实际是空值（unit value）");
    }

    #[test]
    fn empty_file_is_an_error() {
        let e = parse::<String>("# only a comment\n\n").unwrap_err();
        assert_eq!(e.zh, "文件是空的，请按格式填写内容");
    }
}
