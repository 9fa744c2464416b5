"""Image checks made before any image is embedded: bounded rasters and self-contained SVG.

A PNG of a few kilobytes can decode to gigabytes of pixels; an SVG can name other files or the
network, declare entities that expand a billion-fold, or multiply itself through nested ``<use>``
elements. Each is refused with its reason, by the validator (located at the reference in the
content) and again by the printer's fetcher for anything a template or stylesheet brings in.
"""
from __future__ import annotations

import io
import re
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from ..support.uris import decode_data_uri
from .reader import inside

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
MAX_SVG_ELEMENTS = 20_000
MAX_SVG_DEPTH = 100
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
RASTER_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)


class _Runaway(Exception):
    pass


def referenced_image_problem(source: str, base: Path, root: Path) -> str | None:
    """Why the image ``source`` (relative to ``base``) is refused, as a phrase after its name."""
    path = inside(base, source, root)
    if path is None:
        return "is outside the brief"
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return "is not an SVG, PNG or JPEG image"
    if not path.exists():
        return "not found"
    if not path.is_file():
        return "is not a regular file"
    return file_problem(path)


def file_problem(path: Path) -> str | None:
    """Why the image file at ``path`` may not be embedded, or None."""
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return f"is {size:,} bytes, over the limit of {MAX_IMAGE_BYTES:,}"
    data = path.read_bytes()
    if path.suffix.lower() == ".svg":
        return svg_problem(data)
    return raster_problem(data, RASTER_FORMATS.get(path.suffix.lower()))


def data_problem(data: bytes, content_type: str, depth: int = 0) -> str | None:
    """Why image bytes served with ``content_type`` may not be embedded, or None."""
    if content_type == "image/svg+xml":
        return svg_problem(data, depth)
    if content_type.startswith("image/"):
        return raster_problem(data, None)
    return None


def raster_problem(data: bytes, expected: str | None) -> str | None:
    """Refuse rasters Pillow cannot identify, of another format than named, or too many pixels."""
    from PIL import Image, UnidentifiedImageError

    # Pillow's own bomb check would raise before the size is known; ours reports the numbers.
    saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the header, decodes no pixels
            width, height = image.size
            frames = getattr(image, "n_frames", 1)
            kind = image.format
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return f"is not a readable {expected or 'raster'} image"
    finally:
        Image.MAX_IMAGE_PIXELS = saved
    if expected and kind != expected:
        return f"is a {kind} image, not {expected}"
    pixels = width * height * frames
    if pixels > MAX_IMAGE_PIXELS:
        size = f"{width:,} × {height:,} pixels" + (f" in {frames} frames" if frames > 1 else "")
        return f"is {size}, over the limit of {MAX_IMAGE_PIXELS:,} pixels"
    return _damage(data, kind)


def _damage(data: bytes, kind: str | None) -> str | None:
    """A raster whose pixels do not all decode (a cut-off download) would print with a hole or not at all."""
    from PIL import Image, ImageFile

    # WeasyPrint, once imported, tells Pillow to accept truncated images for the whole process.
    accepting, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with Image.open(io.BytesIO(data)) as image:  # the size is known to be within the limit by now
            image.load()
    except (OSError, ValueError, SyntaxError, EOFError):
        return f"is a truncated or damaged {kind or 'raster'} image"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = accepting
    return None


def svg_problem(data: bytes, depth: int = 0) -> str | None:
    """Refuse SVG with a DOCTYPE, references outside itself, scripts or runaway ``<use>``."""
    from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(data, forbid_dtd=True)
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        return "has a DOCTYPE or entities, which SVG images may not use"
    except ParseError as error:
        return f"is not well-formed XML ({error})"
    if _local(root.tag) != "svg":
        return "is not an SVG image"
    if _depth(root) > MAX_SVG_DEPTH:
        return f"nests elements more than {MAX_SVG_DEPTH} levels deep"
    for element in root.iter():
        if (problem := _element_problem(element, depth)):
            return problem
    return _expansion_problem(root)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1] if isinstance(name, str) else ""


def _depth(root: Element) -> int:
    deepest, stack = 0, [(root, 1)]
    while stack:
        element, level = stack.pop()
        deepest = max(deepest, level)
        if deepest > MAX_SVG_DEPTH:
            break
        stack.extend((child, level + 1) for child in element)
    return deepest


def _element_problem(element: Element, depth: int) -> str | None:
    name = _local(element.tag)
    if name in ("script", "foreignObject"):
        return f"contains a <{name}> element, which SVG images may not use"
    targets = [value for key, value in element.attrib.items() if _local(key) == "href"]
    for text in [*element.attrib.values(), element.text or ""]:
        if "@import" in text:
            return "imports a stylesheet, which SVG images may not do"
        targets += _CSS_URL.findall(text)
    for target in targets:
        if (problem := _target_problem(target.strip(), depth)):
            return problem
    return None


def _target_problem(target: str, depth: int) -> str | None:
    if target.startswith("#") or not target:
        return None
    if not target.lower().startswith("data:"):
        shown = target if len(target) <= 60 else target[:57] + "..."
        return f"refers to '{shown}': SVG images may refer only to #fragments and data: URIs"
    if depth >= 2:
        return "nests data: images more than two levels deep"
    try:
        kind, body = decode_data_uri(target)
    except ValueError:
        return "contains a data: URI that is not valid base64"
    if len(body) > MAX_IMAGE_BYTES:
        return f"contains a data: image over the limit of {MAX_IMAGE_BYTES:,} bytes"
    problem = data_problem(body, kind, depth + 1)
    return f"contains a data: image that {problem}" if problem else None


def _expansion_problem(root: Element) -> str | None:
    """Count the elements the renderer would draw once every ``<use>`` is replaced by its target."""
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    sizes: dict[int, int] = {}

    def size(element: Element, active: tuple[int, ...]) -> int:
        key = id(element)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise _Runaway("has a <use> element that refers to itself")
        if len(active) > 2 * MAX_SVG_DEPTH:
            raise _Runaway(f"chains <use> references more than {2 * MAX_SVG_DEPTH} levels deep")
        total = 1 + sum(size(child, active + (key,)) for child in element)
        if _local(element.tag) == "use":
            href = next((v for k, v in element.attrib.items() if _local(k) == "href"), "")
            target = ids.get(href.strip()[1:]) if href.strip().startswith("#") else None
            total += size(target, active + (key,)) if target is not None else 0
        if total > MAX_SVG_ELEMENTS:
            raise _Runaway(f"expands through <use> to more than {MAX_SVG_ELEMENTS:,} elements")
        sizes[key] = total
        return total

    raw = sum(1 for _ in root.iter())
    if raw > MAX_SVG_ELEMENTS:
        return f"has {raw:,} elements, over the limit of {MAX_SVG_ELEMENTS:,}"
    try:
        size(root, ())
    except _Runaway as runaway:
        return str(runaway)
    return None
