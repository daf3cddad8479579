"""Streaming multipart uploads into a private folder, refused as soon as they are too big.

The body is never held in memory: each chunk goes through python-multipart's
streaming parser straight into a file of a private folder (mode 0700) under a
generated name that keeps only a safe extension, since a client's file name can
hold a victim's name. Counting stops the upload at the limit (413), whether or not
the client sent a Content-Length.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import anyio
from python_multipart.multipart import MultipartParser, parse_options_header

FILE_PARTS = {"file": "document", "case": "case"}  # part name -> generated file stem
TEXT_PARTS = ("to",)
MAX_TEXT_BYTES = 1024
_SAFE_EXT = re.compile(r"^\.[a-z0-9]{1,8}$")


class FormError(Exception):
    """The request is not the multipart form the endpoint expects (400)."""


class TooLarge(Exception):
    """The request body passed the upload limit (413)."""


@dataclass
class Form:
    """What one request uploaded: files in its private folder, and short text fields."""

    folder: Path
    files: dict[str, Path] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def file(self, name: str) -> Path:
        if name not in self.files:
            raise FormError(f"the multipart part {name!r} (a file) is missing")
        return self.files[name]

    def text(self, name: str) -> str:
        value = self.texts.get(name, "").strip()
        if not value:
            raise FormError(f"the multipart field {name!r} is missing or empty")
        return value


@contextmanager
def private_folder() -> Iterator[Path]:
    """A fresh folder only this user can enter, removed with everything in it afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="redactor-upload-"))  # mkdtemp makes it 0700
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def safe_extension(filename: str) -> str:
    """Only the extension of the client's name, and only when it is plain."""
    ext = os.path.splitext(filename.strip())[1].lower()
    return ext if _SAFE_EXT.match(ext) else ""


def boundary_of(content_type: str) -> bytes:
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary", b"")
    if kind != b"multipart/form-data" or not boundary:
        raise FormError("the body must be multipart/form-data (parts: file, case, to)")
    return boundary


class _Writer:
    """python-multipart callbacks: route each part to a file or a short text field."""

    def __init__(self, form: Form) -> None:
        self.form = form
        self.headers: dict[bytes, bytes] = {}
        self.header_name = b""
        self.header_value = b""
        self.sink: IO[bytes] | None = None
        self.text: bytearray | None = None
        self.text_name = ""
        self.ended = False

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def header_value_part(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def header_end(self) -> None:
        self.headers[self.header_name.lower()] = self.header_value
        self.header_name, self.header_value = b"", b""

    def headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        name = options.get(b"name", b"").decode("latin-1")
        self.headers = {}
        if name in FILE_PARTS:
            self._open_file(name, options.get(b"filename", b"").decode("utf-8", "replace"))
        elif name in TEXT_PARTS:
            self._open_text(name)
        # Any other part is read and dropped: it still counts against the limit.

    def _open_file(self, name: str, filename: str) -> None:
        if name in self.form.files:
            raise FormError(f"the multipart part {name!r} was sent twice")
        path = self.form.folder / f"{FILE_PARTS[name]}{safe_extension(filename)}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self.sink = os.fdopen(fd, "wb")
        self.form.files[name] = path

    def _open_text(self, name: str) -> None:
        if name in self.form.texts:
            raise FormError(f"the multipart field {name!r} was sent twice")
        self.text, self.text_name = bytearray(), name

    def part_data(self, data: bytes, start: int, end: int) -> None:
        if self.sink is not None:
            self.sink.write(data[start:end])
        elif self.text is not None:
            self.text += data[start:end]
            if len(self.text) > MAX_TEXT_BYTES:
                raise FormError(f"the multipart field {self.text_name!r} is too long")

    def part_end(self) -> None:
        if self.sink is not None:
            self.sink.close()
        if self.text is not None:
            self.form.texts[self.text_name] = self.text.decode("utf-8", "replace")
        self.sink, self.text = None, None

    def end(self) -> None:
        self.ended = True

    def close(self) -> None:
        if self.sink is not None:
            self.sink.close()

    def callbacks(self) -> dict[str, object]:
        return {
            "on_header_field": self.header_field, "on_header_value": self.header_value_part,
            "on_header_end": self.header_end, "on_headers_finished": self.headers_finished,
            "on_part_data": self.part_data, "on_part_end": self.part_end, "on_end": self.end,
        }  # fmt: skip


async def receive_form(chunks: AsyncIterator[bytes], content_type: str, folder: Path,
                       max_bytes: int) -> Form:  # fmt: skip
    """Stream the body into `folder`; TooLarge as soon as more than `max_bytes` arrived."""
    form = Form(folder)
    writer = _Writer(form)
    parser = MultipartParser(boundary_of(content_type), writer.callbacks())  # type: ignore[arg-type]
    received = 0
    try:
        async for chunk in chunks:
            received += len(chunk)
            if received > max_bytes:
                raise TooLarge(f"the upload is larger than {max_bytes // 2**20} MB")
            parser.write(chunk)
        if not writer.ended:
            raise FormError("the multipart body ended before its closing boundary")
    except (FormError, TooLarge, TooSlow):
        raise
    except Exception:  # noqa: BLE001 - the parser's errors can quote the body: name none of it
        raise FormError("the multipart body is malformed") from None
    finally:
        writer.close()
    return form


class TooSlow(Exception):
    """The client sent its body slower than the floor rate (408; the connection is closed)."""


class Body:
    """The request body as chunks, at no less than `floor` bytes a second after `grace` seconds.

    An iterator object (not a generator), so that what is left of an over-limit body can
    still be read and discarded after the form parser gave up on it.
    """

    def __init__(self, receive: Any, floor: int, grace: float) -> None:
        self.receive, self.floor, self.grace = receive, floor, grace
        self.started = time.monotonic()
        self.received = 0
        self.done = False

    def __aiter__(self) -> Body:
        return self

    def _budget(self) -> float:
        """Seconds left before the next byte is due at the floor rate."""
        due = self.started + self.grace + (self.received + 1) / self.floor
        return max(due - time.monotonic(), 0.001)

    async def __anext__(self) -> bytes:
        while not self.done:
            try:
                with anyio.fail_after(self._budget()):
                    message = await self.receive()
            except TimeoutError:
                raise TooSlow(f"the body arrived slower than {self.floor} bytes a second; connection dropped") from None
            if message["type"] == "http.disconnect":
                raise FormError("the client went away before the body ended")
            self.done = not message.get("more_body", False)
            chunk = bytes(message.get("body", b""))
            if chunk:
                self.received += len(chunk)
                self._keeping_pace()
                return chunk
        raise StopAsyncIteration

    def _keeping_pace(self) -> None:
        # A receive that had data waiting never reaches the timeout: check the rate itself too.
        late = time.monotonic() - self.started - self.grace
        if not self.done and late > 0 and self.received < self.floor * late:
            raise TooSlow(f"the body arrived slower than {self.floor} bytes a second; connection dropped")

    async def discard(self, bound: int) -> None:
        """Read and drop the rest (up to `bound` bytes in all), so a 413 reaches any client."""
        try:
            async for _ in self:
                if self.received > bound:
                    return
        except (TooSlow, FormError):
            return
