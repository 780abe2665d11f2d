"""The model's parts as data: types, fields, links, scales, units, roles and the rules'
parameters. Everything else is derived from these."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lotsen.findings import DEFAULT_WARNINGS, ERROR, WARNING
from lotsen.model.papers import InternalControlConfig
from lotsen.model.roles import FIELD_ROLES
from lotsen.model.story import StoryConfig
from lotsen.model.units import UnitTree

FIELD_KINDS = ("text", "number", "date", "choice", "scale", "unit", "role", "month", "period", "unit_figures")

#: Options every need type takes beside the model's fields and links.
BUILTIN_OPTIONS = ("id",)


@dataclass(frozen=True)
class FieldDef:
    """A field as declared once in ``fields``."""

    name: str
    kind: str
    label: str
    help: str = ""
    multiple: bool = False
    values: tuple[str, ...] = ()
    scale: str = ""


@dataclass(frozen=True)
class TypeField:
    """A field as one type uses it: required always, for some statuses, or never."""

    field: FieldDef
    required: bool = False
    required_for_status: tuple[str, ...] = ()
    values: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.field.name


@dataclass(frozen=True)
class LinkDef:
    name: str
    targets: tuple[str, ...]
    outgoing: str
    incoming: str


@dataclass(frozen=True)
class TypeDef:
    name: str
    title: str
    plural: str
    prefix: str
    id_pattern: re.Pattern[str]
    id_example: str
    folder: str
    fields: dict[str, TypeField]
    links: tuple[str, ...]
    #: How `lotsen new` names a new object and its file (no id_template: no `new`).
    id_template: str = ""
    file_template: str = "{id}.md"
    #: The noun as cards and messages use it: "Kravet" (definite form), "det" (pronoun).
    definite: str = ""
    pronoun: str = "den"

    def options(self) -> tuple[str, ...]:
        """Every option an author may give this type."""
        return BUILTIN_OPTIONS + tuple(self.fields) + self.links


@dataclass(frozen=True)
class RiskLevel:
    start: int
    label: str
    color: str


@dataclass(frozen=True)
class RiskConfig:
    type: str
    likelihood: str
    consequence: str
    levels: tuple[RiskLevel, ...]
    control_required_from: int
    control_link: str
    reassess_months: int = 0
    active_statuses: tuple[str, ...] = ()

    def level(self, score: int) -> RiskLevel | None:
        found = None
        for level in self.levels:
            if score >= level.start:
                found = level
        return found


@dataclass(frozen=True)
class ReviewConfig:
    types: tuple[str, ...]
    statuses: tuple[str, ...]
    period_months: int
    due_soon_days: int
    #: What staff are told about a routine past its review date: whether it still applies.
    overdue_note: str = ""


@dataclass(frozen=True)
class StructureConfig:
    hierarchy_link: str
    routine_type: str
    routine_process_link: str
    control_type: str
    control_links: tuple[str, ...]


REPORT_TYPES = ("requirement_type", "process_type", "action_type")
REPORT_LINKS = ("fulfils_link", "routine_risk_link", "risk_process_link", "control_routine_link", "replacement_link")


@dataclass(frozen=True)
class ReportsConfig:
    """Which types and links the quality lead's reports read (the fields they read are
    field roles: ``Model.field_for``)."""

    requirement_type: str = ""
    process_type: str = ""
    action_type: str = ""
    fulfils_link: str = ""
    routine_risk_link: str = ""
    risk_process_link: str = ""
    control_routine_link: str = ""
    replacement_link: str = ""
    activities_heading: str = "Aktiviteter"
    action_closed_statuses: tuple[str, ...] = ()


#: HTML elements a model may allow in content (``content_checks.allowed_html``): inline
#: text semantics and a few harmless blocks. Everything else (script, style, meta,
#: iframe, form, object, embed, base, images, links…) never is.
HARMLESS_HTML = frozenset({
    "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "details",
    "summary", "dl", "dt", "dd", "hr", "p", "div", "blockquote", "ul", "ol", "li",
})


@dataclass(frozen=True)
class ContentChecks:
    """Checks of what authors write: plain language and no personal data."""

    lix_max: int = 0
    allowed_emails: tuple[str, ...] = ()
    max_file_kb: int = 1024
    #: Harmless HTML elements authors may write; everything else is a finding.
    allowed_html: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublishingConfig:
    """Which statuses keep an object off the staff site, and which mark it withdrawn."""

    draft_statuses: tuple[str, ...] = ()
    withdrawn_statuses: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResultsConfig:
    """Results of controls: the type, its link to the control and to the actions it led
    to, and how many days after a period's end a missing result counts as not done."""

    type: str = ""
    control_link: str = ""
    actions_link: str = ""
    grace_days: int = 30
    #: Where a control's results for a year are written in the type's folder (``lotsen import``).
    file_template: str = "{year}/{control}.md"


#: What each column of a statistics file holds: key -> Swedish name, for messages.
STATISTICS_COLUMNS = {"period": "period", "unit": "enhet", "category": "kategori", "count": "antal"}


@dataclass(frozen=True)
class StatisticsConfig:
    """Case statistics: aggregated counts exported from a case system, in files under
    ``folder``. ``columns``: what each column holds -> its heading in the files.
    Counts from 1 to ``small_count_threshold`` are shown masked on the site, and in the
    exports unless ``mask_exports`` is false."""

    folder: str = ""
    columns: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    small_count_threshold: int = 2
    mask_exports: bool = True

    @property
    def masked_text(self) -> str:
        return f"färre än {self.small_count_threshold + 1}"


#: What each column of an indicator's data file holds: key -> Swedish name, for messages.
GOAL_VALUE_COLUMNS = {"indicator": "indikatorns ID", "period": "period", "value": "utfallet (ett tal)"}

#: How often an indicator is measured, as the field with role indicator_period says it,
#: and the form of the periods its outcomes are given for (lotsen/periods.py).
INDICATOR_PERIODS = {"år": "year", "halvår": "half", "kvartal": "quarter", "månad": "month"}


@dataclass(frozen=True)
class GoalsConfig:
    """Goals and their indicators: the two types, the link from an indicator to its
    goal and to a control whose results give its outcomes, which values of the field
    with role direction mean "higher is better" and "lower is better", how far from
    the target an outcome counts as partly achieved (in percent of the target, unless
    the indicator gives its own tolerance), and the folder of outcome files with their
    column headings."""

    goal_type: str = ""
    indicator_type: str = ""
    goal_link: str = ""
    control_link: str = ""
    higher: str = ""
    lower: str = ""
    tolerance_percent: float = 10.0
    folder: str = ""
    columns: dict[str, str] = field(default_factory=dict)


#: Git hosts whose web editor `Föreslå en ändring` links to.
REPOSITORY_HOSTS = ("github", "gitlab", "gitea", "forgejo", "azure")


@dataclass(frozen=True)
class RepositoryConfig:
    """Where the content lives on the git host: for links to its web editor."""

    host: str = ""
    url: str = ""
    branch: str = "main"
    #: The project's folder inside the repository ('' at the top).
    path: str = ""


@dataclass(frozen=True)
class DocumentControl:
    """Which fields carry a document's version, approval and change note: the fields with
    the roles document_version, approval_date, approver and change_note (``Model.document_control``).

    A change to the content of a document in force needs, in the same change, a new
    version, a new approval date and a change note (``lotsen check --base``)."""

    version_field: str = ""
    approved_field: str = ""
    approver_field: str = ""
    change_note_field: str = ""

    @property
    def enabled(self) -> bool:
        return bool(self.version_field and self.approved_field and self.change_note_field)


#: Quality gates: name -> Swedish description of the share it sets a floor for.
COVERAGE_GATES = {
    "requirements_covered": "andel krav som uppfylls av en process, rutin eller egenkontroll",
    "high_risks_controlled": "andel risker på eller över tröskeln som har en egenkontroll",
    "routines_in_process": "andel rutiner som hör till en process",
}


@dataclass(frozen=True)
class Model:
    path: str
    organisation: str
    short_name: str
    units: dict[str, str]
    roles: dict[str, str]
    scales: dict[str, dict[int, str]]
    months: tuple[str, ...]
    fields: dict[str, FieldDef]
    links: dict[str, LinkDef]
    types: dict[str, TypeDef]
    risk: RiskConfig
    review: ReviewConfig
    structure: StructureConfig
    severity: dict[str, str] = field(default_factory=dict)
    reports: ReportsConfig = field(default_factory=ReportsConfig)
    coverage: dict[str, int] = field(default_factory=dict)
    coverage_lines: dict[str, int] = field(default_factory=dict)
    publishing: PublishingConfig = field(default_factory=PublishingConfig)
    content_checks: ContentChecks = field(default_factory=ContentChecks)
    #: Review routing: role code (or '*' for the rest) -> account on the git host.
    accounts: dict[str, str] = field(default_factory=dict)
    repository: RepositoryConfig = field(default_factory=RepositoryConfig)
    #: Field roles (model/roles.py): role -> the field that holds it.
    field_roles: dict[str, str] = field(default_factory=dict)
    #: The staff site's name (title bar, header, web app manifest).
    site_name: str = ""
    #: How many read pages a phone keeps for offline reading.
    offline_max_pages: int = 300
    #: The units as a tree (``units`` above is every unit's name, in tree order).
    unit_tree: UnitTree = field(default_factory=UnitTree)
    #: Roles that exist once per unit (``per_unit: true``), such as the enhetschef.
    per_unit_roles: frozenset[str] = frozenset()
    #: Review routing per unit for a role per unit: 'role@UNIT' -> account.
    unit_accounts: dict[str, str] = field(default_factory=dict)
    results: ResultsConfig = field(default_factory=ResultsConfig)
    statistics: StatisticsConfig = field(default_factory=StatisticsConfig)
    story: StoryConfig = field(default_factory=StoryConfig)
    internal_control: InternalControlConfig = field(default_factory=InternalControlConfig)
    goals: GoalsConfig = field(default_factory=GoalsConfig)

    def field_for(self, role: str) -> str:
        """The field that holds a role (``"units"``, ``"owner"``, …), or "" when no field
        has it. An unknown role is a programming error."""
        if role not in FIELD_ROLES:
            raise KeyError(f"unknown field role {role!r}")
        return self.field_roles.get(role, "")

    def value_name(self, field_name: str, value: str) -> str:
        """The readable name of a role or unit code in a field of that kind; the value
        itself for any other field, or a code the model does not know."""
        f = self.fields.get(field_name)
        table = self.roles if f and f.kind == "role" else self.units if f and f.kind == "unit" else {}
        return table.get(value, value)

    def role_of(self, field_name: str) -> str:
        """The role a field holds, or ""."""
        return next((role for role, name in self.field_roles.items() if name == field_name), "")

    @property
    def document_control(self) -> DocumentControl:
        """The fields of document control, by their roles."""
        return DocumentControl(self.field_for("document_version"), self.field_for("approval_date"),
                               self.field_for("approver"), self.field_for("change_note"))

    def severity_of(self, code: str) -> str:
        return self.severity.get(code, WARNING if code in DEFAULT_WARNINGS else ERROR)

    def type_by_prefix(self, need_id: str) -> TypeDef | None:
        for type_def in self.types.values():
            if need_id.startswith(type_def.prefix):
                return type_def
        return None

    def allowed_values(self, type_field: TypeField) -> tuple[str, ...]:
        """The values a field accepts on a type, or () when any text goes."""
        f = type_field.field
        if type_field.values:
            return type_field.values
        if f.kind == "choice":
            return f.values
        if f.kind == "unit":
            return tuple(self.units)
        if f.kind == "role":
            return tuple(self.roles)
        if f.kind == "month":
            return self.months
        if f.kind == "scale":
            return tuple(str(v) for v in self.scales[f.scale])
        return ()
