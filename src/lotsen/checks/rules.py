"""The validation rules: every object checked against the model, all findings at once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from lotsen.checks.cycles import cycles
from lotsen.checks.personal_data import has_personal_number
from lotsen.checks.suggest import VALUE_CUTOFF, close_word, published_ids, suggest
from lotsen.dates import add_months, parse_date
from lotsen.findings import Finding
from lotsen.model import Model, TypeDef, TypeField
from lotsen.numbers import parse_number, parse_unit_figures
from lotsen.periods import PERIOD_FORMS, parse_period
from lotsen.source.index import risk_score
from lotsen.source.mentions import mentions
from lotsen.source.scanner import NeedSource
from lotsen.words import plural


# The texts of a reference or mention in running text that leads nowhere, or to a
# draft: inside an object (``_Checker``) and in a page's own text (checks/pipeline.py).
def missing_reference(target_id: str, candidates: Iterable[str]) -> tuple[str, str]:
    return (f"Texten hänvisar till '{target_id}', men det finns inget objekt med det ID:t.",
            f"Kontrollera stavningen eller ta bort hänvisningen.{suggest(target_id, candidates)}")


def reference_to_draft(target_id: str) -> tuple[str, str]:
    return (f"Texten hänvisar till {target_id}, som är ett utkast och inte visas på webbplatsen. "
            "Läsaren får ingen länk.",
            f"Vänta med hänvisningen tills {target_id} är fastställd, eller skriv vad som gäller i stället.")


def missing_mention(target_id: str, candidates: Iterable[str]) -> tuple[str, str]:
    return (f"Texten nämner {target_id}, men det finns inget objekt med det ID:t.",
            "Skriv rätt ID, eller ta bort eller skriv om meningen om dokumentet inte finns längre."
            f"{suggest(target_id, candidates)}")


class _Checker:
    def __init__(self, model: Model, needs: list[NeedSource], today: dt.date):
        self.model = model
        self.needs = needs
        self.today = today
        self.findings: list[Finding] = []
        #: id(need) -> the IDs its text mentions, where already read (``validate``)
        self.mentioned: dict[int, list[tuple[str, int]]] = {}
        self.by_id: dict[str, NeedSource] = {}
        for need in needs:
            if need.id and need.id not in self.by_id:
                self.by_id[need.id] = need
        self.published = published_ids(model, self.by_id.values())

    def add(self, need: NeedSource, line: int, code: str, message: str, hint: str) -> None:
        self.findings.append(
            Finding(need.file, line, code, message, hint, self.model.severity_of(code))
        )

    def run(self) -> list[Finding]:
        """What depends on other objects: a duplicate ID, where links and mentions
        lead, cycles in the hierarchy, risks without a control."""
        seen: dict[str, NeedSource] = {}
        for need in self.needs:
            self.check_duplicate(need, seen)
            self.check_links(need, self.model.types[need.type])
            self.check_references(need)
        self.check_cycles()
        self.check_risks()
        return self.findings

    def run_alone(self) -> list[Finding]:
        """What each object gives on its own, against the model and the date."""
        for need in self.needs:
            type_def = self.model.types[need.type]
            self.check_id(need, type_def)
            self.check_options(need, type_def)
            self.check_fields(need, type_def)
            self.check_review(need)
            self.check_review_period(need)
            self.check_units(need, type_def)
        self.check_routines()
        self.check_controls()
        return self.findings

    # ------------------------------------------------------------------ identity
    def check_id(self, need: NeedSource, type_def: TypeDef) -> None:
        title = type_def.title.lower()
        if not need.title:
            self.add(need, need.line, "title_missing",
                     f"{type_def.title} {need.id} saknar rubrik.",
                     f"Skriv rubriken på objektets första rad, efter typen: '```{{{need.type}}} Rubrik'.")
        if not need.id:
            self.add(need, need.line, "id_missing",
                     f"Objektet '{need.title or 'utan rubrik'}' ({title}) saknar ID.",
                     f"Lägg till ':id: {type_def.id_example}' direkt under objektets första rad, med nästa lediga nummer.")
            return
        line = need.line_of("id")
        if not need.id.startswith(type_def.prefix):
            other = self.model.type_by_prefix(need.id)
            also = f" Prefixet hör till typen {other.title.lower()}." if other else ""
            self.add(need, line, "id_unknown_prefix",
                     f"ID:t '{need.id}' börjar inte med '{type_def.prefix}', som alla ID för typen {title} ska göra.{also}",
                     f"Byt till ett ID som {type_def.id_example}, eller skriv rätt typ på objektets första rad.")
        elif not type_def.id_pattern.fullmatch(need.id):
            self.add(need, line, "id_malformed",
                     f"ID:t '{need.id}' följer inte formatet för typen {title}.",
                     f"Skriv ID:t som i exemplet {type_def.id_example} (mönster: {type_def.id_pattern.pattern}).")

    def check_duplicate(self, need: NeedSource, seen: dict[str, NeedSource]) -> None:
        if not need.id:
            return
        line = need.line_of("id")
        first = seen.get(need.id)
        if first is not None:
            self.add(need, line, "id_duplicate",
                     f"ID:t '{need.id}' används redan av '{first.title}' ({first.file}:{first.line}).",
                     "Ge objektet ett eget, nytt ID. Ett ID får bara finnas en gång i hela ledningssystemet.")
        else:
            seen[need.id] = need

    # ------------------------------------------------------------------ options and fields
    def check_options(self, need: NeedSource, type_def: TypeDef) -> None:
        allowed = type_def.options()
        for name, option in need.options.items():
            if name in allowed:
                continue
            known_elsewhere = name in self.model.fields or name in self.model.links
            why = (f"Fältet '{name}' används inte för typen {type_def.title.lower()}."
                   if known_elsewhere else f"Fältet '{name}' finns inte i modellen.")
            self.add(need, option.line, "option_unknown",
                     f"{why} Värdet '{option.raw}' kommer inte med.",
                     f"Tillåtna fält för {type_def.title.lower()}: {', '.join(allowed)}.{suggest(name, allowed)}")

    def check_fields(self, need: NeedSource, type_def: TypeDef) -> None:
        status = need.value(self.model.field_for("state"))
        allowed = type_def.options()
        # a misspelt field is one mistake: reported as unknown, with the field it was meant
        # to be, and not once more as that field missing
        misspelt = {close_word(n, allowed) for n in need.options if n not in allowed}
        for name, usage in type_def.fields.items():
            option = need.options.get(name)
            present = option is not None and option.raw.strip() != ""
            if not present and name in misspelt:
                continue
            if not present:
                if usage.required:
                    self.add(need, need.line, "field_required",
                             f"{type_def.title} {need.id or need.title} saknar det obligatoriska fältet '{name}' ({usage.field.label}).",
                             self._fill_hint(usage))
                elif status and status in usage.required_for_status:
                    self.add(need, need.line, "field_required_for_status",
                             f"{type_def.title} {need.id or need.title} har status '{status}' men saknar fältet '{name}' ({usage.field.label}).",
                             f"{self._fill_hint(usage)} Är objektet inte klart ännu: sätt ':status: utkast'.")
                continue
            raw = option.raw.strip()
            if raw.startswith("[") and raw.endswith("]"):
                raw = raw[1:-1].strip()  # a list in brackets is myst_list_syntax: judged without them
            self.check_value(need, usage, raw, option.values, option.line)

    def _fill_hint(self, usage: TypeField) -> str:
        example = {
            "date": "2027-01-31", "number": "1",
        }.get(usage.field.kind)
        allowed = self.model.allowed_values(usage)
        if allowed:
            example = allowed[0]
        shown = f" {example}" if example else " ..."
        return f"Lägg till raden ':{usage.name}:{shown}' bland fälten." + (
            f" Tillåtna värden: {', '.join(allowed)}." if allowed and len(allowed) <= 16 else "")

    def check_value(self, need: NeedSource, usage: TypeField, raw: str, values: list[str], line: int) -> None:
        f = usage.field
        items = values if f.multiple else [raw]
        for value in items:
            if has_personal_number(value):
                continue  # personal_number says it, and the value must go, not be mended
            if f.kind == "date":
                if parse_date(value) is None:
                    self.add(need, line, "field_date",
                             f"'{value}' i fältet '{f.name}' är inte ett giltigt datum.",
                             "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2027-03-31.")
            elif f.kind == "number":
                if parse_number(value) is None:
                    self.add(need, line, "field_number",
                             f"'{value}' i fältet '{f.name}' är inte ett tal.",
                             f"Skriv ett tal med siffror, till exempel ':{f.name}: 2' eller ':{f.name}: 91,5'.")
            elif f.kind == "period":
                if parse_period(value) is None:
                    self.add(need, line, "field_period",
                             f"'{value}' i fältet '{f.name}' är ingen period.",
                             f"Skriv perioden som {PERIOD_FORMS}.")
            elif f.kind == "unit_figures":
                figures = parse_unit_figures(value)
                unknown = [u for u, _ in figures or () if u not in self.model.units]
                if figures is None or unknown:
                    what = (f"enheten '{unknown[0]}' inte finns" if unknown
                            else "det inte går att läsa enhet och tal")
                    self.add(need, line, "field_number",
                             f"Fältet '{f.name}' har ett värde där {what}.",
                             f"Skriv enhet och tal, åtskilda med semikolon, till exempel ':{f.name}: "
                             f"{next(iter(self.model.units), 'HT')}: 88,0'. Enheter: {', '.join(self.model.units)}.")
            elif f.kind == "scale":
                allowed = self.model.allowed_values(usage)
                if value not in allowed:
                    scale = self.model.scales[f.scale]
                    steps = ", ".join(f"{k} = {v}" for k, v in scale.items())
                    self.add(need, line, "field_scale",
                             f"'{value}' i fältet '{f.name}' ligger utanför skalan {min(scale)}–{max(scale)}.",
                             f"Välj ett värde på skalan: {steps}.")
            else:
                allowed = self.model.allowed_values(usage)
                if allowed and value not in allowed:
                    what = {"unit": "ingen tillåten enhet", "role": "ingen tillåten roll",
                            "month": "ingen tillåten månad"}.get(f.kind, "inget tillåtet värde")
                    self.add(need, line, "field_value",
                             f"'{value}' i fältet '{f.name}' är {what}.",
                             f"Tillåtna värden: {', '.join(allowed)}.{suggest(value, allowed, VALUE_CUTOFF)}")

    # ------------------------------------------------------------------ links
    def check_links(self, need: NeedSource, type_def: TypeDef) -> None:
        for link_name in type_def.links:
            option = need.options.get(link_name)
            if option is None:
                continue
            link = self.model.links[link_name]
            allowed = ", ".join(self.model.types[t].title.lower() for t in link.targets)
            # "typen" and no article: the model does not say a type's gender (en rutin, ett mål)
            kinds = f"typen {allowed}" if len(link.targets) == 1 else f"någon av typerna {allowed}"
            for target_id in option.values:
                target = self.by_id.get(target_id)
                if target is None and (need.type, link_name) == (self.model.results.type, self.model.results.control_link):
                    continue  # a result's control: result_control says it better
                if target is None:
                    self.add(need, option.line, "link_target_missing",
                             f"Länken '{link_name}' pekar på '{target_id}', men det finns inget objekt med det ID:t.",
                             f"Kontrollera stavningen eller ta bort länken.{suggest(target_id, self.published)}")
                elif target.type not in link.targets:
                    self.add(need, option.line, "link_target_type",
                             f"Länken '{link_name}' pekar på {target_id}, som är av typen "
                             f"{self.model.types[target.type].title.lower()}. '{link_name}' får bara peka på: {allowed}.",
                             f"Byt till ID:t för ett objekt av {kinds}, eller använd en annan länktyp.")

    def check_references(self, need: NeedSource) -> None:
        """Inline ``{need}`` references in the text: they must lead somewhere on the site."""
        drafts, state = self.model.publishing.draft_statuses, self.model.field_for("state")
        for target_id, line in need.references():
            target = self.by_id.get(target_id)
            if target is None:
                self.add(need, line, "link_target_missing", *missing_reference(target_id, self.published))
            elif target.value(state) in drafts and need.value(state) not in drafts:
                self.add(need, line, "link_to_draft", *reference_to_draft(target_id))
        found = self.mentioned.get(id(need))
        for target_id, line in mentions(self.model, need) if found is None else found:
            target = self.by_id.get(target_id)
            if target is None:
                self.add(need, line, "mention_target_missing", *missing_mention(target_id, self.published))
            elif target.value(state) in drafts and need.value(state) not in drafts:
                self.add(need, line, "link_to_draft",
                         f"Texten nämner {target_id}, som är ett utkast och inte visas på webbplatsen. "
                         "Läsaren får ingen länk.",
                         f"Vänta med att nämna {target_id} tills den är fastställd, eller skriv vad som gäller i "
                         "stället.")

    # ------------------------------------------------------------------ document control
    def check_review_period(self, need: NeedSource) -> None:
        """The review date lies on or after the approval date and at most the model's
        review period after it."""
        cfg = self.model.review
        approval_field, review_field = self.model.field_for("approval_date"), self.model.field_for("review_date")
        if need.type not in cfg.types or not approval_field or not review_field:
            return
        approved, due = parse_date(need.value(approval_field)), parse_date(need.value(review_field))
        if approved is None or due is None:
            return  # a missing or malformed date has its own finding
        latest = add_months(approved, cfg.period_months)
        name, period = need.id or need.title, plural(cfg.period_months, "månad", "månader")
        if due < approved:
            message = (f"{name} ska revideras senast {due.isoformat()}, före dagen då "
                       f"{self.model.types[need.type].pronoun} fastställdes ({approved.isoformat()}).")
        elif due > latest:
            message = (f"{name} ska revideras senast {due.isoformat()}, mer än {period} efter dagen då "
                       f"{self.model.types[need.type].pronoun} fastställdes ({approved.isoformat()}).")
        else:
            return
        self.add(need, need.line_of(review_field), "review_period", message,
                 f"Skriv ett datum från {approved.isoformat()} till och med {latest.isoformat()} i "
                 f"':{review_field}:'. Perioden ({period}) bestäms i organisationens modell.")

    def check_review(self, need: NeedSource) -> None:
        cfg = self.model.review
        if need.type not in cfg.types or need.value(self.model.field_for("state")) not in cfg.statuses:
            return
        date_field = self.model.field_for("review_date")
        due = parse_date(need.value(date_field))
        if due is not None and due < self.today:
            days = (self.today - due).days
            self.add(need, need.line_of(date_field), "review_overdue",
                     f"{need.id} skulle ha reviderats senast {due.isoformat()} ({plural(days, 'dag', 'dagar')} sedan).",
                     f"Gå igenom dokumentet med ägaren, uppdatera innehållet och sätt ett nytt datum i ':{date_field}:'.")

    # ------------------------------------------------------------------ structure
    def check_cycles(self) -> None:
        link = self.model.structure.hierarchy_link
        if not link:
            return
        parents = {nid: [t for t in n.values(link) if t in self.by_id] for nid, n in self.by_id.items() if n.values(link)}
        reported: set[frozenset[str]] = set()
        for cycle in cycles(parents):
            self._report_cycle(cycle, link, reported)

    def _report_cycle(self, cycle: list[str], link: str, reported: set[frozenset[str]]) -> None:
        key = frozenset(cycle)
        if key in reported:
            return
        reported.add(key)
        first = min((self.by_id[c] for c in cycle[:-1]), key=lambda n: (n.file, n.line))
        self.add(first, first.line_of(link), "process_cycle",
                 f"Processhierarkin går i cirkel: {' → '.join(cycle)}.",
                 f"En process kan inte vara '{link}' sig själv, direkt eller via andra. Ta bort en av länkarna.")

    def check_units(self, need: NeedSource, type_def: TypeDef) -> None:
        """An object names a unit and a unit above it (the one already holds for the
        other); a role per unit on an object that names no unit."""
        units_field = self.model.field_for("units")
        tree = self.model.unit_tree
        given = need.values(units_field) if units_field in type_def.fields else []
        named = [u for u in given if u in tree]
        for unit in named:
            above = [a for a in tree.ancestors(unit) if a in named]
            if above:
                whole = tree[above[0]].whole()
                self.add(need, need.line_of(units_field), "unit_and_parent",
                         f"{need.id or need.title} gäller både {tree[unit].name} ({unit}) och {whole} "
                         f"({above[0]}), som redan omfattar {unit}.",
                         f"Ta bort '{unit}' ur ':{units_field}:', eller byt '{above[0]}' mot de enheter som avses.")
        # a unit that does not exist is the field's own finding: the object still names one
        if given or not self.model.per_unit_roles:
            return
        for usage in type_def.fields.values():
            if usage.field.kind != "role":
                continue
            for role in need.values(usage.name):
                if role in self.model.per_unit_roles:
                    hint = (f"Lägg till ':{units_field}:' med objektets enheter, eller skriv en roll som inte "
                            f"finns per enhet." if units_field in type_def.fields else
                            "Skriv en roll som inte finns per enhet: typen har inga enheter.")
                    self.add(need, need.line_of(usage.name), "per_unit_role_without_unit",
                             f"{need.id or need.title}: rollen '{role}' finns en gång per enhet, men objektet "
                             f"nämner ingen enhet, så det går inte att veta vems {self.model.roles[role].lower()} "
                             f"som avses.", hint)

    def check_routines(self) -> None:
        s = self.model.structure
        if not s.routine_type or not s.routine_process_link:
            return
        for need in self.needs:
            if need.type == s.routine_type and not need.values(s.routine_process_link):
                self.add(need, need.line, "routine_without_process",
                         f"Rutinen {need.id or need.title} hör inte till någon process.",
                         f"Lägg till ':{s.routine_process_link}: PROC-...' med den process där rutinen används.")

    def check_risks(self) -> None:
        cfg = self.model.risk
        if not cfg.type or not cfg.control_link:
            return
        controlled = defaultdict(list)
        for need in self.needs:
            for target in need.values(cfg.control_link):
                controlled[target].append(need.id)
        for need in self.needs:
            if need.type != cfg.type or not need.id:
                continue
            score = risk_score(self.model, need)
            if score is not None and score >= cfg.control_required_from and not controlled.get(need.id):
                level = cfg.level(score)
                self.add(need, need.line, "risk_without_control",
                         f"Risken {need.id} har riskvärde {score}" + (f" ({level.label.lower()})" if level else "") +
                         f" men ingen egenkontroll. Risker med värde {cfg.control_required_from} eller mer ska kontrolleras.",
                         f"Lägg till ':{cfg.control_link}: {need.id}' på en egenkontroll, eller skapa en ny.")

    def check_controls(self) -> None:
        s = self.model.structure
        if not s.control_type:
            return
        months = self.model.field_for("control_months")
        for need in self.needs:
            if need.type == s.control_type and months and not need.values(months):
                self.add(need, need.line, "control_without_month",
                         f"Egenkontrollen {need.id or need.title} har ingen månad och syns inte i årshjulet.",
                         f"Lägg till ':{months}: ' med de månader då kontrollen görs, till exempel 'mar, sep'.")
            if need.type == s.control_type and not any(need.values(link) for link in s.control_links):
                self.add(need, need.line, "control_without_target",
                         f"Egenkontrollen {need.id or need.title or '(utan ID och rubrik)'} kontrollerar ingenting.",
                         f"Länka den med minst ett av fälten {', '.join(s.control_links)}.")


def validate(model: Model, needs: list[NeedSource], today: dt.date) -> list[Finding]:
    """Check every need against the model; returns all findings, sorted by place
    (a build and `lotsen check` keep part of it: checks/rules_kept.py)."""
    return sorted(_Checker(model, needs, today).run() + _Checker(model, needs, today).run_alone())
