"""Nothing at run time may try the network (the model comes from PyPI; tldextract stays offline)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a fresh interpreter in a subprocess

GUARD = r"""
import socket, sys
attempts = []
def refuse(*args, **kwargs):
    attempts.append(args[:1])
    raise OSError("network refused by test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.getaddrinfo = refuse
socket.create_connection = refuse

from pathlib import Path
from redactor import api
result = api.check_file(Path(sys.argv[1]), Path(sys.argv[2]), "father")
assert result.plan.to_remove, "the check found nothing: the test would prove nothing"

# Presidio's email recognizer calls tldextract: it must answer from the packaged snapshot.
import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer
assert tldextract.extract("claire.m@example.org").suffix == "org"
assert EmailRecognizer().validate_result("claire.m@example.org") in (True, None)
print("ATTEMPTS", len(attempts))
"""


def test_check_and_tldextract_never_touch_the_network(tmp_path: Path, spec_case_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("Mother lives at 41 Wharf Street; email claire.m@example.org.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", GUARD, str(report), str(spec_case_path)],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "ATTEMPTS 0" in done.stdout
