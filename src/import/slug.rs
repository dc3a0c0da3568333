//! Slugs for towns and units the import creates: lower-case ASCII pinyin of the name
//! (东王村 → `dongwangcun`), with `-2`, `-3` … when the name is taken in that directory.

use std::collections::BTreeSet;

use pinyin::ToPinyin;

use crate::validate::RESERVED_SLUGS;

/// `东王村` → `dongwangcun`; ASCII letters and digits are kept (lower-cased), other characters dropped.
pub fn pinyin_slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if let Some(p) = c.to_pinyin() {
            out.push_str(p.plain());
        } else if (c == '-' || c == ' ') && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() { "unit".into() } else { out }
}

/// `base`, or `base-2`, `base-3` … — the first not in `used` nor reserved; records it as used.
pub fn unique(base: &str, used: &mut BTreeSet<String>) -> String {
    let mut n = 1;
    loop {
        let candidate = if n == 1 { base.to_string() } else { format!("{base}-{n}") };
        if !used.contains(&candidate) && !RESERVED_SLUGS.contains(&candidate.as_str()) {
            used.insert(candidate.clone());
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_slugs() {
        assert_eq!(pinyin_slug("东王村"), "dongwangcun");
        assert_eq!(pinyin_slug("建设路社区"), "jianshelushequ");
        assert_eq!(pinyin_slug("第3村"), "di3cun");
        let mut used = BTreeSet::from(["dongwangcun".to_string()]);
        assert_eq!(unique("dongwangcun", &mut used), "dongwangcun-2");
        assert_eq!(unique("dongwangcun", &mut used), "dongwangcun-3");
        assert_eq!(unique("data", &mut used), "data-2");
    }
}
