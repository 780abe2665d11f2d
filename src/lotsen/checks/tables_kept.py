"""The tables of the year (case statistics, the goals' outcomes), read and checked once
for each content of their files.

After any edit the whole check is made again (checks/kept.py), and it read every
table again: a tenth of the check after an edited routine on M (docs/prestanda.md).
What reading the tables gives depends on nothing but the model and the tables
themselves (and, for the outcomes, on which indicators there are and what period each
is measured per), so it is kept under exactly those: the model's key (a model read
otherwise, or changed since, keeps nothing), each file's path and content, and what
else the caller names.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

from lotsen.cache import bytes_key, remember
from lotsen.model import Model
from lotsen.model.loader import kept_model_key

T = TypeVar("T")


def tables_kept(name: str, model: Model, root: Path, paths: list[Path], compute: Callable[[], T],
                *also: Hashable) -> T:
    """``compute()`` (which reads ``paths`` under ``root`` and nothing else from the
    disk), or what it gave before for the same model, root, files and ``also``."""
    model_key = kept_model_key(model)
    if model_key is None:
        return compute()
    contents = []
    for path in paths:
        try:
            contents.append((str(path), bytes_key(path.read_bytes())))
        except OSError:  # unreadable: said by compute, every time
            return compute()
    return remember(("tables", name, model_key, str(root), tuple(contents), *also), compute)
