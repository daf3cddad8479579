"""The public Python API: the one library the CLI, the HTTP service and the watcher share.

    from redactor import api
    result = api.check_file(Path("report.docx"), Path("case.yaml"), reader="father")
    result.verdict            # Verdict.REDACT
    out = api.redact_file(Path("report.docx"), Path("case.yaml"), "father", Path("out.docx"))

Functions here run the stages (read -> detect -> decide -> redact -> verify) and
return frozen results; they do not print. Recording to the audit log is done
by `redactor.commands`, which the faces call.
"""

from __future__ import annotations
