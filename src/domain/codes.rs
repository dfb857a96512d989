//! The code tables of findings (kode temuan, kode sebab, kode rekomendasi): their entries in file order, the checks a table file must pass, and lookups. The default tables are data (`data/kode/apip.toml`, marked unverified there), replaceable by an inspectorate's own.
//!
//! A kode sebab may be marked `kompetensi = true`: a finding whose cause is that code, or one of
//! its sub-codes, points at the competence of the people involved, and goes into the training
//! recap for the personnel office (BKPSDM). Which causes count is data, like the codes themselves.

use serde::Deserialize;
use thiserror::Error;

/// The three tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    Finding,
    Cause,
    Recommendation,
}

impl Table {
    pub const ALL: [Table; 3] = [Table::Finding, Table::Cause, Table::Recommendation];

    /// The table's name in the file (`[[temuan]]`, `[[sebab]]`, `[[rekomendasi]]`).
    pub fn key(self) -> &'static str {
        match self {
            Table::Finding => "temuan",
            Table::Cause => "sebab",
            Table::Recommendation => "rekomendasi",
        }
    }
}

/// One code and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Code {
    #[serde(rename = "kode")]
    pub code: String,
    #[serde(rename = "uraian")]
    pub text: String,
    /// A kode sebab that points at competence (kompetensi SDM, pemahaman regulasi, pelatihan):
    /// it and its sub-codes count as a training need. Only the `[[sebab]]` table takes it.
    #[serde(default, rename = "kompetensi")]
    pub competence: bool,
}

/// The code tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Codes {
    #[serde(default, rename = "temuan")]
    findings: Vec<Code>,
    #[serde(default, rename = "sebab")]
    causes: Vec<Code>,
    #[serde(default, rename = "rekomendasi")]
    recommendations: Vec<Code>,
}

/// Why a code table file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CodesError {
    #[error("code tables: {0}")]
    Toml(String),
    #[error("code tables: [[{table}]] code {code:?} is not digits, or digits joined by dots")]
    BadCode { table: &'static str, code: String },
    #[error("code tables: [[{table}]] code {code} has no text (uraian)")]
    NoText { table: &'static str, code: String },
    #[error("code tables: [[{table}]] code {code} appears twice")]
    Twice { table: &'static str, code: String },
    #[error("code tables: [[{table}]] code {code} has no parent {parent} in its table")]
    NoParent {
        table: &'static str,
        code: String,
        parent: String,
    },
    /// `kompetensi = true` on a code of a table other than `[[sebab]]`, where it means nothing.
    #[error("code tables: [[{table}]] code {code} is marked kompetensi, which only a kode sebab ([[sebab]]) can be")]
    CompetenceOutsideCauses { table: &'static str, code: String },
}

impl Codes {
    /// Reads and checks code tables: every code digits (optionally `1.01` levels) with a text,
    /// none twice in a table, each level's parent there.
    pub fn from_toml(text: &str) -> Result<Codes, CodesError> {
        let mut codes: Codes =
            toml::from_str(text).map_err(|e| CodesError::Toml(e.message().trim().to_string()))?;
        for table in Table::ALL {
            let key = table.key();
            let list = codes.list_mut(table);
            for c in list.iter_mut() {
                c.code = c.code.trim().to_string();
                c.text = c.text.trim().to_string();
            }
            for (i, c) in list.iter().enumerate() {
                let well_formed = !c.code.is_empty()
                    && c.code
                        .split('.')
                        .all(|p| !p.is_empty() && p.chars().all(|ch| ch.is_ascii_digit()));
                if !well_formed {
                    return Err(CodesError::BadCode {
                        table: key,
                        code: c.code.clone(),
                    });
                }
                if c.text.is_empty() {
                    return Err(CodesError::NoText {
                        table: key,
                        code: c.code.clone(),
                    });
                }
                if list[..i].iter().any(|d| d.code == c.code) {
                    return Err(CodesError::Twice {
                        table: key,
                        code: c.code.clone(),
                    });
                }
                if c.competence && table != Table::Cause {
                    return Err(CodesError::CompetenceOutsideCauses {
                        table: key,
                        code: c.code.clone(),
                    });
                }
                if let Some((parent, _)) = c.code.rsplit_once('.') {
                    if !list.iter().any(|d| d.code == parent) {
                        return Err(CodesError::NoParent {
                            table: key,
                            code: c.code.clone(),
                            parent: parent.to_string(),
                        });
                    }
                }
            }
        }
        Ok(codes)
    }

    /// The tables shipped with Periksa.
    pub fn builtin() -> Result<Codes, CodesError> {
        Self::from_toml(include_str!("../../data/kode/apip.toml"))
    }

    fn list_mut(&mut self, table: Table) -> &mut Vec<Code> {
        match table {
            Table::Finding => &mut self.findings,
            Table::Cause => &mut self.causes,
            Table::Recommendation => &mut self.recommendations,
        }
    }

    /// A table's codes, in file order.
    pub fn list(&self, table: Table) -> &[Code] {
        match table {
            Table::Finding => &self.findings,
            Table::Cause => &self.causes,
            Table::Recommendation => &self.recommendations,
        }
    }

    /// The code `code` of `table`.
    pub fn get(&self, table: Table, code: &str) -> Option<&Code> {
        let code = code.trim();
        self.list(table).iter().find(|c| c.code == code)
    }

    /// Whether a kode sebab points at competence: it, or a code it falls under (`1` for `1.02`),
    /// is marked `kompetensi`. An empty code, or one the table lacks, does not.
    pub fn is_competence(&self, cause: &str) -> bool {
        let mut code = cause.trim();
        if self.get(Table::Cause, code).is_none() {
            return false;
        }
        loop {
            if self.get(Table::Cause, code).is_some_and(|c| c.competence) {
                return true;
            }
            match code.rsplit_once('.') {
                Some((parent, _)) => code = parent,
                None => return false,
            }
        }
    }

    /// The codes that can be given to a record: those no other code refines (`1.01`, not its
    /// group `1`).
    pub fn leaves(&self, table: Table) -> Vec<&Code> {
        let list = self.list(table);
        list.iter()
            .filter(|c| {
                let prefix = format!("{}.", c.code);
                !list.iter().any(|d| d.code.starts_with(&prefix))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_tables_read_and_their_groups_are_not_given() {
        let c = Codes::builtin().unwrap();
        assert_eq!(
            c.get(Table::Finding, "1.01").unwrap().text,
            "Kerugian negara/daerah"
        );
        assert_eq!(c.list(Table::Recommendation).len(), 14);
        assert_eq!(c.list(Table::Cause).len(), 13);
        let leaves: Vec<&str> = c
            .leaves(Table::Finding)
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        assert!(
            leaves.contains(&"3.03") && !leaves.contains(&"3"),
            "{leaves:?}"
        );
        let causes: Vec<&str> = c
            .leaves(Table::Cause)
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        assert_eq!(
            causes,
            ["1.01", "1.02", "1.03", "1.04", "1.05", "1.06", "1.07", "1.08", "2", "3", "4", "5"],
            "lingkungan pengendalian has its parts; the other elements are given whole"
        );
        // kompetensi SDM, pemahaman regulasi and pelatihan point at competence; nothing else does
        let competence: Vec<&str> = c
            .list(Table::Cause)
            .iter()
            .filter(|k| c.is_competence(&k.code))
            .map(|k| k.code.as_str())
            .collect();
        assert_eq!(competence, ["1.02", "1.03", "1.04"]);
    }

    #[test]
    fn a_cause_counts_as_competence_when_it_or_its_group_is_marked() {
        let c = Codes::from_toml(
            "[[sebab]]\nkode = \"1\"\nuraian = \"SDM\"\nkompetensi = true\n\
             [[sebab]]\nkode = \"1.01\"\nuraian = \"Pelatihan\"\n\
             [[sebab]]\nkode = \"2\"\nuraian = \"Risiko\"\n\
             [[sebab]]\nkode = \"2.01\"\nuraian = \"Paham\"\nkompetensi = true\n\
             [[sebab]]\nkode = \"2.02\"\nuraian = \"Lain\"\n",
        )
        .unwrap();
        assert!(c.is_competence("1"));
        assert!(c.is_competence(" 1.01 "), "falls under a marked group");
        assert!(c.is_competence("2.01"));
        assert!(
            !c.is_competence("2"),
            "a marked part does not mark its group"
        );
        assert!(!c.is_competence("2.02"));
        assert!(!c.is_competence(""));
        assert!(
            !c.is_competence("1.99"),
            "a code the table lacks counts for nothing"
        );
        // the mark belongs to causes only
        assert_eq!(
            Codes::from_toml(
                "[[rekomendasi]]\nkode = \"08\"\nuraian = \"SDM\"\nkompetensi = true\n"
            ),
            Err(CodesError::CompetenceOutsideCauses {
                table: "rekomendasi",
                code: "08".into()
            })
        );
        assert!(matches!(
            Codes::from_toml("[[sebab]]\nkode = \"1\"\nuraian = \"x\"\nkompetensi = \"ya\"\n"),
            Err(CodesError::Toml(_))
        ));
    }

    #[test]
    fn a_table_file_that_breaks_the_rules_is_refused() {
        let one = |table: &str, code: &str, text: &str| {
            format!("[[{table}]]\nkode = \"{code}\"\nuraian = \"{text}\"\n")
        };
        assert_eq!(
            Codes::from_toml(&one("temuan", "1.a", "x")),
            Err(CodesError::BadCode {
                table: "temuan",
                code: "1.a".into()
            })
        );
        assert_eq!(
            Codes::from_toml(&one("sebab", "1", " ")),
            Err(CodesError::NoText {
                table: "sebab",
                code: "1".into()
            })
        );
        let twice = format!(
            "{}{}",
            one("rekomendasi", "01", "a"),
            one("rekomendasi", "01", "b")
        );
        assert_eq!(
            Codes::from_toml(&twice),
            Err(CodesError::Twice {
                table: "rekomendasi",
                code: "01".into()
            })
        );
        assert_eq!(
            Codes::from_toml(&one("temuan", "4.01", "x")),
            Err(CodesError::NoParent {
                table: "temuan",
                code: "4.01".into(),
                parent: "4".into()
            })
        );
        assert!(matches!(
            Codes::from_toml("[[kode]]\nkode = \"1\"\nuraian = \"x\"\n"),
            Err(CodesError::Toml(_))
        ));
        // an inspectorate's own table with only recommendations is a table
        let own = Codes::from_toml(&one("rekomendasi", "R1", "x"));
        assert!(own.is_err(), "codes are digits");
        assert!(Codes::from_toml(&one("rekomendasi", "1", "Setor")).is_ok());
    }
}
