"""Named-entity recognition as a value: choose an engine, pass it down.

    from redactor import api
    from redactor.ner import FakeNer, SplitNer

    api.check_file(path, case_path, "father", ner=SplitNer())   # the default
    api.check_file(path, case_path, "father", ner=FakeNer((("Gary Pickford", "PERSON"),)))

- engine.py: the `NerEngine` protocol (`scan_many`, `started`).
- engines.py: `WarmNer` (here), `SplitNer` (both cores), `AheadNer` (loaded ahead in a
  forked child: the CLI's one-shot child), `NoNer`.
- fake.py: `FakeNer`, for tests that need no model.
- model.py: the spaCy/Presidio model itself, loaded once per process.

Which engine fits is the runner's knowledge (`redactor.workers`: `OneShot.ner` is
`AheadNer`, a warm `Pool` worker's is `SplitNer`); the forking itself is in
`redactor.parallel`.
"""

from redactor.ner.engine import NerEngine
from redactor.ner.engines import AheadNer, NoNer, SplitNer, WarmNer
from redactor.ner.fake import FakeNer

__all__ = ["AheadNer", "FakeNer", "NerEngine", "NoNer", "SplitNer", "WarmNer"]
