//! The report settings file (`laporan.toml`): the letterhead (kop) with its optional logo, the paper and font, the signer, and the inspectorate's own wording of the LHP over the built-in `data/lhp.toml`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The built-in wording of the LHP and its confidential annex.
const WORDING: &str = include_str!("../../data/lhp.toml");

/// Largest settings file read (a letterhead is a few lines).
const MAX_BYTES: u64 = 256 * 1024;
/// Largest logo embedded.
pub const MAX_LOGO_BYTES: u64 = 5 * 1024 * 1024;

/// The paper the report is laid out on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    /// F4 / folio, 215 × 330 mm, common in Indonesian offices.
    F4,
}

impl Paper {
    /// Width and height in millimetres.
    pub fn mm(self) -> (u32, u32) {
        match self {
            Paper::A4 => (210, 297),
            Paper::F4 => (215, 330),
        }
    }

    fn parse(s: &str) -> Option<Paper> {
        match s.trim().to_ascii_uppercase().as_str() {
            "A4" => Some(Paper::A4),
            "F4" | "FOLIO" => Some(Paper::F4),
            _ => None,
        }
    }
}

/// The letterhead (kop surat).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Letterhead {
    /// `PEMERINTAH KABUPATEN SUKAMAJU`
    pub government: String,
    /// `INSPEKTORAT DAERAH`
    pub office: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub website: String,
    /// The logo as read from its file: PNG or JPEG bytes with their size in pixels.
    pub logo: Option<Logo>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    pub bytes: Vec<u8>,
    pub width_px: u32,
    pub height_px: u32,
}

/// Who signs the LHP: the title (jabatan) always from the settings; name, pangkat and NIP from
/// the settings when given, else from the engagement's penanggung jawab.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signer {
    pub title: String,
    pub name: String,
    pub rank: String,
    pub nip: String,
}

/// Everything the Word reports take besides the audit.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSettings {
    pub letterhead: Letterhead,
    pub paper: Paper,
    pub font: String,
    /// Where the report is dated (`Sukamaju, 15 Desember 2026`).
    pub place: String,
    pub signer: Signer,
    wording: BTreeMap<String, String>,
    /// The file the settings came from (none: the defaults).
    pub source: Option<PathBuf>,
}

/// The font of the report when the settings name none.
pub const DEFAULT_FONT: &str = "Bookman Old Style";

impl Default for ReportSettings {
    fn default() -> ReportSettings {
        ReportSettings {
            letterhead: Letterhead::default(),
            paper: Paper::A4,
            font: DEFAULT_FONT.to_string(),
            place: String::new(),
            signer: Signer::default(),
            wording: builtin_wording(),
            source: None,
        }
    }
}

fn builtin_wording() -> BTreeMap<String, String> {
    // the file is part of the build and tested to parse (a broken one fails the tests, not a user)
    toml::from_str(WORDING).unwrap_or_default()
}

impl ReportSettings {
    /// A fixed phrase of the report, with its `{name}` places filled.
    pub fn say(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = self
            .wording
            .get(key)
            .cloned()
            .unwrap_or_else(|| format!("[{key}]"));
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }
}

/// Why a settings file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    #[error("{file}: cannot read it: {reason}")]
    Unreadable {
        file: String,
        kind: std::io::ErrorKind,
        reason: String,
    },
    #[error("{file}: larger than {limit} bytes; a report settings file is a few lines")]
    TooLarge { file: String, limit: u64 },
    #[error("{file}, line {line}, column {column}: {detail}")]
    Syntax {
        file: String,
        line: usize,
        column: usize,
        detail: String,
    },
    #[error("{file}: paper {found:?} is not known: use A4 or F4")]
    Paper { file: String, found: String },
    #[error("{file}: [wording] has no phrase {key:?}; the phrases are those of data/lhp.toml")]
    UnknownPhrase { file: String, key: String },
    #[error("{file}: the logo {logo}: {reason}")]
    Logo {
        file: String,
        logo: String,
        kind: std::io::ErrorKind,
        reason: String,
    },
    #[error("{file}: the logo {logo} is larger than {limit} bytes")]
    LogoTooLarge {
        file: String,
        logo: String,
        limit: u64,
    },
    #[error("{file}: the logo {logo} is not a PNG or JPEG image")]
    NotAnImage { file: String, logo: String },
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct Raw {
    letterhead: RawLetterhead,
    page: RawPage,
    signer: RawSigner,
    wording: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawLetterhead {
    government: String,
    office: String,
    address: String,
    phone: String,
    email: String,
    website: String,
    logo: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawPage {
    paper: String,
    font: String,
    place: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RawSigner {
    title: String,
    name: String,
    rank: String,
    nip: String,
}

/// Line and column (from 1) of a byte offset.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// Read the settings file at `path` (its logo relative to it).
pub fn load(path: &Path) -> Result<ReportSettings, SettingsError> {
    let file = path.display().to_string();
    let unreadable = |e: std::io::Error| SettingsError::Unreadable {
        file: file.clone(),
        kind: e.kind(),
        reason: e.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.len() > MAX_BYTES {
        return Err(SettingsError::TooLarge {
            file,
            limit: MAX_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let base = path.parent().unwrap_or(Path::new("."));
    parse(&file, &bytes, base).map(|mut s| {
        s.source = Some(path.to_path_buf());
        s
    })
}

/// Settings from the text of a file named `file`; a logo is read relative to `base`.
pub fn parse(file: &str, bytes: &[u8], base: &Path) -> Result<ReportSettings, SettingsError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = position(
            std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
            e.valid_up_to(),
        );
        SettingsError::Syntax {
            file: file.to_string(),
            line,
            column,
            detail: "not UTF-8 text".into(),
        }
    })?;
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |span| position(text, span.start));
        SettingsError::Syntax {
            file: file.to_string(),
            line,
            column,
            detail: e.message().trim().to_string(),
        }
    })?;
    let mut wording = builtin_wording();
    for (key, value) in raw.wording {
        if !wording.contains_key(&key) {
            return Err(SettingsError::UnknownPhrase {
                file: file.to_string(),
                key,
            });
        }
        wording.insert(key, value);
    }
    let paper = match raw.page.paper.trim() {
        "" => Paper::A4,
        p => Paper::parse(p).ok_or_else(|| SettingsError::Paper {
            file: file.to_string(),
            found: p.to_string(),
        })?,
    };
    let logo = match raw.letterhead.logo.trim() {
        "" => None,
        name => Some(read_logo(file, &base.join(name), name)?),
    };
    let font = match raw.page.font.trim() {
        "" => DEFAULT_FONT.to_string(),
        f => f.to_string(),
    };
    let l = raw.letterhead;
    Ok(ReportSettings {
        letterhead: Letterhead {
            government: l.government.trim().to_string(),
            office: l.office.trim().to_string(),
            address: l.address.trim().to_string(),
            phone: l.phone.trim().to_string(),
            email: l.email.trim().to_string(),
            website: l.website.trim().to_string(),
            logo,
        },
        paper,
        font,
        place: raw.page.place.trim().to_string(),
        signer: Signer {
            title: raw.signer.title.trim().to_string(),
            name: raw.signer.name.trim().to_string(),
            rank: raw.signer.rank.trim().to_string(),
            nip: raw.signer.nip.trim().to_string(),
        },
        wording,
        source: None,
    })
}

fn read_logo(file: &str, path: &Path, name: &str) -> Result<Logo, SettingsError> {
    let err = |e: std::io::Error| SettingsError::Logo {
        file: file.to_string(),
        logo: name.to_string(),
        kind: e.kind(),
        reason: e.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(err)?;
    if meta.len() > MAX_LOGO_BYTES {
        return Err(SettingsError::LogoTooLarge {
            file: file.to_string(),
            logo: name.to_string(),
            limit: MAX_LOGO_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(err)?;
    let not_image = || SettingsError::NotAnImage {
        file: file.to_string(),
        logo: name.to_string(),
    };
    match imagesize::image_type(&bytes) {
        Ok(imagesize::ImageType::Png | imagesize::ImageType::Jpeg) => {}
        _ => return Err(not_image()),
    }
    let size = imagesize::blob_size(&bytes).map_err(|_| not_image())?;
    let (Ok(width_px), Ok(height_px)) = (u32::try_from(size.width), u32::try_from(size.height))
    else {
        return Err(not_image());
    };
    if width_px == 0 || height_px == 0 {
        return Err(not_image());
    }
    Ok(Logo {
        bytes,
        width_px,
        height_px,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest PNG: 1 × 1 pixel.
    pub(crate) const PNG_1X1: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00,
        0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];

    #[test]
    fn the_builtin_wording_reads_and_fills_its_places() {
        let s = ReportSettings::default();
        assert_eq!(s.say("bab1", &[]), "BAB I SIMPULAN DAN REKOMENDASI");
        assert_eq!(
            s.say("finding", &[("n", "2"), ("title", "SOP belum ada")]),
            "Temuan 2: SOP belum ada"
        );
        assert_eq!(s.say("no_such_phrase", &[]), "[no_such_phrase]");
        assert_eq!(s.paper, Paper::A4);
        assert_eq!(s.font, "Bookman Old Style");
    }

    #[test]
    fn a_settings_file_gives_the_letterhead_paper_signer_logo_and_wording() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("logo.png"), PNG_1X1).unwrap();
        let text = r#"
[letterhead]
government = " PEMERINTAH KABUPATEN SUKAMAJU "
office = "INSPEKTORAT DAERAH"
logo = "logo.png"

[page]
paper = "f4"
place = "Sukamaju"

[signer]
title = "INSPEKTUR DAERAH KABUPATEN SUKAMAJU"

[wording]
bab3 = "BAB III KESIMPULAN AKHIR"
"#;
        let s = parse("laporan.toml", text.as_bytes(), dir.path()).unwrap();
        assert_eq!(s.letterhead.government, "PEMERINTAH KABUPATEN SUKAMAJU");
        assert_eq!(s.paper, Paper::F4);
        assert_eq!(s.paper.mm(), (215, 330));
        assert_eq!(s.place, "Sukamaju");
        assert_eq!(s.signer.title, "INSPEKTUR DAERAH KABUPATEN SUKAMAJU");
        assert_eq!(s.say("bab3", &[]), "BAB III KESIMPULAN AKHIR");
        assert_eq!(s.say("bab1", &[]), "BAB I SIMPULAN DAN REKOMENDASI");
        let logo = s.letterhead.logo.unwrap();
        assert_eq!((logo.width_px, logo.height_px), (1, 1));
    }

    #[test]
    fn every_mistake_in_a_settings_file_is_named_with_its_place() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path();
        let err = |text: &str| parse("laporan.toml", text.as_bytes(), base).unwrap_err();
        assert!(matches!(
            err("[page]\npaper = \"A3\"\n"),
            SettingsError::Paper { found, .. } if found == "A3"
        ));
        assert!(matches!(
            err("[page]\npapper = \"A4\"\n"),
            SettingsError::Syntax {
                line: 2,
                column: 1,
                ..
            }
        ));
        assert!(matches!(
            err("[letterhead\n"),
            SettingsError::Syntax { line: 1, .. }
        ));
        assert!(matches!(
            err("[wording]\nbab9 = \"x\"\n"),
            SettingsError::UnknownPhrase { key, .. } if key == "bab9"
        ));
        assert!(matches!(
            err("[letterhead]\nlogo = \"tidak-ada.png\"\n"),
            SettingsError::Logo { .. }
        ));
        std::fs::write(base.join("bukan.png"), b"bukan gambar").unwrap();
        assert!(matches!(
            err("[letterhead]\nlogo = \"bukan.png\"\n"),
            SettingsError::NotAnImage { .. }
        ));
        assert!(matches!(
            parse("laporan.toml", b"\xFF\xFE", base).unwrap_err(),
            SettingsError::Syntax { .. }
        ));
    }
}
