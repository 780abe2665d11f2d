"""YAML loading that remembers the line of every mapping key, for error messages."""

from __future__ import annotations

from typing import Any

import yaml


class LineDict(dict):
    """A dict that knows on which line (1-based) each of its keys was written."""

    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


#: The reasons this loader gives itself, already in Swedish.
_OWN_REASONS = ("en nyckel ska vara text, inte en lista eller tabell", "nyckeln {key!r} står två gånger",
                "värdet går inte att läsa: ett datum som inte finns, ett tal som inte är ett tal, ett tecken "
                "som inte finns eller en tagg som '!!int'")

#: What PyYAML's constructors raise for a value they cannot make (2026-13-45, !!int '',
#: "\U0011FFFF"), without saying where.
_UNMADE = (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError)


class _Placed:
    """A value that cannot be made is an error at its own line, in Swedish."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)  # type: ignore[misc]
        except _UNMADE:
            raise yaml.constructor.ConstructorError(None, None, _OWN_REASONS[2], node.start_mark) from None


class _LineLoader(_Placed, yaml.SafeLoader):
    """SafeLoader that builds LineDicts and refuses duplicate keys.

    Keys are read as the text the author wrote: YAML 1.1 would read a unit code such
    as ``NO``, ``ON`` or ``Y`` as a boolean, and ``1`` as a number. Readers that want
    a number from a key (the steps of a scale) convert it themselves.
    """


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            key = key_node.value
        else:
            key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise yaml.constructor.ConstructorError(None, None, _OWN_REASONS[0], key_node.start_mark)
        if key in result:
            raise yaml.constructor.ConstructorError(None, None, _OWN_REASONS[1].format(key=key),
                                                    key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)

#: libyaml's reader (a sixth of the time), with the same resolver and constructors as
#: _LineLoader; None when PyYAML was built without it.
_FastLineLoader: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    class _FastLineLoader(_Placed, yaml.CSafeLoader):  # type: ignore[no-redef]
        """CSafeLoader that builds LineDicts and refuses duplicate keys, as _LineLoader."""

    _FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)

#: The deepest nesting libyaml's reader is given: it nests without a limit of its own
#: (deep enough, the process dies), where the pure reader stops with RecursionError.
_FAST_DEPTH = 50


def load_yaml(text: str) -> Any:
    """Parse YAML text; mappings come back as LineDict. Raises yaml.YAMLError.

    Text that libyaml reads without complaint, nested no deeper than _FAST_DEPTH, is
    read by libyaml; anything else by PyYAML's pure reader, whose errors and lines the
    messages are written for. Both read a file the same way (tests/test_fuzz.py)."""
    if _FastLineLoader is not None and _nesting_within(text, _FAST_DEPTH):
        try:
            return yaml.load(text, Loader=_FastLineLoader)  # noqa: S506 - CSafeLoader subclass
        except Exception:  # noqa: BLE001 - the pure reader says what is wrong, in its words
            pass
    return load_yaml_pure(text)


def load_yaml_pure(text: str) -> Any:
    """``load_yaml`` with PyYAML's pure reader only."""
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass


def _nesting_within(text: str, limit: int) -> bool:
    """Whether no list or table in ``text`` is nested deeper than ``limit``, read from
    libyaml's events (which keep their own stack); False when it cannot read them."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > limit:
                    return False
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except Exception:  # noqa: BLE001 - left to the pure reader
        return False
    return True


#: What the file reader says, in Swedish; anything else is left out of the message.
_REASONS = {
    "mapping values are not allowed here": "ett kolon där det inte får stå ett",
    "could not find expected ':'": "ett kolon saknas",
    "found character '\\t' that cannot start any token": "en tabb i stället för mellanslag",
    "found undefined alias": "en asterisk (*) som inte går att läsa",
    "found duplicate anchor": "ett &-tecken som inte går att läsa",
    "did not find expected key": "en nyckel saknas eller har fel indrag",
    "expected <block end>, but found '-'": "en rad med streck på fel indrag",
}


def reason_in_swedish(reason: str) -> str:
    """What the reader of the model file said, for someone who does not know its words."""
    for english, swedish in _REASONS.items():
        if english in reason:
            return swedish
    if reason in _OWN_REASONS or any(reason.startswith(own.split("{")[0]) for own in _OWN_REASONS):
        return reason
    return "fel form"
