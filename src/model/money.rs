//! Exact money: an amount of 元 held as integer 分 (cents). Never a float.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

/// An amount of money in 分 (1 元 = 100 分).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(pub i64);

/// Largest amount accepted from content: 1 万亿元, far above any village figure, far below overflow.
pub const MAX_YUAN: i64 = 1_000_000_000_000;

/// Why a money text was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyError {
    /// Not a plain decimal number (letters, exponent, thousands separators …).
    NotANumber,
    /// Below zero.
    Negative,
    /// More than 2 decimals.
    TooPrecise,
    /// Above [`MAX_YUAN`].
    TooLarge,
}

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(0);

    /// A whole number of 元.
    pub const fn yuan(y: i64) -> Money {
        Money(y * 100)
    }

    /// Parses `236500.50`-style text (元, at most 2 decimals, not negative).
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let t = text.trim();
        let (neg, t) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || (t.contains('.') && frac.is_empty())
        {
            return Err(MoneyError::NotANumber);
        }
        // A negative amount is negative however large or precise it is.
        if neg && (int.bytes().chain(frac.bytes())).any(|b| b != b'0') {
            return Err(MoneyError::Negative);
        }
        let frac_trimmed = frac.trim_end_matches('0');
        if frac_trimmed.len() > 2 {
            return Err(MoneyError::TooPrecise);
        }
        let int = int.trim_start_matches('0');
        if int.len() > 13 {
            return Err(MoneyError::TooLarge);
        }
        let yuan: i64 = if int.is_empty() { 0 } else { int.parse().map_err(|_| MoneyError::TooLarge)? };
        if yuan > MAX_YUAN {
            return Err(MoneyError::TooLarge);
        }
        let mut fen_text = frac_trimmed.to_string();
        while fen_text.len() < 2 {
            fen_text.push('0');
        }
        let fen: i64 = fen_text.parse().unwrap_or(0);
        let value = yuan * 100 + fen;
        if value > MAX_YUAN * 100 {
            return Err(MoneyError::TooLarge);
        }
        Ok(Money(value))
    }

    /// Plain form with 2 decimals: `236500.50` (data files).
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }

    /// Grouped form with 2 decimals: `236,500.50` (tables).
    pub fn grouped(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", group_digits(a / 100), a % 100)
    }

    /// Whole 元 without decimals when exact, else 2 decimals (`100000`, `0`, `99.50`).
    pub fn compact(self) -> String {
        if self.0 % 100 == 0 { (self.0 / 100).to_string() } else { self.plain() }
    }

    /// 万元 with 2 decimals, rounded half up from the exact figure: `1234.57`.
    pub fn wan(self) -> String {
        // 1 万元 = 1,000,000 分; two decimals of 万元 = units of 10,000 分.
        let a = self.0.unsigned_abs();
        let hundredths = (a + 5_000) / 10_000;
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{}.{:02}", group_digits(hundredths / 100), hundredths % 100)
    }

    /// `self × n`, saturating (content limits keep real figures far from the bound).
    pub fn times(self, n: u64) -> Money {
        Money(self.0.saturating_mul(n as i64))
    }
}

/// `1234567` → `1,234,567`.
pub fn group_digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.plain())
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0.saturating_add(o.0))
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0.saturating_sub(o.0))
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        *self = *self + o;
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the hostile-input corpus (`numbers/income_over_limit`): one 分 over the limit
    /// was accepted.
    #[test]
    fn regression_limit_includes_the_fen() {
        assert_eq!(Money::parse("1000000000000"), Ok(Money(MAX_YUAN * 100)));
        assert_eq!(Money::parse("1000000000000.01"), Err(MoneyError::TooLarge));
    }

    /// Found by the corpus (`numbers/income_i64_min`): a huge negative amount was called too
    /// large instead of negative.
    #[test]
    fn regression_huge_negative_is_negative() {
        assert_eq!(Money::parse("-9223372036854775808"), Err(MoneyError::Negative));
        assert_eq!(Money::parse("-0.001"), Err(MoneyError::Negative));
        assert_eq!(Money::parse("-0.00"), Ok(Money::ZERO));
    }

    #[test]
    fn parses_exactly() {
        assert_eq!(Money::parse("236500.50"), Ok(Money(23_650_050)));
        assert_eq!(Money::parse("185000"), Ok(Money(18_500_000)));
        assert_eq!(Money::parse("0.1"), Ok(Money(10)));
        assert_eq!(Money::parse("30.070"), Ok(Money(3007)));
        assert_eq!(Money::parse("-0"), Ok(Money(0)));
    }

    #[test]
    fn rejects_bad_amounts() {
        assert_eq!(Money::parse("1.234"), Err(MoneyError::TooPrecise));
        assert_eq!(Money::parse("0.10000000000000001"), Err(MoneyError::TooPrecise));
        assert_eq!(Money::parse("-5"), Err(MoneyError::Negative));
        assert_eq!(Money::parse("1e5"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("1,000"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("12."), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse(".5"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse("99999999999999999999"), Err(MoneyError::TooLarge));
        assert_eq!(Money::parse("abc"), Err(MoneyError::NotANumber));
    }

    #[test]
    fn formats() {
        assert_eq!(Money(23_650_050).plain(), "236500.50");
        assert_eq!(Money(23_650_050).grouped(), "236,500.50");
        assert_eq!(Money(12_345_678_901).grouped(), "123,456,789.01");
        assert_eq!(Money::yuan(100000).compact(), "100000");
        assert_eq!(Money(5).compact(), "0.05");
        assert_eq!(Money::yuan(12_345_678).wan(), "1,234.57");
        assert_eq!(Money(0).grouped(), "0.00");
    }
}
