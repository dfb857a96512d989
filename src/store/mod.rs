//! The event store: an fsynced, hash-chained journal (the truth) and sled projections (the state).
