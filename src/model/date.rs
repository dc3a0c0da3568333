//! Calendar dates (`2024-03-05`) without a time zone, and the build's "today".

use std::fmt;

/// A proleptic Gregorian date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
    /// Day 1–31.
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`, rejecting impossible dates such as `2024-02-30`.
    pub fn parse(text: &str) -> Option<Date> {
        let t = text.trim();
        let mut parts = t.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
            return None;
        }
        if !(y.bytes().chain(m.bytes()).chain(d.bytes()).all(|b| b.is_ascii_digit())) {
            return None;
        }
        let date = Date { year: y.parse().ok()?, month: m.parse().ok()?, day: d.parse().ok()? };
        (date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= days_in_month(date.year, date.month)).then_some(date)
    }

    /// Days since 1970-01-01.
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// This date plus `n` days.
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.to_days() + n)
    }

    /// Today in China (UTC+8), or `SOURCE_DATE_EPOCH` when set, for reproducible builds.
    pub fn today() -> Date {
        let secs = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .unwrap_or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0));
        Date::from_days((secs + 8 * 3600).div_euclid(86_400))
    }

    /// `2024年3月5日`, for prose and posters.
    pub fn zh(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }
}

/// Days in a month of a year.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    /// `2024-03-05`, for tables and data files.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_reject() {
        assert_eq!(Date::parse("2024-03-05"), Some(Date { year: 2024, month: 3, day: 5 }));
        assert_eq!(Date::parse("2024-02-29").map(|d| d.day), Some(29));
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2024-13-01"), None);
        assert_eq!(Date::parse("2024/03/05"), None);
        assert_eq!(Date::parse("24-03-05"), None);
    }

    #[test]
    fn day_arithmetic_round_trips() {
        let d = Date::parse("2024-12-28").unwrap();
        assert_eq!(d.add_days(6).to_string(), "2025-01-03");
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(d.to_days()), d);
        assert_eq!(d.zh(), "2024年12月28日");
    }
}
