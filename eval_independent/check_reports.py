"""Checks the independent evaluation set: every *.labels.json under reports/.

For each labels file: the case file exists in cases/, the document exists, every label
and keep phrase occurs in the document text (compared with all whitespace removed; the
label's occurrence index must exist), no two labels overlap, every keep phrase has at
least one occurrence outside all labelled spans, lookalikes are a subset of keep, and
every NHS_NUMBER label passes the modulus-11 check. Prints counts per kind and
known/unregistered.

Document text: .txt as is; .docx = header paragraphs (and header tables), then the body
in document order (paragraphs; table cells row by row), then footer paragraphs, joined
with newlines.

Usage: check_reports.py [--prefix PREFIX]   (only labels files whose name starts with PREFIX)
"""
import glob, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
REPORTS = os.path.join(HERE, "reports")
CASES = os.path.join(HERE, "cases")
KINDS = {"ADDRESS", "POSTCODE", "PHONE", "EMAIL", "VEHICLE_REG", "SCHOOL",
         "WORKPLACE", "NHS_NUMBER", "DATE_OF_BIRTH"}


def _block_texts(container):
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    out = []
    for child in container._element.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, container).text)
        elif tag == "tbl":
            t = Table(child, container)
            for row in t.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    out.append(cell.text)
    return out


def doc_text(path):
    if path.endswith(".docx"):
        import docx
        d = docx.Document(path)
        parts = []
        for s in d.sections:
            parts += _block_texts(s.header)
        parts += _block_texts(d._body)
        for s in d.sections:
            parts += _block_texts(s.footer)
        return "\n".join(parts)
    with open(path, encoding="utf-8") as f:
        return f.read()


def strip_ws(s):
    return re.sub(r"\s+", "", s)


def find_all(hay, needle):
    res, i = [], hay.find(needle)
    while i != -1 and needle:
        res.append(i)
        i = hay.find(needle, i + 1)
    return res


def nhs_ok(s):
    d = [int(c) for c in re.sub(r"\D", "", s)]
    if len(d) != 10:
        return False
    c = 11 - sum(d[i] * (10 - i) for i in range(9)) % 11
    c = 0 if c == 11 else c
    return c != 10 and c == d[9]


def check(path):
    errs = []
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    doc = path[: -len(".labels.json")]
    if not os.path.exists(os.path.join(CASES, spec.get("case", ""))):
        errs.append("case file missing: %s" % spec.get("case"))
    if not os.path.exists(doc):
        return spec, ["document missing: %s" % doc]
    text = strip_ws(doc_text(doc))
    spans = []
    for lab in spec["labels"]:
        t = strip_ws(lab["text"])
        if lab["kind"] not in KINDS:
            errs.append("bad kind %r" % lab["kind"])
        occ = find_all(text, t)
        k = lab.get("occurrence", 0)
        if k >= len(occ):
            errs.append("label not found (occurrence %d of %d): %r" % (k, len(occ), lab["text"]))
            continue
        spans.append((occ[k], occ[k] + len(t), lab["text"]))
        if lab["kind"] == "NHS_NUMBER" and not nhs_ok(lab["text"]):
            errs.append("NHS checksum fails: %r" % lab["text"])
    spans.sort()
    for a, b in zip(spans, spans[1:]):
        if b[0] < a[1]:
            errs.append("overlapping labels: %r / %r" % (a[2], b[2]))
    for kp in spec.get("keep", []):
        t = strip_ws(kp)
        occ = find_all(text, t)
        if not occ:
            errs.append("keep phrase not found: %r" % kp)
        elif all(any(s < o + len(t) and o < e for s, e, _ in spans) for o in occ):
            errs.append("keep phrase only occurs inside labels: %r" % kp)
    for lk in spec.get("lookalikes", []):
        if lk not in spec.get("keep", []):
            errs.append("lookalike not in keep: %r" % lk)
    return spec, errs


def main():
    prefix = ""
    if "--prefix" in sys.argv:
        prefix = sys.argv[sys.argv.index("--prefix") + 1]
    files = sorted(f for f in glob.glob(os.path.join(REPORTS, "**", "*.labels.json"), recursive=True)
                   if os.path.basename(f).startswith(prefix))
    kinds, known, bad = Counter(), Counter(), 0
    nlook = nkeep = 0
    for f in files:
        spec, errs = check(f)
        status = "OK" if not errs else "FAIL"
        print("%-4s %s (%d labels, %d keep, %d lookalikes)" % (
            status, os.path.relpath(f, HERE), len(spec.get("labels", [])),
            len(spec.get("keep", [])), len(spec.get("lookalikes", []))))
        for e in errs:
            print("     -", e)
        bad += bool(errs)
        for lab in spec.get("labels", []):
            kinds[lab["kind"]] += 1
            known["known" if lab.get("known") else "unregistered"] += 1
        nlook += len(spec.get("lookalikes", []))
        nkeep += len(spec.get("keep", []))
    print("\n%d documents, %d labels" % (len(files), sum(kinds.values())))
    for k in sorted(kinds):
        print("  %-14s %d" % (k, kinds[k]))
    print("  known %d, unregistered %d" % (known["known"], known["unregistered"]))
    print("  keep phrases %d (of which lookalikes %d)" % (nkeep, nlook))
    if bad:
        print("\n%d file(s) FAILED" % bad)
        sys.exit(1)
    print("\nall checks passed")


if __name__ == "__main__":
    main()
