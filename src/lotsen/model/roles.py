"""Field roles: which of the model's fields holds what Lotsen itself reads (the status,
the units, the audience, the approval date, the owner, …). Each field may carry one
``role:`` in lotsen.yaml; Python asks ``model.field_for("units")`` and never names a
field."""

from __future__ import annotations

from dataclasses import dataclass

from lotsen.model.yaml_lines import LineDict


@dataclass(frozen=True)
class FieldRole:
    """What a role means (in Swedish, for the reference page) and the kinds of field
    that can hold it."""

    meaning: str
    kinds: tuple[str, ...]
    required: bool = False


#: Every role Lotsen reads. ``required``: the model must give it to one field.
FIELD_ROLES: dict[str, FieldRole] = {
    "state": FieldRole("objektets status: den avgör om objektet är ett utkast, gäller eller är upphävt", ("choice",), required=True),
    "units": FieldRole("enheterna objektet gäller för; startsidan visar rutinerna per enhet", ("unit",),
                       required=True),
    "audience": FieldRole("målgruppen: rollerna som ska kunna rutinen; startsidan visar rutinerna per roll",
                          ("role",), required=True),
    "owner": FieldRole("ägaren, som håller objektet aktuellt och granskar ändringar", ("role",)),
    "responsible": FieldRole("den som ansvarar, där typen inte har någon ägare", ("role",)),
    "approver": FieldRole("den som fastställde dokumentet", ("role",)),
    "approval_date": FieldRole("datum då dokumentet fastställdes", ("date",)),
    "review_date": FieldRole("datum då dokumentet ska revideras senast", ("date",)),
    "document_version": FieldRole("dokumentets versionsnummer", ("number", "text")),
    "change_note": FieldRole("ändringsnoteringen: vad som ändrades i versionen och varför", ("text",)),
    "legal_source": FieldRole("källan (lagrummet) som ett krav bygger på", ("text",)),
    "control_months": FieldRole("månaderna i årshjulet då en egenkontroll görs", ("month",)),
    "control_method": FieldRole("egenkontrollens metod", ("choice", "text")),
    "control_frequency": FieldRole("hur ofta egenkontrollen görs", ("choice", "text")),
    "due_date": FieldRole("datum då en åtgärd ska vara klar", ("date",)),
    "origin": FieldRole("vad en åtgärd kom ifrån", ("choice", "text")),
    "valid_from": FieldRole("datum då ett krav börjar gälla", ("date",)),
    "valid_to": FieldRole("sista dagen ett krav gäller; därefter räknas det som upphävt", ("date",)),
    "due_reason": FieldRole("skälet när en åtgärd inte har något datum för när den ska vara klar", ("text",)),
    "completion_date": FieldRole("datum då en åtgärd blev klar", ("date",)),
    "effect": FieldRole("utvärderingen av en åtgärds effekt, på en skala i modellen", ("choice",)),
    "effect_text": FieldRole("utvärderingen av en åtgärds effekt, i ord", ("text",)),
    "assessment_date": FieldRole("datum då en risk senast bedömdes", ("date",)),
    "result_period": FieldRole("perioden ett resultat av en egenkontroll gäller (månad, kvartal, halvår eller år)",
                               ("period",)),
    "performed_date": FieldRole("datum då egenkontrollen gjordes", ("date",)),
    "performer": FieldRole("rollen som gjorde egenkontrollen", ("role",)),
    "sample_size": FieldRole("hur många som granskades", ("number",)),
    "shortcomings": FieldRole("hur många av de granskade som hade brister", ("number",)),
    "outcome": FieldRole("utfallet, ett tal (till exempel andelen utan brister)", ("number",)),
    "outcome_per_unit": FieldRole("utfallet per enhet, till exempel 'HT: 88,0; LSS: 95,5'", ("unit_figures",)),
    "outcome_measure": FieldRole("vad utfallet mäter, på egenkontrollen (till exempel 'andel utan brister, %')",
                                 ("text",)),
    "internal_control": FieldRole("att en risk ska stå i nämndens internkontrollplan (fältets första värde, "
                                  "till exempel 'ja')", ("choice",)),
    "assessment": FieldRole("bedömningen av resultatet, på en skala i modellen (det första värdet är det bästa)",
                            ("choice",)),
    "target_value": FieldRole("målvärdet för en indikator, ett tal", ("number",)),
    "direction": FieldRole("om ett högre eller lägre utfall är bättre för en indikator (värdena står under 'goals')",
                           ("choice",)),
    "measure_unit": FieldRole("måttenheten för en indikator, till exempel '%' eller 'dagar'", ("text",)),
    "indicator_period": FieldRole("hur ofta en indikator mäts: år, halvår, kvartal eller månad", ("choice",)),
    "tolerance": FieldRole("hur långt från målvärdet ett utfall får ligga och räknas som delvis uppnått, i "
                           "indikatorns måttenhet", ("number",)),
}


def field_roles_of(r, fields_line: int, specs: dict[str, LineDict], kinds: dict[str, str],
                   review_declared: bool) -> dict[str, str]:
    """Role -> field name, from each field's ``role:``. Every problem goes to the reader
    ``r`` with its line: an unknown role, a role on two fields, a field of the wrong
    kind, a required role that no field has."""
    roles: dict[str, str] = {}
    for name, spec in specs.items():
        if "role" not in spec:
            continue
        role = spec["role"]
        line = spec.line_of("role")
        if not isinstance(role, str) or role not in FIELD_ROLES:
            r.error(line, f"'fields.{name}.role': okänd roll '{role}'. Roller: {', '.join(FIELD_ROLES)}.")
            continue
        if role in roles:
            r.error(line, f"Rollen '{role}' står på både fältet '{roles[role]}' och fältet '{name}'. "
                          "Ge rollen till ett av fälten.")
            continue
        allowed = FIELD_ROLES[role].kinds
        # a kind that is not a kind at all is reported once, by the field's reader
        if spec.get("kind") == kinds.get(name) and kinds.get(name) not in allowed:
            r.error(line, f"Fältet '{name}' är av slaget {kinds.get(name)}, men rollen '{role}' kräver "
                          f"slaget {' eller '.join(allowed)}.")
            continue
        roles[role] = name
    needed = [role for role, spec in FIELD_ROLES.items() if spec.required]
    if review_declared:
        needed.append("review_date")
    for role in needed:
        if role not in roles:
            r.error(fields_line, f"Inget fält under 'fields' har 'role: {role}' ({FIELD_ROLES[role].meaning}). "
                                f"Lägg till 'role: {role}' på det fält som håller det.")
    return roles


#: Keys of earlier model files that a field's ``role:`` has replaced.
REPORT_FIELD_ROLES = {
    "source_field": "legal_source", "control_months_field": "control_months", "control_method_field": "control_method",
    "control_frequency_field": "control_frequency", "responsible_field": "responsible", "owner_field": "owner",
    "action_due_field": "due_date", "action_origin_field": "origin",
}


def moved_to_roles(r, spec: LineDict, where: str, moved: dict[str, str]) -> None:
    for key, role in moved.items():
        if key in spec:
            r.error(spec.line_of(key), f"'{where}.{key}' används inte längre. Skriv i stället 'role: {role}' "
                                       f"under fältet '{spec[key]}' i 'fields'.")
