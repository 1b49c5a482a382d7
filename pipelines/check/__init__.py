"""`credscope check`: what one employer's postings ask for, from a name or a careers-page URL."""

DEFAULT_LIMIT = 500  # postings crawled per board at most, unless --limit says otherwise
DEFAULT_MAX_AGE_HOURS = 24.0  # stored data older than this is crawled again
