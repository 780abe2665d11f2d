"""Results of controls as an import makes them: named after their control and period
(``RES-KTRL-HT-01-2026-K1``, when the type's ID pattern allows it), titled with the
control's title and the period, holding for the control's units unless the sheet says
otherwise, and written one file per control and year (``results.file_template``), the
way the results folder keeps them. A file that exists gets the new results added at its
end; nothing in it is changed."""

from __future__ import annotations

from pathlib import Path

from lotsen.model import Model, TypeDef
from lotsen.periods import parse_period
from lotsen.source.scanner import NeedSource


class ResultShape:
    """How the import names and files a result of a control."""

    def __init__(self, model: Model, type_def: TypeDef, existing: list[NeedSource]):
        self.model, self.type_def = model, type_def
        self.link = model.results.control_link
        self.controls = {n.id: n for n in existing if n.type == model.structure.control_type and n.id}
        self.period_field = model.field_for("result_period")
        self.units_field = model.field_for("units")

    def _control(self, values: dict[str, str]) -> NeedSource | None:
        ids = [v.strip() for v in values.get(self.link, "").split(",") if v.strip()]
        return self.controls.get(ids[0]) if len(ids) == 1 else None

    def complete(self, values: dict[str, str]) -> None:
        """The control's units, where the sheet gives none."""
        control = self._control(values)
        if control and self.units_field in self.type_def.fields and not values.get(self.units_field):
            units = control.values(self.units_field)
            if units:
                values[self.units_field] = ", ".join(units)

    def title(self, values: dict[str, str]) -> str:
        control = self._control(values)
        period = values.get(self.period_field, "")
        return f"{control.title}, {period}" if control and period else ""

    def id(self, values: dict[str, str]) -> str:
        control = self._control(values)
        period = parse_period(values.get(self.period_field, ""))
        if control is None or period is None:
            return ""
        new_id = f"{self.type_def.prefix}{control.id.removeprefix(self.type_def.prefix)}-{period.text}"
        return new_id if self.type_def.id_pattern.fullmatch(new_id) else ""

    def path(self, values: dict[str, str]) -> Path | None:
        control = self._control(values)
        period = parse_period(values.get(self.period_field, ""))
        if control is None or period is None:
            return None
        name = self.model.results.file_template.format(year=period.year, control=control.id.lower())
        return Path(self.type_def.folder) / name

    def heading(self, values: dict[str, str]) -> str:
        control = self._control(values)
        period = parse_period(values.get(self.period_field, ""))
        if control is None or period is None:
            return ""
        return f"{self.type_def.plural} {period.year}: {control.title}"


def result_shape(model: Model, type_def: TypeDef, existing: list[NeedSource]) -> ResultShape | None:
    if not model.results.type or type_def.name != model.results.type or not model.results.control_link:
        return None
    return ResultShape(model, type_def, existing)
