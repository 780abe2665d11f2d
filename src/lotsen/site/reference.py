"""The authors' reference, generated from the model so that it cannot drift from it."""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from lotsen.findings import RULES
from lotsen.model import Model
from lotsen.sphinx.state import build_state

_KIND_NAMES = {
    "text": "text", "number": "heltal", "date": "datum (ÅÅÅÅ-MM-DD)", "choice": "val",
    "scale": "skala", "unit": "enhet", "role": "roll", "month": "månad",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def model_reference(model: Model) -> str:
    """Markdown describing every type, field and link of the model."""
    out: list[str] = []
    for type_def in model.types.values():
        new = (f" Skapa en ny med `lotsen new {type_def.name}`; nya ID får formen "
               f"`{type_def.id_template}`." if getattr(type_def, "id_template", "") else "")
        out += [f"## {type_def.title}", "",
                f"Direktiv: `{{{type_def.name}}}`. ID-exempel: `{type_def.id_example}`. "
                f"Filerna ligger i mappen `{type_def.folder}/`.{new}", ""]
        rows = [["`id`", "ID", "text", "ja", type_def.id_example]]
        for usage in type_def.fields.values():
            f = usage.field
            if usage.required:
                required = "ja"
            elif usage.required_for_status:
                required = "när status är " + " eller ".join(usage.required_for_status)
            else:
                required = "nej"
            kind = _KIND_NAMES[f.kind] + (", flera med kommatecken" if f.multiple else "")
            values = model.allowed_values(usage)
            allowed = ", ".join(values) if values and f.kind != "role" and f.kind != "unit" else {
                "role": "en roll ur listan nedan", "unit": "en enhetskod ur listan nedan"}.get(f.kind, f.help)
            rows.append([f"`{f.name}`", f.label, kind, required, allowed])
        for link_name in type_def.links:
            link = model.links[link_name]
            targets = ", ".join(model.types[t].title.lower() for t in link.targets)
            rows.append([f"`{link_name}`", link.outgoing, "länk, flera med kommatecken", "nej", f"ID för {targets}"])
        out += _table(["Fält", "Betydelse", "Slag", "Obligatoriskt", "Tillåtna värden"], rows)
    out += ["## Enheter", ""] + _table(["Kod", "Enhet"], [[f"`{c}`", n] for c, n in model.units.items()])
    out += ["## Roller", ""] + _table(["Kod", "Roll"], [[f"`{c}`", n] for c, n in model.roles.items()])
    for name, scale in model.scales.items():
        out += [f"## Skala: {name}", ""] + _table(["Värde", "Betydelse"], [[str(v), label] for v, label in scale.items()])
    levels = [[str(lv.start), lv.label] for lv in model.risk.levels]
    out += ["## Risknivåer", "",
            f"Riskvärdet är {model.risk.likelihood} × {model.risk.consequence}. "
            f"En risk med värde {model.risk.control_required_from} eller mer ska ha minst en egenkontroll.", ""]
    out += _table(["Från riskvärde", "Nivå"], levels)
    return "\n".join(out)


def rules_reference(model: Model) -> str:
    rows = [[f"`lotsen.{code}`", text, model.severity_of(code)] for code, text in RULES.items()]
    return "\n".join(_table(["Kod", "Regel", "Allvarlighetsgrad"], rows))


class _ModelDirective(SphinxDirective):
    has_content = False

    def render(self, model: Model) -> str:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        model: Model = build_state(self.env.app).model
        self.env.note_dependency(model.path)
        return self.parse_text_to_nodes(self.render(model), allow_section_headings=True)


class ModelReferenceDirective(_ModelDirective):
    """``{lotsen-modell}``: every type, field, link, unit, role and scale."""

    def render(self, model: Model) -> str:
        return model_reference(model)


class RulesReferenceDirective(_ModelDirective):
    """``{lotsen-regler}``: every rule code with its meaning and severity."""

    def render(self, model: Model) -> str:
        return rules_reference(model)
