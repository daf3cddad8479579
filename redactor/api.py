"""The public Python API: the one library the CLI, the HTTP service and the watcher share.

    from pathlib import Path
    from redactor import api

    result = api.check_file(Path("report.docx"), Path("case.yaml"), reader="father")
    result.verdict                      # Verdict.REDACT
    [f.kind for f in result.plan.to_remove]
    done = api.redact_file(Path("report.docx"), Path("case.yaml"), "father", Path("out.docx"))
    done.verification.clean             # True: an independent re-read found nothing

Functions here run the stages (read -> detect -> decide -> redact -> verify) and
return frozen results; they neither print nor write the audit log (see
`redactor.commands` for the audited versions the faces call). `ner` is the NER engine
(redactor.ner): `SplitNer()` unless the caller knows better (a runner's `ner`, a fake).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from redactor.casefile import CaseFile
from redactor.documents import sha256_file, sniff
from redactor.errors import BadInput, RedactorError, UnsafeOutput
from redactor.formats import MODULES, module_for, reading_for
from redactor.ner import NerEngine, SplitNer
from redactor.ruleset import load_rules
from redactor.settings import Limits, settings
from redactor.types import CaseUsed, CheckResult, Document, PagePass, Plan, Problem, Reading, RedactResult


def governing(case_path: Path) -> tuple[CaseFile, CaseUsed]:
    """The case that decides: the registered record made stricter by the handed-in file."""
    from redactor.caserecord import governing_case

    found = governing_case(case_path)
    return found.case, CaseUsed(found.record_digest, found.digest, found.registered)


def read_safely(path: Path, limits: Limits) -> Document:
    """`read_document`, with the bytes read once without following a link (regular files only)."""
    return _reading(path, limits).document


def _reading(path: Path, limits: Limits) -> Reading:
    """`read_safely`, with the reader's page pass for the writer (it stays in this process)."""
    from redactor.inputs import read_input

    data = read_input(path)
    return reading_for(sniff(path, data))(path, data, limits)


@contextmanager
def _stage(name: str, failure: type[RedactorError]) -> Iterator[None]:
    """Fail closed at a stage boundary: a foreign library's exception (a damaged file that
    crashes PyMuPDF, say) becomes our error, naming the stage and the type, never its message
    (which may quote document text)."""
    try:
        yield
    except (RedactorError, KeyboardInterrupt, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - the one boundary where foreign errors are mapped
        raise failure(f"{name} ({type(exc).__name__})") from None


def warm() -> None:
    """Load the rules, the NER model and the learned ADDRESS model (when on), so the first document does
    not pay for them (a service's threads, or a pool worker as it starts: `Pool(size, limits, warm=api.warm)`)."""
    from redactor.detect.learned import configured
    from redactor.ner.model import analyzer

    load_rules()
    analyzer()
    configured().warm()


def check_document(document: Document, case: CaseFile, reader: str, ner: NerEngine = SplitNer()) -> CheckResult:
    """Detect and decide for an already-read document."""
    from redactor.detect import find
    from redactor.policy import decide
    from redactor.policy.ocr_doubt import partial_phones, with_doubts

    started = time.perf_counter()
    case.party(reader)
    rules = load_rules()
    findings = find(document, case, rules, ner)
    findings += tuple(partial_phones(document.segments, findings))  # OCR's doubtful spans
    plan = decide(findings, document.segments, case, reader, rules, document.problems)
    plan = with_doubts(plan, document.segments, _protected_values(plan, case))
    return CheckResult(document, plan, time.perf_counter() - started)


def _protected_values(plan: Plan, case: CaseFile) -> list[tuple[str, str]]:
    """(kind, normalised value) of every detail of a party protected from this reader, names aside."""
    from redactor.detect.known import needles

    protected = set(plan.assessment.protected_parties) - {plan.reader}
    return [(n.kind, n.norm) for n in needles(case, load_rules())
            if n.party in protected and n.kind != "PERSON"]  # fmt: skip


def _importing(path: Path, *stages: str) -> Callable[[], None]:
    """Imports for the stages after detection (the writer, the verifier), done while NER runs
    in its own process on a cold run (see `ner.AheadNer`)."""
    fmt = path.suffix.lower().lstrip(".")

    def load() -> None:
        for stage in stages:
            if fmt in MODULES:
                module_for(stage, fmt)

    return load


def _check_case(path: Path, case: CaseFile, reader: str, limits: Limits | None, ner: NerEngine,
                then: Callable[[], None] = lambda: None) -> tuple[CheckResult, PagePass | None]:  # fmt: skip
    """The check, and the reader's page pass (for a redaction that follows in this process)."""
    from redactor.inputs import check_regular

    case.party(reader)  # an unknown reader is bad input before any reading
    check_regular(path)  # a link, FIFO or device is refused before anything starts
    with ner.started(then) as running:  # an AheadNer starts loading the model here
        with _stage(f"{path.name}: damaged or unreadable document", BadInput):
            read = _reading(path, limits or settings().limits)
        return check_document(read.document, case, reader, running), read.page_pass


def check_file(path: Path, case_path: Path, reader: str, limits: Limits | None = None,
               ner: NerEngine = SplitNer()) -> CheckResult:  # fmt: skip
    """Everything the document gives away to `reader`, decided by the policy (and the case record)."""
    case, used = governing(case_path)
    checked, _ = _check_case(path, case, reader, limits, ner)
    return replace(checked, case=used)


def _hidden_values(result: CheckResult, case: CaseFile) -> list[Problem]:
    """Protected details still inside the file's raw content where the reader does not look
    (an earlier PDF revision, an XML or zip comment): release ships these very bytes."""
    from redactor.detect.known import needles
    from redactor.verify import hidden_residues

    plan = result.plan
    protected = set(plan.assessment.protected_parties) - {plan.reader}
    if not protected:
        return []
    values = {n.norm for n in needles(case, load_rules())
              if n.party in protected and n.kind != "PERSON"}  # fmt: skip
    residues = hidden_residues(result.document.path, result.document.format, values, case)
    return [Problem(r.place, "hidden-value", f"a protected detail is still inside the file ({r.place}); "
                    "redact it with `redactor redact` first") for r in residues]  # fmt: skip


def check_for_release(path: Path, case_path: Path, reader: str, limits: Limits | None = None,
                      ner: NerEngine = SplitNer()) -> CheckResult:  # fmt: skip
    """`check_file`, plus a raw read of the bytes that would be sent: anything the policy
    protects found anywhere in them (not only where the text is read) holds the release."""
    case, used = governing(case_path)
    checked, _ = _check_case(path, case, reader, limits, ner, _importing(path, "verify"))
    result = replace(checked, case=used)
    with _stage(f"{path.name}: the file's raw content cannot be read", BadInput):
        hidden = _hidden_values(result, case)
    if not hidden:
        return result
    plan = replace(result.plan, problems=(*result.plan.problems, *hidden))
    return replace(result, plan=plan)


def _same_format(path: Path, out: Path) -> None:
    if out.suffix.lower() != path.suffix.lower():
        raise BadInput(f"--out must have the same type as the input ({path.suffix.lower()})")
    if out.exists() and out.resolve() == path.resolve():
        raise BadInput("--out must not be the input file")
    if not out.parent.is_dir():
        raise BadInput(f"--out folder does not exist: {out.parent}")


def _residue_reason(result: RedactResult) -> str:
    places = ", ".join(f"{r.kind} in {r.place}" for r in result.verification.residues[:6])
    return f"verification found what should have been removed ({places}); no output written"


def redact_checked(checked: CheckResult, case: CaseFile, out: Path, ner: NerEngine = SplitNer(),
                   limits: Limits | None = None, page_pass: PagePass | None = None) -> RedactResult:  # fmt: skip
    """Write the redacted copy to a temporary file, verify it, then rename it into place.

    `page_pass`: the reader's pass over the pages of the checked bytes, when it was read here."""
    from redactor.policy.ocr_doubt import HOLD_CODE
    from redactor.redact import cuts_for, write
    from redactor.verify import verify

    held = [p.message for p in checked.plan.problems if p.code == HOLD_CODE]
    if held:  # a protected detail read only partly by OCR: no cut can be trusted to cover it
        raise UnsafeOutput(held[0])
    rules = load_rules()
    cuts = cuts_for(checked.plan, rules.policy)
    fd, tmp_name = tempfile.mkstemp(prefix=f".redactor-{os.getpid()}-", suffix=out.suffix, dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with _stage(f"{checked.document.path.name}: damaged or unsupported content, cannot be redacted; "
                    "nothing written", BadInput):
            notes = write(checked.document, cuts, tmp, limits or settings().limits, page_pass)
        with _stage("the redacted copy could not be read back to prove it clean; nothing written", UnsafeOutput):
            verification = verify(tmp, checked.document.format, checked.plan, case, rules, ner)
        result = RedactResult(checked.document, checked.plan, out, sha256_file(tmp), cuts, verification, notes)
        if not verification.clean:
            raise UnsafeOutput(_residue_reason(result))
        os.replace(tmp, out)
        return result
    except RedactorError as exc:
        if tmp.name not in str(exc):
            raise
        # The temporary copy is ours, not the user's: name the file they asked for.
        raise type(exc)(str(exc).replace(tmp.name, out.name)) from None
    finally:
        tmp.unlink(missing_ok=True)


def redact_file(path: Path, case_path: Path, reader: str, out: Path, limits: Limits | None = None,
                ner: NerEngine = SplitNer()) -> RedactResult:  # fmt: skip
    """Write `out`: `path` without anything the policy removes for `reader`, verified."""
    _same_format(path, out)
    case, used = governing(case_path)
    checked, page_pass = _check_case(path, case, reader, limits, ner, _importing(path, "redact", "verify"))
    return replace(redact_checked(checked, case, out, ner, limits, page_pass), case=used)


def _staged(tmp: Path, name: str, data: bytes) -> Path:
    # Keep only the extension: a file name can carry a victim's name or street.
    path = tmp / f"document{Path(name).suffix.lower()}"
    path.write_bytes(data)
    return path


def check_bytes(data: bytes, filename: str, case_data: bytes, reader: str,
                limits: Limits | None = None, ner: NerEngine = SplitNer()) -> CheckResult:  # fmt: skip
    """`check_file` over bytes (an upload): `filename` gives only the type."""
    with tempfile.TemporaryDirectory(prefix=f"redactor-{os.getpid()}-") as folder:
        tmp = Path(folder)
        case_path = _staged(tmp, "case.yaml", case_data)
        return check_file(_staged(tmp, filename, data), case_path, reader, limits, ner)


def redact_bytes(data: bytes, filename: str, case_data: bytes, reader: str, limits: Limits | None = None,
                 ner: NerEngine = SplitNer()) -> tuple[RedactResult, bytes]:  # fmt: skip
    """`redact_file` over bytes: the verified result and the redacted document's bytes."""
    with tempfile.TemporaryDirectory(prefix=f"redactor-{os.getpid()}-") as folder:
        tmp = Path(folder)
        case_path = _staged(tmp, "case.yaml", case_data)
        source = _staged(tmp, filename, data)
        out = tmp / f"redacted{source.suffix}"
        result = redact_file(source, case_path, reader, out, limits, ner)
        return result, out.read_bytes()
