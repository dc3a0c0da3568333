//! Reconciliation: `declared:` figures a region once published by hand against the records.
//! Differences are warnings at the declared value; the build succeeds; the page says which.

mod common;
use common::*;

const WARNINGS: [&str; 3] = [
    "regions/_index.yaml:5:31: warning: 2024 年公布的一星村个数为 2，按记录统计为 1，请核对 (declared 2024 villages at level 1 is 2, the records give 1)",
    "regions/_index.yaml:8:14: warning: 2024 年公布的获得文明幸福星的村数为 3，按记录统计为 2，请核对 (declared 2024 villages holding 文明幸福星 is 3, the records give 2)",
    "regions/_index.yaml:11:19: warning: 2024 年公布的星级奖补合计为 180000.00，按记录统计为 160000.00，请核对 (declared 2024 reward total is 180000.00, the records give 160000.00)",
];

#[test]
fn differences_are_warnings_at_the_declared_value() {
    let run = build("ok/reconcile");
    run.succeeds();
    assert_eq!(run.diagnostics(), WARNINGS, "{}", run.stderr);
    assert!(run.stderr.contains("共 3 个警告 (3 warnings)"));
    let c = check("ok/reconcile");
    assert_eq!(c.code, 0);
    assert_eq!(c.diagnostics(), WARNINGS);
}

#[test]
fn region_pages_say_whether_the_published_figures_match() {
    let run = build("ok/reconcile");
    let county = run.file("index.html");
    assert!(county.contains("<strong>与公布数据不一致</strong>"));
    assert!(!county.contains("已核对"));
    assert!(county.contains(
        "<tr><th scope=\"row\">2024</th><td>星级奖补合计</td><td class=\"num\">180,000.00 元</td><td class=\"num\">160,000.00 元</td></tr>"
    ));
    assert!(county.contains("<tr><th scope=\"row\">2024</th><td>一星村个数</td><td class=\"num\">2</td><td class=\"num\">1</td></tr>"));
    // Matching figures (五星, 四星 villages, 产业兴旺星, communities, income) are not listed.
    assert!(!county.contains("<td>四星村个数</td>"));
    assert!(!county.contains("集体经济收入合计</td>"));
    let town = run.file("ningguo/index.html");
    assert!(town.contains("<strong>已核对</strong>：本乡镇（街道）公布的 2024 年统计数与各村（社区）记录统计的结果一致。"));
    assert!(!town.contains("与公布数据不一致"));
    // A region that declares nothing shows no note.
    assert!(!run.file("wenchang/index.html").contains("与公布数据核对"));
}

#[test]
fn sites_without_declared_figures_have_no_warnings() {
    let run = build("ok/basic");
    run.succeeds();
    assert!(run.diagnostics().is_empty(), "{}", run.stderr);
}
