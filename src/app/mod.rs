//! The application layer: the commands that write (through the store) and the queries behind every screen.
