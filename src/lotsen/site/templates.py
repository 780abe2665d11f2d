"""The site's markup: autoescaping Jinja2 templates in the theme (``theme/lotsen/lotsen/``).

Every value from lotsen.yaml, the content or git reaches a page through a template that
escapes it. An organisation overrides a template from its own repository the way Sphinx
does: a file of the same name under one of the project's ``templates_path`` folders,
for example ``_templates/lotsen/routine-head.html`` with ``templates_path = ["_templates"]``
in conf.py.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2
from docutils import nodes
from markupsafe import Markup

from lotsen.reports.tables import HeatCell, Link, Styled

#: Lotsen's own templates: the theme folder, so that Sphinx also sees when one changes.
THEME_TEMPLATES = Path(__file__).parent / "theme" / "lotsen"

__all__ = ["Markup", "Templates", "default_templates", "project_templates"]


class Templates:
    """One autoescaping Jinja2 environment: the project's folders first, then the theme's."""

    def __init__(self, search_path: tuple[str, ...] = (), cache_dir: str = ""):
        self.search_path = search_path
        cache = None
        if cache_dir:
            # compiled templates kept between builds: compiling them all costs more than
            # a small rebuild's rendering
            Path(cache_dir).mkdir(parents=True, exist_ok=True)
            cache = jinja2.FileSystemBytecodeCache(cache_dir)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([*search_path, str(THEME_TEMPLATES)]), bytecode_cache=cache,
            autoescape=True, trim_blocks=True, lstrip_blocks=True,
            undefined=jinja2.StrictUndefined, keep_trailing_newline=False,
        )
        # what a report table's cell is (lotsen/report-table.html)
        self.env.tests.update({
            "styled": lambda cell: isinstance(cell, Styled),
            "object_link": lambda cell: isinstance(cell, Link),
            "object_list": lambda cell: isinstance(cell, list),
            "heat_cell": lambda cell: isinstance(cell, HeatCell),
        })
        self.env.globals["section_id"] = nodes.make_id

    def render(self, name: str, **context: Any) -> Markup:
        """A template's output, marked safe: every value in it was escaped by the template."""
        return Markup(self.env.get_template(name).render(context).strip())


@functools.lru_cache(maxsize=8)
def _templates(search_path: tuple[str, ...], cache_dir: str = "") -> Templates:
    return Templates(search_path, cache_dir)


def default_templates() -> Templates:
    """The theme's templates alone (no project to take overrides from)."""
    return _templates(())


def project_templates(srcdir: str | Path, templates_path: Iterable[str], cache_dir: str | Path = "") -> Templates:
    """The theme's templates under the project's ``templates_path`` (relative to its
    source folder), as Sphinx resolves that setting. ``cache_dir``: where compiled
    templates are kept between builds (a build's doctree folder)."""
    return _project_templates(str(srcdir), tuple(templates_path), str(cache_dir))


@functools.lru_cache(maxsize=8)
def _project_templates(srcdir: str, templates_path: tuple[str, ...], cache_dir: str) -> Templates:
    # a folder that does not exist (yet) is passed over by the loader, as by Sphinx's
    return _templates(tuple(str((Path(srcdir) / folder).resolve()) for folder in templates_path), cache_dir)
