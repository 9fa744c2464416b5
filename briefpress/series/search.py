"""Offline full-text search across a series: Pagefind (from PyPI, its binary bundled) indexes each brief's
current page into ``pagefind/``, which the site's own search box (``search.js``) queries in the browser.
Nothing is fetched from another host; the index is a set of static files beside the pages."""
from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import Location, OutputError

FOLDER = "pagefind"
SECONDS = 300


def search_index(pages: Mapping[str, bytes], where: Location) -> dict[str, bytes]:
    """The Pagefind index of ``pages`` (site paths → HTML), as files under ``pagefind/``."""
    with tempfile.TemporaryDirectory(prefix="briefpress-search-") as temporary:
        site, out = Path(temporary) / "site", Path(temporary) / FOLDER
        for name, html in pages.items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_bytes(html)
        command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(out), "--silent"]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise OutputError.at(where, f"the search index could not be built: {error}") from None
        if done.returncode != 0 or not out.is_dir():
            detail = (done.stderr or done.stdout).strip().splitlines()
            raise OutputError.at(where, f"the search index could not be built: {detail[-1] if detail else 'Pagefind failed'}")
        return {f"{FOLDER}/{path.relative_to(out)}": path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}
