"""Compiled templates, kept from one build to the next.

Compiling the built-in templates took about a third of a second a build, every build, though they
rarely change. Jinja checks each kept template against its source's checksum, so an edited template
is compiled again. Every template is kept in memory for the process (``watch``, ``site`` and batch
builds render many times); the built-in ones are also kept in the cache folder for the next command.
A brief's own templates are never written there: the folder stays the size of the built-in theme.
"""
from __future__ import annotations

from pathlib import Path

import jinja2

from ..support.files import write_atomically
from ..support.locations import CACHE, TEMPLATES

_MEMORY_LIMIT = 2000  # templates kept in memory; past it the oldest go (a long ``site`` of many themes)


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's bytecode cache over a dictionary and, for the templates under ``shared``, a folder."""

    def __init__(self, folder: Path | None, shared: Path) -> None:
        self.folder, self.shared = folder, shared.resolve()
        self.memory: dict[str, bytes] = {}
        self.stored: set[str] = set()  # the keys of templates under ``shared``: those the folder keeps

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> jinja2.bccache.Bucket:
        keyed = f"{self._options(environment)!r}|{name}"
        if self.folder is not None and filename is not None and Path(filename).resolve().is_relative_to(self.shared):
            self.stored.add(self.get_cache_key(keyed, filename))
        return super().get_bucket(environment, keyed, filename, source)

    @staticmethod
    def _options(environment: jinja2.Environment) -> tuple:
        """What changes the code a template compiles to (the sandbox, whitespace control, extensions)."""
        return (type(environment).__name__, environment.trim_blocks, environment.lstrip_blocks,
                environment.autoescape, sorted(environment.extensions))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.memory.get(bucket.key)
        if data is None and self.folder is not None and bucket.key in self.stored:
            stored = self.folder / bucket.key
            data = stored.read_bytes() if stored.is_file() else None
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja drops it if the magic or the source's checksum differ

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = bucket.bytecode_to_string()
        if len(self.memory) >= _MEMORY_LIMIT:
            del self.memory[next(iter(self.memory))]
        self.memory[bucket.key] = data
        if self.folder is not None and bucket.key in self.stored:
            write_atomically(self.folder / bucket.key, data)  # builds running at once may compile the same one


COMPILED = CompiledTemplates(CACHE / "templates", TEMPLATES)
