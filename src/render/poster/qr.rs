//! QR codes for posters: the module matrix of a URL as SVG path data, so the template draws the
//! `<svg>` itself (no markup built in Rust). Error correction level Q (25% of the symbol may be
//! dirty or torn — posters hang outdoors), with the standard 4-module quiet zone.

use qrcode::{Color, EcLevel, QrCode};
use serde::Serialize;

/// Quiet zone around the symbol, in modules (ISO/IEC 18004 asks for 4).
pub const QUIET_ZONE: usize = 4;

/// A QR code ready for the template: `<svg viewBox="0 0 {size} {size}"><path d="{path}"/></svg>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QrView {
    /// Side of the drawing in modules, quiet zone included.
    pub size: usize,
    /// Path data of the dark modules, offset by the quiet zone (one subpath per run of a row).
    pub path: String,
    /// The encoded text.
    pub text: String,
}

/// Encodes `text` at level Q. Fails only when the text is too long for any QR version.
pub fn encode(text: &str) -> Result<QrView, String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::Q)
        .map_err(|e| format!("二维码生成失败 (cannot encode QR code for {text}): {e}"))?;
    let width = code.width();
    let colors = code.to_colors();
    let mut path = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                path.push_str(&format!("M{} {}h{}v1h-{}z", start + QUIET_ZONE, y + QUIET_ZONE, x - start, x - start));
            } else {
                x += 1;
            }
        }
    }
    Ok(QrView { size: width + 2 * QUIET_ZONE, path, text: text.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_q_with_quiet_zone() {
        let qr = encode("https://example.gov.cn/wuxing/zaolin/sangcun/").unwrap();
        let code = QrCode::with_error_correction_level(qr.text.as_bytes(), EcLevel::Q).unwrap();
        assert_eq!(code.error_correction_level(), EcLevel::Q);
        assert_eq!(qr.size, code.width() + 8);
        // The top-left finder pattern starts right after the quiet zone.
        assert!(qr.path.starts_with("M4 4h7v1h-7z"), "{}", &qr.path[..40]);
        // Dark modules drawn = dark modules of the symbol.
        let dark: usize = code.to_colors().iter().filter(|c| **c == Color::Dark).count();
        let drawn: usize =
            qr.path.split('M').skip(1).map(|s| s.split('h').nth(1).unwrap().split('v').next().unwrap().parse::<usize>().unwrap()).sum();
        assert_eq!(dark, drawn);
    }
}
