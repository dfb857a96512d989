//! Saved list views (filter, sort and search of a list screen), kept per screen in the store's
//! `settings.toml`: a laptop's own choices, not part of the audit record.

use super::{said, App, AppError};

/// Slots per screen, recalled with the number keys `1`–`9`.
pub const MAX_VIEWS: usize = 9;

impl App {
    /// The saved views of a screen, slot 1 first; an empty string is a free slot.
    pub fn saved_views(&self, screen: &str) -> Vec<String> {
        let mut views = self
            .settings
            .saved_views
            .get(screen)
            .cloned()
            .unwrap_or_default();
        views.truncate(MAX_VIEWS);
        views
    }

    /// Save `view` (the screen's own encoding) into `slot` (1–9) of `screen`; an empty `view` frees
    /// the slot. Written to `settings.toml` at once.
    pub fn save_view(&mut self, screen: &str, slot: usize, view: &str) -> Result<(), AppError> {
        if !(1..=MAX_VIEWS).contains(&slot) {
            return Err(said(
                "error.app.view_slot",
                &[("slot", &slot), ("max", &MAX_VIEWS)],
            ));
        }
        let mut settings = self.settings.clone();
        let views = settings.saved_views.entry(screen.to_string()).or_default();
        views.truncate(MAX_VIEWS);
        if views.len() < slot {
            views.resize(slot, String::new());
        }
        views[slot - 1] = view.to_string();
        while views.last().is_some_and(String::is_empty) {
            views.pop();
        }
        if views.is_empty() {
            settings.saved_views.remove(screen);
        }
        self.store.save_settings(&settings)?;
        self.settings = settings;
        Ok(())
    }
}
