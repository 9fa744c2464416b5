"""The picture that sharing shows: the top of the printed cover (title band, date, authors), 1200×630
pixels as Open Graph and Twitter cards ask, rendered from the PDF itself with PDFium."""
from __future__ import annotations

import io

SIZE = (1200, 630)


def social_image(pdf: bytes) -> bytes:
    """The cover's top as a PNG of ``SIZE``."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        cover = document[0]
        width, _ = cover.get_size()
        picture = cover.render(scale=SIZE[0] / width).to_pil().crop((0, 0, *SIZE))
    finally:
        document.close()
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()
