"""Bearer tokens to a user and a role, and what each role may do.

Tokens come from the settings file (`tokens: {TOKEN: {user, role}}`). A missing or
unknown token is 401; a known token whose role may not do the action is 403. The
acting user of every operation is the token's user, never a name the client sends.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass

from redactor.settings import Token

# Which roles may do each action. Clerks may also do what workers do; auditors
# only read the audit log.
ALLOWED: Mapping[str, frozenset[str]] = {
    "check": frozenset({"worker", "clerk"}),
    "redact": frozenset({"worker", "clerk"}),
    "release": frozenset({"worker", "clerk"}),
    "approve": frozenset({"clerk"}),
    "case": frozenset({"worker", "clerk"}),
    "case-show": frozenset({"worker", "clerk", "auditor"}),
    "queue": frozenset({"worker", "clerk"}),
    "audit": frozenset({"auditor"}),
}


@dataclass(frozen=True)
class Caller:
    user: str
    role: str


class Denied(Exception):
    """Authentication (401) or authorisation (403) failed; the message names no token."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _lookup(given: str, tokens: Mapping[str, Token]) -> Token | None:
    # Compare against every token in constant time, so timing tells nothing.
    found = None
    for token, who in tokens.items():
        if hmac.compare_digest(token.encode("utf-8"), given.encode("utf-8")):
            found = who
    return found


def caller_for(token: str | None, tokens: Mapping[str, Token], action: str) -> Caller:
    """The caller behind a bearer token, allowed to do `action`, or Denied."""
    if not token:
        raise Denied(401, "a bearer token is required (Authorization: Bearer TOKEN)")
    who = _lookup(token, tokens)
    if who is None:
        raise Denied(401, "the bearer token is not known")
    if who.role not in ALLOWED[action]:
        raise Denied(403, f"the role {who.role} may not {action}")
    return Caller(who.user, who.role)
