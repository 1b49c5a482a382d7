"""The bundled demo sample served slowly on loopback, so that a crawl can be killed half way."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipelines.demo.sample_site import (
    SampleHandler,
    sample_registry_text,
    sample_settings,
    serve_directory,
)

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples"
DELAY_SECONDS = 0.05


class SlowHandler(SampleHandler):
    """Every response waits DELAY_SECONDS first."""

    def serve(self, offset: str | None, with_body: bool = True) -> None:
        """Wait, then serve as the sample server does."""
        time.sleep(DELAY_SECONDS)
        super().serve(offset, with_body)


@contextmanager
def slow_sample(folder: Path) -> Iterator[list[str]]:
    """Serve the sample slowly; yield the crawl arguments (registry and settings) that reach it."""
    with serve_directory(SAMPLE, SlowHandler) as base_url:
        registry = folder / "employers.yaml"
        registry.write_text(sample_registry_text(SAMPLE, base_url), encoding="utf-8")
        settings = {**sample_settings(base_url), "CONCURRENT_REQUESTS_PER_DOMAIN": 2}
        settings["CONCURRENT_REQUESTS"] = 2
        pairs = [f"{key}={value}" for key, value in settings.items()]
        yield ["--registry", str(registry), *(part for p in pairs for part in ("--set", p))]
