//! Fuzzy matching for pickers, the command palette and list search (nucleo, the matcher of helix).

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

pub struct Fuzzy {
    matcher: Matcher,
    buf: Vec<char>,
}

impl Default for Fuzzy {
    fn default() -> Self {
        Fuzzy {
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
        }
    }
}

impl Fuzzy {
    /// Indexes of the haystacks that match `query`, best first (ties keep their order); all of them,
    /// in order, for an empty query.
    pub fn rank<'a>(
        &mut self,
        query: &str,
        haystacks: impl IntoIterator<Item = &'a str>,
    ) -> Vec<usize> {
        let query = query.trim();
        if query.is_empty() {
            return haystacks.into_iter().enumerate().map(|(i, _)| i).collect();
        }
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let mut scored: Vec<(u32, usize)> = haystacks
            .into_iter()
            .enumerate()
            .filter_map(|(i, h)| {
                pattern
                    .score(Utf32Str::new(h, &mut self.buf), &mut self.matcher)
                    .map(|s| (s, i))
            })
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, i)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_fuzzy_matches_best_first() {
        let mut f = Fuzzy::default();
        let items = [
            "Dinas Kesehatan",
            "Dinas Kependudukan dan Pencatatan Sipil",
            "RSUD Sukamaju",
        ];
        assert_eq!(f.rank("", items), vec![0, 1, 2]);
        let r = f.rank("dukcapil", items);
        assert_eq!(r.first(), Some(&1));
        assert!(f.rank("zzz", items).is_empty());
        assert_eq!(f.rank("rsud", items), vec![2]);
    }
}
