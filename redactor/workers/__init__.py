"""Document operations in worker processes, under the time and memory limits.

A hostile document must neither hang the CLI or the service nor eat the machine's
memory: each operation runs in a child whose address space is capped with
``setrlimit(RLIMIT_AS)`` and which is killed past the time limit; the child sends
back the result or the exception, pickled. Both runners implement
`redactor.commands.Runner`:

- `OneShot(limits)` (oneshot.py): one forked child per operation (the CLI, whose
  process has not imported spaCy or PyMuPDF, so the child starts small); its `ner` is
  `AheadNer` (the model loaded in a further child while the document is read).
- `Pool(size, limits, warm=api.warm)` (pool.py): warm workers, each running `warm` once
  (the NER model loaded once; the HTTP service, batch runs); its `ner` is `SplitNer`; one
  that times out or dies is replaced.
- child.py: what both share: the limits, the answer a child sends, and how the parent
  reads a child that died without one.

RLIMIT_AS rather than RLIMIT_DATA: it caps all that the process maps, so resident
memory can never pass it. Each process of an operation (the child, and the NER children
it forks) has the cap to itself. Measured through the CLI on the 56-page reports of
BENCHMARKS.md: at most about 150 MB resident in any one process and 440 MB summed over
the process tree; the default cap of 1400 MB leaves room for far longer documents.
"""

from redactor.workers.child import subject
from redactor.workers.oneshot import OneShot
from redactor.workers.pool import Pool

__all__ = ["OneShot", "Pool", "subject"]
