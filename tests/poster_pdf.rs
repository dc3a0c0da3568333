//! Posters printed by the real headless Chromium through `starboard print`: every poster of the
//! example is exactly one sheet of the right size at A4, A3 and A2; on a representative set the QR
//! code decodes to the page's address and the printed type (measured with `pdftotext
//! -bbox-layout`) is at least the body size, the title at least 36pt on A3. In Chromium with
//! print media, nothing inside any poster's sheet is cut off (`tests/browser/poster.test.mjs`).
//! Skips when Chromium (or pdfinfo/pdftotext/pdftoppm/zbarimg, node) is missing, unless
//! STARBOARD_REQUIRE_BROWSER=1.

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Whether the browser tests can run; panics when they must.
fn tools_present() -> bool {
    let have = |prog: &str| Command::new("sh").args(["-c", &format!("command -v {prog}")]).output().is_ok_and(|o| o.status.success());
    let missing: Vec<&str> = ["chromium", "pdfinfo", "pdftotext", "pdftoppm", "zbarimg"].into_iter().filter(|p| !have(p)).collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var("STARBOARD_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
        panic!("STARBOARD_REQUIRE_BROWSER=1 but missing: {missing:?}");
    }
    eprintln!("skipping browser test, missing: {missing:?}");
    false
}

/// `pdfinfo`'s page count and page size in points.
fn pdf_info(pdf: &Path) -> (u32, f64, f64) {
    let o = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    let text = String::from_utf8_lossy(&o.stdout);
    let field = |name: &str| text.lines().find_map(|l| l.strip_prefix(name)).map(str::trim).unwrap_or_else(|| panic!("{name} in {text}"));
    let pages = field("Pages:").parse().unwrap();
    let size: Vec<f64> = field("Page size:").split_whitespace().filter_map(|w| w.parse().ok()).collect();
    (pages, size[0], size[1])
}

/// The QR code on the PDF, rasterised at 150 dpi and decoded by zbarimg.
fn qr_text(pdf: &Path) -> String {
    let png = pdf.with_extension("");
    let o = Command::new("pdftoppm").args(["-r", "150", "-png", "-singlefile"]).arg(pdf).arg(&png).output().expect("pdftoppm");
    assert!(o.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&o.stderr));
    let o = Command::new("zbarimg").args(["--raw", "-q"]).arg(png.with_extension("png")).output().expect("zbarimg");
    assert!(o.status.success(), "zbarimg found no code in {}", pdf.display());
    String::from_utf8_lossy(&o.stdout).trim_end_matches('\n').to_string()
}

/// Paper sizes: name, page size in pt, body type in pt (fit.rs `font_pt`: nothing on the poster
/// is smaller) and the least title size in pt (the issue: ≥ 36pt on A3).
const SIZES: [(&str, f64, f64, f64, f64); 3] =
    [("a4", 595.28, 841.89, 16.0, 27.0), ("a3", 841.89, 1190.55, 21.0, 36.0), ("a2", 1190.55, 1683.78, 27.0, 36.0)];

/// `starboard print` of `pages` (every page when empty) at every size: one build, then
/// `--no-build` for the other sizes. Returns the output and PDF directories (in `tmp`).
fn print_all_sizes(tmp: &Path, content: &Path, today: &str, pages: &[&str]) -> (PathBuf, PathBuf) {
    let out = tmp.join("output");
    let pdf_dir = tmp.join("pdf");
    for (i, (size, ..)) in SIZES.into_iter().enumerate() {
        let mut args = vec!["print", "--size", size, "--today", today, "--content", content.to_str().unwrap()];
        args.extend(["--output", out.to_str().unwrap(), "--pdf-dir", pdf_dir.to_str().unwrap()]);
        if i > 0 {
            args.push("--no-build");
        }
        args.extend(pages);
        let o = starboard(&args);
        assert!(o.status.success(), "print --size {size}: {}", String::from_utf8_lossy(&o.stderr));
    }
    (out, pdf_dir)
}

/// The PDF of page `rel` (`""` for the root) at `size`.
fn pdf_of(pdf_dir: &Path, rel: &str, size: &str) -> PathBuf {
    pdf_dir.join(rel.trim_matches('/')).join(format!("poster-{size}.pdf"))
}

/// One page of the right paper size.
fn check_sheet(pdf: &Path, w: f64, h: f64) {
    let (pages_n, pw, ph) = pdf_info(pdf);
    assert_eq!(pages_n, 1, "{}: exactly one page", pdf.display());
    assert!((pw - w).abs() <= 1.0 && (ph - h).abs() <= 1.0, "{}: {pw} x {ph} pts, expected {w} x {h}", pdf.display());
}

/// The words of a PDF's first page with their bounding boxes (`pdftotext -bbox-layout`):
/// (text, width, height) in pt.
fn pdf_words(pdf: &Path) -> Vec<(String, f64, f64)> {
    let o = Command::new("pdftotext").args(["-bbox-layout", "-f", "1", "-l", "1"]).arg(pdf).arg("-").output().expect("pdftotext");
    assert!(o.status.success(), "pdftotext {}: {}", pdf.display(), String::from_utf8_lossy(&o.stderr));
    let xml = String::from_utf8(o.stdout).unwrap();
    let doc = roxmltree::Document::parse_with_options(&xml, roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() })
        .unwrap_or_else(|e| panic!("pdftotext {}: {e}", pdf.display()));
    let num = |n: &roxmltree::Node, a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok()).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("word"))
        .map(|n| (n.text().unwrap_or("").to_string(), num(&n, "xMax") - num(&n, "xMin"), num(&n, "yMax") - num(&n, "yMin")))
        .collect()
}

/// The type size of every word on a printed poster, in pt: a word's box is as tall as the font's
/// bounding box, a fixed multiple of the type size for the poster's one font; the multiple is
/// found from the words of CJK ideographs alone, which are exactly 1 em wide per character.
/// Asserts every word is at least `body_pt` and the title (the largest word that is part of
/// `title`) at least `title_pt`; returns (smallest, title) size.
fn check_type_sizes(pdf: &Path, title: &str, body_pt: f64, title_pt: f64) -> (f64, f64) {
    let words = pdf_words(pdf);
    let ideographs = |w: &str| w.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let mut ratios: Vec<f64> = words
        .iter()
        .filter(|(t, ..)| t.chars().count() >= 2 && ideographs(t))
        .map(|(t, w, h)| h / (w / t.chars().count() as f64))
        .collect();
    assert!(ratios.len() >= 5, "{}: too few CJK words to measure type", pdf.display());
    ratios.sort_by(f64::total_cmp);
    let ratio = ratios[ratios.len() / 2];
    let size = |h: f64| h / ratio;
    let smallest = words.iter().min_by(|a, b| a.2.total_cmp(&b.2)).unwrap();
    // 3% for rounding and letter spacing in the measure.
    assert!(size(smallest.2) >= body_pt * 0.97, "{}: “{}” is {:.1}pt, < {body_pt}pt", pdf.display(), smallest.0, size(smallest.2));
    let heading = words
        .iter()
        .filter(|(t, ..)| t.chars().count() >= 2 && title.contains(t.trim_end_matches('…')))
        .max_by(|a, b| a.2.total_cmp(&b.2))
        .unwrap_or_else(|| panic!("{}: title “{title}” not found", pdf.display()));
    assert!(size(heading.2) >= title_pt * 0.97, "{}: title “{}” is {:.1}pt, < {title_pt}pt", pdf.display(), heading.0, size(heading.2));
    (size(smallest.2), size(heading.2))
}

/// The poster title (`<h1>`) of page `rel` in a built site.
fn poster_title(out: &Path, rel: &str) -> String {
    let dir = if rel.is_empty() { out.join("poster") } else { out.join(rel).join("poster") };
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let h1 = &html[html.find("<h1 class=\"title").unwrap()..];
    h1[h1.find('>').unwrap() + 1..h1.find("</h1>").unwrap()].to_string()
}

/// For each of `pages` at every size: the QR code holds the page URL and the type is large
/// enough (see [`check_type_sizes`]).
fn check_qr_and_type(out: &Path, pdf_dir: &Path, base_url: &str, pages: &[&str]) {
    for (size, _, _, body_pt, title_pt) in SIZES {
        for page in pages {
            let rel = page.trim_matches('/');
            let pdf = pdf_of(pdf_dir, rel, size);
            let url = if rel.is_empty() { base_url.to_string() } else { format!("{base_url}{rel}/") };
            assert_eq!(qr_text(&pdf), url, "{}", pdf.display());
            let (small, title) = check_type_sizes(&pdf, &poster_title(out, rel), body_pt, title_pt);
            eprintln!("{}: smallest text {small:.1}pt, title {title:.1}pt", pdf.display());
        }
    }
}

/// Every poster of the example (`content/`), villages, communities, towns, the 街道 and the
/// county, at A4, A3 and A2: one sheet of the right size. The QR code and the type sizes on a
/// representative set, a community and its 街道 among them.
#[test]
fn every_example_poster_prints_on_one_sheet_with_a_working_qr_code() {
    if !tools_present() {
        return;
    }
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let tmp = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let (out, pdf_dir) = print_all_sizes(tmp.path(), &content, "2025-12-20", &[]);
    let printed = started.elapsed();
    // Every page has a poster (`…/poster/index.html`), and each was printed at every size.
    let pages: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().ends_with("poster/index.html"))
        .map(|e| e.path().parent().unwrap().parent().unwrap().strip_prefix(&out).unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(pages.len() >= 50, "{} posters", pages.len());
    for (size, w, h, ..) in SIZES {
        for rel in &pages {
            check_sheet(&pdf_of(&pdf_dir, rel, size), w, h);
        }
    }
    let representative = ["/", "zaolin", "zaolin/sangcun", "wenchang", "wenchang/jinxiushequ"];
    check_qr_and_type(&out, &pdf_dir, "https://example.gov.cn/wuxing/", &representative);
    eprintln!(
        "printed {} posters × {} sizes in {:.1}s; checked in {:.1}s",
        pages.len(),
        SIZES.len(),
        printed.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn worst_case_posters_print_on_one_sheet_with_a_working_qr_code() {
    if !tools_present() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let pages = ["/", "longtown", "longtown/a-worst"];
    let (out, pdf_dir) = print_all_sizes(tmp.path(), &fixture("ok/poster_worst_case"), TODAY, &pages);
    for (size, w, h, ..) in SIZES {
        for rel in pages {
            check_sheet(&pdf_of(&pdf_dir, rel, size), w, h);
        }
    }
    let base_url = "https://dangjian.qiandongnan-kaili-kaifaqu.example.gov.cn/wuxing-zhibu-chuangjian/gongkailan/";
    check_qr_and_type(&out, &pdf_dir, base_url, &pages);
}

/// Inside the sheet, in Chromium with print media: no poster of the example or of the worst case
/// has rows cut off by the sheet's `overflow: hidden` (a PDF of one page can still hide them),
/// no text below the body size of its paper, and the title ≥ 36pt on A3 and A2
/// (`tests/browser/poster.test.mjs`).
#[test]
fn no_poster_content_is_clipped_in_print_media() {
    let tmp = tempfile::tempdir().unwrap();
    let example = tmp.path().join("example");
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let o = starboard(&["build", "--today", "2025-12-20", "--content", content.to_str().unwrap(), "--output", example.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let worst = build("ok/poster_worst_case");
    worst.succeeds();
    let Some(report) = browser::run_node_script("poster.test.mjs", &[&example, &worst.out]) else { return };
    let count = report.lines().find_map(|l| l.strip_suffix(" posters")).and_then(|n| n.parse::<usize>().ok()).expect("poster count");
    assert!(count >= 3 * 54 + 3 * 32, "{count} posters checked:\n{report}");
    for poster in ["example/wenchang/jinxiushequ/poster/a4/index.html [a4]", "/longtown/a-worst/poster/a4/index.html [a4]"] {
        assert!(report.contains(poster), "{poster} not checked:\n{report}");
    }
}

#[test]
fn print_without_a_browser_says_how_to_get_one() {
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_starboard"))
        .args(["print", "--content", fixture("ok/basic").to_str().unwrap(), "--output", tmp.path().join("out").to_str().unwrap()])
        .env("CHROMIUM", "/nonexistent/chromium")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("环境变量 CHROMIUM 指定的浏览器“/nonexistent/chromium”不存在或不可执行"), "{err}");
    assert!(!tmp.path().join("out").exists(), "nothing built without a browser");
    let o = Command::new(env!("CARGO_BIN_EXE_starboard"))
        .args(["print", "--content", fixture("ok/basic").to_str().unwrap(), "--output", tmp.path().join("out").to_str().unwrap()])
        .env("CHROMIUM", "")
        .env("PATH", tmp.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&o.stderr).contains("未找到 Chromium 浏览器"));
}

#[test]
fn print_names_an_unknown_page() {
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_starboard"))
        .args([
            "print",
            "--content",
            fixture("ok/basic").to_str().unwrap(),
            "--output",
            tmp.path().join("out").to_str().unwrap(),
            "ningguo/nocun",
        ])
        .env("CHROMIUM", "/bin/sh")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("没有“ningguo/nocun”这个页面"));
}
