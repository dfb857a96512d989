//! Checklist templates from TOML, with every problem reported as file:line:column.
//!
//! [`parse_template`] reads a template file (the format is described in
//! `data/checklists/FORMAT.md`), checks it completely and either returns the [`Template`] or every
//! problem it found, each located at the offending key or value. Validation works on TOML's
//! spanned document tree ([`toml::de::DeTable`]) rather than on serde, so one bad value does not
//! hide the others.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::Path;

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::domain::engagement::EngagementDefaults;
use crate::domain::template::{
    AnswerKind, Computed, ComputedItem, Item, NumberLimit, Section, Template,
};

mod issue;

pub use issue::{ticked, Found, Issue, Level, Owner, SectionName};

/// A template with more items than this is refused with one diagnostic.
pub const MAX_ITEMS: usize = 5000;
/// A template file larger than this (in bytes) is refused before it is parsed.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;
/// Smallest allowed item weight.
pub const MIN_WEIGHT: u32 = 1;
/// Largest allowed item weight.
pub const MAX_WEIGHT: u32 = 100;
/// Longest allowed template id.
pub const MAX_ID_LEN: usize = 64;

const TEMPLATE_KEYS: &[&str] = &[
    "id",
    "title",
    "version",
    "description",
    "engagement",
    "section",
];
/// The keys of the optional `[engagement]` table: what a new audit's engagement starts with.
const ENGAGEMENT_KEYS: &[&str] = &["basis", "objective", "scope", "methods"];
const SECTION_KEYS: &[&str] = &["code", "title", "item"];
const ITEM_KEYS: &[&str] = &[
    "code",
    "text",
    "guidance",
    "criteria",
    "weight",
    "answer",
    "evidence_required",
    "min",
    "max",
    "computed",
];

/// Answer-kind spellings accepted in `answer = "…"` (compared case-insensitively).
const ANSWER_KINDS: &[(&str, AnswerKind)] = &[
    ("compliance", AnswerKind::Compliance),
    ("score", AnswerKind::Score),
    ("yesno", AnswerKind::YesNo),
    ("number", AnswerKind::Number),
    ("kepatuhan", AnswerKind::Compliance),
    ("skor", AnswerKind::Score),
    ("ya-tidak", AnswerKind::YesNo),
    ("angka", AnswerKind::Number),
];

/// The answer kinds' names, as the messages list them.
pub const ANSWER_NAMES: &[&str] = &["compliance", "score", "yesno", "number"];
/// Their Indonesian spellings, as the messages list them.
pub const ANSWER_ALIASES: &[&str] = &["kepatuhan", "skor", "ya-tidak", "angka"];

/// Indonesian (or otherwise likely) spellings of keys, used only to suggest the right key.
const KEY_ALIASES: &[(&str, &str)] = &[
    ("judul", "title"),
    ("versi", "version"),
    ("deskripsi", "description"),
    ("keterangan", "description"),
    ("bagian", "section"),
    ("sections", "section"),
    ("kode", "code"),
    ("butir", "item"),
    ("items", "item"),
    ("pertanyaan", "text"),
    ("teks", "text"),
    ("question", "text"),
    ("panduan", "guidance"),
    ("petunjuk", "guidance"),
    ("kriteria", "criteria"),
    ("dasar_hukum", "criteria"),
    ("bobot", "weight"),
    ("jawaban", "answer"),
    ("jenis_jawaban", "answer"),
    ("bukti", "evidence_required"),
    ("wajib_bukti", "evidence_required"),
    ("evidence", "evidence_required"),
    ("penugasan", "engagement"),
    ("dasar", "basis"),
    ("dasar_pemeriksaan", "basis"),
    ("tujuan", "objective"),
    ("ruang_lingkup", "scope"),
    ("lingkup", "scope"),
    ("metodologi", "methods"),
    ("metode", "methods"),
];

/// One problem in a template file, located at 1-based line and column (column counted in
/// characters, not bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// What is wrong there, with its values.
    pub issue: Issue,
}

impl Diagnostic {
    /// The problem in English, without its place (as `--json` writes it).
    pub fn message(&self) -> String {
        self.issue.to_string()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.issue
        )
    }
}

impl std::error::Error for Diagnostic {}

/// Parses and validates a checklist template.
///
/// `file_label` names the file in diagnostics (usually its path). A UTF-8 byte-order mark is
/// accepted. On failure every problem found is returned, in file order; a TOML syntax error, invalid
/// UTF-8, an oversized file or a template with more than [`MAX_ITEMS`] items yields exactly one.
pub fn parse_template(file_label: &str, bytes: &[u8]) -> Result<Template, Vec<Diagnostic>> {
    parse_checklist(file_label, bytes).map(|c| c.template)
}

/// A checklist file as read: the template, the ranges of the number items that give one (`min`,
/// `max`) and the engagement defaults of its `[engagement]` table (empty when it has none).
#[derive(Debug, Clone, PartialEq)]
pub struct Checklist {
    pub template: Template,
    pub limits: Vec<NumberLimit>,
    pub defaults: EngagementDefaults,
    /// The items whose answers Periksa computes (`computed = "ikm"`).
    pub computed: Vec<ComputedItem>,
}

/// As [`parse_template`], with the number ranges and the engagement defaults.
pub fn parse_checklist(file_label: &str, bytes: &[u8]) -> Result<Checklist, Vec<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let at = |line: usize, column: usize, issue: Issue| {
        vec![Diagnostic {
            file: file_label.to_owned(),
            line,
            column,
            issue,
        }]
    };
    if bytes.len() > MAX_BYTES {
        return Err(at(
            1,
            1,
            Issue::TooLarge {
                size: bytes.len(),
                limit: MAX_BYTES,
            },
        ));
    }
    let src = match std::str::from_utf8(bytes) {
        Ok(src) => src,
        Err(err) => {
            let valid = bytes.get(..err.valid_up_to()).unwrap_or_default();
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let (line, column) = LineIndex::new(prefix).position(prefix.len());
            let bad = bytes.get(err.valid_up_to()).copied().unwrap_or_default();
            return Err(at(line, column, Issue::NotUtf8 { byte: bad }));
        }
    };
    let lines = LineIndex::new(src);
    let root = match DeTable::parse(src) {
        Ok(root) => root,
        Err(err) => {
            let span = err.span();
            let offset = span.as_ref().map_or(0, |s| s.start);
            let (line, column) = lines.position(offset);
            let reason = err.message().trim_end();
            let mut issue = Issue::Syntax {
                reason: reason.to_owned(),
            };
            // toml says only "duplicate key"; name it, and say which line holds the first one.
            if reason.ends_with("duplicate key") {
                if let Some(key) = span.and_then(|s| src.get(s)).map(str::trim) {
                    if !key.is_empty() && key.len() <= 64 && !key.contains('\n') {
                        issue = Issue::DuplicateKey {
                            key: key.to_owned(),
                        };
                    }
                }
            }
            return Err(at(line, column, issue));
        }
    };
    let mut check = Checker {
        src,
        lines: &lines,
        problems: Vec::new(),
        section_codes: HashMap::new(),
        item_codes: HashMap::new(),
        limits: Vec::new(),
        computed: Vec::new(),
    };
    if let Some((count, offset)) = too_many_items(root.get_ref()) {
        let (line, column) = lines.position(offset);
        return Err(at(
            line,
            column,
            Issue::TooManyItems {
                count,
                limit: MAX_ITEMS,
            },
        ));
    }
    let template = check.template(root.get_ref());
    let defaults = check.defaults(root.get_ref());
    if check.problems.is_empty() {
        return Ok(Checklist {
            template,
            limits: check.limits,
            defaults,
            computed: check.computed,
        });
    }
    let mut problems = check.problems;
    problems.sort_by_key(|(offset, _)| *offset);
    Err(problems
        .into_iter()
        .map(|(offset, issue)| {
            let (line, column) = lines.position(offset);
            Diagnostic {
                file: file_label.to_owned(),
                line,
                column,
                issue,
            }
        })
        .collect())
}

/// Reads and validates a template file; a file that cannot be read gives one diagnostic at 1:1.
/// At most [`MAX_BYTES`] + 1 bytes are read, so a huge file cannot exhaust memory.
pub fn load_template_file(path: &Path) -> Result<Template, Vec<Diagnostic>> {
    let label = path.display().to_string();
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|file| {
        let limit = u64::try_from(MAX_BYTES)
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        file.take(limit).read_to_end(&mut bytes)
    });
    match read {
        Ok(_) => parse_template(&label, &bytes),
        Err(err) => Err(vec![Diagnostic {
            file: label,
            line: 1,
            column: 1,
            issue: Issue::Unreadable {
                kind: err.kind(),
                reason: err.to_string(),
            },
        }]),
    }
}

/// The templates shipped in `data/checklists/`, as (file name, TOML text), compiled into the binary
/// (for `periksa demo` and first runs). Each parses with [`parse_template`] without diagnostics.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "pelayanan-publik.toml",
        include_str!("../../data/checklists/pelayanan-publik.toml"),
    ),
    (
        "disiplin-kinerja-asn.toml",
        include_str!("../../data/checklists/disiplin-kinerja-asn.toml"),
    ),
    (
        "pengembangan-kompetensi.toml",
        include_str!("../../data/checklists/pengembangan-kompetensi.toml"),
    ),
];

/// `min` and `max` when both are given and the range runs backwards (nothing otherwise).
fn backwards(min: Option<f64>, max: Option<f64>) -> (Option<f64>, Option<f64>) {
    match (min, max) {
        (Some(lo), Some(hi)) if lo > hi => (Some(lo), Some(hi)),
        _ => (None, None),
    }
}

/// Maps byte offsets to 1-based (line, column-in-characters).
struct LineIndex<'s> {
    src: &'s str,
    starts: Vec<usize>,
}

impl<'s> LineIndex<'s> {
    fn new(src: &'s str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            src.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Self { src, starts }
    }

    fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.src.len());
        while offset > 0 && !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self.src.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }
}

/// The item count and the offset of the first item past the limit, when there are too many.
fn too_many_items(root: &DeTable<'_>) -> Option<(usize, usize)> {
    let sections = root.get("section")?.get_ref().as_array()?;
    let mut count = 0usize;
    let mut first_excess = None;
    for section in sections.iter() {
        let Some(items) = section.get_ref().get("item") else {
            continue;
        };
        let Some(items) = items.get_ref().as_array() else {
            continue;
        };
        if first_excess.is_none() && count + items.len() > MAX_ITEMS {
            first_excess = items.get(MAX_ITEMS - count).map(|item| item.span().start);
        }
        count += items.len();
    }
    first_excess.map(|offset| (count, offset))
}

/// Walks the document, collecting problems as (byte offset, issue).
struct Checker<'s, 'l> {
    src: &'s str,
    lines: &'l LineIndex<'s>,
    problems: Vec<(usize, Issue)>,
    /// lowercase section code → offset of its first definition
    section_codes: HashMap<String, (String, usize)>,
    /// lowercase item code → (code as written, offset of its first definition)
    item_codes: HashMap<String, (String, usize)>,
    /// The ranges number items give.
    limits: Vec<NumberLimit>,
    /// The items whose answers Periksa computes.
    computed: Vec<ComputedItem>,
}

type Value<'i> = Spanned<DeValue<'i>>;

impl Checker<'_, '_> {
    fn report(&mut self, offset: usize, issue: Issue) {
        self.problems.push((offset, issue));
    }

    fn template(&mut self, root: &DeTable<'_>) -> Template {
        self.unknown_keys(root, TEMPLATE_KEYS);
        let id = self.string(root, "id", Some((&Owner::Template, 0)));
        if let Some((id, offset)) = &id {
            if !is_slug(id) {
                self.report(
                    *offset,
                    Issue::BadId {
                        found: id.clone(),
                        max_len: MAX_ID_LEN,
                    },
                );
            }
        }
        let title = self.string(root, "title", Some((&Owner::Template, 0)));
        let version = self.string(root, "version", Some((&Owner::Template, 0)));
        let description = self.string(root, "description", None);

        let mut sections = Vec::new();
        match root.get("section") {
            None => self.report(0, Issue::NoSections),
            Some(value) => match value.get_ref() {
                DeValue::Array(array) => {
                    if array.is_empty() {
                        self.report(value.span().start, Issue::EmptySections);
                    }
                    for (index, entry) in array.iter().enumerate() {
                        match entry.get_ref() {
                            DeValue::Table(table) => {
                                sections.push(self.section(table, entry.span().start, index + 1));
                            }
                            _ => self.report(
                                entry.span().start,
                                Issue::SectionNotTable {
                                    found: describe(entry, self.src),
                                },
                            ),
                        }
                    }
                }
                _ => self.report(
                    value.span().start,
                    Issue::SectionsNotArray {
                        found: describe(value, self.src),
                    },
                ),
            },
        }

        Template {
            id: text_of(id),
            title: text_of(title),
            version: text_of(version),
            description: text_of(description),
            sections,
        }
    }

    fn section(&mut self, table: &DeTable<'_>, header: usize, number: usize) -> Section {
        self.unknown_keys(table, SECTION_KEYS);
        let fallback_name = SectionName::Number(number);
        let code = self.code(table, &Owner::Section(fallback_name.clone()), header);
        if let Some((code, offset)) = &code {
            let key = code.to_lowercase();
            if let Some((first, first_offset)) = self.section_codes.get(&key).cloned() {
                let line = self.lines.position(first_offset).0;
                self.report(*offset, duplicate(Level::Section, code, &first, line));
            } else {
                self.section_codes.insert(key, (code.clone(), *offset));
            }
        }
        let name = code
            .as_ref()
            .map_or(fallback_name, |(code, _)| SectionName::Code(code.clone()));
        let title = self.string(
            table,
            "title",
            Some((&Owner::Section(name.clone()), header)),
        );

        let mut items = Vec::new();
        match table.get("item") {
            None => self.report(
                header,
                Issue::NoItems {
                    section: name.clone(),
                },
            ),
            Some(value) => match value.get_ref() {
                DeValue::Array(array) => {
                    if array.is_empty() {
                        self.report(
                            value.span().start,
                            Issue::EmptyItems {
                                section: name.clone(),
                            },
                        );
                    }
                    for (index, entry) in array.iter().enumerate() {
                        match entry.get_ref() {
                            DeValue::Table(item) => {
                                let fallback = Owner::ItemNumber {
                                    number: index + 1,
                                    section: name.clone(),
                                };
                                items.push(self.item(item, entry.span().start, &fallback));
                            }
                            _ => self.report(
                                entry.span().start,
                                Issue::ItemNotTable {
                                    found: describe(entry, self.src),
                                },
                            ),
                        }
                    }
                }
                _ => self.report(
                    value.span().start,
                    Issue::ItemsNotArray {
                        found: describe(value, self.src),
                    },
                ),
            },
        }

        Section {
            code: text_of(code),
            title: text_of(title),
            items,
        }
    }

    fn item(&mut self, table: &DeTable<'_>, header: usize, fallback_name: &Owner) -> Item {
        self.unknown_keys(table, ITEM_KEYS);
        let code = self.code(table, fallback_name, header);
        if let Some((code, offset)) = &code {
            let key = code.to_lowercase();
            if let Some((first, first_offset)) = self.item_codes.get(&key).cloned() {
                let line = self.lines.position(first_offset).0;
                self.report(*offset, duplicate(Level::Item, code, &first, line));
            } else {
                self.item_codes.insert(key, (code.clone(), *offset));
            }
        }
        let name = code.as_ref().map_or_else(
            || fallback_name.clone(),
            |(code, _)| Owner::Item(code.clone()),
        );
        let text = self.string(table, "text", Some((&name, header)));
        let guidance = self.string(table, "guidance", None);
        let criteria = self.string(table, "criteria", None);
        let weight = self.weight(table);
        let answer = self.answer(table);
        let evidence_required = self.boolean(table, "evidence_required");
        let min = self.number(table, "min");
        let max = self.number(table, "max");
        if min.is_some() || max.is_some() {
            let at = table
                .get("min")
                .or_else(|| table.get("max"))
                .map_or(header, |v| v.span().start);
            if answer != AnswerKind::Number {
                self.report(at, Issue::RangeNotForKind);
            } else if let (Some(lo), Some(hi)) = backwards(min, max) {
                self.report(at, Issue::RangeBackwards { min: lo, max: hi });
            } else if let Some((code, _)) = &code {
                self.limits.push(NumberLimit {
                    item: code.clone(),
                    min,
                    max,
                });
            }
        }

        if let Some(value) = table.get("computed") {
            let at = value.span().start;
            if let Some((word, _)) = self.string(table, "computed", None) {
                match Computed::parse(&word) {
                    None => self.report(at, Issue::UnknownComputed { found: word }),
                    Some(_) if answer != AnswerKind::Number => {
                        self.report(at, Issue::ComputedNotForKind)
                    }
                    Some(from) => {
                        if let Some((code, _)) = &code {
                            self.computed.push(ComputedItem {
                                item: code.clone(),
                                from,
                            });
                        }
                    }
                }
            }
        }

        Item {
            code: text_of(code),
            text: text_of(text),
            guidance: text_of(guidance),
            criteria: text_of(criteria),
            weight,
            answer,
            evidence_required,
        }
    }

    /// A required code: a non-blank string without whitespace.
    fn code(
        &mut self,
        table: &DeTable<'_>,
        owner: &Owner,
        header: usize,
    ) -> Option<(String, usize)> {
        let (code, offset) = self.string(table, "code", Some((owner, header)))?;
        if code.chars().any(|c| c.is_whitespace() || c.is_control()) {
            self.report(
                offset,
                Issue::CodeHasSpace {
                    found: code.clone(),
                },
            );
            return None;
        }
        Some((code, offset))
    }

    /// A string value, trimmed, with the offset of its value. `required` names the owner and the
    /// offset to report a missing key at; required strings must not be blank.
    fn string(
        &mut self,
        table: &DeTable<'_>,
        key: &'static str,
        required: Option<(&Owner, usize)>,
    ) -> Option<(String, usize)> {
        let Some(value) = table.get(key) else {
            if let Some((owner, at)) = required {
                self.report(
                    at,
                    Issue::MissingKey {
                        owner: owner.clone(),
                        key,
                    },
                );
            }
            return None;
        };
        let offset = value.span().start;
        match value.get_ref() {
            DeValue::String(text) => {
                let trimmed = text.trim();
                if trimmed.is_empty() && required.is_some() {
                    self.report(
                        offset,
                        Issue::Blank {
                            key,
                            found: text.to_string(),
                        },
                    );
                    return None;
                }
                Some((trimmed.to_owned(), offset))
            }
            _ => {
                self.report(
                    offset,
                    Issue::NotAString {
                        key,
                        found: describe(value, self.src),
                    },
                );
                None
            }
        }
    }

    fn weight(&mut self, table: &DeTable<'_>) -> u32 {
        let Some(value) = table.get("weight") else {
            return MIN_WEIGHT;
        };
        let offset = value.span().start;
        let range = |found: Found| Issue::BadWeight {
            found,
            min: MIN_WEIGHT,
            max: MAX_WEIGHT,
        };
        match value.get_ref() {
            DeValue::Integer(integer) => {
                let parsed = i128::from_str_radix(integer.as_str(), integer.radix())
                    .ok()
                    .and_then(|n| u32::try_from(n).ok())
                    .filter(|n| (MIN_WEIGHT..=MAX_WEIGHT).contains(n));
                match parsed {
                    Some(weight) => weight,
                    None => {
                        self.report(offset, range(Found::Literal(snippet(value, self.src))));
                        MIN_WEIGHT
                    }
                }
            }
            DeValue::Float(_) => {
                self.report(offset, range(Found::Literal(snippet(value, self.src))));
                MIN_WEIGHT
            }
            _ => {
                self.report(offset, range(describe(value, self.src)));
                MIN_WEIGHT
            }
        }
    }

    /// An optional number (whole or decimal) for `min` / `max`.
    fn number(&mut self, table: &DeTable<'_>, key: &'static str) -> Option<f64> {
        let value = table.get(key)?;
        let offset = value.span().start;
        let parsed = match value.get_ref() {
            DeValue::Integer(integer) => i64::from_str_radix(integer.as_str(), integer.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(float) => float.as_str().replace('_', "").parse::<f64>().ok(),
            _ => None,
        };
        match parsed.filter(|n| n.is_finite()) {
            Some(n) => Some(n),
            None => {
                self.report(
                    offset,
                    Issue::NotANumber {
                        key,
                        found: describe(value, self.src),
                    },
                );
                None
            }
        }
    }

    fn answer(&mut self, table: &DeTable<'_>) -> AnswerKind {
        let Some(value) = table.get("answer") else {
            return AnswerKind::Compliance;
        };
        let offset = value.span().start;
        let DeValue::String(text) = value.get_ref() else {
            self.report(
                offset,
                Issue::AnswerNotAString {
                    found: describe(value, self.src),
                    accepted: ANSWER_NAMES,
                    aliases: ANSWER_ALIASES,
                },
            );
            return AnswerKind::Compliance;
        };
        let wanted = text.trim().to_lowercase();
        if let Some((_, kind)) = ANSWER_KINDS.iter().find(|(name, _)| *name == wanted) {
            return *kind;
        }
        let names: Vec<&str> = ANSWER_KINDS.iter().map(|(name, _)| *name).collect();
        let hint = closest(&wanted, &names);
        self.report(
            offset,
            Issue::UnknownAnswer {
                found: text.to_string(),
                hint,
                accepted: ANSWER_NAMES,
                aliases: ANSWER_ALIASES,
            },
        );
        AnswerKind::Compliance
    }

    fn boolean(&mut self, table: &DeTable<'_>, key: &'static str) -> bool {
        let Some(value) = table.get(key) else {
            return false;
        };
        match value.get_ref() {
            DeValue::Boolean(flag) => *flag,
            _ => {
                self.report(
                    value.span().start,
                    Issue::NotABoolean {
                        key,
                        found: describe(value, self.src),
                    },
                );
                false
            }
        }
    }

    /// The optional `[engagement]` table.
    fn defaults(&mut self, root: &DeTable<'_>) -> EngagementDefaults {
        let Some(value) = root.get("engagement") else {
            return EngagementDefaults::default();
        };
        let DeValue::Table(table) = value.get_ref() else {
            self.report(
                value.span().start,
                Issue::NotATable {
                    key: "engagement",
                    found: describe(value, self.src),
                },
            );
            return EngagementDefaults::default();
        };
        self.unknown_keys(table, ENGAGEMENT_KEYS);
        EngagementDefaults {
            basis: self.strings(table, "basis"),
            objective: text_of(self.string(table, "objective", None)),
            scope: text_of(self.string(table, "scope", None)),
            methods: self.strings(table, "methods"),
        }
    }

    /// A list of strings (a single string counts as a list of one); blank entries are dropped.
    fn strings(&mut self, table: &DeTable<'_>, key: &'static str) -> Vec<String> {
        let Some(value) = table.get(key) else {
            return Vec::new();
        };
        let entries: Vec<&Value<'_>> = match value.get_ref() {
            DeValue::String(_) => vec![value],
            DeValue::Array(array) => array.iter().collect(),
            _ => {
                self.report(
                    value.span().start,
                    Issue::NotAList {
                        key,
                        found: describe(value, self.src),
                    },
                );
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for entry in entries {
            match entry.get_ref() {
                DeValue::String(text) if !text.trim().is_empty() => {
                    out.push(text.trim().to_owned());
                }
                DeValue::String(_) => {}
                _ => self.report(
                    entry.span().start,
                    Issue::NotAString {
                        key,
                        found: describe(entry, self.src),
                    },
                ),
            }
        }
        out
    }

    fn unknown_keys(&mut self, table: &DeTable<'_>, allowed: &'static [&'static str]) {
        for (key, _) in table.iter() {
            let name: &str = key.get_ref();
            if allowed.contains(&name) {
                continue;
            }
            let issue = Issue::UnknownKey {
                key: name.escape_debug().to_string(),
                hint: suggest_key(name, allowed),
                expected: allowed,
            };
            self.report(key.span().start, issue);
        }
    }
}

fn text_of(value: Option<(String, usize)>) -> String {
    value.map(|(text, _)| text).unwrap_or_default()
}

fn duplicate(level: Level, code: &str, first: &str, line: usize) -> Issue {
    Issue::DuplicateCode {
        level,
        code: code.to_owned(),
        first: first.to_owned(),
        line,
    }
}

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The source text of a value, shortened to one readable line.
fn snippet(value: &Value<'_>, src: &str) -> String {
    let raw = src.get(value.span()).unwrap_or_default();
    shorten(raw.lines().next().unwrap_or_default())
}

/// A value of the wrong type as a message quotes it (`string "dua"`, `integer 5`, `a table`, …).
fn describe(value: &Value<'_>, src: &str) -> Found {
    match value.get_ref() {
        DeValue::String(text) => Found::String(shorten(text)),
        DeValue::Integer(_) => Found::Integer(snippet(value, src)),
        DeValue::Float(_) => Found::Float(snippet(value, src)),
        DeValue::Boolean(_) => Found::Boolean(snippet(value, src)),
        DeValue::Datetime(_) => Found::Datetime(snippet(value, src)),
        DeValue::Array(_) => Found::Array,
        DeValue::Table(_) => Found::Table,
    }
}

fn shorten(text: &str) -> String {
    const LIMIT: usize = 40;
    if text.chars().count() <= LIMIT {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(LIMIT).collect();
        short.push('…');
        short
    }
}

/// The allowed key an unknown key most likely meant: a known alias, or one within a small edit
/// distance.
fn suggest_key<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let lower = key.to_lowercase();
    if let Some(&(_, target)) = KEY_ALIASES.iter().find(|(alias, _)| *alias == lower) {
        if let Some(good) = allowed.iter().find(|good| **good == target) {
            return Some(good);
        }
    }
    closest(&lower, allowed)
}

fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = match word.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    };
    candidates
        .iter()
        .map(|candidate| (edit_distance(word, candidate), *candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), on characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, cell) in d.iter_mut().step_by(width).enumerate() {
        *cell = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid template; line numbers in the tests below refer to this text.
    const GOOD: &str = r#"id = "contoh"
title = "Contoh"
version = "2026.1"
description = "Uji."

[[section]]
code = "SP"
title = "Standar Pelayanan"

[[section.item]]
code = "SP-01"
text = "Standar pelayanan ditetapkan."
guidance = "Minta SK."
criteria = "PermenPANRB 15/2014"
weight = 2
answer = "compliance"
evidence_required = true

[[section.item]]
code = "SP-02"
text = "Maklumat dipajang."
answer = "ya-tidak"
"#;

    fn diagnostics(src: &str) -> Vec<String> {
        match parse_template("t.toml", src.as_bytes()) {
            Ok(_) => Vec::new(),
            Err(diags) => diags.iter().map(ToString::to_string).collect(),
        }
    }

    fn single(src: &str) -> String {
        let diags = diagnostics(src);
        assert_eq!(diags.len(), 1, "expected one diagnostic, got {diags:#?}");
        diags[0].clone()
    }

    fn edited(from: &str, to: &str) -> String {
        assert!(GOOD.contains(from), "{from:?} not in GOOD");
        GOOD.replacen(from, to, 1)
    }

    #[test]
    fn an_engagement_table_gives_the_defaults_and_its_mistakes_are_located() {
        let with = edited(
            "description = \"Uji.\"\n",
            "description = \"Uji.\"\n\n[engagement]\nbasis = [\"PP 60/2008\", \" \", \"PKPT\"]\nobjective = \" Menilai. \"\nmethods = \"uji petik\"\n",
        );
        let c = parse_checklist("t.toml", with.as_bytes()).unwrap();
        assert_eq!(
            c.defaults,
            EngagementDefaults {
                basis: vec!["PP 60/2008".into(), "PKPT".into()],
                objective: "Menilai.".into(),
                scope: String::new(),
                methods: vec!["uji petik".into()],
            }
        );
        assert!(parse_checklist("t.toml", GOOD.as_bytes())
            .unwrap()
            .defaults
            .is_empty());
        assert_eq!(
            single(&edited(
                "description = \"Uji.\"\n",
                "description = \"Uji.\"\nengagement = \"uji petik\"\n"
            )),
            "t.toml:5:14: `engagement` must be a table ([engagement] with its keys below it), found string \"uji petik\""
        );
        assert_eq!(
            single(&edited(
                "description = \"Uji.\"\n",
                "description = \"Uji.\"\n[engagement]\nbasis = 3\n"
            )),
            "t.toml:6:9: `basis` must be a list of strings ([\"…\", \"…\"]), found integer 3"
        );
        assert_eq!(
            single(&edited(
                "description = \"Uji.\"\n",
                "description = \"Uji.\"\n[engagement]\nmethods = [\"wawancara\", 2]\n"
            )),
            "t.toml:6:25: `methods` must be a string, found integer 2 (put it in double quotes)"
        );
        assert_eq!(
            single(&edited(
                "description = \"Uji.\"\n",
                "description = \"Uji.\"\n[engagement]\ntujuan = \"x\"\n"
            )),
            "t.toml:6:1: unknown key `tujuan` (did you mean `objective`?)"
        );
    }

    #[test]
    fn valid_template_parses_with_defaults() {
        let t = parse_template("t.toml", GOOD.as_bytes()).unwrap();
        assert_eq!(t.id, "contoh");
        assert_eq!(t.title, "Contoh");
        assert_eq!(t.version, "2026.1");
        assert_eq!(t.description, "Uji.");
        assert_eq!(t.sections.len(), 1);
        assert_eq!(t.sections[0].code, "SP");
        assert_eq!(t.item_count(), 2);
        let first = &t.sections[0].items[0];
        assert_eq!(first.weight, 2);
        assert_eq!(first.answer, AnswerKind::Compliance);
        assert!(first.evidence_required);
        assert_eq!(first.criteria, "PermenPANRB 15/2014");
        let second = &t.sections[0].items[1];
        assert_eq!(second.weight, 1, "weight defaults to 1");
        assert_eq!(second.answer, AnswerKind::YesNo, "alias ya-tidak");
        assert!(!second.evidence_required, "evidence defaults to false");
        assert_eq!(second.guidance, "");
    }

    #[test]
    fn answer_defaults_to_compliance_and_aliases_map() {
        for (word, kind) in [
            ("kepatuhan", AnswerKind::Compliance),
            ("skor", AnswerKind::Score),
            ("SCORE", AnswerKind::Score),
            ("yesno", AnswerKind::YesNo),
            ("angka", AnswerKind::Number),
            ("number", AnswerKind::Number),
        ] {
            let src = edited("answer = \"ya-tidak\"", &format!("answer = \"{word}\""));
            let t = parse_template("t.toml", src.as_bytes()).unwrap();
            assert_eq!(t.sections[0].items[1].answer, kind, "{word}");
        }
        let src = edited("answer = \"ya-tidak\"\n", "");
        let t = parse_template("t.toml", src.as_bytes()).unwrap();
        assert_eq!(t.sections[0].items[1].answer, AnswerKind::Compliance);
    }

    #[test]
    fn strings_are_trimmed_and_multiline_strings_work() {
        let src = edited(
            "guidance = \"Minta SK.\"",
            "guidance = \"\"\"\n  Minta SK.\n  Bandingkan.\n\"\"\"",
        );
        let t = parse_template("t.toml", src.as_bytes()).unwrap();
        assert_eq!(t.sections[0].items[0].guidance, "Minta SK.\n  Bandingkan.");
    }

    #[test]
    fn display_is_file_line_column_message() {
        let d = Diagnostic {
            file: "a/b.toml".into(),
            line: 3,
            column: 7,
            issue: Issue::EmptySections,
        };
        assert_eq!(d.to_string(), "a/b.toml:3:7: template has no sections");
        assert_eq!(d.message(), "template has no sections");
    }

    #[test]
    fn missing_template_key_is_reported_at_start() {
        let src = edited("id = \"contoh\"\n", "");
        assert_eq!(
            single(&src),
            "t.toml:1:1: template is missing required key `id`"
        );
        let src = edited("version = \"2026.1\"\n", "");
        assert_eq!(
            single(&src),
            "t.toml:1:1: template is missing required key `version`"
        );
    }

    #[test]
    fn description_is_optional() {
        let src = edited("description = \"Uji.\"\n", "");
        let t = parse_template("t.toml", src.as_bytes()).unwrap();
        assert_eq!(t.description, "");
    }

    #[test]
    fn missing_section_and_item_keys_point_at_their_header() {
        let src = edited("title = \"Standar Pelayanan\"\n", "");
        assert_eq!(
            single(&src),
            "t.toml:6:1: section \"SP\" is missing required key `title`"
        );
        let src = edited("code = \"SP\"\n", "");
        assert_eq!(
            single(&src),
            "t.toml:6:1: section #1 is missing required key `code`"
        );
        let src = edited("text = \"Maklumat dipajang.\"\n", "");
        assert_eq!(
            single(&src),
            "t.toml:19:1: item \"SP-02\" is missing required key `text`"
        );
        let src = edited("code = \"SP-01\"\n", "");
        assert_eq!(
            single(&src),
            "t.toml:10:1: item #1 of section \"SP\" is missing required key `code`"
        );
    }

    #[test]
    fn wrong_types_quote_the_value() {
        assert_eq!(
            single(&edited("weight = 2", "weight = \"dua\"")),
            "t.toml:15:10: `weight` must be a whole number from 1 to 100, found string \"dua\""
        );
        assert_eq!(
            single(&edited("title = \"Contoh\"", "title = 5")),
            "t.toml:2:9: `title` must be a string, found integer 5 (put it in double quotes)"
        );
        assert_eq!(
            single(&edited("version = \"2026.1\"", "version = 2026.1")),
            "t.toml:3:11: `version` must be a string, found float 2026.1 (put it in double quotes)"
        );
        assert_eq!(
            single(&edited(
                "evidence_required = true",
                "evidence_required = \"ya\""
            )),
            "t.toml:17:21: `evidence_required` must be true or false, found string \"ya\""
        );
        assert_eq!(
            single(&edited("answer = \"compliance\"", "answer = 3")),
            "t.toml:16:10: `answer` must be a string, one of compliance, score, yesno, number \
             (or kepatuhan, skor, ya-tidak, angka); found integer 3"
        );
        assert_eq!(
            single(&edited("guidance = \"Minta SK.\"", "guidance = [\"a\"]")),
            "t.toml:13:12: `guidance` must be a string, found an array"
        );
    }

    #[test]
    fn section_written_as_plain_table_is_a_type_error() {
        let src = "id = \"x\"\ntitle = \"X\"\nversion = \"1\"\n[section]\ncode = \"A\"\n";
        assert_eq!(
            single(src),
            "t.toml:4:1: `section` must be an array of tables written as [[section]], found a table"
        );
        let src = "id = \"x\"\ntitle = \"X\"\nversion = \"1\"\nsection = [1]\n";
        assert_eq!(
            single(src),
            "t.toml:4:12: each `section` entry must be a table, found integer 1"
        );
    }

    #[test]
    fn bad_id_slug() {
        assert_eq!(
            single(&edited("id = \"contoh\"", "id = \"Pelayanan Publik\"")),
            "t.toml:1:6: `id` must be a slug of lowercase letters, digits and '-' (at most 64 \
             characters, not starting or ending with '-'), found \"Pelayanan Publik\""
        );
        for bad in ["-a", "a-", "a_b", "ä", "A"] {
            assert!(!is_slug(bad), "{bad}");
        }
        for good in ["a", "pelayanan-publik", "skm-2026"] {
            assert!(is_slug(good), "{good}");
        }
    }

    #[test]
    fn duplicate_codes_name_the_first_line() {
        let src = format!(
            "{GOOD}\n[[section]]\ncode = \"sp\"\ntitle = \"Lagi\"\n\n[[section.item]]\ncode = \"SP-01\"\ntext = \"x\"\n"
        );
        assert_eq!(
            diagnostics(&src),
            vec![
                "t.toml:25:8: duplicate section code \"sp\" (same as \"SP\" on line 7; codes are case-insensitive)",
                "t.toml:29:8: duplicate item code \"SP-01\" (first defined on line 11)",
            ]
        );
        let src = edited("code = \"SP-02\"", "code = \"sp-01\"");
        assert_eq!(
            single(&src),
            "t.toml:20:8: duplicate item code \"sp-01\" (same as \"SP-01\" on line 11; codes are case-insensitive)"
        );
    }

    #[test]
    fn duplicate_key_is_named() {
        let src = edited(
            "answer = \"ya-tidak\"",
            "answer = \"ya-tidak\"\ncode = \"SP-03\"",
        );
        assert_eq!(
            single(&src),
            "t.toml:23:1: TOML syntax error: duplicate key `code`: a key may appear only once in a table (remove one, \
             or start a new [[section.item]] for a new item)"
        );
    }

    #[test]
    fn code_with_spaces_is_refused() {
        assert_eq!(
            single(&edited("code = \"SP-02\"", "code = \"SP 02\"")),
            "t.toml:20:8: `code` must not contain spaces or control characters, found \"SP 02\""
        );
    }

    #[test]
    fn a_number_item_may_be_computed_from_a_survey_and_no_other_may() {
        let src = edited(
            "answer = \"ya-tidak\"",
            "answer = \"number\"\ncomputed = \"IKM\"",
        );
        let c = parse_checklist("t.toml", src.as_bytes()).unwrap();
        assert_eq!(
            c.computed,
            vec![ComputedItem {
                item: "SP-02".into(),
                from: Computed::Ikm
            }]
        );
        assert!(
            single(&edited("weight = 2", "weight = 2\ncomputed = \"ikm\""))
                .ends_with("`computed` is for number items (answer = \"number\") only")
        );
        assert!(single(&edited(
            "answer = \"ya-tidak\"",
            "answer = \"number\"\ncomputed = \"nilai\""
        ))
        .ends_with(
            "`computed = \"nilai\"` names nothing Periksa computes; the one it knows is \"ikm\""
        ));
        // a checklist without one reads as before
        assert!(parse_checklist("t.toml", edited("", "").as_bytes())
            .unwrap()
            .computed
            .is_empty());
    }

    #[test]
    fn number_items_may_give_a_range_and_others_may_not() {
        let src = edited(
            "answer = \"ya-tidak\"",
            "answer = \"number\"\nmin = 25\nmax = 100.5",
        );
        let limits = parse_checklist("t.toml", src.as_bytes()).unwrap().limits;
        assert_eq!(
            limits,
            vec![NumberLimit {
                item: "SP-02".into(),
                min: Some(25.0),
                max: Some(100.5)
            }]
        );
        let only_min = edited("answer = \"ya-tidak\"", "answer = \"angka\"\nmin = 0");
        let limits = parse_checklist("t.toml", only_min.as_bytes())
            .unwrap()
            .limits;
        assert_eq!((limits[0].min, limits[0].max), (Some(0.0), None));
        assert_eq!(
            single(&edited("weight = 2", "weight = 2\nmin = 1")),
            "t.toml:16:7: `min` and `max` are for number items (answer = \"number\") only"
        );
        assert_eq!(
            single(&edited(
                "answer = \"ya-tidak\"",
                "answer = \"number\"\nmin = 100\nmax = 25"
            )),
            "t.toml:23:7: `min` (100) must not be greater than `max` (25)"
        );
        assert!(single(&edited(
            "answer = \"ya-tidak\"",
            "answer = \"number\"\nmax = \"seratus\""
        ))
        .contains("`max` must be a number, e.g. max = 25, found string \"seratus\""));
    }

    #[test]
    fn weight_out_of_range_or_fractional() {
        for (value, col) in [
            ("0", 10),
            ("-3", 10),
            ("2.5", 10),
            ("1000", 10),
            ("1e2", 10),
        ] {
            assert_eq!(
                single(&edited("weight = 2", &format!("weight = {value}"))),
                format!(
                    "t.toml:15:{col}: `weight` must be a whole number from 1 to 100, found {value}"
                )
            );
        }
        assert_eq!(
            single(&edited(
                "weight = 2",
                "weight = 99999999999999999999999999999999999999999"
            )),
            "t.toml:15:10: `weight` must be a whole number from 1 to 100, found \
             9999999999999999999999999999999999999999…"
        );
        for (value, expected) in [("100", 100), ("1", 1), ("0x0A", 10), ("+7", 7)] {
            let src = edited("weight = 2", &format!("weight = {value}"));
            let t = parse_template("t.toml", src.as_bytes()).unwrap();
            assert_eq!(t.sections[0].items[0].weight, expected, "{value}");
        }
    }

    #[test]
    fn unknown_answer_kind_lists_accepted() {
        assert_eq!(
            single(&edited("answer = \"compliance\"", "answer = \"pilihan\"")),
            "t.toml:16:10: unknown answer kind \"pilihan\"; accepted: compliance, score, yesno, \
             number (or kepatuhan, skor, ya-tidak, angka)"
        );
        assert_eq!(
            single(&edited(
                "answer = \"compliance\"",
                "answer = \"complaince\""
            )),
            "t.toml:16:10: unknown answer kind \"complaince\" (did you mean \"compliance\"?); \
             accepted: compliance, score, yesno, number (or kepatuhan, skor, ya-tidak, angka)"
        );
    }

    #[test]
    fn empty_section_is_reported() {
        let src = format!("{GOOD}\n[[section]]\ncode = \"X\"\ntitle = \"Kosong\"\n");
        assert_eq!(
            single(&src),
            "t.toml:24:1: section \"X\" has no items; add [[section.item]] entries after it"
        );
        let src = format!("{GOOD}\n[[section]]\ncode = \"X\"\ntitle = \"Kosong\"\nitem = []\n");
        assert_eq!(single(&src), "t.toml:27:8: section \"X\" has no items");
    }

    #[test]
    fn template_without_sections() {
        let src = "id = \"x\"\ntitle = \"X\"\nversion = \"1\"\n";
        assert_eq!(
            single(src),
            "t.toml:1:1: template has no sections; add at least one [[section]] with \
             [[section.item]] entries"
        );
        let src = "id = \"x\"\ntitle = \"X\"\nversion = \"1\"\nsection = []\n";
        assert_eq!(single(src), "t.toml:4:11: template has no sections");
    }

    #[test]
    fn unknown_keys_get_suggestions() {
        assert_eq!(
            single(&edited("weight = 2", "weigth = 2")),
            "t.toml:15:1: unknown key `weigth` (did you mean `weight`?)"
        );
        assert_eq!(
            single(&edited("weight = 2", "bobot = 2")),
            "t.toml:15:1: unknown key `bobot` (did you mean `weight`?)"
        );
        assert_eq!(
            single(&edited(
                "title = \"Contoh\"",
                "title = \"Contoh\"\ntitel = \"x\""
            )),
            "t.toml:3:1: unknown key `titel` (did you mean `title`?)"
        );
        assert_eq!(
            single(&edited("code = \"SP\"", "code = \"SP\"\nfoo = 1")),
            "t.toml:8:1: unknown key `foo`; expected one of: `code`, `title`, `item`"
        );
        // `weight` is not a template-level key, so no suggestion crosses levels.
        assert_eq!(
            single(&edited("description", "weight = 1\ndescription")),
            "t.toml:4:1: unknown key `weight`; expected one of: `id`, `title`, `version`, \
             `description`, `engagement`, `section`"
        );
    }

    #[test]
    fn blank_required_strings() {
        assert_eq!(
            single(&edited("title = \"Contoh\"", "title = \"  \"")),
            "t.toml:2:9: `title` must not be blank, found \"  \""
        );
        assert_eq!(
            single(&edited("text = \"Maklumat dipajang.\"", "text = \"\"")),
            "t.toml:21:8: `text` must not be blank, found \"\""
        );
    }

    #[test]
    fn too_many_items_is_one_diagnostic() {
        let mut src = String::from("id = \"x\"\ntitle = \"X\"\nversion = \"1\"\n");
        src.push_str("[[section]]\ncode = \"A\"\ntitle = \"A\"\n");
        for n in 0..=MAX_ITEMS {
            // deliberately broken items: only the size diagnostic must come back
            src.push_str(&format!("[[section.item]]\ncode = \"A-{n}\"\nweigth = 0\n"));
        }
        let line_of_excess = 7 + 3 * MAX_ITEMS;
        assert_eq!(
            single(&src),
            format!("t.toml:{line_of_excess}:1: template has 5001 items; at most 5000 are allowed")
        );
    }

    #[test]
    fn oversized_file_is_refused_before_parsing() {
        let src = " ".repeat(MAX_BYTES + 1);
        assert_eq!(
            single(&src),
            format!(
                "t.toml:1:1: file is {} bytes; a template may be at most {MAX_BYTES} bytes",
                MAX_BYTES + 1
            )
        );
    }

    #[test]
    fn syntax_error_is_one_diagnostic_at_its_location() {
        let d = single(&edited("weight = 2", "weight = "));
        assert!(d.starts_with("t.toml:15:10: TOML syntax error: "), "{d}");
        let d = single(&edited("code = \"SP-02\"", "code = \"SP-02"));
        assert!(d.starts_with("t.toml:20:"), "{d}");
        assert!(d.contains("TOML syntax error"), "{d}");
        let d = single(&edited(
            "code = \"SP-02\"",
            "code = \"SP-01\"\ncode = \"SP-03\"",
        ));
        assert_eq!(d, "t.toml:21:1: TOML syntax error: duplicate key `code`: a key may appear only once in a table \
         (remove one, or start a new [[section.item]] for a new item)");
    }

    #[test]
    fn invalid_utf8_points_at_first_bad_byte() {
        let mut bytes = b"id = \"x\"\ntitle = \"\xC3\xA9".to_vec();
        bytes.push(0xFF);
        bytes.extend_from_slice(b"\"\n");
        let diags = parse_template("t.toml", &bytes).unwrap_err();
        assert_eq!(diags.len(), 1);
        assert_eq!(
            diags[0].to_string(),
            "t.toml:2:11: invalid UTF-8 (byte 0xFF); save the file as UTF-8"
        );
    }

    #[test]
    fn bom_is_accepted_and_does_not_shift_columns() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(GOOD.as_bytes());
        assert!(parse_template("t.toml", &bytes).is_ok());
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(edited("id = \"contoh\"", "id = \"X\"").as_bytes());
        let diags = parse_template("t.toml", &bytes).unwrap_err();
        assert_eq!((diags[0].line, diags[0].column), (1, 6));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = edited(
            "guidance = \"Minta SK.\"",
            "guidance = \"Minta SK — ≥ 1\"\nweigth = 3",
        );
        assert_eq!(
            single(&src),
            "t.toml:14:1: unknown key `weigth` (did you mean `weight`?)"
        );
        let src = "a = 1\nλλ = \"é\"x";
        let index = LineIndex::new(src);
        let x = src.find('x').unwrap();
        assert_eq!(index.position(x), (2, 9));
        assert_eq!(index.position(0), (1, 1));
        assert_eq!(index.position(src.len() + 10), (2, 10));
        // an offset inside a multi-byte character is moved back to its start
        assert_eq!(index.position(src.find('λ').unwrap() + 1), (2, 1));
        let d = single(&format!(
            "{GOOD}[[section]]\ncode = \"Ü\"\ntitle = \"Ä\"\nitem = 5\n"
        ));
        assert_eq!(
            d,
            "t.toml:26:8: `item` must be an array of tables written as [[section.item]], found integer 5"
        );
    }

    #[test]
    fn several_problems_are_all_reported_in_file_order() {
        let src = GOOD
            .replacen("id = \"contoh\"", "id = \"Contoh!\"", 1)
            .replacen("weight = 2", "weight = 0", 1)
            .replacen("answer = \"compliance\"", "answer = \"pilihan\"", 1)
            .replacen("evidence_required = true", "evidence_requried = true", 1)
            .replacen("text = \"Maklumat dipajang.\"\n", "", 1)
            .replacen("code = \"SP-02\"", "code = \"SP-01\"", 1);
        let diags = diagnostics(&src);
        assert_eq!(
            diags,
            vec![
                "t.toml:1:6: `id` must be a slug of lowercase letters, digits and '-' (at most 64 characters, not starting or ending with '-'), found \"Contoh!\"",
                "t.toml:15:10: `weight` must be a whole number from 1 to 100, found 0",
                "t.toml:16:10: unknown answer kind \"pilihan\"; accepted: compliance, score, yesno, number (or kepatuhan, skor, ya-tidak, angka)",
                "t.toml:17:1: unknown key `evidence_requried` (did you mean `evidence_required`?)",
                "t.toml:19:1: item \"SP-01\" is missing required key `text`",
                "t.toml:20:8: duplicate item code \"SP-01\" (first defined on line 11)",
            ]
        );
    }

    #[test]
    fn unreadable_file_is_one_diagnostic() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("tidak-ada.toml");
        let diags = load_template_file(&missing).unwrap_err();
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].line, diags[0].column), (1, 1));
        assert!(diags[0].message().starts_with("cannot read file: "));
        let present = dir.path().join("ada.toml");
        std::fs::write(&present, GOOD).unwrap();
        assert_eq!(load_template_file(&present).unwrap().id, "contoh");
    }

    #[test]
    fn shipped_templates_are_valid_and_sized() {
        let mut ids = Vec::new();
        for (name, text) in BUNDLED {
            let template = match parse_template(name, text.as_bytes()) {
                Ok(t) => t,
                Err(diags) => panic!(
                    "{name} has diagnostics:\n{}",
                    diags
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
            };
            assert_eq!(
                format!("{}.toml", template.id),
                *name,
                "id matches file name"
            );
            assert_eq!(template.version, "2026.2", "{name}");
            let defaults = parse_checklist(name, text.as_bytes()).unwrap().defaults;
            assert!(!defaults.basis.is_empty(), "{name} names its dasar");
            assert!(!defaults.objective.is_empty(), "{name} states its tujuan");
            assert!(!defaults.methods.is_empty(), "{name} names its metodologi");
            assert!(!template.description.is_empty(), "{name}");
            let items = template.item_count();
            assert!((15..=40).contains(&items), "{name} has {items} items");
            let sections = template.sections.len();
            assert!(
                (3..=6).contains(&sections),
                "{name} has {sections} sections"
            );
            for kind in [
                AnswerKind::Compliance,
                AnswerKind::Score,
                AnswerKind::YesNo,
                AnswerKind::Number,
            ] {
                assert!(
                    template.items().any(|i| i.answer == kind),
                    "{name} uses no {kind:?} item"
                );
            }
            let compliance = template
                .items()
                .filter(|i| i.answer == AnswerKind::Compliance)
                .count();
            assert!(compliance * 2 > items, "{name}: mostly compliance items");
            assert!(template.items().any(|i| i.evidence_required), "{name}");
            for item in template.items() {
                assert!(
                    !item.guidance.is_empty(),
                    "{name} {} has guidance",
                    item.code
                );
                assert!(
                    !item.criteria.is_empty(),
                    "{name} {} has criteria",
                    item.code
                );
                let section = item.code.split('-').next().unwrap_or_default();
                assert!(
                    template
                        .sections
                        .iter()
                        .any(|s| s.code == section && s.items.iter().any(|i| i.code == item.code)),
                    "{name}: item {} is prefixed with its section code",
                    item.code
                );
            }
            ids.push(template.id);
        }
        assert_eq!(
            ids,
            [
                "pelayanan-publik",
                "disiplin-kinerja-asn",
                "pengembangan-kompetensi"
            ]
        );
    }

    #[test]
    fn every_file_in_data_checklists_is_bundled_and_valid() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/checklists");
        let mut found = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("toml") {
                continue;
            }
            found += 1;
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap()
                .to_owned();
            let on_disk = std::fs::read_to_string(&path).unwrap();
            assert!(
                BUNDLED
                    .iter()
                    .any(|(n, text)| *n == name && *text == on_disk),
                "{name} is not in BUNDLED"
            );
            let diags = load_template_file(&path).err().unwrap_or_default();
            assert!(diags.is_empty(), "{diags:#?}");
        }
        assert_eq!(found, BUNDLED.len());
    }

    #[test]
    fn the_answer_kinds_messages_list_are_the_accepted_spellings() {
        let listed: Vec<&str> = ANSWER_NAMES.iter().chain(ANSWER_ALIASES).copied().collect();
        let accepted: Vec<&str> = ANSWER_KINDS.iter().map(|(name, _)| *name).collect();
        assert_eq!(listed, accepted);
    }

    #[test]
    fn edit_distance_and_suggestions() {
        assert_eq!(edit_distance("weigth", "weight"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(suggest_key("Judul", TEMPLATE_KEYS), Some("title"));
        assert_eq!(suggest_key("bobot", SECTION_KEYS), None);
        assert_eq!(suggest_key("zzz", ITEM_KEYS), None);
    }
}
