"""docutils' settings for a page, worked out once per build instead of once per page.

Sphinx reads every page with settings from a new ``OptionParser``
(``sphinx.util.docutils._get_settings``): it builds the parser from the reader's and
the parser's option lists and reads docutils' configuration files, each time. MyST
builds one more for every page (``make_document`` is the default of an
``options.get`` that always has the page's document). At M the two took 0.4 s of a
10 s full build, always with the same components and defaults.

So the parsers are kept, one per set of components, defaults and whether the files are
read, and every page gets its own settings from the kept parser
(``get_default_values``), as before: a new ``Values``, and a new empty list of the
files it depends on (after reading the configuration files, the parser's defaults hold
one list, which would otherwise be every page's). A default counts as the same when it
is the same object or an equal text, number or truth value, so a value Sphinx or an
extension puts in the defaults later gets a parser of its own.
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Mapping
from typing import Any

import docutils.frontend
import myst_parser.mdit_to_docutils.base
import sphinx.util.docutils
from docutils.utils import DependencyList

#: Sphinx's own function, which the tests hold the kept parsers' settings against.
SPHINX_GET_SETTINGS = sphinx.util.docutils._get_settings
#: key -> (parser, the defaults it was given: they keep the ids of the key theirs)
_parsers: dict[Hashable, tuple[docutils.frontend.OptionParser, dict[str, Any]]] = {}
#: Kept parsers at most; a build needs two or three.
_KEPT = 32


def _component_key(component: Any) -> Hashable:
    kind = component if isinstance(component, type) else type(component)
    # what OptionParser reads of a component; an instance's own values change the key
    return (kind, *(id(getattr(component, name, None)) for name in (
        "settings_spec", "settings_defaults", "settings_default_overrides",
        "config_section", "config_section_dependencies", "relative_path_settings",
    )))


def _value_key(value: Any) -> Hashable:
    if value is None or isinstance(value, (str, int, float, bool, bytes)):
        return (type(value), value)
    return ("object", id(value))


def _key(components: tuple[Any, ...], defaults: Mapping[str, Any], read_config_files: bool) -> Hashable:
    return (
        tuple(_component_key(component) for component in components),
        tuple(sorted((name, _value_key(value)) for name, value in defaults.items())),
        read_config_files,
    )


def _parser(components: tuple[Any, ...], defaults: Mapping[str, Any], read_config_files: bool):
    key = _key(components, defaults, read_config_files)
    kept = _parsers.get(key)
    if kept is not None:
        return kept[0]
    with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
        parser = docutils.frontend.OptionParser(  # as Sphinx builds it
            components=components, defaults=defaults, read_config_files=read_config_files
        )
    if not _records_to_file(parser.defaults.get("record_dependencies")):
        if len(_parsers) >= _KEPT:
            _parsers.clear()
        _parsers[key] = (parser, dict(defaults))
    return parser


def _records_to_file(dependencies: Any) -> bool:
    """A list of dependencies that writes to a file (a docutils.conf asking for
    ``record_dependencies``) is opened anew for each page: such a parser is not kept."""
    return isinstance(dependencies, DependencyList) and dependencies.file is not None


def page_settings(*components: Any, defaults: Mapping[str, Any], read_config_files: bool = False) -> Any:
    """``_get_settings`` as Sphinx has it, from a kept parser."""
    with warnings.catch_warnings(action="ignore", category=DeprecationWarning):
        values = _parser(components, defaults, read_config_files).get_default_values()
    # The files a page depends on are the page's own: the parser's list (from reading
    # the configuration files) would be every page's.
    if isinstance(values.record_dependencies, DependencyList):
        values.record_dependencies = DependencyList()
    return values


def default_settings(*components: Any) -> Any:
    """``docutils.frontend.get_default_settings`` from a kept parser."""
    return page_settings(*components, defaults={})


def setup_page_settings() -> None:
    """For the whole process: Sphinx and MyST look the functions up in their modules."""
    sphinx.util.docutils._get_settings = page_settings  # type: ignore[assignment]
    myst_parser.mdit_to_docutils.base.get_default_settings = default_settings  # type: ignore[assignment]
