"""redactor: finds and truly removes the confidential details of domestic-abuse victims.

The public API (typed, see `redactor.api`; the CLI and the HTTP service are thin layers
over it). Names are imported lazily so that `redactor --help` stays fast:

    from redactor import check_file, redact_file, approve, release, verify_audit
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "check_file": "redactor.api",
    "check_document": "redactor.api",
    "check_for_release": "redactor.api",
    "redact_file": "redactor.api",
    "check_bytes": "redactor.api",
    "redact_bytes": "redactor.api",
    "run_check": "redactor.commands",
    "run_redact": "redactor.commands",
    "approve": "redactor.gate",
    "release": "redactor.gate",
    "verify_audit": "redactor.audit",
    "load_case": "redactor.casefile",
    "CheckResult": "redactor.types",
    "RedactResult": "redactor.types",
    "Finding": "redactor.types",
    "Plan": "redactor.types",
    "Verdict": "redactor.types",
    "Decision": "redactor.types",
    "RedactorError": "redactor.errors",
    "BadInput": "redactor.errors",
    "UnsafeOutput": "redactor.errors",
}
__all__ = [
    "__version__",
    "check_file",
    "check_document",
    "check_for_release",
    "redact_file",
    "check_bytes",
    "redact_bytes",
    "run_check",
    "run_redact",
    "approve",
    "release",
    "verify_audit",
    "load_case",
    "CheckResult",
    "RedactResult",
    "Finding",
    "Plan",
    "Verdict",
    "Decision",
    "RedactorError",
    "BadInput",
    "UnsafeOutput",
]

if TYPE_CHECKING:
    from redactor.api import check_bytes, check_document, check_file, check_for_release, redact_bytes, redact_file
    from redactor.audit import verify as verify_audit
    from redactor.casefile import load_case
    from redactor.commands import run_check, run_redact
    from redactor.errors import BadInput, RedactorError, UnsafeOutput
    from redactor.gate import approve, release
    from redactor.types import CheckResult, Decision, Finding, Plan, RedactResult, Verdict


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'redactor' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(module_name)
    attr = "verify" if name == "verify_audit" else name
    return getattr(module, attr)
