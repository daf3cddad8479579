"""A self-contained HTML page for auditors: chain status, then per document what happened.

No scripts and no external assets (a Content-Security-Policy forbids them);
every value from the log is HTML-escaped. A document's original and the
redacted versions made from it (linked by "redact" entries) share one section.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from html import escape
from typing import Any

from redactor.audit.chain import ChainStatus, now
from redactor.audit.entry import Entry

_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #bbb;padding:2px 6px;
text-align:left;vertical-align:top}th{background:#eee}.ok{background:#dfd}.bad{background:#fdd}
.status{padding:.6em;font-weight:bold;border:1px solid #888}code{font-size:12px}
section{border-top:2px solid #444;margin-top:1.5em}
"""
_ENTRY_COLUMNS = ("id", "time", "user", "action", "file", "case", "reader", "decision", "reason")
_FINDING_COLUMNS = ("kind", "location", "rule", "detector", "party", "decision")


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _table(headers: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _roots(entries: list[Entry]) -> dict[str, str]:
    """Each file hash mapped to the original it was redacted from (itself when none)."""
    parent = {e.output_sha256: e.input_sha256 for e in entries if e.action == "redact"}
    roots: dict[str, str] = {}
    for sha in {e.input_sha256 for e in entries} | set(parent):
        root, seen = sha, set()
        while root in parent and root not in seen and parent[root]:
            seen.add(root)
            root = parent[root]
        if sha:
            roots[sha] = str(root)
    return roots


def _groups(entries: list[Entry]) -> tuple[dict[str, list[Entry]], list[Entry]]:
    roots = _roots(entries)
    groups: dict[str, list[Entry]] = {}
    other: list[Entry] = []
    for entry in entries:
        if entry.input_sha256:
            groups.setdefault(roots[entry.input_sha256], []).append(entry)
        else:
            other.append(entry)
    return groups, other


def _file_label(entry: Entry, root: str) -> str:
    if not entry.input_sha256:
        return "-"
    sha = entry.input_sha256
    label = "original" if sha == root else "redacted version"
    out = f" -> {entry.output_sha256[:12]}" if entry.output_sha256 else ""
    return f"{sha[:12]} ({label}){out}"


def _entry_rows(entries: list[Entry], root: str) -> list[list[object]]:
    return [
        [e.id, e.time, e.user, e.action, _file_label(e, root), e.case_id, e.reader, e.decision,
         e.reason]
        for e in entries
    ]  # fmt: skip


def _finding_rows(entries: list[Entry]) -> list[list[object]]:
    """What was redacted where and by which rule, counted (redact entries only)."""
    seen: Counter[tuple[Any, ...]] = Counter()
    for entry in entries:
        if entry.action == "redact":
            for f in entry.parsed("findings"):
                seen[tuple(f.get(c) for c in _FINDING_COLUMNS)] += 1
    return [[*key, n] for key, n in sorted(seen.items(), key=lambda kv: str(kv[0]))]


def _outcome(entries: list[Entry]) -> str:
    lines = []
    for e in entries:
        if e.action in {"approve", "release", "hold", "refuse"}:
            sha = (e.input_sha256 or "-")[:12]
            lines.append(f"{e.time}: {e.action} of {sha} by {e.user} ({e.decision}) for {e.reader}")
    return "".join(f"<li>{_e(line)}</li>" for line in lines) or "<li>no gate decision</li>"


def _section(root: str, entries: list[Entry]) -> str:
    cases = ", ".join(sorted({str(e.case_id) for e in entries if e.case_id}))
    findings = _finding_rows(entries)
    found = _table((*_FINDING_COLUMNS, "count"), findings) if findings else "<p>none recorded</p>"
    return (
        f"<section><h2>Document <code>{_e(root[:16])}</code></h2><p>case: {_e(cases)}</p>"
        f"<h3>Gate</h3><ul>{_outcome(entries)}</ul>"
        f"<h3>Entries</h3>{_table(_ENTRY_COLUMNS, _entry_rows(entries, root))}"
        f"<h3>Redacted (kind, where, rule)</h3>{found}</section>"
    )


def _status(status: ChainStatus) -> str:
    css = "ok" if status.intact else "bad"
    return f'<p class="status {css}">{_e(status.summary)}</p>'


def render(entries: list[Entry], status: ChainStatus) -> str:
    """The whole page for `entries`, with the chain's verification `status` at the top."""
    groups, other = _groups(entries)
    actions = Counter(e.action for e in entries)
    sections = "".join(_section(root, group) for root, group in groups.items())
    rest = _table(_ENTRY_COLUMNS, _entry_rows(other, "")) if other else "<p>none</p>"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>redactor audit report</title><style>{_STYLE}</style></head><body>"
        f"<h1>redactor audit report</h1>{_status(status)}<p>generated {_e(now())}; "
        f"entries: {len(entries)}; documents: {len(groups)}</p>"
        f"{_table(('action', 'entries'), sorted(actions.items()))}{sections}"
        f"<section><h2>Other events (no document)</h2>{rest}</section></body></html>\n"
    )
