"""What each generated page is made from, as a cheap digest (sphinx/unchanged.py).

Making every generated page's content (a page per unit and per role, the binders,
*Nytt och ändrat*) on every edit, only to find most of them unchanged, was most of
``html-collect-pages`` (docs/prestanda.md). Each page is instead keyed by exactly what
it reads, and made again only when that differs from the last finished build's:

* for every page: Lotsen's code, the templates (the project's and the theme's), the
  model's file, the build date, the builder, whether the build writes PDF files and
  whether it runs in git, and (sphinx/unchanged.py) the frame and the page's name;
* a unit's page: for each type it shows, the objects that hold for the unit or a unit
  under it, each by its digest (every field, the title and the text), its page and
  whether that page is built; for its controls, their results the same way;
* a binder: the routines that hold within its unit, each the same way and with (a
  digest of) the body taken from the routine's written page;
* a role's page: its routines' IDs, titles and pages, its title and introduction;
* *Nytt och ändrat*: its routines with their dates, each as on a unit's page.

When in doubt an input is included: a digest that changes too often only costs time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx

from lotsen.cache import bytes_key, code_version
from lotsen.reports.year import results_by_control
from lotsen.site.binder import BinderBodies
from lotsen.site.binder_page import binder_pagename
from lotsen.site.templates import THEME_TEMPLATES, Templates
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource
from lotsen.sphinx.incremental import need_digests
from lotsen.sphinx.report_pages import docname_of
from lotsen.sphinx.state import build_state


def digest(*parts: object) -> str:
    """A digest of ``parts``: strings, numbers, booleans, None, and tuples and lists
    of them, whose repr tells any two apart."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def templates_key(templates: Templates) -> str:
    """Every file the templates can be loaded from: the project's folders, then the theme's."""
    hashed = hashlib.blake2b(digest_size=16)
    for folder in [*templates.search_path, str(THEME_TEMPLATES)]:
        root = Path(folder)
        hashed.update(f"D{folder}\0".encode("utf-8", "surrogatepass"))
        for path in sorted(root.rglob("*")) if root.is_dir() else []:
            if path.is_file():
                hashed.update(f"F{path.relative_to(root).as_posix()}\0".encode("utf-8", "surrogatepass"))
                hashed.update(bytes_key(path.read_bytes()))
    return hashed.hexdigest()


def common_inputs(app: Sphinx, index: ObjectIndex, templates: Templates) -> str:
    """What every generated page depends on, beside its own objects."""
    model = build_state(app).model or index.model
    model_file = bytes_key(Path(model.path).read_bytes()) if model.path and Path(model.path).is_file() else None
    builder = app.builder
    return digest(code_version(), templates_key(templates), model_file, repr(index.model.unit_tree.units),
                  index.today.isoformat(), app.config.lotsen_build_date, builder.name,
                  getattr(builder, "out_suffix", ""), getattr(builder, "link_suffix", ""),
                  bool(app.config.lotsen_pdf), bool(app.config.lotsen_preview),
                  build_state(app).changed is None)


class Objects:
    """Objects as a generated page reads them: each by its digest, its page and whether
    that page is built (a link leads there only then)."""

    def __init__(self, app: Sphinx, index: ObjectIndex):
        self.index, self.all_docs = index, app.env.all_docs
        self.digests = need_digests(index)
        self._seen: dict[int, tuple] = {}  # an object is on the page of every unit above its own

    def of(self, needs: Iterable[NeedSource]) -> list[tuple]:
        found = []
        for need in needs:
            shown = self._seen.get(id(need))
            if shown is None:
                docname = docname_of(need.file)
                shown = self._seen[id(need)] = (need.id, self.digests.get(id(need)) or need.digest(), docname,
                                                docname in self.all_docs)
            found.append(shown)
        return found

    def unit_page(self, code: str) -> tuple:
        """A unit's page (site/unit_page.py): every type's objects that hold within it,
        and the results of its controls."""
        index = self.index
        model = index.model
        kinds = [model.structure.routine_type, model.risk.type, model.structure.control_type,
                 model.reports.action_type, *model.review.types]
        shown = [(kind, self.of(index.within(code, kind))) for kind in dict.fromkeys(k for k in kinds if k)]
        results = results_by_control(index) if model.results.type and model.structure.control_type else {}
        controls = [(control.id, self.of(r.need for r in results.get(control.id, ())),
                     [r.period.text for r in results.get(control.id, ())])
                    for control in index.within(code, model.structure.control_type)] \
            if model.structure.control_type else []
        return ("unit", code, shown, controls)

    def recent(self, recent: list) -> tuple:
        """*Nytt och ändrat*: its routines with the dates they are listed by."""
        return ("nytt", [(when.isoformat(), *self.of([routine])[0]) for when, routine in recent])

    def binder(self, code: str, bodies: BinderBodies) -> tuple:
        """A unit's binder (site/binder_page.py): the routines that hold within the unit,
        each with (a digest of) the body taken from its written page."""
        index = self.index
        routines, page = index.within(code, index.model.structure.routine_type), binder_pagename(code) + ".html"
        return ("binder", code, index.model.units[code],
                [(*shown, bodies.digest(shown[2], page)) for shown in self.of(routines)])


def browse_inputs(title: str, intro: str, members: list[NeedSource]) -> tuple:
    """A role's page: its title, introduction, and each routine's ID, title and page."""
    return ("browse", title, intro, [(r.id, r.title, docname_of(r.file)) for r in members])
