"""credscope batch stages, store, reports and the command-line interface."""
