"""Serve a directory of static career pages and job-board JSON on 127.0.0.1 (the demo sample).

Paths resolve like the real endpoints: `/a/b?offset=20` → `a/b/offset-20.json` (also for a POST
whose JSON body has an offset, as Workday's list), `/a/b` → `a/b`, `a/b.json` or `a/b/index.html`.
`{{base_url}}` inside .xml and .yaml files becomes the server's base URL (sitemaps need absolute
URLs but the port is only known at run time).
"""

from __future__ import annotations

import json
import mimetypes
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

from pipelines.errors import InputError

if TYPE_CHECKING:
    from crawler.registry import Employer

TEMPLATED_SUFFIXES = {".xml", ".yaml"}
BASE_URL_MARK = "{{base_url}}"


class SampleHandler(SimpleHTTPRequestHandler):
    """Static files with job-board style path resolution; GET, HEAD and POST."""

    root: Path = Path(".")
    base_url: str = ""
    protocol_version = "HTTP/1.1"  # keep-alive, as real sites: a new connection per page is slow

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the crawler logs what matters."""

    def resolve(self, offset: str | None) -> Path | None:
        """The file serving the current request path, or None."""
        relative = unquote(urlsplit(self.path).path).lstrip("/")
        target = (self.root / relative).resolve()
        if not target.is_relative_to(self.root):
            return None
        candidates = [target / f"offset-{offset}.json"] if offset is not None else []
        candidates += [target, target.with_name(target.name + ".json"), target / "index.html"]
        return next((path for path in candidates if path.is_file()), None)

    def serve(self, offset: str | None, with_body: bool = True) -> None:
        """Send the resolved file, or 404."""
        path = self.resolve(offset)
        if path is None:
            self.send_error(404, "Not Found")
            return
        body = path.read_bytes()
        if path.suffix in TEMPLATED_SUFFIXES:
            body = body.replace(BASE_URL_MARK.encode(), self.base_url.encode())
        kind = "application/json" if path.suffix == ".json" else mimetypes.guess_type(path.name)[0]
        self.send_response(200)
        self.send_header("Content-Type", kind or "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def query_offset(self) -> str | None:
        """The `offset` query parameter, if any."""
        values = parse_qs(urlsplit(self.path).query).get("offset")
        return values[0] if values else None

    def do_GET(self) -> None:
        """Serve a file."""
        self.serve(self.query_offset())

    def do_HEAD(self) -> None:
        """Headers only."""
        self.serve(self.query_offset(), with_body=False)

    def do_POST(self) -> None:
        """Serve a file chosen by the JSON body's offset (Workday's list is a POST)."""
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            body = {}
        offset = body.get("offset") if isinstance(body, dict) else None
        self.serve(str(offset) if offset is not None else self.query_offset())


class LoopbackServer(ThreadingHTTPServer):
    """A threaded server with a listen backlog deep enough for a crawler's concurrency."""

    request_queue_size = 256
    daemon_threads = True


@contextmanager
def serve_directory(
    directory: Path | str, handler: type[SampleHandler] = SampleHandler
) -> Iterator[str]:
    """Serve `directory` with `handler` on 127.0.0.1 (a free port) in a thread; yield its URL."""
    root = Path(directory).resolve()
    if not root.is_dir():
        raise InputError(f"cannot serve {root}: not a directory")
    bound: type[SampleHandler] = type("BoundHandler", (handler,), {"root": root})
    server = LoopbackServer(("127.0.0.1", 0), bound)
    bound.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield bound.base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def serve_sample(directory: Path | str) -> Iterator[str]:
    """Serve the bundled demo sample (data/samples) on loopback; yield its base URL."""
    with serve_directory(directory) as base_url:
        yield base_url


def sample_settings(base_url: str) -> dict[str, Any]:
    """Crawler settings that point every API at the sample server and drop the politeness delays."""
    return {
        "GREENHOUSE_API_URL": f"{base_url}/greenhouse/v1/boards",
        "LEVER_API_URL": f"{base_url}/lever/v0/postings",
        "ASHBY_API_URL": f"{base_url}/ashby/posting-api/job-board",
        "SMARTRECRUITERS_API_URL": f"{base_url}/smartrecruiters/v1/companies",
        "WORKABLE_API_URL": f"{base_url}/workable/api/v1/widget/accounts",
        "WORKDAY_BASE_URL": f"{base_url}/workday",
        **LOOPBACK_SETTINGS,
    }


LOOPBACK_SETTINGS: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "CREDSCOPE_RETRY_BACKOFF_BASE": 0.1,
}


def sample_registry_text(directory: Path | str, base_url: str) -> str:
    """The sample's employers.yaml with its `{{base_url}}` filled in."""
    path = Path(directory) / "employers.yaml"
    try:
        return path.read_text(encoding="utf-8").replace(BASE_URL_MARK, base_url)
    except OSError as error:
        raise InputError(f"cannot read the sample registry {path}: {error}") from error


def load_sample_registry(directory: Path | str, base_url: str) -> list[Employer]:
    """The sample's demo employers, pointed at the sample server at `base_url`."""
    from crawler.registry import load_registry

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "employers.yaml"
        path.write_text(sample_registry_text(directory, base_url), encoding="utf-8")
        return load_registry(path)
