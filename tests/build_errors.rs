//! Bad content: every error of the contract gets exit 1, `FILE:LINE:COL`, the exact message, and
//! no output. One fixture site per case under `tests/fixtures/bad/`.

mod common;
use common::*;

#[test]
fn unknown_star_suggests_the_nearest() {
    fails_with(
        "unknown_star",
        &[
            "regions/ningguo/dongcun.yaml:5:17: error: 未知的星“文明星”，是否是“文明幸福星”？ (unknown star \"文明星\"; did you mean \"文明幸福星\"?)",
        ],
    );
}

#[test]
fn star_of_the_other_kind() {
    fails_with(
        "star_wrong_kind",
        &[
            "regions/ningguo/dongcun.yaml:4:17: error: “产业兴旺星”不属于社区的五星，社区的五星是：支部过硬星、共建共享星、平安法治星、幸福和谐星、宜业兴业星 (\"产业兴旺星\" is not one of the stars for communities)",
        ],
    );
}

#[test]
fn star_twice_in_a_year() {
    fails_with(
        "star_twice",
        &["regions/ningguo/dongcun.yaml:5:7: error: 2024 年“产业兴旺星”写了两次 (\"产业兴旺星\" is listed twice in 2024)"],
    );
}

#[test]
fn branch_star_without_the_other_four() {
    fails_with(
        "branch_without_all",
        &[
            "regions/ningguo/dongcun.yaml:3:10: error: 支部过硬星须与其他四颗星同时获得，2024 年还缺：平安法治星、文明幸福星 (支部过硬星 requires all four other stars; 2024 lacks 2 of them)",
        ],
    );
}

#[test]
fn year_after_current_year() {
    fails_with(
        "year_future",
        &[
            "regions/ningguo/dongcun.yaml:4:3: error: 年份 2025 晚于当前年度 2024（site.yaml 的 current_year） (year 2025 is after current_year 2024)",
        ],
    );
}

#[test]
fn year_before_2000() {
    fails_with("year_too_old", &["regions/ningguo/dongcun.yaml:3:3: error: 年份 1999 早于 2000 年 (year 1999 is before 2000)"]);
}

#[test]
fn year_given_twice() {
    fails_with("year_twice", &["regions/ningguo/dongcun.yaml:4:3: error: income 中年份 2024 写了两次 (year 2024 appears twice in income)"]);
}

#[test]
fn negative_income() {
    fails_with(
        "income_negative",
        &["regions/ningguo/dongcun.yaml:3:9: error: 集体经济收入不能为负数：-5000 (income must not be negative: -5000)"],
    );
}

#[test]
fn income_with_three_decimals() {
    fails_with(
        "income_decimals",
        &[
            "regions/ningguo/dongcun.yaml:4:9: error: 集体经济收入最多两位小数（精确到分）：236500.505 (income has more than 2 decimals: 236500.505)",
        ],
    );
}

#[test]
fn income_that_is_not_a_number() {
    fails_with(
        "income_not_number",
        &[
            "regions/ningguo/dongcun.yaml:3:9: error: 集体经济收入“23万”不是有效金额，请只写数字（单位：元），如 236500.50 (income \"23万\" is not an amount; write digits only (元), like 236500.50)",
        ],
    );
}

#[test]
fn misspelt_field() {
    fails_with(
        "unknown_field",
        &[
            "regions/ningguo/dongcun.yaml:2:1: error: 未知字段“stras”，是否是“stars”？可用字段：name、kind、stars、income、about、honors、projects、notices (unknown field `stras`, expected one of `name`, `kind`, `stars`, `income`, `about`, `honors`, `projects`, `notices`)",
        ],
    );
}

#[test]
fn malformed_yaml() {
    fails_with(
        "malformed_yaml",
        &[
            "regions/ningguo/dongcun.yaml:4:7: error: YAML 格式错误：方括号 [ ] 没有闭合，或元素之间缺少英文逗号 (did not find expected ',' or ']')",
        ],
    );
}

#[test]
fn gbk_file() {
    fails_with(
        "not_utf8",
        &[
            "regions/ningguo/dongcun.yaml:1:7: error: 文件不是 UTF-8 编码（看起来是 GBK 编码），请另存为 UTF-8 (file is not UTF-8 (it looks like GBK); save it as UTF-8)",
        ],
    );
}

#[test]
fn unit_and_region_with_the_same_slug() {
    fails_with(
        "duplicate_slug",
        &[
            "regions/ningguo.yaml:1:1: error: “ningguo”与目录 regions/ningguo 同名，两者会生成到同一网址，请改名 (slug \"ningguo\" collides with the region directory of the same name)",
        ],
    );
}

#[test]
fn slug_that_is_not_pinyin() {
    fails_with(
        "bad_slug",
        &[
            "regions/ningguo/DongCun.yaml:1:1: error: 文件或目录名“DongCun”只能用小写字母、数字和连字符（建议用拼音，如 dongcun） (name \"DongCun\" may contain only a-z, 0-9 and '-' (use pinyin, e.g. dongcun))",
        ],
    );
}

#[test]
fn region_kind_typo() {
    fails_with(
        "region_kind",
        &[
            "regions/ningguo/_index.yaml:2:7: error: 区域类型 kind“township”无效，可选 province（省）、city（市）、county（县/区）、town（乡/镇/街道）；是否是“town”？ (region kind \"township\" is invalid; use province, city, county or town)",
        ],
    );
}

#[test]
fn region_directory_without_index() {
    fails_with(
        "region_missing_index",
        &[
            "regions/ningguo/sub/_index.yaml:1:1: error: 区域目录缺少 _index.yaml（写明名称和类型） (region directory has no _index.yaml (name and kind))",
        ],
    );
}

#[test]
fn broken_site_settings() {
    fails_with(
        "site_bad",
        &[
            "site.yaml:2:11: error: 网址 base_url“example.gov.cn”无效，应以 https:// 开头，如 https://example.gov.cn/wuxing/ (base_url \"example.gov.cn\" must be an http(s) address like https://example.gov.cn/wuxing/)",
            "site.yaml:3:15: error: 年份“二〇二四”无效，应为四位数字，如 2024 (invalid year \"二〇二四\"; expected four digits like 2024)",
        ],
    );
}

#[test]
fn empty_record() {
    fails_with("empty_file", &["regions/ningguo/dongcun.yaml:1:1: error: 文件是空的，请按格式填写内容 (the file is empty)"]);
}

#[test]
fn unit_kind_typo() {
    fails_with(
        "kind_typo",
        &[
            "regions/ningguo/dongcun.yaml:2:7: error: 类型 kind“vilage”无效，村写 village，社区写 community（是否是“village”？） (kind \"vilage\" is invalid; use village or community (did you mean \"village\"?))",
        ],
    );
}

#[test]
fn every_error_of_a_run_is_reported_together() {
    fails_with(
        "many_errors",
        &[
            "regions/ningguo/dongcun.yaml:8:9: error: 集体经济收入最多两位小数（精确到分）：236500.505 (income has more than 2 decimals: 236500.505)",
            "regions/ningguo/xicun.yaml:3:10: error: 未知的星“文明星”，是否是“文明幸福星”？ (unknown star \"文明星\"; did you mean \"文明幸福星\"?)",
            "regions/ningguo/xicun.yaml:4:3: error: 年份 2030 晚于当前年度 2024（site.yaml 的 current_year） (year 2030 is after current_year 2024)",
            "regions/wenchang/jinxiu.yaml:4:10: error: “产业兴旺星”不属于社区的五星，社区的五星是：支部过硬星、共建共享星、平安法治星、幸福和谐星、宜业兴业星 (\"产业兴旺星\" is not one of the stars for communities)",
        ],
    );
}

#[test]
fn check_reports_the_same_errors_as_build() {
    let b = build("bad/many_errors");
    let c = check("bad/many_errors");
    assert_eq!(c.code, 1);
    assert_eq!(b.diagnostics(), c.diagnostics());
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_dir(&fixture("ok/basic"), &content);
    let out = tmp.path().join("output");
    let args = |c: &std::path::Path| {
        vec![
            "build".to_string(),
            "--content".into(),
            c.display().to_string(),
            "--output".into(),
            out.display().to_string(),
            "--today".into(),
            TODAY.into(),
        ]
    };
    let ok = starboard(&args(&content).iter().map(String::as_str).collect::<Vec<_>>());
    assert!(ok.status.success());
    let before = std::fs::read(out.join("ningguo/dongcun/index.html")).unwrap();
    std::fs::write(content.join("regions/ningguo/dongcun.yaml"), "name: 东村\nstars:\n  2024: [文明星]\n").unwrap();
    let bad = starboard(&args(&content).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(std::fs::read(out.join("ningguo/dongcun/index.html")).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no staging directory left behind: {leftovers:?}");
}

#[test]
fn usage_error_exits_2() {
    let o = starboard(&["build", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    let o = starboard(&["build", "--today", "2024-02-30"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn personal_data_anywhere_fails_the_build_with_the_number_masked() {
    let hotline = "（公开的电话只能是 site.yaml 的监督电话 hotline）";
    let mobile = |at: &str, masked: &str| {
        format!(
            "{at}: error: 文字中有疑似手机号码“{masked}”：公开栏不得公布个人信息，请删除{hotline} (text contains what looks like a mobile phone number ({masked}); personal data must not be published)"
        )
    };
    let expected = [
        mobile("pages/gonggao.md:7:9", "1591****678"),
        mobile("regions/ningguo/_index.yaml:4:3", "1391****678"),
        mobile("regions/ningguo/dongcun.yaml:7:3", "1380****000"),
        "regions/ningguo/dongcun.yaml:10:49: error: 文字中有疑似身份证号“1101***********02X”：公开栏不得公布个人信息，请删除 (text contains what looks like a national ID number (1101***********02X); personal data must not be published)".to_string(),
        "regions/ningguo/dongcun.yaml:18:34: error: 文字中有疑似银行卡号“6222************128”：公开栏不得公布个人信息，请删除 (text contains what looks like a bank card number (6222************128); personal data must not be published)".to_string(),
        mobile("regions/ningguo/dongcun.yaml:22:11", "1380****000"),
    ];
    fails_with("pii", &expected.iter().map(String::as_str).collect::<Vec<_>>());
    let run = build("bad/pii");
    // Neither the messages nor the source snippets under them echo a full number.
    for full in ["13800138000", "11010519491231002X", "6222 0212 3456 7890 128", "15912345678", "139-1234-5678", "138 0013 8000"] {
        assert!(!run.stderr.contains(full), "stderr echoes {full}:\n{}", run.stderr);
    }
    assert!(run.stderr.contains("  代办员李四 1591****678 负责办理。"), "{}", run.stderr);
}
