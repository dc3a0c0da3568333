//! Any bytes as a unit record: decoding, parsing, validation and diagnostic resolution never
//! panic, and every diagnostic points inside the file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use starboard::diag::{self, Diagnostic, Location};
use starboard::load::raw::RawUnit;
use starboard::load::{text, yaml};
use starboard::validate::fields::FileCheck;
use starboard::validate::unit::{UnitRules, validate_unit};

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("case.yaml"), data).unwrap();
    let file = Path::new("case.yaml");
    let mut diags: Vec<Diagnostic> = Vec::new();
    match text::decode(data.to_vec()) {
        Err((line, col, zh, en)) => diags.push(Diagnostic::error(file, Location::LineCol(line, col), zh, en)),
        Ok(text) => match yaml::parse::<RawUnit>(&text) {
            Err(e) => diags.push(Diagnostic::error(file, Location::LineCol(e.line, e.col), e.zh, e.en)),
            Ok(raw) => {
                let rolls = vec!["五美庭院".to_string()];
                let rules = UnitRules { branch_star_requires_all: true, honor_rolls: &rolls, notice_days: 7 };
                let mut c = FileCheck { file, diags: &mut diags, current_year: 2024 };
                let _ = validate_unit(&raw, "case", &mut c, &rules);
            }
        },
    }
    let lossy = String::from_utf8_lossy(data).replace("\r\n", "\n").replace('\r', "\n");
    let lines = lossy.split('\n').count();
    for r in diag::resolve(dir.path(), &diags) {
        assert!(r.line >= 1 && r.line <= lines, "{r}");
        assert!(r.col >= 1, "{r}");
    }
});
