"""The rules, with what each object gives on its own kept file by file.

Of the rules (checks/rules.py), most look at one object at a time against the model
and the date: its ID, fields, values, review dates and units. After an edit, those of
every unchanged file are the same as before, and only what depends on other objects
(duplicate IDs, where links and mentions lead, cycles, risks without a control) is
checked again. The part of a file is kept under the key its reading is kept under
(checks/file_check.py), the model's and the date; a model that is not the one kept
for its file's content keeps nothing.
"""

from __future__ import annotations

import datetime as dt

from lotsen.cache import remember
from lotsen.checks.rules import _Checker, validate
from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.model.loader import kept_model_key
from lotsen.source.mentions import mentions
from lotsen.source.scanner import NeedSource


def validate_kept(model: Model, needs: list[NeedSource], today: dt.date,
                  files: list[tuple[bytes | None, list[NeedSource]]]) -> list[Finding]:
    """``rules.validate``; ``files``: the same needs, file by file, each with the key
    its file's part is kept under (``FileCheck.key``; None: not kept)."""
    model_key = kept_model_key(model)
    if model_key is None:
        return validate(model, needs, today)
    checker, findings = _Checker(model, needs, today), []
    for key, file_needs in files:
        found, mentioned = (_alone(model, file_needs, today) if key is None
                            else rules_alone(model, model_key, key, file_needs, today))
        findings += found
        checker.mentioned.update(zip(map(id, file_needs), mentioned, strict=True))
    return sorted(findings + checker.run())


def rules_alone(model: Model, model_key: object, key: bytes, file_needs: list[NeedSource],
                today: dt.date) -> tuple[list[Finding], list]:
    """What the rules give the needs of one file on their own, and what each mentions:
    kept under the file's key (``FileCheck.key``), the model's (``kept_model_key``,
    not None) and the date."""
    return remember(("rules-alone", key, model_key, today.isoformat()), lambda: _alone(model, file_needs, today))


def _alone(model: Model, file_needs: list[NeedSource], today: dt.date) -> tuple[list[Finding], list]:
    return _Checker(model, file_needs, today).run_alone(), [mentions(model, n) for n in file_needs]
