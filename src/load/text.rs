//! Reading content files as text: UTF-8 only, with a clear message for the encodings clerks'
//! editors produce by accident (GBK from Notepad on Chinese Windows, UTF-16).

use std::path::Path;

use crate::diag::{Diagnostic, Location};

/// Reads `path` as UTF-8 text without a BOM; `rel` names it in diagnostics.
pub fn read_text(path: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(rel, Location::File, format!("无法读取文件：{e}"), format!("cannot read file: {e}")))?;
    decode(bytes).map_err(|(line, col, zh, en)| Diagnostic::error(rel, Location::LineCol(line, col), zh, en))
}

/// Decodes file bytes; on failure gives (line, col, 中文, English).
pub fn decode(bytes: Vec<u8>) -> Result<String, (usize, usize, String, String)> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err((1, 1, "文件是 UTF-16 编码，请另存为 UTF-8".into(), "file is UTF-16 encoded; save it as UTF-8".into()));
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            if let Some(pos) = s.find('\0') {
                let (line, col) = line_col(s.as_bytes(), pos);
                return Err((line, col, "文件含有空字符（NUL），不是文本文件".into(), "file contains NUL bytes; not a text file".into()));
            }
            Ok(s)
        }
        Err(e) => {
            let bad = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let (line, col) = line_col(&bytes, bad);
            Err((
                line,
                col,
                "文件不是 UTF-8 编码（可能是 GBK），请另存为 UTF-8".into(),
                "file is not UTF-8 (perhaps GBK); save it as UTF-8".into(),
            ))
        }
    }
}

/// 1-based line and character column of byte offset `pos` (the bytes before `pos` are UTF-8).
fn line_col(bytes: &[u8], pos: usize) -> (usize, usize) {
    let before = &bytes[..pos];
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom() {
        assert_eq!(decode(b"\xEF\xBB\xBFname: x".to_vec()).unwrap(), "name: x");
    }

    #[test]
    fn gbk_is_reported_at_first_bad_byte() {
        // "name: 东村" in GBK: 东 = B6AB, 村 = B4E5.
        let err = decode(b"kind: village\nname: \xB6\xAB\xB4\xE5\n".to_vec()).unwrap_err();
        assert_eq!((err.0, err.1), (2, 7));
        assert!(err.2.contains("不是 UTF-8"));
    }

    #[test]
    fn utf16_is_named() {
        assert!(decode(vec![0xFF, 0xFE, b'n', 0]).unwrap_err().2.contains("UTF-16"));
    }
}
