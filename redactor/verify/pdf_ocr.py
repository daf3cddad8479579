"""The verifier's second reading of scanned pages: rendered by PDFium, read by Tesseract.

Independent of the redactor's OCR: another renderer (pypdfium2, not MuPDF), another
resolution (`Ocr.verify_dpi`) and another page-segmentation mode (`Ocr.verify_psm`,
sparse text by default, which finds words a layout analysis skips). Every page on which
an image covers a large share is rendered and read whole ("page N (OCR)", the place the
reader gave it), and every embedded image of the output is read on its own, at its own
resolution ("page N (OCR), image K"), so a copy of an original image hidden under another,
or clipped out of view, is read too. Any failure is a residue: the output cannot be proved
clean.

`ocr_in_order` reads named places once more with Tesseract's layout analysis (page
segmentation mode 3), each column by itself: the confirmation of a finding that joins two lines
(sparse text puts the lines of columns side by side next to each other, as "+43 732 330" then
"Erste Bank" of the next column reads as a numbered street).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from redactor.settings import Ocr
from redactor.types import Residue

SCANNED_SHARE = 0.25  # an image covering this share of a page makes it a scanned page
MIN_IMAGE_PX = 32  # smaller images (rules, bullets, dots) hold no readable word
WORKERS = 2  # Tesseract processes at once: both cores
BATCH = 4  # images rendered ahead of the readers, at most
Readings = tuple[list[tuple[str, str]], list[Residue]]
Job = tuple[str, Any]  # place, image to read


LAYOUT_PSM = 3  # Tesseract's full layout analysis: blocks and columns, each read in turn
_PLACE = re.compile(r"page (\d+) \(OCR\)(?:, image (\d+))?")


def _read(image: Any, settings: Ocr, psm: int | None = None) -> str:
    import pytesseract

    mode = settings.verify_psm if psm is None else psm
    text: str = pytesseract.image_to_string(image, lang="eng", config=f"--psm {mode}",
                                            timeout=settings.seconds)  # fmt: skip
    return "\n".join(line for line in text.splitlines() if line.strip())


def _images(page: Any) -> Iterator[Any]:
    import pypdfium2.raw as pdfium_c

    yield from page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])


def _scanned(page: Any, images: list[Any]) -> bool:
    width, height = page.get_size()
    area = width * height
    for image in images:
        left, bottom, right, top = image.get_bounds()
        if area and (right - left) * (top - bottom) >= SCANNED_SHARE * area:
            return True
    return False


def _image_jobs(place: str, images: list[Any], seen: set[str]) -> list[Job]:
    """Each image not read before (by its pixels), at its own resolution."""
    found = []
    for n, image in enumerate(images, start=1):
        width, height = image.get_px_size()
        if min(width, height) < MIN_IMAGE_PX:
            continue
        pil = image.get_bitmap(render=False).to_pil().convert("L")
        digest = hashlib.sha256(pil.tobytes()).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        found.append((f"{place} (OCR), image {n}", pil))
    return found


def _page_jobs(number: int, page: Any, seen: set[str], settings: Ocr) -> list[Job]:
    images = list(_images(page))
    if not images:
        return []
    place = f"page {number}"
    found = _image_jobs(place, images, seen)
    if _scanned(page, images):
        render = page.render(scale=settings.verify_dpi / 72, grayscale=True).to_pil()
        found.insert(0, (f"{place} (OCR)", render))
    return found


def _run(jobs: list[Job], pool: ThreadPoolExecutor, settings: Ocr) -> list[tuple[str, str]]:
    texts = pool.map(lambda job: _read(job[1], settings), jobs)
    return [(place, text) for (place, _), text in zip(jobs, texts, strict=True)]


def ocr_readings(path: Path, settings: Ocr) -> Readings:
    """The OCR text of every scanned page and every image, by place; a failure is a residue."""
    import pypdfium2 as pdfium

    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    jobs: list[Job] = []
    try:
        pdf = pdfium.PdfDocument(str(path))
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            try:
                for number, page in enumerate(pdf, start=1):
                    jobs += _page_jobs(number, page, seen, settings)
                    if len(jobs) >= BATCH:
                        found, jobs = found + _run(jobs, pool, settings), []
                found += _run(jobs, pool, settings)
            finally:
                pdf.close()
    except Exception as exc:  # noqa: BLE001 - no OCR reading, no proof: never a pass
        return found, [Residue("document", f"OCR reading failed ({type(exc).__name__})", "unreadable")]
    return found, []


def _image_of(page: Any, number: int) -> Any:
    """Image `number` of the page (counted as `_image_jobs` counts), in grey."""
    images = list(_images(page))
    return images[number - 1].get_bitmap(render=False).to_pil().convert("L")


def ocr_in_order(path: Path, places: Iterable[str], settings: Ocr) -> dict[str, str]:
    """Each named OCR place ("page N (OCR)", "page N (OCR), image K") read again in layout
    order; a place that cannot be read again is left out (its findings then stand)."""
    import pypdfium2 as pdfium

    wanted = {place: match for place in places if (match := _PLACE.fullmatch(place))}
    found: dict[str, str] = {}
    if not wanted:
        return found
    try:
        pdf = pdfium.PdfDocument(str(path))
    except Exception:  # noqa: BLE001 - no second reading: every finding stands
        return found
    try:
        for place, match in wanted.items():
            try:
                page = pdf[int(match.group(1)) - 1]
                image = (_image_of(page, int(match.group(2))) if match.group(2) else
                         page.render(scale=settings.verify_dpi / 72, grayscale=True).to_pil())  # fmt: skip
                found[place] = _read(image, settings, LAYOUT_PSM)
            except Exception:  # noqa: BLE001, S112 - this place is not confirmed: its findings stand
                continue
    finally:
        pdf.close()
    return found
