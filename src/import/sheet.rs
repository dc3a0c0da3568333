//! Reading a township's 汇总表 into a plain grid of text cells, whatever the file type.
//!
//! `.csv` files are decoded from UTF-8 (with or without BOM) or GBK, the encoding Excel uses on
//! Chinese Windows; workbooks (`.xlsx`, `.xls`, `.ods`, `.xlsb`) go through calamine. Every cell
//! becomes text: numbers as their shortest round-trip decimal (Rust's `{}` of `f64`), so the
//! importer parses 30.07 as the decimal `30.07` and money never passes through float arithmetic.

use std::fmt;
use std::path::Path;

use calamine::{Data, Reader};

/// Where a cell is, for messages: `FILE!SHEET!B5` (workbooks) or `FILE:LINE:COL` (CSV).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellRef {
    /// A cell of a workbook sheet (0-based row and column).
    Sheet {
        /// The file as given on the command line.
        file: String,
        /// Sheet name.
        sheet: String,
        /// 0-based row.
        row: u32,
        /// 0-based column.
        col: u32,
    },
    /// A field of a CSV file (1-based line and character column).
    Csv {
        /// The file as given on the command line.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column in characters.
        col: usize,
    },
    /// A file as a whole.
    File(String),
}

impl CellRef {
    /// The short name of the cell within its sheet: `B5` or `5:12`.
    pub fn short(&self) -> String {
        match self {
            CellRef::Sheet { row, col, .. } => format!("{}{}", column_name(*col), row + 1),
            CellRef::Csv { line, col, .. } => format!("{line}:{col}"),
            CellRef::File(_) => String::new(),
        }
    }
}

impl CellRef {
    /// (row, column) for sorting messages in reading order.
    pub fn position(&self) -> (usize, usize) {
        match self {
            CellRef::Sheet { row, col, .. } => (*row as usize, *col as usize),
            CellRef::Csv { line, col, .. } => (*line, *col),
            CellRef::File(_) => (0, 0),
        }
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CellRef::Sheet { file, sheet, .. } => write!(f, "{file}!{sheet}!{}", self.short()),
            CellRef::Csv { file, line, col } => write!(f, "{file}:{line}:{col}"),
            CellRef::File(file) => f.write_str(file),
        }
    }
}

/// Spreadsheet column letters of a 0-based column: 0 → `A`, 27 → `AB`.
pub fn column_name(col: u32) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// One cell: its text (trimmed) and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The text, trimmed of spaces (including full-width ones).
    pub text: String,
    /// Where it is.
    pub at: CellRef,
}

/// One sheet (a CSV file is one sheet without a name).
#[derive(Debug, Clone)]
pub struct Sheet {
    /// Sheet name (none for CSV).
    pub name: Option<String>,
    /// Rows; every row has the same number of cells.
    pub rows: Vec<Vec<Cell>>,
}

/// A file that could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// 中文说明.
    pub zh: String,
    /// English gloss.
    pub en: String,
}

/// Reads every sheet of `path`; `shown` names the file in messages.
pub fn read(path: &Path, shown: &str) -> Result<Vec<Sheet>, ReadError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => {
            let bytes = std::fs::read(path)
                .map_err(|e| ReadError { zh: format!("无法读取文件：{e}"), en: format!("cannot read file: {e}") })?;
            Ok(vec![read_csv(&bytes, shown)?])
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path, shown),
        _ => Err(ReadError {
            zh: "不支持的文件类型，请用 .xlsx、.xls、.ods 或 .csv".into(),
            en: "unsupported file type; use .xlsx, .xls, .ods or .csv".into(),
        }),
    }
}

fn read_workbook(path: &Path, shown: &str) -> Result<Vec<Sheet>, ReadError> {
    let mut wb = calamine::open_workbook_auto(path)
        .map_err(|e| ReadError { zh: format!("无法打开表格文件：{e}"), en: format!("cannot open the workbook: {e}") })?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| ReadError {
                zh: format!("无法读取工作表“{name}”：{e}"), en: format!("cannot read sheet \"{name}\": {e}")
            })?;
        let Some((r0, c0)) = range.start() else {
            sheets.push(Sheet { name: Some(name), rows: Vec::new() });
            continue;
        };
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, row)| {
                row.iter()
                    .enumerate()
                    .map(|(j, d)| Cell {
                        text: clean(&data_text(d)),
                        at: CellRef::Sheet { file: shown.to_string(), sheet: name.clone(), row: r0 + i as u32, col: c0 + j as u32 },
                    })
                    .collect()
            })
            .collect();
        sheets.push(Sheet { name: Some(name), rows });
    }
    Ok(sheets)
}

/// The text of a workbook cell. Numbers use the shortest decimal that reads back as the same
/// `f64`; beyond Excel's 15 significant digits they are rounded to 15, as Excel shows them.
fn data_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        Data::DateTime(dt) => format!("#日期{}", float_text(dt.as_f64())),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Shortest round-trip decimal of `f`, rounded to 15 significant digits if it has more.
pub fn float_text(f: f64) -> String {
    let s = format!("{f}");
    let digits = s.bytes().filter(u8::is_ascii_digit).collect::<Vec<_>>();
    let significant = digits.iter().skip_while(|&&b| b == b'0').count();
    if significant <= 15 || !f.is_finite() {
        return s;
    }
    // Round through scientific notation with 15 significant digits, then write it out plainly.
    let sci = format!("{:.14e}", f);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let point = exp + 1; // digits before the decimal point
    let mut out = String::new();
    if point <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat((-point) as usize));
        out.push_str(&digits);
    } else if point as usize >= digits.len() {
        out.push_str(&digits);
        out.push_str(&"0".repeat(point as usize - digits.len()));
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    if out.contains('.') {
        out = out.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if neg { format!("-{out}") } else { out }
}

/// Trims spaces, including full-width and non-breaking ones.
pub fn clean(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' || c == '\u{feff}').to_string()
}

/// Decodes CSV bytes: UTF-8 (BOM optional), else GBK.
pub fn decode_csv(bytes: &[u8]) -> Result<String, ReadError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let enc = if bytes[0] == 0xFF { encoding_rs::UTF_16LE } else { encoding_rs::UTF_16BE };
        let (text, _, bad) = enc.decode(bytes);
        if !bad {
            return Ok(text.trim_start_matches('\u{feff}').to_string());
        }
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(body) {
        return Ok(s.to_string());
    }
    let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(body);
    if had_errors {
        return Err(ReadError {
            zh: "文件既不是 UTF-8 也不是 GBK 编码，请在 Excel 中另存为“CSV UTF-8”".into(),
            en: "file is neither UTF-8 nor GBK; save it from Excel as \"CSV UTF-8\"".into(),
        });
    }
    Ok(text.into_owned())
}

/// Parses CSV (RFC 4180: `"` quotes, `""` escapes, fields may span lines) into a sheet.
pub fn read_csv(bytes: &[u8], shown: &str) -> Result<Sheet, ReadError> {
    let text = decode_csv(bytes)?;
    let sep = sniff_separator(&text);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut field = String::new();
    let (mut line, mut col) = (1usize, 1usize);
    let mut start = (1usize, 1usize);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let push = |row: &mut Vec<Cell>, field: &mut String, start: (usize, usize)| {
        row.push(Cell { text: clean(field), at: CellRef::Csv { file: shown.to_string(), line: start.0, col: start.1 } });
        field.clear();
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    col += 2;
                    field.push('"');
                    continue;
                }
                '"' => quoted = false,
                '\n' => {
                    field.push('\n');
                    line += 1;
                    col = 1;
                    continue;
                }
                _ => field.push(c),
            }
            col += 1;
            continue;
        }
        match c {
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            '\r' => {}
            '\n' => {
                push(&mut row, &mut field, start);
                rows.push(std::mem::take(&mut row));
                line += 1;
                col = 1;
                start = (line, col);
                continue;
            }
            c if c == sep => {
                push(&mut row, &mut field, start);
                col += 1;
                start = (line, col);
                continue;
            }
            _ => field.push(c),
        }
        col += 1;
    }
    if !field.is_empty() || !row.is_empty() {
        push(&mut row, &mut field, start);
        rows.push(row);
    }
    // Pad short rows so every row has every column.
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    for (i, r) in rows.iter_mut().enumerate() {
        let line = match r.first().map(|c| &c.at) {
            Some(CellRef::Csv { line, .. }) => *line,
            _ => i + 1,
        };
        while r.len() < width {
            let col = match r.last().map(|c| (&c.at, c.text.chars().count())) {
                Some((CellRef::Csv { col, .. }, n)) => col + n + 1,
                _ => 1,
            };
            r.push(Cell { text: String::new(), at: CellRef::Csv { file: shown.to_string(), line, col } });
        }
    }
    Ok(Sheet { name: None, rows })
}

/// Comma unless the first lines clearly use semicolons or tabs (as some locales save CSV).
fn sniff_separator(text: &str) -> char {
    let head: String = text.lines().take(5).collect();
    let count = |c: char| head.chars().filter(|&x| x == c).count();
    let (comma, semi, tab) = (count(','), count(';'), count('\t'));
    if tab > comma && tab >= semi {
        '\t'
    } else if semi > comma {
        ';'
    } else {
        ','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
    }

    #[test]
    fn floats_as_excel_shows_them() {
        assert_eq!(float_text(30.07), "30.07");
        assert_eq!(float_text(2024.0), "2024");
        assert_eq!(float_text(30.07 * 10000.0), "300700");
        assert_eq!(float_text(0.1 + 0.2), "0.3");
        assert_eq!(float_text(1268500.8), "1268500.8");
    }

    #[test]
    fn csv_quotes_positions_and_gbk() {
        let s = read_csv("a,\"b,\"\"c\"\"\"\n东王村, 1 \n".as_bytes(), "t.csv").unwrap();
        assert_eq!(s.rows[0][1].text, "b,\"c\"");
        assert_eq!(s.rows[1][1].at.to_string(), "t.csv:2:5");
        let (gbk, _, _) = encoding_rs::GBK.encode("名称\n东王村\n");
        let s = read_csv(&gbk, "g.csv").unwrap();
        assert_eq!(s.rows[1][0].text, "东王村");
        let s = read_csv(b"\xEF\xBB\xBFx,y\n", "b.csv").unwrap();
        assert_eq!(s.rows[0][0].text, "x");
    }
}
