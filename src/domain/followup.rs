//! Finding severity and follow-up (tindak lanjut) status, PP 94/2021 discipline levels, BerAKHLAK values.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::rating::{display_code, fold, word_enum};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    Low,
    Medium,
    High,
}

/// Follow-up status codes (BPK TLRHP scheme mirrored by inspectorates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FollowUpStatus {
    /// 1 — sesuai rekomendasi
    Sesuai,
    /// 2 — belum sesuai rekomendasi
    BelumSesuai,
    /// 3 — belum ditindaklanjuti
    BelumDitindaklanjuti,
    /// 4 — tidak dapat ditindaklanjuti dengan alasan yang sah
    TidakDapat,
}

/// Tingkat hukuman disiplin, PP 94/2021 Pasal 8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DisciplineLevel {
    Ringan,
    Sedang,
    Berat,
}

/// Jenis hukuman disiplin, PP 94/2021 Pasal 8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DisciplinePenalty {
    TeguranLisan,
    TeguranTertulis,
    PernyataanTidakPuas,
    PotonganTukin6Bulan,
    PotonganTukin9Bulan,
    PotonganTukin12Bulan,
    PenurunanJabatan,
    PembebasanJabatan,
    Pemberhentian,
}

/// The seven BerAKHLAK core values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Berakhlak {
    BerorientasiPelayanan,
    Akuntabel,
    Kompeten,
    Harmonis,
    Loyal,
    Adaptif,
    Kolaboratif,
}

/// What a rating recommendation proposes as follow-up for the employee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FollowUpAction {
    None,
    Pembinaan,
    Pelatihan,
    Disiplin(DisciplinePenalty),
}

/// A word that names no severity, follow-up status, discipline level or penalty, value or action.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FollowUpError {
    #[error("unknown severity {0:?}: use low|medium|high (rendah|sedang|tinggi)")]
    UnknownSeverity(String),
    #[error("unknown follow-up status {0:?}: use 1|2|3|4 (sesuai|belum-sesuai|belum-ditindaklanjuti|tidak-dapat)")]
    UnknownStatus(String),
    #[error("follow-up status number {0} does not exist: use 1 (sesuai), 2 (belum sesuai), 3 (belum ditindaklanjuti) or 4 (tidak dapat ditindaklanjuti)")]
    StatusNumber(u8),
    #[error("unknown discipline level {0:?}: use ringan|sedang|berat")]
    UnknownLevel(String),
    #[error("unknown discipline penalty {0:?}: use teguran-lisan|teguran-tertulis|pernyataan-tidak-puas|potongan-tukin-6|potongan-tukin-9|potongan-tukin-12|penurunan-jabatan|pembebasan-jabatan|pemberhentian (PP 94/2021 Pasal 8)")]
    UnknownPenalty(String),
    #[error("unknown BerAKHLAK value {0:?}: use berorientasi-pelayanan|akuntabel|kompeten|harmonis|loyal|adaptif|kolaboratif")]
    UnknownBerakhlak(String),
    #[error("unknown follow-up action {0:?}: use none|pembinaan|pelatihan|disiplin:<penalty> (e.g. disiplin:teguran-lisan)")]
    UnknownAction(String),
}

word_enum! {
    Severity, 3, FollowUpError, FollowUpError::UnknownSeverity;
    Low => "low", "Rendah", "Low", [];
    Medium => "medium", "Sedang", "Medium", [];
    High => "high", "Tinggi", "High", [];
}

word_enum! {
    FollowUpStatus, 4, FollowUpError, FollowUpError::UnknownStatus;
    Sesuai => "sesuai", "Sesuai rekomendasi", "In line with the recommendation", ["1"];
    BelumSesuai => "belum-sesuai", "Belum sesuai rekomendasi",
        "Not yet in line with the recommendation", ["2"];
    BelumDitindaklanjuti => "belum-ditindaklanjuti", "Belum ditindaklanjuti",
        "Not yet followed up", ["3", "belum tindak lanjut"];
    TidakDapat => "tidak-dapat", "Tidak dapat ditindaklanjuti dengan alasan yang sah",
        "Cannot be followed up for a valid reason", ["4", "tidak dapat ditindaklanjuti"];
}

word_enum! {
    DisciplineLevel, 3, FollowUpError, FollowUpError::UnknownLevel;
    Ringan => "ringan", "Ringan", "Light", ["hukuman disiplin ringan", "minor"];
    Sedang => "sedang", "Sedang", "Moderate", ["hukuman disiplin sedang", "medium"];
    Berat => "berat", "Berat", "Severe", ["hukuman disiplin berat", "heavy"];
}

word_enum! {
    DisciplinePenalty, 9, FollowUpError, FollowUpError::UnknownPenalty;
    TeguranLisan => "teguran-lisan", "Teguran lisan", "Verbal reprimand", [];
    TeguranTertulis => "teguran-tertulis", "Teguran tertulis", "Written reprimand", [];
    PernyataanTidakPuas => "pernyataan-tidak-puas", "Pernyataan tidak puas secara tertulis",
        "Written statement of dissatisfaction", [];
    PotonganTukin6Bulan => "potongan-tukin-6",
        "Pemotongan tunjangan kinerja 25% selama 6 bulan",
        "Performance allowance cut by 25% for 6 months", ["potongan-tukin-6-bulan"];
    PotonganTukin9Bulan => "potongan-tukin-9",
        "Pemotongan tunjangan kinerja 25% selama 9 bulan",
        "Performance allowance cut by 25% for 9 months", ["potongan-tukin-9-bulan"];
    PotonganTukin12Bulan => "potongan-tukin-12",
        "Pemotongan tunjangan kinerja 25% selama 12 bulan",
        "Performance allowance cut by 25% for 12 months", ["potongan-tukin-12-bulan"];
    PenurunanJabatan => "penurunan-jabatan",
        "Penurunan jabatan setingkat lebih rendah selama 12 bulan",
        "Demotion to a position one level lower for 12 months", [];
    PembebasanJabatan => "pembebasan-jabatan",
        "Pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan",
        "Release from position to an executor (pelaksana) position for 12 months", [];
    Pemberhentian => "pemberhentian",
        "Pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS",
        "Honourable dismissal, not at own request, as a civil servant (PNS)", [];
}

word_enum! {
    Berakhlak, 7, FollowUpError, FollowUpError::UnknownBerakhlak;
    BerorientasiPelayanan => "berorientasi-pelayanan", "Berorientasi Pelayanan",
        "Service-oriented", ["pelayanan", "orientasi pelayanan"];
    Akuntabel => "akuntabel", "Akuntabel", "Accountable", [];
    Kompeten => "kompeten", "Kompeten", "Competent", [];
    Harmonis => "harmonis", "Harmonis", "Harmonious", [];
    Loyal => "loyal", "Loyal", "Loyal", [];
    Adaptif => "adaptif", "Adaptif", "Adaptive", [];
    Kolaboratif => "kolaboratif", "Kolaboratif", "Collaborative", [];
}

display_code!(
    Severity: FollowUpError,
    DisciplineLevel: FollowUpError,
    DisciplinePenalty: FollowUpError,
    Berakhlak: FollowUpError,
);

impl FollowUpStatus {
    /// The status number of the TLRHP scheme, 1..=4.
    pub fn number(&self) -> u8 {
        match self {
            FollowUpStatus::Sesuai => 1,
            FollowUpStatus::BelumSesuai => 2,
            FollowUpStatus::BelumDitindaklanjuti => 3,
            FollowUpStatus::TidakDapat => 4,
        }
    }

    pub fn from_number(n: u8) -> Result<Self, FollowUpError> {
        Self::ALL
            .into_iter()
            .find(|s| s.number() == n)
            .ok_or(FollowUpError::StatusNumber(n))
    }

    /// Whether the finding needs no further follow-up (status 1 or 4).
    pub fn is_closed(&self) -> bool {
        matches!(self, FollowUpStatus::Sesuai | FollowUpStatus::TidakDapat)
    }
}

/// The status number, as in TLRHP reports.
impl fmt::Display for FollowUpStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number())
    }
}

impl std::str::FromStr for FollowUpStatus {
    type Err = FollowUpError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl DisciplineLevel {
    /// The penalties of this level, lightest first (PP 94/2021 Pasal 8).
    pub fn penalties(&self) -> &'static [DisciplinePenalty] {
        use DisciplinePenalty as P;
        match self {
            DisciplineLevel::Ringan => {
                &[P::TeguranLisan, P::TeguranTertulis, P::PernyataanTidakPuas]
            }
            DisciplineLevel::Sedang => &[
                P::PotonganTukin6Bulan,
                P::PotonganTukin9Bulan,
                P::PotonganTukin12Bulan,
            ],
            DisciplineLevel::Berat => {
                &[P::PenurunanJabatan, P::PembebasanJabatan, P::Pemberhentian]
            }
        }
    }
}

impl DisciplinePenalty {
    /// The level of the penalty (PP 94/2021 Pasal 8).
    pub fn level(&self) -> DisciplineLevel {
        use DisciplinePenalty as P;
        match self {
            P::TeguranLisan | P::TeguranTertulis | P::PernyataanTidakPuas => {
                DisciplineLevel::Ringan
            }
            P::PotonganTukin6Bulan | P::PotonganTukin9Bulan | P::PotonganTukin12Bulan => {
                DisciplineLevel::Sedang
            }
            P::PenurunanJabatan | P::PembebasanJabatan | P::Pemberhentian => DisciplineLevel::Berat,
        }
    }
}

impl Berakhlak {
    /// One-line meaning of the value (SE MenPANRB 20/2021; UU 20/2023).
    pub fn description_id(&self) -> &'static str {
        match self {
            Berakhlak::BerorientasiPelayanan => {
                "Komitmen memberikan pelayanan prima demi kepuasan masyarakat"
            }
            Berakhlak::Akuntabel => "Bertanggung jawab atas kepercayaan yang diberikan",
            Berakhlak::Kompeten => "Terus belajar dan mengembangkan kapabilitas",
            Berakhlak::Harmonis => "Saling peduli dan menghargai perbedaan",
            Berakhlak::Loyal => "Berdedikasi dan mengutamakan kepentingan bangsa dan negara",
            Berakhlak::Adaptif => "Terus berinovasi dan antusias menghadapi perubahan",
            Berakhlak::Kolaboratif => "Membangun kerja sama yang sinergis",
        }
    }

    /// One-line meaning of the value in English.
    pub fn description_en(&self) -> &'static str {
        match self {
            Berakhlak::BerorientasiPelayanan => {
                "Committed to excellent service for public satisfaction"
            }
            Berakhlak::Akuntabel => "Responsible for the trust given",
            Berakhlak::Kompeten => "Keeps learning and building capability",
            Berakhlak::Harmonis => "Cares for others and respects differences",
            Berakhlak::Loyal => "Dedicated to the nation and state",
            Berakhlak::Adaptif => "Innovates and responds to change",
            Berakhlak::Kolaboratif => "Builds synergy",
        }
    }
}

impl FollowUpAction {
    /// Every action, in canonical order (the discipline penalties lightest first).
    pub const ALL: [Self; 12] = {
        use DisciplinePenalty as P;
        [
            FollowUpAction::None,
            FollowUpAction::Pembinaan,
            FollowUpAction::Pelatihan,
            FollowUpAction::Disiplin(P::TeguranLisan),
            FollowUpAction::Disiplin(P::TeguranTertulis),
            FollowUpAction::Disiplin(P::PernyataanTidakPuas),
            FollowUpAction::Disiplin(P::PotonganTukin6Bulan),
            FollowUpAction::Disiplin(P::PotonganTukin9Bulan),
            FollowUpAction::Disiplin(P::PotonganTukin12Bulan),
            FollowUpAction::Disiplin(P::PenurunanJabatan),
            FollowUpAction::Disiplin(P::PembebasanJabatan),
            FollowUpAction::Disiplin(P::Pemberhentian),
        ]
    };

    /// `none`, `pembinaan`, `pelatihan` or `disiplin:<penalty-code>`.
    pub fn code(&self) -> &'static str {
        use DisciplinePenalty as P;
        match self {
            FollowUpAction::None => "none",
            FollowUpAction::Pembinaan => "pembinaan",
            FollowUpAction::Pelatihan => "pelatihan",
            FollowUpAction::Disiplin(p) => match p {
                P::TeguranLisan => "disiplin:teguran-lisan",
                P::TeguranTertulis => "disiplin:teguran-tertulis",
                P::PernyataanTidakPuas => "disiplin:pernyataan-tidak-puas",
                P::PotonganTukin6Bulan => "disiplin:potongan-tukin-6",
                P::PotonganTukin9Bulan => "disiplin:potongan-tukin-9",
                P::PotonganTukin12Bulan => "disiplin:potongan-tukin-12",
                P::PenurunanJabatan => "disiplin:penurunan-jabatan",
                P::PembebasanJabatan => "disiplin:pembebasan-jabatan",
                P::Pemberhentian => "disiplin:pemberhentian",
            },
        }
    }

    /// e.g. `Hukuman disiplin sedang: pemotongan tunjangan kinerja 25% selama 6 bulan`.
    pub fn label_id(&self) -> &'static str {
        use DisciplinePenalty as P;
        match self {
            FollowUpAction::None => "Tidak ada",
            FollowUpAction::Pembinaan => "Pembinaan",
            FollowUpAction::Pelatihan => "Pelatihan",
            FollowUpAction::Disiplin(p) => match p {
                P::TeguranLisan => "Hukuman disiplin ringan: teguran lisan",
                P::TeguranTertulis => "Hukuman disiplin ringan: teguran tertulis",
                P::PernyataanTidakPuas => {
                    "Hukuman disiplin ringan: pernyataan tidak puas secara tertulis"
                }
                P::PotonganTukin6Bulan => {
                    "Hukuman disiplin sedang: pemotongan tunjangan kinerja 25% selama 6 bulan"
                }
                P::PotonganTukin9Bulan => {
                    "Hukuman disiplin sedang: pemotongan tunjangan kinerja 25% selama 9 bulan"
                }
                P::PotonganTukin12Bulan => {
                    "Hukuman disiplin sedang: pemotongan tunjangan kinerja 25% selama 12 bulan"
                }
                P::PenurunanJabatan => {
                    "Hukuman disiplin berat: penurunan jabatan setingkat lebih rendah selama 12 bulan"
                }
                P::PembebasanJabatan => {
                    "Hukuman disiplin berat: pembebasan dari jabatannya menjadi jabatan pelaksana selama 12 bulan"
                }
                P::Pemberhentian => {
                    "Hukuman disiplin berat: pemberhentian dengan hormat tidak atas permintaan sendiri sebagai PNS"
                }
            },
        }
    }

    pub fn label_en(&self) -> &'static str {
        use DisciplinePenalty as P;
        match self {
            FollowUpAction::None => "None",
            FollowUpAction::Pembinaan => "Coaching (pembinaan)",
            FollowUpAction::Pelatihan => "Training (pelatihan)",
            FollowUpAction::Disiplin(p) => match p {
                P::TeguranLisan => "Light disciplinary penalty: verbal reprimand",
                P::TeguranTertulis => "Light disciplinary penalty: written reprimand",
                P::PernyataanTidakPuas => {
                    "Light disciplinary penalty: written statement of dissatisfaction"
                }
                P::PotonganTukin6Bulan => {
                    "Moderate disciplinary penalty: performance allowance cut by 25% for 6 months"
                }
                P::PotonganTukin9Bulan => {
                    "Moderate disciplinary penalty: performance allowance cut by 25% for 9 months"
                }
                P::PotonganTukin12Bulan => {
                    "Moderate disciplinary penalty: performance allowance cut by 25% for 12 months"
                }
                P::PenurunanJabatan => {
                    "Severe disciplinary penalty: demotion to a position one level lower for 12 months"
                }
                P::PembebasanJabatan => {
                    "Severe disciplinary penalty: release from position to an executor (pelaksana) position for 12 months"
                }
                P::Pemberhentian => {
                    "Severe disciplinary penalty: honourable dismissal, not at own request, as a civil servant (PNS)"
                }
            },
        }
    }

    /// The discipline level, for a discipline action.
    pub fn level(&self) -> Option<DisciplineLevel> {
        match self {
            FollowUpAction::Disiplin(p) => Some(p.level()),
            _ => None,
        }
    }

    /// Parses `none` (`tidak-ada`), `pembinaan`, `pelatihan`, `disiplin:<penalty>` (also
    /// `discipline:<penalty>`) or a bare penalty word; labels are accepted too.
    pub fn parse(s: &str) -> Result<Self, FollowUpError> {
        let key = fold(s);
        if key.is_empty() {
            return Err(FollowUpError::UnknownAction(s.to_string()));
        }
        if let Some(a) = Self::ALL.into_iter().find(|a| {
            [a.code(), a.label_id(), a.label_en()]
                .iter()
                .any(|w| fold(w) == key)
        }) {
            return Ok(a);
        }
        match key.as_str() {
            "tidakada" | "tidak" | "nothing" => return Ok(FollowUpAction::None),
            "coaching" => return Ok(FollowUpAction::Pembinaan),
            "training" => return Ok(FollowUpAction::Pelatihan),
            _ => {}
        }
        let penalty = match s.split_once(':') {
            Some((head, tail)) if matches!(fold(head).as_str(), "disiplin" | "discipline") => {
                DisciplinePenalty::parse(tail)
            }
            Some(_) => return Err(FollowUpError::UnknownAction(s.to_string())),
            None => DisciplinePenalty::parse(s),
        };
        penalty
            .map(FollowUpAction::Disiplin)
            .map_err(|_| FollowUpError::UnknownAction(s.to_string()))
    }
}

impl fmt::Display for FollowUpAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for FollowUpAction {
    type Err = FollowUpError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// The follow-up deadline rules (`data/rules/tindak-lanjut.toml`): how many days the auditee has
/// from the audit becoming final. A fact that differs by region, so data, not code.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FollowUpRules {
    pub days: u32,
    /// How close (0–1) a finding's title must be to an earlier one's to be a repeat finding.
    pub repeat_similarity: f64,
}

/// Why a follow-up rules file does not read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FollowUpRulesError {
    #[error("follow-up rules: {0}")]
    Toml(String),
    #[error("follow-up rules: batas_waktu_hari is {0}; give a number of days from 1 to 365")]
    Days(i64),
    #[error("follow-up rules: kemiripan_judul_berulang is {0}; give a share from 0.5 to 1")]
    Similarity(f64),
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct FollowUpRulesFile {
    batas_waktu_hari: i64,
    #[serde(default = "default_similarity")]
    kemiripan_judul_berulang: f64,
}

fn default_similarity() -> f64 {
    0.75
}

impl FollowUpRules {
    pub fn from_toml(text: &str) -> Result<FollowUpRules, FollowUpRulesError> {
        let f: FollowUpRulesFile = toml::from_str(text)
            .map_err(|e| FollowUpRulesError::Toml(e.message().trim().to_string()))?;
        let days = match u32::try_from(f.batas_waktu_hari) {
            Ok(days @ 1..=365) => days,
            _ => return Err(FollowUpRulesError::Days(f.batas_waktu_hari)),
        };
        let s = f.kemiripan_judul_berulang;
        if !(0.5..=1.0).contains(&s) {
            return Err(FollowUpRulesError::Similarity(s));
        }
        Ok(FollowUpRules {
            days,
            repeat_similarity: s,
        })
    }

    /// The rules shipped with Periksa.
    pub fn builtin() -> Result<FollowUpRules, FollowUpRulesError> {
        Self::from_toml(include_str!("../../data/rules/tindak-lanjut.toml"))
    }
}

#[cfg(test)]
mod tests {
    use super::DisciplinePenalty as P;
    use super::*;

    #[test]
    fn severity() {
        assert_eq!(Severity::parse("TINGGI"), Ok(Severity::High));
        assert_eq!(Severity::parse("sedang"), Ok(Severity::Medium));
        assert_eq!(Severity::parse("low"), Ok(Severity::Low));
        assert_eq!(Severity::High.label_id(), "Tinggi");
        assert_eq!(Severity::Medium.to_string(), "medium");
        let e = Severity::parse("parah").unwrap_err();
        assert!(e.to_string().contains("\"parah\""));
        for v in Severity::ALL {
            for w in v.words() {
                assert_eq!(Severity::parse(w), Ok(v), "{w}");
            }
        }
    }

    #[test]
    fn status_numbers_and_words() {
        for (n, s) in (1..=4).zip(FollowUpStatus::ALL) {
            assert_eq!(s.number(), n);
            assert_eq!(FollowUpStatus::from_number(n), Ok(s));
            assert_eq!(FollowUpStatus::parse(&n.to_string()), Ok(s));
            assert_eq!(s.to_string(), n.to_string());
            assert_eq!(s.to_string().parse::<FollowUpStatus>(), Ok(s));
            assert_eq!(FollowUpStatus::parse(s.code()), Ok(s));
            for w in s.words() {
                assert_eq!(FollowUpStatus::parse(w), Ok(s), "{w}");
            }
        }
        assert_eq!(
            FollowUpStatus::from_number(5),
            Err(FollowUpError::StatusNumber(5))
        );
        assert_eq!(
            FollowUpStatus::from_number(0),
            Err(FollowUpError::StatusNumber(0))
        );
        assert!(FollowUpStatus::parse("5").is_err());
        assert_eq!(
            FollowUpStatus::parse("Belum Ditindaklanjuti"),
            Ok(FollowUpStatus::BelumDitindaklanjuti)
        );
        assert_eq!(
            FollowUpStatus::TidakDapat.label_id(),
            "Tidak dapat ditindaklanjuti dengan alasan yang sah"
        );
        assert!(FollowUpStatus::Sesuai.is_closed());
        assert!(!FollowUpStatus::BelumSesuai.is_closed());
    }

    #[test]
    fn discipline_levels_pp94() {
        assert_eq!(P::TeguranLisan.level(), DisciplineLevel::Ringan);
        assert_eq!(P::PernyataanTidakPuas.level(), DisciplineLevel::Ringan);
        assert_eq!(P::PotonganTukin9Bulan.level(), DisciplineLevel::Sedang);
        assert_eq!(P::PembebasanJabatan.level(), DisciplineLevel::Berat);
        assert_eq!(P::Pemberhentian.level(), DisciplineLevel::Berat);
        let mut all = Vec::new();
        for level in DisciplineLevel::ALL {
            assert_eq!(level.penalties().len(), 3);
            for p in level.penalties() {
                assert_eq!(p.level(), level);
                all.push(*p);
            }
        }
        assert_eq!(all, P::ALL);
        assert_eq!(P::parse("potongan tukin 12"), Ok(P::PotonganTukin12Bulan));
        assert_eq!(P::parse("Teguran Lisan"), Ok(P::TeguranLisan));
        assert_eq!(DisciplineLevel::parse("BERAT"), Ok(DisciplineLevel::Berat));
        for p in P::ALL {
            for w in p.words() {
                assert_eq!(P::parse(w), Ok(p), "{w}");
            }
        }
        assert!(P::parse("penundaan-kgb").is_err(), "PP 53/2010 penalty");
    }

    #[test]
    fn berakhlak() {
        assert_eq!(Berakhlak::ALL.len(), 7);
        assert_eq!(
            Berakhlak::BerorientasiPelayanan.label_id(),
            "Berorientasi Pelayanan"
        );
        assert_eq!(
            Berakhlak::parse("berorientasi pelayanan"),
            Ok(Berakhlak::BerorientasiPelayanan)
        );
        assert_eq!(Berakhlak::parse("KOLABORATIF"), Ok(Berakhlak::Kolaboratif));
        for b in Berakhlak::ALL {
            assert!(!b.description_id().is_empty());
            assert!(!b.description_en().is_empty());
            for w in b.words() {
                assert_eq!(Berakhlak::parse(w), Ok(b), "{w}");
            }
        }
        // The initials spell BerAKHLAK.
        let initials: String = Berakhlak::ALL
            .iter()
            .map(|b| b.label_id().chars().next().unwrap_or('?'))
            .collect();
        assert_eq!(initials, "BAKHLAK");
    }

    #[test]
    fn actions() {
        for a in FollowUpAction::ALL {
            assert_eq!(FollowUpAction::parse(a.code()), Ok(a), "{}", a.code());
            assert_eq!(
                FollowUpAction::parse(a.label_id()),
                Ok(a),
                "{}",
                a.label_id()
            );
            assert_eq!(
                FollowUpAction::parse(a.label_en()),
                Ok(a),
                "{}",
                a.label_en()
            );
            assert_eq!(a.to_string(), a.code());
            if let FollowUpAction::Disiplin(p) = a {
                let lower_first = {
                    let l = p.label_id();
                    let mut c = l.chars();
                    c.next()
                        .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
                        .unwrap_or_default()
                };
                assert_eq!(
                    a.label_id(),
                    format!("Hukuman disiplin {}: {}", p.level().code(), lower_first)
                );
                assert_eq!(a.code(), format!("disiplin:{}", p.code()));
                assert_eq!(a.level(), Some(p.level()));
            } else {
                assert_eq!(a.level(), None);
            }
        }
        assert_eq!(
            FollowUpAction::Disiplin(P::PotonganTukin6Bulan).label_id(),
            "Hukuman disiplin sedang: pemotongan tunjangan kinerja 25% selama 6 bulan"
        );
        assert_eq!(FollowUpAction::parse("tidak ada"), Ok(FollowUpAction::None));
        assert_eq!(FollowUpAction::parse("TIDAK_ADA"), Ok(FollowUpAction::None));
        assert_eq!(
            FollowUpAction::parse("Pembinaan"),
            Ok(FollowUpAction::Pembinaan)
        );
        assert_eq!(
            FollowUpAction::parse("DISIPLIN: teguran tertulis"),
            Ok(FollowUpAction::Disiplin(P::TeguranTertulis))
        );
        assert_eq!(
            FollowUpAction::parse("teguran-lisan"),
            Ok(FollowUpAction::Disiplin(P::TeguranLisan))
        );
        for bad in [
            "",
            "disiplin:",
            "disiplin:penundaan-kgb",
            "mutasi",
            "x:teguran-lisan",
        ] {
            assert_eq!(
                FollowUpAction::parse(bad),
                Err(FollowUpError::UnknownAction(bad.into())),
                "{bad}"
            );
        }
    }

    #[test]
    fn follow_up_rules_are_data_with_their_limits_checked() {
        let r = FollowUpRules::builtin().unwrap();
        assert_eq!((r.days, r.repeat_similarity), (60, 0.75));
        // a rules file written before repeat findings keeps working
        let old = FollowUpRules::from_toml("batas_waktu_hari = 30").unwrap();
        assert_eq!((old.days, old.repeat_similarity), (30, 0.75));
        assert_eq!(
            FollowUpRules::from_toml("batas_waktu_hari = 400"),
            Err(FollowUpRulesError::Days(400))
        );
        assert_eq!(
            FollowUpRules::from_toml("batas_waktu_hari = 30\nkemiripan_judul_berulang = 0.3"),
            Err(FollowUpRulesError::Similarity(0.3))
        );
    }
}
