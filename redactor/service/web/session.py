"""Browser sessions: a signed, expiring cookie naming the token's user and role, and CSRF tokens.

The cookie is `user|role|expiry|nonce|mac` (HMAC under the key "sessions"): nothing is kept
server-side, and changing any part breaks the MAC. Every POST form carries a CSRF token, the
MAC of the session under the key "csrf"; the login form, before a session exists, carries a
random value that must equal the one in a short-lived `login_csrf` cookie (double submit).
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass

from redactor.keys import mac
from redactor.service.auth import Caller, Denied, _lookup
from redactor.settings import Token

COOKIE, LOGIN_COOKIE = "redactor_session", "redactor_login_csrf"
LIFETIME = 8 * 3600  # one working day


@dataclass(frozen=True)
class Session:
    caller: Caller
    cookie: str

    @property
    def csrf(self) -> str:
        return mac("csrf", self.cookie.encode("utf-8"))


def _signed(body: str) -> str:
    return f"{body}|{mac('sessions', body.encode('utf-8'))}"


def sign_in(token: str, tokens: Mapping[str, Token], now: float | None = None) -> Session:
    """A new session for the holder of a known token (Denied 401 otherwise)."""
    who = _lookup(token, tokens) if token else None
    if who is None:
        raise Denied(401, "the token is not known")
    expiry = int((now or time.time()) + LIFETIME)
    cookie = _signed(f"{who.user}|{who.role}|{expiry}|{secrets.token_hex(8)}")
    return Session(Caller(who.user, who.role), cookie)


def session_of(cookie: str | None, now: float | None = None) -> Session | None:
    """The session a cookie proves, or None (absent, altered or expired)."""
    parts = (cookie or "").split("|")
    if len(parts) != 5 or not parts[2].isdigit():
        return None
    if not hmac.compare_digest(_signed("|".join(parts[:4])), cookie or ""):
        return None
    if int(parts[2]) < (now or time.time()):
        return None
    return Session(Caller(parts[0], parts[1]), cookie or "")


def csrf_ok(session: Session, given: str) -> bool:
    return bool(given) and hmac.compare_digest(session.csrf, given)


def new_login_csrf() -> str:
    return secrets.token_urlsafe(24)
