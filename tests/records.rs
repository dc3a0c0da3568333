//! Honor rolls, projects (四议两公开), notices (公示), free pages and charts: every record error
//! fails with exit 1 and exact `FILE:LINE:COL` lines; valid records show on the pages and in
//! `data.json`.

mod common;
use common::*;

#[test]
fn spending_over_budget_points_at_the_line_that_overdraws() {
    fails_with(
        "spending_over_budget",
        &[
            "regions/ningguo/dongcun.yaml:10:47: error: 支出累计 100,000.01 元超过预算 100,000.00 元（超出 0.01 元） (spending reaches 100000.01 and exceeds the budget 100000.00)",
        ],
    );
}

#[test]
fn steps_out_of_order() {
    fails_with(
        "steps_out_of_order",
        &[
            "regions/ningguo/dongcun.yaml:10:17: error: 四议两公开顺序不对：“审议”日期 2024-03-04 早于“商议”日期 2024-03-05 (step reviewed (2024-03-04) is before step discussed (2024-03-05))",
        ],
    );
}

#[test]
fn step_without_the_one_before() {
    fails_with(
        "step_missing",
        &[
            "regions/ningguo/dongcun.yaml:9:17: error: 四议两公开顺序不对：已有“审议”，却缺少前一步“商议”的日期 (step reviewed is dated but the earlier step discussed is missing)",
        ],
    );
}

#[test]
fn spending_before_the_resolution() {
    fails_with(
        "spending_before_resolved",
        &[
            "regions/ningguo/dongcun.yaml:9:16: error: 支出日期 2024-03-09 早于村民（代表）会议决议日期 2024-03-10：决议之前不能支出 (spending dated 2024-03-09 is before the resolution of 2024-03-10)",
            "regions/ningguo/dongcun.yaml:16:16: error: 项目还没有村民（代表）会议决议（steps.resolved），不能有支出 (spending before the project was resolved (steps.resolved is missing))",
        ],
    );
}

#[test]
fn duplicate_project_id() {
    fails_with(
        "duplicate_project_id",
        &["regions/ningguo/dongcun.yaml:7:9: error: 项目编号“road-2024”重复，每个项目的 id 须不同 (duplicate project id \"road-2024\")"],
    );
}

#[test]
fn impossible_dates() {
    fails_with(
        "impossible_date",
        &[
            "regions/ningguo/dongcun.yaml:7:23: error: 日期“2024-02-30”无效，应写成 2024-03-05 这样的真实日期 (invalid date \"2024-02-30\"; expected a real date like 2024-03-05)",
            "regions/ningguo/dongcun.yaml:9:30: error: 日期“2024-11-31”无效，应写成 2024-03-05 这样的真实日期 (invalid date \"2024-11-31\"; expected a real date like 2024-03-05)",
        ],
    );
}

#[test]
fn notice_ending_before_it_starts() {
    fails_with(
        "notice_end_before_start",
        &[
            "regions/ningguo/dongcun.yaml:5:10: error: 公示结束日期 2024-12-01 早于开始日期 2024-12-07 (notice ends (2024-12-01) before it starts (2024-12-07))",
        ],
    );
}

#[test]
fn unknown_honor_roll() {
    fails_with(
        "unknown_honor_roll",
        &[
            "regions/ningguo/dongcun.yaml:3:24: error: 榜单“五美庭园”不在 site.yaml 的 honor_rolls 中，是否是“五美庭院”？ (roll \"五美庭园\" is not listed in site.yaml honor_rolls)",
            "regions/ningguo/dongcun.yaml:4:24: error: 榜单“最美村官”不在 site.yaml 的 honor_rolls 中，可选：乡村光荣榜、星级文明户、五美庭院、好媳妇、好婆婆、好公婆、好妯娌、五好家庭、身边的榜样、道德模范、孝老子女 (roll \"最美村官\" is not listed in site.yaml honor_rolls)",
        ],
    );
}

#[test]
fn page_front_matter_errors_point_at_the_field() {
    fails_with(
        "page_bad_date",
        &[
            "pages/zhengce.md:3:7: error: 日期“2024-02-30”无效，应写成 2024-03-05 这样的真实日期 (invalid date \"2024-02-30\"; expected a real date like 2024-03-05)",
            "pages/zhengce.md:4:9: error: 排序 weight“第一”应为整数 (weight \"第一\" must be an integer)",
        ],
    );
}

#[test]
fn unit_page_shows_notices_projects_and_honors() {
    let run = build("ok/records");
    run.succeeds();
    let html = run.file("ningguo/dongcun/index.html");
    // Notices with their status on --today 2024-12-20, the default end (notice_days 5) and the hotline.
    assert!(html.contains("2024年度星级评定结果公示"));
    assert!(html.contains("<span class=\"status status-open\">公示中</span>"), "{html}");
    assert!(html.contains("<span class=\"status status-upcoming\">未开始</span>"));
    assert!(html.contains("<span class=\"status status-ended\">已结束</span>"));
    assert!(html.contains("<time datetime=\"2024-12-22\">2024年12月22日</time>（5 天），还剩 3 天"), "{html}");
    assert!(html.contains("东村2024年度评定为<strong>四星</strong>。"));
    assert!(html.contains("请拨打监督电话 <a href=\"tel:0374-1234567\">0374-1234567</a>"));
    // Projects: money, the six steps in order with dates and the step in progress, spending lines.
    assert!(html.contains("<dt>预算</dt><dd>350,000.00 元</dd>"));
    assert!(html.contains("<dt>已支出</dt><dd>220,000.50 元（62.86%）</dd>"), "{html}");
    assert!(html.contains("<dt>结余</dt><dd>129,999.50 元</dd>"));
    assert!(html.contains("<td class=\"num\">100,000.50 元</td>"));
    let pond = &html[html.find("id=\"project-2\"").unwrap()..];
    let steps: Vec<&str> = ["村党组织提议", "村两委会议商议", "党员大会审议", "村民（代表）会议决议", "决议公开", "实施结果公开"]
        .iter()
        .map(|s| {
            let at = pond.find(&format!("<span class=\"step-name\">{s}</span>")).unwrap_or_else(|| panic!("{s}"));
            let state = &pond[at..];
            let state = &state[state.find("step-state\">").unwrap() + 12..];
            &state[..state.find("</span>").unwrap()]
        })
        .collect();
    assert_eq!(
        steps,
        [
            "已完成 <time datetime=\"2024-10-08\">2024年10月8日</time>",
            "已完成 <time datetime=\"2024-10-12\">2024年10月12日</time>",
            "进行中",
            "未开始",
            "未开始",
            "未开始"
        ]
    );
    assert!(pond.contains("aria-current=\"step\""));
    assert!(pond.contains("进行中：审议"));
    assert!(pond.contains("<p>清淤并修护坡。</p>"));
    // Honors grouped by roll in site.yaml order, then year, newest first; names escaped.
    let honors = &html[html.find("id=\"honors-h\"").unwrap()..];
    let order: Vec<usize> = ["五美庭院（2 人/户）", "2024年", "张秀英", "2023年", "赵大娘", "好媳妇（1 人/户）", "王桂兰", "最美护林员"]
        .iter()
        .map(|s| honors.find(s).unwrap_or_else(|| panic!("{s}")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(honors.contains("&lt;b&gt;李四&lt;&#x2F;b&gt;") || honors.contains("&lt;b&gt;李四&lt;/b&gt;"), "{honors}");
    assert!(!html.contains("<b>李四</b>"));
}

#[test]
fn region_pages_show_project_totals_current_notices_and_honor_rolls() {
    let run = build("ok/records");
    let county = run.file("index.html");
    assert!(county.contains("<strong>3</strong> 个项目"));
    assert!(county.contains("<strong>2</strong> 个进行中"));
    assert!(county.contains("<dt>预算合计</dt><dd>480,000.00 元</dd>"));
    assert!(county.contains("<dt>已支出合计</dt><dd>250,000.50 元</dd>"));
    assert!(county.contains("<th scope=\"row\">审议</th><td class=\"num\">2/6</td><td class=\"num\">1</td>"), "{county}");
    assert!(county.contains("<th scope=\"row\">全部完成</th><td class=\"num\">6/6</td><td class=\"num\">1</td>"));
    // In progress: 坑塘整治 (东村) and 路灯安装 (西村), linking to the project on the unit page.
    assert!(county.contains("<a class=\"project-name\" href=\"ningguo/dongcun/index.html#project-2\">坑塘整治</a>"), "{county}");
    assert!(county.contains("<a class=\"project-name\" href=\"ningguo/xicun/index.html#project-1\">路灯安装</a>"));
    assert!(!county.contains(">村内道路硬化</a>"));
    // Current notices: the open one first, then the upcoming one; the ended one is not listed.
    let open = county.find("href=\"ningguo/dongcun/index.html#notice-2\">2024年度星级评定结果公示").expect("open notice");
    let upcoming = county.find("href=\"ningguo/dongcun/index.html#notice-1\">坑塘整治项目决议公示").expect("upcoming notice");
    assert!(open < upcoming);
    assert!(!county.contains("村内道路硬化项目决议公开"));
    assert!(county.contains("东村（宁郭镇）"));
    assert!(county.contains("<a href=\"honors/index.html\">查看测试县光荣榜</a>"));

    let honors = run.file("honors/index.html");
    assert!(honors.contains("<h1>测试县光荣榜</h1>"));
    assert!(honors.contains("<a href=\"../index.html\">返回测试县</a>"));
    let five = honors.find("五美庭院（3 人/户）").unwrap();
    let liu = honors.find("刘桂芳").unwrap();
    assert!(five < liu);
    assert!(honors.contains("<a class=\"honor-unit\" href=\"../ningguo/xicun/index.html\">西村（宁郭镇）</a>"), "{honors}");
    let town_honors = run.file("ningguo/honors/index.html");
    assert!(town_honors.contains("<a class=\"honor-unit\" href=\"../xicun/index.html\">西村</a>"));
    let data = run.json("ningguo/honors/data.json");
    assert_eq!(data["path"], "/ningguo/honors/");
    assert_eq!(data["honors"].as_array().unwrap().len(), 5);
    assert_eq!(
        data["honors"][4],
        serde_json::json!({"year": 2024, "roll": "五美庭院", "name": "刘桂芳", "reason": null, "unit": "西村", "unit_path": "/ningguo/xicun/"})
    );
}

#[test]
fn free_pages_render_markdown_safely_and_are_in_the_navigation() {
    let run = build("ok/records");
    let page = run.file("pages/zhengce/index.html");
    assert!(page.contains("<h1>政策解读</h1>"));
    assert!(page.contains("<strong>五星支部</strong>"));
    assert!(page.contains("&lt;script&gt;"));
    assert!(!page.contains("<script>"));
    assert!(page.contains("<time datetime=\"2024-03-01\">2024年3月1日</time>"));
    assert!(page.contains("href=\"../../assets/style.css\""));
    assert!(!page.contains("data.json"), "free pages have no data.json to link to");
    // A page whose body opens with its own heading gets no second <h1>.
    let chengnuo = run.file("pages/chengnuo/index.html");
    assert_eq!(chengnuo.matches("<h1>").count(), 1);
    // Navigation by weight, from any depth.
    let unit = run.file("ningguo/dongcun/index.html");
    let a = unit.find("<a href=\"../../pages/chengnuo/index.html\">公开承诺书</a>").unwrap();
    let b = unit.find("<a href=\"../../pages/zhengce/index.html\">政策解读</a>").unwrap();
    assert!(a < b);
}

#[test]
fn unit_data_has_honors_notices_and_project_steps() {
    let run = build("ok/records");
    let u = run.json("ningguo/dongcun/data.json");
    let road = &u["projects"][0];
    assert_eq!(road["spent"], "220000.50");
    assert_eq!(road["balance"], "129999.50");
    assert_eq!(road["steps_done"], 6);
    assert_eq!(road["current_step"], serde_json::Value::Null);
    // Steps are written in step order (serde_json's Value would sort them, so read the text).
    let text = run.file("ningguo/dongcun/data.json");
    let at: Vec<usize> = ["proposed", "discussed", "reviewed", "\"resolved", "resolution_published", "result_published"]
        .iter()
        .map(|k| text.find(k).unwrap())
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert_eq!(road["spending"][1], serde_json::json!({"date": "2024-06-01", "item": "施工费", "amount": "100000.50"}));
    assert_eq!(u["projects"][1]["current_step"], "reviewed");
    assert_eq!(u["honors"][0], serde_json::json!({"year": 2024, "roll": "五美庭院", "name": "张秀英", "reason": "庭院整洁美"}));
    let status: Vec<&str> = u["notices"].as_array().unwrap().iter().map(|n| n["status"].as_str().unwrap()).collect();
    assert_eq!(status, ["upcoming", "open", "ended"]);
    assert_eq!(u["notices"][1]["end"], "2024-12-22");
    let county = run.json("data.json");
    assert_eq!(county["projects"]["count"], 3);
    assert_eq!(county["projects"]["by_steps_done"]["2"], 1);
}

/// Every inline `<svg …>…</svg>` of a page.
fn svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg ") {
        let end = rest[start..].find("</svg>").expect("closed svg") + start + "</svg>".len();
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

/// The `<text>` contents of an SVG, which must parse as XML.
fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("chart is not XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert!(root.attribute("aria-label").is_some_and(|l| !l.is_empty()));
    assert!(root.children().any(|n| n.has_tag_name("title")), "chart without <title>");
    doc.descendants().filter(|n| n.has_tag_name("text")).map(|n| n.text().unwrap_or("").trim().to_string()).collect()
}

#[test]
fn charts_are_inline_svg_with_chinese_text_beside_their_tables() {
    let run = build("ok/records");
    let unit = run.file("ningguo/dongcun/index.html");
    let charts = svgs(&unit);
    assert_eq!(charts.len(), 1, "one income chart on a unit page");
    let t = svg_texts(charts[0]);
    assert_eq!(t[..4], ["东村历年村集体经济收入", "2022年", "15.00 万元", "2023年"]);
    assert!(t.contains(&"23.65 万元".to_string()), "{t:?}");
    assert!(unit.contains("<caption>东村历年村集体经济收入</caption>"), "the table stays");

    let county = run.file("index.html");
    let charts = svgs(&county);
    let titles: Vec<String> = charts.iter().map(|s| svg_texts(s)[0].clone()).collect();
    for want in ["2024年村星级分布", "2024年各星获得情况（村）", "2024年集体经济收入分档", "2023年村星级分布"]
    {
        assert!(titles.iter().any(|t| t == want), "{want} not in {titles:?}");
    }
    let levels = svg_texts(charts[0]);
    assert!(levels.contains(&"四星 ★★★★☆".to_string()) && levels.contains(&"1 个".to_string()), "{levels:?}");
    for s in &charts {
        // Chart text takes the page's font, and the page's stylesheet names the CJK fonts.
        assert!(s.contains("font-family=\"inherit\"") && !s.contains("font-family=\"&apos;"), "{s}");
        assert!(!s.contains("<path"), "text must not be drawn as paths");
    }
    let css = run.file("assets/style.css");
    assert!(css.contains("font-family: \"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"Noto Sans CJK SC\""), "{css}");
    // Deterministic: a second build gives the same bytes.
    assert_eq!(build("ok/records").file("index.html"), county);
}

/// A screenshot of `svg` alone on a page with the site's stylesheet `css`, as PNG bytes.
fn screenshot(browser: &std::path::Path, dir: &std::path::Path, css: &std::path::Path, name: &str, svg: &str) -> Vec<u8> {
    let html = dir.join(format!("{name}.html"));
    let png = dir.join(format!("{name}.png"));
    std::fs::write(
        &html,
        format!(
            "<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><link rel=\"stylesheet\" href=\"file://{}\"><body style=\"margin:0\">{svg}</body></html>",
            css.display()
        ),
    )
    .unwrap();
    let o = browser::headless(browser, &dir.join(format!("profile-{name}")))
        .arg("--window-size=440,200")
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("run chromium");
    std::fs::read(&png).unwrap_or_else(|e| panic!("no screenshot ({e}): {}", String::from_utf8_lossy(&o.stderr)))
}

#[test]
fn chart_text_renders_as_chinese_glyphs_in_a_real_browser() {
    let Some(browser) = browser::chromium() else { return };
    let run = build("ok/records");
    let unit = run.file("ningguo/dongcun/index.html");
    let chart = svgs(&unit)[0].to_string();
    let title = "东村历年村集体经济收入";
    assert!(chart.contains(title));
    let dir = tempfile::tempdir().unwrap();
    // The chart as built, the same with one character changed, and twice with characters no font
    // has: a missing glyph is drawn as the same box whatever the character, real glyphs differ.
    let css = run.out.join("assets/style.css");
    let shot =
        |name: &str, first: &str| screenshot(&browser, dir.path(), &css, name, &chart.replace(title, &title.replacen('东', first, 1)));
    let (dong, xi) = (shot("dong", "东"), shot("xi", "西"));
    let (box1, box2) = (shot("box1", "\u{e000}"), shot("box2", "\u{e001}"));
    assert_eq!(box1, box2, "missing glyphs should look alike, or this test cannot tell glyphs from boxes");
    assert_ne!(dong, box1, "东 is drawn as a missing-glyph box");
    assert_ne!(dong, xi, "东 and 西 look the same: the CJK font is missing");
}
