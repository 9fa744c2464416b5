"""What the build may read: ``data:`` URIs and regular files inside known roots, each under a cap.

The policy is separate from the printer's fetcher so that references can be checked (and located
in the file that makes them) before anything is printed; the fetcher then enforces the same rule.
"""
from __future__ import annotations

import mimetypes
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..content.images import MAX_IMAGE_BYTES, data_problem
from ..support.uris import decode_data_uri

MAX_RESOURCE_BYTES = MAX_IMAGE_BYTES


class Refused(ValueError):
    """A resource the build may not read, with the reason as a phrase after its name."""


@dataclass(frozen=True)
class Resource:
    url: str
    body: bytes
    content_type: str
    path: Path | None = None


def short(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."


class Sandbox:
    """Serves ``data:`` URIs and regular files below ``roots``; refuses the rest with a reason."""

    def __init__(self, roots: Sequence[Path], max_bytes: int = MAX_RESOURCE_BYTES) -> None:
        self.roots = [Path(root).resolve() for root in roots]
        self.max_bytes = max_bytes

    def refusal(self, url: str) -> str | None:
        """Why ``url`` (absolute) would be refused, without reading it; None when allowed."""
        try:
            if _scheme(url) == "file":
                self._check_file(url)
            elif _scheme(url) != "data":
                self._read(url)
        except Refused as refused:
            return str(refused)
        return None

    def read(self, url: str) -> Resource:
        """The resource at ``url``; raises Refused with the reason when the build may not read it."""
        resource = self._read(url)
        if (problem := data_problem(resource.body, resource.content_type)):
            raise Refused(f"{problem}")
        return resource

    def _read(self, url: str) -> Resource:
        scheme = _scheme(url)
        if scheme == "data":
            return self._data(url)
        if scheme != "file":
            raise Refused("is not allowed: the build reads no network resource")
        path = self._check_file(url)
        # Opened without following a link swapped in since the check, and without blocking on a FIFO.
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise Refused("is not a regular file")
            body = stream.read(self.max_bytes + 1)
        if len(body) > self.max_bytes:
            raise Refused(f"is over the size limit of {self.max_bytes:,} bytes")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return Resource(path.as_uri(), body, kind, path)

    def _data(self, url: str) -> Resource:
        payload = url.partition(",")[2]
        if len(payload) > self.max_bytes * 4 // 3 + 4:
            raise Refused(f"is a data URI of {len(payload):,} characters, over the size limit")
        try:
            kind, body = decode_data_uri(url)
        except ValueError:
            raise Refused("is a data URI that is not valid base64") from None
        return Resource(url, body, kind or "text/plain")

    def _check_file(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise Refused("names another host")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            raise Refused("is outside the brief, templates and styles")
        try:
            info = path.stat()
        except OSError:
            raise Refused("not found") from None
        if not stat.S_ISREG(info.st_mode):
            raise Refused("is not a regular file")
        if info.st_size > self.max_bytes:
            raise Refused(f"is {info.st_size:,} bytes, over the limit of {self.max_bytes:,}")
        return path


def _scheme(url: str) -> str:
    head = url.split(":", 1)[0] if ":" in url else ""
    return head.lower() if head.isascii() and head.replace("+", "").replace("-", "").replace(".", "").isalnum() else ""
