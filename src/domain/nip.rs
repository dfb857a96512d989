//! NIP (Nomor Induk Pegawai), the 18-digit civil-servant number: parsing, validation and display.

use serde::{Deserialize, Serialize};

/// A validated NIP, stored as its plain 18 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Nip(String);
