//! The stars of 五星支部创建 and the two star sets (villages, urban communities).

use std::fmt;

/// One star (星) of the 五星支部 rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Star {
    /// 支部过硬星 — strong Party branch (both sets).
    Branch,
    /// 产业兴旺星 — thriving industry (villages).
    Industry,
    /// 生态宜居星 — ecological liveability (villages).
    Ecology,
    /// 平安法治星 — safety and rule of law (both sets).
    SafetyLaw,
    /// 文明幸福星 — civility and happiness (villages).
    Civility,
    /// 共建共享星 — joint building and sharing (communities).
    CoBuilding,
    /// 幸福和谐星 — happiness and harmony (communities).
    Harmony,
    /// 宜业兴业星 — good for work and business (communities).
    Enterprise,
}

/// Every star, in a fixed order (used for bit positions).
pub const ALL_STARS: [Star; 8] =
    [Star::Branch, Star::Industry, Star::Ecology, Star::SafetyLaw, Star::Civility, Star::CoBuilding, Star::Harmony, Star::Enterprise];

/// 村 star set, in display order.
pub const VILLAGE_STARS: [Star; 5] = [Star::Branch, Star::Industry, Star::Ecology, Star::SafetyLaw, Star::Civility];
/// 社区 star set, in display order.
pub const COMMUNITY_STARS: [Star; 5] = [Star::Branch, Star::CoBuilding, Star::SafetyLaw, Star::Harmony, Star::Enterprise];

impl Star {
    /// Full Chinese name, with 星.
    pub fn name(self) -> &'static str {
        match self {
            Star::Branch => "支部过硬星",
            Star::Industry => "产业兴旺星",
            Star::Ecology => "生态宜居星",
            Star::SafetyLaw => "平安法治星",
            Star::Civility => "文明幸福星",
            Star::CoBuilding => "共建共享星",
            Star::Harmony => "幸福和谐星",
            Star::Enterprise => "宜业兴业星",
        }
    }

    /// Parses a star name, with or without the trailing 星 and surrounding spaces.
    pub fn parse(text: &str) -> Option<Star> {
        let t = text.trim();
        let t = t.strip_suffix('星').unwrap_or(t);
        ALL_STARS.into_iter().find(|s| s.name().strip_suffix('星') == Some(t))
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Star {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The stars a unit holds in one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct StarSet(u8);

impl StarSet {
    /// Adds a star; false if it was already there.
    pub fn insert(&mut self, s: Star) -> bool {
        let had = self.contains(s);
        self.0 |= s.bit();
        !had
    }

    /// Whether the star is held.
    pub fn contains(self, s: Star) -> bool {
        self.0 & s.bit() != 0
    }

    /// 几星: how many stars are held.
    pub fn level(self) -> u8 {
        self.0.count_ones() as u8
    }

    /// Held stars in the given display order.
    pub fn in_order(self, order: &[Star]) -> Vec<Star> {
        order.iter().copied().filter(|s| self.contains(*s)).collect()
    }
}

/// 星级名称 for a level: 0 → 无星, 4 → 四星.
pub fn level_name(level: u8) -> &'static str {
    ["无星", "一星", "二星", "三星", "四星", "五星"].get(level as usize).copied().unwrap_or("五星")
}

/// Star symbols for a level out of five: 4 → ★★★★☆.
pub fn level_symbols(level: u8) -> String {
    let l = level.min(5) as usize;
    format!("{}{}", "★".repeat(l), "☆".repeat(5 - l))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_with_or_without_xing() {
        assert_eq!(Star::parse("产业兴旺"), Some(Star::Industry));
        assert_eq!(Star::parse(" 产业兴旺星 "), Some(Star::Industry));
        assert_eq!(Star::parse("文明星"), None);
    }

    #[test]
    fn set_counts_and_orders() {
        let mut s = StarSet::default();
        assert!(s.insert(Star::Civility));
        assert!(s.insert(Star::Industry));
        assert!(!s.insert(Star::Industry));
        assert_eq!(s.level(), 2);
        assert_eq!(s.in_order(&VILLAGE_STARS), vec![Star::Industry, Star::Civility]);
        assert_eq!(level_symbols(4), "★★★★☆");
        assert_eq!(level_name(0), "无星");
    }
}
