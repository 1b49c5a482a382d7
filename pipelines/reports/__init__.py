"""The reports room: the store's frames, pure builders to tables, then rendering at the edge.

frames.py loads DataFrames from the store; builders/ turn them into a Report (model.py) without
touching files; rendering/ shows a Report as a terminal table, CSV, JSON, Markdown or HTML;
files.py writes report files (the default set a scheduled run writes).
"""
