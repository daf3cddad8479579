"""Pictures in a Word report: what an OCR of our own reads before and after `redact`, and the
seconds per picture.

The pictures are made here by another method than the tests': Pillow draws the lines in
DejaVu Serif (not PyMuPDF's Helvetica), a contacts table among them, blurs them slightly,
tilts them 1.5 degrees and saves them as a 180 dpi JPEG and a 120 dpi PNG. Our own reading
of each picture, before and after, is Tesseract's single-block mode (psm 6) at 1.5x:
neither the reader's nor the verifier's settings.

    .venv/bin/python scripts/bench_docx_pictures.py
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "tests" / "data" / "spec_case.yaml"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
LETTER = [
    "Cheshire East Council - Children's Services",
    "Re: Mia Pickford, visit of 3 June",
    "Ms Mottram now lives at Flat 2, Ropewalk House,",
    "41 Wharf Street, Macclesfield, SK11 6QP.",
    "She works at Hollybank Garden Centre on weekdays.",
    "Mia attends Brookside Primary School and is settled.",
    "Email claire.m@example.org for the next meeting.",
]
TABLE = [
    "Contact            Number",
    "Mother (mobile)    07700 900461",
    "Mother (home)      01632 960123",
    "Duty line          0300 123 4567",
    "Vehicle seen       YX19 KLM",
]
PROTECTED = ["Ropewalk House", "Wharf Street", "SK11 6QP", "Hollybank", "Brookside", "claire.m@example.org",
             "07700 900461", "01632 960123", "YX19 KLM"]
KEPT = ["Cheshire", "Council", "Children's", "Services", "visit", "June", "now", "lives", "works", "weekdays",
        "attends", "settled", "Email", "next", "meeting", "Contact", "Number", "Mother", "mobile", "home",
        "Duty", "line", "0300 123 4567", "Vehicle", "seen"]


def _picture(lines: list[str], dpi: int, kind: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    size = round(11 * dpi / 72)
    font = ImageFont.truetype(FONT, size)
    image = Image.new("L", (round(7.5 * dpi), round(size * 1.7 * len(lines) + 2 * size)), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((size, size + n * size * 1.7), line, font=font, fill=30)
    image = image.filter(ImageFilter.GaussianBlur(0.6)).rotate(1.5, resample=Image.Resampling.BICUBIC, fillcolor=255)
    out = io.BytesIO()
    image.save(out, format=kind, **({"quality": 80} if kind == "JPEG" else {}))
    return out.getvalue()


def _report(path: Path) -> Path:
    from docx import Document

    document = Document()
    document.add_paragraph("Report to the child protection conference. The letter received is copied below.")
    document.add_picture(io.BytesIO(_picture(LETTER, 180, "JPEG")))
    document.add_paragraph("The contacts held on file:")
    document.add_picture(io.BytesIO(_picture(TABLE, 120, "PNG")))
    document.save(str(path))
    return path


def _read(path: Path) -> str:
    import pytesseract
    from PIL import Image

    texts = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("word/media/"):
                image = Image.open(io.BytesIO(package.read(name))).convert("L")
                image = image.resize((image.width * 3 // 2, image.height * 3 // 2))
                texts.append(pytesseract.image_to_string(image, config="--psm 6"))
    return " ".join(" ".join(texts).split()).lower()


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from redactor import api

    with tempfile.TemporaryDirectory() as folder:
        source = _report(Path(folder) / "report.docx")
        before = _read(source)
        api.check_file(source, CASE, "father")  # loads the model (warm: the timing is of the redaction alone)
        started = time.perf_counter()
        done = api.redact_file(source, CASE, "father", Path(folder) / "out.docx")
        seconds = time.perf_counter() - started
        after = _read(done.output)
    read_before = [v for v in PROTECTED if v.lower() in before]
    read_after = [v for v in read_before if v.lower() in after]
    kept_before = [k for k in KEPT if k.lower() in before]
    kept_after = [k for k in kept_before if k.lower() in after]
    print(f"protected details our OCR reads: before {len(read_before)}/{len(PROTECTED)}, after {len(read_after)}"
          f" {read_after}")  # fmt: skip
    share = 100 * len(kept_after) / max(1, len(kept_before))
    lost = sorted(set(kept_before) - set(kept_after))
    print(f"kept words surviving: {len(kept_after)}/{len(kept_before)} ({share:.0f}%), lost {lost}")
    print(f"redact (warm, 2 pictures, read, cleared, verified): {seconds:.1f} s, {seconds / 2:.1f} s per picture")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
