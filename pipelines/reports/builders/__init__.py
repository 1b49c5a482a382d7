"""Report builders: pure functions from the store's DataFrames to a Report of tables."""
