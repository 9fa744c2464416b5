"""The only way the printer reaches files: ``data:`` URIs and regular files inside known roots.

WeasyPrint's default fetcher reads any local file and any URL; this one refuses everything else
(network, devices, symlinks leading out, oversized files) and records each refusal so the build
fails with it instead of printing a PDF with a hole in it.
"""
from __future__ import annotations

import base64
import mimetypes
import stat
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

MAX_RESOURCE_BYTES = 8 * 1024 * 1024


class FetchRefused(ValueError):
    """A resource the build may not read, with the reason."""


class SandboxedFetcher(URLFetcher):
    """Serves ``data:`` URIs and regular files below ``roots``; refuses and records the rest."""

    def __init__(self, roots: Sequence[Path], max_bytes: int = MAX_RESOURCE_BYTES) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.roots = [Path(root).resolve() for root in roots]
        self.max_bytes = max_bytes
        self.refused: list[tuple[str, str]] = []
        self.served: list[Path] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        try:
            return self._fetch(url)
        except FetchRefused as refusal:
            self.refused.append((url, str(refusal)))
            raise

    def _fetch(self, url: str) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return self._data(url)
        if scheme != "file":
            raise FetchRefused(f"'{_short(url)}' is not allowed: the build reads no network resource")
        return self._file(url)

    def _data(self, url: str) -> URLFetcherResponse:
        header, _, payload = url[5:].partition(",")
        if len(payload) > self.max_bytes * 4 // 3 + 4:
            raise FetchRefused(f"data URI of {len(payload):,} characters is over the size limit")
        kind = header.split(";")[0] or "text/plain"
        body = base64.b64decode(payload) if header.endswith(";base64") else unquote(payload).encode()
        return URLFetcherResponse(url, body, {"Content-Type": kind})

    def _file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise FetchRefused(f"'{_short(url)}' names another host")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise FetchRefused(f"'{_short(url)}' is outside the brief, templates and styles")
        try:
            info = path.stat()
        except OSError:
            raise FetchRefused(f"'{_short(url)}' not found") from None
        if not stat.S_ISREG(info.st_mode):
            raise FetchRefused(f"'{_short(url)}' is not a regular file")
        if info.st_size > self.max_bytes:
            raise FetchRefused(f"'{_short(url)}' is {info.st_size:,} bytes, over the limit of {self.max_bytes:,}")
        body = path.read_bytes()[: self.max_bytes + 1]
        self.served.append(path)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), body, {"Content-Type": kind})


def _short(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."
