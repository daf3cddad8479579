"""Page checks shared by reader and redactor: text hidden under boxes, pages without text.

"Covered" text is live text that something opaque is drawn over afterwards: a
filled rectangle, an image, a shading, or an opaque annotation (a black square
drawn as a comment). That is the classic failed redaction: the eye sees a box,
the file still holds the words. Invisible text (render mode 3, alpha 0) is not
"covered": it is the normal OCR layer under a scan, and is read like any text.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pymupdf
from pymupdf import mupdf

from redactor.documents.pdf_text import Box, PageText, unrotated

_OPAQUE = 0.95
_INVISIBLE_TEXT = 3
_IMAGES = ("fill-image", "fill-imgmask")
_PAINTS = (*_IMAGES, "fill-path", "stroke-path", "fill-shade")
# Annotation types whose appearance paints over what is under it.
_COVERING_ANNOTS = {
    pymupdf.PDF_ANNOT_SQUARE,
    pymupdf.PDF_ANNOT_STAMP,
    pymupdf.PDF_ANNOT_FREE_TEXT,
    pymupdf.PDF_ANNOT_REDACT,
    pymupdf.PDF_ANNOT_POLYGON,
    pymupdf.PDF_ANNOT_CIRCLE,
}

# These cover only when filled: an outline or a text box without background shows through.
_FILLED_ONLY = (pymupdf.PDF_ANNOT_SQUARE, pymupdf.PDF_ANNOT_CIRCLE, pymupdf.PDF_ANNOT_POLYGON,
                pymupdf.PDF_ANNOT_FREE_TEXT)


Log = list[tuple[str, Box]]


def content_log(page: pymupdf.Page) -> Log:
    """Everything the page content draws, in order (index = sequence number), unrotated."""
    log: Log = []
    with unrotated(page):
        device = pymupdf.JM_new_bbox_device(log, False)
        try:
            mupdf.fz_run_page_contents(page.this, device, mupdf.FzMatrix(), mupdf.FzCookie())
        finally:
            mupdf.fz_close_device(device)
    return log


def _inside(point: tuple[float, float], box: Box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _path_cover(drawing: dict[str, Any]) -> list[Box] | None:
    """Rectangles an opaque filled path paints, or None if it is not a solid box."""
    if drawing.get("fill") is None or (drawing.get("fill_opacity") or 1.0) < _OPAQUE:
        return None
    items = drawing.get("items", ())
    rects = [tuple(it[1] if it[0] == "re" else it[1].rect) for it in items if it[0] in ("re", "qu")]
    if rects and len(rects) == len(items):
        if drawing.get("even_odd") and len(rects) > 1:
            return None  # a frame with a hole: the hole shows what is under it
        return rects  # type: ignore[return-value]
    corners = {(round(p.x, 1), round(p.y, 1)) for it in items if it[0] == "l" for p in it[1:3]}
    r = drawing["rect"]
    box = {(round(r.x0, 1), round(r.y0, 1)), (round(r.x1, 1), round(r.y1, 1))}
    if all(it[0] == "l" for it in items) and box <= corners and len(corners) == 4:
        return [tuple(r)]  # type: ignore[list-item]
    return None


def _rounded(box: Box) -> tuple[int, int, int, int]:
    return (round(box[0]), round(box[1]), round(box[2]), round(box[3]))


def _image_opaque(page: pymupdf.Page) -> dict[tuple[int, int, int, int], bool]:
    """Image placements by rounded box: True unless the image has a transparency mask."""
    found: dict[tuple[int, int, int, int], bool] = {}
    for info in page.get_image_info():
        key = _rounded(info["bbox"])
        found[key] = found.get(key, False) or not info.get("has-mask")
    return found


def _covers(page: pymupdf.Page, log: Log) -> list[tuple[int, list[Box]]]:
    """(sequence number, painted rectangles) of every opaque thing the content draws."""
    kinds = {kind for kind, _ in log}
    paths = page.get_drawings() if "fill-path" in kinds else []
    drawings = {d["seqno"]: d for d in paths if d.get("seqno", -1) < len(log)}
    images = _image_opaque(page) if "fill-image" in kinds else {}
    covers: list[tuple[int, list[Box]]] = []
    for seq, (kind, box) in enumerate(log):
        if kind == "fill-path" and seq in drawings:
            rects = _path_cover(drawings[seq])
            if rects:
                covers.append((seq, rects))
        elif kind == "fill-shade" or kind == "fill-image" and images.get(_rounded(box), True):
            covers.append((seq, [box]))
    return covers


def _annot_covers(page: pymupdf.Page) -> list[Box]:
    boxes: list[Box] = []
    for annot in page.annots():
        kind = annot.type[0]
        if kind not in _COVERING_ANNOTS or (annot.opacity not in (-1, None) and annot.opacity < _OPAQUE):
            continue
        if kind in _FILLED_ONLY and not annot.colors.get("fill"):
            continue
        boxes.append(tuple(annot.rect))  # type: ignore[arg-type]
    return boxes


def covered_points(page: pymupdf.Page, log: Log) -> list[tuple[float, float]]:
    """Centres of visible glyphs that an opaque box, image or annotation is drawn over."""
    with unrotated(page):
        covers = _covers(page, log)
        annots = _annot_covers(page)
        spans = page.get_texttrace() if covers or annots else []
    points: list[tuple[float, float]] = []
    for span in spans:
        seq = span["seqno"]
        if seq >= len(log) or span["type"] == _INVISIBLE_TEXT or span["opacity"] == 0:
            continue
        later = [r for s, rects in covers if s > seq for r in rects] + annots
        for char in span["chars"]:
            b = char[3]
            centre = ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
            if any(_inside(centre, r) for r in later):
                points.append(centre)
    return points


def covered_indices(text: PageText, points: list[tuple[float, float]]) -> list[int]:
    """Indices of characters in `text` whose glyph box holds a covered glyph's centre."""
    if not points:
        return []
    buckets: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for p in points:
        buckets[int(p[1] // 8)].append(p)
    found: list[int] = []
    for i, box in enumerate(text.boxes):
        if box is None:
            continue
        near = [p for k in range(int(box[1] // 8), int(box[3] // 8) + 1) for p in buckets.get(k, ())]
        if any(_inside(p, box) for p in near):
            found.append(i)
    return found


def lacks_text_layer(page: pymupdf.Page, text: PageText, log: Log) -> bool:
    """True when the page shows something (images, drawings) but has no characters.

    Also true when an image fills half the page or more and no text lies over it:
    a scan with a typed header is still a scan. And true for a searchable scan: an image
    filling half the page under text that is all invisible (a copier's OCR layer). That
    layer is the copier's guess; the pixels are what a reader sees, and they are what the
    verifier reads, so the page is read by OCR too.
    """
    if not text.glyphs:
        return any(kind in _PAINTS for kind, _ in log)
    with unrotated(page):
        page_box = pymupdf.Rect(page.rect)
    area = abs(page_box)
    images = [pymupdf.Rect(b) & page_box for kind, b in log if kind in _IMAGES]
    big = [r for r in images if area and abs(r) / area >= 0.5]
    if not big:
        return False
    centres = [((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for b in text.boxes if b is not None]
    if any(not any(_inside(c, tuple(r)) for c in centres) for r in big):  # type: ignore[arg-type]
        return True
    return all_text_invisible(page)


def all_text_invisible(page: pymupdf.Page) -> bool:
    with unrotated(page):
        spans = page.get_texttrace()
    return bool(spans) and all(s["type"] == _INVISIBLE_TEXT or s["opacity"] == 0 for s in spans)
