"""The static site: pure page builders over the store's DataFrames; files written at the edge."""
