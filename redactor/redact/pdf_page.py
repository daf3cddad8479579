"""True redaction of one PDF page: glyphs removed from the content, image pixels blanked.

A span found in the page segment maps, through the same `page_text` the reader
used, to glyph boxes; one rectangle per line. MuPDF removes a glyph when the
rectangle overlaps about a tenth of its width, so each rectangle is shrunk to the
middle of the glyphs it covers: the cut's glyphs go, the neighbours' stay.
Afterwards the page is read again and every removed glyph is checked to be gone.

A span found in the page's OCR reading ("page N (OCR)") clears every word it touches,
padded, to white in the page's images themselves (the pixels change; the original image
does not survive the save) and removes line art wholly inside (text drawn as outlines);
the verifier's second OCR reading proves it gone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import pymupdf

from redactor.documents.pdf import PageRead, held_reason
from redactor.documents.pdf_ocr import OcrPage, words_touched
from redactor.documents.pdf_text import Box, PageText, bounds, page_text, span_lines, unrotated
from redactor.errors import UnsafeOutput
from redactor.redact.pdf_label import Direction, Target, draw_labels
from redactor.redact.pdf_ocr_layer import add_layer
from redactor.types import Cut

_SHRINK_X = 0.3  # keep 40% of the first and last glyph's width: well past MuPDF's 10%
_SHRINK_Y = 0.3
_IMAGE_PAD = 1.0
# Around an OCR word's box (points): a scan's ink spreads past what Tesseract boxes.
_OCR_PAD_X = 1.5
_OCR_PAD_Y = 1.0


def _shrunk(box: Box) -> Box:
    w, h = box[2] - box[0], box[3] - box[1]
    return (box[0] + _SHRINK_X * w, box[1] + _SHRINK_Y * h, box[2] - _SHRINK_X * w, box[3] - _SHRINK_Y * h)


def _padded(box: Box) -> Box:
    return (box[0] - _IMAGE_PAD, box[1] - _IMAGE_PAD, box[2] + _IMAGE_PAD, box[3] + _IMAGE_PAD)


def _union(boxes: Iterable[Box]) -> pymupdf.Rect:
    # Plain floats: pymupdf.Rect's `|` costs more than the rest of a page's redaction.
    return pymupdf.Rect(bounds(list(boxes)))


def _direction(line: Sequence[Box]) -> Direction:
    """Which way a line reads, to a quarter turn, from its first and last glyph."""
    if len(line) < 2:
        return (1, 0)
    dx = (line[-1][0] + line[-1][2] - line[0][0] - line[0][2]) / 2
    dy = (line[-1][1] + line[-1][3] - line[0][1] - line[0][3]) / 2
    if abs(dx) >= abs(dy):
        return (1 if dx >= 0 else -1, 0)
    return (0, 1 if dy > 0 else -1)


def _runs(text: PageText, indices: Sequence[int]) -> list[list[Box]]:
    """Glyph boxes of the given characters, in runs of neighbours on one line."""
    runs: list[list[Box]] = []
    last = -2
    for i in sorted(indices):
        box = text.boxes[i]
        if box is None:
            continue
        between = text.text[last + 1:i]
        if runs and "\n" not in between and (not between or between.isspace()):
            runs[-1].append(box)
        else:
            runs.append([box])
        last = i
    return runs


def _apply(page: pymupdf.Page, rects: Sequence[pymupdf.Rect], images: int, graphics: int, text: int) -> None:
    if not rects:
        return
    for rect in rects:
        page.add_redact_annot(rect, fill=False, cross_out=False)
    page.apply_redactions(images=images, graphics=graphics, text=text)


Key = tuple[str, int]


def _keys(text: PageText) -> list[Key | None]:
    """Each glyph by character and baseline band. x is left out: PyMuPDF 2.0 (MuPDF 1.28)
    moves the glyphs after a removed run left by the width of the run's first glyph."""
    return [None if b is None else (c, round(b[3] * 2)) for c, b in zip(text.text, text.boxes, strict=True)]


def _survivors(before: list[Key | None], after: list[Key | None], removed: set[int]) -> tuple[int, int]:
    """(removed glyphs still present, kept glyphs lost), counted per character and line."""
    left = Counter(k for k in after if k is not None)
    kept = Counter(k for i, k in enumerate(before) if k is not None and i not in removed)
    gone = Counter(k for i, k in enumerate(before) if k is not None and i in removed)
    survived = sum(min(n, left[k] - kept[k]) for k, n in gone.items() if left[k] > kept[k])
    return survived, sum((kept - left).values())


def _moved(before: PageText, after: PageText, keys: tuple[list[Key | None], list[Key | None]],
           removed: set[int]) -> int:
    """Kept glyphs that now stand elsewhere on their line (more than half a point away)."""
    was: dict[Key, list[float]] = defaultdict(list)
    now: dict[Key, list[float]] = defaultdict(list)
    for text, found, xs, skip in ((before, keys[0], was, removed), (after, keys[1], now, set())):
        for i, key in enumerate(found):
            box = text.boxes[i]
            if key is not None and box is not None and i not in skip:
                xs[key].append(box[0])
    return sum(sum(1 for a, b in zip(sorted(x), sorted(now[k]), strict=False) if abs(a - b) > 0.5)
               for k, x in was.items())


def _check_readable(seen: PageRead) -> None:
    if seen.unreadable:
        raise UnsafeOutput(f"{held_reason(seen)}; the document is held")


def _ocr_targets(ocr: OcrPage | None, cuts: Sequence[Cut]) -> list[tuple[Cut, list[Box]]]:
    """Each OCR cut with the padded boxes of every word it touches (whole words go)."""
    if not cuts:
        return []
    if ocr is None:
        raise UnsafeOutput("a cut names an OCR reading the page does not have")
    targets = []
    for cut in cuts:
        words = words_touched(ocr, cut.start, cut.end)
        if not words and ocr.text.text[cut.start:cut.end].strip():
            raise UnsafeOutput("a cut has no OCR words to remove")
        targets.append((cut, [_ocr_padded(w.box) for w in words]))
    return targets


def _ocr_padded(box: Box) -> Box:
    return (box[0] - _OCR_PAD_X, box[1] - _OCR_PAD_Y, box[2] + _OCR_PAD_X, box[3] + _OCR_PAD_Y)


def _clear_ocr(page: pymupdf.Page, targets: Sequence[tuple[Cut, list[Box]]]) -> None:
    """Clear the words' pixels to white in the page's images (and line art wholly inside
    them: text drawn as outlines). Text is the text layer's business.

    No label is drawn on a scan: a small white-on-black label is read back by OCR as noise
    ("lives at EEMH" reads as an address), and the blank area alone shows the cut."""
    rects = [pymupdf.Rect(b) for _, boxes in targets for b in boxes]
    for rect in rects:
        page.add_redact_annot(rect, fill=(1, 1, 1), cross_out=False)
    if rects:
        page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS,
                              graphics=pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
                              text=pymupdf.PDF_REDACT_TEXT_NONE)  # fmt: skip


def _cut_targets(place: str, text: PageText, cuts: Sequence[Cut]) -> list[tuple[Cut, list[list[Box]]]]:
    targets = []
    for cut in cuts:
        if not 0 <= cut.start <= cut.end <= len(text.text):
            raise UnsafeOutput(f"{place}: a cut does not fit the page text")
        lines = span_lines(text, cut.start, cut.end)
        if not lines and text.text[cut.start:cut.end].strip():
            raise UnsafeOutput(f"{place}: a cut has no glyphs to remove")
        targets.append((cut, lines))
    return targets


def redact_page(page: pymupdf.Page, checked: str, cuts: Sequence[Cut], seen: PageRead,
                ocr_cuts: Sequence[Cut] = ()) -> list[str]:  # fmt: skip
    """Remove the cuts (on the page's text, and on its OCR reading) and any text hidden under
    boxes from one page, then write the kept OCR words as an invisible layer (`pdf_ocr_layer`);
    returns notes. `seen` is the reader's pass over this page as it is now (`read_page`)."""
    notes = _redact_page(page, checked, cuts, seen, ocr_cuts)
    if seen.ocr is None or not seen.ocr.words or seen.text.glyphs or page.rotation:
        return notes
    written = add_layer(page, seen.ocr, ocr_cuts)
    return notes + [f"{seen.place} (OCR): an invisible text layer of the {written} kept word(s)"]


def _redact_page(page: pymupdf.Page, checked: str, cuts: Sequence[Cut], seen: PageRead,
                 ocr_cuts: Sequence[Cut]) -> list[str]:  # fmt: skip
    place, text, hidden = seen.place, seen.text, seen.hidden
    if text.text != checked or place != f"page {page.number + 1}":
        raise UnsafeOutput(f"{place} reads differently from the document that was checked")
    _check_readable(seen)
    targets = _cut_targets(place, text, cuts)
    ocr_targets = _ocr_targets(seen.ocr, ocr_cuts)
    removed = set(hidden) | {i for cut in cuts for i in range(cut.start, cut.end)}
    if not removed and not ocr_targets:
        return []
    with unrotated(page):
        _remove(page, text, hidden, targets)
        _clear_ocr(page, ocr_targets)
        after = page_text(page)
        keys = (_keys(text), _keys(after))
        survived, lost = _survivors(*keys, removed)
        if survived:
            raise UnsafeOutput(f"{place}: text survived a redaction; nothing was written")
        moved = _moved(text, after, keys, removed)
        labels = [
            Target(c.label, [(bounds(line), _direction(line)) for line in lines])
            for c, lines in targets
        ]
        draw_labels(page, labels, [b for b in after.boxes if b is not None])
    notes = _notes(place, len(cuts), bool(hidden), lost, moved)
    return notes + ([f"{place} (OCR): cleared the pixels of {len(ocr_cuts)} span(s)"] if ocr_cuts else [])



def _remove(page: pymupdf.Page, text: PageText, hidden: Sequence[int],
            targets: Sequence[tuple[Cut, list[list[Box]]]]) -> None:
    # Hidden text first, leaving the box or image that hid it exactly as it was.
    _apply(page, [_union(map(_shrunk, run)) for run in _runs(text, hidden)],
           pymupdf.PDF_REDACT_IMAGE_NONE, pymupdf.PDF_REDACT_LINE_ART_NONE, pymupdf.PDF_REDACT_TEXT_REMOVE)
    lines = [line for _, found in targets for line in found]
    _apply(page, [_union(map(_shrunk, line)) for line in lines], pymupdf.PDF_REDACT_IMAGE_PIXELS,
           pymupdf.PDF_REDACT_LINE_ART_REMOVE_IF_TOUCHED, pymupdf.PDF_REDACT_TEXT_REMOVE)
    # Pixels of a scan under the words: blank the glyphs' whole boxes, not just their middles.
    if page.get_images():
        full = [pymupdf.Rect(_padded(bounds(line))) for line in lines]
        _apply(page, full, pymupdf.PDF_REDACT_IMAGE_PIXELS, pymupdf.PDF_REDACT_LINE_ART_NONE,
               pymupdf.PDF_REDACT_TEXT_NONE)


def _notes(place: str, cuts: int, hidden: bool, lost: int, moved: int) -> list[str]:
    notes = [f"{place}: removed {cuts} span(s)"] if cuts else []
    if hidden:
        notes.append(f"{place}: removed text hidden under a box or image")
    if lost:
        notes.append(f"{place}: {lost} neighbouring character(s) were removed as well")
    if moved:
        # PyMuPDF 2.0 (MuPDF 1.28) shifts the rest of a text run left by the first removed
        # glyph's width; 1.27 does not. The words are intact; the layout tightens.
        notes.append(f"{place}: {moved} kept character(s) moved sideways after a redaction")
    return notes
