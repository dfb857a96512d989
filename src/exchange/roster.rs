//! Roster (ASN) and agency lists from CSV as agencies export them from spreadsheets.
