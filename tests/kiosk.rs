//! Kiosk display (大屏展示): `kiosk/index.html` for every region — the slides' content in the HTML,
//! settings from `site.yaml`, lists split over slides, and (in real headless Chromium) the layout,
//! timing, pause, swipe and offline behaviour via `tests/browser/kiosk.test.mjs`.

mod common;
use common::*;

use std::path::PathBuf;

/// Positions of `needles` in `hay`, asserting each is present.
fn positions(hay: &str, needles: &[&str]) -> Vec<usize> {
    needles.iter().map(|n| hay.find(n).unwrap_or_else(|| panic!("missing {n:?}"))).collect()
}

#[test]
fn every_region_has_a_kiosk_with_relative_offline_assets() {
    let run = build("ok/basic");
    run.succeeds();
    for (page, root) in [("kiosk/index.html", "../"), ("ningguo/kiosk/index.html", "../../"), ("wenchang/kiosk/index.html", "../../")] {
        let html = run.file(page);
        assert!(html.contains("<html lang=\"zh-CN\" class=\"kiosk no-js\">"), "{page}");
        assert!(html.contains(&format!("href=\"{root}assets/kiosk.css\"")), "{page}");
        assert!(html.contains(&format!("src=\"{root}assets/kiosk.js\"")), "{page}");
        // Defaults: 12 s per slide, 60 s idle.
        assert!(html.contains("data-slide-seconds=\"12\" data-idle-seconds=\"60\""), "{page}");
        // Nothing that would leave the machine.
        for bad in ["src=\"http", "href=\"http", "src=\"//", "href=\"//", "url(http", "@import"] {
            assert!(!html.contains(bad), "{page} contains {bad}");
        }
        assert!(html.contains("数据截至 2024年12月20日"), "{page}");
        assert!(html.contains("监督电话 <strong>0374-1234567</strong>"), "{page}");
    }
    assert!(!run.out.join("ningguo/dongcun/kiosk").exists(), "units get no kiosk");
    for asset in ["kiosk.css", "kiosk.js"] {
        let text = std::fs::read_to_string(run.out.join("assets").join(asset)).unwrap();
        for bad in ["http://", "https://", "fetch(", "XMLHttpRequest", "@import", "url("] {
            assert!(!text.contains(bad), "{asset} contains {bad}");
        }
    }
}

#[test]
fn slides_carry_figures_and_settings_from_site_yaml() {
    let run = build("ok/kiosk");
    run.succeeds();
    let html = run.file("kiosk/index.html");
    assert!(html.contains("data-slide-seconds=\"5\" data-idle-seconds=\"30\""));
    // Slide order: overview, star levels, per-star counts, incomes, 光荣榜 ×2, projects, notices.
    let order = positions(
        &html,
        &[
            "测试县 2024年“五星”支部创建",
            "2024年村星级分布",
            "2024年各星获得情况（村）",
            "2024年集体经济收入前2名",
            "2024年光荣榜",
            "在建项目（四议两公开）",
            "正在公示",
        ],
    );
    assert!(order.windows(2).all(|w| w[0] < w[1]), "slides out of order: {order:?}");
    assert_eq!(html.matches("<section class=\"k-slide ").count(), 8);
    assert!(html.contains("aria-label=\"第 8 页，共 8 页：正在公示\""));
    // Star figures.
    assert!(html.contains("<span class=\"k-name\">四星 ★★★★☆</span></span>\n      <span class=\"k-bar-value\">1 个（50.00%）</span>"));
    assert!(html.contains("<span class=\"k-num\">33.45</span><small>万元</small></span><span class=\"k-label\">集体经济收入合计"));
    // Incomes ranked, highest first, in 万元, with the town above the town level.
    let inc = positions(
        &html,
        &[
            "<span class=\"k-rank\">1</span><span class=\"k-name\">东村<small>宁郭镇</small>",
            "23.65 万元",
            "<span class=\"k-rank\">2</span><span class=\"k-name\">西村",
        ],
    );
    assert!(inc[0] < inc[1] && inc[1] < inc[2]);
    assert!(html.contains("style=\"width: 41.44%\""), "西村's bar is 98,000 / 236,500.50 of 东村's");
}

#[test]
fn honors_projects_and_notices_are_current_paged_and_shortened() {
    let run = build("ok/kiosk");
    let html = run.file("kiosk/index.html");
    // 光荣榜: the latest year only, in roll order (乡村光荣榜 before 五美庭院), 6 per slide.
    assert!(!html.contains("往年榜上人"));
    let h = positions(&html, &["孙淑珍", "张秀英", "李桂兰", "王玉梅", "张红军", "张志强", "第 2 / 2 页", "张海峰"]);
    assert!(h.windows(2).all(|w| w[0] < w[1]), "honors out of order: {h:?}");
    assert!(html.contains("第 1 / 2 页"));
    // Long 事迹 shortened to 36 characters.
    assert!(html.contains("<span class=\"k-reason\">院落净、摆放齐、绿化美、家风好、邻里和，常年义务打扫村道，带动左邻右舍…</span>"));
    // Projects: only those still in progress, with their 四议两公开 progress.
    assert!(!html.contains("已完工的村内道路"));
    assert!(html.contains("<strong class=\"k-title\">村内太阳能路灯安装</strong>"));
    assert!(html.contains("预算 8.50 万元，已支出 4.25 万元"));
    assert!(html.contains("style=\"width: 50.00%\""));
    assert!(html.contains("<span class=\"k-current\">进行到：决议公开</span>"));
    assert_eq!(html.matches("<li class=\"done\">").count(), 4);
    // Notices: only those in their 公示期 on the build date, body as escaped plain text.
    assert!(html.contains("<strong class=\"k-title\">正在公示的星级评定结果</strong>"));
    assert!(!html.contains("已经结束的公示") && !html.contains("尚未开始的公示"));
    assert!(html.contains("公示期 2024-12-15 至 2024-12-21"));
    assert!(html.contains("还剩 <b>2</b> 天"));
    assert!(html.contains(
        "<span class=\"k-reason\">东村2024年度评定为四星支部。&lt;script&gt;alert(1)&lt;/script&gt; 公示期内如有异议请反映</span>"
    ));
    assert!(!html.contains("<script>alert"));
    // The town's kiosk names its own units without the town.
    let town = run.file("ningguo/kiosk/index.html");
    assert!(town.contains("<span class=\"k-unit\">东村</span>"));
    assert!(town.contains("宁郭镇 2024年“五星”支部创建"));
}

#[test]
fn every_kiosk_has_slides_and_controls_hidden_without_javascript() {
    let run = build("ok/basic");
    for page in ["kiosk/index.html", "wenchang/kiosk/index.html"] {
        let html = run.file(page);
        assert!(html.matches("<section class=\"k-slide ").count() >= 1);
        assert!(html.contains("<nav class=\"k-controls\" aria-label=\"翻页与暂停\" hidden>"));
    }
}

#[test]
fn example_kiosk_in_headless_chromium() {
    let content = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let o = starboard(&["build", "--content", content.to_str().unwrap(), "--output", out.to_str().unwrap(), "--today", "2025-12-20"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    if let Some(report) = browser::run_node_script("kiosk.test.mjs", &[&out]) {
        println!("{report}");
    }
}
