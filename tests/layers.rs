//! The layer boundary: the front ends (`src/tui/`, `src/cli/`, the binaries) name the app layer
//! only — never the store or the exchange formats, and never `App::store()`.
//!
//! Read from the source tree as text, so a violation fails here with its file and line, before a
//! reviewer has to notice it. Comments are ignored (a comment may explain the layers); code and
//! string literals are not.

use std::path::{Path, PathBuf};

/// Layers a front end must not name.
const FORBIDDEN_MODULES: [&str; 2] = ["store", "exchange"];
/// How a path reaches them from a front end: this crate's own name for itself, and the library's.
const ROOTS: [&str; 2] = ["crate", "periksa"];

/// A source file of a front end, with the module path it declares (for `super::` chains).
struct Source {
    path: PathBuf,
    /// How many modules deep the file's module is below the crate root (`src/tui/app.rs`: 2).
    depth: usize,
    text: String,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
    for e in entries {
        let path = e
            .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
            .path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The module depth of a file under `src/` (`mod.rs` is its folder's module; a file of `src/bin/`
/// is a crate root of its own).
fn depth(rel: &Path) -> usize {
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.first().is_some_and(|p| p == "bin") || parts == ["main.rs"] {
        return 0;
    }
    if parts.last().is_some_and(|p| p == "mod.rs") {
        parts.len() - 1
    } else {
        parts.len()
    }
}

/// Every front-end source file: `src/tui/**`, `src/cli/**`, `src/main.rs` and `src/bin/**`.
fn front_end_sources() -> Vec<Source> {
    let src = root().join("src");
    let mut paths = Vec::new();
    collect(&src.join("tui"), &mut paths);
    collect(&src.join("cli"), &mut paths);
    if src.join("bin").is_dir() {
        collect(&src.join("bin"), &mut paths);
    }
    paths.push(src.join("main.rs"));
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            let rel = path.strip_prefix(&src).unwrap_or(&path).to_path_buf();
            Source {
                depth: depth(&rel),
                path,
                text,
            }
        })
        .collect()
}

/// The source with every comment blanked to spaces (line breaks kept, so line numbers hold);
/// string and character literals are kept as they are.
fn without_comments(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |ch: char| if ch == '\n' { '\n' } else { ' ' };
    while i < c.len() {
        match c[i] {
            '/' if c.get(i + 1) == Some(&'/') => {
                while i < c.len() && c[i] != '\n' {
                    out.push(' ');
                    i += 1;
                }
            }
            '/' if c.get(i + 1) == Some(&'*') => {
                // block comments nest in Rust
                let mut level = 0;
                while i < c.len() {
                    if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                        level += 1;
                        out.push_str("  ");
                        i += 2;
                    } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                        level -= 1;
                        out.push_str("  ");
                        i += 2;
                        if level == 0 {
                            break;
                        }
                    } else {
                        out.push(blank(c[i]));
                        i += 1;
                    }
                }
            }
            'r' if matches!(c.get(i + 1), Some('"' | '#')) && (i == 0 || !is_ident(c[i - 1])) => {
                // a raw string: r"…", r#"…"#, …
                let start = i;
                let mut j = i + 1;
                let mut hashes = 0;
                while c.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if c.get(j) != Some(&'"') {
                    out.push(c[i]);
                    i += 1;
                    continue;
                }
                j += 1;
                loop {
                    if j >= c.len() {
                        break;
                    }
                    if c[j] == '"' && (1..=hashes).all(|k| c.get(j + k) == Some(&'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    j += 1;
                }
                out.extend(&c[start..j.min(c.len())]);
                i = j;
            }
            '"' => {
                out.push('"');
                i += 1;
                while i < c.len() && c[i] != '"' {
                    if c[i] == '\\' && i + 1 < c.len() {
                        out.push(c[i]);
                        i += 1;
                    }
                    out.push(c[i]);
                    i += 1;
                }
                if i < c.len() {
                    out.push('"');
                    i += 1;
                }
            }
            '\'' => {
                // a character literal ('x', '\n', '\u{..}', '"') or a lifetime ('a)
                let end = if c.get(i + 1) == Some(&'\\') {
                    (i + 2..c.len().min(i + 12)).find(|&k| c[k] == '\'')
                } else if c.get(i + 2) == Some(&'\'') {
                    Some(i + 2)
                } else {
                    None
                };
                match end {
                    Some(e) => {
                        out.extend(&c[i..=e]);
                        i = e + 1;
                    }
                    None => {
                        out.push('\'');
                        i += 1;
                    }
                }
            }
            ch => {
                out.push(ch);
                i += 1;
            }
        }
    }
    out
}

fn is_ident(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_'
}

/// Whether `word` stands at byte `at` of `line` as a whole identifier.
fn word_at(line: &str, at: usize, word: &str) -> bool {
    line[at..].starts_with(word)
        && !line[..at].chars().next_back().is_some_and(is_ident)
        && !line[at + word.len()..].chars().next().is_some_and(is_ident)
}

/// The line with the spaces around each `::` taken out (`crate :: store` is `crate::store`).
fn tight_paths(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(ch) = rest.chars().next() {
        if ch.is_whitespace() && (out.ends_with("::") || rest.trim_start().starts_with("::")) {
            rest = rest.trim_start();
            continue;
        }
        out.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    out
}

/// The places in one line of code that cross the boundary, each with what it names.
fn line_violations(line: &str, depth: usize) -> Vec<String> {
    let mut found = Vec::new();
    let squeezed = tight_paths(line);
    // `crate::store`, `periksa::exchange::…`, `::periksa::store`
    for root in ROOTS {
        for module in FORBIDDEN_MODULES {
            let path = format!("{root}::{module}");
            let hit = squeezed.match_indices(&path).any(|(at, _)| {
                !squeezed[..at].chars().next_back().is_some_and(is_ident)
                    && !squeezed[at + path.len()..]
                        .chars()
                        .next()
                        .is_some_and(is_ident)
            });
            if hit {
                found.push(path);
            }
        }
    }
    // `super::super::store` climbing from a front-end module up to the crate root
    if depth > 0 {
        let climb = "super::".repeat(depth);
        for module in FORBIDDEN_MODULES {
            let path = format!("{climb}{module}");
            if squeezed.match_indices(&path).any(|(at, _)| {
                !squeezed[..at].ends_with("super::")
                    && !squeezed[at + path.len()..]
                        .chars()
                        .next()
                        .is_some_and(is_ident)
            }) {
                found.push(path);
            }
        }
    }
    // the store behind the app: `app.store()`, `App::store(&app)`
    let no_space: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if no_space.contains(".store()") {
        found.push(".store()".into());
    }
    if squeezed
        .match_indices("App::store(")
        .any(|(at, _)| !squeezed[..at].chars().next_back().is_some_and(is_ident))
    {
        found.push("App::store(".into());
    }
    found
}

/// `use crate::{app, store::Store}` and the like (over several lines too): a forbidden module named
/// directly inside a group that starts at a root. Returns (line number, module) pairs.
fn group_violations(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let chars: Vec<(usize, char)> = code.char_indices().collect();
    let line_of = |byte: usize| code[..byte].matches('\n').count() + 1;
    for root in ROOTS {
        let open = format!("{root}::{{");
        for (start, _) in code.match_indices(&open) {
            if code[..start].chars().next_back().is_some_and(is_ident) {
                continue;
            }
            // walk the group; at depth 1, a segment that follows `{` or `,` is a top-level name
            let body = start + open.len();
            let mut level = 1;
            let mut expect_name = true;
            let mut k = chars.partition_point(|&(b, _)| b < body);
            while k < chars.len() && level > 0 {
                let (b, ch) = chars[k];
                match ch {
                    '{' => {
                        level += 1;
                        expect_name = false;
                    }
                    '}' => level -= 1,
                    ',' if level == 1 => expect_name = true,
                    ch if ch.is_whitespace() => {}
                    _ => {
                        if expect_name && level == 1 {
                            for module in FORBIDDEN_MODULES {
                                if word_at(code, b, module) {
                                    found.push((line_of(b), format!("{root}::{{{module}")));
                                }
                            }
                        }
                        expect_name = false;
                    }
                }
                k += 1;
            }
        }
    }
    found
}

#[test]
fn front_ends_name_the_app_layer_only() {
    let sources = front_end_sources();
    let count = |dir: &str| {
        sources
            .iter()
            .filter(|s| s.path.starts_with(root().join("src").join(dir)))
            .count()
    };
    // the scan must have read the front ends, or it proves nothing
    assert!(
        count("tui") >= 15 && count("cli") >= 8 && sources.len() >= 25,
        "the scan found too few files (tui {}, cli {}, all {}): has the tree moved?",
        count("tui"),
        count("cli"),
        sources.len()
    );
    let lines_read: usize = sources.iter().map(|s| s.text.lines().count()).sum();
    assert!(lines_read > 10_000, "only {lines_read} lines read");

    let mut problems = Vec::new();
    for s in &sources {
        let code = without_comments(&s.text);
        let original: Vec<&str> = s.text.lines().collect();
        let mut hits: Vec<(usize, String)> = Vec::new();
        for (n, line) in code.lines().enumerate() {
            for what in line_violations(line, s.depth) {
                hits.push((n + 1, what));
            }
        }
        hits.extend(group_violations(&code));
        hits.sort();
        hits.dedup();
        let rel = s.path.strip_prefix(root()).unwrap_or(&s.path);
        for (n, what) in hits {
            let text = original.get(n - 1).map_or("", |l| l.trim());
            problems.push(format!("{}:{n}: names {what}: {text}", rel.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "the front ends must go through the app layer (crate::app re-exports what they need; \
         add an app function for anything else). {} violation(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The checker itself: what it catches, and what it must let through.
#[test]
fn the_checker_tells_violations_from_look_alikes() {
    let caught = |code: &str, depth: usize| {
        let code = without_comments(code);
        let mut hits: Vec<String> = code
            .lines()
            .flat_map(|l| line_violations(l, depth))
            .collect();
        hits.extend(group_violations(&code).into_iter().map(|(_, w)| w));
        hits
    };
    for bad in [
        "use crate::store::Store;",
        "let s = crate::exchange::roster::MAX_FILE_BYTES;",
        "use periksa::store::event::Kind;",
        "use ::periksa::exchange;",
        "use crate::{app::App, store::Store};",
        "use crate::{\n    app::App,\n    exchange::{bundle, roster},\n};",
        "use periksa::{store, app};",
        "let d = app.store().device();",
        "let d = app\n    .store()\n    .device();",
        "let s = App::store(&app);",
        "use super::super::store::Store;",
    ] {
        assert!(!caught(bad, 2).is_empty(), "not caught: {bad}");
    }
    for fine in [
        "use crate::app::{self, App, Event, Kind};",
        "use super::exchange::KEYS;",
        "use crate::tui::screens::exchange;",
        "use crate::{app, tui::screens::exchange::ExchangeScreen};",
        "flag.store(true, Ordering::SeqCst);",
        "// use crate::store::Store; (the app re-exports it)",
        "/* app.store() */ let x = 1;",
        "/// `crate::exchange` reads files",
        "let url = \"https://example.org\"; let c = '\"'; let x = 1;",
        "fn restore() {} fn store_dir() {}",
        "use crate::storefront;",
        "use super::store;",
    ] {
        assert!(caught(fine, 2).is_empty(), "wrongly caught: {fine}");
    }
}
