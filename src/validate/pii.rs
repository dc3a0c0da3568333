//! 个人信息保护 — the PII guard: no 身份证号, bank card number or private mobile number may reach
//! the published site. Every text field of every record and page is scanned; a hit is an error
//! (the build fails) whose message masks the number, so the log does not leak it either.
//!
//! What counts (README "Personal data"):
//! - a **身份证号**: 17 digits + a digit or `X`, whose first two digits are a province code, whose
//!   digits 7–14 are a real date of birth (1900 …) and whose GB 11643 check character is right;
//! - a **银行卡号**: 16–19 digits passing the Luhn check;
//! - a **手机号码**: 11 digits `1[3-9]…`, also with the prefix `86`; the site's `hotline` is allowed.
//!
//! Numbers are matched as *whole* digit runs (a run inside a longer run is not a match), with
//! full-width digits read as digits. The usual ways of writing them with single spaces or hyphens
//! are recognised too: `138 0013 8000` / `138-0013-8000` (3-4-4), `410102 19900307 123X` (6-8-4),
//! and card numbers in groups of four (`6222 0212 3456 7890 128`). Grouped card numbers must start
//! with 3–6, 8 or 9 (the issuer ranges in use in China) so that lists of years like
//! `2021 2022 2023 2024` are never taken for a card. Amounts, dates, landlines like
//! `0374-1234567` and numbers whose checksum fails are not flagged.

use crate::diag::Location;

/// The kind of personal number found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PiiKind {
    /// 身份证号 — resident ID number (GB 11643).
    IdNumber,
    /// 银行卡号 — bank card number (Luhn).
    BankCard,
    /// 手机号码 — mobile phone number.
    Mobile,
}

impl PiiKind {
    /// 中文 name.
    pub fn zh(self) -> &'static str {
        match self {
            PiiKind::IdNumber => "身份证号",
            PiiKind::BankCard => "银行卡号",
            PiiKind::Mobile => "手机号码",
        }
    }

    /// English name.
    pub fn en(self) -> &'static str {
        match self {
            PiiKind::IdNumber => "a national ID number",
            PiiKind::BankCard => "a bank card number",
            PiiKind::Mobile => "a mobile phone number",
        }
    }
}

/// One personal number found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PiiHit {
    /// What it looks like.
    pub kind: PiiKind,
    /// The number, masked (`1380****000`).
    pub masked: String,
    /// 0-based line of its first character within the text.
    pub line: usize,
    /// 0-based column (in characters) of its first character within its line.
    pub col: usize,
}

impl PiiHit {
    /// The diagnostic message (中文, English) for this hit.
    pub fn message(&self) -> (String, String) {
        let (kind, masked) = (self.kind, &self.masked);
        let zh = match kind {
            PiiKind::Mobile => format!(
                "文字中有疑似{}“{masked}”：公开栏不得公布个人信息，请删除（公开的电话只能是 site.yaml 的监督电话 hotline）",
                kind.zh()
            ),
            _ => format!("文字中有疑似{}“{masked}”：公开栏不得公布个人信息，请删除", kind.zh()),
        };
        let en = format!("text contains what looks like {} ({masked}); personal data must not be published", kind.en());
        (zh, en)
    }
}

/// The scanner, knowing which number the site allows (its 监督电话).
#[derive(Debug, Clone, Default)]
pub struct PiiGuard {
    /// Digits of the hotline (empty when the site declares none).
    hotline: String,
}

/// One run of digits in a text.
#[derive(Debug, Clone)]
struct Run {
    /// Char index of the first digit.
    start: usize,
    /// Char index just past the last digit (or the `X`).
    end: usize,
    /// The digits, ASCII.
    digits: String,
    /// Followed directly by `X`/`x` (an ID check character), not itself followed by a letter or digit.
    x: bool,
}

impl PiiGuard {
    /// A guard that lets the site's `hotline` through.
    pub fn new(hotline: Option<&str>) -> PiiGuard {
        PiiGuard { hotline: hotline.map(|h| h.chars().filter_map(ascii_digit).collect()).unwrap_or_default() }
    }

    /// Every personal number in `text`, in order.
    pub fn scan(&self, text: &str) -> Vec<PiiHit> {
        let chars: Vec<char> = text.chars().collect();
        self.find(&chars)
            .into_iter()
            .map(|(start, _, kind, number)| {
                let before = &chars[..start];
                let line = before.iter().filter(|c| **c == '\n').count();
                let col = before.iter().rev().take_while(|c| **c != '\n').count();
                PiiHit { kind, masked: mask(&number), line, col }
            })
            .collect()
    }

    /// `text` with the digits of every personal number starred except the first four and last
    /// three, keeping its length (so a caret under it still lines up).
    pub fn redact(&self, text: &str) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        for (start, end, _, _) in self.find(&chars.clone()) {
            let digit_positions: Vec<usize> = (start..end).filter(|&i| ascii_digit(chars[i]).is_some()).collect();
            let n = digit_positions.len();
            for (k, &i) in digit_positions.iter().enumerate() {
                if k >= 4 && k + 3 < n.max(7) {
                    chars[i] = '*';
                }
            }
        }
        chars.into_iter().collect()
    }

    /// (start, end, kind, number) of every personal number in `chars`, in order.
    fn find(&self, chars: &[char]) -> Vec<(usize, usize, PiiKind, String)> {
        let runs = runs(chars);
        let mut found: Vec<(usize, usize, PiiKind, String)> = Vec::new();
        let mut covered = vec![false; runs.len()];
        // Grouped forms first (they span several runs), then single runs.
        let mut i = 0;
        while i < runs.len() {
            let mut j = i;
            while j + 1 < runs.len() && joined(chars, &runs[j], &runs[j + 1]) {
                j += 1;
            }
            if j > i {
                for a in i..=j {
                    for b in (a + 1..=j).rev() {
                        if covered[a..=b].iter().any(|c| *c) {
                            continue;
                        }
                        if let Some((kind, number)) = self.grouped(&runs[a..=b]) {
                            found.push((runs[a].start, runs[b].end, kind, number));
                            covered[a..=b].iter_mut().for_each(|c| *c = true);
                        }
                    }
                }
            }
            i = j + 1;
        }
        for (k, run) in runs.iter().enumerate() {
            if covered[k] {
                continue;
            }
            if let Some((kind, number)) = self.single(run) {
                found.push((run.start, run.end, kind, number));
            }
        }
        found.sort_by_key(|f| f.0);
        found
    }

    fn allowed(&self, digits: &str) -> bool {
        !self.hotline.is_empty()
            && (self.hotline == digits
                || self.hotline.strip_prefix("86").is_some_and(|h| h == digits)
                || digits.strip_prefix("86") == Some(self.hotline.as_str()))
    }

    /// A single whole digit run.
    fn single(&self, run: &Run) -> Option<(PiiKind, String)> {
        let d = run.digits.as_str();
        if run.x {
            let id = format!("{d}X");
            return (d.len() == 17 && is_id_number(&id)).then_some((PiiKind::IdNumber, id));
        }
        if d.len() == 18 && is_id_number(d) {
            return Some((PiiKind::IdNumber, d.to_string()));
        }
        if (16..=19).contains(&d.len()) && luhn(d) {
            return Some((PiiKind::BankCard, d.to_string()));
        }
        let mobile = if d.len() == 13 { d.strip_prefix("86") } else { Some(d) };
        if let Some(m) = mobile
            && is_mobile(m)
            && !self.allowed(d)
        {
            return Some((PiiKind::Mobile, m.to_string()));
        }
        None
    }

    /// A number written in groups joined by single spaces or hyphens.
    fn grouped(&self, runs: &[Run]) -> Option<(PiiKind, String)> {
        let lens: Vec<usize> = runs.iter().map(|r| r.digits.len()).collect();
        let last = runs.last()?;
        if runs[..runs.len() - 1].iter().any(|r| r.x) {
            return None;
        }
        let digits: String = runs.iter().map(|r| r.digits.as_str()).collect();
        match lens.as_slice() {
            [3, 4, 4] if is_mobile(&digits) && !last.x && !self.allowed(&digits) => Some((PiiKind::Mobile, digits)),
            [6, 8, 4] if !last.x && is_id_number(&digits) => Some((PiiKind::IdNumber, digits)),
            [6, 8, 3] if last.x => {
                let id = format!("{digits}X");
                is_id_number(&id).then_some((PiiKind::IdNumber, id))
            }
            _ if !last.x
                && lens.len() >= 4
                && lens[..lens.len() - 1].iter().all(|l| *l == 4)
                && (1..=4).contains(lens.last()?)
                && (16..=19).contains(&digits.len())
                && matches!(digits.as_bytes()[0], b'3'..=b'6' | b'8' | b'9')
                && luhn(&digits) =>
            {
                Some((PiiKind::BankCard, digits))
            }
            _ => None,
        }
    }
}

/// ASCII value of a half- or full-width digit.
fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_digit(c as u32 - '０' as u32, 10),
        _ => None,
    }
}

/// Maximal digit runs of `chars`.
fn runs(chars: &[char]) -> Vec<Run> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if ascii_digit(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        while let Some(d) = chars.get(i).copied().and_then(ascii_digit) {
            digits.push(d);
            i += 1;
        }
        let x = matches!(chars.get(i), Some('X' | 'x' | 'Ｘ' | 'ｘ'))
            && !chars.get(i + 1).is_some_and(|c| c.is_ascii_alphanumeric() || ascii_digit(*c).is_some());
        if x {
            i += 1;
        }
        out.push(Run { start, end: i, digits, x });
    }
    out
}

/// Two runs separated by exactly one space or hyphen.
fn joined(chars: &[char], a: &Run, b: &Run) -> bool {
    b.start == a.end + 1 && matches!(chars[a.end], ' ' | '-') && !a.x
}

/// `1[3-9]` followed by nine digits.
fn is_mobile(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// Province-level codes (first two digits of a 身份证号).
const PROVINCES: [u8; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
    83,
];

/// A GB 11643 resident ID: province code, real birth date, right check character.
pub fn is_id_number(id: &str) -> bool {
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| id[r].parse::<u32>().unwrap_or(0);
    if !PROVINCES.contains(&(num(0..2) as u8)) {
        return false;
    }
    let (year, month, day) = (num(6..10), num(10..12), num(12..14));
    if !(1900..=2099).contains(&year) || !(1..=12).contains(&month) || day == 0 {
        return false;
    }
    if day > crate::model::date::days_in_month(year as i32, month) {
        return false;
    }
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = b[..17].iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize];
    b[17].to_ascii_uppercase() == check
}

/// The Luhn check used by bank card numbers.
pub fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, d) in digits.bytes().rev().enumerate() {
        let mut v = u32::from(d - b'0');
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    !digits.is_empty() && sum % 10 == 0
}

/// `13800138000` → `1380****000`: the first four and last three characters, the rest starred.
pub fn mask(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    let n = chars.len();
    if n <= 7 {
        return "*".repeat(n);
    }
    let mut out: String = chars[..4].iter().collect();
    out.push_str(&"*".repeat(n - 7));
    out.extend(&chars[n - 3..]);
    out
}

/// Scans one YAML text field and reports each hit at the value's position.
pub fn check_field(guard: &PiiGuard, text: &str, location: &Location, c: &mut super::fields::FileCheck<'_>) {
    for hit in guard.scan(text) {
        let (zh, en) = hit.message();
        c.error(location.clone(), zh, en);
    }
}

/// Scans a Markdown page body that starts on 1-based line `first_line` of its file; each hit is
/// reported at its own line and column.
pub fn check_body(guard: &PiiGuard, body: &str, first_line: usize, c: &mut super::fields::FileCheck<'_>) {
    for hit in guard.scan(body) {
        let (zh, en) = hit.message();
        c.error(Location::LineCol(first_line + hit.line, hit.col + 1), zh, en);
    }
}

/// Scans every text field of a unit record.
pub fn check_unit(guard: &PiiGuard, raw: &crate::load::raw::RawUnit, c: &mut super::fields::FileCheck<'_>) {
    use crate::diag::YamlPath;
    let root = YamlPath::root();
    let field = |text: &str, path: YamlPath, c: &mut super::fields::FileCheck<'_>| check_field(guard, text, &Location::Value(path), c);
    field(&raw.name, root.key("name"), c);
    if let Some(a) = &raw.about {
        field(a, root.key("about"), c);
    }
    for (i, h) in raw.honors.iter().enumerate() {
        let at = root.key("honors").index(i);
        field(&h.name, at.key("name"), c);
        if let Some(r) = &h.reason {
            field(r, at.key("reason"), c);
        }
    }
    for (i, p) in raw.projects.iter().enumerate() {
        let at = root.key("projects").index(i);
        field(&p.id, at.key("id"), c);
        field(&p.name, at.key("name"), c);
        if let Some(a) = &p.about {
            field(a, at.key("about"), c);
        }
        for (j, s) in p.spending.iter().enumerate() {
            field(&s.item, at.key("spending").index(j).key("item"), c);
        }
    }
    for (i, n) in raw.notices.iter().enumerate() {
        let at = root.key("notices").index(i);
        field(&n.title, at.key("title"), c);
        if let Some(b) = &n.body {
            field(b, at.key("body"), c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(PiiKind, String)> {
        PiiGuard::new(Some("0374-1234567")).scan(text).into_iter().map(|h| (h.kind, h.masked)).collect()
    }

    use PiiKind::*;

    #[test]
    fn id_numbers() {
        // GB 11643's own example, and one ending in X.
        assert!(is_id_number("11010519491231002X"));
        assert!(is_id_number("440524198001010013"));
        assert!(!is_id_number("440524188001010014"), "born before 1900");
        assert_eq!(kinds("户主身份证 11010519491231002X 已核实"), vec![(IdNumber, "1101***********02X".into())]);
        assert_eq!(kinds("身份证号：11010519491231002x。"), vec![(IdNumber, "1101***********02X".into())]);
        assert_eq!(kinds("身份证440524198001010013"), vec![(IdNumber, "4405***********013".into())]);
        assert_eq!(kinds("110105 19491231 002X"), vec![(IdNumber, "1101***********02X".into())]);
        // Full-width digits are digits.
        assert_eq!(kinds("１１０１０５１９４９１２３１００２Ｘ").len(), 1);
    }

    #[test]
    fn id_look_alikes_are_not_flagged() {
        // Wrong check character, impossible dates, unknown province, inside a longer run.
        for text in [
            "110105194912310021",
            "110105194913310028",
            "110105194902300025",
            "990105194912310020",
            "11010519491231002X5",
            "911010519491231002X",
            "11010519491231002XY",
        ] {
            assert!(kinds(text).iter().all(|k| k.0 != IdNumber), "{text}: {:?}", kinds(text));
        }
    }

    #[test]
    fn bank_cards() {
        let card = "6212264100011335373"; // Luhn-valid, 19 digits
        assert!(luhn(card));
        assert_eq!(kinds(&format!("补贴打入卡号{card}")), vec![(BankCard, "6212************373".into())]);
        assert_eq!(kinds("卡号 4111 1111 1111 1111"), vec![(BankCard, "4111*********111".into())]);
        assert_eq!(kinds("卡号 6212-2641-0001-1335-373"), vec![(BankCard, "6212************373".into())]);
        assert_eq!(kinds("4111111111111111"), vec![(BankCard, "4111*********111".into())]);
    }

    #[test]
    fn card_look_alikes_are_not_flagged() {
        // Luhn fails; too short; a list of years that happens to pass Luhn; a longer run.
        assert!(luhn("2015201620172018") && kinds("2015 2016 2017 2018").is_empty());
        for text in ["4111111111111112", "411111111111111", "41111111111111110000", "6212 2641 0001 1335 374"] {
            assert!(kinds(text).is_empty(), "{text}: {:?}", kinds(text));
        }
    }

    #[test]
    fn mobiles() {
        assert_eq!(kinds("联系人张三13800138000"), vec![(Mobile, "1380****000".into())]);
        assert_eq!(kinds("电话 138 0013 8000。"), vec![(Mobile, "1380****000".into())]);
        assert_eq!(kinds("电话 138-0013-8000"), vec![(Mobile, "1380****000".into())]);
        assert_eq!(kinds("+86 19912345678"), vec![(Mobile, "1991****678".into())]);
        assert_eq!(kinds("8613800138000"), vec![(Mobile, "1380****000".into())]);
        assert_eq!(kinds("电话：１３８００１３８０００"), vec![(Mobile, "1380****000".into())]);
        // Two numbers in one text, on different lines.
        let hits = PiiGuard::default().scan("第一行\n张三 13800138000，李四 15912345678");
        assert_eq!(hits.len(), 2);
        assert_eq!((hits[0].line, hits[0].col), (1, 3));
        assert_eq!((hits[1].line, hits[1].col), (1, 18));
    }

    #[test]
    fn mobile_look_alikes_are_not_flagged() {
        for text in [
            "0374-1234567",                        // landline
            "（0374）1234567",                     // landline
            "12800138000",                         // 12x is not a mobile prefix
            "138001380001",                        // a longer run
            "收入 13800138.00 元",                 // 8 digits before the point
            "2024-03-05 至 2024-03-11",            // dates
            "2024年收入236500.50元，预算350000元", // amounts
            "138 00138 000",                       // not 3-4-4
            "1380013800",                          // ten digits
        ] {
            assert!(kinds(text).is_empty(), "{text}: {:?}", kinds(text));
        }
    }

    #[test]
    fn the_hotline_is_allowed() {
        let g = PiiGuard::new(Some("138-0013-8000"));
        assert!(g.scan("监督电话 13800138000").is_empty());
        assert!(g.scan("监督电话 138 0013 8000").is_empty());
        assert!(g.scan("监督电话 +8613800138000").is_empty());
        assert_eq!(g.scan("村医 13900139000").len(), 1);
    }

    #[test]
    fn redacts_keeping_the_length() {
        let g = PiiGuard::default();
        assert_eq!(g.redact("电话 138 0013 8000，卡 4111111111111111。"), "电话 138 0*** *000，卡 4111*********111。");
        assert_eq!(g.redact("2024-03-05 收入 236500.50"), "2024-03-05 收入 236500.50");
    }

    #[test]
    fn masks() {
        assert_eq!(mask("13800138000"), "1380****000");
        assert_eq!(mask("123"), "***");
    }
}
