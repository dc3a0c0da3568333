//! The one-page rule in numbers. Each paper size has a printable box and a body type size; the
//! poster's body is a stack of one-line rows (the CSS never wraps them: `nowrap` and an ellipsis),
//! so its height is known in advance, in rem. [`Budget`] spends that height in priority order —
//! star rating and income first, then projects, notices, and the honor roll with what is left —
//! and whatever does not fit is left out, counted, and announced by 更多内容请扫码查看 next to the
//! QR code. The sheet's fixed size and `overflow: hidden` in `poster.css` are only the last resort.

use serde::Serialize;

use crate::model::PaperSize;

/// Every paper size, smallest first.
pub const SIZES: [PaperSize; 3] = [PaperSize::A4, PaperSize::A3, PaperSize::A2];

/// Heights of the poster's parts in tenths of a rem (1 rem = the body type size), measured on
/// Chromium's rendering of `poster.css` (no text smaller than 1 rem: the 16pt minimum on
/// A4) and rounded up; `node tests/browser/poster.test.mjs --measure OUTPUT_DIR` prints them, and
/// `tests/poster_pdf.rs` checks in Chromium that no poster's body overflows with these values.
pub mod cost {
    /// Gap between two sections of the body.
    pub const GAP: u32 = 6;
    /// A section heading (`h2`).
    pub const HEADING: u32 = 19;
    /// The "另有 N 个，请扫码查看" line under a shortened list.
    pub const MORE_NOTE: u32 = 15;
    /// The big star-rating line.
    pub const RATING: u32 = 25;
    /// The row of five star badges.
    pub const BADGES: u32 = 59;
    /// A key figure line (large number).
    pub const FIGURE: u32 = 20;
    /// One earlier year of a unit.
    pub const HISTORY: u32 = 15;
    /// One project (two lines and a rule).
    pub const PROJECT: u32 = 33;
    /// One notice line.
    pub const NOTICE: u32 = 15;
    /// One row of the two-column honor roll (name line and reason line).
    pub const HONOR_ROW: u32 = 28;
    /// A star distribution table (six levels) with its 三星及以上 line.
    pub const LEVEL_TABLE: u32 = 6 * 16 + 20;
    /// One row of the two-column list of sub-regions or units.
    pub const LIST_ROW: u32 = 17;
    /// Header without its title line: site title and subtitle (one line each), the padding and
    /// the rule under them (measured 33.2).
    pub const HEAD: u32 = 34;
    /// The title line by its size class (`title_len`: 3, 2.4 or 1.8 rem at line height 1.1).
    pub fn title(title_len: &str) -> u32 {
        match title_len {
            "s" => 33,
            "m" => 27,
            _ => 20,
        }
    }
    /// Gap between header, body and footer (`.sheet`'s 0.5 rem).
    pub const SHEET_GAP: u32 = 5;
    /// The footer's rule and padding above the QR code and the text beside it (measured 7).
    pub const FOOT_RULE: u32 = 8;
    /// The QR code (7 rem square): the footer is at least this tall.
    pub const QR: u32 = 70;
    /// The footer's text without the address: 扫码 line, hotline and date (measured 47.2).
    pub const FOOT_TEXT: u32 = 48;
    /// One line of the page address (at most three, `.url`'s line clamp).
    pub const URL_LINE: u32 = 13;
    /// The footer with the page address in `url_lines` lines (1: 78, measured 76.8; 2: 82,
    /// measured 80.2; 3: 95, measured 93.2).
    pub fn foot(url_lines: u32) -> u32 {
        FOOT_RULE + QR.max(FOOT_TEXT + URL_LINE * url_lines)
    }
}

/// Millimetres per typographic point.
const MM_PER_PT: f64 = 25.4 / 72.0;

/// 纸张 — geometry and type scale of one paper size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Paper {
    /// `a3`, the directory name.
    pub name: &'static str,
    /// `A3`, the size's name on screen.
    pub label: &'static str,
    /// The CSS `@page` size: the keyword where CSS has one (A4, A3), else width and height
    /// (CSS has no `A2`; Chromium would fall back to Letter).
    pub page_size: &'static str,
    /// Sheet width in mm (portrait).
    pub width_mm: u32,
    /// Sheet height in mm (portrait).
    pub height_mm: u32,
    /// Margin on every side, in mm (room for pins and tape on a bulletin board).
    pub margin_mm: u32,
    /// Body text size in pt; every other size on the poster is a multiple of it.
    pub font_pt: u32,
    /// Characters of the poster title (the unit or region name).
    pub title_chars: usize,
    /// Characters of a line item's text (project name, honor reason, notice title).
    pub line_chars: usize,
    /// Most projects shown (the honor roll gets the rest of the space).
    pub max_projects: usize,
    /// Most notices shown.
    pub max_notices: usize,
    /// Earlier years in a unit's history.
    pub max_history: usize,
}

impl Paper {
    /// The geometry of `size`.
    pub fn of(size: PaperSize) -> Paper {
        match size {
            PaperSize::A4 => Paper {
                name: "a4",
                label: "A4",
                page_size: "A4",
                width_mm: 210,
                height_mm: 297,
                margin_mm: 12,
                font_pt: 16,
                title_chars: 14,
                line_chars: 20,
                max_projects: 2,
                max_notices: 2,
                max_history: 2,
            },
            PaperSize::A3 => Paper {
                name: "a3",
                label: "A3",
                page_size: "A3",
                width_mm: 297,
                height_mm: 420,
                margin_mm: 15,
                font_pt: 21,
                title_chars: 16,
                line_chars: 22,
                max_projects: 3,
                max_notices: 2,
                max_history: 3,
            },
            PaperSize::A2 => Paper {
                name: "a2",
                label: "A2",
                page_size: "420mm 594mm",
                width_mm: 420,
                height_mm: 594,
                margin_mm: 20,
                font_pt: 27,
                title_chars: 18,
                line_chars: 24,
                max_projects: 4,
                max_notices: 3,
                max_history: 3,
            },
        }
    }

    /// Width of the printable box (inside the margins), in mm.
    pub fn box_width_mm(&self) -> u32 {
        self.width_mm - 2 * self.margin_mm
    }

    /// Height of the printable box (inside the margins), in mm.
    pub fn box_height_mm(&self) -> u32 {
        self.height_mm - 2 * self.margin_mm
    }

    /// One rem in mm.
    fn rem_mm(&self) -> f64 {
        f64::from(self.font_pt) * MM_PER_PT
    }

    /// Lines the page address `url` takes beside the QR code (1 to 3: `.url` breaks it anywhere
    /// and shows at most three), from widths of the body font's characters rounded up, with a
    /// character's width lost at each break.
    pub fn url_lines(&self, url: &str) -> u32 {
        let line = (f64::from(self.box_width_mm()) / self.rem_mm() * 100.0) as u32 - 780 - 100;
        let width: u32 = url.chars().map(char_width).sum();
        width.div_ceil(line).clamp(1, 3)
    }

    /// Height left for the body between header and footer, in tenths of a rem, with 2% kept
    /// in reserve for font differences between machines: the header holds a title of class
    /// `title_len`, the footer the page address `url`.
    pub fn body_budget(&self, title_len: &str, url: &str) -> Budget {
        let box_tenths = (f64::from(self.box_height_mm() - 1) / self.rem_mm() * 10.0) as u32;
        let frame = cost::HEAD + cost::title(title_len) + cost::foot(self.url_lines(url)) + 2 * cost::SHEET_GAP;
        Budget(box_tenths.saturating_sub(frame) * 98 / 100)
    }
}

/// Width of a character of the page address at 1 rem, in hundredths of a rem: Chromium's widths of
/// the poster font's Latin (`@` 0.946, `m` 0.926, `.` 0.278, …) rounded up to a few classes; any
/// other character as wide as a CJK one.
fn char_width(c: char) -> u32 {
    match c {
        '\'' | ',' | '.' | ':' | ';' | 'I' | 'i' | 'j' | 'l' | '|' => 30,
        '!' | '(' | ')' | '-' | '/' | '[' | '\\' | ']' | 'f' | 'r' | 't' | '{' | '}' => 40,
        '"' | '*' | '?' | 'J' | 'c' | 's' | 'x' | 'z' => 50,
        '#' | '$' | '+' | '0'..='9' | '<' | '=' | '>' | 'F' | 'L' | 'Y' | '^' | '_' | 'e' | 'k' | 'v' | 'y' | '~' => 56,
        'A' | 'C' | 'E' | 'S' | 'T' | 'V' | 'X' | 'Z' | '`' | 'a' | 'b' | 'd' | 'g' | 'h' | 'n' | 'o' | 'p' | 'q' | 'u' => 63,
        '&' | 'B' | 'D' | 'G' | 'H' | 'K' | 'N' | 'O' | 'P' | 'Q' | 'R' | 'U' => 75,
        '%' | '@' | 'M' | 'W' | 'm' | 'w' => 95,
        _ => 100,
    }
}

/// Height still free on the sheet, in tenths of a rem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget(pub u32);

impl Budget {
    /// Spends `cost` if it fits; says whether it did.
    pub fn spend(&mut self, cost: u32) -> bool {
        if cost <= self.0 {
            self.0 -= cost;
            true
        } else {
            false
        }
    }

    /// Gives back height spent earlier (held for a line that turned out not to be needed).
    pub fn refund(&mut self, cost: u32) {
        self.0 += cost;
    }

    /// How many of `total` items (at most `max`) a section shows: a heading, the items in rows of
    /// `per_row`, and the more-note when some are left out. Spends their height; 0 (and nothing
    /// spent) when not even one row fits.
    pub fn fit_list(&mut self, total: usize, max: usize, per_row: usize, row_cost: u32) -> usize {
        let rows = |n: usize| n.div_ceil(per_row) as u32;
        let cost = |n: usize| cost::GAP + cost::HEADING + rows(n) * row_cost + if n < total { cost::MORE_NOTE } else { 0 };
        let mut n = total.min(max);
        while n > 0 && cost(n) > self.0 {
            n -= 1;
        }
        if n > 0 {
            self.0 -= cost(n);
        }
        n
    }
}

/// Shortens `s` to at most `max` characters (the last one `…`), noting in `cut` that it did.
pub fn clip(s: &str, max: usize, cut: &mut bool) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    *cut = true;
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Keeps the first `n` items, noting in `cut` when some were dropped.
pub fn keep<T>(mut v: Vec<T>, n: usize, cut: &mut bool) -> Vec<T> {
    if v.len() > n {
        *cut = true;
        v.truncate(n);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_counts_characters_not_bytes() {
        let mut cut = false;
        assert_eq!(clip("桑村", 4, &mut cut), "桑村");
        assert!(!cut);
        assert_eq!(clip("红枣精深加工车间扩建项目", 6, &mut cut), "红枣精深加…");
        assert!(cut);
    }

    #[test]
    fn bigger_paper_holds_more() {
        let [a4, a3, a2] = SIZES.map(Paper::of);
        let url = "https://example.gov.cn/wuxing/zaolin/sangcun/";
        let budget = |p: Paper| p.body_budget("s", url).0;
        assert!(budget(a4) < budget(a3) && budget(a3) < budget(a2));
        assert_eq!((a3.box_width_mm(), a3.box_height_mm()), (267, 390));
        // Body type at least 16pt on A4; the A3 title (1.8 × body at the smallest) at least 36pt.
        assert!(a4.font_pt >= 16 && f64::from(a3.font_pt) * 1.8 >= 36.0);
    }

    #[test]
    fn the_footer_grows_with_the_lines_of_the_address() {
        // As Chromium breaks them (tests/browser/poster.test.mjs --measure): 45 characters fit on
        // one line of A4, 53 take two; the worst-case fixture's 110 take three on A4, two on A2.
        let [a4, a3, a2] = SIZES.map(Paper::of);
        let short = "https://example.gov.cn/wuxing/zaolin/sangcun/";
        let two = "https://example.gov.cn/wuxing/baihe/dongmaozhuangcun/";
        let long = "https://dangjian.qiandongnan-kaili-kaifaqu.example.gov.cn/wuxing-zhibu-chuangjian/gongkailan/longtown/a-worst/";
        assert_eq!([short, two, long].map(|u| a4.url_lines(u)), [1, 2, 3]);
        assert_eq!(a3.url_lines(short), 1);
        assert_eq!(a2.url_lines(long), 2);
        assert_eq!(a4.url_lines(&"m".repeat(500)), 3, "at most three lines are shown");
        assert!(cost::foot(1) == cost::foot(0) && cost::foot(1) < cost::foot(2) && cost::foot(2) < cost::foot(3));
        // A longer title class leaves more room for the body.
        assert!(a4.body_budget("s", short).0 < a4.body_budget("l", short).0);
        assert!(a4.body_budget("s", long).0 < a4.body_budget("s", short).0);
    }

    #[test]
    fn lists_shrink_to_the_space_left() {
        let mut b = Budget(cost::GAP + cost::HEADING + 3 * cost::HONOR_ROW + cost::MORE_NOTE);
        // 30 honors in two columns: three rows fit, with the note.
        assert_eq!(b.fit_list(30, 100, 2, cost::HONOR_ROW), 6);
        assert_eq!(b.0, 0);
        // Nothing left: the section disappears rather than showing a bare heading.
        assert_eq!(b.fit_list(3, 100, 1, cost::PROJECT), 0);
        // Everything fits: no note needed.
        let mut b = Budget(cost::GAP + cost::HEADING + 2 * cost::PROJECT);
        assert_eq!(b.fit_list(2, 5, 1, cost::PROJECT), 2);
    }
}
