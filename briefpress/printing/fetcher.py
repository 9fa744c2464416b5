"""The only way the printer reaches files: the sandbox's rule, as a WeasyPrint URL fetcher.

WeasyPrint's default fetcher reads any local file and any URL, follows redirects and reads devices
until memory runs out; this one serves what ``Sandbox`` allows and records every refusal and every
file served, so the build fails with the refusal instead of printing a PDF with a hole in it.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..render.stylesheets import plain_font_bytes
from .sandbox import MAX_RESOURCE_BYTES, Refused, Sandbox, short


class SandboxedFetcher(URLFetcher):
    """Serves ``data:`` URIs and regular files below ``roots``; refuses and records the rest."""

    def __init__(self, roots: Sequence[Path], max_bytes: int = MAX_RESOURCE_BYTES,
                 font_cache: Path | None = None) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.sandbox = Sandbox(roots, max_bytes)
        # Allowed WOFF2 fonts are served decompressed from here (see stylesheets.plain_font).
        self.font_cache = font_cache
        self.roots = self.sandbox.roots
        self.refused: list[tuple[str, str]] = []
        self.served: list[Path] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        try:
            resource = self.sandbox.read(url)
        except Refused as refusal:
            self.refused.append((url, f"'{short(url)}' {refusal}"))
            raise
        if resource.path is not None:
            self.served.append(resource.path)
        body = plain_font_bytes(resource.body, self.font_cache) if self.font_cache else resource.body
        return URLFetcherResponse(resource.url, body, {"Content-Type": resource.content_type})

    def open(self, url, data=None, timeout=None):
        # Nothing may reach urllib's own openers, whatever calls this.
        return self.fetch(url if isinstance(url, str) else url.full_url)
