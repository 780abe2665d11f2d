"""Generate a realistic synthetic ledningssystem in Lotsen's format, for benchmarks.

    python bench/generate.py --size S|M|L|XL --seed 1 --out DIR

The result is a complete project: the sample's model (``lotsen.yaml``) with many more
units and roles, ``conf.py``, the sample's frame pages (start page, search page,
``docs/`` with the quality reports) and generated content in ``processes/``,
``routines/``, ``risks/``, ``controls/``, ``requirements/`` and ``actions/``. It builds
with ``sphinx-build -W`` and passes ``lotsen check`` with no errors.

Deterministic: the same size and seed give the same bytes. Every random choice comes
from ``random.Random`` seeded from the seed (the text of one object from the seed and
its ID, so objects do not depend on each other's text), iteration is over lists in a
fixed order, and nothing depends on the time or on hash order.

The type mix is the sample's (30 rutin, 13 process, 17 risk, 13 kontroll, 20 krav,
6 åtgärd per 99 objects). The page targets (S: 100, M: 300, L: 1000 pages for 500,
2,000 and 8,000 objects) need about five objects per page, while the sample has about
one and a half, so objects are grouped into families: per unit one page each of
processes, risks, controls, local requirements and actions, laws one page per
source, and routines in families of a few per subject area, as many pages as the
target leaves room for.

XL (30,000 objects, 3,750 pages) is a city's social services: the frame's förvaltning
and fourteen more beside it, three avdelningar each, about 100 objects per unit as at L.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import vocab as V  # noqa: E402
from bench.vocab import GENERIC_SUBS  # noqa: E402
from bench.vocab_domains import DOMAINS, GENERIC_AREAS  # noqa: E402
from bench.vocab_laws import LAW_FILES  # noqa: E402
from bench.year import build_goals, build_results, result_pages, statistics_files  # noqa: E402

REPO = Path(__file__).resolve().parents[1]

#: Objects per type in the sample (counted in processes/, routines/ and so on).
MIX = {"rutin": 30, "process": 13, "risk": 17, "kontroll": 13, "krav": 20, "åtgärd": 6,
       # the year (bench/year.py): three results per control, 3 goals and 8 indicators, as in the sample
       "resultat": 39, "mål": 3, "indikator": 8}
TYPES = tuple(MIX)
FOLDERS = {"rutin": "routines", "process": "processes", "risk": "risks", "kontroll": "controls",
           "krav": "requirements", "åtgärd": "actions", "resultat": "results", "mål": "goals", "indikator": "goals"}


#: The order options are written in, as in the sample: identity, fields, links.
OPTION_ORDER = ["id", "status", "ägare", "fastställd_av", "fastställd", "revideras", "version", "målgrupp",
                "nivå", "syfte", "källa", "kravtyp", "sannolikhet", "konsekvens", "metod", "frekvens", "månader",
                "ansvarig", "urval", "klar_senast", "klar_datum", "effekt", "ursprung", "enheter", "del_av", "samverkar_med", "tillhör",
                "i_process", "kontrollerar", "följer_upp", "uppfyller", "hanterar", "åtgärdar",
                "tidsperiod", "genomförd", "utförd_av", "granskade", "med_brister", "utfall", "bedömning", "avser",
                "målvärde", "riktning", "måttenhet", "mätperiod", "bidrar_till", "mäts_med"]


@dataclass(frozen=True)
class SizeSpec:
    objects: int
    pages: int
    units: int
    #: in all, over every förvaltning
    avdelningar: int
    #: the frame's förvaltning and more beside it, each with its own avdelningar and units
    forvaltningar: int = 1


SIZES = {
    "S": SizeSpec(objects=500, pages=100, units=16, avdelningar=3),
    "M": SizeSpec(objects=2000, pages=300, units=24, avdelningar=4),
    "L": SizeSpec(objects=8000, pages=1000, units=80, avdelningar=8),
    # a city's social services: 15 förvaltningar of three avdelningar each, about 100
    # objects and 12 pages per unit as at L
    "XL": SizeSpec(objects=30000, pages=3750, units=300, avdelningar=45, forvaltningar=15),
}

#: The sample's units and the domain (kind of unit) each one is.
SAMPLE_UNITS = {"GEM": "gem", "HT": "hemtjanst", "LSS": "gruppbostad", "BUM": "bou", "EKB": "ekb"}
SAMPLE_OWNERS = {"GEM": "kvalitetsutvecklare", "HT": "enhetschef_ht", "LSS": "enhetschef_lss",
                 "BUM": "enhetschef_bum", "EKB": "enhetschef_ekb"}

#: Role key -> definite form, for sentences such as "Gruppledaren lottar fram urvalet".
DEFINITE = {
    "samordnare": "samordnaren", "gruppledare": "gruppledaren", "kvalitetsutvecklare": "kvalitetsutvecklaren",
    "sjuksköterska": "sjuksköterskan", "mas": "MAS", "förvaltningschef": "förvaltningschefen",
}

FREQUENCY_TEXT = {"månadsvis": "varje månad", "kvartalsvis": "varje kvartal",
                  "halvårsvis": "två gånger om året", "årligen": "en gång om året"}
MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]

#: The first date a benchmark might be judged at is far below these: reviews fall due in 2031+.
APPROVED_YEAR = 2030


@dataclass
class GeneratedStats:
    """What ``generate`` wrote."""

    size: str
    seed: int
    counts: dict[str, int]
    pages: int
    bytes: int
    units: int
    roles: int
    files: int = 0

    @property
    def objects(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        per_type = ", ".join(f"{t} {n}" for t, n in self.counts.items())
        return (f"storlek {self.size}, frö {self.seed}: {self.objects} objekt ({per_type}) på {self.pages} sidor, "
                f"{self.units} enheter, {self.roles} roller, {self.files} filer, {self.bytes} byte")


# --------------------------------------------------------------------------- objects


@dataclass
class Need:
    type: str
    id: str
    title: str
    options: dict[str, str | list[str]]
    unit: "Unit | None" = None
    area: dict | None = None
    body: str = ""
    extra: dict = field(default_factory=dict)

    def links(self, name: str) -> list[str]:
        value = self.options.get(name)
        if value is None:
            return []
        return value if isinstance(value, list) else [value]

    def add_link(self, name: str, target: str) -> None:
        current = self.options.setdefault(name, [])
        assert isinstance(current, list)
        if target not in current:
            current.append(target)


@dataclass
class Page:
    path: str
    heading: str
    intro: str
    needs: list[Need]


@dataclass
class Unit:
    code: str
    name: str
    domain: dict
    avd: tuple | None
    owner: str
    approver: str
    weight: float
    place: str = ""
    slots: dict[str, str] = field(default_factory=dict)
    areas: list[dict] = field(default_factory=list)
    processes: list[Need] = field(default_factory=list)
    process_of: dict[str, str] = field(default_factory=dict)  # area key -> process id
    routines: list[Need] = field(default_factory=list)
    risks: list[Need] = field(default_factory=list)
    controls: list[Need] = field(default_factory=list)
    krav: list[Need] = field(default_factory=list)
    actions: list[Need] = field(default_factory=list)
    routine_pages: list[Page] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.domain["kind"]

    @property
    def lower(self) -> str:
        return self.code.lower()


# --------------------------------------------------------------------------- text helpers


class _Slots(dict):
    def __missing__(self, key: str) -> str:
        raise KeyError(f"slot {{{key}}} saknas")


def fill(text: str, slots: dict[str, str], start: bool = True) -> str:
    """Fill the slots and capitalise the start of every sentence (but the first if not ``start``)."""
    text = cap_sentences(text.format_map(_Slots(slots)))
    return text if start else text[:1].lower() + text[1:] if not text.startswith(("MAS", "IVO")) else text


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


_SENTENCE_START = re.compile(r"(^|[.!?] )([a-zåäö])")


def cap_sentences(text: str) -> str:
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def ascii_upper(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z]", "", folded.upper())


def words(text: str) -> int:
    return len(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d+", text))


def allocate(total: int, weights: list[float], lo: list[int] | None = None, hi: list[int] | None = None) -> list[int]:
    """Split ``total`` in proportion to ``weights``, within [lo, hi] per share (largest remainder)."""
    n = len(weights)
    lo = lo or [0] * n
    hi = hi or [10**9] * n
    if not sum(lo) <= total <= sum(hi):
        raise ValueError(f"cannot split {total} within {sum(lo)}..{sum(hi)}")
    result = list(lo)
    remaining = total - sum(lo)
    while remaining > 0:
        open_ = [i for i in range(n) if result[i] < hi[i]]
        wsum = sum(weights[i] for i in open_) or 1.0
        shares = {i: remaining * weights[i] / wsum for i in open_}
        added = 0
        for i in open_:
            add = min(int(shares[i]), hi[i] - result[i])
            result[i] += add
            added += add
        remaining -= added
        for i in sorted(open_, key=lambda i: (-(shares[i] - int(shares[i])), i)):
            if remaining == 0:
                break
            if result[i] < hi[i]:
                result[i] += 1
                remaining -= 1
    return result


def split_even(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def date(rng: random.Random, year: int) -> str:
    month = rng.randint(1, 12)
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def plus_year(day: str, years: int = 1) -> str:
    return f"{int(day[:4]) + years}{day[4:]}"


# --------------------------------------------------------------------------- the generator


class Generator:
    def __init__(self, size: str, seed: int, frame: Path):
        if size not in SIZES:
            raise ValueError(f"okänd storlek '{size}', välj en av {', '.join(SIZES)}")
        self.size = size
        self.spec = SIZES[size]
        self.seed = seed
        self.frame = frame
        self.rng = random.Random(f"lotsen-bench/{seed}/{size}")
        self.model_text = (frame / "lotsen.yaml").read_text(encoding="utf-8")
        self.sample_units = self._section(self.model_text, "units")
        self.sample_roles = self._section(self.model_text, "roles")
        self.units: list[Unit] = []
        self.roles: dict[str, str] = {}
        self.avd_processes: list[Need] = []
        self.law_pages: list[Page] = []
        self.by_id: dict[str, Need] = {}
        self.counter = {"2029": 0, "2030": 0}
        self.pending_samverkan: list[tuple[Need, str]] = []
        self.refs: dict[str, str] = {}

    # ------------------------------------------------------------------ model

    @staticmethod
    def _section(text: str, name: str) -> dict[str, str]:
        """Code -> name of a section of the model; units and roles may be tables with a
        name (and units nested inside), which are read as their names."""
        def flat(table: dict) -> dict[str, str]:
            found: dict[str, str] = {}
            for code, spec in table.items():
                found[code] = spec["name"] if isinstance(spec, dict) else spec
                if isinstance(spec, dict) and isinstance(spec.get("units"), dict):
                    found.update(flat(spec["units"]))
            return found
        return flat(yaml.safe_load(text)[name])

    def obj_rng(self, need_id: str) -> random.Random:
        return random.Random(f"lotsen-bench/{self.seed}/{need_id}")

    def register(self, need: Need) -> Need:
        assert need.id not in self.by_id, need.id
        self.by_id[need.id] = need
        return need

    # ------------------------------------------------------------------ organisation

    def build_organisation(self) -> None:
        rng = self.rng
        places = [h + t for h in V.PLACE_HEADS for t in V.PLACE_TAILS]
        rng.shuffle(places)
        reserved = set(self.sample_units) | {"SOL", "SOSFS", "OSL", "FL", "DSF", "HSL", "PSL", "BK", "LVU", "LVM",
                                            "KL", "LSO", "USK", "HSLF", "NAMND", "SOLPUL", "LOK", "AVD"}
        # the avdelningar in the model's tree: the frame's own where the name is the same, new ones
        # under their förvaltning; every generated unit sits under its avdelning, as in the sample
        frame_avds, self.root_unit = self._avdelningar(self.model_text)
        first = self.spec.avdelningar - self.spec.avdelningar // self.spec.forvaltningar * (self.spec.forvaltningar - 1)
        used_codes = set(reserved) | {a[0] for a in V.AVDELNINGAR[:first]}
        avds = self._plan_avdelningar(first, places, used_codes)
        avd_by_code = {a[0]: a for a in avds}
        sample_avd = {"HT": "ALDRE", "LSS": "FUNK", "BUM": "IFO", "EKB": "IFO"}
        self.avdelningar = avds
        self.avd_code = {a[0]: frame_avds.get(a[1], a[0]) if a[3] == self.root_unit else a[0] for a in avds}
        self.new_avds = [(a[0], a[1], a[3]) for a in avds if a[3] != self.root_unit or a[1] not in frame_avds]

        for code, domain_key in SAMPLE_UNITS.items():
            if code not in self.sample_units and code != "GEM":
                continue  # the frame's model no longer has this unit: generate others instead
            self.sample_units.setdefault(code, "Förvaltningsgemensamt")
            if SAMPLE_OWNERS[code] not in self.sample_roles:
                self.roles[SAMPLE_OWNERS[code]] = f"Enhetschef, {self.sample_units[code]}"
            avd = avd_by_code.get(sample_avd.get(code, ""))
            approver = "förvaltningschef" if avd is None else f"avdelningschef_{avd[0].lower()}"
            self.units.append(Unit(code, self.sample_units[code], DOMAINS[domain_key], avd,
                                   SAMPLE_OWNERS[code], approver, round(rng.uniform(0.8, 1.2), 3),
                                   "" if code == "GEM" else ("Tallbacken" if code == "LSS" else "Norrvik")))
        taken = {a[0]: sum(1 for u in self.units if u.avd and u.avd[0] == a[0]) for a in avds}
        # every unit of the sample's tree counts, also those the generator writes nothing for
        generated = (self.spec.units - len(set(self.sample_units) | {u.code for u in self.units}) - len(self.new_avds)
                     - len(self.forvaltningar))
        for i in range(generated):
            avd = avds[i % len(avds)]
            domain_key = avd[2][taken[avd[0]] % len(avd[2])]
            taken[avd[0]] += 1
            domain = DOMAINS[domain_key]
            place = places.pop()
            code = self._unit_code(domain["code"], place, used_codes)
            name = domain["label"].format(place=place)
            owner = f"enhetschef_{code.lower()}"
            self.roles[owner] = f"Enhetschef, {name}"
            self.units.append(Unit(code, name, domain, avd, owner, f"avdelningschef_{avd[0].lower()}",
                                   round(rng.uniform(0.7, 1.3), 3), place))
        for avd in avds:
            self.roles[f"avdelningschef_{avd[0].lower()}"] = f"Avdelningschef, {avd[1].lower()}"
        for key, label in V.EXTRA_ROLES.items():
            if key not in self.sample_roles:
                self.roles[key] = label
        for unit in self.units:
            unit.slots = dict(unit.domain["words"])
            unit.slots["chef"] = "kvalitetsutvecklaren" if unit.code == "GEM" else "enhetschefen"
            unit.slots["enhet"] = unit.name
            unit.slots["ort"] = unit.place or "förvaltningen"
            unit.areas = self._unit_areas(unit)

    def _plan_avdelningar(self, first: int, places: list[str], used: set[str]) -> list[tuple[str, str, list[str], str]]:
        """(code, name, domains, förvaltning) per avdelning. The frame's förvaltning has the
        first; at XL fourteen more förvaltningar (named after a place, taken from the front
        of the list, while units take theirs from the end) have three avdelningar each, on
        the same pattern round the vocabulary, coded and named after their förvaltning."""
        per = self.spec.avdelningar // self.spec.forvaltningar
        avds = [(a[0], a[1], a[2], "") for a in V.AVDELNINGAR[:first]]
        self.avd_base = {a[0]: a[1] for a in avds}
        self.forvaltningar: list[tuple[str, str]] = []
        for k in range(1, self.spec.forvaltningar):
            place = places[k - 1]
            code = self._unit_code("F", place, used)
            self.forvaltningar.append((code, f"Stadsdelsförvaltning {place}"))
            for j in range(per):
                base_code, base_name, domains = V.AVDELNINGAR[(k * per + j) % len(V.AVDELNINGAR)]
                avd = self._unit_code(base_code[:3], place, used)
                avds.append((avd, f"{base_name}, {place}", domains, code))
                self.avd_base[avd] = base_name
        return [(c, n, d, f or self.root_unit) for c, n, d, f in avds]

    @staticmethod
    def _avdelningar(text: str) -> tuple[dict[str, str], str]:
        """The frame's avdelningar (name -> code) and the code at the top of its tree."""
        found: dict[str, str] = {}
        top = yaml.safe_load(text)["units"]

        def walk(table: dict) -> None:
            for code, spec in table.items():
                if isinstance(spec, dict):
                    if spec.get("kind") == "avdelning":
                        found[spec["name"]] = code
                    if isinstance(spec.get("units"), dict):
                        walk(spec["units"])
        walk(top)
        root = next((c for c, spec in top.items() if isinstance(spec, dict) and spec.get("kind") == "förvaltning"),
                    next(iter(top)))
        return found, root

    @staticmethod
    def _unit_code(prefix: str, place: str, used: set[str]) -> str:
        letters = ascii_upper(place)
        candidates = [prefix + letters[:2], prefix + letters[:3], prefix + letters[0] + letters[-1],
                      prefix + letters[0] + letters[2:4]]
        candidates += [prefix + a + b for a in letters[:4] for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
        for code in candidates:
            if 2 <= len(code) <= 5 and code not in used:
                used.add(code)
                return code
        raise RuntimeError(f"no free unit code for {place}")

    def _unit_areas(self, unit: Unit) -> list[dict]:
        areas = []
        for raw in unit.domain["areas"]:
            areas.append(self._resolve_area(raw, unit, generic=False))
        if unit.code != "GEM":
            for raw, kinds in GENERIC_AREAS:
                if unit.kind in kinds:
                    areas.append(self._resolve_area(raw, unit, generic=True))
        else:
            for raw, kinds in GENERIC_AREAS:
                if raw["key"] in ("sekretess", "brand", "hot", "intro", "kontinuitet"):
                    areas.append(self._resolve_area(raw, unit, generic=True))
        return areas

    @staticmethod
    def _resolve_area(raw: dict, unit: Unit, generic: bool) -> dict:
        slots = dict(unit.slots)
        resolved = dict(raw)
        for key in ("omr", "omr_def", "gn", "obj", "obj2"):
            resolved[key] = raw[key].format_map(_Slots(slots))
        resolved["generic"] = generic
        resolved["titles_used"] = 0
        resolved["risks_used"] = 0
        resolved["controls_used"] = 0
        resolved["krav_used"] = 0
        resolved["actions_used"] = 0
        return resolved

    def area_slots(self, unit: Unit, area: dict | None) -> dict[str, str]:
        slots = dict(unit.slots)
        if area is not None:
            slots.update({"omr": area["omr"], "Omr": cap(area["omr"]), "omr_def": area["omr_def"],
                          "obj": area["obj"], "obj2": area["obj2"], "gn": area["gn"]})
        return slots

    # ------------------------------------------------------------------ counts and pages

    def plan(self) -> None:
        total = self.spec.objects
        shares = allocate(total, [MIX[t] for t in TYPES])
        self.counts = dict(zip(TYPES, shares))
        weights = [u.weight for u in self.units]
        n = len(self.units)

        # requirements: laws first (preferring those the units' domains refer to), then local ones
        krav_total = self.counts["krav"]
        law_count = min(sum(len(f[3]) for f in LAW_FILES), max(20, krav_total // 3), krav_total - n)
        self.law_selection = self._select_laws(law_count)
        self.local_krav = allocate(krav_total - law_count, weights, [1] * n, [99] * n)

        # processes: one per avdelning, the rest per unit (main process and delprocesser)
        proc_units = self.counts["process"] - self.spec.avdelningar
        caps = [1 + len(u.domain["subs"]) + len(u.domain["generic_subs"]) + len(u.areas) for u in self.units]
        self.proc_per_unit = allocate(proc_units, weights, [2] * n, caps)

        self.risk_per_unit = allocate(self.counts["risk"], weights, [1] * n, [99] * n)
        self.ctrl_per_unit = allocate(self.counts["kontroll"], weights, [1] * n, [99] * n)
        self.action_per_unit = allocate(self.counts["åtgärd"], weights)
        gem = [i for i, u in enumerate(self.units) if u.code == "GEM"][0]
        lo = [2 if i == gem else 1 for i in range(n)]
        self.routine_per_unit = allocate(self.counts["rutin"], weights, lo)

        # pages: everything but routines is fixed by the grouping; routines fill the rest
        frame_pages = len(self.frame_files(md_only=True))
        folder_indexes = len(set(FOLDERS.values()))
        law_files = len({stem for stem, _ in self.law_selection})
        per_unit = sum(1 + (r > 0) + (c > 0) + (k > 0) + (a > 0) for r, c, k, a in
                       zip(self.risk_per_unit, self.ctrl_per_unit, self.local_krav, self.action_per_unit))
        # the year: a page of results per unit, a page of goals per avdelning
        fixed = (frame_pages + folder_indexes + law_files + self.spec.avdelningar + per_unit + len(self.year_pages())
                 + n + self.spec.avdelningar)
        budget = max(n, self.spec.pages - fixed)
        lo = [2 if i == gem else 1 for i in range(n)]
        self.routine_files = allocate(min(budget, sum(self.routine_per_unit)),
                                      [float(r) for r in self.routine_per_unit], lo, self.routine_per_unit)

    def _select_laws(self, count: int) -> list[tuple[str, tuple]]:
        wanted: list[str] = []
        for unit in self.units:
            for kid in unit.domain["law"]:
                if kid not in wanted:
                    wanted.append(kid)
        entries = [(stem, e) for stem, _h, _i, es in LAW_FILES for e in es]
        order = {e[0]: i for i, (_s, e) in enumerate(entries)}
        preferred = [(s, e) for s, e in entries if e[0] in wanted]
        preferred.sort(key=lambda se: (wanted.index(se[1][0]) if se[1][0] in wanted else 0))
        # round-robin over files for the rest, so that a small system touches many sources
        rest_by_file = [[(stem, e) for e in es if e[0] not in wanted] for stem, _h, _i, es in LAW_FILES]
        rest = []
        for i in range(max(len(r) for r in rest_by_file)):
            for r in rest_by_file:
                if i < len(r):
                    rest.append(r[i])
        chosen = (preferred + rest)[:count]
        chosen.sort(key=lambda se: order[se[1][0]])
        return chosen

    # ------------------------------------------------------------------ build objects

    def build(self) -> None:
        self.build_organisation()
        self.plan()
        self.build_laws()
        self.build_avd_processes()
        for i, unit in enumerate(self.units):
            self.build_processes(unit, self.proc_per_unit[i])
            self.build_local_krav(unit, self.local_krav[i])
            self.build_risks(unit, self.risk_per_unit[i])
            self.build_controls(unit, self.ctrl_per_unit[i])
        for i, unit in enumerate(self.units):
            self.build_routines(unit, self.routine_per_unit[i], self.routine_files[i])
        self.refs = self._gem_refs()
        for i, unit in enumerate(self.units):
            self.link_controls(unit)
            self.build_actions(unit, self.action_per_unit[i])
        self.cover_requirements()
        self.write_bodies()
        self.results = build_results(self, self.counts["resultat"], MONTHS)
        self.goal_pages, self.year_files = build_goals(self, self.counts["mål"], self.counts["indikator"],
                                                       self.results, self.avd_code)
        self.year_files.update(statistics_files(self))

    def build_laws(self) -> None:
        by_stem: dict[str, list[tuple]] = {}
        for stem, entry in self.law_selection:
            by_stem.setdefault(stem, []).append(entry)
        for stem, heading, intro, _entries in LAW_FILES:
            if stem not in by_stem:
                continue
            needs = []
            for kid, title, source, kind, body in by_stem[stem]:
                need = self.register(Need("krav", kid, title, {"id": kid, "källa": source, "kravtyp": kind}))
                need.body = body
                needs.append(need)
            self.law_pages.append(Page(f"requirements/{stem}.md", heading, intro, needs))
        self.law_ids = [e[0] for _s, e in self.law_selection]

    def build_avd_processes(self) -> None:
        for code, name, _domains, _forv in self.avdelningar:
            base = self.avd_base[code].split(" söder")[0].split(" väster")[0]
            pid = f"PROC-AVD-{code}"
            members = [u.code for u in self.units if u.avd and u.avd[0] == code]
            need = self.register(Need("process", pid, name, {
                "id": pid, "status": "fastställd", "ägare": f"avdelningschef_{code.lower()}",
                "nivå": "huvudprocess", "syfte": V.AVD_PROCESS[base], "enheter": members,
                "revideras": plus_year(date(self.obj_rng(pid), APPROVED_YEAR)),
            }))
            need.extra["avd"] = name
            self.avd_processes.append(need)

    def build_processes(self, unit: Unit, count: int) -> None:
        rng = self.obj_rng(f"processes/{unit.code}")
        dom = unit.domain
        main_title, syfte, desc, activities = dom["main"]
        place = unit.place
        main_id = f"PROC-{unit.code}"
        avd_pid = f"PROC-AVD-{unit.avd[0]}" if unit.avd else None
        enheter = [unit.code]  # GEM is the förvaltning: it holds for every unit
        main = Need("process", main_id, main_title.format(place=place).strip(), {
            "id": main_id, "status": "fastställd", "ägare": unit.owner if unit.code != "GEM" else "förvaltningschef",
            "nivå": "delprocess" if avd_pid else "huvudprocess", "syfte": syfte, "enheter": enheter,
            "revideras": plus_year(date(rng, APPROVED_YEAR)),
        }, unit)
        if avd_pid:
            main.options["del_av"] = avd_pid
        main.extra.update(desc=desc, activities=activities)
        unit.processes.append(self.register(main))
        # delprocesser: the domain's own, then generic ones, then one per subject area
        candidates = [(code, title, sy, acts, None) for code, title, sy, acts in dom["subs"]]
        generic = {g[0]: g for g in GENERIC_SUBS}
        for code in dom["generic_subs"]:
            if code not in [s[0] for s in dom["subs"]]:
                g = generic[code]
                candidates.append((g[0], g[1], g[2], g[3], None))
        sub_ids: dict[str, str] = {}
        for code, title, sy, acts, _ in candidates[: count - 1]:
            pid = f"{main_id}-{code}"
            if code in generic and unit.place:
                title = f"{title} – {unit.place}"
            need = Need("process", pid, title, {
                "id": pid, "status": "fastställd", "ägare": unit.owner, "nivå": "delprocess",
                "syfte": fill(sy, unit.slots), "enheter": enheter,
                "revideras": plus_year(date(rng, APPROVED_YEAR)), "del_av": main_id,
            }, unit)
            need.extra.update(activities=acts, generic=code in generic)
            unit.processes.append(self.register(need))
            sub_ids[code] = pid
        left = count - 1 - len(sub_ids)
        for area in unit.areas:
            parent = sub_ids.get(area["process"], main_id)
            unit.process_of[area["key"]] = parent
        for area in unit.areas[: max(0, left)]:
            parent = unit.process_of[area["key"]]
            pid = f"{parent}-{ascii_upper(area['key'])[:10]}"
            need = Need("process", pid, cap(area["omr"]), {
                "id": pid, "status": "fastställd", "ägare": unit.owner, "nivå": "delprocess",
                "syfte": cap(f"beskriva hur {area['omr_def']} går till i {unit.name}, så att alla arbetar på samma sätt."),
                "enheter": enheter, "revideras": plus_year(date(rng, APPROVED_YEAR)), "del_av": parent,
            }, unit, area)
            need.extra.update(activities=None, generic=False)
            unit.processes.append(self.register(need))
            unit.process_of[area["key"]] = pid
        # samverkan: generic delprocesser with the förvaltning's corresponding ones
        partner = {"KLAG": "PROC-GEM-AVV", "EGK": "PROC-GEM-EGK", "DOK": "PROC-GEM-INFO", "INTRO": "PROC-GEM-KOMP"}
        for need in unit.processes:
            code = need.id.rsplit("-", 1)[-1]
            if unit.code != "GEM" and code in partner and need.options.get("del_av") == main_id:
                self.pending_samverkan.append((need, partner[code]))
        subs = [p for p in unit.processes if p.options.get("del_av") == main_id]
        for a, b in zip(subs, subs[1:]):
            if rng.random() < 0.3:
                a.add_link("samverkar_med", b.id)

    def build_local_krav(self, unit: Unit, count: int) -> None:
        areas = unit.areas
        for n in range(count):
            area = areas[n % len(areas)]
            kind = V.LOCAL_KRAV[area["krav_used"] % len(V.LOCAL_KRAV)]
            area["krav_used"] += 1
            kid = f"KRAV-LOK-{unit.code}-{n + 1:02d}"
            rng = self.obj_rng(kid)
            slots = self.area_slots(unit, area)
            slots["date"] = date(rng, 2029)
            title = fill(kind[0], slots)
            if n >= len(areas) * len(V.LOCAL_KRAV):
                title += f" ({n // (len(areas) * len(V.LOCAL_KRAV)) + 1})"
            need = Need("krav", kid, title, {"id": kid, "källa": fill(kind[1], slots), "kravtyp": "riktlinje"}, unit, area)
            need.body = fill(kind[2], slots)
            unit.krav.append(self.register(need))

    def build_risks(self, unit: Unit, count: int) -> None:
        for n in range(count):
            area = unit.areas[n % len(unit.areas)]
            own = area["risks"]
            idx = area["risks_used"]
            area["risks_used"] += 1
            rid = f"RISK-{unit.code}-{n + 1:02d}"
            rng = self.obj_rng(rid)
            slots = self.area_slots(unit, area)
            if idx < len(own):
                title, desc, cons = own[idx]
            else:
                title, desc, cons = V.RISK_PATTERNS[(idx - len(own)) % len(V.RISK_PATTERNS)]
                if idx - len(own) >= len(V.RISK_PATTERNS):
                    title += f" ({(idx - len(own)) // len(V.RISK_PATTERNS) + 1})"
            likelihood = rng.choices([1, 2, 3, 4], [1, 4, 4, 1])[0]
            consequence = rng.choices([1, 2, 3, 4], [1, 3, 4, 2])[0]
            status = rng.choices(["aktiv", "hanterad", "avslutad"], [15, 4, 1])[0]
            owner = "mas" if area["process"] == "HSL" and unit.kind == V.CARE and rng.random() < 0.5 else unit.owner
            need = Need("risk", rid, fill(title, slots), {
                "id": rid, "status": status, "ägare": owner, "sannolikhet": str(likelihood),
                "konsekvens": str(consequence), "enheter": [unit.code],
                "i_process": unit.process_of[area["key"]],
            }, unit, area)
            need.extra.update(desc=desc, cons=cons, score=likelihood * consequence)
            unit.risks.append(self.register(need))

    def build_controls(self, unit: Unit, count: int) -> None:
        for n in range(count):
            area = unit.areas[n % len(unit.areas)]
            own = area["controls"]
            idx = area["controls_used"]
            area["controls_used"] += 1
            cid = f"KTRL-{unit.code}-{n + 1:02d}"
            rng = self.obj_rng(cid)
            slots = self.area_slots(unit, area)
            if idx < len(own):
                title, what, sample, method = own[idx]
            else:
                title, what, sample, method = V.CONTROL_PATTERNS[(idx - len(own)) % len(V.CONTROL_PATTERNS)]
                if idx - len(own) >= len(V.CONTROL_PATTERNS):
                    title += f" ({(idx - len(own)) // len(V.CONTROL_PATTERNS) + 1})"
            freq = {"registeruppföljning": ["månadsvis", "kvartalsvis"], "stickprov": ["kvartalsvis", "halvårsvis"],
                    "enkät": ["årligen"], "intervju": ["halvårsvis", "årligen"]}.get(method, ["halvårsvis", "årligen"])
            frequency = rng.choice(freq)
            start = rng.randrange(12)
            step = {"månadsvis": 1, "kvartalsvis": 3, "halvårsvis": 6, "årligen": 12}[frequency]
            months = [MONTHS[m] for m in sorted({(start + k) % 12 for k in range(0, 12, step)})]
            responsible = unit.domain["words"]["ledare_role"] if rng.random() < 0.6 else unit.owner
            enheter = [unit.code]  # GEM is the förvaltning: it holds for every unit
            need = Need("kontroll", cid, fill(title, slots), {
                "id": cid, "status": rng.choices(["aktiv", "planerad", "avslutad"], [16, 3, 1])[0],
                "metod": method, "frekvens": frequency, "månader": months, "ansvarig": responsible,
                "urval": fill(sample, slots), "enheter": enheter,
            }, unit, area)
            if "KRAV-SOSFS-5-2" in self.by_id and rng.random() < 0.7:
                need.add_link("uppfyller", "KRAV-SOSFS-5-2")
            local = [k for k in unit.krav if k.area is area]
            if local and rng.random() < 0.5:
                need.add_link("uppfyller", local[rng.randrange(len(local))].id)
            need.extra.update(what=what)
            unit.controls.append(self.register(need))

    def _gem_refs(self) -> dict[str, str]:
        """The IDs of the förvaltning's routines every other routine refers to."""
        refs = {}
        for page in self.units[0].routine_pages:
            key = {"avvikelse": "avv", "sarah": "sarah"}.get(page.needs[0].area["key"])
            published = self.published([n.id for n in page.needs])
            if key and key not in refs and published:
                refs[key] = published[0]
        return refs

    def _area_title(self, unit: Unit, area: dict, rng: random.Random) -> tuple[str, str]:
        own = area["routines"]
        idx = area["titles_used"]
        area["titles_used"] += 1
        slots = self.area_slots(unit, area)
        if idx < len(own):
            title, when = own[idx]
            title = fill(title, slots)
            if area["key"] in V.PLACE_BOUND_AREAS and unit.place:
                title += f" – {unit.place}"
            return title, fill(when, slots, start=False)
        patterns = [p for p in V.ROUTINE_PATTERNS
                    if unit.kind in p[2] and not (p[3] == "generic" and area["generic"])
                    and not (isinstance(p[3], tuple) and area["key"] in p[3])]
        order = area.setdefault("pattern_order", None)
        if order is None:
            order = list(range(len(patterns)))
            rng.shuffle(order)
            area["pattern_order"] = order
        k = idx - len(own)
        title, when = patterns[order[k % len(patterns)]][:2]
        title = fill(title, slots)
        if k >= len(patterns):
            title += f" ({k // len(patterns) + 1})"
        return title, fill(when, slots, start=False)

    def build_routines(self, unit: Unit, count: int, files: int) -> None:
        rng = self.obj_rng(f"routines/{unit.code}")
        sizes = split_even(count, files)
        number = 0
        area_pages: dict[str, int] = {}
        for f, size in enumerate(sizes):
            area = unit.areas[f % len(unit.areas)]
            needs = []
            for _ in range(size):
                number += 1
                rid = f"RUT-{unit.code}-{number:03d}"
                orng = self.obj_rng(rid)
                title, when = self._area_title(unit, area, rng)
                status = "utkast" if orng.random() < 0.08 and not (unit.code == "GEM" and number <= 2) else "fastställd"
                staff = list(dict.fromkeys(unit.domain["staff"] + [unit.domain["words"]["ledare_role"]]))
                audience = [r for r in staff if orng.random() < 0.8] or staff[:1]
                opts: dict[str, str | list[str]] = {"id": rid, "status": status, "ägare": unit.owner}
                if status == "fastställd":
                    approved = date(orng, APPROVED_YEAR)
                    opts.update({"fastställd_av": unit.approver, "fastställd": approved,
                                 "revideras": plus_year(approved)})
                opts.update({"version": str(orng.choice([1, 1, 2, 2, 2, 3, 3, 4, 5])), "målgrupp": audience,
                             "enheter": [unit.code],
                             "tillhör": unit.process_of[area["key"]]})
                need = Need("rutin", rid, title, opts, unit, area)
                need.extra["when"] = when
                # requirements: the unit's local ones for this area and the domain's laws
                local = [k for k in unit.krav if k.area is area]
                if local and orng.random() < 0.6:
                    need.add_link("uppfyller", local[orng.randrange(len(local))].id)
                laws = [k for k in unit.domain["law"] if k in self.by_id]
                if laws and orng.random() < 0.6:
                    need.add_link("uppfyller", laws[orng.randrange(len(laws))])
                if "KRAV-SOSFS-4-4" in self.by_id and orng.random() < 0.2:
                    need.add_link("uppfyller", "KRAV-SOSFS-4-4")
                risks = [r for r in unit.risks if r.area is area]
                if risks and orng.random() < 0.75:
                    need.options["hanterar"] = [risks[orng.randrange(len(risks))].id]
                unit.routines.append(self.register(need))
                needs.append(need)
            seen = area_pages.get(area["key"], 0)
            area_pages[area["key"]] = seen + 1
            if len(needs) == 1:
                heading, intro = needs[0].title, ""
            else:
                heading = cap(area["omr"]) + (f" (del {seen + 1})" if seen else "")
                intro = f"Rutiner för {area['omr']} i {unit.name}."
            path = f"routines/{unit.lower}/{needs[0].id.lower()}.md"
            unit.routine_pages.append(Page(path, heading, intro, needs))

    def link_controls(self, unit: Unit) -> None:
        rng = self.obj_rng(f"controls/{unit.code}")
        threshold = 8
        high = [r for r in unit.risks if r.extra["score"] >= threshold]
        controls = unit.controls
        for control in controls:
            same = [r for r in unit.risks if r.area is control.area]
            if same:
                same.sort(key=lambda r: (-r.extra["score"], r.id))
                control.add_link("kontrollerar", same[0].id)
            routines = [r for r in unit.routines if r.area is control.area]
            if routines:
                for r in routines[: rng.randint(1, 3)]:
                    control.add_link("följer_upp", r.id)
        controlled = {t for c in controls for t in c.links("kontrollerar")}
        for risk in high:
            if risk.id in controlled:
                continue
            fewest = min(controls, key=lambda c: (len(c.links("kontrollerar")), c.id))
            fewest.add_link("kontrollerar", risk.id)
            controlled.add(risk.id)
        for control in controls:
            if not any(control.links(k) for k in ("kontrollerar", "följer_upp", "uppfyller")):
                control.add_link("kontrollerar", unit.risks[0].id)

    def build_actions(self, unit: Unit, count: int) -> None:
        for n in range(count):
            area = unit.areas[n % len(unit.areas)]
            idx = area["actions_used"]
            area["actions_used"] += 1
            key = f"{unit.code}-{n}"
            rng = self.obj_rng(f"action/{key}")
            status = rng.choices(["planerad", "pågående", "klar", "avbruten"], [3, 4, 3, 1])[0]
            # an ID holds 999 actions a year: at XL the rest are numbered in the year before
            years = ("2029", "2028", "2027") if status in ("klar", "avbruten") else ("2030", "2029", "2028")
            year = next(y for y in years if self.counter.setdefault(y, 0) < 999)
            self.counter[year] += 1
            aid = f"ATG-{year}-{self.counter[year]:03d}"
            slots = self.area_slots(unit, area)
            title = fill(V.ACTION_TITLES[idx % len(V.ACTION_TITLES)], slots)
            if idx >= len(V.ACTION_TITLES):
                title += f" ({idx // len(V.ACTION_TITLES) + 1})"
            if unit.place:
                title += f" – {unit.place}"
            due = date(rng, 2030) if status in ("klar", "avbruten") else date(rng, 2031)
            origin = rng.choice(["egenkontroll", "avvikelse", "klagomål", "lex sarah", "extern granskning", "riskanalys"]
                                + (["lex maria"] if area["process"] == "HSL" else []))
            targets = ([r.id for r in unit.risks if r.area is area][:1]
                       + [c.id for c in unit.controls if c.area is area][:1]
                       + [r.id for r in unit.routines if r.area is area][: rng.randint(0, 2)])
            if not targets:
                targets = [unit.risks[0].id]
            need = Need("åtgärd", aid, title, {
                "id": aid, "status": status,
                "ansvarig": unit.owner if rng.random() < 0.7 else unit.domain["words"]["ledare_role"],
                "klar_senast": due, "ursprung": origin, "enheter": [unit.code], "åtgärdar": targets,
            }, unit, area)
            if status == "klar":  # a closed action says when, and how it went
                need.options["klar_datum"] = due
                need.options["effekt"] = rng.choice(["god effekt", "viss effekt", "ej utvärderad"])
            unit.actions.append(self.register(need))

    def cover_requirements(self) -> None:
        """Every requirement is fulfilled by something (the model's coverage gate)."""
        for need, partner in self.pending_samverkan:
            if partner in self.by_id:
                need.add_link("samverkar_med", partner)
        fulfilled = {t for n in self.by_id.values() for t in n.links("uppfyller")}
        for unit in self.units:
            pool = unit.routines or unit.processes
            i = 0
            for krav in unit.krav:
                if krav.id not in fulfilled:
                    same = [r for r in pool if r.area is krav.area] or pool
                    same[i % len(same)].add_link("uppfyller", krav.id)
                    fulfilled.add(krav.id)
                    i += 1
        for kid in self.law_ids:
            if kid in fulfilled:
                continue
            owners = [u for u in self.units if kid in u.domain["law"]] or [u for u in self.units if u.code == "GEM"]
            owners[0].processes[0].add_link("uppfyller", kid)
            fulfilled.add(kid)
        for unit in self.units:  # each unit's main process fulfils one of its domain's laws
            laws = [k for k in unit.domain["law"] if k in self.by_id]
            if laws:
                unit.processes[0].add_link("uppfyller", laws[0])

    # ------------------------------------------------------------------ bodies

    def write_bodies(self) -> None:
        incoming: dict[str, dict[str, list[str]]] = {}
        for need in self.by_id.values():
            for link in ("hanterar", "kontrollerar", "uppfyller", "tillhör"):
                for target in need.links(link):
                    incoming.setdefault(target, {}).setdefault(link, []).append(need.id)
        self.incoming = incoming
        for unit in self.units:
            for page in unit.routine_pages:
                for need in page.needs:
                    need.body = self.routine_body(need, page)
            for need in unit.processes:
                need.body = self.process_body(need)
            for need in unit.risks:
                need.body = self.risk_body(need)
            for need in unit.controls:
                need.body = self.control_body(need)
            for need in unit.actions:
                need.body = self.action_body(need)
        for need in self.avd_processes:
            need.body = self.avd_body(need)

    def ref(self, need_id: str) -> str:
        """An inline reference, or plain text when the target is a draft that is not on the site."""
        target = self.by_id[need_id]
        if target.options.get("status") == "utkast":
            return f"{target.title} ({need_id})"
        return f"{{need}}`{need_id}`"

    def published(self, ids: list[str]) -> list[str]:
        return [i for i in ids if self.by_id[i].options.get("status") != "utkast"]

    def _pick(self, rng: random.Random, items: list, kind: str, k: int) -> list:
        fitting = [it for it in items if kind in it[1]]
        return rng.sample(fitting, min(k, len(fitting)))

    def routine_body(self, need: Need, page: Page) -> str:
        unit, area = need.unit, need.area
        rng = self.obj_rng(need.id + "/body")
        slots = self.area_slots(unit, area)
        slots.update(self.refs)
        kind = unit.kind
        own = area["steps"]
        k = rng.randint(2, min(4, len(own)))
        start = rng.randrange(len(own) - k + 1)
        specific = [fill(s, slots) for s in own[start:start + k]]
        first = [fill(s, slots) for s, _ in self._pick(rng, V.STEPS_START, kind, rng.randint(0, 1))]
        middle = [fill(s, slots) for s, _ in self._pick(rng, V.STEPS_MIDDLE, kind, rng.randint(1, 2))]
        last = [fill(s, slots) for s, _ in self._pick(rng, V.STEPS_END, kind, rng.randint(1, 2))]
        steps = first + specific[:1] + middle[:1] + specific[1:] + middle[1:] + last
        used = set(steps)
        spare = [fill(t, slots) for t, kinds in V.STEPS_MIDDLE if kind in kinds]
        spare = [t for t in spare if t not in used] + [fill(t, slots) for t in own if fill(t, slots) not in used]
        steps = self._merge_short(steps)[:9]
        while len(steps) < 4 and spare:
            steps.insert(len(steps) - 1, spare.pop(rng.randrange(len(spare))))
        fails_pool = [(fill(t, slots), kinds) for t, kinds, needs in V.FAILS if not needs or needs in self.refs]
        fails = [fill(f, slots) for f in rng.sample(area["fails"], min(len(area["fails"]), rng.randint(1, 2)))]
        fails += [t for t, _ in self._pick(rng, fails_pool, kind, 3 - len(fails))]
        siblings = [n for n in page.needs if n is not need and n.options.get("status") != "utkast"]
        if siblings and rng.random() < 0.5:
            other = siblings[rng.randrange(len(siblings))]
            fails[-1] = rng.choice([
                f"Passar inte den här rutinen in på situationen? Se också rutinen {{need}}`{other.id}`.",
                f"Hänger det ihop med något annat inom {area['omr']}? Följ rutinen {{need}}`{other.id}`.",
                f"Är du osäker på vilken rutin som gäller? Läs också {{need}}`{other.id}` och fråga {slots['ledare']}.",
            ])
        out = [f"**Gäller när** {need.extra['when']}", "", "**Gör så här**", ""]
        out += [f"{i}. {s}" for i, s in enumerate(steps, 1)]
        out += ["", "**Om något går fel**", ""] + [f"- {f}" for f in fails]
        if rng.random() < 0.65:
            tips = [fill(t, slots) for t in area["tips"][:1]]
            tips += [fill(t, slots) for t, _ in self._pick(rng, V.TIPS, kind, rng.randint(0, 1))]
            out += ["", "**Bra att veta**", ""] + [f"- {t}" for t in tips]
        return "\n".join(out)

    @staticmethod
    def _merge_short(steps: list[str]) -> list[str]:
        """Join steps shorter than eight words to their neighbour, as authors do."""
        merged: list[str] = []
        for step in steps:
            if merged and (words(merged[-1]) < 8 or words(step) < 8) and words(merged[-1]) + words(step) <= 25:
                merged[-1] = f"{merged[-1]} {step}"
            else:
                merged.append(step)
        return merged

    def process_body(self, need: Need) -> str:
        unit = need.unit
        rng = self.obj_rng(need.id + "/body")
        slots = self.area_slots(unit, need.area)
        if "desc" in need.extra:
            intro = need.extra["desc"]
            activities = need.extra["activities"]
        else:
            intro = " ".join(fill(s, slots) for s in rng.sample(V.PROCESS_INTRO, 2))
            activities = need.extra.get("activities")
            if activities is None:  # a process for one subject area
                steps = need.area["steps"]
                activities = [f"{cap(slots['ledare'])} ser till att alla som arbetar med {need.area['omr']} känner till rutinerna."]
                activities += [f"Medarbetarna följer rutinen: {s[:1].lower() + s[1:]}" for s in steps[:3]]
                activities += [f"{cap(slots['chef'])} följer upp {need.area['omr_def']} i en egenkontroll och på arbetsplatsträffen."]
        acts = [fill(a, slots) for a in activities]
        routines = self.published(self.incoming.get(need.id, {}).get("tillhör", []))
        if routines:
            acts.append(f"Hur det går till steg för steg står i rutinerna, till exempel {{need}}`{routines[0]}`.")
        samverkan = " ".join(fill(s, slots) for s in rng.sample(V.PROCESS_SAMVERKAN, 2))
        return "\n".join([intro, "", "**Aktiviteter**", ""] + [f"{i}. {a}" for i, a in enumerate(acts, 1)]
                         + ["", "**Samverkan**", "", samverkan])

    def avd_body(self, need: Need) -> str:
        name = need.extra["avd"]
        members = [u for u in self.units if u.avd and u.avd[1] == name]
        listing = ", ".join(u.name for u in members[:6]) + (" med flera" if len(members) > 6 else "")
        intro = (f"Huvudprocessen håller ihop avdelningen {name.lower()} och dess enheter: {listing}. "
                 "Varje enhet beskriver sin egen verksamhet som en delprocess.")
        acts = [f"{i}. {a}" for i, a in enumerate(V.AVD_ACTIVITIES, 1)]
        return "\n".join([intro, "", "**Aktiviteter**", ""] + acts + [
            "", "**Samverkan**", "",
            "Avdelningen samverkar med förvaltningens process för systematiskt kvalitetsarbete och med de andra avdelningarna i förvaltningens ledningsgrupp."])

    def risk_body(self, need: Need) -> str:
        unit, area = need.unit, need.area
        rng = self.obj_rng(need.id + "/body")
        slots = self.area_slots(unit, area)
        desc = " ".join([fill(need.extra["desc"], slots)] + [fill(s, slots) for s in rng.sample(V.RISK_EXTRA, 2)])
        if need.options["status"] == "hanterad":
            desc += " " + V.RISK_HANDLED
        cons = " ".join([fill(need.extra["cons"], slots), fill(rng.choice(V.RISK_CONSEQUENCE_EXTRA), slots)])
        prevent = []
        for rid in self.incoming.get(need.id, {}).get("hanterar", [])[:3]:
            r = self.by_id[rid]
            prevent.append(f"{r.id} {r.title}: vad du gör när {r.extra['when']}")
        if not prevent and area["steps"]:
            prevent.append(fill(rng.choice(area["steps"]), slots))
        for cid in self.incoming.get(need.id, {}).get("kontrollerar", [])[:2]:
            c = self.by_id[cid]
            prevent.append(f"{{need}}`{c.id}` kontrollerar {FREQUENCY_TEXT[c.options['frekvens']]} att arbetssättet följs.")
        prevent += [fill(s, slots) for s in rng.sample(V.RISK_PREVENT, 2 if len(prevent) < 2 else 1)]
        return "\n".join(["**Beskrivning**", "", desc, "", "**Konsekvens för den enskilde**", "",
                          cons, "", "**Förebyggande**", ""] + [f"- {p}" for p in prevent])

    def control_body(self, need: Need) -> str:
        unit, area = need.unit, need.area
        rng = self.obj_rng(need.id + "/body")
        slots = self.area_slots(unit, area)
        role = need.options["ansvarig"]
        slots["ansvarig"] = "enhetschefen" if role == unit.owner else DEFINITE.get(role, "den ansvarige")
        if unit.code == "GEM" and role == unit.owner:
            slots["ansvarig"] = "kvalitetsutvecklaren"
        what = fill(need.extra["what"], slots)
        risks = need.links("kontrollerar")
        if risks:
            what += f" Kontrollen följer upp risken {{need}}`{risks[0]}`."
        steps = [fill(s, slots) for s in V.CONTROL_STEPS[need.options["metod"]]]
        followed = self.published(need.links("följer_upp"))
        if followed:
            steps.insert(len(steps) - 1, f"Kontrollera särskilt att stegen i {{need}}`{followed[0]}` har följts.")
        results = [fill(s, slots) for s in rng.sample(V.CONTROL_RESULTS, rng.randint(3, 4))]
        return "\n".join(["**Vad kontrolleras**", "", what, "", "**Så går det till**", ""]
                         + [f"{i}. {s}" for i, s in enumerate(steps, 1)]
                         + ["", "**Resultat och återkoppling**", "", " ".join(results)])

    def action_body(self, need: Need) -> str:
        unit, area = need.unit, need.area
        rng = self.obj_rng(need.id + "/body")
        slots = self.area_slots(unit, area)
        controls = [c for c in unit.controls if c.area is area]
        slots["ktrl"] = f"{controls[0].id} {controls[0].title.lower()}" if controls else "för området"
        background = fill(V.ACTION_BACKGROUND[need.options["ursprung"]], slots)
        background += " " + fill(rng.choice(V.RISK_EXTRA), slots)
        measure = " ".join(fill(s, slots) for s in rng.sample(V.ACTION_MEASURE, rng.randint(2, 3)))
        follow = fill(V.ACTION_FOLLOWUP[need.options["status"]], slots)
        return "\n".join(["**Bakgrund**", "", background, "", "**Åtgärd**", "", measure, "", "**Uppföljning**", "", follow])

    # ------------------------------------------------------------------ pages

    def pages(self) -> list[Page]:
        pages: list[Page] = list(self.law_pages) + result_pages(self, self.results) + self.goal_pages
        for need in self.avd_processes:
            pages.append(Page(f"processes/avd-{need.id.rsplit('-', 1)[-1].lower()}.md", need.title, "", [need]))
        for unit in self.units:
            pages.append(Page(f"processes/{unit.lower}.md", unit.processes[0].title,
                              f"Huvudprocessen och delprocesserna för {unit.name}.", unit.processes))
            pages.extend(unit.routine_pages)
            if unit.risks:
                pages.append(Page(f"risks/{unit.lower}.md", f"Risker i {unit.name}", "", unit.risks))
            if unit.controls:
                pages.append(Page(f"controls/{unit.lower}.md", f"Egenkontroller i {unit.name}", "", unit.controls))
            if unit.krav:
                pages.append(Page(f"requirements/lokala-{unit.lower}.md", f"Lokala krav för {unit.name}",
                                  f"Riktlinjer, uppdrag och överenskommelser som gäller {unit.name}. "
                                  "De kompletterar lagar och föreskrifter.", unit.krav))
            if unit.actions:
                pages.append(Page(f"actions/{unit.lower}.md", f"Åtgärder i {unit.name}", "", unit.actions))
        return pages

    @staticmethod
    def render_need(need: Need) -> str:
        lines = [f"```{{{need.type}}} {need.title}"]
        rank = {name: i for i, name in enumerate(OPTION_ORDER)}
        for name, value in sorted(need.options.items(), key=lambda item: rank[item[0]]):
            text = ", ".join(value) if isinstance(value, list) else value
            if text:
                lines.append(f":{name}: {text}")
        lines += ["", need.body, "```"]
        return "\n".join(lines)

    def render_page(self, page: Page) -> str:
        parts = [f"# {page.heading}", ""]
        if page.intro:
            parts += [page.intro, ""]
        parts.append("\n\n".join(self.render_need(n) for n in page.needs))
        return "\n".join(parts) + "\n"

    # ------------------------------------------------------------------ frame and model

    def frame_files(self, md_only: bool = False) -> list[Path]:
        """The sample's pages that are not content: root pages and docs/ (reports, guides)."""
        files = [p for p in sorted(self.frame.glob("*.md")) if p.name != "README.md"]
        docs = self.frame / "docs"
        if docs.is_dir():
            for path in sorted(docs.rglob("*")):
                rel = path.relative_to(self.frame)
                if path.is_file() and not any(part.startswith((".", "_")) for part in rel.parts):
                    files.append(path)
        if md_only:
            files = [p for p in files if p.suffix == ".md"]
        return files

    def model_yaml(self) -> str:
        text = self.model_text
        present = self._section(self.model_text, "units")
        units = [u for u in self.units if u.code not in present]
        # each under its avdelning, new avdelningar under the förvaltning: what holds for the
        # förvaltning (GEM) or an avdelning holds for the units under it
        lines = [f"  {code}: {{name: {json.dumps(name, ensure_ascii=False)}, kind: förvaltning}}"
                 for code, name in self.forvaltningar]
        lines += [f"  {code}: {{name: {json.dumps(name, ensure_ascii=False)}, kind: avdelning, parent: {forv}}}"
                  for code, name, forv in self.new_avds]
        lines += [f"  {u.code}: {{name: {json.dumps(u.name, ensure_ascii=False)}, "
                  f"parent: {self.avd_code[u.avd[0]] if u.avd else self.root_unit}}}" for u in units]
        text = self._extend(text, "units", lines)
        text = self._extend(text, "roles", [f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in self.roles.items()])
        return text

    @staticmethod
    def _extend(text: str, section: str, lines: list[str]) -> str:
        rows = text.split("\n")
        start = rows.index(f"{section}:")
        end = start + 1
        last = start
        while end < len(rows) and (rows[end].startswith(" ") or rows[end].strip() == ""):
            if rows[end].startswith(" "):
                last = end
            end += 1
        note = f"  # Generated for the benchmark ({len(lines)} more)."
        return "\n".join(rows[: last + 1] + [note] + lines + rows[last + 1:])

    def folder_index(self, folder: str) -> str:
        sample = self.frame / folder / "index.md"
        if sample.is_file():
            return sample.read_text(encoding="utf-8")
        glob = "*/*" if folder == "routines" else "*"
        return f"# {folder}\n\n```{{toctree}}\n:glob:\n:maxdepth: 1\n\n{glob}\n```\n"

    def year_pages(self) -> dict[str, bytes]:
        """The frame's start page links to the results of controls and the external
        reviews: a generated project has none yet (a year is not generated), so the
        pages say so."""
        pages = {"reviews": "Externa granskningar"}
        return {f"{folder}/index.md": f"# {title}\n\nDen genererade testmiljön har inga ännu.\n".encode("utf-8")
                for folder, title in pages.items() if (self.frame / folder / "index.md").is_file()}

    def write(self, dest: Path) -> GeneratedStats:
        files: dict[str, bytes] = {}
        files["lotsen.yaml"] = self.model_yaml().encode("utf-8")
        files["conf.py"] = (self.frame / "conf.py").read_bytes()
        for path in self.frame_files():
            files[path.relative_to(self.frame).as_posix()] = path.read_bytes()
        for folder in FOLDERS.values():
            files[f"{folder}/index.md"] = self.folder_index(folder).encode("utf-8")
        files.update(self.year_pages())
        files.update(self.year_files)
        for page in self.pages():
            assert page.path not in files, page.path
            files[page.path] = self.render_page(page).encode("utf-8")
        for rel in sorted(files):
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[rel])
        counts = {t: sum(1 for n in self.by_id.values() if n.type == t) for t in TYPES}
        roles = len(yaml.safe_load(files["lotsen.yaml"])["roles"])
        return GeneratedStats(
            size=self.size, seed=self.seed, counts=counts,
            pages=sum(1 for rel in files if rel.endswith(".md")),
            bytes=sum(len(b) for b in files.values()), roles=roles, files=len(files),
            units=len(set(self.sample_units) | {u.code for u in self.units} | {a[0] for a in self.new_avds}
                      | {c for c, _ in self.forvaltningar}),
        )


def generate(dest: Path, size: str, seed: int = 1, frame: Path | None = None) -> GeneratedStats:
    """Write a synthetic ledningssystem of ``size`` (S, M, L or XL) to ``dest``.

    ``dest`` must not exist or be empty. ``frame`` is the project whose model,
    ``conf.py`` and frame pages are used (default: this repository).
    """
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise FileExistsError(f"{dest} finns redan och är inte tom")
    generator = Generator(size, seed, Path(frame) if frame else REPO)
    generator.build()
    dest.mkdir(parents=True, exist_ok=True)
    return generator.write(dest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Skapa ett syntetiskt ledningssystem för prestandamätningar.")
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, type=Path, help="ny eller tom mapp")
    parser.add_argument("--force", action="store_true", help="ta bort --out först om den finns")
    args = parser.parse_args(argv)
    if args.force and args.out.exists():
        if not (args.out / "lotsen.yaml").is_file():
            parser.error(f"{args.out} ser inte ut som ett genererat projekt; tar inte bort den")
        shutil.rmtree(args.out)
    stats = generate(args.out, args.size, args.seed)
    print(stats.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
