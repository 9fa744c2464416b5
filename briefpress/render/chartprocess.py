"""The chart renderer in a child process of its own, under a time and a memory limit.

Vega-Lite runs in V8; a spec that makes millions of marks would take the build down with it (V8
aborts the whole process when it cannot allocate). The child renders the charts one after another
and writes each SVG as a line of JSON, so that when it dies the build knows which chart did it.
V8 reserves a large address space up front, so the cap is on data (``RLIMIT_DATA``), not on address
space as for the printer.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Location, RenderError

_COMMAND = "from briefpress.render.chartprocess import serve; serve()"
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])


@dataclass(frozen=True)
class ChartJob:
    spec: dict[str, Any]
    location: Location  # the figure's file, where a chart that fails is reported


def serve() -> None:
    """The child: read the fonts and the specs from stdin, write one JSON line per chart."""
    import vl_convert

    request = json.loads(sys.stdin.read())
    vl_convert.register_font_directory(request["fonts"])
    for spec in request["specs"]:
        try:
            meta = spec.get("usermeta", {})
            options = {"allowed_base_urls": [], "format_locale": meta.get("format_locale"),
                       "time_format_locale": meta.get("time_format_locale")}
            svg = vl_convert.vegalite_to_svg(spec, **options)
            if meta.get("raster"):
                png = vl_convert.vegalite_to_png(spec, scale=meta["raster"], **options)
                svg = raster_svg(svg, png)
            reply = {"svg": svg}
        except (ValueError, RuntimeError) as error:
            text = str(error).strip()
            reply = {"error": text.splitlines()[0] if text else type(error).__name__}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


def raster_svg(vector: str, png: bytes) -> str:
    """The chart drawn as a picture, wrapped in an SVG of the vector drawing's size (see charts.RASTER)."""
    import base64
    import re

    size = re.search(r'<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"', vector)
    width, height = size.groups() if size else ("100%", "100%")
    data = base64.b64encode(png).decode("ascii")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}"><image width="{width}" height="{height}" '
            f'xlink:href="data:image/png;base64,{data}"/></svg>')


def _capped(memory_mib: int):  # -> Callable[[], None], run in the child before it starts
    def cap() -> None:
        if memory_mib:
            limit = (memory_mib + 512) * 1024 * 1024  # the renderer's own start-up takes some 300 MiB
            resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    return cap


def render_bounded(jobs: Sequence[ChartJob], fonts: Path, seconds: float, memory_mib: int) -> list[str]:
    """Every job's SVG, in order; a chart that fails, runs out of time or of memory raises RenderError."""
    if not jobs:
        return []
    request = json.dumps({"fonts": str(fonts), "specs": [job.spec for job in jobs]})
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_PACKAGE_PARENT, os.environ.get("PYTHONPATH")]))}
    try:
        output = subprocess.run([sys.executable, "-P", "-c", _COMMAND], input=request, capture_output=True,
                                text=True, timeout=seconds, env=env, preexec_fn=_capped(memory_mib)).stdout
        timed_out = False
    except subprocess.TimeoutExpired as expired:
        raw = expired.stdout or ""
        output, timed_out = raw.decode() if isinstance(raw, bytes) else raw, True
    complete = output[: output.rfind("\n") + 1]  # a line the limit cut off is no reply
    replies = [json.loads(line) for line in complete.splitlines() if line.strip()]
    svgs = []
    for job, reply in zip(jobs, replies):
        if "error" in reply:
            raise RenderError.at(job.location, f"chart: Vega-Lite could not render it: {reply['error']}")
        svgs.append(reply["svg"])
    if len(svgs) < len(jobs):
        failed = jobs[len(svgs)].location
        if timed_out:
            raise RenderError.at(failed, f"chart: rendering exceeded the time limit of {seconds:g} s")
        raise RenderError.at(failed, f"chart: rendering exceeded the memory limit of {memory_mib:,} MiB "
                                     "(the chart renderer stopped)" if memory_mib else
                             "chart: the chart renderer stopped unexpectedly")
    return svgs
