//! Why a checklist template is refused: one variant per kind of problem, with its values.
//!
//! `Display` writes the English sentence (for logs, `--json` and tests); the app says the same in
//! the user's language by key (`src/app/error_text.rs`, `[error.checklist_issue]` of data/i18n).

use std::fmt;

/// One problem in a template file (where it is, is the [`super::Diagnostic`]'s).
#[derive(Debug, Clone, PartialEq)]
pub enum Issue {
    /// The file is larger than a template may be.
    TooLarge { size: usize, limit: usize },
    /// The file is not UTF-8; `byte` is the first byte that is not.
    NotUtf8 { byte: u8 },
    /// The `toml` crate's own (English) reason the file is not TOML.
    Syntax { reason: String },
    /// A key written twice in one table.
    DuplicateKey { key: String },
    /// More items than a template may have.
    TooManyItems { count: usize, limit: usize },
    /// The file cannot be read; `reason` is the system's own words.
    Unreadable {
        kind: std::io::ErrorKind,
        reason: String,
    },
    /// `id` is not a slug.
    BadId { found: String, max_len: usize },
    /// No `section` key at all.
    NoSections,
    /// `section = []`.
    EmptySections,
    /// A `section` entry that is not a table.
    SectionNotTable { found: Found },
    /// `section` that is not an array of tables.
    SectionsNotArray { found: Found },
    /// A section or item code used before (codes are compared case-insensitively); `first` is the
    /// code as first written, on `line`.
    DuplicateCode {
        level: Level,
        code: String,
        first: String,
        line: usize,
    },
    /// A section without an `item` key.
    NoItems { section: SectionName },
    /// A section with `item = []`.
    EmptyItems { section: SectionName },
    /// An `item` entry that is not a table.
    ItemNotTable { found: Found },
    /// `item` that is not an array of tables.
    ItemsNotArray { found: Found },
    /// `min` or `max` on an item that is not a number item.
    RangeNotForKind,
    /// `computed` on an item that is not a number item.
    ComputedNotForKind,
    /// `computed` naming nothing this build computes (`found` as written).
    UnknownComputed { found: String },
    /// `min` greater than `max` (both finite).
    RangeBackwards { min: f64, max: f64 },
    /// A code with whitespace or control characters.
    CodeHasSpace { found: String },
    /// A required key left out.
    MissingKey { owner: Owner, key: &'static str },
    /// A required string that is blank (`found` as written, untrimmed).
    Blank { key: &'static str, found: String },
    /// A value that should be a string.
    NotAString { key: &'static str, found: Found },
    /// A weight that is not a whole number in `min..=max`.
    BadWeight { found: Found, min: u32, max: u32 },
    /// A `min` or `max` that is not a number.
    NotANumber { key: &'static str, found: Found },
    /// An `answer` that is not a string.
    AnswerNotAString {
        found: Found,
        accepted: &'static [&'static str],
        aliases: &'static [&'static str],
    },
    /// An `answer` that names no answer kind; `hint` is the likely one meant.
    UnknownAnswer {
        found: String,
        hint: Option<&'static str>,
        accepted: &'static [&'static str],
        aliases: &'static [&'static str],
    },
    /// A value that should be `true` or `false`.
    NotABoolean { key: &'static str, found: Found },
    /// A value that should be a list of strings (`["…", "…"]`).
    NotAList { key: &'static str, found: Found },
    /// A value that should be a table (`[engagement]`).
    NotATable { key: &'static str, found: Found },
    /// A key the table does not have (`key` escaped for display); `hint` is the likely one meant,
    /// `expected` the keys the table has.
    UnknownKey {
        key: String,
        hint: Option<&'static str>,
        expected: &'static [&'static str],
    },
}

// `RangeBackwards` holds only finite numbers (the parser refuses the others), so equality is
// reflexive.
impl Eq for Issue {}

/// Whether a duplicate code is a section's or an item's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Section,
    Item,
}

/// A section, by its code or, when it has none, its number (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionName {
    Code(String),
    Number(usize),
}

/// What a missing key belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    Template,
    Section(SectionName),
    /// An item with a code.
    Item(String),
    /// An item without a code: its number (1-based) in its section.
    ItemNumber {
        number: usize,
        section: SectionName,
    },
}

/// A value of the wrong kind as the message quotes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The source text as written (shortened), for a number of the wrong kind or range.
    Literal(String),
    /// A string (its text, shortened).
    String(String),
    /// An integer, as written.
    Integer(String),
    /// A float, as written.
    Float(String),
    /// `true` or `false`.
    Boolean(String),
    /// A TOML date or time, as written.
    Datetime(String),
    Array,
    Table,
}

impl Found {
    /// A number or boolean where a string was expected: quoting it is the fix.
    pub fn wants_quotes(&self) -> bool {
        matches!(
            self,
            Found::Integer(_) | Found::Float(_) | Found::Boolean(_)
        )
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Section => "section",
            Level::Item => "item",
        })
    }
}

impl fmt::Display for SectionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SectionName::Code(code) => write!(f, "section {code:?}"),
            SectionName::Number(n) => write!(f, "section #{n}"),
        }
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Owner::Template => f.write_str("template"),
            Owner::Section(section) => write!(f, "{section}"),
            Owner::Item(code) => write!(f, "item {code:?}"),
            Owner::ItemNumber { number, section } => write!(f, "item #{number} of {section}"),
        }
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::Literal(text) => f.write_str(text),
            Found::String(text) => write!(f, "string {text:?}"),
            Found::Integer(text) => write!(f, "integer {text}"),
            Found::Float(text) => write!(f, "float {text}"),
            Found::Boolean(text) => write!(f, "boolean {text}"),
            Found::Datetime(text) => write!(f, "datetime {text}"),
            Found::Array => f.write_str("an array"),
            Found::Table => f.write_str("a table"),
        }
    }
}

/// `compliance, score, yesno, number (or kepatuhan, skor, ya-tidak, angka)`.
fn accepted(names: &[&str], aliases: &[&str]) -> String {
    format!("{} (or {})", names.join(", "), aliases.join(", "))
}

/// `` `code`, `title`, `item` ``.
pub fn ticked(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Issue::TooLarge { size, limit } => write!(
                f,
                "file is {size} bytes; a template may be at most {limit} bytes"
            ),
            Issue::NotUtf8 { byte } => write!(
                f,
                "invalid UTF-8 (byte 0x{byte:02X}); save the file as UTF-8"
            ),
            Issue::Syntax { reason } => write!(f, "TOML syntax error: {reason}"),
            Issue::DuplicateKey { key } => write!(
                f,
                "TOML syntax error: duplicate key `{key}`: a key may appear only once in a table \
                 (remove one, or start a new [[section.item]] for a new item)"
            ),
            Issue::TooManyItems { count, limit } => write!(
                f,
                "template has {count} items; at most {limit} are allowed"
            ),
            Issue::Unreadable { reason, .. } => write!(f, "cannot read file: {reason}"),
            Issue::BadId { found, max_len } => write!(
                f,
                "`id` must be a slug of lowercase letters, digits and '-' (at most {max_len} \
                 characters, not starting or ending with '-'), found {found:?}"
            ),
            Issue::NoSections => f.write_str(
                "template has no sections; add at least one [[section]] with [[section.item]] entries",
            ),
            Issue::EmptySections => f.write_str("template has no sections"),
            Issue::SectionNotTable { found } => {
                write!(f, "each `section` entry must be a table, found {found}")
            }
            Issue::SectionsNotArray { found } => write!(
                f,
                "`section` must be an array of tables written as [[section]], found {found}"
            ),
            Issue::DuplicateCode {
                level,
                code,
                first,
                line,
            } => {
                if code == first {
                    write!(
                        f,
                        "duplicate {level} code {code:?} (first defined on line {line})"
                    )
                } else {
                    write!(
                        f,
                        "duplicate {level} code {code:?} (same as {first:?} on line {line}; codes \
                         are case-insensitive)"
                    )
                }
            }
            Issue::NoItems { section } => write!(
                f,
                "{section} has no items; add [[section.item]] entries after it"
            ),
            Issue::EmptyItems { section } => write!(f, "{section} has no items"),
            Issue::ItemNotTable { found } => {
                write!(f, "each `item` entry must be a table, found {found}")
            }
            Issue::ItemsNotArray { found } => write!(
                f,
                "`item` must be an array of tables written as [[section.item]], found {found}"
            ),
            Issue::RangeNotForKind => {
                f.write_str("`min` and `max` are for number items (answer = \"number\") only")
            }
            Issue::ComputedNotForKind => {
                f.write_str("`computed` is for number items (answer = \"number\") only")
            }
            Issue::UnknownComputed { found } => write!(
                f,
                "`computed = {found:?}` names nothing Periksa computes; the one it knows is \"ikm\""
            ),
            Issue::RangeBackwards { min, max } => write!(
                f,
                "`min` ({min}) must not be greater than `max` ({max})"
            ),
            Issue::CodeHasSpace { found } => write!(
                f,
                "`code` must not contain spaces or control characters, found {found:?}"
            ),
            Issue::MissingKey { owner, key } => {
                write!(f, "{owner} is missing required key `{key}`")
            }
            Issue::Blank { key, found } => write!(f, "`{key}` must not be blank, found {found:?}"),
            Issue::NotAString { key, found } => {
                write!(f, "`{key}` must be a string, found {found}")?;
                if found.wants_quotes() {
                    f.write_str(" (put it in double quotes)")?;
                }
                Ok(())
            }
            Issue::BadWeight { found, min, max } => write!(
                f,
                "`weight` must be a whole number from {min} to {max}, found {found}"
            ),
            Issue::NotANumber { key, found } => write!(
                f,
                "`{key}` must be a number, e.g. {key} = 25, found {found}"
            ),
            Issue::AnswerNotAString {
                found,
                accepted: names,
                aliases,
            } => write!(
                f,
                "`answer` must be a string, one of {}; found {found}",
                accepted(names, aliases)
            ),
            Issue::UnknownAnswer {
                found,
                hint,
                accepted: names,
                aliases,
            } => {
                write!(f, "unknown answer kind {found:?}")?;
                if let Some(hint) = hint {
                    write!(f, " (did you mean \"{hint}\"?)")?;
                }
                write!(f, "; accepted: {}", accepted(names, aliases))
            }
            Issue::NotABoolean { key, found } => {
                write!(f, "`{key}` must be true or false, found {found}")
            }
            Issue::NotAList { key, found } => {
                write!(f, "`{key}` must be a list of strings ([\"…\", \"…\"]), found {found}")
            }
            Issue::NotATable { key, found } => {
                write!(f, "`{key}` must be a table ([{key}] with its keys below it), found {found}")
            }
            Issue::UnknownKey {
                key,
                hint: Some(hint),
                ..
            } => write!(f, "unknown key `{key}` (did you mean `{hint}`?)"),
            Issue::UnknownKey {
                key,
                hint: None,
                expected,
            } => write!(
                f,
                "unknown key `{key}`; expected one of: {}",
                ticked(expected)
            ),
        }
    }
}
