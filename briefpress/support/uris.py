"""Data URIs: how the build embeds files, so both editions carry them without fetching anything."""
from __future__ import annotations

import base64
import binascii
import mimetypes
from pathlib import Path
from urllib.parse import unquote


def data_uri(data: bytes, kind: str) -> str:
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def file_data_uri(path: Path, kind: str | None = None) -> str:
    """A file as a data URI; its media type from its name unless given."""
    return data_uri(path.read_bytes(), kind or mimetypes.guess_type(path.name)[0] or "application/octet-stream")


def decode_data_uri(uri: str) -> tuple[str, bytes]:
    """The media type (lower case, '' when none is given) and the bytes of a ``data:`` URI.

    Raises ValueError when its base64 is broken."""
    header, _, payload = uri[5:].partition(",")
    try:
        body = base64.b64decode(payload) if header.endswith(";base64") else unquote(payload).encode()
    except binascii.Error as error:
        raise ValueError("not valid base64") from error
    return header.split(";")[0].strip().lower(), body
