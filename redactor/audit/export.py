"""Auditors' exports of the log: JSON (exact) and CSV (for spreadsheets)."""

from __future__ import annotations

import csv
import io
import json

from redactor.audit.entry import FIELDS, Entry

# A cell starting with one of these is read as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def to_json(entries: list[Entry]) -> str:
    return json.dumps([e.as_dict() for e in entries], indent=2, ensure_ascii=False) + "\n"


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _reason_codes(entry: Entry) -> str:
    """The reason codes of the entry's findings (rules/reasons.yaml), each once: "DA-ADDR;DA-CONTACT"."""
    findings = entry.parsed("findings") or []
    return ";".join(sorted({f["reason_code"] for f in findings if isinstance(f, dict) and f.get("reason_code")}))


def to_csv(entries: list[Entry]) -> str:
    """One row per entry; findings, counts and extra stay as their stored JSON text, and a last
    column lists the findings' reason codes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*FIELDS, "reason_codes"])
    for entry in entries:
        writer.writerow([*(_cell(getattr(entry, name)) for name in FIELDS), _cell(_reason_codes(entry))])
    return out.getvalue()


def render(entries: list[Entry], fmt: str) -> str:
    if fmt == "json":
        return to_json(entries)
    if fmt == "csv":
        return to_csv(entries)
    from redactor.errors import BadInput

    raise BadInput(f"--format {fmt!r}: use csv or json")
