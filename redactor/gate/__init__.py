"""The clerk-style release gate: approvals, release with receipts, and the queue.

approve(path, case_path, reader, user) -> ApprovalResult
release(path, case_path, reader, user, checker=None) -> ReleaseResult  (None: real_check)
verify_receipt(path, case_id=None, reader=None) -> ReceiptCheck
queue(include_all=False) -> list[Held]
"""

from redactor.gate.approvals import ApprovalResult, approve
from redactor.gate.queue import Held, queue
from redactor.gate.receipts import ReceiptCheck, verify_receipt
from redactor.gate.releases import Checker, ReleaseResult, real_check, release

__all__ = [
    "ApprovalResult",
    "Checker",
    "Held",
    "ReceiptCheck",
    "ReleaseResult",
    "approve",
    "queue",
    "real_check",
    "release",
    "verify_receipt",
]
