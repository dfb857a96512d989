//! The LHP as a document model: what the report says, in the order it says it, with every person named by name and grouped NIP and no internal id — built by the application layer, written by the Word writer (and its confidential ASN annex).

use crate::domain::engagement::Engagement;

/// Counts of one checklist section for the results table (every answer kind counted, so the
/// columns add up to the items looked at).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SectionCounts {
    pub code: String,
    pub title: String,
    pub items: usize,
    pub looked_at: usize,
    pub compliant: usize,
    pub partial: usize,
    pub noncompliant: usize,
    pub na: usize,
    /// Answers of the other kinds: a score, a number, ya/tidak.
    pub other: usize,
}

/// One finding as the LHP states it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingEntry {
    pub title: String,
    /// Tingkat, in Indonesian.
    pub severity: String,
    /// The checklist items it rests on (codes).
    pub items: Vec<String>,
    pub kondisi: String,
    pub kriteria: String,
    pub sebab: String,
    pub akibat: String,
    pub tanggapan: String,
    /// Kode temuan and kode sebab with what they stand for (`1.04 Administrasi`); empty when none.
    pub code: String,
    pub cause_code: String,
    /// Each recommendation's text, with its code when it has one.
    pub recommendations: Vec<String>,
    /// The ASN involved: `Nama, NIP 19710128 200202 2 001` (the NIP alone when not on the roster).
    pub persons: Vec<String>,
    /// The earlier finding it repeats, as the LHP names it (empty when none).
    pub repeat: String,
}

/// One open recommendation of an earlier audit of the same agency.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EarlierEntry {
    /// `700/12/LHP/2026, 15 Desember 2026` (the date alone before a number is given).
    pub lhp: String,
    pub finding: String,
    pub recommendation: String,
    /// `3 Belum ditindaklanjuti`.
    pub status: String,
    /// `13 Februari 2027` (empty when none applies).
    pub due: String,
}

/// A public-satisfaction survey recorded with the audit, its figures written the Indonesian way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SurveyEntry {
    /// The item whose answer it is.
    pub item: String,
    pub file: String,
    pub unit: String,
    pub period: String,
    pub respondents: String,
    /// Each unsur: `U1 Persyaratan`, total, NRR (`3,25`), weighted NRR (`0,361`), and a bar of
    /// the NRR drawn in block characters (one block per 0,25).
    pub unsur: Vec<[String; 5]>,
    pub interval: String,
    pub ikm: String,
    pub mutu: String,
    pub kinerja: String,
    /// `79,06` with the rounded weight `0,11`, when the form has nine unsur.
    pub rounded: Option<(String, String)>,
    /// `U8 Penanganan Pengaduan, Saran dan Masukan (2,25)`, weakest first.
    pub weakest: Vec<String>,
    /// The minimum sample and whether it is met, when a population was given.
    pub sample: Option<(String, String, bool)>,
    /// The unit's IKM in earlier audits: `2025 (Pemeriksaan …): 79,86 (B)`.
    pub earlier: Vec<String>,
}

/// One rating recommendation, for the confidential annex only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RatingEntry {
    /// `Nama, NIP …`
    pub person: String,
    pub position: String,
    pub period: String,
    pub hasil: String,
    pub perilaku: String,
    pub predikat: String,
    pub action: String,
    pub justification: String,
    /// The numbers (from 1) of the LHP's findings it rests on.
    pub findings: Vec<usize>,
}

/// Who signs, resolved from the settings and the engagement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignerEntry {
    /// Jabatan, e.g. `INSPEKTUR DAERAH KABUPATEN SUKAMAJU`.
    pub title: String,
    pub name: String,
    pub rank: String,
    /// `NIP 19710128 200202 1 001`, or empty.
    pub nip: String,
}

/// The whole LHP.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lhp {
    pub audit_title: String,
    pub agency: String,
    /// The agency's region (`Kabupaten Sukamaju`).
    pub region: String,
    /// The period as people say it (`Semester II 2026`).
    pub period: Option<String>,
    pub checklist: String,
    pub engagement: Engagement,
    pub items: usize,
    pub looked_at: usize,
    /// The compliance score as Indonesians write it (`62,9%`), if anything was scored.
    pub compliance: Option<String>,
    pub sections: Vec<SectionCounts>,
    /// The surveys (SKM) recorded with the audit.
    pub surveys: Vec<SurveyEntry>,
    pub findings: Vec<FindingEntry>,
    /// The recommendations of earlier audits of the agency still open when this LHP is made.
    pub earlier: Vec<EarlierEntry>,
    pub ratings: Vec<RatingEntry>,
    pub signer: SignerEntry,
    /// The date line's date (`15 Desember 2026`): the LHP's date, else empty for the team to fill.
    pub date: String,
    /// When it was made, Indonesian style, for the colophon.
    pub made_at: String,
    /// The first digits of the state hash, for the colophon.
    pub state_hash: String,
}
