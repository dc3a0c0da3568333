//! Honor rolls, projects (四议两公开), notices (公示), free pages and charts: every record error
//! fails with exit 1 and exact `FILE:LINE:COL` lines; valid records show on the pages and in
//! `data.json`.

mod common;
use common::*;

/// Builds `bad/<case>` and asserts it fails with exactly these diagnostic lines.
fn fails_with(case: &str, expected: &[&str]) {
    let run = build(&format!("bad/{case}"));
    run.fails();
    assert_eq!(run.diagnostics(), expected, "full stderr:\n{}", run.stderr);
}

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
