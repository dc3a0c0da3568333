//! QR codes for posters: the module matrix of a URL as SVG path data, so the template draws the
//! `<svg>` itself (no markup built in Rust). Error correction level Q (25% of the symbol may be
//! dirty or torn — posters hang outdoors), with the standard 4-module quiet zone.
//!
//! The mask is chosen as ISO/IEC 18004 asks (lowest penalty of the eight), scored here on rows of
//! bits: the `qrcode` crate's own masking and scoring spend ~0.7 ms per code, which at a
//! province's 48,000 posters was a third of the build. Each version's fixed parts (function
//! patterns, format info, where each mask flips, and where each codeword bit goes) come from the
//! crate once and are kept; a code then costs setting its bits and eight XORs per row and column
//! (~25 µs, was ~70 µs with the crate drawing each code's data). Same scores, same choice, same
//! symbol (tested).

use std::sync::OnceLock;

use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{Color, EcLevel, Version};
use serde::Serialize;

/// Quiet zone around the symbol, in modules (ISO/IEC 18004 asks for 4).
pub const QUIET_ZONE: usize = 4;

/// A QR code ready for the template:
/// `<svg viewBox="0 0 {size} {size}"><path stroke="#000" d="{path}"/></svg>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct QrView {
    /// Side of the drawing in modules, quiet zone included.
    pub size: usize,
    /// Path data of the dark modules, offset by the quiet zone, for a stroke one module wide:
    /// per row `M{x} {y}.5h{run}`, then `m{gap} 0h{run}` for each further run. Half the bytes of
    /// a filled rectangle per run, and 48,000 posters carry it three times each.
    pub path: String,
    /// The encoded text.
    pub text: String,
}

/// Encodes `text` at level Q. Fails only when the text is too long for any QR version.
pub fn encode(text: &str) -> Result<QrView, String> {
    let (width, dark) = symbol(text).map_err(|e| format!("二维码生成失败 (cannot encode QR code for {text}): {e}"))?;
    let mut path = Vec::with_capacity(width * width);
    for y in 0..width {
        // End of the last run drawn on this row, if any.
        let mut end: Option<usize> = None;
        let mut draw = |start: usize, len: usize| {
            match end {
                None => {
                    path.push(b'M');
                    push_number(&mut path, start + QUIET_ZONE);
                    path.push(b' ');
                    push_number(&mut path, y + QUIET_ZONE);
                    path.extend_from_slice(b".5h");
                }
                Some(end) => {
                    path.push(b'm');
                    push_number(&mut path, start - end);
                    path.extend_from_slice(b" 0h");
                }
            }
            push_number(&mut path, len);
            end = Some(start + len);
        };
        match &dark {
            Symbol::Packed(rows) => bit_runs(rows[y]).for_each(|(start, len)| draw(start, len)),
            Symbol::Plain(modules) => bool_runs(&modules[y * width..(y + 1) * width]).for_each(|(start, len)| draw(start, len)),
        }
    }
    let path = String::from_utf8(path).expect("digits, spaces and letters");
    Ok(QrView { size: width + 2 * QUIET_ZONE, path, text: text.to_string() })
}

/// The runs of set bits of `row`, as (first bit, length), lowest first.
fn bit_runs(mut row: u64) -> impl Iterator<Item = (usize, usize)> {
    let mut done = 0;
    std::iter::from_fn(move || {
        if row == 0 {
            return None;
        }
        let skip = row.trailing_zeros();
        row >>= skip;
        let len = row.trailing_ones();
        // A run up to bit 63 leaves nothing (`>>` by 64 would overflow).
        row = row.checked_shr(len).unwrap_or(0);
        let start = done + skip as usize;
        done = start + len as usize;
        Some((start, len as usize))
    })
}

/// The runs of `true` in `row`, as (first index, length).
fn bool_runs(row: &[bool]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut x = 0;
    std::iter::from_fn(move || {
        x += row[x..].iter().position(|&d| d)?;
        let start = x;
        x += row[x..].iter().position(|&d| !d).unwrap_or(row.len() - x);
        Some((start, x - start))
    })
}

/// Appends `n` (< 1000: a QR symbol is at most 177 modules wide) in decimal; `write!` was a
/// sixth of a QR code's cost.
fn push_number(out: &mut Vec<u8>, n: usize) {
    if n >= 100 {
        out.push(b'0' + (n / 100 % 10) as u8);
    }
    if n >= 10 {
        out.push(b'0' + (n / 10 % 10) as u8);
    }
    out.push(b'0' + (n % 10) as u8);
}

/// A symbol's modules (`true`/set = dark).
enum Symbol {
    /// One `u64` per row, bit `x` = module `x` (versions up to [`MAX_PACKED_VERSION`]).
    Packed(Vec<u64>),
    /// Row by row.
    Plain(Vec<bool>),
}

/// The symbol of `text` at level Q and its width.
fn symbol(text: &str) -> qrcode::types::QrResult<(usize, Symbol)> {
    let bits = qrcode::bits::encode_auto(text.as_bytes(), EcLevel::Q)?;
    let version = bits.version();
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::Q)?;
    let width = version.width() as usize;
    debug_assert!(matches!(version, Version::Normal(_)));
    if let Version::Normal(n @ 1..=MAX_PACKED_VERSION) = version {
        return Ok((width, Symbol::Packed(modules_packed(layout(n), &data, &ec))));
    }
    let mut canvas = Canvas::new(version, EcLevel::Q);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let mut best: Option<(u32, Vec<bool>)> = None;
    for pattern in MASKS {
        let mut masked = canvas.clone();
        masked.apply_mask(pattern);
        let dark: Vec<bool> = masked.into_colors().into_iter().map(|c| c == Color::Dark).collect();
        let score = penalty(&dark, width);
        // The first of equal scores wins, as in the standard's order of masks.
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, dark));
        }
    }
    let (_, dark) = best.expect("eight masks");
    Ok((width, Symbol::Plain(dark)))
}

/// The largest version whose symbol (17 + 4·version modules) fits a `u64` per row.
const MAX_PACKED_VERSION: i16 = 11;

/// What a version's symbol is apart from its data, as one `u64` per row (bit `x` = module `x`)
/// and per column (bit `y` = module `y`): the same for every code of that version, so worked
/// out once (with the `qrcode` crate's own placement and masking, so it cannot drift from it)
/// and kept.
struct Layout {
    width: usize,
    /// Where each bit of the codewords goes, in the order the crate places them (data, then
    /// error correction; each byte from its highest bit): (x, y).
    order: Vec<(u8, u8)>,
    /// Per mask: the modules the mask darkens among the data modules, by row and by column.
    flips: [Lines; 8],
    /// Per mask: the dark modules outside the data (finders, timing, format and version info).
    fixed: [Lines; 8],
}

/// A grid of at most 64×64 modules as rows and as columns.
struct Lines {
    rows: Vec<u64>,
    cols: Vec<u64>,
}

impl Lines {
    fn of_rows(rows: Vec<u64>) -> Lines {
        Lines { cols: transpose(&rows), rows }
    }
}

/// The columns of a grid given by its rows (bit `y` of column `x` = bit `x` of row `y`).
fn transpose(rows: &[u64]) -> Vec<u64> {
    let mut cols = vec![0u64; rows.len()];
    for (y, &row) in rows.iter().enumerate() {
        set_bits(row).for_each(|x| cols[x] |= 1 << y);
    }
    cols
}

/// The positions of the set bits of `row`, lowest first.
fn set_bits(mut row: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        let x = (row != 0).then(|| row.trailing_zeros() as usize)?;
        row &= row - 1;
        Some(x)
    })
}

/// The [`Layout`] of version `n` (1 to [`MAX_PACKED_VERSION`]).
fn layout(n: i16) -> &'static Layout {
    static LAYOUTS: [OnceLock<Layout>; MAX_PACKED_VERSION as usize] = [const { OnceLock::new() }; MAX_PACKED_VERSION as usize];
    LAYOUTS[n as usize - 1].get_or_init(|| {
        let version = Version::Normal(n);
        let width = version.width() as usize;
        let mut canvas = Canvas::new(version, EcLevel::Q);
        canvas.draw_all_functional_patterns();
        // Data modules are the ones still empty; masking turns each into the mask's own colour.
        let is_data = rows_where(width, |x, y| canvas.get(x, y) == Module::Empty);
        let masked: Vec<Vec<u64>> = MASKS
            .iter()
            .map(|&pattern| {
                let mut c = canvas.clone();
                c.apply_mask(pattern);
                rows_where(width, |x, y| c.get(x, y).is_dark())
            })
            .collect();
        let split = |keep: fn(u64, u64) -> u64| -> [Lines; 8] {
            std::array::from_fn(|m| Lines::of_rows(masked[m].iter().zip(&is_data).map(|(&dark, &data)| keep(dark, data)).collect()))
        };
        Layout {
            width,
            order: placement_order(&canvas, &is_data),
            flips: split(|dark, data| dark & data),
            fixed: split(|dark, data| dark & !data),
        }
    })
}

/// Where the crate puts each codeword bit on `canvas` (functional patterns drawn, data modules
/// empty): drawn once per bit of the bit's index — the `b`-th drawing darkens exactly the
/// modules whose index has bit `b` set — which spells out every module's index.
fn placement_order(canvas: &Canvas, is_data: &[u64]) -> Vec<(u8, u8)> {
    let width = is_data.len();
    let total: usize = is_data.iter().map(|r| r.count_ones() as usize).sum();
    let mut index = vec![0usize; width * width];
    for b in 0..usize::BITS - total.leading_zeros() {
        // Enough whole bytes for every data module (the last few are the remainder bits).
        let bytes: Vec<u8> = (0..total.div_ceil(8)).map(|i| (0..8).fold(0u8, |byte, j| byte << 1 | ((8 * i + j) >> b & 1) as u8)).collect();
        let mut c = canvas.clone();
        c.draw_data(&bytes, &[]);
        for (y, row) in rows_where(width, |x, y| c.get(x, y) == Module::Unmasked(Color::Dark)).into_iter().enumerate() {
            set_bits(row).for_each(|x| index[y * width + x] |= 1 << b);
        }
    }
    let mut order = vec![(0, 0); total];
    for (y, &row) in is_data.iter().enumerate() {
        for x in set_bits(row) {
            order[index[y * width + x]] = (x as u8, y as u8);
        }
    }
    order
}

/// One `u64` per row of a `width`-module grid, bit `x` set where `dark(x, y)`.
fn rows_where(width: usize, dark: impl Fn(i16, i16) -> bool) -> Vec<u64> {
    (0..width).map(|y| (0..width).filter(|&x| dark(x as i16, y as i16)).fold(0, |row, x| row | 1 << x)).collect()
}

/// [`symbol`] on a packed [`Layout`]: each codeword bit set where the layout says, each mask a
/// XOR per row and per column, the lowest penalty kept.
fn modules_packed(layout: &Layout, data: &[u8], ec: &[u8]) -> Vec<u64> {
    let w = layout.width;
    let mut bits = vec![0u64; w];
    for (i, &byte) in data.iter().chain(ec).enumerate() {
        let mut rest = byte;
        while rest != 0 {
            // Highest bit first, as the crate draws them.
            let j = rest.leading_zeros() as usize;
            rest &= !(0x80 >> j);
            let (x, y) = layout.order[8 * i + j];
            bits[usize::from(y)] |= 1 << x;
        }
    }
    let columns = transpose(&bits);
    // A mask flips its data modules and adds its fixed dark modules, line by line.
    let apply = |plain: &[u64], flips: &[u64], fixed: &[u64]| -> [u64; 64] {
        let mut out = [0u64; 64];
        for (o, ((&p, &f), &x)) in out.iter_mut().zip(plain.iter().zip(flips).zip(fixed)) {
            *o = (p ^ f) | x;
        }
        out
    };
    let mut best = (u32::MAX, Vec::new());
    for m in 0..MASKS.len() {
        let (flips, fixed) = (&layout.flips[m], &layout.fixed[m]);
        let rows = apply(&bits, &flips.rows, &fixed.rows);
        let cols = apply(&columns, &flips.cols, &fixed.cols);
        let score = penalty_lines(&rows[..w], &cols[..w]);
        // The first of equal scores wins, as in the standard's order of masks.
        if score < best.0 {
            best = (score, rows[..w].to_vec());
        }
    }
    best.1
}

/// The eight masks of a (non-micro) QR symbol, in the standard's order 000–111.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// Penalty of a masked symbol (ISO/IEC 18004 §7.8.3, as scored by the `qrcode` crate): runs of
/// five or more same-coloured modules, 2×2 blocks, finder-like `#.###.#` patterns without four
/// light modules beside them (less the three real finders), and the dark/light imbalance.
fn penalty(dark: &[bool], w: usize) -> u32 {
    let mut columns = vec![false; w * w];
    for (y, row) in dark.chunks(w).enumerate() {
        for (x, &d) in row.iter().enumerate() {
            columns[x * w + y] = d;
        }
    }
    let mut score = 0;
    for grid in [dark, &columns[..]] {
        let mut finders = 0u32;
        for line in grid.chunks(w) {
            score += line_penalty(line, &mut finders);
        }
        // The three finder patterns themselves match on three lines each.
        score += finders.saturating_sub(360);
    }
    // N2: each 2×2 block of one colour scores 3.
    for (top, bottom) in dark.chunks(w).zip(dark.chunks(w).skip(1)) {
        for x in 0..w - 1 {
            // `&`, not `&&`: module colours are random, so a branch per comparison would be
            // mispredicted half the time.
            let c = top[x];
            let same = (top[x + 1] == c) & (bottom[x] == c) & (bottom[x + 1] == c);
            score += 3 * same as u32;
        }
    }
    // N4: deviation of the dark share from 50%, in half-percent steps.
    let ratio = dark.iter().filter(|&&d| d).count() * 200 / dark.len();
    score + ratio.abs_diff(100) as u32
}

/// N1 and N3 along one row or column, in one pass: the run length so far, and the last seven
/// modules as bits (comparing seven-module windows as slices cost more than the rest together).
fn line_penalty(line: &[bool], finders: &mut u32) -> u32 {
    let w = line.len();
    let mut score = 0;
    let mut run = 0u32;
    let mut window = 0u8;
    for (x, &d) in line.iter().enumerate() {
        // N1: a run of L ≥ 5 modules scores L − 2: 3 when it reaches five, 1 for each module
        // beyond (counted without branching on the random module colours).
        let same = x > 0 && d == line[x - 1];
        run = run * same as u32 + 1;
        score += 3 * (run == 5) as u32 + (run > 5) as u32;
        // N3: 1:1:3:1:1 with no dark module in the four beyond either end (or none on one side).
        window = (window << 1 | d as u8) & 0x7f;
        if x >= 6 && window == FINDER {
            let j = x - 6;
            let before = &line[j.saturating_sub(4)..j];
            let after = &line[(j + 7).min(w)..(j + 11).min(w)];
            if !before.contains(&true) || !after.contains(&true) {
                *finders += 40;
            }
        }
    }
    score
}

/// [`penalty`] for symbols at most 64 modules wide (versions 1–11, URLs up to ~180 bytes: every
/// page of a site), given by rows (bit `x` = module `x`) and columns (bit `y` = module `y`), so
/// each rule is a few shifts, ands and popcounts per line instead of a branch per module.
fn penalty_lines(rows: &[u64], cols: &[u64]) -> u32 {
    let w = rows.len();
    let all = |n: usize| if n >= 64 { u64::MAX } else { (1u64 << n) - 1 };
    let mut score = 0;
    for lines in [rows, cols] {
        let mut finders = 0u32;
        for &r in lines {
            // N1: bit i of `f` is set when modules i..i+5 are one colour; a run of L ≥ 5 has
            // L − 4 such bits, and scores (L − 4) + 2.
            let e = !(r ^ (r >> 1)) & all(w - 1);
            let f = e & (e >> 1) & (e >> 2) & (e >> 3);
            let starts = f & !(f << 1);
            score += f.count_ones() + 2 * starts.count_ones();
            // N3: bit j set when modules j..j+7 read dark, light, dark ×3, light, dark.
            let hits = r & !(r >> 1) & (r >> 2) & (r >> 3) & (r >> 4) & !(r >> 5) & (r >> 6) & all(w.saturating_sub(6));
            for j in set_bits(hits) {
                let lo = j.saturating_sub(4);
                let before = (r >> lo) & all(j - lo);
                let hi = (j + 11).min(w);
                let after = if j + 7 < w { (r >> (j + 7)) & all(hi - (j + 7)) } else { 0 };
                if before == 0 || after == 0 {
                    finders += 40;
                }
            }
        }
        // The three finder patterns themselves match on three lines each.
        score += finders.saturating_sub(360);
    }
    // N2: each 2×2 block of one colour scores 3.
    for pair in rows.windows(2) {
        let (top, bottom) = (pair[0], pair[1]);
        let same = !(top ^ (top >> 1)) & !(top ^ bottom) & !(bottom ^ (bottom >> 1)) & all(w - 1);
        score += 3 * same.count_ones();
    }
    // N4: deviation of the dark share from 50%, in half-percent steps.
    let dark_modules: u32 = rows.iter().map(|r| r.count_ones()).sum();
    let ratio = dark_modules as usize * 200 / (w * w);
    score + ratio.abs_diff(100) as u32
}

/// The finder-like run N3 looks for as seven bits: dark, light, dark ×3, light, dark.
const FINDER: u8 = 0b101_1101;

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::QrCode;

    #[test]
    fn level_q_with_quiet_zone() {
        let qr = encode("https://example.gov.cn/wuxing/zaolin/sangcun/").unwrap();
        let code = QrCode::with_error_correction_level(qr.text.as_bytes(), EcLevel::Q).unwrap();
        assert_eq!(code.error_correction_level(), EcLevel::Q);
        assert_eq!(qr.size, code.width() + 8);
        // The top-left finder pattern starts right after the quiet zone.
        assert!(qr.path.starts_with("M4 4.5h7m"), "{}", &qr.path[..40]);
        // The poster template prints the path unescaped.
        assert!(qr.path.bytes().all(|b| b.is_ascii_digit() || b" .Mmh".contains(&b)), "{}", qr.path);
        // Drawing the path's strokes gives back the symbol, module for module.
        let expected: Vec<bool> = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
        assert!(draw(&qr.path, code.width()) == expected);
    }

    /// The modules a [`QrView::path`] darkens, on a grid without the quiet zone.
    fn draw(path: &str, w: usize) -> Vec<bool> {
        let mut grid = vec![false; w * w];
        let (mut x, mut y) = (0, 0);
        // Commands: `M{x} {y}.5`, `m{dx} 0`, `h{run}`.
        let mut rest = path;
        while let Some(c) = rest.chars().next() {
            let end = rest[1..].find(['M', 'm', 'h']).map_or(rest.len(), |i| i + 1);
            let args = &rest[1..end];
            match c {
                'M' => {
                    let (a, b) = args.split_once(' ').unwrap();
                    x = a.parse::<usize>().unwrap() - QUIET_ZONE;
                    y = b.strip_suffix(".5").unwrap().parse::<usize>().unwrap() - QUIET_ZONE;
                }
                'm' => x += args.strip_suffix(" 0").unwrap().parse::<usize>().unwrap(),
                'h' => {
                    let run: usize = args.parse().unwrap();
                    grid[y * w + x..y * w + x + run].iter_mut().for_each(|d| *d = true);
                    x += run;
                }
                _ => panic!("unexpected {c} in {path}"),
            }
            rest = &rest[end..];
        }
        grid
    }

    /// A `w`-wide grid as one `u64` per row.
    fn pack(dark: &[bool], w: usize) -> Vec<u64> {
        dark.chunks(w).map(|row| row.iter().enumerate().fold(0, |r, (x, &d)| r | (d as u64) << x)).collect()
    }

    /// [`penalty_lines`] of a grid given by its rows.
    fn penalty_rows(rows: &[u64]) -> u32 {
        penalty_lines(rows, &transpose(rows))
    }

    /// The modules of [`symbol`], row by row.
    fn modules(text: &str) -> (usize, Vec<bool>) {
        match symbol(text).unwrap() {
            (w, Symbol::Packed(rows)) => (w, rows.iter().flat_map(|&row| (0..w).map(move |x| row >> x & 1 == 1)).collect()),
            (w, Symbol::Plain(dark)) => (w, dark),
        }
    }

    #[test]
    fn packed_penalty_scores_as_the_plain_one() {
        // Masked symbols of versions 1–11 (21–61 modules) and random grids up to 64 wide.
        for n in 0..160 {
            let text = format!("https://example.gov.cn/{}", "x".repeat(n));
            let bits = qrcode::bits::encode_auto(text.as_bytes(), EcLevel::Q).unwrap();
            let version = bits.version();
            let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::Q).unwrap();
            let mut canvas = Canvas::new(version, EcLevel::Q);
            canvas.draw_all_functional_patterns();
            canvas.draw_data(&data, &ec);
            let w = version.width() as usize;
            if w > 64 {
                break;
            }
            for pattern in MASKS {
                let mut masked = canvas.clone();
                masked.apply_mask(pattern);
                let dark: Vec<bool> = masked.into_colors().into_iter().map(|c| c == Color::Dark).collect();
                assert_eq!(penalty_rows(&pack(&dark, w)), penalty(&dark, w), "{text} {pattern:?}");
            }
        }
        let mut seed = 12345u64;
        for w in [7, 8, 11, 21, 33, 63, 64] {
            for _ in 0..20 {
                let dark: Vec<bool> = (0..w * w)
                    .map(|_| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                        seed >> 61 < 3
                    })
                    .collect();
                assert_eq!(penalty_rows(&pack(&dark, w)), penalty(&dark, w), "random {w}");
            }
        }
    }

    #[test]
    fn runs_of_bits_and_of_bools() {
        assert_eq!(set_bits(0b1011_0001).collect::<Vec<_>>(), [0, 4, 5, 7]);
        assert_eq!(set_bits(1 << 63).collect::<Vec<_>>(), [63]);
        let runs = |row: u64| bit_runs(row).collect::<Vec<_>>();
        assert_eq!(runs(0), []);
        assert_eq!(runs(0b1011_0001), [(0, 1), (4, 2), (7, 1)]);
        assert_eq!(runs(u64::MAX), [(0, 64)]);
        assert_eq!(runs(u64::MAX << 60 | 1), [(0, 1), (60, 4)]);
        let bools = |row: &[bool]| bool_runs(row).collect::<Vec<_>>();
        assert_eq!(bools(&[]), []);
        assert_eq!(bools(&[true, false, false, true, true]), [(0, 1), (3, 2)]);
        assert_eq!(bools(&[false, true, true, false]), [(1, 2)]);
    }

    #[test]
    fn same_symbol_as_the_qrcode_crate() {
        // URLs of every length a site makes (short region paths to long pinyin unit paths).
        for n in 0..120 {
            let text = format!("https://example.gov.cn/wuxing/{}/{}/", "zaolin".repeat(1 + n % 7), "x".repeat(n));
            let (width, dark) = modules(&text);
            let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::Q).unwrap();
            let expected: Vec<bool> = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
            assert_eq!(width, code.width(), "{text}");
            assert!(dark == expected, "mask choice differs for {text}");
        }
    }
}
