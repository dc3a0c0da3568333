//! Posters as HTML (no browser needed): every page has one in every size, the page box and type
//! scale follow the paper, the QR code names the page, and long records are shortened with a
//! pointer to the website. `tests/poster_pdf.rs` prints them in Chromium.

mod common;
use common::*;

const SIZES: [(&str, &str); 3] = [("a4", "size: A4;"), ("a3", "size: A3;"), ("a2", "size: 420mm 594mm;")];

/// The poster of `page` in `size`: the site's default size lives at `poster/index.html` only.
fn poster(page: &str, size: &str, default: &str) -> String {
    if size == default { format!("{page}poster/index.html") } else { format!("{page}poster/{size}/index.html") }
}

#[test]
fn every_page_has_a_poster_in_every_size() {
    let run = build("ok/basic");
    run.succeeds();
    assert!(run.out.join("assets/poster.css").is_file());
    for page in ["", "ningguo/", "ningguo/dongcun/", "ningguo/xicun/", "wenchang/", "wenchang/jinxiu/"] {
        let default = run.file(&format!("{page}poster/index.html"));
        assert!(default.contains("size: A3;"), "{page}: the default size is A3");
        for (size, rule) in SIZES {
            let html = run.file(&poster(page, size, "a3"));
            assert!(html.contains(rule), "{page}poster/{size}: {rule}");
            assert!(html.contains("<html lang=\"zh-CN\""));
            assert!(html.contains("数据截至 2024年12月20日"), "{page}poster/{size}: data date");
            assert!(html.contains("监督电话 <strong>0374-1234567</strong>"), "{page}poster/{size}: hotline");
        }
    }
}

#[test]
fn posters_link_their_stylesheet_and_the_page_relatively() {
    let run = build("ok/basic");
    let default = run.file("ningguo/dongcun/poster/index.html");
    assert!(default.contains("href=\"../../../assets/poster.css\""));
    assert!(default.contains("href=\"../index.html\">返回网页</a>"));
    assert!(default.contains("href=\"a4/index.html\">A4</a>"));
    let a4 = run.file("ningguo/dongcun/poster/a4/index.html");
    assert!(a4.contains("href=\"../../../../assets/poster.css\""));
    assert!(a4.contains("href=\"../../index.html\">返回网页</a>"));
    assert!(a4.contains("href=\"../index.html\">A3</a>"), "the default size has one address");
    assert!(a4.contains("href=\"../a2/index.html\">A2</a>"));
    assert!(!run.out.join("ningguo/dongcun/poster/a3").exists(), "no copy of the default size");
    let root = run.file("poster/a2/index.html");
    assert!(root.contains("href=\"../../assets/poster.css\""));
}

#[test]
fn unit_poster_shows_stars_in_text_and_symbols_income_and_qr() {
    let run = build("ok/basic");
    let html = run.file("ningguo/dongcun/poster/index.html");
    assert!(html.contains("<span class=\"level\">四星支部</span>"), "level as text");
    assert!(html.contains("★★★★☆"), "level as symbols");
    assert!(html.contains("<span class=\"star-name\">支部过硬星</span><span class=\"state\">未获得</span>"));
    assert!(html.contains("<span class=\"star-name\">产业兴旺星</span><span class=\"state\">已获得</span>"));
    assert!(html.contains("23.65 万元"), "income in 万元");
    assert!(html.contains("（236,500.50 元）"), "exact income");
    assert!(html.contains("aria-label=\"二维码：https://example.gov.cn/test/ningguo/dongcun/\""));
    assert!(html.contains("stroke-width=\"1\" d=\"M4 4.5h7m"), "QR drawn with a 4-module quiet zone");
    assert!(html.contains("扫码查看网页版"));
    assert!(!html.contains("更多内容请扫码查看"), "nothing was left out");
}

#[test]
fn region_poster_shows_the_star_distribution() {
    let run = build("ok/basic");
    let html = run.file("poster/index.html");
    assert!(html.contains("aria-label=\"二维码：https://example.gov.cn/test/\""));
    assert!(html.contains("村星级分布"));
    assert!(html.contains("社区星级分布"));
    assert!(html.contains("<span class=\"l-name\">四星</span> <span class=\"sym\" aria-hidden=\"true\">★★★★☆</span>"));
    assert!(html.contains("三星及以上 <strong>1</strong> 个（50.00%）"));
}

#[test]
fn worst_case_is_shortened_with_a_pointer_to_the_website() {
    let run = build("ok/poster_worst_case");
    run.succeeds();
    // poster_size: a2 in site.yaml.
    assert!(run.file("longtown/a-worst/poster/index.html").contains("size: 420mm 594mm;"));
    for (size, _) in SIZES {
        let html = run.file(&poster("longtown/a-worst/", size, "a2"));
        assert!(html.contains("更多内容请扫码查看"), "{size}");
        assert!(html.contains("共 10 个"), "{size}: project count");
        assert!(html.contains("个项目，请扫码查看"), "{size}: projects left out");
        assert!(html.contains("…</h1>"), "{size}: long name shortened");
        let projects = html.matches("<p class=\"p-head\">").count();
        let honors = html.matches("<p class=\"h-head\">").count();
        assert!((1..10).contains(&projects), "{size}: {projects} projects");
        assert!(honors < 30, "{size}: {honors} honors");
        // A section left without a single row is still named, with its count.
        let notices = html.contains("<section class=\"notices\">");
        let dropped = match (honors == 0, notices) {
            (true, false) => Some("另有光荣榜 30 人次、公示 8 条，请扫码查看"),
            (true, true) => Some("另有光荣榜 30 人次，请扫码查看"),
            (false, false) => Some("另有公示 8 条，请扫码查看"),
            (false, true) => None,
        };
        if let Some(note) = dropped {
            assert!(html.contains(&format!("<p class=\"more-note\">{note}</p>")), "{size}: {note}");
        }
        if size == "a4" {
            assert_eq!(dropped, Some("另有光荣榜 30 人次、公示 8 条，请扫码查看"), "the worst case's A4 sheet has room for neither");
        }
        let town = run.file(&poster("longtown/", size, "a2"));
        assert!(town.contains("更多内容请扫码查看"), "{size}: town list shortened");
        assert!(town.contains("共 30 个"), "{size}");
    }
    // Bigger paper, more on it.
    let count = |size: &str| run.file(&poster("longtown/", size, "a2")).matches("<span class=\"row-name\">").count();
    assert!(count("a4") < count("a3") && count("a3") < count("a2"), "{} {} {}", count("a4"), count("a3"), count("a2"));
}
