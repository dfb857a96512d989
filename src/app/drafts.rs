//! Drafts: typing not yet saved (an observation, a finding form), kept in the store's
//! `settings.toml` — a laptop's own, not the journal — so a killed terminal or a pulled battery
//! loses none of it; offered back when the item or form is opened again.

use chrono::{DateTime, Utc};

use crate::store::Draft;

use super::{App, AppError};

/// The draft key of an item's observation.
pub fn note_draft_key(audit: &crate::domain::Id, item: &str) -> String {
    format!("note/{audit}/{item}")
}

/// The draft key of a finding form (`new` for a finding not raised yet).
pub fn finding_draft_key(audit: &crate::domain::Id, finding: Option<&crate::domain::Id>) -> String {
    match finding {
        Some(f) => format!("finding/{audit}/{f}"),
        None => format!("finding/{audit}/new"),
    }
}

/// The draft key of an audit's engagement form.
pub fn engagement_draft_key(audit: &crate::domain::Id) -> String {
    format!("engagement/{audit}")
}

impl App {
    /// The draft kept under `key`, with when it was kept.
    pub fn draft(&self, key: &str) -> Option<(String, DateTime<Utc>)> {
        let d = self.settings.drafts.get(key)?;
        let at = DateTime::parse_from_rfc3339(&d.at)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|_| Utc::now());
        Some((d.text.clone(), at))
    }

    /// Keep `text` as the draft under `key` (written to `settings.toml` at once, atomically).
    pub fn save_draft(&mut self, key: &str, text: &str) -> Result<(), AppError> {
        if self
            .settings
            .drafts
            .get(key)
            .is_some_and(|d| d.text == text)
        {
            return Ok(());
        }
        let mut settings = self.settings.clone();
        settings.drafts.insert(
            key.to_string(),
            Draft {
                text: text.to_string(),
                at: Utc::now().to_rfc3339(),
            },
        );
        self.store.save_settings(&settings)?;
        self.settings = settings;
        Ok(())
    }

    /// Forget the draft under `key` (it was saved, or thrown away on purpose).
    pub fn clear_draft(&mut self, key: &str) -> Result<(), AppError> {
        if !self.settings.drafts.contains_key(key) {
            return Ok(());
        }
        let mut settings = self.settings.clone();
        settings.drafts.remove(key);
        self.store.save_settings(&settings)?;
        self.settings = settings;
        Ok(())
    }
}
