//! The one export schema shared by CSV, XLSX and JSON: tables, column names, types and order.
//!
//! Defined here once and documented in `docs/EXPORT.md` (a test keeps the two in step). Every
//! table starts with the ids that join it to the others; names are snake_case Indonesian domain
//! words. A row is a typed struct; [`Row::values`] gives its cells in column order.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::money::Rupiah;

/// Bumped when a column is renamed, removed, retyped or moved; adding a column at the end of a
/// table is not a break and keeps the version.
pub const SCHEMA_VERSION: u32 = 1;

/// The type of a column, and so how each format writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColType {
    /// Text, as is.
    Text,
    /// A whole number.
    Integer,
    /// A decimal number (`.` as the decimal point in CSV and JSON).
    Decimal,
    /// A calendar date: `YYYY-MM-DD` in CSV and JSON, a date cell in XLSX.
    Date,
    /// A moment: RFC 3339 with the laptop's UTC offset in CSV and JSON, a date-time cell in the
    /// laptop's local time in XLSX.
    DateTime,
    /// A NIP: its plain 18 digits, always text (a string cell in XLSX).
    Nip,
    /// Several texts: joined with `; ` in CSV and XLSX, an array of strings in JSON.
    List,
}

impl ColType {
    pub fn name(self) -> &'static str {
        match self {
            ColType::Text => "text",
            ColType::Integer => "integer",
            ColType::Decimal => "decimal",
            ColType::Date => "date",
            ColType::DateTime => "datetime",
            ColType::Nip => "nip",
            ColType::List => "list",
        }
    }
}

/// One column of a table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// The column's code: the CSV header, the JSON key, the XLSX's hidden row of codes; what the
    /// round-trip reads a column by.
    pub name: &'static str,
    /// What a person reads in the XLSX's header row: the column in plain Indonesian (the working
    /// paper is Indonesian whatever the app's language). The round-trip takes it too, for a
    /// workbook whose hidden row of codes was deleted.
    pub label: &'static str,
    pub ty: ColType,
    /// The widest the column grows in XLSX (characters); its width follows its content up to this.
    pub width: f64,
}

/// One table: a CSV file, an XLSX sheet, a key of `tables` in JSON.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Table {
    /// The table's name: the CSV file (`NAME.csv`), the key in JSON.
    pub name: &'static str,
    /// The XLSX sheet's name (at most 31 characters): the table's name, unless people would
    /// mistake it; the round-trip reads a sheet by either.
    pub sheet: &'static str,
    /// What one row is, in a few words (for the documentation and the report).
    pub about: &'static str,
    pub columns: &'static [Column],
}

impl Table {
    /// The column a header cell names, by its code or its label (case and surrounding spaces
    /// ignored).
    pub fn column_named(&self, header: &str) -> Option<&'static Column> {
        let h = header.trim();
        if h.is_empty() {
            return None;
        }
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(h))
            .or_else(|| {
                let h = h.to_lowercase();
                self.columns.iter().find(|c| c.label.to_lowercase() == h)
            })
    }

    /// Whether a sheet or file named `name` (its stem) holds this table: the table's name or
    /// its sheet's (case and surrounding spaces ignored).
    pub fn is_named(&self, name: &str) -> bool {
        let n = name.trim();
        n.eq_ignore_ascii_case(self.name) || n.eq_ignore_ascii_case(self.sheet)
    }
}

const fn col(name: &'static str, label: &'static str, ty: ColType, width: f64) -> Column {
    Column {
        name,
        label,
        ty,
        width,
    }
}

use ColType::{Date, DateTime as Moment, Decimal, Integer, List, Nip, Text};

/// The audit summary: one row.
pub const RINGKASAN: Table = Table {
    name: "ringkasan",
    sheet: "ringkasan",
    about: "the audit: identity, scope, score, progress, findings by severity, team, sign-offs",
    columns: &[
        col("audit_id", "ID pemeriksaan", Text, 38.0),
        col("judul", "Judul pemeriksaan", Text, 40.0),
        col("kode_opd", "Kode OPD", Text, 12.0),
        col("nama_opd", "Nama OPD", Text, 32.0),
        col("checklist_id", "ID daftar uji", Text, 24.0),
        col("checklist_judul", "Judul daftar uji", Text, 36.0),
        col("checklist_versi", "Versi daftar uji", Text, 10.0),
        col("checklist_hash", "Hash daftar uji (BLAKE3)", Text, 20.0),
        col("nomor_surat_tugas", "Nomor surat tugas", Text, 24.0),
        col("periode", "Periode", Text, 10.0),
        col("periode_mulai", "Awal periode", Date, 12.0),
        col("periode_selesai", "Akhir periode", Date, 12.0),
        col("tahap", "Tahap", Text, 12.0),
        col("dibuat", "Dimulai", Moment, 17.0),
        col("diubah", "Terakhir diubah", Moment, 17.0),
        col("final_pada", "Final pada", Moment, 17.0),
        col("butir_dilihat", "Butir diperiksa", Integer, 8.0),
        col("butir_total", "Jumlah butir", Integer, 8.0),
        col("kepatuhan_persen", "Kepatuhan (%)", Decimal, 10.0),
        col("kepatuhan_nilai", "Nilai kepatuhan", Decimal, 10.0),
        col("kepatuhan_maks", "Nilai kepatuhan maksimum", Decimal, 10.0),
        col("temuan_tinggi", "Temuan tingkat tinggi", Integer, 8.0),
        col("temuan_sedang", "Temuan tingkat sedang", Integer, 8.0),
        col("temuan_rendah", "Temuan tingkat rendah", Integer, 8.0),
        col("tim", "Tim pemeriksa", List, 40.0),
        col(
            "paraf_anggota_tim_nama",
            "Paraf anggota tim: nama",
            Text,
            24.0,
        ),
        col(
            "paraf_anggota_tim_waktu",
            "Paraf anggota tim: waktu",
            Moment,
            17.0,
        ),
        col(
            "paraf_anggota_tim_status",
            "Paraf anggota tim: status",
            Text,
            12.0,
        ),
        col("paraf_ketua_tim_nama", "Paraf ketua tim: nama", Text, 24.0),
        col(
            "paraf_ketua_tim_waktu",
            "Paraf ketua tim: waktu",
            Moment,
            17.0,
        ),
        col(
            "paraf_ketua_tim_status",
            "Paraf ketua tim: status",
            Text,
            12.0,
        ),
        col(
            "paraf_pengendali_teknis_nama",
            "Paraf pengendali teknis: nama",
            Text,
            24.0,
        ),
        col(
            "paraf_pengendali_teknis_waktu",
            "Paraf pengendali teknis: waktu",
            Moment,
            17.0,
        ),
        col(
            "paraf_pengendali_teknis_status",
            "Paraf pengendali teknis: status",
            Text,
            12.0,
        ),
        col(
            "paraf_pengendali_mutu_nama",
            "Paraf pengendali mutu: nama",
            Text,
            24.0,
        ),
        col(
            "paraf_pengendali_mutu_waktu",
            "Paraf pengendali mutu: waktu",
            Moment,
            17.0,
        ),
        col(
            "paraf_pengendali_mutu_status",
            "Paraf pengendali mutu: status",
            Text,
            12.0,
        ),
    ],
};

/// The responses: one row per checklist item, in checklist order, answered or not.
pub const JAWABAN: Table = Table {
    name: "jawaban",
    sheet: "jawaban",
    about: "one checklist item of the pinned template and what was recorded for it",
    columns: &[
        col("audit_id", "ID pemeriksaan", Text, 38.0),
        col("kode_butir", "Kode butir", Text, 10.0),
        col("kode_bagian", "Kode bagian", Text, 10.0),
        col("bagian", "Bagian", Text, 30.0),
        col("pertanyaan", "Pertanyaan", Text, 60.0),
        col("dasar_kriteria", "Dasar kriteria", Text, 40.0),
        col("bobot", "Bobot", Integer, 7.0),
        col("jenis_jawaban", "Jenis jawaban", Text, 12.0),
        col("jawaban_kode", "Kode jawaban", Text, 14.0),
        col("jawaban", "Jawaban", Text, 16.0),
        col("catatan", "Catatan pemeriksa", Text, 60.0),
        col("bukti", "Bukti", List, 30.0),
        col("bukti_sha256", "SHA-256 bukti", List, 30.0),
        col("dicatat", "Dicatat pada", Moment, 17.0),
        col("dicatat_oleh", "Dicatat oleh", Text, 24.0),
        col("versi", "Versi", Text, 20.0),
    ],
};

/// The findings (temuan) with their five elements.
pub const TEMUAN: Table = Table {
    name: "temuan",
    sheet: "temuan",
    about: "one finding: its five elements, recommendation, auditee response, severity, follow-up",
    columns: &[
        col("temuan_id", "ID temuan", Text, 38.0),
        col("audit_id", "ID pemeriksaan", Text, 38.0),
        col("judul", "Judul temuan", Text, 40.0),
        col("butir", "Butir daftar uji", List, 14.0),
        col("kondisi", "Kondisi", Text, 60.0),
        col("kriteria", "Kriteria", Text, 60.0),
        col("sebab", "Sebab", Text, 50.0),
        col("akibat", "Akibat", Text, 50.0),
        col("rekomendasi", "Rekomendasi", Text, 60.0),
        col("tanggapan", "Tanggapan auditan", Text, 50.0),
        col("tingkat", "Tingkat", Text, 10.0),
        col("tindak_lanjut_kode", "Kode tindak lanjut", Integer, 8.0),
        col("tindak_lanjut", "Status tindak lanjut", Text, 28.0),
        col("tindak_lanjut_catatan", "Catatan tindak lanjut", Text, 40.0),
        col("batas_waktu", "Batas waktu tindak lanjut", Date, 12.0),
        col("nip_terkait", "NIP terkait", List, 22.0),
        col("dibuat", "Dibuat pada", Moment, 17.0),
        col("diubah", "Diubah pada", Moment, 17.0),
        col("dibuat_oleh", "Dibuat oleh", Text, 24.0),
        col("versi", "Versi", Text, 20.0),
        col("kode_temuan", "Kode temuan", Text, 10.0),
        col("kode_sebab", "Kode sebab", Text, 10.0),
        col("temuan_berulang", "Temuan berulang dari", Text, 38.0),
    ],
};

/// The rating recommendations, one per ASN and period. Its sheet is not called `rekomendasi`,
/// which people took for a finding's recommendations; earlier releases named it so, and the
/// round-trip still reads that name.
pub const REKOMENDASI: Table = Table {
    name: "rekomendasi",
    sheet: "rekomendasi_predikat",
    about: "one rating recommendation for one ASN: hasil kerja, perilaku kerja, predikat",
    columns: &[
        col("rekomendasi_id", "ID rekomendasi", Text, 38.0),
        col("audit_id", "ID pemeriksaan", Text, 38.0),
        col("nip", "NIP", Nip, 20.0),
        col("nama", "Nama", Text, 30.0),
        col("jabatan", "Jabatan", Text, 30.0),
        col("periode", "Periode penilaian", Text, 10.0),
        col("hasil_kerja", "Hasil kerja", Text, 20.0),
        col("perilaku_kerja", "Perilaku kerja", Text, 20.0),
        col("predikat", "Predikat kinerja", Text, 18.0),
        col("justifikasi", "Justifikasi", Text, 50.0),
        col("catatan_berakhlak", "Catatan BerAKHLAK", Text, 40.0),
        col("temuan_terkait", "Temuan terkait", List, 38.0),
        col(
            "tindak_lanjut",
            "Tindak lanjut yang direkomendasikan",
            Text,
            36.0,
        ),
        col("status", "Status", Text, 8.0),
        col("dibuat", "Dibuat pada", Moment, 17.0),
        col("dibuat_oleh", "Dibuat oleh", Text, 24.0),
        col("versi", "Versi", Text, 20.0),
    ],
};

/// The open recommendations of the same agency's earlier final audits, which the team looks at
/// during this audit (Tindak lanjut hasil pemeriksaan sebelumnya): one row per recommendation,
/// as the follow-up register has it. For reading only: the round-trip does not import it.
pub const TINDAK_LANJUT_SEBELUMNYA: Table = Table {
    name: "tindak_lanjut_sebelumnya",
    sheet: "tindak_lanjut_sebelumnya",
    about: "one open recommendation of an earlier final audit of the same agency",
    columns: &[
        col("audit_id", "ID pemeriksaan", Text, 38.0),
        col(
            "audit_sebelumnya_id",
            "ID pemeriksaan sebelumnya",
            Text,
            38.0,
        ),
        col(
            "judul_pemeriksaan",
            "Judul pemeriksaan sebelumnya",
            Text,
            40.0,
        ),
        col("nomor_lhp", "Nomor LHP", Text, 24.0),
        col("tanggal_lhp", "Tanggal LHP", Date, 12.0),
        col("temuan_id", "ID temuan", Text, 38.0),
        col("judul_temuan", "Judul temuan", Text, 40.0),
        col("kode_temuan", "Kode temuan", Text, 10.0),
        col("no_rekomendasi", "Nomor rekomendasi", Integer, 8.0),
        col("kode_rekomendasi", "Kode rekomendasi", Text, 10.0),
        col("rekomendasi", "Rekomendasi", Text, 60.0),
        col("penanggung_jawab", "Penanggung jawab", Text, 30.0),
        col("nilai", "Nilai temuan/kerugian (Rp)", Decimal, 18.0),
        col(
            "dikembalikan",
            "Telah dikembalikan/disetor (Rp)",
            Decimal,
            18.0,
        ),
        col("tindak_lanjut_kode", "Kode tindak lanjut", Integer, 8.0),
        col("tindak_lanjut", "Status tindak lanjut", Text, 28.0),
        col("batas_waktu", "Batas waktu tindak lanjut", Date, 12.0),
        col("hari_terlambat", "Hari terlambat", Integer, 9.0),
        col(
            "entri_belum_diverifikasi",
            "Laporan tindak lanjut belum diverifikasi",
            Integer,
            10.0,
        ),
    ],
};

/// Every table, in the order each format writes them.
pub const TABLES: [&Table; 5] = [
    &RINGKASAN,
    &JAWABAN,
    &TEMUAN,
    &REKOMENDASI,
    &TINDAK_LANJUT_SEBELUMNYA,
];

/// One cell value, borrowed from its row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Text(&'a str),
    Integer(i64),
    Decimal(f64),
    Date(NaiveDate),
    DateTime(DateTime<Utc>),
    Nip(&'a str),
    List(Vec<&'a str>),
}

impl Value<'_> {
    /// Whether the value may stand in a column of type `ty` (`Null` fits any).
    pub fn fits(&self, ty: ColType) -> bool {
        matches!(
            (self, ty),
            (Value::Null, _)
                | (Value::Text(_), ColType::Text)
                | (Value::Integer(_), ColType::Integer)
                | (Value::Decimal(_), ColType::Decimal)
                | (Value::Date(_), ColType::Date)
                | (Value::DateTime(_), ColType::DateTime)
                | (Value::Nip(_), ColType::Nip)
                | (Value::List(_), ColType::List)
        )
    }
}

fn text(s: &str) -> Value<'_> {
    Value::Text(s)
}
fn opt_text(s: &Option<String>) -> Value<'_> {
    s.as_deref().map_or(Value::Null, Value::Text)
}
/// A text that is empty when there is none.
fn opt(s: &str) -> Value<'_> {
    if s.is_empty() {
        Value::Null
    } else {
        Value::Text(s)
    }
}
fn list(v: &[String]) -> Value<'_> {
    Value::List(v.iter().map(String::as_str).collect())
}
fn int(n: usize) -> Value<'static> {
    Value::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}
fn date(d: Option<NaiveDate>) -> Value<'static> {
    d.map_or(Value::Null, Value::Date)
}
fn moment(t: Option<DateTime<Utc>>) -> Value<'static> {
    t.map_or(Value::Null, Value::DateTime)
}
fn dec(x: Option<f64>) -> Value<'static> {
    x.filter(|x| x.is_finite())
        .map_or(Value::Null, Value::Decimal)
}
/// Rupiah as a number of rupiah (the sen as decimals), never as text.
fn rupiah(r: Option<Rupiah>) -> Value<'static> {
    dec(r.map(|r| r.sen() as f64 / 100.0))
}
fn int64(n: Option<i64>) -> Value<'static> {
    n.map_or(Value::Null, Value::Integer)
}

/// One role's sign-off in the summary.
#[derive(Debug, Clone, PartialEq)]
pub struct SignOffCell {
    /// The role as the review chain names it, e.g. `Ketua Tim`.
    pub role: String,
    pub name: Option<String>,
    pub at: Option<DateTime<Utc>>,
    /// `belum` (not signed), `berlaku` (signed for the current state) or `kedaluwarsa` (stale:
    /// the audit changed after it was signed).
    pub status: &'static str,
}

/// The one row of `ringkasan`.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    pub audit_id: String,
    pub title: String,
    pub agency_code: String,
    pub agency_name: String,
    pub checklist_id: String,
    pub checklist_title: String,
    pub checklist_version: String,
    pub checklist_hash: String,
    pub letter: Option<String>,
    pub period: Option<String>,
    /// The period as people say it, e.g. `Semester I 2026` (for the report).
    pub period_label: Option<String>,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub phase: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub finalised_at: Option<DateTime<Utc>>,
    pub looked_at: usize,
    pub total: usize,
    pub compliance_percent: Option<f64>,
    pub earned: f64,
    pub possible: f64,
    /// Findings by severity: high, medium, low.
    pub findings_high: usize,
    pub findings_medium: usize,
    pub findings_low: usize,
    pub team: Vec<String>,
    /// The four roles of the review chain, in signing order.
    pub signoffs: [SignOffCell; 4],
}

/// One row of `jawaban`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseRow {
    pub audit_id: String,
    pub item: String,
    pub section: String,
    pub section_title: String,
    pub text: String,
    pub criteria: String,
    pub weight: u32,
    pub answer_kind: &'static str,
    pub answer_code: Option<String>,
    pub answer_label: Option<String>,
    pub note: Option<String>,
    pub evidence: Vec<String>,
    pub evidence_sha256: Vec<String>,
    pub at: Option<DateTime<Utc>>,
    pub by: Option<String>,
    /// The version of the response exported (see `versi` in docs/EXPORT.md); empty when the item
    /// was never recorded.
    pub version: String,
}

/// One row of `temuan`.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingRow {
    pub id: String,
    pub audit_id: String,
    pub title: String,
    pub items: Vec<String>,
    pub kondisi: String,
    pub kriteria: String,
    pub sebab: String,
    pub akibat: String,
    /// The recommendations' texts: the text alone, or numbered lines (`1. …`).
    pub rekomendasi: String,
    pub tanggapan: String,
    pub severity: String,
    pub followup_code: u8,
    pub followup: String,
    pub followup_note: String,
    pub due: Option<NaiveDate>,
    pub nips: Vec<String>,
    /// The roster's name of each NIP in `nips`, in the same order (none when the roster no longer
    /// has it); for the report, which names people, not a column.
    pub nip_names: Vec<Option<String>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub created_by: String,
    /// The version of the finding exported: its content's and its follow-up's.
    pub version: String,
    pub code: String,
    pub cause_code: String,
    /// The id of the earlier finding it repeats (empty when none).
    pub repeat_of: String,
}

/// One row of `rekomendasi`.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingRow {
    pub id: String,
    pub audit_id: String,
    pub nip: String,
    pub name: Option<String>,
    pub position: Option<String>,
    pub period: String,
    /// The period as people say it (for the report).
    pub period_label: String,
    pub hasil: String,
    pub perilaku: String,
    pub predikat: String,
    pub justification: String,
    pub berakhlak: String,
    pub findings: Vec<String>,
    pub action: String,
    pub status: &'static str,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    /// The version of the recommendation exported.
    pub version: String,
}

/// One row of `tindak_lanjut_sebelumnya`: an open recommendation of an earlier final audit.
#[derive(Debug, Clone, PartialEq)]
pub struct EarlierFollowUpRow {
    /// This audit's id (the export's), as in every table.
    pub audit_id: String,
    pub earlier_audit_id: String,
    pub earlier_title: String,
    /// The earlier audit's LHP number (empty until given) and date.
    pub lhp_number: String,
    pub lhp_date: NaiveDate,
    pub finding_id: String,
    pub finding_title: String,
    pub finding_code: String,
    /// The recommendation's number in its finding, its code and text.
    pub no: u16,
    pub code: String,
    pub recommendation: String,
    /// The responsible official, `name, position`.
    pub official: String,
    /// Nilai temuan/kerugian, where the recommendation is about money.
    pub value: Option<Rupiah>,
    /// Returned or deposited (accepted); none when the recommendation is not about money.
    pub returned: Option<Rupiah>,
    pub followup_code: u8,
    pub followup: String,
    pub due: Option<NaiveDate>,
    /// Days past the due date.
    pub overdue: Option<i64>,
    /// Follow-up entries reported and not yet verified.
    pub unverified: usize,
}

/// A row of one of the tables.
#[derive(Debug, Clone, Copy)]
pub enum Row<'a> {
    Summary(&'a SummaryRow),
    Response(&'a ResponseRow),
    Finding(&'a FindingRow),
    Rating(&'a RatingRow),
    Earlier(&'a EarlierFollowUpRow),
}

impl<'a> Row<'a> {
    pub fn table(&self) -> &'static Table {
        match self {
            Row::Summary(_) => &RINGKASAN,
            Row::Response(_) => &JAWABAN,
            Row::Finding(_) => &TEMUAN,
            Row::Rating(_) => &REKOMENDASI,
            Row::Earlier(_) => &TINDAK_LANJUT_SEBELUMNYA,
        }
    }

    /// The cells in the table's column order.
    pub fn values(&self) -> Vec<Value<'a>> {
        match *self {
            Row::Summary(r) => {
                let mut v = vec![
                    text(&r.audit_id),
                    text(&r.title),
                    text(&r.agency_code),
                    text(&r.agency_name),
                    text(&r.checklist_id),
                    text(&r.checklist_title),
                    text(&r.checklist_version),
                    text(&r.checklist_hash),
                    opt_text(&r.letter),
                    opt_text(&r.period),
                    date(r.period_start),
                    date(r.period_end),
                    text(&r.phase),
                    Value::DateTime(r.created_at),
                    Value::DateTime(r.updated_at),
                    moment(r.finalised_at),
                    int(r.looked_at),
                    int(r.total),
                    dec(r.compliance_percent.map(|p| (p * 10.0).round() / 10.0)),
                    dec(Some(r.earned)),
                    dec(Some(r.possible)),
                    int(r.findings_high),
                    int(r.findings_medium),
                    int(r.findings_low),
                    list(&r.team),
                ];
                for s in &r.signoffs {
                    v.push(opt_text(&s.name));
                    v.push(moment(s.at));
                    v.push(Value::Text(s.status));
                }
                v
            }
            Row::Response(r) => vec![
                text(&r.audit_id),
                text(&r.item),
                text(&r.section),
                text(&r.section_title),
                text(&r.text),
                text(&r.criteria),
                Value::Integer(i64::from(r.weight)),
                Value::Text(r.answer_kind),
                opt_text(&r.answer_code),
                opt_text(&r.answer_label),
                opt_text(&r.note),
                list(&r.evidence),
                list(&r.evidence_sha256),
                moment(r.at),
                opt_text(&r.by),
                opt(&r.version),
            ],
            Row::Finding(r) => vec![
                text(&r.id),
                text(&r.audit_id),
                text(&r.title),
                list(&r.items),
                text(&r.kondisi),
                text(&r.kriteria),
                text(&r.sebab),
                text(&r.akibat),
                text(&r.rekomendasi),
                text(&r.tanggapan),
                text(&r.severity),
                Value::Integer(i64::from(r.followup_code)),
                text(&r.followup),
                text(&r.followup_note),
                date(r.due),
                list(&r.nips),
                Value::DateTime(r.created_at),
                Value::DateTime(r.updated_at),
                text(&r.created_by),
                opt(&r.version),
                text(&r.code),
                text(&r.cause_code),
                text(&r.repeat_of),
            ],
            Row::Rating(r) => vec![
                text(&r.id),
                text(&r.audit_id),
                Value::Nip(&r.nip),
                opt_text(&r.name),
                opt_text(&r.position),
                text(&r.period),
                text(&r.hasil),
                text(&r.perilaku),
                text(&r.predikat),
                text(&r.justification),
                text(&r.berakhlak),
                list(&r.findings),
                text(&r.action),
                Value::Text(r.status),
                Value::DateTime(r.created_at),
                text(&r.created_by),
                opt(&r.version),
            ],
            Row::Earlier(r) => vec![
                text(&r.audit_id),
                text(&r.earlier_audit_id),
                text(&r.earlier_title),
                opt(&r.lhp_number),
                Value::Date(r.lhp_date),
                text(&r.finding_id),
                text(&r.finding_title),
                opt(&r.finding_code),
                Value::Integer(i64::from(r.no)),
                opt(&r.code),
                text(&r.recommendation),
                opt(&r.official),
                rupiah(r.value),
                rupiah(r.returned),
                Value::Integer(i64::from(r.followup_code)),
                text(&r.followup),
                date(r.due),
                int64(r.overdue),
                int(r.unverified),
            ],
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000, 0).unwrap()
    }

    pub(crate) fn summary() -> SummaryRow {
        let s = |role: &str, status| SignOffCell {
            role: role.into(),
            name: None,
            at: None,
            status,
        };
        SummaryRow {
            audit_id: "a1".into(),
            title: "Pemeriksaan <Dinas> & \"Pelayanan\"".into(),
            agency_code: "DINSOS".into(),
            agency_name: "Dinas Sosial".into(),
            checklist_id: "pelayanan-publik".into(),
            checklist_title: "Standar Pelayanan Publik".into(),
            checklist_version: "1.0".into(),
            checklist_hash: "ab".repeat(32),
            letter: Some("700/12/ST/2026".into()),
            period: Some("2026-S1".into()),
            period_label: Some("Semester I 2026".into()),
            period_start: NaiveDate::from_ymd_opt(2026, 1, 1),
            period_end: NaiveDate::from_ymd_opt(2026, 6, 30),
            phase: "Pelaksanaan".into(),
            created_at: t0(),
            updated_at: t0(),
            finalised_at: None,
            looked_at: 2,
            total: 3,
            compliance_percent: Some(62.5),
            earned: 2.5,
            possible: 4.0,
            findings_high: 1,
            findings_medium: 0,
            findings_low: 0,
            team: vec!["Rina".into(), "Budi".into()],
            signoffs: [
                SignOffCell {
                    role: "Anggota Tim".into(),
                    name: Some("Budi".into()),
                    at: Some(t0()),
                    status: "berlaku",
                },
                s("Ketua Tim", "belum"),
                s("Pengendali Teknis", "belum"),
                s("Pengendali Mutu", "belum"),
            ],
        }
    }

    pub(crate) fn response() -> ResponseRow {
        ResponseRow {
            audit_id: "a1".into(),
            item: "SP-01".into(),
            section: "SP".into(),
            section_title: "Standar Pelayanan".into(),
            text: "Standar pelayanan ditetapkan?".into(),
            criteria: "PermenPANRB 15/2014".into(),
            weight: 2,
            answer_kind: "compliance",
            answer_code: Some("partial".into()),
            answer_label: Some("Sebagian".into()),
            note: Some("Baru sebagian, lihat \"SK\"; belum dipublikasikan".into()),
            evidence: vec!["sk.pdf".into(), "foto papan.jpg".into()],
            evidence_sha256: vec!["00".repeat(32), "11".repeat(32)],
            at: Some(t0()),
            by: Some("Rina".into()),
            version: "ab".repeat(32),
        }
    }

    pub(crate) fn finding() -> FindingRow {
        FindingRow {
            id: "f1".into(),
            audit_id: "a1".into(),
            title: "Maklumat <b>belum</b> dipasang".into(),
            items: vec!["SP-01".into()],
            kondisi: "Kondisi\nbaris dua".into(),
            kriteria: "Kriteria | pasal 5".into(),
            sebab: "Sebab *penting*".into(),
            akibat: "Akibat".into(),
            rekomendasi: "Rekomendasi".into(),
            tanggapan: "".into(),
            severity: "Tinggi".into(),
            followup_code: 3,
            followup: "Belum ditindaklanjuti".into(),
            followup_note: "".into(),
            due: NaiveDate::from_ymd_opt(2026, 9, 1),
            nips: vec!["198609262015051001".into()],
            nip_names: vec![Some("Siti Rahmawati".into())],
            created_at: t0(),
            updated_at: t0(),
            created_by: "Rina".into(),
            version: format!("{}/{}", "cd".repeat(32), "ef".repeat(32)),
            code: "1.04".into(),
            cause_code: String::new(),
            repeat_of: String::new(),
        }
    }

    pub(crate) fn rating() -> RatingRow {
        RatingRow {
            id: "r1".into(),
            audit_id: "a1".into(),
            nip: "198609262015051001".into(),
            name: Some("Siti".into()),
            position: Some("Kepala Seksi".into()),
            period: "2026".into(),
            period_label: "Tahun 2026".into(),
            hasil: "Sesuai Ekspektasi".into(),
            perilaku: "Di Bawah Ekspektasi".into(),
            predikat: "Butuh Perbaikan".into(),
            justification: "Lihat temuan".into(),
            berakhlak: "Akuntabel: laporan terlambat".into(),
            findings: vec!["f1".into()],
            action: "Pembinaan".into(),
            status: "draf",
            created_at: t0(),
            created_by: "Rina".into(),
            version: "12".repeat(32),
        }
    }

    pub(crate) fn earlier() -> EarlierFollowUpRow {
        EarlierFollowUpRow {
            audit_id: "a2".into(),
            earlier_audit_id: "a1".into(),
            earlier_title: "Pemeriksaan 2026".into(),
            lhp_number: "700/5/LHP/2026".into(),
            lhp_date: NaiveDate::from_ymd_opt(2026, 8, 3).unwrap(),
            finding_id: "f1".into(),
            finding_title: "Maklumat belum dipasang".into(),
            finding_code: "1.04".into(),
            no: 2,
            code: "06".into(),
            recommendation: "Kepala Dinas menetapkan maklumat".into(),
            official: "Siti, Kepala Seksi".into(),
            value: Some(Rupiah::from_sen(125_000_050)),
            returned: Some(Rupiah::from_rupiah(500_000)),
            followup_code: 3,
            followup: "Belum ditindaklanjuti".into(),
            due: NaiveDate::from_ymd_opt(2026, 10, 1),
            overdue: Some(12),
            unverified: 1,
        }
    }

    #[test]
    fn every_row_fits_its_table() {
        let (s, r, f, g, e) = (summary(), response(), finding(), rating(), earlier());
        for row in [
            Row::Summary(&s),
            Row::Response(&r),
            Row::Finding(&f),
            Row::Rating(&g),
            Row::Earlier(&e),
        ] {
            let t = row.table();
            let values = row.values();
            assert_eq!(values.len(), t.columns.len(), "{}", t.name);
            for (v, c) in values.iter().zip(t.columns) {
                assert!(v.fits(c.ty), "{}.{}: {v:?}", t.name, c.name);
            }
        }
    }

    #[test]
    fn earlier_recommendations_keep_rupiah_as_numbers_and_empty_as_null() {
        let e = earlier();
        let at = |name: &str| {
            TINDAK_LANJUT_SEBELUMNYA
                .columns
                .iter()
                .position(|c| c.name == name)
                .unwrap()
        };
        let v = Row::Earlier(&e).values();
        assert_eq!(v[at("audit_id")], Value::Text("a2"));
        assert_eq!(v[at("audit_sebelumnya_id")], Value::Text("a1"));
        assert_eq!(v[at("nilai")], Value::Decimal(1_250_000.5));
        assert_eq!(v[at("dikembalikan")], Value::Decimal(500_000.0));
        assert_eq!(v[at("no_rekomendasi")], Value::Integer(2));
        assert_eq!(v[at("tindak_lanjut_kode")], Value::Integer(3));
        assert_eq!(v[at("hari_terlambat")], Value::Integer(12));
        assert_eq!(v[at("entri_belum_diverifikasi")], Value::Integer(1));
        // not about money, not late, no LHP number or codes yet: empty cells
        let e = EarlierFollowUpRow {
            lhp_number: String::new(),
            finding_code: String::new(),
            code: String::new(),
            value: None,
            returned: None,
            due: None,
            overdue: None,
            ..earlier()
        };
        let v = Row::Earlier(&e).values();
        for name in [
            "nomor_lhp",
            "kode_temuan",
            "kode_rekomendasi",
            "nilai",
            "dikembalikan",
            "batas_waktu",
            "hari_terlambat",
        ] {
            assert_eq!(v[at(name)], Value::Null, "{name}");
        }
        // its follow-up columns are the temuan table's, by name and label
        for name in ["tindak_lanjut_kode", "tindak_lanjut", "batas_waktu"] {
            assert_eq!(
                TINDAK_LANJUT_SEBELUMNYA.columns[at(name)],
                *TEMUAN.column_named(name).unwrap()
            );
        }
    }

    #[test]
    fn column_names_are_unique_snake_case() {
        for t in TABLES {
            let mut seen = std::collections::HashSet::new();
            for c in t.columns {
                assert!(seen.insert(c.name), "{}.{} twice", t.name, c.name);
                assert!(
                    c.name
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_'),
                    "{}",
                    c.name
                );
            }
        }
    }

    #[test]
    fn the_documentation_lists_every_column_in_order() {
        let doc = include_str!("../../../docs/EXPORT.md");
        for t in TABLES {
            let heading = format!("### `{}`", t.name);
            let at = doc
                .find(&heading)
                .unwrap_or_else(|| panic!("docs/EXPORT.md has no {heading}"));
            let rest = &doc[at + heading.len()..];
            let section = &rest[..rest.find("\n### ").unwrap_or(rest.len())];
            let documented: Vec<(String, String, String)> = section
                .lines()
                .filter(|l| l.starts_with("| `"))
                .map(|l| {
                    let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                    (
                        cells[1].trim_matches('`').to_string(),
                        cells[2].to_string(),
                        cells[3].to_string(),
                    )
                })
                .collect();
            let defined: Vec<(String, String, String)> = t
                .columns
                .iter()
                .map(|c| {
                    (
                        c.name.to_string(),
                        c.label.to_string(),
                        c.ty.name().to_string(),
                    )
                })
                .collect();
            assert_eq!(documented, defined, "table {}", t.name);
            if t.sheet != t.name {
                assert!(
                    section.contains(&format!("`{}`", t.sheet)),
                    "docs/EXPORT.md does not name the sheet {} of {}",
                    t.sheet,
                    t.name
                );
            }
        }
    }

    #[test]
    fn labels_are_unique_and_name_no_other_column() {
        for t in TABLES {
            let mut seen = std::collections::HashSet::new();
            for c in t.columns {
                assert!(!c.label.trim().is_empty(), "{}.{}", t.name, c.name);
                assert_eq!(c.label, c.label.trim(), "{}.{}", t.name, c.name);
                assert!(
                    seen.insert(c.label.to_lowercase()),
                    "{}: label {:?} twice",
                    t.name,
                    c.label
                );
                // a header cell names one column, whether it holds a code or a label
                assert_eq!(t.column_named(c.label), Some(c), "{}.{}", t.name, c.name);
                assert_eq!(t.column_named(c.name), Some(c), "{}.{}", t.name, c.name);
            }
        }
        assert_eq!(
            JAWABAN.column_named(" kode BUTIR ").map(|c| c.name),
            Some("kode_butir")
        );
        assert_eq!(
            TEMUAN.column_named("Kode tindak lanjut").map(|c| c.name),
            Some("tindak_lanjut_kode")
        );
        assert_eq!(TEMUAN.column_named("paraf"), None);
        assert_eq!(TEMUAN.column_named(""), None);
    }

    #[test]
    fn sheet_names_are_ones_a_workbook_takes_and_the_old_name_still_reads() {
        let mut seen = std::collections::HashSet::new();
        for t in TABLES {
            // Excel's rules: 1 to 31 characters, none of []:*?/\, unique without regard to case
            assert!((1..=31).contains(&t.sheet.chars().count()), "{}", t.sheet);
            assert!(!t.sheet.contains(['[', ']', ':', '*', '?', '/', '\\']));
            assert!(seen.insert(t.sheet.to_lowercase()), "{} twice", t.sheet);
            assert!(t.is_named(t.name) && t.is_named(t.sheet));
        }
        // the rating recommendations are not a sheet people take for a finding's recommendations
        assert_eq!(REKOMENDASI.sheet, "rekomendasi_predikat");
        assert!(REKOMENDASI.is_named("Rekomendasi"));
        assert!(!TEMUAN.is_named("rekomendasi_predikat"));
        // the earlier audits' recommendations come last, after the rating recommendations
        assert_eq!(
            TABLES.last().map(|t| t.name),
            Some("tindak_lanjut_sebelumnya")
        );
        assert!(!REKOMENDASI.is_named(TINDAK_LANJUT_SEBELUMNYA.sheet));
    }
}
