"""IDs mentioned in an object's text as plain words (not as a ``{need}`` reference).

A candidate is a word that starts with a type's prefix; it counts as a mention only
when it has the whole form of that type's ID (the type's ``id_pattern``), so that
'RUT-' in a sentence about prefixes is no mention.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lotsen.cache import remember, text_key
from lotsen.model import Model
from lotsen.source.scanner import NeedSource

#: What a ``{role}`target``` looks like: its target is a reference, not a mention.
_ROLE = re.compile(r"\{[a-z:-]+\}`[^`]*`")
#: Inline code is quoted, not mentioned.
_CODE = re.compile(r"`[^`]*`")


def id_candidates(model: Model) -> re.Pattern[str] | None:
    """Words that start with a type's prefix; each is checked against its type's ID form."""
    return _candidates(tuple(sorted({t.prefix for t in model.types.values() if t.prefix}, key=len, reverse=True)))


@lru_cache(maxsize=16)
def _candidates(prefixes: tuple[str, ...]) -> re.Pattern[str] | None:
    """Built once per set of prefixes, not once per object."""
    if not prefixes:
        return None
    alternatives = "|".join(re.escape(p) for p in prefixes)
    return re.compile(rf"(?<![\w-])(?:{alternatives})[\wÅÄÖåäö-]*[\wÅÄÖåäö]")


def mentions(model: Model, need: NeedSource) -> list[tuple[str, int]]:
    """(ID, line) of every ID the body names in plain text, in order. An unchanged body
    is read once for the same ID forms (``lotsen.cache``)."""
    pattern = id_candidates(model)
    if pattern is None:
        return []
    forms = _forms(model)
    found = remember(("mentions", text_key("\n".join(need.body)), len(need.body), forms),
                     lambda: _mentions(model, need.body, pattern))
    return [(word, need.body_line + number) for word, number in found]


#: id(model) -> (the model, its types' prefixes and ID forms), for the last few models.
_FORMS: dict[int, tuple[Model, tuple]] = {}


def _forms(model: Model) -> tuple:
    """What decides which word is a mention, once per model rather than per object."""
    kept = _FORMS.get(id(model))
    if kept is None or kept[0] is not model:
        if len(_FORMS) > 8:
            _FORMS.clear()
        kept = _FORMS[id(model)] = (model, tuple((t.prefix, t.id_pattern.pattern, t.id_pattern.flags)
                                                 for t in model.types.values()))
    return kept[1]


def _mentions(model: Model, body: list[str], pattern: re.Pattern[str]) -> list[tuple[str, int]]:
    found = []
    for number, text in enumerate(body):
        text = _CODE.sub(" ", _ROLE.sub(" ", text))
        for match in pattern.finditer(text):
            word = match.group(0)
            type_def = model.type_by_prefix(word)
            if type_def is not None and type_def.id_pattern.fullmatch(word):
                found.append((word, number))
    return found
