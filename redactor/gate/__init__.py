"""The clerk-style release gate: approvals, release with receipts, and the queue.

The gate decides from the facts it is given and imports nothing above it: the faces reach
release and remove-more through `redactor.commands` (`run_release`, `run_remove_more`), which
pass the one release check (`commands.release_check`) and the redaction.

approve(path, case_path, reader, user) -> ApprovalResult
release(path, case_path, reader, user, checker) -> ReleaseResult
verify_receipt(path, case_id=None, reader=None) -> ReceiptCheck
queue(include_all=False) -> list[Held]
refuse(sha256, case_id, reader, user, reason) -> Refusal
remove_more(held, document, case_path, text, clerk, redaction, checker) -> Addition   # in gate.additions
see_behind(held, ref, clerk, read) -> (Removal, text)   # in gate.behind: a clerk looks, on the record
restore(held, ref, reason, clerk, redaction, checker, read) -> Restoration      # in gate.restores
(the faces call commands.run_remove_more, run_restore and run_see_behind, which pass these in)
held_bytes(sha256) -> (bytes, format)   # the exact bytes of a held document
"""

from redactor.gate.approvals import ApprovalResult, approve
from redactor.gate.heldfiles import held_bytes, held_format, write_held
from redactor.gate.queue import Held, queue
from redactor.gate.receipts import ReceiptCheck, verify_receipt
from redactor.gate.refusals import Refusal, refuse
from redactor.gate.releases import Checker, ReleaseResult, release

__all__ = [
    "ApprovalResult",
    "Checker",
    "Held",
    "ReceiptCheck",
    "Refusal",
    "ReleaseResult",
    "approve",
    "held_bytes",
    "held_format",
    "queue",
    "refuse",
    "release",
    "verify_receipt",
    "write_held",
]
