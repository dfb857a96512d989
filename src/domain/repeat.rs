//! Repeat findings (temuan berulang): whether a finding repeats one of an earlier audit of the same agency — the same kode temuan on a checklist item both rest on, or a title close to the earlier one's.

use super::model::FindingContent;

/// How close two titles are, from 0 to 1: the Sørensen–Dice coefficient of their letter pairs,
/// with case, punctuation and spacing set aside.
pub fn title_similarity(a: &str, b: &str) -> f64 {
    strsim::sorensen_dice(&normal(a), &normal(b))
}

fn normal(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `later` repeats `earlier`: the same kode temuan on a checklist item they share, or a
/// title at least `min_similarity` close (on a shared item when both name items). A kode temuan
/// alone is too broad (every administrative lapse shares one), so it needs the shared item.
pub fn is_repeat(later: &FindingContent, earlier: &FindingContent, min_similarity: f64) -> bool {
    let shared = later
        .items
        .iter()
        .any(|i| earlier.items.iter().any(|j| i.eq_ignore_ascii_case(j)));
    let same_code = !later.code.is_empty() && later.code == earlier.code;
    let unplaced = later.items.is_empty() || earlier.items.is_empty();
    // the titles are compared only when they can decide (the comparison is the costly part)
    (same_code && shared)
        || ((shared || unplaced)
            && title_similarity(&later.title, &earlier.title) >= min_similarity)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::followup::Severity;

    fn finding(title: &str, code: &str, items: &[&str]) -> FindingContent {
        FindingContent {
            items: items.iter().map(|s| s.to_string()).collect(),
            title: title.into(),
            code: code.into(),
            kondisi: String::new(),
            kriteria: String::new(),
            sebab: String::new(),
            cause_code: String::new(),
            akibat: String::new(),
            recommendations: Vec::new(),
            tanggapan: String::new(),
            severity: Severity::Medium,
            nips: Vec::new(),
        }
    }

    #[test]
    fn a_close_title_or_the_same_code_on_a_shared_item_repeats() {
        let last_year = finding(
            "Maklumat pelayanan belum ditetapkan oleh pimpinan",
            "1.04",
            &["SP-05"],
        );
        // the same words, written a little differently
        let close = finding(
            "Maklumat Pelayanan belum ditetapkan oleh Pimpinan yang baru",
            "",
            &["SP-05"],
        );
        assert!(title_similarity(&close.title, &last_year.title) > 0.8);
        assert!(is_repeat(&close, &last_year, 0.7));
        // another title, the same code on the same item
        let coded = finding("Papan maklumat tidak dipasang", "1.04", &["sp-05"]);
        assert!(is_repeat(&coded, &last_year, 0.7));
        // the same code on another item is another matter
        let elsewhere = finding("Papan maklumat tidak dipasang", "1.04", &["SP-09"]);
        assert!(!is_repeat(&elsewhere, &last_year, 0.7));
        // a close title on another item is not the same finding either
        let other_item = finding(
            "Maklumat pelayanan belum ditetapkan oleh pimpinan",
            "",
            &["SKM-01"],
        );
        assert!(!is_repeat(&other_item, &last_year, 0.7));
        // a finding raised without items is judged by its title
        let unplaced = finding("Maklumat pelayanan belum ditetapkan oleh pimpinan", "", &[]);
        assert!(is_repeat(&unplaced, &last_year, 0.7));
        let different = finding("Kotak pengaduan terkunci", "", &["SP-05"]);
        assert!(!is_repeat(&different, &last_year, 0.7));
    }
}
