"""The CLI room: thin Typer commands over the other rooms, one error handler, one set of exit codes.

app.py builds the `credscope` app from one module per command group; a command imports what it
works with (spaCy, Scrapy, DuckDB, pandas) only when it runs, so `credscope --help` stays fast.
"""
