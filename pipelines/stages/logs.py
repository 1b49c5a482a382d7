"""Log lines on stderr with a timestamp, one event per line, readable in a cron mail or CI log."""

from __future__ import annotations

import logging
import sys

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
QUIET_LOGGERS = ("spacy",)  # its debug lines surface once Scrapy has set the root logger


def configure_logging(level: int = logging.INFO) -> None:
    """Plain timestamped log lines on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT, datefmt="%Y-%m-%dT%H:%M:%S%z"))
    root = logging.getLogger("credscope")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    for noisy in QUIET_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)
