"""credscope's batch side, in rooms that follow the data: store, stages, reports, then the CLI."""
