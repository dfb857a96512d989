//! The predikat-kinerja matrix of PermenPANRB 6/2022 and the organisation-predikat distribution rules.

use serde::{Deserialize, Serialize};

/// Rating of hasil kerja or perilaku kerja.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RatingLevel {
    /// Di Atas Ekspektasi
    Above,
    /// Sesuai Ekspektasi
    Meets,
    /// Di Bawah Ekspektasi
    Below,
}

/// Predikat kinerja pegawai.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Predikat {
    SangatBaik,
    Baik,
    ButuhPerbaikan,
    /// Kurang/Misconduct
    Kurang,
    SangatKurang,
}

/// Predikat kinerja organisasi.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum OrgPredikat {
    Istimewa,
    Baik,
    ButuhPerbaikan,
    Kurang,
    SangatKurang,
}

/// The official matrix: hasil kerja × perilaku kerja → predikat. Never typed by hand.
pub fn predikat(hasil: RatingLevel, perilaku: RatingLevel) -> Predikat {
    todo!("helper")
}
