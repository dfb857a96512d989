//! The one place bincode is used: canonical encoding of events and stored values, decoded with a size limit.
