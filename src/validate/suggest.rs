//! "Did you mean …?": the nearest known name to a misspelt one, by edit distance over characters.

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w: Vec<char> = word.chars().collect();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = distance(&w, &c.chars().collect::<Vec<_>>());
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let (d, c) = best?;
    // Allow roughly one edit in three characters, at least one.
    let limit = (w.len().max(c.chars().count()) / 3).max(1) + usize::from(w.iter().any(|ch| !ch.is_ascii()));
    (d <= limit && d < w.len().max(1) + 1).then_some(c)
}

/// Edit distance counting a swap of two neighbours as one edit (optimal string alignment).
fn distance(a: &[char], b: &[char]) -> usize {
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j - 1] + cost).min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let stars = ["产业兴旺星", "生态宜居星", "文明幸福星"];
        assert_eq!(nearest("文明星", stars), Some("文明幸福星"));
        assert_eq!(nearest("产业兴望星", stars), Some("产业兴旺星"));
        assert_eq!(nearest("stras", ["stars", "name", "income"]), Some("stars"));
        assert_eq!(nearest("abcdefgh", ["stars", "name"]), None);
    }
}
