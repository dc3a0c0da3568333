//! Property tests ("fuzzing" that runs in `cargo test` within seconds): arbitrary YAML-ish text
//! and structured mutations of valid records go through the record parser
//! (`load::yaml::parse::<RawUnit>`) and the validator (`validate::unit::validate_unit`), and
//! every diagnostic is resolved by `diag::resolve` as the CLI would print it. Nothing may panic,
//! and every position must lie inside the file. `PROPTEST_CASES=100000` runs a longer session.
//!
//! Findings are kept as named regression tests beside the code they fixed — in `src/diag.rs`
//! (`regression_cr_only_line_endings_resolve`, `regression_empty_value_at_the_end_resolves_inside_the_file`),
//! as unit tests because they exercise its private helpers — and proptest replays each shrunk
//! input from `fuzz_records.proptest-regressions` before new cases.

use std::path::Path;

use proptest::prelude::*;
use starboard::diag::{self, Diagnostic, Location};
use starboard::load::raw::RawUnit;
use starboard::load::{text, yaml};
use starboard::validate::fields::FileCheck;
use starboard::validate::unit::{UnitRules, validate_unit};

/// A valid record using every field, the seed of the mutations.
const VALID: &str = "name: 东村\nkind: village\nstars:\n  2023: [产业兴旺星, 生态宜居星, 文明幸福星]\n  2024:\n    - 产业兴旺星\n    - 平安法治星\nincome:\n  2023: 185000\n  2024: 236500.50\nabout: |\n  东村位于**枣林镇**东部。\nhonors:\n  - {year: 2024, roll: 五美庭院, name: 张秀英, reason: 庭院整洁美}\nprojects:\n  - id: road-2024\n    name: 村内道路硬化\n    year: 2024\n    budget: 350000\n    steps:\n      proposed: 2024-03-02\n      discussed: 2024-03-05\n      reviewed: 2024-03-08\n      resolved: 2024-03-10\n    spending:\n      - {date: 2024-05-10, item: 水泥采购, amount: 120000}\nnotices:\n  - {title: 2024年度星级评定结果公示, start: 2024-12-01, end: 2024-12-07, body: \"正文\"}\n";

/// Pieces YAML is made of, and pieces clerks get wrong.
const TOKENS: &[&str] = &[
    "name:",
    "kind:",
    "stars:",
    "income:",
    "about:",
    "honors:",
    "projects:",
    "notices:",
    "steps:",
    "spending:",
    "id:",
    "year:",
    "budget:",
    "title:",
    "start:",
    "end:",
    "resolved:",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ",",
    ": ",
    ":",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "\"",
    "'",
    "#",
    "|",
    ">",
    "---",
    "...",
    "?",
    "!!str ",
    "!x ",
    "~",
    "null",
    "2024",
    "2023",
    "1999",
    "99999999999999999999",
    "-1",
    "0.001",
    "1e9",
    "236500.50",
    "2024-03-05",
    "2024-02-30",
    "产业兴旺星",
    "文明星",
    "东村",
    "五美庭院",
    "\u{feff}",
    "\u{3000}",
    "：",
    "，",
    "\\",
    "\\x01",
    "%YAML 1.2",
    "<<: ",
    "<script>",
    "{{ 7*7 }}",
    "\u{2028}",
];

fn yamlish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(TOKENS).prop_map(str::to_string),
        1 => any::<String>().prop_map(|s| s.chars().take(6).collect()),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

/// One edit of a valid record, by line.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Insert(usize, usize, String),
    Indent(usize, usize),
    Dedent(usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let token =
        prop_oneof![prop::sample::select(TOKENS).prop_map(str::to_string), any::<String>().prop_map(|s| s.chars().take(4).collect())];
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (any::<usize>(), any::<usize>(), token).prop_map(|(l, c, t)| Mutation::Insert(l, c, t)),
        (any::<usize>(), 1..6usize).prop_map(|(l, n)| Mutation::Indent(l, n)),
        any::<usize>().prop_map(Mutation::Dedent),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(text: &str, edits: &[Mutation]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for m in edits {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match m {
            Mutation::Delete(i) => {
                lines.remove(i % n);
            }
            Mutation::Duplicate(i) => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
            Mutation::Swap(a, b) => lines.swap(a % n, b % n),
            Mutation::Insert(i, col, t) => {
                let line = &mut lines[i % n];
                let chars: Vec<char> = line.chars().collect();
                let at = col % (chars.len() + 1);
                *line = chars[..at].iter().chain(t.chars().collect::<Vec<_>>().iter()).chain(chars[at..].iter()).collect();
            }
            Mutation::Indent(i, k) => lines[i % n].insert_str(0, &" ".repeat(*k)),
            Mutation::Dedent(i) => {
                let l = &mut lines[i % n];
                if l.starts_with(' ') {
                    l.remove(0);
                }
            }
            Mutation::Truncate(i) => {
                let l = &mut lines[i % n];
                let keep = i % (l.chars().count() + 1);
                *l = l.chars().take(keep).collect();
            }
        }
    }
    lines.join("\n") + "\n"
}

/// Lines as YAML counts them (`\r\n`, `\r` or `\n` end a line).
fn yaml_lines(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n").replace('\r', "\n").split('\n').map(str::to_string).collect()
}

/// Runs the parser, the validator and the resolver on `input` as the file `case.yaml`.
fn check(input: &str) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("case.yaml"), input).unwrap();
    // The loader's own decoding (BOM, NUL) comes first.
    let decoded = text::decode(input.as_bytes().to_vec());
    let mut diags: Vec<Diagnostic> = Vec::new();
    let file = Path::new("case.yaml");
    match decoded {
        Err((line, col, zh, en)) => diags.push(Diagnostic::error(file, Location::LineCol(line, col), zh, en)),
        Ok(text) => match yaml::parse::<RawUnit>(&text) {
            Err(e) => diags.push(Diagnostic::error(file, Location::LineCol(e.line, e.col), e.zh, e.en)),
            Ok(raw) => {
                let rolls: Vec<String> = ["五美庭院", "好媳妇", "好婆婆"].iter().map(|s| s.to_string()).collect();
                let rules = UnitRules { branch_star_requires_all: true, honor_rolls: &rolls, notice_days: 7 };
                let mut c = FileCheck { file, diags: &mut diags, current_year: 2024 };
                let _ = validate_unit(&raw, "case", &mut c, &rules);
            }
        },
    }
    let text = input.strip_prefix('\u{feff}').unwrap_or(input);
    let lines = yaml_lines(text);
    for r in diag::resolve(dir.path(), &diags) {
        prop_assert!(r.line >= 1 && r.line <= lines.len(), "line {} outside 1..={}: {r}", r.line, lines.len());
        let width = lines[r.line - 1].chars().count();
        prop_assert!(r.col >= 1 && r.col <= width + 1, "column {} outside 1..={} of line {:?}: {r}", r.col, width + 1, lines[r.line - 1]);
        prop_assert!(!r.zh.is_empty() && !r.en.is_empty());
        let shown = r.with_snippet();
        prop_assert!(shown.lines().next().unwrap().ends_with(')'), "{shown}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn yamlish_text_never_panics_and_positions_are_in_the_file(input in yamlish()) {
        check(&input)?;
    }

    #[test]
    fn mutated_records_never_panic_and_positions_are_in_the_file(edits in prop::collection::vec(mutation(), 1..6)) {
        check(&mutate(VALID, &edits))?;
    }
}

#[test]
fn the_seed_record_is_valid() {
    let raw: RawUnit = yaml::parse(VALID).unwrap();
    let rolls = vec!["五美庭院".to_string()];
    let rules = UnitRules { branch_star_requires_all: true, honor_rolls: &rolls, notice_days: 7 };
    let mut diags = Vec::new();
    let mut c = FileCheck { file: Path::new("case.yaml"), diags: &mut diags, current_year: 2024 };
    assert!(validate_unit(&raw, "case", &mut c, &rules).is_some(), "{diags:?}");
}
