//! Finding severity and follow-up (tindak lanjut) status, PP 94/2021 discipline levels, BerAKHLAK values.

use serde::{Deserialize, Serialize};

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
