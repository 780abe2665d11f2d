"""A year in a generated ledningssystem, in the sample's proportions: results of the
controls (one page per unit, this year and the year before), case statistics per unit, quarter and category
(two CSV files), and goals per avdelning with indicators per unit, whose outcomes come
from a file or from the results of a control they link to.

The year is the sample's (2026) and every result lies before the tests' date, so the
same content checks clean on 2026-11-22 and on the benchmark's 2030-12-31."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from bench.generate import Generator, Need, Page

YEAR = 2026
#: No result is dated after this (the tests judge the content on 2026-11-22).
LAST_DAY = dt.date(2026, 10, 31)
ASSESSMENTS = (("utan anmärkning", 0), ("brister", 0.08), ("allvarliga brister", 0.25))
INDICATOR_PERIOD = {"månadsvis": "månad", "kvartalsvis": "kvartal", "halvårsvis": "halvår", "årligen": "år"}
GOAL_THEMES = ["Trygg och säker vård och omsorg", "Delaktighet i planeringen av stödet", "Rättssäker handläggning",
               "Kompetent och stabil personal", "Kontinuitet för den enskilde", "Lärande av avvikelser"]
INDICATORS = [  # title, unit of measure, direction, targets
    ("Andel nöjda brukare", "%", "högre är bättre", (80, 85, 90)),
    ("Andel medarbetare med aktuell utbildning", "%", "högre är bättre", (80, 90)),
    ("Andel genomförandeplaner som följts upp", "%", "högre är bättre", (90, 95, 100)),
    ("Dagar från ansökan till beslut", "dagar", "lägre är bättre", (10, 14, 21)),
    ("Antal olika personal per brukare på 14 dagar", "personer", "lägre är bättre", (10, 12, 15)),
    ("Andel avvikelser analyserade inom 30 dagar", "%", "högre är bättre", (75, 85, 95)),
]
CATEGORIES = ["Avvikelse", "Klagomål", "Synpunkt", "Lex Sarah-rapport", "Lex Sarah anmäld till IVO", "Lex Maria",
              "Ej verkställt beslut rapporterat till IVO"]


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def periods_of(control: "Need", months: list[str], year: int = YEAR) -> list[tuple[str, dt.date]]:
    """(period, last day) for each planned period of the year that has ended by LAST_DAY."""
    frequency = control.options["frekvens"]
    found: dict[str, dt.date] = {}
    for name in control.links("månader"):
        m = months.index(name) + 1
        if frequency == "månadsvis":
            text, last = f"{year}-{m:02d}", m
        elif frequency == "kvartalsvis":
            text, last = f"{year}-K{(m - 1) // 3 + 1}", ((m - 1) // 3 + 1) * 3
        elif frequency == "halvårsvis":
            text, last = f"{year}-H{1 if m <= 6 else 2}", 6 if m <= 6 else 12
        else:
            text, last = str(year), 12
        end = _month_end(year, last)
        if end <= LAST_DAY:
            found[text] = end
    return sorted(found.items(), key=lambda item: (item[1], item[0]))


def build_results(gen: "Generator", budget: int, months: list[str]) -> dict[str, list["Need"]]:
    """Unit code -> its results: every unit with a planned period gets one, the rest of
    the budget is drawn among all planned periods of this year so far and the year before
    (one page per unit holds both)."""
    from bench.generate import Need

    candidates = {u.code: [(c, p, end) for c in u.controls for y in (YEAR, YEAR - 1) for p, end in periods_of(c, months, y)]
                  for u in gen.units}
    rng = random.Random(f"lotsen-bench/{gen.seed}/{gen.size}/results")
    chosen = {(code, 0) for code, found in candidates.items() if found}
    rest = [(code, i) for code, found in candidates.items() for i in range(1, len(found))]
    chosen |= set(rng.sample(rest, max(0, min(len(rest), budget - len(chosen)))))
    by_unit: dict[str, list[Need]] = {}
    for unit in gen.units:
        for i, (control, period, end) in enumerate(candidates[unit.code]):
            if (unit.code, i) not in chosen:
                continue
            rid = f"RES-{control.id}-{period}"
            r = gen.obj_rng(rid)
            sample = r.choice([10, 12, 15, 20, 25, 30])
            assessment, share = r.choices(ASSESSMENTS, [14, 5, 1])[0]
            faults = min(sample, round(sample * share * r.uniform(0.5, 1.5))) if share else 0
            outcome = f"{100 * (sample - faults) / sample:.1f}".replace(".", ",")
            done = dt.date(end.year, end.month, r.randint(3, min(25, end.day)))
            need = Need("resultat", rid, f"{control.title}, {period}", {
                "id": rid, "status": "klar", "tidsperiod": period, "genomförd": done.isoformat(),
                "utförd_av": control.links("ansvarig")[0], "enheter": [unit.code], "granskade": str(sample),
                "med_brister": str(faults), "utfall": outcome, "bedömning": assessment, "avser": control.id,
            }, unit, control.area)
            need.body = (f"{faults} av {sample} granskade hade brister." if faults else
                         f"Alla {sample} granskade var utan anmärkning.")
            by_unit.setdefault(unit.code, []).append(gen.register(need))
    return by_unit


def result_pages(gen: "Generator", by_unit: dict[str, list["Need"]]) -> list["Page"]:
    from bench.generate import Page

    return [Page(f"results/{YEAR}/{unit.lower}.md", f"Resultat {YEAR - 1}–{YEAR}: {unit.name}",
                 f"Resultaten av egenkontrollerna i {unit.name} under {YEAR - 1} och {YEAR}.", by_unit[unit.code])
            for unit in gen.units if unit.code in by_unit]


def statistics_files(gen: "Generator") -> dict[str, bytes]:
    """Counts per quarter, unit and category for the year before and this year so far."""
    files = {}
    for year, quarters in ((YEAR - 1, 4), (YEAR, 3)):
        rows = ["Period;Enhet;Kategori;Antal"]
        for unit in gen.units:
            r = random.Random(f"lotsen-bench/{gen.seed}/statistik/{year}/{unit.code}")
            for q in range(1, quarters + 1):
                for i, category in enumerate(CATEGORIES):
                    if r.random() < 0.6:
                        high = 30 if i == 0 else 8 if i < 3 else 3
                        rows.append(f"{year}-K{q};{unit.code};{category};{r.randint(0, high)}")
        files[f"statistik/arenden-{year}.csv"] = ("\n".join(rows) + "\n").encode("utf-8")
    return files


def build_goals(gen: "Generator", goals: int, indicators: int, results: dict[str, list["Need"]],
                avd_code: dict[str, str]) -> tuple[list["Page"], dict[str, bytes]]:
    """Goals round the avdelningar, indicators round the units; an indicator of every
    other one links to a control of its unit with results. Outcomes of the others are
    in two files (the year before and this year)."""
    from bench.generate import Need, Page

    avds = [a for a in gen.avdelningar]
    by_avd: dict[str, list[Need]] = {a[0]: [] for a in avds}
    for k in range(goals):
        avd = avds[k % len(avds)]
        year = YEAR - k // 99  # an ID holds 99 goals a year: at XL goals of earlier years too
        gid = f"MAL-{year}-{k % 99 + 1:02d}"
        theme = GOAL_THEMES[(k // len(avds)) % len(GOAL_THEMES)]
        need = Need("mål", gid, f"{theme} inom {avd[1].lower()}" + (f" ({k // (len(avds) * len(GOAL_THEMES)) + 1})"
                                                                      if k >= len(avds) * len(GOAL_THEMES) else ""), {
            "id": gid, "status": "gällande", "ägare": f"avdelningschef_{avd[0].lower()}", "tidsperiod": str(year),
            "enheter": [avd_code[avd[0]]],
        })
        need.body = f"Målet gäller {avd[1].lower()} under {year}. Indikatorerna nedan visar om det nås."
        by_avd[avd[0]].append(gen.register(need))
    rows = {YEAR - 1: ["Indikator;Period;Utfall"], YEAR: ["Indikator;Period;Utfall"]}
    used: dict[str, int] = {}
    pages_needs: dict[str, list[Need]] = {a[0]: list(v) for a, v in zip(avds, by_avd.values())}
    for j in range(indicators):
        unit = gen.units[j % len(gen.units)]
        avd = unit.avd[0] if unit.avd and unit.avd[0] in by_avd and by_avd[unit.avd[0]] else avds[j % len(avds)][0]
        goal = by_avd[avd][(j // len(gen.units)) % len(by_avd[avd])]
        used[unit.code] = used.get(unit.code, 0) + 1
        iid = f"IND-{unit.code}-{used[unit.code]:02d}"
        r = gen.obj_rng(iid)
        measured = [c for c in unit.controls if any(res.options["avser"] == c.id for res in results.get(unit.code, []))]
        control = measured[j // len(gen.units) % len(measured)] if measured and j % 2 == 0 else None
        if control is not None:
            title, measure, direction, target = (f"Andel utan brister: {control.title}", "%", "högre är bättre", 95)
            period = INDICATOR_PERIOD[control.options["frekvens"]]
        else:
            title, measure, direction, targets = INDICATORS[(j // len(gen.units)) % len(INDICATORS)]
            target, period = r.choice(targets), r.choice(["år", "halvår", "kvartal"])
            if j // len(gen.units) >= len(INDICATORS):
                title += f" ({j // (len(gen.units) * len(INDICATORS)) + 1})"
        need = Need("indikator", iid, f"{title} – {unit.name}", {
            "id": iid, "status": "gällande", "ägare": unit.owner, "målvärde": str(target), "riktning": direction,
            "måttenhet": measure, "mätperiod": period, "enheter": [unit.code], "bidrar_till": goal.id,
            **({"mäts_med": control.id} if control is not None else {}),
        }, unit)
        need.body = ("Utfallet kommer från egenkontrollens resultat." if control is not None else
                     "Utfallet kommer från filen med utfall i mappen indikatorer.")
        pages_needs[avd].append(gen.register(need))
        if control is None:
            low, high = (target * 0.8, target * 1.05) if direction == "högre är bättre" else (target * 0.7, target * 1.4)
            for year, spans in ((YEAR - 1, {"år": ["", ], "halvår": ["-H1", "-H2"],
                                            "kvartal": ["-K1", "-K2", "-K3", "-K4"]}),
                                (YEAR, {"år": [""], "halvår": ["-H1"], "kvartal": ["-K1", "-K2", "-K3"]})):
                for suffix in spans[period]:
                    value = f"{min(r.uniform(low, high), 100 if measure == '%' else high):.1f}".replace(".", ",")
                    rows[year].append(f"{iid};{year}{suffix};{value}")
    pages = [Page(f"goals/{a[0].lower()}.md", f"Mål för {a[1].lower()}",
                  f"Målen för {a[1].lower()} och indikatorerna som mäter dem.", pages_needs[a[0]])
             for a in avds if pages_needs[a[0]]]
    files = {f"indikatorer/utfall-{year}.csv": ("\n".join(lines) + "\n").encode("utf-8") for year, lines in rows.items()}
    return pages, files
