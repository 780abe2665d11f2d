"""The organisation's name on any page, from the model: ``{lotsen-organisation}`namn```.

Pages that name the organisation (the start page's heading, the accessibility
statement) take the name from ``organisation`` in lotsen.yaml, so that a new
organisation never shows another's name and a changed name reaches every page.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from lotsen.sphinx.state import build_state

#: What the role can give: the name, the short name, and the short name in genitive.
FORMS = ("namn", "kortnamn", "genitiv")


def genitive(name: str) -> str:
    """Swedish genitive: an s, unless the name already ends in s, x or z."""
    return name if name[-1:].casefold() in ("s", "x", "z") else name + "s"


def organisation_name(model: Any, form: str) -> str:
    short = model.short_name or model.organisation
    return {"namn": model.organisation, "kortnamn": short, "genitiv": genitive(short)}[form]


def _role(name: str, rawtext: str, text: str, lineno: int, inliner: Any,
          options: dict | None = None, content: list | None = None) -> tuple[list, list]:
    form = text.strip()
    if form not in FORMS:
        message = inliner.reporter.error(
            f"Organisationens namn finns som {', '.join(FORMS)}: skriv till exempel "
            f"{{lotsen-organisation}}`namn`, inte `{form}`.", line=lineno)
        return [inliner.problematic(rawtext, rawtext, message)], [message]
    model = build_state(inliner.document.settings.env.app).model
    return [nodes.Text(organisation_name(model, form))], []


def setup_organisation(app: Sphinx) -> None:
    app.add_role("lotsen-organisation", _role)
