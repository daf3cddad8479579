"""The append-only, tamper-evident audit log (SQLite under $REDACTOR_HOME).

    record(action, user, *, decision, reason, case_id=None, reader=None,
           input_sha256=None, output_sha256=None, findings=(), extra=None) -> int

`findings` are `redactor.types.Finding`s (or any objects with those attributes);
only their kind, place, rule, detector, party, decision and a keyed hash
(HMAC-SHA256, `redactor.keys.value_hash`) of the text are stored, never the text.
Each entry's hash covers the previous one (`chain`); triggers refuse UPDATE and
DELETE (`store`); `verify()` recomputes the chain.
"""

from redactor.audit.chain import ChainStatus, checkpoint_of, load_checkpoint, verify
from redactor.audit.entry import Entry
from redactor.audit.log import entries, entry, recent, record
from redactor.audit.store import db_path

__all__ = [
    "ChainStatus",
    "Entry",
    "checkpoint_of",
    "db_path",
    "entries",
    "entry",
    "load_checkpoint",
    "recent",
    "record",
    "verify",
]
