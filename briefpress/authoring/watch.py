"""Live preview: ``build.py watch`` serves the brief on 127.0.0.1 and rebuilds it on every change.

Content, templates and styles are polled for changes (standard library only). A rebuild publishes
the web edition as soon as it is rendered and the PDF right after. The served page carries a small
script that asks the server for the build's version and reloads when it changes; that script is
added only to the served page, never to a built file. A failed build keeps the last good editions,
shows its located problems on the page and the terminal, and the next good build replaces them.
"""
from __future__ import annotations

import html
import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TextIO, TypedDict

from ..content.model import Brief
from ..errors import BriefError, display_path
from ..pipeline.builder import Builder
from ..pipeline.options import Options
from ..render.theme import STYLES, TEMPLATES
from .progress import Progress

STATUS_PATH = "/__briefpress/status"
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part")
Snapshot = dict[str, tuple[int, int]]


def watched_roots(options: Options) -> list[Path]:
    """Everything a build reads: the content folder, the built-in and override templates, the styles."""
    return [options.content, TEMPLATES, STYLES, *([options.theme] if options.theme else []), *options.templates,
            *options.styles]


def snapshot(roots: Iterable[Path]) -> Snapshot:
    """Modification time and size of every file below ``roots`` (editor scratch files left out)."""
    found: Snapshot = {}
    for root in roots:
        if root.is_file():
            _stat_into(found, root)
            continue
        for folder, dirs, names in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith((".", "__"))]
            for name in names:
                if not name.startswith(".") and not name.endswith(IGNORED_SUFFIXES):
                    _stat_into(found, Path(folder, name))
    return found


def _stat_into(found: Snapshot, path: Path) -> None:
    try:
        info = path.stat()
    except OSError:  # removed between listing and reading: the next poll sees it gone
        return
    found[str(path)] = (info.st_mtime_ns, info.st_size)


def changed_files(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


class Status(TypedDict):
    page: int
    pdf: str
    pdf_version: int
    pdf_url: str
    problems: list[str]


@dataclass
class State:
    """What the server shows: the last good editions, the current problems, and version numbers."""

    page_version: int = 0  # bumps when the page must reload: a new web edition, or problems changed
    pdf_version: int = 0
    pdf_status: str = "building"  # building | ready | failed
    slug: str = "brief"
    web: str | None = None
    pdf: bytes | None = None
    data: dict[str, bytes] = field(default_factory=dict)  # the tables' CSV files, by URL path
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def status(self) -> Status:
        with self.lock:
            return self.status_unlocked()

    def status_unlocked(self) -> Status:
        return {"page": self.page_version, "pdf": self.pdf_status, "pdf_version": self.pdf_version,
                "pdf_url": f"/{self.slug}.pdf", "problems": list(self.problems)}


class Preview:
    """The watcher and the server; ``start()`` runs both in background threads, ``stop()`` ends them."""

    def __init__(self, options: Options, port: int = 8000, interval: float = 0.3,
                 stream: TextIO | None = None) -> None:
        self.options, self.interval = options, interval
        self.stream = stream or sys.stdout
        self.state = State()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self.state))
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        # One printer for every rebuild: WeasyPrint, fonts and stylesheets stay loaded between them.
        self.builder = Builder(options)
        self.theme: Path | None = options.theme  # the house theme, once a build has named it
        self._theme_seen: Snapshot = {}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> Preview:
        for target, name in ((self.server.serve_forever, "briefpress-server"), (self._watch, "briefpress-watch")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()
        for thread in self._threads:
            thread.join()
        self.builder.close()

    def _roots(self) -> list[Path]:
        roots = watched_roots(self.options)
        return roots + [self.theme] if self.theme is not None and self.theme not in roots else roots

    def _watch(self) -> None:
        roots = self._roots()
        seen = snapshot(roots)
        self.rebuild()
        while not self._stop.wait(self.interval):
            if self._roots() != roots:  # the brief names another house theme: watch it too, from now on
                roots = self._roots()
                seen = {**snapshot(roots), **self._theme_seen}  # the theme as the build read it
            current = snapshot(roots)
            if current == seen:
                continue
            # Let a save that writes several files, or one file in parts, finish first.
            while not self._stop.wait(self.interval) and (settled := snapshot(roots)) != current:
                current = settled
            changed = changed_files(seen, current)
            seen = current
            self._say(f"changed: {', '.join(display_path(p) for p in changed[:3])}"
                      + (f" and {len(changed) - 3} more" if len(changed) > 3 else ""))
            self.rebuild()

    def rebuild(self) -> None:
        """Build once: publish the web edition, then the PDF; any failure is shown, never raised."""
        started = time.perf_counter()
        try:
            with Progress(self.stream) as progress:
                self._build(progress, started)
        except BriefError as error:
            self._fail([str(problem) for problem in error.problems])
        except Exception as error:  # a bug must not end the preview: show it and keep watching
            lines = traceback.format_exception_only(type(error), error)
            self._fail([f"internal error: {''.join(lines).strip()}"])

    def _build(self, progress: Progress, started: float) -> None:
        def show_web(brief: Brief, files: dict[str, bytes]) -> None:
            slug = brief.stem
            with self.state.lock:
                self.state.slug, self.state.web, self.state.problems = slug, files[f"{slug}.html"].decode(), []
                self.state.data = {f"/{name}": data for name, data in files.items() if name.endswith(".csv")}
                self.state.page_version += 1
                self.state.pdf_status = "building"

        # The preview reports its two steps: until the web edition is shown, then until the PDF is.
        spent: list[float] = []

        def report(stage: str, seconds: float) -> None:
            spent.append(seconds)
            if stage == "web edition":
                progress.report(stage, sum(spent))
                spent.clear()

        result = self.builder.preview(show_web, report)
        if result.brief.theme != self.theme:
            self.theme, self._theme_seen = result.brief.theme, snapshot([result.brief.theme] if result.brief.theme else [])
        progress.report("PDF", sum(spent))
        with self.state.lock:
            self.state.pdf, self.state.pdf_status = result.files[f"{result.brief.stem}.pdf"], "ready"
            self.state.pdf_version += 1
        self._say(f"ready in {time.perf_counter() - started:.2f} s: {self.url} and {self.url}{result.brief.stem}.pdf")

    def _fail(self, problems: list[str]) -> None:
        with self.state.lock:
            self.state.problems = problems
            self.state.pdf_status = "failed"
            self.state.page_version += 1
        self._say("build failed; the preview keeps the last good version until this is fixed:")
        for line in problems:
            self._say(line)

    def _say(self, line: str) -> None:
        print(line, file=self.stream, flush=True)


def _handler(state: State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == STATUS_PATH:
                self._send(HTTPStatus.OK, "application/json", json.dumps(state.status()).encode())
            elif path in ("/", "/index.html", f"/{state.slug}.html"):
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", served_page(state).encode("utf-8"))
            elif path in (f"/{state.slug}.pdf", "/brief.pdf"):
                with state.lock:
                    data = state.pdf
                if data is None:
                    self._send(HTTPStatus.SERVICE_UNAVAILABLE, "text/plain", b"The PDF is not built yet.\n")
                else:
                    self._send(HTTPStatus.OK, "application/pdf", data)
            elif path in state.data:
                self._send(HTTPStatus.OK, "text/csv; charset=utf-8", state.data[path])
            else:
                self._send(HTTPStatus.NOT_FOUND, "text/plain", b"Not found.\n")

        def _send(self, status: HTTPStatus, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # requests are not news; builds are

    return Handler


PDF_LABELS = {"building": "(building…)", "ready": "(ready)", "failed": "(not updated)"}
PANEL = """
<div id="briefpress-preview" style="position:fixed;right:0.8rem;bottom:0.8rem;z-index:9999;max-width:min(46rem,94vw);
font:13px/1.4 system-ui,sans-serif;background:#fff;color:#1b2430;border:1px solid #c5ced8;border-radius:6px;
box-shadow:0 2px 10px rgba(0,0,0,.15);padding:0.5rem 0.75rem">
{problems}<span>Live preview · <a id="briefpress-pdf" href="{pdf_url}" target="_blank">PDF</a>
<span id="briefpress-pdf-status">{pdf_status}</span></span></div>
<script>
(function () {{
  var page = {page}, labels = {labels};
  function poll() {{
    fetch("{status_path}", {{cache: "no-store"}}).then(function (r) {{ return r.json(); }}).then(function (s) {{
      if (s.page !== page) {{ location.reload(); return; }}
      document.getElementById("briefpress-pdf-status").textContent = labels[s.pdf] || "";
      setTimeout(poll, 400);
    }}).catch(function () {{ setTimeout(poll, 1500); }});
  }}
  setTimeout(poll, 400);
}})();
</script>
"""

PROBLEMS = """<div role="alert" style="margin-bottom:0.4rem"><strong style="color:#a4262c">Build failed</strong>
<pre style="white-space:pre-wrap;margin:0.3rem 0 0;font:12px/1.4 ui-monospace,monospace">{lines}</pre></div>"""

PLACEHOLDER = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Preview</title></head>
<body style="font:16px system-ui,sans-serif;padding:2rem">{message}</body></html>"""


def served_page(state: State) -> str:
    """The web edition with the preview panel and reload script added before ``</body>``."""
    with state.lock:
        web, status = state.web, state.status_unlocked()
    problems = status["problems"]
    if web is None:
        web = PLACEHOLDER.format(message="No successful build yet." if problems else "Building the brief…")
    panel = PANEL.format(
        problems=PROBLEMS.format(lines=html.escape("\n".join(problems))) if problems else "",
        pdf_url=html.escape(status["pdf_url"]), pdf_status=PDF_LABELS[status["pdf"]], page=status["page"],
        labels=json.dumps(PDF_LABELS, ensure_ascii=False), status_path=STATUS_PATH)
    at = web.rfind("</body>")
    return web[:at] + panel + web[at:] if at >= 0 else web + panel
