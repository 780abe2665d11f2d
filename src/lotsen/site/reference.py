"""The authors' reference, generated from the model so that it cannot drift from it.

The page is written as Markdown and read like any page, so every value from the model
is escaped for Markdown: a name in lotsen.yaml is shown as written, never read as markup.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from lotsen import findings
from lotsen.findings import RULES
from lotsen.markdown_table import markdown_table
from lotsen.model import Model, roles
from lotsen.model.roles import FIELD_ROLES
from lotsen.sphinx.state import build_state

_KIND_NAMES = {
    "text": "text", "number": "tal (91 eller 91,5)", "date": "datum (ÅÅÅÅ-MM-DD)", "choice": "val",
    "scale": "skala", "unit": "enhet", "role": "roll", "month": "månad",
    "period": "period (2026-03, 2026-K1, 2026-H1 eller 2026)", "unit_figures": "enhet och tal (HT: 88,0; LSS: 95,5)",
}


_PUNCTUATION = re.compile(r"([!-/:-@\[-`{}~])")  # ASCII punctuation but '|', which _cell escapes


def _text(value: object) -> str:
    """A value as literal text in Markdown: every ASCII punctuation mark escaped."""
    return _PUNCTUATION.sub(r"\\\1", str(value)).replace("\n", " ")


def _code(value: object) -> str:
    """A value as a code span, fenced by more backticks than it holds."""
    text = str(value).replace("\n", " ")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return markdown_table(header, [[_cell(c) for c in row] for row in rows])


def model_reference(model: Model) -> str:
    """Markdown describing every type, field and link of the model."""
    out: list[str] = []
    for type_def in model.types.values():
        new = (f" Skapa en ny med {_code(f'lotsen new {type_def.name}')}; nya ID får formen "
               f"{_code(type_def.id_template)}." if type_def.id_template else "")
        out += [f"## {_text(type_def.title)}", "",
                f"Direktiv: {_code('{' + type_def.name + '}')}. ID-exempel: {_code(type_def.id_example)}. "
                f"Filerna ligger i mappen {_code(type_def.folder + '/')}.{new}", ""]
        rows = [["`id`", "ID", "text", "ja", _text(type_def.id_example)]]
        for usage in type_def.fields.values():
            f = usage.field
            if usage.required:
                required = "ja"
            elif usage.required_for_status:
                required = "när status är " + " eller ".join(_text(s) for s in usage.required_for_status)
            else:
                required = "nej"
            kind = _KIND_NAMES[f.kind] + (", flera med kommatecken" if f.multiple else "")
            values = model.allowed_values(usage)
            allowed = _text(", ".join(values)) if values and f.kind != "role" and f.kind != "unit" else {
                "role": "en roll ur listan nedan", "unit": "en enhetskod ur listan nedan"}.get(f.kind, _text(f.help))
            rows.append([_code(f.name), _text(f.label), kind, required, allowed])
        for link_name in type_def.links:
            link = model.links[link_name]
            targets = ", ".join(model.types[t].title.lower() for t in link.targets)
            rows.append([_code(link_name), _text(link.outgoing), "länk, flera med kommatecken", "nej",
                         f"ID för {_text(targets)}"])
        out += _table(["Fält", "Betydelse", "Slag", "Obligatoriskt", "Tillåtna värden"], rows)
    out += ["## Fältens roller", "",
            "Lotsen läser vissa fält för ett bestämt syfte: startsidans listor, statusraden, "
            "revisionsdatum, rapporterna och granskarna. Vilket fält som har vilken roll står i "
            "modellen (`role:` under fältet).", ""]
    out += _table(["Roll", "Fält", "Vad Lotsen läser"],
                  [[_code(role), _code(model.field_for(role)) if model.field_for(role) else "inget fält",
                    _text(spec.meaning)] for role, spec in FIELD_ROLES.items()])
    tree = model.unit_tree
    out += ["## Enheter", "", "Enheterna i trädets ordning. Ett objekt för en enhet gäller också för "
            "enheterna under den.", ""] + _table(
        ["Kod", "Enhet", "Nivå", "Ligger under"],
        [[_code(u.code), _text(u.name), _text(u.kind) or "–", _code(u.parent) if u.parent else "–"]
         for u, _ in tree.rows_in_tree_order()])
    out += ["## Roller", ""] + _table(["Kod", "Roll", "En per enhet"],
                                      [[_code(c), _text(n), "ja" if c in model.per_unit_roles else "–"]
                                       for c, n in model.roles.items()])
    for name, scale in model.scales.items():
        out += [f"## Skala: {_text(name)}", ""] + _table(["Värde", "Betydelse"],
                                                         [[str(v), _text(label)] for v, label in scale.items()])
    levels = [[str(lv.start), _text(lv.label)] for lv in model.risk.levels]
    out += ["## Risknivåer", "",
            f"Riskvärdet är {_text(model.risk.likelihood)} × {_text(model.risk.consequence)}. "
            f"En risk med värde {model.risk.control_required_from} eller mer ska ha minst en egenkontroll.", ""]
    out += _table(["Från riskvärde", "Nivå"], levels)
    return "\n".join(out)


def rules_reference(model: Model) -> str:
    rows = [[f"`lotsen.{code}`", _text(text), model.severity_of(code)] for code, text in RULES.items()]
    return "\n".join(_table(["Kod", "Regel", "Allvarlighetsgrad"], rows))


class _ModelDirective(SphinxDirective):
    has_content = False

    def render(self, model: Model) -> str:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        model: Model = build_state(self.env.app).model
        self.env.note_dependency(model.path)
        # what the page says comes from Lotsen too (the rules, the field roles, this
        # file): a new version of Lotsen reads the page again, as a new model does
        for source in (findings.__file__, roles.__file__, __file__):
            self.env.note_dependency(source)
        return self.parse_text_to_nodes(self.render(model), allow_section_headings=True)


class ModelReferenceDirective(_ModelDirective):
    """``{lotsen-modell}``: every type, field, link, unit, role and scale."""

    def render(self, model: Model) -> str:
        return model_reference(model)


class RulesReferenceDirective(_ModelDirective):
    """``{lotsen-regler}``: every rule code with its meaning and severity."""

    def render(self, model: Model) -> str:
        return rules_reference(model)
