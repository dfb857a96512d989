//! A file path as an inspector gives it in a dialog: pasted by a file manager or dropped on the
//! terminal (quoted, as a `file://` URL, with backslash-escaped spaces), and completed with Tab
//! from the files and folders on disk. The reading and completing is pure; only
//! [`complete_path`] looks at the disk.

use std::path::Path;

/// A path with the quoting of a paste taken off: surrounding whitespace, `'…'` and `"…"` quotes
/// (one left open while typing too), backslash escapes as a shell writes them (`foto\ loket.jpg`;
/// not on Windows, where the backslash separates folders) and a `file://` URL with its
/// `%20`-style escapes.
pub fn clean_path(raw: &str) -> String {
    // a drop adds a space after the closing quote or the URL; a space typed at the end of a bare
    // name is kept for Tab (`foto ` goes on to `foto loket.jpg`)
    let start = raw.trim_start();
    let trimmed = start.trim_end();
    let text = if trimmed.ends_with(['\'', '"']) || trimmed.starts_with("file://") {
        trimmed
    } else {
        start.trim_end_matches(['\r', '\n'])
    };
    let text = unquote(text);
    match text.strip_prefix("file://") {
        Some(rest) => {
            // file:///home/… or file://localhost/home/…: the path starts at the first slash
            let path = match rest.find('/') {
                Some(i) => &rest[i..],
                None => rest,
            };
            percent_decode(path).unwrap_or_else(|| path.to_string())
        }
        None => text,
    }
}

/// Take off shell quoting: single quotes keep everything, double quotes and bare text take a
/// backslash before a character a shell would have read otherwise.
fn unquote(s: &str) -> String {
    let escapes = !cfg!(windows);
    let mut out = String::with_capacity(s.len());
    let mut quote: Option<char> = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (Some('\''), c) => out.push(c),
            (_, '\\') if escapes => match chars.peek() {
                Some(&next) if is_escapable(next, quote.is_some()) => {
                    out.push(next);
                    chars.next();
                }
                _ => out.push('\\'),
            },
            (_, c) => out.push(c),
        }
    }
    out
}

/// Whether a shell reads `\c` as the character `c` (inside double quotes, only a few are).
fn is_escapable(c: char, in_double_quotes: bool) -> bool {
    if in_double_quotes {
        matches!(c, '"' | '\\' | '$' | '`')
    } else {
        c.is_whitespace() || "'\"\\()[]{}&;|<>*?$!#~`,=".contains(c)
    }
}

/// `%20`-style escapes of a URL path decoded; `None` when they do not make UTF-8 text.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// One entry of a folder, as completion sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    pub is_dir: bool,
}

impl DirEntry {
    pub fn new(name: impl Into<String>, is_dir: bool) -> DirEntry {
        DirEntry {
            name: name.into(),
            is_dir,
        }
    }
}

/// What Tab made of a typed path.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PathCompletion {
    /// The path, cleaned and completed as far as the matches agree.
    pub text: String,
    /// The names the last part may still become (a folder with a trailing `/`), sorted; one when
    /// the path was completed, none when nothing on disk starts so.
    pub matches: Vec<String>,
}

/// The folder to list for a typed path and the start of the name in it: `fotos/IMG_` gives
/// (`fotos/`, `IMG_`).
pub fn split_path(path: &str) -> (&str, &str) {
    let cut = path
        .rfind(|c| c == '/' || (cfg!(windows) && c == '\\'))
        .map_or(0, |i| i + 1);
    path.split_at(cut)
}

/// Complete the last part of `typed` (cleaned first) from `entries`, the folder it names: the
/// whole name when one entry starts so (a folder gets a trailing `/`), else the part all the
/// matches share. Hidden entries count only when the part typed starts with a dot; when no name
/// starts so with its case, the case is ignored (`img` finds `IMG_0412.JPG`).
pub fn complete_among(typed: &str, entries: &[DirEntry]) -> PathCompletion {
    let cleaned = clean_path(typed);
    let (dir, part) = split_path(&cleaned);
    let visible = |e: &&DirEntry| part.starts_with('.') || !e.name.starts_with('.');
    let mut found: Vec<&DirEntry> = entries
        .iter()
        .filter(visible)
        .filter(|e| e.name.starts_with(part))
        .collect();
    let mut ignore_case = false;
    if found.is_empty() {
        let lower = part.to_lowercase();
        found = entries
            .iter()
            .filter(visible)
            .filter(|e| e.name.to_lowercase().starts_with(&lower))
            .collect();
        ignore_case = true;
    }
    found.sort_by(|a, b| a.name.cmp(&b.name));
    let matches: Vec<String> = found
        .iter()
        .map(|e| {
            if e.is_dir {
                format!("{}/", e.name)
            } else {
                e.name.clone()
            }
        })
        .collect();
    let text = match matches.as_slice() {
        [] => cleaned.clone(),
        [one] => format!("{dir}{one}"),
        [first, rest @ ..] => {
            let shared = rest.iter().fold(first.chars().count(), |n, m| {
                n.min(shared_len(first, m, ignore_case))
            });
            let common: String = first.chars().take(shared).collect();
            // never shorter than what was typed (matches that differ only in case)
            if common.chars().count() < part.chars().count() {
                cleaned.clone()
            } else {
                format!("{dir}{common}")
            }
        }
    };
    PathCompletion { text, matches }
}

/// How many leading characters `a` and `b` share.
fn shared_len(a: &str, b: &str, ignore_case: bool) -> usize {
    a.chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y || (ignore_case && x.to_lowercase().eq(y.to_lowercase())))
        .count()
}

/// [`complete_among`] over the folder `typed` names on disk (the current folder for a bare
/// name). A folder that cannot be read has nothing to offer: the path stays as typed, cleaned.
pub fn complete_path(typed: &str) -> PathCompletion {
    let cleaned = clean_path(typed);
    let (dir, _) = split_path(&cleaned);
    let folder = if dir.is_empty() { "." } else { dir };
    let entries: Vec<DirEntry> = match std::fs::read_dir(Path::new(folder)) {
        Ok(read) => read
            .filter_map(Result::ok)
            // a name that is not UTF-8 could not be typed back either
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                // follows a link to a folder, as the path will when it is read
                Some(DirEntry::new(name, e.path().is_dir()))
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    complete_among(&cleaned, &entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_path_loses_its_quoting() {
        assert_eq!(clean_path("  /tmp/foto.jpg\n"), "/tmp/foto.jpg");
        assert_eq!(clean_path("'/tmp/foto loket.jpg' "), "/tmp/foto loket.jpg");
        assert_eq!(clean_path("/tmp/foto "), "/tmp/foto ");
        assert_eq!(clean_path("\"/tmp/foto loket.jpg\""), "/tmp/foto loket.jpg");
        // a quote left open while typing
        assert_eq!(clean_path("'/tmp/foto lo"), "/tmp/foto lo");
        // GNOME's way of quoting a quote inside single quotes
        assert_eq!(clean_path(r"'/tmp/it'\''s.jpg'"), "/tmp/it's.jpg");
        assert_eq!(
            clean_path(r#""/tmp/kata \"ini\".jpg""#),
            r#"/tmp/kata "ini".jpg"#
        );
        assert_eq!(
            clean_path("file:///home/rina/Foto%20Loket/IMG%5F01.jpg"),
            "/home/rina/Foto Loket/IMG_01.jpg"
        );
        assert_eq!(
            clean_path("'file://localhost/tmp/foto%20loket.jpg'"),
            "/tmp/foto loket.jpg"
        );
        // an escape that does not make text stays as it is
        assert_eq!(clean_path("file:///tmp/a%ZZb"), "/tmp/a%ZZb");
        assert_eq!(clean_path("file:///tmp/a%"), "/tmp/a%");
        assert_eq!(clean_path(""), "");
    }

    #[cfg(not(windows))]
    #[test]
    fn backslash_escapes_read_as_a_shell_writes_them() {
        assert_eq!(clean_path(r"/tmp/foto\ loket.jpg"), "/tmp/foto loket.jpg");
        assert_eq!(clean_path(r"/tmp/a\(1\).jpg"), "/tmp/a(1).jpg");
        // a backslash before an ordinary letter is kept
        assert_eq!(clean_path(r"/tmp/a\b"), r"/tmp/a\b");
    }

    fn folder() -> Vec<DirEntry> {
        vec![
            DirEntry::new("foto loket.jpg", false),
            DirEntry::new("foto lobi.jpg", false),
            DirEntry::new("foto-maklumat.jpg", false),
            DirEntry::new("dokumen", true),
            DirEntry::new("IMG_0412.JPG", false),
            DirEntry::new(".rahasia", false),
        ]
    }

    #[test]
    fn tab_completes_the_last_part_as_far_as_the_matches_agree() {
        let c = complete_among("/bukti/fo", &folder());
        assert_eq!(c.text, "/bukti/foto");
        assert_eq!(
            c.matches,
            ["foto lobi.jpg", "foto loket.jpg", "foto-maklumat.jpg"]
        );
        let c = complete_among("/bukti/foto ", &folder());
        assert_eq!(c.text, "/bukti/foto lo");
        assert_eq!(c.matches.len(), 2);
        let c = complete_among(r"'/bukti/foto lok", &folder());
        assert_eq!(c.text, "/bukti/foto loket.jpg");
        assert_eq!(c.matches, ["foto loket.jpg"]);
        // a folder gets its slash, so the next Tab goes on inside it
        let c = complete_among("dok", &folder());
        assert_eq!((c.text.as_str(), c.matches.len()), ("dokumen/", 1));
        // the case is ignored only when nothing matches with it
        let c = complete_among("/bukti/img", &folder());
        assert_eq!(c.text, "/bukti/IMG_0412.JPG");
        // hidden names only when a dot is typed
        assert!(complete_among("/bukti/", &folder())
            .matches
            .iter()
            .all(|m| !m.starts_with('.')));
        assert_eq!(
            complete_among("/bukti/.r", &folder()).text,
            "/bukti/.rahasia"
        );
        // nothing starts so: the path stays, cleaned
        let c = complete_among("'/bukti/zzz'", &folder());
        assert_eq!((c.text.as_str(), c.matches.len()), ("/bukti/zzz", 0));
    }

    #[test]
    fn the_disk_is_listed_for_completion() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("foto loket.jpg"), b"x").unwrap();
        std::fs::create_dir(dir.path().join("foto-arsip")).unwrap();
        let base = dir.path().to_str().unwrap();
        let c = complete_path(&format!("'{base}/foto l"));
        assert_eq!(c.text, format!("{base}/foto loket.jpg"));
        let c = complete_path(&format!("{base}/foto-"));
        assert_eq!(c.text, format!("{base}/foto-arsip/"));
        let c = complete_path(&format!("{base}/tidak-ada/fo"));
        assert_eq!(
            (c.text, c.matches.len()),
            (format!("{base}/tidak-ada/fo"), 0)
        );
    }
}
