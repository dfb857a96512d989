//! What the front ends read from the store as it is: agencies, employees, every audit, this laptop's device.

use crate::domain::model::{Agency, Audit, Employee};
use crate::domain::Id;

use super::{App, AppError};

impl App {
    /// Every agency, by code.
    pub fn agencies(&self) -> Result<Vec<Agency>, AppError> {
        Ok(self.store.agencies()?)
    }

    /// The ASN with this NIP (its plain 18 digits), if on the roster.
    pub fn employee(&self, nip: &str) -> Result<Option<Employee>, AppError> {
        Ok(self.store.employee(nip)?)
    }

    /// Every ASN on the roster, by NIP.
    pub fn employees(&self) -> impl Iterator<Item = Result<Employee, AppError>> + '_ {
        self.store.employees().map(|e| e.map_err(AppError::from))
    }

    /// Every audit as stored (without the figures [`App::audits`] adds).
    pub fn audit_records(&self) -> Result<Vec<Audit>, AppError> {
        Ok(self.store.audits()?)
    }

    /// This laptop's device id (the chain its events are on).
    pub fn device(&self) -> Id {
        self.store.device()
    }
}
