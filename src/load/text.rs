//! Reading content files as text: UTF-8 only, with a clear message for the encodings clerks'
//! editors produce by accident (GBK from Notepad on Chinese Windows, UTF-16), and limits that keep
//! a hostile or mistaken file from exhausting memory: at most [`MAX_FILE_BYTES`], a regular file
//! (not a symbolic link, FIFO or device), no NUL bytes.

use std::io::Read;
use std::path::Path;

use crate::diag::{Diagnostic, Location};

/// Largest content file read (2 MiB). A unit record with ten years of figures, dozens of
/// projects and a long `about:` is well under 100 KB; anything near this size is a mistake
/// (an exported spreadsheet, a pasted image) or hostile.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// A read failure as (line, col, 中文, English).
pub type DecodeError = (usize, usize, String, String);

/// Reads `path` as UTF-8 text without a BOM; `rel` names it in diagnostics.
pub fn read_text(path: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let file_error = |zh: String, en: String| Diagnostic::error(rel, Location::File, zh, en);
    let meta = std::fs::symlink_metadata(path).map_err(|e| file_error(format!("无法读取文件：{e}"), format!("cannot read file: {e}")))?;
    if meta.file_type().is_symlink() {
        return Err(file_error(
            "不支持符号链接，请放入实际的文件或目录".into(),
            "symbolic links are not supported; put the real file or directory here".into(),
        ));
    }
    if !meta.is_file() {
        return Err(file_error("这不是普通文件，请放入实际的文本文件".into(), "not a regular file; put a plain text file here".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(rel, meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between the metadata call and the read: never read past the limit.
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| file_error(format!("无法读取文件：{e}"), format!("cannot read file: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(rel, bytes.len() as u64));
    }
    decode(bytes).map_err(|(line, col, zh, en)| Diagnostic::error(rel, Location::LineCol(line, col), zh, en))
}

fn too_large(rel: &Path, len: u64) -> Diagnostic {
    let mib = |n: u64| format!("{:.1}", n as f64 / (1024.0 * 1024.0));
    Diagnostic::error(
        rel,
        Location::File,
        format!("文件太大（{} MB），内容文件最大 {} MB：请检查是否误放了表格或图片，或把内容拆分到多个文件", mib(len), mib(MAX_FILE_BYTES)),
        format!("file is too large ({} MB; the limit is {} MB)", mib(len), mib(MAX_FILE_BYTES)),
    )
}

/// Decodes file bytes; on failure gives (line, col, 中文, English).
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || looks_like_utf16(&bytes) {
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
            // Before the first bad byte the file is UTF-8 (for GBK text: ASCII); judge the rest.
            let (zh, en) = if is_gbk(&bytes[bad..]) {
                ("文件不是 UTF-8 编码（看起来是 GBK 编码），请另存为 UTF-8", "file is not UTF-8 (it looks like GBK); save it as UTF-8")
            } else {
                ("文件不是 UTF-8 编码，请另存为 UTF-8", "file is not UTF-8; save it as UTF-8")
            };
            Err((line, col, zh.into(), en.into()))
        }
    }
}

/// True when `bytes` decode cleanly as GBK (GB18030, its superset, as the WHATWG decoder reads
/// it) and hold at least one Chinese character: what Notepad on Chinese Windows saves as "ANSI".
fn is_gbk(bytes: &[u8]) -> bool {
    encoding_rs::GBK
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some_and(|text| text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) && !text.contains('\0'))
}

/// UTF-16 without a byte-order mark: mostly ASCII text has a NUL in every other byte.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(512)];
    if sample.len() < 4 {
        return false;
    }
    let nul_at = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let half = sample.len() / 2;
    nul_at(0) * 10 >= half * 8 || nul_at(1) * 10 >= half * 8
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
    fn gbk_is_named_at_first_bad_byte() {
        // "name: 东村" in GBK: 东 = B6AB, 村 = B4E5.
        let err = decode(b"kind: village\nname: \xB6\xAB\xB4\xE5\n".to_vec()).unwrap_err();
        assert_eq!((err.0, err.1), (2, 7));
        assert_eq!(err.2, "文件不是 UTF-8 编码（看起来是 GBK 编码），请另存为 UTF-8");
    }

    #[test]
    fn other_garbage_is_not_called_gbk() {
        // 0x80 alone is not a GBK lead byte sequence; 0xFF is never valid.
        let err = decode(b"name: \xFF\xFF\xFF\n".to_vec()).unwrap_err();
        assert_eq!(err.2, "文件不是 UTF-8 编码，请另存为 UTF-8");
        // Latin-1 accents decode as GBK only by accident of pairing; no CJK → not called GBK.
        let err = decode(b"name: caf\xE9\n".to_vec()).unwrap_err();
        assert_eq!(err.2, "文件不是 UTF-8 编码，请另存为 UTF-8");
    }

    #[test]
    fn utf16_is_named_with_or_without_bom() {
        assert!(decode(vec![0xFF, 0xFE, b'n', 0]).unwrap_err().2.contains("UTF-16"));
        let le: Vec<u8> = "name: x\nkind: village\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(decode(le).unwrap_err().2.contains("UTF-16"));
        let be: Vec<u8> = "name: x\nkind: village\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(decode(be).unwrap_err().2.contains("UTF-16"));
    }

    #[test]
    fn nul_byte_is_located() {
        let err = decode(b"name: x\nabout: a\0b\n".to_vec()).unwrap_err();
        assert_eq!((err.0, err.1), (2, 9));
        assert!(err.2.contains("NUL"));
    }

    #[test]
    fn size_limit_and_special_files() {
        let tmp = tempfile::tempdir().unwrap();
        let big = tmp.path().join("big.yaml");
        std::fs::write(&big, vec![b'#'; MAX_FILE_BYTES as usize + 1]).unwrap();
        let d = read_text(&big, Path::new("big.yaml")).unwrap_err();
        assert_eq!(d.zh, "文件太大（2.0 MB），内容文件最大 2.0 MB：请检查是否误放了表格或图片，或把内容拆分到多个文件");
        let d = read_text(tmp.path(), Path::new("dir.yaml")).unwrap_err();
        assert!(d.zh.starts_with("这不是普通文件"), "{}", d.zh);
    }
}
