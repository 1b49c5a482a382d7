"""Rendering at the edge: a built Report as a terminal table, CSV, JSON, Markdown or HTML."""
