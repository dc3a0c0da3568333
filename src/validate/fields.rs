//! Field-level checks shared by every record type: years, money, dates, with one diagnostic
//! wording each, so the same mistake reads the same wherever it is made.

use std::path::Path;

use crate::diag::{Diagnostic, Location, YamlPath};
use crate::load::raw::Scalar;
use crate::model::money::MoneyError;
use crate::model::{Date, Money, Year};

/// Oldest year a record may carry.
pub const MIN_YEAR: Year = 2000;

/// Longest one-line text (a name, a title, a roll, a spending item), in characters. Longer
/// text belongs in `about:`, `reason:` or a notice `body:`, and would break page layouts.
pub const MAX_TEXT_CHARS: usize = 100;

/// `text` shortened to at most 30 characters for quoting in a message.
pub fn clip(text: &str) -> String {
    clip_to(text, 30)
}

/// `text` shortened to at most `keep` characters, marked with `…` when shortened.
pub fn clip_to(text: &str, keep: usize) -> String {
    if text.chars().count() <= keep { text.to_string() } else { format!("{}…", text.chars().take(keep).collect::<String>()) }
}

/// A control character (other than tab and line breaks) in clerk text: invisible, breaks
/// output files, and is never typed on purpose.
pub fn control_char(text: &str) -> Option<char> {
    text.chars().find(|&c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{2028}' | '\u{2029}'))
}

/// Collects diagnostics for one file.
pub struct FileCheck<'a> {
    /// File relative to the content dir.
    pub file: &'a Path,
    /// Where diagnostics go.
    pub diags: &'a mut Vec<Diagnostic>,
    /// Years after this are errors.
    pub current_year: Year,
}

impl FileCheck<'_> {
    /// Records an error.
    pub fn error(&mut self, location: Location, zh: impl Into<String>, en: impl Into<String>) {
        self.diags.push(Diagnostic::error(self.file, location, zh, en));
    }

    /// Records a warning.
    pub fn warning(&mut self, location: Location, zh: impl Into<String>, en: impl Into<String>) {
        self.diags.push(Diagnostic::warning(self.file, location, zh, en));
    }

    /// A year between [`MIN_YEAR`] and the current year; `location` points at it.
    pub fn year(&mut self, text: &Scalar, location: Location) -> Option<Year> {
        let t = &clip(text.as_str().trim());
        let Some(y) = t.parse::<u32>().ok().filter(|_| t.len() == 4) else {
            self.error(
                location,
                format!("年份“{t}”无效，应为四位数字，如 2024"),
                format!("invalid year \"{t}\"; expected four digits like 2024"),
            );
            return None;
        };
        if y > u32::from(self.current_year) {
            self.error(
                location,
                format!("年份 {y} 晚于当前年度 {}（site.yaml 的 current_year）", self.current_year),
                format!("year {y} is after current_year {}", self.current_year),
            );
            return None;
        }
        if y < u32::from(MIN_YEAR) {
            self.error(location, format!("年份 {y} 早于 {MIN_YEAR} 年"), format!("year {y} is before {MIN_YEAR}"));
            return None;
        }
        Some(y as Year)
    }

    /// An amount of 元 at `path`; `what` names the field (中文, English).
    pub fn money(&mut self, text: &Scalar, path: &YamlPath, what: (&str, &str)) -> Option<Money> {
        let parsed = Money::parse(text.as_str().trim());
        let t = &clip(text.as_str().trim());
        let (zh, en) = match parsed {
            Ok(m) => return Some(m),
            Err(MoneyError::Negative) => (format!("{}不能为负数：{t}", what.0), format!("{} must not be negative: {t}", what.1)),
            Err(MoneyError::TooPrecise) => {
                (format!("{}最多两位小数（精确到分）：{t}", what.0), format!("{} has more than 2 decimals: {t}", what.1))
            }
            Err(MoneyError::TooLarge) => (format!("{}过大：{t}", what.0), format!("{} is too large: {t}", what.1)),
            Err(MoneyError::NotANumber) => (
                format!("{}“{t}”不是有效金额，请只写数字（单位：元），如 236500.50", what.0),
                format!("{} \"{t}\" is not an amount; write digits only (元), like 236500.50", what.1),
            ),
        };
        self.error(Location::Value(path.clone()), zh, en);
        None
    }

    /// A `YYYY-MM-DD` date at `path`, not after the end of the current year.
    pub fn date(&mut self, text: &Scalar, path: &YamlPath) -> Option<Date> {
        let parsed = Date::parse(text.as_str().trim());
        let t = &clip(text.as_str().trim());
        match parsed {
            Some(d) if d.year > i32::from(self.current_year) + 1 || d.year < i32::from(MIN_YEAR) => {
                self.error(
                    Location::Value(path.clone()),
                    format!("日期 {t} 超出范围（{MIN_YEAR} 年至 {} 年）", self.current_year + 1),
                    format!("date {t} is out of range ({MIN_YEAR}–{})", self.current_year + 1),
                );
                None
            }
            Some(d) => Some(d),
            None => {
                self.error(
                    Location::Value(path.clone()),
                    format!("日期“{t}”无效，应写成 2024-03-05 这样的真实日期"),
                    format!("invalid date \"{t}\"; expected a real date like 2024-03-05"),
                );
                None
            }
        }
    }

    /// A required, non-blank, one-line text field of at most [`MAX_TEXT_CHARS`] characters.
    pub fn text(&mut self, value: &str, path: &YamlPath, what: (&str, &str)) -> Option<String> {
        let v = value.trim();
        let at = || Location::Value(path.clone());
        if v.is_empty() || v == "~" || v == "null" {
            self.error(at(), format!("{}不能为空", what.0), format!("{} must not be empty", what.1));
            return None;
        }
        if v.contains(['\n', '\r']) {
            self.error(at(), format!("{}只能写一行，不能换行", what.0), format!("{} must be a single line", what.1));
            return None;
        }
        if let Some(c) = control_char(v) {
            self.error(
                at(),
                format!("{}含有不可见的控制字符 U+{:04X}，请删除后重新输入", what.0, c as u32),
                format!("{} contains the control character U+{:04X}", what.1, c as u32),
            );
            return None;
        }
        let chars = v.chars().count();
        if chars > MAX_TEXT_CHARS {
            self.error(
                at(),
                format!(
                    "{}太长（{chars} 个字），最多 {MAX_TEXT_CHARS} 个字：“{}”；详细说明请写在 about、reason 或公示正文中",
                    what.0,
                    clip(v)
                ),
                format!("{} is too long ({chars} characters; at most {MAX_TEXT_CHARS})", what.1),
            );
            return None;
        }
        Some(v.to_string())
    }

    /// Optional Markdown (or other multi-line) text: any length the file allows, but no
    /// control characters.
    pub fn markdown(&mut self, value: &Option<String>, path: &YamlPath, what: (&str, &str)) -> Option<String> {
        let v = value.as_deref().map(str::trim).filter(|v| !v.is_empty())?;
        if let Some(c) = control_char(v) {
            self.error(
                Location::Value(path.clone()),
                format!("{}含有不可见的控制字符 U+{:04X}，请删除后重新输入", what.0, c as u32),
                format!("{} contains the control character U+{:04X}", what.1, c as u32),
            );
            return None;
        }
        Some(v.to_string())
    }
}
