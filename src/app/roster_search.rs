//! The search engine over the ASN roster: an index built once over every employee and a ranking of
//! it on each keystroke (instant at 100,000).

use std::collections::HashMap;

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::domain::model::{Employee, EmploymentKind};

/// The fields a search looks in, in this order: name, NIP (plain digits: a grouped query like
/// `19710128 200202` is two words, each found in them), position, unit, agency code, agency name,
/// status.
const FIELDS: usize = 7;

/// The first fields are the row's own (a name or NIP is nearly always unique); the rest (position,
/// unit, agency, agency name, status) repeat across thousands of rows, so each distinct text is
/// scored once per keystroke and the rows look its score up.
const OWN: usize = 2;
const SHARED: usize = FIELDS - OWN;

/// Every employee in name order, with their search fields, built once. A keystroke reads only the
/// compact search data below, in name order, never the employees themselves: at 100,000 rows the
/// ranking is bound by how many bytes it reads per row, so each row's own fields (name and NIP)
/// live back to back in one string and the fields shared by many rows are numbers.
pub struct RosterIndex {
    rows: Vec<Employee>,
    /// Each row's own fields, back to back, each followed by a space.
    own: String,
    /// Own field `j` of row `i` starts at `own_starts[i * OWN + j]` and ends one byte (the space)
    /// before the next start; the last entry closes the last field.
    own_starts: Vec<u32>,
    /// Which letters and digits each own field holds (see [`char_mask`]), so most fields are
    /// ruled out with one AND before the matcher sees them; `u64::MAX` marks a field that is not
    /// ASCII.
    own_masks: Vec<u64>,
    /// The masks of all of a row's fields together: most rows are ruled out with one AND.
    row_masks: Vec<u64>,
    /// Shared field `OWN + j` of row `i` is the distinct text `values[i * SHARED + j]`.
    values: Vec<u32>,
    /// The distinct shared texts, back to back.
    shared: String,
    /// Where each distinct shared text is in `shared`, and its mask.
    distinct: Vec<(u32, u32, u64)>,
}

/// An offset into the index's text. The texts are built from the roster in memory, far below
/// 4 GiB; an offset past that would only make its field read as empty (see [`RosterIndex::own`]).
fn offset(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl RosterIndex {
    /// Index `employees`; `agency_names` maps agency codes to names so a search for "kesehatan"
    /// finds the staff of DINKES.
    pub fn new(
        mut employees: Vec<Employee>,
        agency_names: &HashMap<String, String>,
    ) -> RosterIndex {
        employees.sort_by_cached_key(|e| (e.name.to_lowercase(), e.nip.as_str().to_string()));
        let n = employees.len();
        let mut own = String::with_capacity(n * 48);
        let mut own_starts = Vec::with_capacity(n * OWN + 1);
        let mut own_masks = Vec::with_capacity(n * OWN);
        let mut row_masks = Vec::with_capacity(n);
        let mut values = Vec::with_capacity(n * SHARED);
        let mut shared = String::new();
        let mut distinct: Vec<(u32, u32, u64)> = Vec::new();
        let mut seen: HashMap<String, u32> = HashMap::new();
        for e in &employees {
            let agency_name = agency_names.get(&e.agency).map_or("", String::as_str);
            let mut row_mask = 0;
            for field in [e.name.as_str(), e.nip.as_str()] {
                own_starts.push(offset(own.len()));
                own.push_str(field);
                own.push(' ');
                let mask = field_mask(field);
                own_masks.push(mask);
                row_mask |= mask;
            }
            for field in [
                e.position.as_str(),
                &e.unit,
                &e.agency,
                agency_name,
                kind_label(e.kind),
            ] {
                let v = match seen.get(field) {
                    Some(&v) => v,
                    None => {
                        let start = offset(shared.len());
                        shared.push_str(field);
                        distinct.push((start, offset(shared.len()), field_mask(field)));
                        let v = offset(distinct.len() - 1);
                        seen.insert(field.to_string(), v);
                        v
                    }
                };
                row_mask |= distinct.get(v as usize).map_or(u64::MAX, |d| d.2);
                values.push(v);
            }
            row_masks.push(row_mask);
        }
        own_starts.push(offset(own.len()));
        RosterIndex {
            rows: employees,
            own,
            own_starts,
            own_masks,
            row_masks,
            values,
            shared,
            distinct,
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The employee at position `i` in name order.
    pub fn row(&self, i: usize) -> Option<&Employee> {
        self.rows.get(i)
    }

    /// Own field `j` (name or NIP) of row `i` (empty past the end).
    fn own(&self, i: usize, j: usize) -> &str {
        let k = i * OWN + j;
        match (self.own_starts.get(k), self.own_starts.get(k + 1)) {
            (Some(&a), Some(&b)) => self
                .own
                .get(a as usize..(b as usize).saturating_sub(1))
                .unwrap_or(""),
            _ => "",
        }
    }

    /// The distinct shared text `v` and its mask.
    fn distinct_text(&self, v: usize) -> (&str, u64) {
        self.distinct.get(v).map_or(("", 0), |&(a, b, mask)| {
            (self.shared.get(a as usize..b as usize).unwrap_or(""), mask)
        })
    }

    /// Field `j` of row `i`, in the order of [`FIELDS`] (the tests' reference ranking reads them).
    #[cfg(test)]
    fn field(&self, i: usize, j: usize) -> &str {
        if j < OWN {
            self.own(i, j)
        } else {
            let v = self.values.get(i * SHARED + j - OWN).copied();
            v.map_or("", |v| self.distinct_text(v as usize).0)
        }
    }

    /// The search text of row `i`: its fields, space-separated (what the tests check hits in).
    #[cfg(test)]
    fn haystack(&self, i: usize) -> String {
        (0..FIELDS)
            .map(|j| self.field(i, j))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The position of the employee with this NIP (plain digits).
    pub fn position_of(&self, nip: &str) -> Option<usize> {
        self.rows.iter().position(|e| e.nip.as_str() == nip)
    }
}

/// One bit per ASCII letter (case folded) and digit that occurs in `chars`; other characters are
/// ignored.
fn char_mask(chars: impl Iterator<Item = char>) -> u64 {
    chars.fold(0, |m, c| match c.to_ascii_lowercase() {
        c @ 'a'..='z' => m | 1 << (c as u32 - 'a' as u32),
        c @ '0'..='9' => m | 1 << (26 + c as u32 - '0' as u32),
        _ => m,
    })
}

/// The mask of a field; a field with non-ASCII text may match a needle letter through Unicode
/// normalisation (`é` for `e`), so it claims every letter and is always left to the matcher.
fn field_mask(field: &str) -> u64 {
    if field.is_ascii() {
        char_mask(field.chars())
    } else {
        u64::MAX
    }
}

/// `PNS` or `PPPK`: the same words in both languages.
pub fn kind_label(k: EmploymentKind) -> &'static str {
    match k {
        EmploymentKind::Pns => "PNS",
        EmploymentKind::Pppk => "PPPK",
    }
}

/// A search over a [`RosterIndex`]: ranks on each keystroke without building anything per employee;
/// when the query only grew it re-ranks just the previous hits, when it shrank back to a query it
/// grew through it shows that query's hits again, and a big re-rank is split among the cores.
///
/// Each word of the query must match inside one field (words may match different fields), so
/// "yanti ang" does not match letters scattered from a name into a unit; a match in the name
/// counts double, since people are searched for by name first.
pub struct RosterSearch {
    /// One matcher per thread; a full re-rank of a big roster is split among them.
    workers: Vec<Worker>,
    /// Every row, in name order: the hits of the empty query.
    all: Vec<u32>,
    /// The queries the current one grew through, each ranked within the one before it (the first
    /// within every row); the last is the current query. Backspace pops back to an earlier step.
    steps: Vec<Step>,
    /// Row lists of popped steps, kept for their capacity.
    spare: Vec<Vec<u32>>,
    scored: Vec<u64>,
    /// Scratch of [`sort_by_score`].
    counts: Vec<u32>,
    /// From this many rows to rank on, the work is split among threads and fuzzy words match
    /// greedily ([`BIG`]; tests change it).
    big: usize,
}

/// One query of the chain and its hits.
struct Step {
    /// The pattern (after [`pattern_text`]).
    pattern: String,
    /// Best first.
    hits: Vec<u32>,
    /// The same rows in name order: a longer query ranks them in this order, reading the index
    /// front to back instead of jumping about it (a third of the time at 100,000 rows).
    rows: Vec<u32>,
    /// The words of the pattern, whether fuzzy words matched greedily, and for each of `rows` the
    /// score of every word but the last (`heads`) and of all (`totals`): a longer query whose
    /// words before its last are the same scores only its last word.
    atoms: Vec<Atom>,
    greedy: bool,
    heads: Vec<u32>,
    totals: Vec<u32>,
}

/// The most steps kept (each holds at most four numbers per row: 26 MB at 100,000 rows if every
/// step kept them all): typing further drops the oldest, and backspacing past what is kept ranks
/// over every row again.
const MAX_STEPS: usize = 16;

/// Whether `pattern` matches only rows that `base` matched, so it can be ranked within them: it
/// grew from it, without a negation, escape or end anchor (a longer `!word` excludes less).
fn narrows(base: &str, pattern: &str) -> bool {
    pattern.starts_with(base) && !pattern.contains(['!', '\\', '$'])
}

/// The scratch one thread ranks with.
struct Worker {
    matcher: Matcher,
    buf: Vec<char>,
    scored: Vec<u64>,
    /// For each of `scored`, the score of every word but the last.
    heads: Vec<u32>,
    /// The score of each word in each distinct shared text (`words × distinct`), as it is
    /// first needed: [`UNSCORED`], [`NO_MATCH`] or the score.
    memo: Vec<u32>,
    /// The score of each digit word (a NIP fragment) in a field of digits only, by whether the
    /// field starts with it (`words × 2`): among digits, where a run is found does not change its
    /// score except at the very start, so one nucleo call per word and case serves every NIP.
    digit_memo: Vec<u32>,
}

const UNSCORED: u32 = u32::MAX;
const NO_MATCH: u32 = u32::MAX - 1;

/// The score in `memo[slot]`, computed by `score` the first time it is asked for.
fn memoised(memo: &mut [u32], slot: usize, score: impl FnOnce() -> Option<u16>) -> Option<u16> {
    let known = memo.get(slot).copied().unwrap_or(UNSCORED);
    let value = if known == UNSCORED {
        let value = score().map_or(NO_MATCH, u32::from);
        if let Some(m) = memo.get_mut(slot) {
            *m = value;
        }
        value
    } else {
        known
    };
    (value != NO_MATCH).then_some(value as u16)
}

impl Worker {
    fn new() -> Worker {
        Worker {
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
            scored: Vec::new(),
            heads: Vec::new(),
            memo: Vec::new(),
            digit_memo: Vec::new(),
        }
    }

    /// Score `rows` by `words[first..]`, keeping the matches as sort keys: best score first, then
    /// name order, in one integer (so the sort needs no comparator calls). `known` holds, for
    /// each row, the score of the words before `first` (none when `first` is 0).
    fn rank(
        &mut self,
        words: &[Word],
        first: usize,
        index: &RosterIndex,
        rows: &[u32],
        known: Option<&[u32]>,
        greedy: bool,
    ) {
        self.scored.clear();
        self.heads.clear();
        self.memo.clear();
        self.memo
            .resize(words.len() * index.distinct.len(), UNSCORED);
        self.digit_memo.clear();
        self.digit_memo.resize(words.len() * 2, UNSCORED);
        let last = words.len().saturating_sub(1);
        for (k, &i) in rows.iter().enumerate() {
            let before = known.and_then(|h| h.get(k)).copied().unwrap_or(0);
            let Some(head) = self.score_row(words, first..last, index, i as usize, greedy) else {
                continue;
            };
            let Some(tail) = self.score_row(
                words,
                last.max(first)..words.len(),
                index,
                i as usize,
                greedy,
            ) else {
                continue;
            };
            let head = before + head;
            self.heads.push(head);
            self.scored
                .push((u64::from(u32::MAX - (head + tail)) << 32) | u64::from(i));
        }
    }

    /// The score of row `i` by the words `which`: each word's best field, summed; `None` when a word matches no field
    /// or a negated word (`!word`) matches any. A word found in the name counts double and ends
    /// the look for that word (people are searched for by name first, and it halves the work per
    /// keystroke).
    fn score_row(
        &mut self,
        words: &[Word],
        which: std::ops::Range<usize>,
        index: &RosterIndex,
        i: usize,
        greedy: bool,
    ) -> Option<u32> {
        let row_mask = index.row_masks.get(i).copied().unwrap_or(0);
        let mut total = 0u32;
        for (w, word) in words.iter().enumerate().take(which.end).skip(which.start) {
            // every needle character must occur in one field for any kind of match
            if row_mask & word.need != word.need {
                return None;
            }
            let mut best: Option<u32> = None;
            for j in 0..FIELDS {
                let score = if j < OWN {
                    let mask = index.own_masks.get(i * OWN + j).copied().unwrap_or(0);
                    if mask & word.need != word.need {
                        continue;
                    }
                    let field = index.own(i, j);
                    let (matcher, buf) = (&mut self.matcher, &mut self.buf);
                    match word.digits.as_deref() {
                        // among digits only the start of the NIP changes a fragment's score
                        Some(d) if field.bytes().all(|b| b.is_ascii_digit()) => {
                            if field.contains(d) {
                                let slot = w * 2 + usize::from(field.starts_with(d));
                                memoised(&mut self.digit_memo, slot, || {
                                    word.score(field, mask, greedy, matcher, buf)
                                })
                            } else {
                                None
                            }
                        }
                        _ => word.score(field, mask, greedy, matcher, buf),
                    }
                } else {
                    let Some(&v) = index.values.get(i * SHARED + j - OWN) else {
                        continue;
                    };
                    let (matcher, buf) = (&mut self.matcher, &mut self.buf);
                    let slot = w * index.distinct.len() + v as usize;
                    memoised(&mut self.memo, slot, || {
                        let (field, mask) = index.distinct_text(v as usize);
                        if mask & word.need != word.need {
                            None
                        } else {
                            word.score(field, mask, greedy, matcher, buf)
                        }
                    })
                };
                if word.atom.negative {
                    // a negated word scores Some(0) where it is absent and None where it is present
                    score?;
                } else if let Some(s) = score {
                    if j == 0 {
                        best = Some(u32::from(s) * 2);
                        break;
                    }
                    best = best.max(Some(u32::from(s)));
                }
            }
            total += if word.atom.negative { 0 } else { best? };
        }
        Some(total)
    }
}

/// From this many rows to rank on, the work is split among threads and fuzzy words match greedily.
const BIG: usize = 16_384;

impl RosterSearch {
    /// Every row, in name order.
    pub fn new(index: &RosterIndex) -> RosterSearch {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 8));
        RosterSearch {
            workers: (0..threads).map(|_| Worker::new()).collect(),
            all: (0..index.len() as u32).collect(),
            steps: Vec::new(),
            spare: Vec::new(),
            scored: Vec::new(),
            counts: Vec::new(),
            big: BIG,
        }
    }

    /// Rows matching the query, best first (ties in name order).
    pub fn hits(&self) -> &[u32] {
        self.steps.last().map_or(&self.all, |s| &s.hits)
    }

    /// Rank the rows of `index` by `query`.
    pub fn set_query(&mut self, index: &RosterIndex, query: &str) {
        let pattern = pattern_text(query);
        // back to the last step the new pattern is, or narrows, if any
        while let Some(top) = self.steps.last() {
            if top.pattern == pattern {
                return;
            }
            if narrows(&top.pattern, &pattern) {
                break;
            }
            if let Some(step) = self.steps.pop() {
                self.spare
                    .extend([step.hits, step.rows, step.heads, step.totals]);
            }
        }
        if pattern.is_empty() {
            return;
        }
        let parsed = Pattern::parse(&pattern, CaseMatching::Ignore, Normalization::Smart);
        let atoms = parsed.atoms;
        let words: Vec<Word> = atoms.iter().cloned().map(Word::new).collect();
        let top = self.steps.last();
        let base = top.map_or(&self.all, |s| &s.rows);
        let big = base.len() >= self.big;
        // the words before the last that the base step scored the same way: only the rest are
        // scored again (typing on in the last word, or starting a new one)
        let last = atoms.len().saturating_sub(1);
        let known = top.filter(|s| s.greedy == big).and_then(|s| {
            if s.atoms.len() == last && s.atoms[..] == atoms[..last] {
                Some(&s.totals)
            } else if s.atoms.len() == atoms.len() && s.atoms[..last] == atoms[..last] {
                Some(&s.heads)
            } else {
                None
            }
        });
        let first = if known.is_some() { last } else { 0 };
        let threads = if big { self.workers.len() } else { 1 };
        let chunk = base.len().div_ceil(threads).max(1);
        let words = &words;
        // only the workers that were given rows (fewer than the threads for a tiny list)
        let used = if threads == 1 {
            1
        } else {
            base.chunks(chunk).len()
        };
        let known = |k: usize| known.map(|h| &h[k * chunk..((k + 1) * chunk).min(h.len())]);
        if threads == 1 {
            if let Some(w) = self.workers.first_mut() {
                w.rank(words, first, index, base, known(0), big);
            }
        } else {
            // the scope joins every thread before it returns
            std::thread::scope(|scope| {
                for (k, (rows, w)) in base.chunks(chunk).zip(self.workers.iter_mut()).enumerate() {
                    let known = known(k);
                    scope.spawn(move || w.rank(words, first, index, rows, known, big));
                }
            });
        }
        let mut rows = self.spare.pop().unwrap_or_default();
        let mut heads = self.spare.pop().unwrap_or_default();
        let mut totals = self.spare.pop().unwrap_or_default();
        let mut hits = self.spare.pop().unwrap_or_default();
        for v in [&mut rows, &mut heads, &mut totals, &mut hits] {
            v.clear();
        }
        self.scored.clear();
        // the workers took the rows in name order, so the matches are in name order here
        for w in &self.workers[..used.min(self.workers.len())] {
            self.scored.extend_from_slice(&w.scored);
            heads.extend_from_slice(&w.heads);
        }
        let row = |k: &u64| (k & u64::from(u32::MAX)) as u32;
        rows.extend(self.scored.iter().map(row));
        totals.extend(self.scored.iter().map(|k| u32::MAX - (k >> 32) as u32));
        sort_by_score(&mut self.scored, &mut self.counts, &mut hits);
        if self.steps.len() == MAX_STEPS {
            let oldest = self.steps.remove(0);
            self.spare
                .extend([oldest.hits, oldest.rows, oldest.heads, oldest.totals]);
        }
        self.steps.push(Step {
            pattern,
            atoms,
            greedy: big,
            hits,
            rows,
            heads,
            totals,
        });
    }
}

/// The rows of `scored` (sort keys in name order) into `hits`, best first and ties in name order:
/// a counting sort by score, since scores span a small range (two linear passes instead of a
/// general sort of up to 100,000 keys); a general sort when they do not.
fn sort_by_score(scored: &mut [u64], counts: &mut Vec<u32>, hits: &mut Vec<u32>) {
    let rank = |k: &u64| (k >> 32) as usize;
    let row = |k: &u64| (k & u64::from(u32::MAX)) as u32;
    let (Some(low), Some(high)) = (scored.iter().map(rank).min(), scored.iter().map(rank).max())
    else {
        return;
    };
    if high - low > 1 << 16 {
        scored.sort_unstable();
        hits.extend(scored.iter().map(row));
        return;
    }
    // where each score's rows start, then the rows put there in the order they come
    counts.clear();
    counts.resize(high - low + 2, 0);
    for k in scored.iter() {
        counts[rank(k) - low + 1] += 1;
    }
    for b in 1..counts.len() {
        counts[b] += counts[b - 1];
    }
    hits.resize(scored.len(), 0);
    for k in scored.iter() {
        let slot = &mut counts[rank(k) - low];
        hits[*slot as usize] = row(k);
        *slot += 1;
    }
}

/// One word of the query, with what rules fields out before the matcher runs.
struct Word {
    atom: Atom,
    /// The letters and digits every matching field must hold (none for a negated word: its
    /// absence is what counts, so it is looked for everywhere).
    need: u64,
    /// The digits of a NIP fragment, which must occur as they are.
    digits: Option<String>,
}

impl Word {
    fn new(atom: Atom) -> Word {
        let needle: String = atom.needle_text().chars().collect();
        let plain = !atom.negative;
        Word {
            need: if plain { char_mask(needle.chars()) } else { 0 },
            digits: (plain
                && atom.kind == AtomKind::Substring
                && needle.bytes().all(|b| b.is_ascii_digit()))
            .then_some(needle),
            atom,
        }
    }

    /// The score of this word in one field whose [`field_mask`] is `mask` (the caller has checked
    /// that it holds every needle character).
    ///
    /// With `greedy`, a fuzzy word takes the first match instead of the best one (linear instead
    /// of quadratic, as fzf does for long lists): used while many rows are left, and the few left
    /// after more typing are ranked exactly again.
    fn score(
        &self,
        field: &str,
        mask: u64,
        greedy: bool,
        matcher: &mut Matcher,
        buf: &mut Vec<char>,
    ) -> Option<u16> {
        // a NIP fragment is a plain substring: the standard library finds it far quicker
        if self.digits.as_deref().is_some_and(|d| !field.contains(d)) {
            return None;
        }
        let hay = if mask == u64::MAX {
            Utf32Str::new(field, buf)
        } else {
            Utf32Str::Ascii(field.as_bytes())
        };
        let atom = &self.atom;
        let needle = atom.needle_text();
        if greedy && !atom.negative && atom.kind == AtomKind::Fuzzy && needle.is_ascii() {
            // what `Atom::score` sets for a case-insensitive, normalising ASCII word
            matcher.config.ignore_case = true;
            matcher.config.normalize = true;
            matcher.fuzzy_match_greedy(hay, needle)
        } else {
            atom.score(hay, matcher)
        }
    }
}

/// The nucleo pattern for what the user typed: words of digits only (NIP fragments) must appear as
/// they are, since a digit scattered anywhere in 18 digits matches almost everyone.
pub fn pattern_text(query: &str) -> String {
    query
        .split_whitespace()
        .map(|w| {
            if w.bytes().all(|b| b.is_ascii_digit()) {
                format!("'{w}")
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::today;
    use crate::domain::nip::Nip;

    fn nip(i: usize) -> Nip {
        // valid layout: birth date, TMT, gender, sequence 001..999
        let year = 1960 + i % 40;
        let s = format!(
            "{year}{:02}{:02}{}{:02}{}{:03}",
            1 + i % 12,
            1 + i % 28,
            year + 25,
            1 + (i / 12) % 12,
            1 + i % 2,
            1 + i % 999
        );
        Nip::parse(&s, today()).unwrap().nip
    }

    fn employee(i: usize, name: &str) -> Employee {
        Employee {
            nip: nip(i),
            name: name.to_string(),
            position: ["Analis Kebijakan", "Pranata Komputer", "Perawat", "Guru"][i % 4].into(),
            rank: "Penata (III/c)".into(),
            unit: format!("Bidang {}", i % 37),
            agency: ["DINKES", "DISDIK", "RSUD"][i % 3].into(),
            kind: if i.is_multiple_of(5) {
                EmploymentKind::Pppk
            } else {
                EmploymentKind::Pns
            },
        }
    }

    const FIRST: [&str; 8] = [
        "Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gilang", "Hendra",
    ];
    const LAST: [&str; 6] = [
        "Santoso",
        "Wibowo",
        "Lestari",
        "Hidayat",
        "Purnamasari",
        "Nugroho",
    ];

    /// 100,000 synthetic employees; one is named so it can be found.
    fn big_index() -> RosterIndex {
        let mut v: Vec<Employee> = (0..100_000)
            .map(|i| {
                employee(
                    i,
                    &format!(
                        "{} {} {}",
                        FIRST[i % 8],
                        LAST[(i / 8) % 6],
                        ["S.E.", "S.Kom.", "S.Kep."][i % 3]
                    ),
                )
            })
            .collect();
        let mut special = employee(77_777, "Yanti Anggraeni, S.M.");
        special.nip = Nip::parse("19710128 200202 2 001", today()).unwrap().nip;
        special.agency = "DISDUKCAPIL".into();
        v[77_777] = special;
        let names: HashMap<String, String> = [
            ("DINKES", "Dinas Kesehatan"),
            ("DISDIK", "Dinas Pendidikan"),
            ("RSUD", "Rumah Sakit Umum Daerah"),
            ("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        RosterIndex::new(v, &names)
    }

    #[test]
    fn ranks_a_100k_roster_by_name_nip_and_agency() {
        let index = big_index();
        assert_eq!(index.len(), 100_000);
        let mut s = RosterSearch::new(&index);
        assert_eq!(s.hits().len(), 100_000);
        // name order when nothing is typed
        assert!(index.row(0).unwrap().name.starts_with("Agus"));

        // typed letter by letter: each step narrows the previous hits
        let mut last = usize::MAX;
        for q in ["y", "ya", "yan", "yant", "yanti", "yanti ang"] {
            s.set_query(&index, q);
            assert!(s.hits().len() <= last, "{q}");
            last = s.hits().len();
        }
        // each word matches inside one field: no letters gathered across name, unit and agency
        assert_eq!(s.hits().len(), 1);
        let best = index.row(s.hits()[0] as usize).unwrap();
        assert_eq!(best.name, "Yanti Anggraeni, S.M.");

        // a NIP fragment, plain or grouped, is matched as written
        for q in ["197101282002", "19710128 200202", "200202 2 001"] {
            s.set_query(&index, q);
            let names: Vec<&str> = s
                .hits()
                .iter()
                .map(|&i| index.row(i as usize).unwrap().name.as_str())
                .collect();
            assert_eq!(names.first(), Some(&"Yanti Anggraeni, S.M."), "{q}");
            assert!(
                s.hits().iter().all(|&i| index
                    .haystack(i as usize)
                    .contains(q.split(' ').next().unwrap_or(""))),
                "{q}"
            );
        }

        // the agency name, and a combination of position and agency
        s.set_query(&index, "kependudukan");
        let best = index.row(s.hits()[0] as usize).unwrap();
        assert_eq!(best.agency, "DISDUKCAPIL");
        assert!(s.hits().len() < 100_000);
        s.set_query(&index, "perawat rsud");
        let n = s.hits().len();
        assert!(n > 0 && n < 100_000);
        assert!(s.hits().iter().all(|&i| {
            let e = index.row(i as usize).unwrap();
            e.position == "Perawat" && e.agency == "RSUD"
        }));
        // ranking again after going back (not a narrowing) gives the same as a fresh search
        s.set_query(&index, "perawat");
        let mut fresh = RosterSearch::new(&index);
        fresh.set_query(&index, "perawat");
        assert_eq!(s.hits(), fresh.hits());
        // nothing matches, then everything again
        s.set_query(&index, "zzzqqq");
        assert!(s.hits().is_empty());
        s.set_query(&index, "");
        assert_eq!(s.hits().len(), 100_000);
    }

    #[test]
    fn backspace_shows_the_hits_of_the_shorter_query_again() {
        let index = big_index();
        let mut s = RosterSearch::new(&index);
        let mut seen = Vec::new();
        for q in ["b", "bu", "budi", "budi s", "budi sa", "budi sa 19"] {
            s.set_query(&index, q);
            seen.push((q, s.hits().to_vec()));
        }
        for (q, hits) in seen.iter().rev() {
            s.set_query(&index, q);
            assert_eq!(s.hits(), &hits[..], "{q}");
        }
        // an edit in the middle ranks within the longest step it still narrows
        s.set_query(&index, "budi sa 19");
        s.set_query(&index, "budi wi");
        let mut fresh = RosterSearch::new(&index);
        fresh.set_query(&index, "budi");
        fresh.set_query(&index, "budi wi");
        assert_eq!(s.hits(), fresh.hits());
        assert!(!s.hits().is_empty());
        s.set_query(&index, "");
        assert_eq!(s.hits().len(), index.len());
    }

    #[test]
    fn sort_by_score_puts_the_best_first_and_ties_in_name_order() {
        let key = |score: u32, row: u32| (u64::from(u32::MAX - score) << 32) | u64::from(row);
        for spread in [1, 100_000] {
            let mut scored: Vec<u64> = (0..50u32).map(|r| key(r % 3 * spread, r)).collect();
            let mut expected = scored.clone();
            expected.sort_unstable();
            let expected: Vec<u32> = expected.iter().map(|k| *k as u32).collect();
            let mut hits = Vec::new();
            sort_by_score(&mut scored, &mut Vec::new(), &mut hits);
            assert_eq!(hits, expected, "{spread}");
            assert_eq!(hits[..3], [2, 5, 8]);
        }
        let mut hits = Vec::new();
        sort_by_score(&mut [], &mut Vec::new(), &mut hits);
        assert!(hits.is_empty());
    }

    #[test]
    fn digit_words_are_exact_and_negation_is_not_narrowed() {
        assert_eq!(pattern_text(" yanti  1971 "), "yanti '1971");
        let index = big_index();
        let mut s = RosterSearch::new(&index);
        s.set_query(&index, "!dinas");
        let without_dinas = s.hits().len();
        s.set_query(&index, "!dinasx");
        // a longer negated word excludes less: ranked over every row, not the previous hits
        assert!(s.hits().len() > without_dinas);
    }

    /// The ranking without any shortcut: every word tried on every field of every row with
    /// nucleo, as [`Worker::score_row`] is specified.
    fn reference(index: &RosterIndex, query: &str, greedy: bool) -> Vec<u32> {
        let pattern = pattern_text(query);
        if pattern.is_empty() {
            return (0..index.len() as u32).collect();
        }
        let parsed = Pattern::parse(&pattern, CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buf = Vec::new();
        let mut scored: Vec<(std::cmp::Reverse<u32>, u32)> = Vec::new();
        'rows: for i in 0..index.len() {
            let mut total = 0;
            for atom in &parsed.atoms {
                let mut best: Option<u32> = None;
                for j in 0..FIELDS {
                    let field = index.field(i, j);
                    let hay = Utf32Str::new(field, &mut buf);
                    let needle = atom.needle_text();
                    let score = if greedy
                        && !atom.negative
                        && atom.kind == AtomKind::Fuzzy
                        && needle.is_ascii()
                    {
                        matcher.config.ignore_case = true;
                        matcher.config.normalize = true;
                        matcher.fuzzy_match_greedy(hay, needle)
                    } else {
                        atom.score(hay, &mut matcher)
                    };
                    match score {
                        None if atom.negative => continue 'rows,
                        Some(s) if !atom.negative && j == 0 => {
                            best = Some(u32::from(s) * 2);
                            break;
                        }
                        Some(s) if !atom.negative => best = best.max(Some(u32::from(s))),
                        _ => {}
                    }
                }
                if !atom.negative {
                    match best {
                        Some(b) => total += b,
                        None => continue 'rows,
                    }
                }
            }
            scored.push((std::cmp::Reverse(total), i as u32));
        }
        scored.sort();
        scored.into_iter().map(|(_, i)| i).collect()
    }

    fn pick(pool: &[&str], k: usize) -> String {
        pool[k % pool.len()].to_string()
    }

    proptest::proptest! {
        /// The prefilters (row and field masks, ASCII known up front, shared texts scored once,
        /// the chain of steps) change nothing: typing a query key by key, then backspacing part
        /// of it, gives exactly the hits, in the same order, of scoring every field of every row.
        #[test]
        fn prefiltered_search_equals_scoring_every_field(
            rows in proptest::collection::vec(
                ("[abdeiosAS0-9 .,é]{0,14}", 0..6usize, 0..5usize, 0..4usize),
                0..40,
            ),
            query in "[abdeis0-9 !^'$.é]{0,7}",
            back in 0..8usize,
            greedy in proptest::bool::ANY,
        ) {
            let positions = ["Guru", "Perawat Ahli", "analis", "Sekretaris Dinas", "", "Bidan é"];
            let units = ["Bidang 1", "Bidang 12", "Seksi A", "sub bagian", "Élan"];
            let agencies = ["DINKES", "DISDIK", "RSUD", "X"];
            let employees: Vec<Employee> = rows
                .iter()
                .enumerate()
                .map(|(i, (name, p, u, a))| Employee {
                    name: name.clone(),
                    position: pick(&positions, *p),
                    unit: pick(&units, *u),
                    agency: pick(&agencies, *a),
                    ..employee(i, "")
                })
                .collect();
            let names: HashMap<String, String> = [("DINKES", "Dinas Kesehatan"), ("RSUD", "Rumah Sakit")]
                .into_iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
            let index = RosterIndex::new(employees, &names);
            let mut s = RosterSearch::new(&index);
            s.big = if greedy { 0 } else { usize::MAX };
            let typed: Vec<char> = query.chars().collect();
            for n in 1..=typed.len() {
                let q: String = typed[..n].iter().collect();
                s.set_query(&index, &q);
                proptest::prop_assert_eq!(s.hits(), &reference(&index, &q, greedy)[..], "{:?}", q);
            }
            let q: String = typed[..typed.len().saturating_sub(back)].iter().collect();
            s.set_query(&index, &q);
            proptest::prop_assert_eq!(s.hits(), &reference(&index, &q, greedy)[..], "{:?}", q);
        }
    }
}
