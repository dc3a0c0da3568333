//! Posters printed by the real headless Chromium through `starboard print`: every poster is
//! exactly one sheet of the right size, and its QR code decodes to the page's address.
//! Skips when Chromium (or pdfinfo/pdftoppm/zbarimg) is missing, unless STARBOARD_REQUIRE_BROWSER=1.

mod common;
use common::*;

use std::path::Path;
use std::process::Command;

/// Whether the browser tests can run; panics when they must.
fn tools_present() -> bool {
    let have = |prog: &str| Command::new("sh").args(["-c", &format!("command -v {prog}")]).output().is_ok_and(|o| o.status.success());
    let missing: Vec<&str> = ["chromium", "pdfinfo", "pdftoppm", "zbarimg"].into_iter().filter(|p| !have(p)).collect();
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

const SIZES: [(&str, f64, f64); 3] = [("a4", 595.28, 841.89), ("a3", 841.89, 1190.55), ("a2", 1190.55, 1683.78)];

/// Prints `pages` of `content` at every size and checks each PDF.
fn print_and_check(content: &Path, today: &str, base_url: &str, pages: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let pdf_dir = tmp.path().join("pdf");
    for (size, w, h) in SIZES {
        let mut args = vec!["print", "--size", size, "--today", today, "--content", content.to_str().unwrap()];
        args.extend(["--output", out.to_str().unwrap(), "--pdf-dir", pdf_dir.to_str().unwrap()]);
        args.extend(pages);
        let o = starboard(&args);
        assert!(o.status.success(), "print --size {size}: {}", String::from_utf8_lossy(&o.stderr));
        for page in pages {
            let rel = page.trim_matches('/');
            let pdf = pdf_dir.join(rel).join(format!("poster-{size}.pdf"));
            let (pages_n, pw, ph) = pdf_info(&pdf);
            assert_eq!(pages_n, 1, "{}: exactly one page", pdf.display());
            assert!((pw - w).abs() <= 1.0 && (ph - h).abs() <= 1.0, "{}: {pw} x {ph} pts, expected {w} x {h}", pdf.display());
            let url = if rel.is_empty() { base_url.to_string() } else { format!("{base_url}{rel}/") };
            assert_eq!(qr_text(&pdf), url, "{}", pdf.display());
        }
    }
}

#[test]
fn example_posters_print_on_one_sheet_with_a_working_qr_code() {
    if !tools_present() {
        return;
    }
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    print_and_check(&content, "2025-12-20", "https://example.gov.cn/wuxing/", &["/", "zaolin", "zaolin/sangcun"]);
}

#[test]
fn worst_case_posters_print_on_one_sheet_with_a_working_qr_code() {
    if !tools_present() {
        return;
    }
    print_and_check(
        &fixture("ok/poster_worst_case"),
        TODAY,
        "https://dangjian.qiandongnan-kaili-kaifaqu.example.gov.cn/wuxing-zhibu-chuangjian/gongkailan/",
        &["/", "longtown", "longtown/a-worst"],
    );
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
