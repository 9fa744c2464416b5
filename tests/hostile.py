"""Hostile and broken inputs for the corpus: each is one change to a copy of the minimal brief.

A change is a function of the brief's folder and an ``Env`` (the local HTTP server's port and a
scratch folder outside the brief). The images are generated, small on disk and dangerous decoded.
"""
from __future__ import annotations

import base64
import io
import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Env:
    port: int
    outside: Path  # a folder beside the brief, not inside it


Change = Callable[[Path, Env], None]


def _text(value: str | Callable[[Env], str], env: Env) -> str:
    return value(env) if callable(value) else value.replace("{port}", str(env.port)).replace("{outside}", str(env.outside))


def edit(name: str, old: str, new: str) -> Change:
    def change(root: Path, env: Env) -> None:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, _text(new, env), 1), encoding="utf-8")
    return change


def append(name: str, text: str) -> Change:
    def change(root: Path, env: Env) -> None:
        with open(root / name, "a", encoding="utf-8") as stream:
            stream.write(_text(text, env))
    return change


def put(name: str, content: str | bytes | Callable[[], bytes]) -> Change:
    def change(root: Path, env: Env) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content() if callable(content) else content
        if isinstance(data, str):
            path.write_text(_text(data, env), encoding="utf-8")
        else:
            path.write_bytes(data)
    return change


def link(name: str, target: str) -> Change:
    def change(root: Path, env: Env) -> None:
        path = root / name
        path.unlink(missing_ok=True)
        os.symlink(_text(target, env), path)
    return change


def truncate(name: str, cut: int) -> Change:
    """Cut the last ``cut`` bytes off a file, as an interrupted download does."""
    def change(root: Path, env: Env) -> None:
        path = root / name
        path.write_bytes(path.read_bytes()[:-cut])
    return change


def fifo(name: str) -> Change:
    def change(root: Path, env: Env) -> None:
        os.mkfifo(root / name)
    return change


def outside_file(name: str, text: str) -> Change:
    def change(root: Path, env: Env) -> None:
        (env.outside / name).write_text(text, encoding="utf-8")
    return change


def chain(*changes: Change) -> Change:
    def change(root: Path, env: Env) -> None:
        for step in changes:
            step(root, env)
    return change


def prose(line: str) -> Change:
    """Add a paragraph at the end of the section (line 12 of sections/01-staffing.md)."""
    return append("sections/01-staffing.md", "\n" + line + "\n")


def template(markup: str) -> Change:
    """Replace the summary partial with ``markup`` in the brief's own template overrides."""
    return put("templates/partials/summary.html", markup)


@cache
def png_bomb(side: int = 20_000) -> bytes:
    """A 1-bit PNG of ``side`` × ``side`` pixels, all zero: a few kilobytes that decode to 400 MB."""
    row = b"\0" * (1 + side // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


@cache
def jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "grey").save(buffer, "JPEG")
    return buffer.getvalue()


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&lol4;</text></svg>
"""


def use_bomb(levels: int = 8, fan: int = 10) -> str:
    """Each group draws the one below it ``fan`` times: fan ** levels elements once expanded."""
    groups = ['<rect id="g0" width="1" height="1"/>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use href="#g{level - 1}"/>' for _ in range(fan))
        groups.append(f'<g id="g{level}">{uses}</g>')
    return ('<svg xmlns="http://www.w3.org/2000/svg"><defs>' + "".join(groups) + f'</defs><use href="#g{levels}"/></svg>')


def svg(body: str) -> str:
    return ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="10" height="10">{body}</svg>')


def data_png(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def huge_table(rows: int = 5001) -> str:
    lines = ["caption: US Mission Iraq personnel", "sources: [globalsecurity]", "columns:",
             "  - key: milestone", "    label: Milestone", "  - key: staff", "    label: Personnel",
             "    type: integer", "rows:"]
    lines += [f"  - {{milestone: row {index}, staff: {index}}}" for index in range(rows)]
    return "\n".join(lines) + "\n"


def deep_yaml(depth: int = 40) -> str:
    return "keywords: " + "[" * depth + "x" + "]" * depth + "\n"
