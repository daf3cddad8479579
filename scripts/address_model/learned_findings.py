"""Every finding of the learned ADDRESS model on the TUNED labelled set, with whether it overlaps an
ADDRESS/POSTCODE label (to study its precision). Refuses the held-out eval_independent/.

    python scripts/address_model/learned_findings.py sample_docs
"""

from __future__ import annotations

import sys
from pathlib import Path

from redactor.api import check_file
from redactor.evaluate import labelled_documents, locate
from redactor.types import DetectorKind


def main(folder: Path) -> None:
    if "eval_independent" in folder.resolve().parts:
        raise SystemExit("the held-out set is never read for study")
    for doc in labelled_documents(folder):
        result = check_file(doc.document, doc.case, doc.reader)
        segs = result.document.segments
        spans = [s for lab in doc.labels if lab.kind in ("ADDRESS", "POSTCODE") if (s := locate(segs, lab))]
        for f in result.plan.findings:
            if f.detector != DetectorKind.LEARNED:
                continue
            hit = any(s.segment == f.segment and s.start < f.end and f.start < s.end for s in spans)
            print(f"{'ok ' if hit else 'FP '} {f.rule:16} {f.decision} {doc.document.relative_to(folder)}: "
                  f"{f.text!r} <- {f.explanation.note}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
