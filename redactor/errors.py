"""One error root, and the only place that maps failures to exit codes.

Messages are written by this package and never carry document text or a
protected value: they name the file, the field or the place, not the content.
"""

from __future__ import annotations


class RedactorError(Exception):
    """Base of every failure the package raises on purpose."""

    exit_code = 3
    code = "internal-error"


class BadInput(RedactorError):
    """The input (document, case file, reader, settings) cannot be used: exit 2."""

    exit_code = 2
    code = "bad-input"


class UnsafeOutput(RedactorError):
    """A redacted output could not be proved clean; nothing was written: exit 1."""

    exit_code = 1
    code = "unsafe-output"


class Refused(RedactorError):
    """The gate or the service refused the caller (not a clerk, a role that may not): exit 1."""

    exit_code = 1
    code = "refused"


class LimitExceeded(BadInput):
    """A document took more time or memory than the limits allow."""

    code = "limit-exceeded"


class InternalError(RedactorError):
    """A bug or an environment failure; never releases anything: exit 3."""

    exit_code = 3
    code = "internal-error"


EXIT_OK = 0
EXIT_ACTION = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


def exit_code_for(exc: BaseException) -> int:
    """Map any exception to the SPEC's exit codes; unknown ones are internal errors."""
    if isinstance(exc, RedactorError):
        return exc.exit_code
    if isinstance(exc, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    return EXIT_INTERNAL


def one_line(exc: BaseException) -> str:
    """A short, single-line reason that is safe to print (no document content)."""
    # Foreign exceptions may quote document text: show only their type.
    text = str(exc) if isinstance(exc, RedactorError) else f"internal error ({type(exc).__name__})"
    return " ".join(text.split())[:300]
