"""Data URIs: how the build embeds files, so both editions carry them without fetching anything."""
from __future__ import annotations

import base64
import mimetypes
from pathlib import Path


def data_uri(data: bytes, kind: str) -> str:
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def file_data_uri(path: Path, kind: str | None = None) -> str:
    """A file as a data URI; its media type from its name unless given."""
    return data_uri(path.read_bytes(), kind or mimetypes.guess_type(path.name)[0] or "application/octet-stream")
