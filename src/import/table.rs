//! Reading the rows of one sheet: find the header under any title rows, recognise its columns
//! (see README, "Importing a township's 汇总表"), carry merged town cells down, skip blank and
//! 合计 rows, and turn every row into a [`Row`] of typed values — or errors naming the cell.

use crate::model::{Money, Star, Year, star::ALL_STARS};
use crate::validate::suggest::nearest;

use super::ImportError;
use super::sheet::{Cell, CellRef, Sheet};

/// What a header column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// 乡镇（街道）.
    Town,
    /// 村（社区）名称.
    Name,
    /// 年度/年份.
    Year,
    /// 星级 (`三星`, `3`).
    Level,
    /// One cell listing the stars held (`产业兴旺、生态宜居`).
    StarList,
    /// 村集体经济收入, in 元 (`false`) or 万元 (`true`).
    Income(bool),
    /// A mark column for one star.
    Star(Star),
}

/// Header names (after removing spaces and brackets, and a trailing 名称) for each role.
const TOWN: [&str; 10] = ["乡镇", "乡镇街道", "镇街道", "乡镇办", "镇街", "街道", "镇", "乡", "所属乡镇", "所属乡镇街道"];
const NAME: [&str; 10] = ["村社区", "村居", "村", "社区", "村名", "行政村", "单位", "村社区名", "村居委会", "村委会"];
const YEAR: [&str; 4] = ["年度", "年份", "评定年度", "创建年度"];
const LEVEL: [&str; 5] = ["星级", "评定星级", "星级评定", "创建星级", "星级结果"];
const LIST: [&str; 9] = ["创建星", "所获星", "获得星", "获星情况", "创星情况", "所创星", "获评星", "星级类别", "星级明细"];

/// Normalises a header: no spaces, half-width brackets; returns (key, 万元?) where the key has
/// the unit and brackets removed (`村（社区）名称` → `村社区`, `收入（万元）` → `收入`, true).
pub fn header_key(text: &str) -> (String, bool) {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(|c| match c {
            '（' | '【' | '[' | '〔' => '(',
            '）' | '】' | ']' | '〕' => ')',
            c => c,
        })
        .collect();
    let wan = t.contains("(万元)") || t.ends_with("万元");
    let t = t.replace("(万元)", "").replace("(元)", "");
    let t = t.strip_suffix("万元").or_else(|| t.strip_suffix('元')).unwrap_or(&t).to_string();
    let key: String = t.chars().filter(|c| *c != '(' && *c != ')').collect();
    let key = key.strip_suffix("名称").map(str::to_string).unwrap_or(key);
    (key, wan)
}

/// The role of a header cell, if it is one we read.
pub fn role(text: &str) -> Option<Role> {
    let (key, wan) = header_key(text);
    if key.is_empty() {
        return None;
    }
    if NAME.contains(&key.as_str()) {
        Some(Role::Name)
    } else if TOWN.contains(&key.as_str()) {
        Some(Role::Town)
    } else if YEAR.contains(&key.as_str()) {
        Some(Role::Year)
    } else if LEVEL.contains(&key.as_str()) {
        Some(Role::Level)
    } else if LIST.contains(&key.as_str()) {
        Some(Role::StarList)
    } else if key.contains("收入") {
        Some(Role::Income(wan))
    } else {
        Star::parse(&key).map(Role::Star)
    }
}

/// One data row of a sheet.
#[derive(Debug, Clone)]
pub struct Row {
    /// 乡镇 (carried down from the cell above when blank, as in a merged cell).
    pub town: Option<Cell>,
    /// 村（社区）名称.
    pub name: Cell,
    /// 年度 and where it came from.
    pub year: Option<(Year, CellRef)>,
    /// Stars held, each with its cell; `None` when the row says the unit was not rated.
    pub stars: Option<Vec<(Star, CellRef)>>,
    /// 村集体经济收入 in 元, exact.
    pub income: Option<(Money, CellRef)>,
    /// The row has errors (already reported); kept only to find duplicate rows.
    pub bad: bool,
}

/// A sheet's rows, or `None` when the sheet has no header we recognise (not a data sheet).
pub struct Parsed {
    /// Data rows.
    pub rows: Vec<Row>,
    /// Whether the sheet has a town column.
    pub has_town: bool,
    /// The header's name cell (for sheet-level messages).
    pub header: CellRef,
    /// The stars that have a mark column (`None` when stars are listed in one column).
    pub star_columns: Option<Vec<Star>>,
}

/// How many rows at the top may be titles before the header.
const MAX_TITLE_ROWS: usize = 10;

/// Reads the data rows of `sheet`. `default_year` comes from `--year`, the sheet name or the title.
pub fn parse(sheet: &Sheet, default_year: Option<Year>, errors: &mut Vec<ImportError>) -> Option<Parsed> {
    let header_row = sheet.rows.iter().take(MAX_TITLE_ROWS).position(|r| r.iter().any(|c| role(&c.text) == Some(Role::Name)))?;
    let header = &sheet.rows[header_row];
    let mut cols: Vec<(usize, Role)> = Vec::new();
    let header_errors = errors.len();
    for (i, cell) in header.iter().enumerate() {
        let Some(r) = role(&cell.text) else {
            // A header that looks like a star but is none (`文明星`) is a typo, not a column to skip.
            let (key, _) = header_key(&cell.text);
            if key.chars().count() > 1 && key.ends_with('星') && !key.contains("星级") {
                errors.push(unknown_star(&cell.at, &cell.text, &key));
            }
            continue;
        };
        if let Some((j, _)) = cols.iter().find(|(_, x)| same_kind(*x, r)) {
            errors.push(ImportError::new(
                &cell.at,
                format!("表头“{}”与 {} 列重复，请删去一列", cell.text, header[*j].at.short()),
                format!("header \"{}\" duplicates column {}; remove one", cell.text, header[*j].at.short()),
            ));
            continue;
        }
        cols.push((i, r));
    }
    let header_ok = errors.len() == header_errors;
    let col = |want: fn(Role) -> bool| cols.iter().find(|(_, r)| want(*r)).map(|(i, _)| *i);
    let name_col = col(|r| r == Role::Name)?;
    let town_col = col(|r| r == Role::Town);
    let year_col = col(|r| r == Role::Year);
    let level_col = col(|r| r == Role::Level);
    let list_col = col(|r| r == Role::StarList);
    let income_col = cols.iter().find_map(|(i, r)| if let Role::Income(w) = r { Some((*i, *w)) } else { None });
    let star_cols: Vec<(usize, Star)> =
        cols.iter().filter_map(|(i, r)| if let Role::Star(s) = r { Some((*i, *s)) } else { None }).collect();
    let name_at = header[name_col].at.clone();
    let mut ok = true;
    if list_col.is_some() && !star_cols.is_empty() {
        errors.push(ImportError::new(
            &header[list_col.unwrap_or(0)].at,
            "表中既有逐星打勾的列，又有列出星名的列，请只保留一种",
            "the sheet has both per-star mark columns and a star list column; keep one",
        ));
        ok = false;
    }
    if list_col.is_none() && star_cols.is_empty() && level_col.is_none() && income_col.is_none() {
        errors.push(ImportError::new(
            &name_at,
            "表头中找不到星（如“产业兴旺星”）或“村集体经济收入”列，无可导入的数据",
            "the header has no star columns and no income column; nothing to import",
        ));
        ok = false;
    }
    if year_col.is_none() && default_year.is_none() {
        errors.push(ImportError::new(
            &name_at,
            "不知道是哪一年的数据：请加“年度”列，或在命令中写 --year 2024，或把工作表命名为“2024年”",
            "no year: add a 年度 column, pass --year, or name the sheet like 2024年",
        ));
        ok = false;
    }
    if !ok {
        return Some(Parsed { rows: Vec::new(), has_town: town_col.is_some(), header: name_at, star_columns: None });
    }

    let mut rows = Vec::new();
    let mut town: Option<Cell> = None;
    for r in &sheet.rows[header_row + 1..] {
        let data_cols = std::iter::once(name_col)
            .chain(year_col)
            .chain(level_col)
            .chain(list_col)
            .chain(income_col.map(|(i, _)| i))
            .chain(star_cols.iter().map(|(i, _)| *i));
        let is_blank = data_cols.clone().all(|i| r[i].text.is_empty());
        if let Some(t) = town_col.map(|i| &r[i]).filter(|c| !c.text.is_empty()) {
            town = Some(t.clone());
        }
        if is_total(r, town_col, name_col) {
            continue;
        }
        if is_blank {
            continue;
        }
        let name = &r[name_col];
        if name.text.is_empty() {
            errors.push(ImportError::new(&name.at, "这一行缺少村（社区）名称", "this row has no village/community name"));
            continue;
        }
        let before = errors.len();
        let year = match year_col {
            Some(i) if !r[i].text.is_empty() => parse_year(&r[i], errors).map(|y| (y, r[i].at.clone())),
            Some(i) => match default_year {
                Some(y) => Some((y, r[i].at.clone())),
                None => {
                    errors.push(ImportError::new(&r[i].at, "缺少年度", "missing year"));
                    None
                }
            },
            None => default_year.map(|y| (y, name.at.clone())),
        };
        let level = level_col.and_then(|i| parse_level(&r[i], errors).map(|l| (l, &r[i])));
        let level_blank = level_col.is_some_and(|i| r[i].text.is_empty());
        let before_stars = errors.len();
        let mut held: Vec<(Star, CellRef)> = Vec::new();
        let mut star_cells: Vec<&Cell> = Vec::new();
        for (i, s) in &star_cols {
            star_cells.push(&r[*i]);
            if parse_mark(&r[*i], errors) {
                held.push((*s, r[*i].at.clone()));
            }
        }
        if let Some(i) = list_col {
            star_cells.push(&r[i]);
            held.extend(parse_list(&r[i], errors).into_iter().map(|s| (s, r[i].at.clone())));
        }
        let has_star_info = !star_cols.is_empty() || list_col.is_some() || level_col.is_some();
        let stars = if !has_star_info || (level_blank && held.is_empty()) {
            None
        } else if star_cols.is_empty() && list_col.is_none() {
            // Only a 星级 column: the level alone does not say which stars.
            if let Some((_, cell)) = level {
                errors.push(ImportError::new(
                    &cell.at,
                    "只有“星级”列无法知道是哪几颗星，请加逐星打勾的列或列出星名的列",
                    "a 星级 column alone does not say which stars; add star columns",
                ));
            }
            None
        } else {
            Some(held)
        };
        // A star that could not be read already has its error; don't count it as a mismatch too.
        if let (Some((level, lcell)), Some(st)) = (level, &stars)
            && errors.len() == before_stars
            && st.len() != level as usize
        {
            let span = span_of(&star_cells);
            errors.push(ImportError::new(
                &lcell.at,
                format!("星级 {} 为“{}”，但 {} 中标记了 {} 颗星，两者不符", lcell.at.short(), lcell.text, span, st.len()),
                format!("level {} says \"{}\" but {} hold {} stars", lcell.at.short(), lcell.text, span, st.len()),
            ));
        }
        let income = income_col.and_then(|(i, wan)| parse_income(&r[i], wan, errors).map(|m| (m, r[i].at.clone())));
        let bad = errors.len() > before;
        rows.push(Row { town: town.clone().filter(|_| town_col.is_some()), name: name.clone(), year, stars, income, bad });
    }
    // After a misspelt star header the missing column is already explained; don't say it twice.
    let star_columns = (list_col.is_none() && header_ok).then(|| star_cols.iter().map(|(_, s)| *s).collect());
    Some(Parsed { rows, has_town: town_col.is_some(), header: name_at, star_columns })
}

fn same_kind(a: Role, b: Role) -> bool {
    match (a, b) {
        (Role::Income(_), Role::Income(_)) => true,
        _ => a == b,
    }
}

/// `C5:G5` for the star cells of a row (one cell: `C5`).
fn span_of(cells: &[&Cell]) -> String {
    match (cells.first(), cells.last()) {
        (Some(a), Some(b)) if a.at != b.at => format!("{}:{}", a.at.short(), b.at.short()),
        (Some(a), _) => a.at.short(),
        _ => String::new(),
    }
}

/// 合计/小计/总计 rows (in the name, the town or the first column) are not units.
fn is_total(row: &[Cell], town_col: Option<usize>, name_col: usize) -> bool {
    let cols = [Some(0), town_col, Some(name_col)];
    cols.iter().flatten().any(|&i| {
        let t: String = row[i].text.chars().filter(|c| !c.is_whitespace() && *c != '\u{3000}').collect();
        ["合计", "小计", "总计"].iter().any(|w| t.starts_with(w) || t.ends_with(w))
    })
}

/// `2024`, `2024年`, `2024年度`.
pub fn year_of(text: &str) -> Option<Year> {
    let t = text.trim();
    let t = t.strip_suffix("年度").or_else(|| t.strip_suffix('年')).unwrap_or(t);
    (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok()).flatten()
}

fn parse_year(cell: &Cell, errors: &mut Vec<ImportError>) -> Option<Year> {
    let y = year_of(&cell.text);
    if y.is_none() {
        errors.push(ImportError::new(
            &cell.at,
            format!("年度“{}”不是四位数的年份（如 2024）", cell.text),
            format!("year \"{}\" is not a four-digit year such as 2024", cell.text),
        ));
    }
    y
}

/// Marks that mean "held" and "not held".
const HELD: [&str; 12] = ["✓", "√", "✔", "☑", "★", "是", "1", "Y", "y", "YES", "yes", "有"];
const NOT_HELD: [&str; 10] = ["", "×", "✗", "✘", "否", "0", "N", "n", "无", "-"];

fn parse_mark(cell: &Cell, errors: &mut Vec<ImportError>) -> bool {
    let t = cell.text.as_str();
    if HELD.contains(&t) {
        true
    } else if NOT_HELD.contains(&t) {
        false
    } else {
        errors.push(ImportError::new(
            &cell.at,
            format!("无法识别的标记“{t}”：获得的星填 ✓（或 √、★、是、1），没有的留空（或 ×、否、0）"),
            format!("unrecognised mark \"{t}\": use ✓ (√ ★ 是 1 Y) for a star held, blank (× 否 0) for not held"),
        ));
        false
    }
}

/// Every accepted star spelling, for "did you mean".
fn star_names() -> Vec<&'static str> {
    ALL_STARS.iter().map(|s| s.name()).collect()
}

fn parse_list(cell: &Cell, errors: &mut Vec<ImportError>) -> Vec<Star> {
    let t = cell.text.as_str();
    if matches!(t, "" | "无" | "无星" | "/" | "-") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for token in t.split(|c: char| "、，,;；/".contains(c) || c.is_whitespace() || c == '\u{3000}').filter(|s| !s.is_empty()) {
        match Star::parse(token) {
            Some(s) if !out.contains(&s) => out.push(s),
            Some(s) => {
                errors.push(ImportError::new(&cell.at, format!("“{}”写了两次", s.name()), format!("star \"{}\" is listed twice", s.name())))
            }
            None => {
                let full = if token.ends_with('星') { token.to_string() } else { format!("{token}星") };
                errors.push(unknown_star(&cell.at, token, &full));
            }
        }
    }
    out
}

/// Unknown star, with the nearest known one suggested.
pub fn unknown_star(at: &CellRef, token: &str, full: &str) -> ImportError {
    match nearest(full, star_names()) {
        Some(s) => {
            ImportError::new(at, format!("未知的星“{token}”，是否是“{s}”？"), format!("unknown star \"{token}\"; did you mean \"{s}\"?"))
        }
        None => {
            ImportError::new(at, format!("未知的星“{token}”，可用的星：{}", star_names().join("、")), format!("unknown star \"{token}\""))
        }
    }
}

/// `三星`, `3`, `3星`, `无星`, `五星级`; blank is `None` (no error).
fn parse_level(cell: &Cell, errors: &mut Vec<ImportError>) -> Option<u8> {
    let t = cell.text.as_str();
    if t.is_empty() {
        return None;
    }
    let core = t.strip_suffix('级').unwrap_or(t);
    let core = core.strip_suffix('星').unwrap_or(core);
    let n = match core {
        "无" | "零" | "0" => Some(0),
        "一" | "1" => Some(1),
        "二" | "两" | "2" => Some(2),
        "三" | "3" => Some(3),
        "四" | "4" => Some(4),
        "五" | "5" => Some(5),
        _ => None,
    };
    if n.is_none() {
        errors.push(ImportError::new(
            &cell.at,
            format!("无法识别的星级“{t}”，应为 无星、一星……五星 或 0–5"),
            format!("unrecognised level \"{t}\"; expected 无星, 一星 … 五星 or 0–5"),
        ));
    }
    n
}

/// An amount in 元 or 万元 as exact [`Money`]; thousands separators and a trailing unit allowed.
pub fn amount(text: &str, wan: bool) -> Result<Money, crate::model::money::MoneyError> {
    let t: String = text.chars().filter(|c| *c != ',' && *c != '，' && !c.is_whitespace()).collect();
    let (t, wan) = match t.strip_suffix("万元") {
        Some(rest) => (rest.to_string(), true),
        None => (t.strip_suffix('元').map(str::to_string).unwrap_or(t), wan),
    };
    if !wan {
        return Money::parse(&t);
    }
    // 万元 → 元: move the decimal point four places right, in the text.
    let (sign, digits) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", t.as_str()),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if frac.is_empty() && digits.contains('.') {
        return Err(crate::model::money::MoneyError::NotANumber);
    }
    let mut frac4 = frac.to_string();
    while frac4.len() < 4 {
        frac4.push('0');
    }
    let (moved, rest) = frac4.split_at(4);
    let yuan = if rest.is_empty() { format!("{sign}{int}{moved}") } else { format!("{sign}{int}{moved}.{rest}") };
    Money::parse(&yuan)
}

fn parse_income(cell: &Cell, wan: bool, errors: &mut Vec<ImportError>) -> Option<Money> {
    use crate::model::money::MoneyError;
    if cell.text.is_empty() {
        return None;
    }
    match amount(&cell.text, wan) {
        Ok(m) => Some(m),
        Err(e) => {
            let (zh, en) = match e {
                MoneyError::NotANumber => (format!("收入“{}”不是数字", cell.text), format!("income \"{}\" is not a number", cell.text)),
                MoneyError::Negative => (format!("收入“{}”不能为负数", cell.text), format!("income \"{}\" is negative", cell.text)),
                MoneyError::TooPrecise if wan => (
                    format!("收入“{}”万元换算成元后超过两位小数（到分为止）", cell.text),
                    format!("income \"{}\" 万元 has more than 2 decimals in 元", cell.text),
                ),
                MoneyError::TooPrecise => {
                    (format!("收入“{}”元超过两位小数（到分为止）", cell.text), format!("income \"{}\" has more than 2 decimals", cell.text))
                }
                MoneyError::TooLarge => (format!("收入“{}”过大", cell.text), format!("income \"{}\" is too large", cell.text)),
            };
            errors.push(ImportError::new(&cell.at, zh, en));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_office_headers() {
        assert_eq!(role("村（社区）名称"), Some(Role::Name));
        assert_eq!(role("乡镇(街道)"), Some(Role::Town));
        assert_eq!(role("村集体经济收入（万元）"), Some(Role::Income(true)));
        assert_eq!(role("集体经济收入(元)"), Some(Role::Income(false)));
        assert_eq!(role("产业兴旺"), Some(Role::Star(Star::Industry)));
        assert_eq!(role("文明幸福星"), Some(Role::Star(Star::Civility)));
        assert_eq!(role("星 级"), Some(Role::Level));
        assert_eq!(role("年度"), Some(Role::Year));
        assert_eq!(role("序号"), None);
    }

    #[test]
    fn amounts_are_exact() {
        assert_eq!(amount("30.07", true), Ok(Money(30_070_000)));
        assert_eq!(amount("30.07", true).unwrap().plain(), "300700.00");
        assert_eq!(amount("0.000001", true), Ok(Money(1)));
        assert!(amount("0.0000001", true).is_err());
        assert_eq!(amount("1,046,000", false), Ok(Money::yuan(1_046_000)));
        assert_eq!(amount("12.5万元", false), Ok(Money::yuan(125_000)));
        assert_eq!(amount("1268500.8", false), Ok(Money(126_850_080)));
    }

    #[test]
    fn years() {
        assert_eq!(year_of("2024年度"), Some(2024));
        assert_eq!(year_of("2024"), Some(2024));
        assert_eq!(year_of("24"), None);
    }
}
