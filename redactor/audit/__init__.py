"""The append-only, tamper-evident audit log (SQLite under $REDACTOR_HOME).

Public surface used by the rest of the package:

    record(action, user, *, decision, reason, case_id=None, reader=None,
           input_sha256=None, output_sha256=None, findings=(), extra=None) -> int

`findings` are `redactor.types.Finding`s; only their kind, place, rule, detector,
party, decision and a keyed hash (HMAC-SHA256) of the text are stored, never the text.
"""
