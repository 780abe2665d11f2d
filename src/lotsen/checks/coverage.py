"""Coverage of the ledningssystem, and the quality gates the model sets on it."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from lotsen.checks.lifetime import repealed
from lotsen.findings import ERROR, Finding
from lotsen.model import COVERAGE_GATES
from lotsen.numbers import show_percent
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource


@dataclass(frozen=True)
class Share:
    """How many of ``total`` objects are covered, and which are not."""

    name: str
    total: list[NeedSource]
    missing: list[NeedSource]

    @property
    def covered(self) -> int:
        return len(self.total) - len(self.missing)

    @property
    def percent_text(self) -> str:
        """As Swedish writes it: 33,3 %."""
        return show_percent(self.percent)

    @property
    def percent(self) -> float:
        """The covered share; 100 when there is nothing to cover."""
        return 100.0 if not self.total else round(100.0 * self.covered / len(self.total), 1)


def coverage(index: ObjectIndex) -> dict[str, Share]:
    """Every share a quality gate can be set on, keyed as in ``COVERAGE_GATES``.

    Drafts do not count: a new requirement or routine is not yet in force, so it can
    neither fall short of a gate nor help to meet one. Nor does a repealed requirement.
    """
    model, cfg = index.model, index.model.reports
    drafts = set(model.publishing.draft_statuses)

    def in_force(type_name: str) -> list[NeedSource]:
        return [n for n in index.of_type(type_name)
                if n.value(model.field_for("state")) not in drafts and not repealed(model, n, index.today)]

    requirements = in_force(cfg.requirement_type)
    uncovered = [k for k in requirements if not index.incoming.get(k.id, {}).get(cfg.fulfils_link)]

    high = [r for r in in_force(model.risk.type)
            if (score := index.score(r)) is not None and score >= model.risk.control_required_from]
    uncontrolled = [r for r in high if not index.incoming.get(r.id, {}).get(model.risk.control_link)]

    s = model.structure
    routines = in_force(s.routine_type)
    orphans = [r for r in routines if not index.targets(r, s.routine_process_link)]
    return {
        "requirements_covered": Share("requirements_covered", requirements, uncovered),
        "high_risks_controlled": Share("high_risks_controlled", high, uncontrolled),
        "routines_in_process": Share("routines_in_process", routines, orphans),
    }


def _gate_links(index: ObjectIndex) -> dict[str, tuple[str, bool]]:
    """For each gate, the link that covers an object, and whether the missing object
    itself holds it (outgoing) or others point at it (incoming)."""
    model = index.model
    return {
        "requirements_covered": (model.reports.fulfils_link, False),
        "high_risks_controlled": (model.risk.control_link, False),
        "routines_in_process": (model.structure.routine_process_link, True),
    }


#: Gates whose every missing object with no link at all has a rule of its own, said at
#: the object: while that rule is an error, the gate would only say it again.
_OWN_RULES = {"high_risks_controlled": "risk_without_control", "routines_in_process": "routine_without_process"}


def _already_reported(index: ObjectIndex, name: str, share: Share) -> set[str]:
    """Objects that miss coverage only because a link is broken: the broken link is
    reported where it stands (link_target_missing), so the gate must not report the same
    mistake again, at the model file; nor an object whose own rule (``_OWN_RULES``)
    fails the build already. A rule of its own that is a 'varning' leaves the gate to
    decide."""
    link, outgoing = _gate_links(index).get(name, ("", False))
    if not link:
        return set()
    own = _OWN_RULES.get(name)
    if own and index.model.severity_of(own) == ERROR:
        return {n.id for n in share.missing}  # no link (its own rule) or a broken one (link_target_missing)
    if outgoing:
        return {n.id for n in share.missing if any(t not in index.by_id for t in n.values(link))}
    dangling = [t for n in index.needs for t in n.values(link) if t not in index.by_id]
    return {n.id for n in share.missing if difflib.get_close_matches(n.id, dangling, n=1, cutoff=0.6)}


def gate_findings(index: ObjectIndex) -> list[Finding]:
    """A finding for each share below the floor the model sets, once the objects whose
    shortfall is a broken link (reported at the link) are counted as covered."""
    model = index.model
    findings = []
    for name, share in coverage(index).items():
        floor = model.coverage.get(name)
        if floor is None or share.percent >= floor:
            continue
        reported = _already_reported(index, name, share)
        rest = Share(name, share.total, [n for n in share.missing if n.id not in reported])
        if rest.percent >= floor:
            continue
        missing = ", ".join(f"{n.id} ({n.title})" for n in rest.missing[:10])
        more = f" och {len(rest.missing) - 10} till" if len(rest.missing) > 10 else ""
        findings.append(Finding(
            "lotsen.yaml" if not model.path else model.path.rsplit("/", 1)[-1],
            model.coverage_lines.get(name, 0), "coverage_gate",
            f"Kvalitetsgränsen för {COVERAGE_GATES[name]} är {show_percent(floor)}, men den är "
            f"{share.percent_text} ({share.covered} av {len(share.total)}). Saknas: {missing}{more}.",
            "Rätta objekten som saknas, så att de täcks. Gränsen själv beslutar kvalitetsledningen om; "
            "den står under 'coverage' i modellfilen.",
            model.severity_of("coverage_gate"),
        ))
    return findings
