"""The sphinx-needs configuration, derived from the model so nothing is declared twice."""

from __future__ import annotations

from typing import Any

from lotsen.model import Model
from lotsen.sphinx.computed import computed_config

#: Fields sphinx-needs has built in; the model may use them but must not redeclare them.
_SPHINX_NEEDS_CORE = {"status", "tags", "title", "id", "layout", "style", "collapse", "hide"}

#: sphinx-needs' own warnings that Lotsen replaces with Swedish findings carrying a
#: rule code, file and line (link targets and types, inline references, unknown
#: directive options, unknown directives and roles, an object it cannot create: a duplicate ID,
#: or any object the scan read that sphinx-needs does not have, sphinx/reconcile.py), and
#: MyST's headings that skip a level (checks/headings.py) and its front matter (checks/front_matter.py).
REPLACED_WARNINGS = ("needs.link_outgoing", "needs.link_target_type", "needs.directive", "needs.link_ref",
                     "needs.create_need", "myst.directive_unknown", "myst.role_unknown",
                     "myst.header", "myst.topmatter")


def _field_schema(multiple: bool) -> dict[str, Any]:
    # Every value reaches sphinx-needs as text: Lotsen checks kinds, enums and scales
    # itself, so that a wrong value is reported in Swedish instead of the need being
    # dropped by a failed schema conversion.
    if multiple:
        return {"type": "array", "items": {"type": "string"}}
    return {"type": "string"}


def sphinx_needs_config(model: Model) -> dict[str, Any]:
    """The ``needs_*`` configuration values for this model."""
    return {
        "needs_types": [
            {"directive": t.name, "title": t.title, "prefix": t.prefix, "color": "", "style": "node"}
            for t in model.types.values()
        ],
        "needs_fields": {
            f.name: {
                "description": f.label,
                "nullable": True,
                "schema": _field_schema(f.multiple),
                "parse_variants": False,
                "parse_dynamic_functions": False,
            }
            for f in model.fields.values()
            if f.name not in _SPHINX_NEEDS_CORE
        } | computed_config(),
        "needs_links": {
            link.name: {
                "outgoing": link.outgoing,
                "incoming": link.incoming,
                "target_types": list(link.targets),
                "parse_variants": False,
                "parse_dynamic_functions": False,
            }
            for link in model.links.values()
        },
        # Lotsen checks each type's own ID format; sphinx-needs must accept every ID
        # so that a malformed one is reported, not silently dropped.
        "needs_id_regex": r".+",
        "needs_id_required": False,
        "needs_build_json": True,
        # Lotsen validates every field itself; sphinx-needs' schema pass would only
        # repeat it, in English, and costs time on every build.
        "needs_schema_validation_enabled": False,
        "needs_reproducible_json": True,
    }
