"""Opening inputs as what they claim to be: regular files, never through a link.

Every face reads documents and case files through here: the last path component
is opened with O_NOFOLLOW (a symbolic link is refused, not followed), O_NONBLOCK
(a FIFO with no writer cannot hang the read), and the open file must be a regular
file (not a FIFO, a device, a socket or a folder). `read_in` reads a plain name
inside a folder opened the same way, so a watcher never leaves the folder it watches.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from redactor.errors import BadInput

_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
          stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder", stat.S_IFLNK: "a symbolic link"}  # fmt: skip


def kind_of(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _refusal(label: str, what: str, why: str) -> BadInput:
    return BadInput(f"{what} {label}: {why}; refused (only regular files are read, links are not followed)")


def _open(path: Path, what: str, dir_fd: int | None = None) -> int:
    label = path.name
    try:
        return os.open(path, _FLAGS, dir_fd=dir_fd)
    except FileNotFoundError:
        raise BadInput(f"{'file' if what == 'document' else what} not found: {label}") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _refusal(label, what, "is a symbolic link") from None
        raise BadInput(f"{what} {label}: cannot be read ({exc.strerror})") from None


def _read_fd(fd: int, label: str, what: str) -> bytes:
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise _refusal(label, what, f"is {kind_of(info.st_mode)}")
    chunks: list[bytes] = []
    while True:
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def read_input(path: Path, what: str = "document") -> bytes:
    """The bytes of a regular file at `path`, never through a link (BadInput otherwise)."""
    fd = _open(path, what)
    try:
        return _read_fd(fd, path.name, what)
    finally:
        os.close(fd)


def read_in(folder: Path, name: str, what: str = "document") -> bytes:
    """`read_input` of a plain `name` inside `folder` (no folder part, no link anywhere)."""
    if not name or Path(name).name != name or name in (".", ".."):
        raise BadInput(f"{what}: {name!r} is not a plain file name inside the folder")
    dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        fd = _open(Path(name), what, dir_fd=dir_fd)
        try:
            return _read_fd(fd, name, what)
        finally:
            os.close(fd)
    finally:
        os.close(dir_fd)


def check_regular(path: Path, what: str = "document") -> os.stat_result:
    """The stat of a regular file at `path`, opened without following a link."""
    fd = _open(path, what)
    try:
        info = os.fstat(fd)
    finally:
        os.close(fd)
    if not stat.S_ISREG(info.st_mode):
        raise _refusal(path.name, what, f"is {kind_of(info.st_mode)}")
    return info


def stored_name(name: str) -> str:
    """How a file name may appear in the state: a keyed hash and the extension, since a name
    can carry a victim's street ("41-wharf-street.docx")."""
    from redactor.keys import mac

    ext = "".join(ch for ch in Path(name).suffix.lower()[:9] if ch.isalnum() or ch == ".")
    return f"file-{mac('values', name.encode('utf-8'))[:12]}{ext}"
