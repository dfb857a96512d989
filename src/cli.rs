//! The command line: clap definitions and their dispatch onto the application layer.
