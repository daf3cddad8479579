"""Rotating the receipt key, written into the audit log (key ids only, never a key)."""

from __future__ import annotations

from redactor import audit
from redactor.keys import rotate


def rotate_key(name: str, user: str) -> tuple[str, str]:
    old_id, new_id = rotate(name)
    audit.record("key-rotate", user, decision="recorded", reason=f"key {name} rotated",
                 extra={"key": name, "retired": old_id, "current": new_id})  # fmt: skip
    return old_id, new_id
