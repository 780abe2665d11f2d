"""Validation of a whole project: find its content, scan it, check it."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lotsen.checks.content import personal_data_findings, readability_findings, routine_lix
from lotsen.checks.file_check import FileCheck, check_file, model_parts, read_within_limits
from lotsen.checks.rules import missing_mention, missing_reference, reference_to_draft
from lotsen.checks.suggest import published_ids
from lotsen.checks.tables_kept import tables_kept
from lotsen.checks.two_cores import read_on_two_cores
from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.source.file_names import name_problem, safe_name
from lotsen.source.files import only_drafts
from lotsen.source.goal_values import GoalValues, goal_value_files, indicator_kinds, read_goal_values
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import ROLE_MARK, NeedSource, Reading, close_to_type
from lotsen.source.statistics import Statistics, read_statistics, statistics_files


def scan_files(model: Model, root: Path, files: Iterable[Path],
               directives: list[tuple[str, str, int]] | None = None, *,
               reading: Reading | None = None,
               references: list[tuple[str, str, int]] | None = None,
               per_file: list[tuple[bytes | None, list[NeedSource]]] | None = None,
               today: dt.date | None = None,
               page_links: list[tuple[str, str, int]] | None = None,
               section_links: list[tuple[str, str, str, int]] | None = None,
               labels: dict[str, frozenset[str] | None] | None = None,
               kept_parts: list[tuple | None] | None = None,
               id_words: list[tuple[str, str, int]] | None = None,
               ) -> tuple[list[NeedSource], list[Finding]]:
    """All needs in the files, and the findings that reading them gave.

    ``directives``, when given, collects (file, name, line) of every directive,
    ``references`` (file, ID, line) of every ``{need}`` reference outside an object, and
    ``per_file`` each file's needs with the key its part is kept under (``FileCheck.key``),
    ``page_links`` (file, page, line) of every link to a page, ``section_links`` (file,
    page, fragment, line) of every link to a section of a page, ``labels`` each
    page's labels for such links (``FileCheck.labels``), and ``kept_parts``, for each
    file with needs in turn, the key the results cache keeps its part under
    (``FileCheck.kept_under``).
    With ``today``, what the check asks of each file's needs on their own is computed
    with the file's part (``per_file_kept``).
    """
    needs: list[NeedSource] = []
    findings: list[Finding] = []
    files = list(files)
    # files read for the first time: half on the other core
    read_on_two_cores(model, root, files, reading, per_file_kept(model, today) if today is not None else None)
    parts, real_root = model_parts(model), str(Path(os.path.realpath(root)))
    for path in files:
        shown = path.relative_to(root).as_posix()
        problem = name_problem(shown)
        if problem:
            findings.append(bad_name(model, shown, problem))
            continue
        # each file's part is kept while the file and what it reads are the same
        part, brought_in = check_file(model, parts, root, real_root, path, shown, reading)
        needs.extend(part.needs)
        if per_file is not None and part.needs:
            per_file.append((part.key, part.needs))
        if kept_parts is not None and part.needs:
            kept_parts.append(part.kept_under)
        if id_words is not None:
            id_words.extend((shown, word, line) for word, line in part.id_words)
        if directives is not None:
            directives.extend((shown, name, line) for name, line in part.directives)
        if references is not None:
            references.extend((shown, target, line) for target, line in part.references)
        if page_links is not None:
            page_links.extend((shown, page, line) for page, line in part.page_links)
        if section_links is not None:
            section_links.extend((shown, page, fragment, line) for page, fragment, line in part.section_links)
        if labels is not None:
            labels[shown] = part.labels
        findings.extend(part.findings)
        findings.extend(brought_in)
    return needs, findings


__all__ = ["Checked", "check", "check_files", "read_within_limits", "scan_files"]


def unknown_directives(model: Model, directives: list[tuple[str, str, int]], known: set[str]) -> list[Finding]:
    """A finding for each directive, and each role (``ROLE_MARK``), the build does not know."""
    findings = []
    for file, name, line in directives:
        if name.startswith(ROLE_MARK):
            if name not in known:
                findings.append(_unknown_role(model, file, line, name[len(ROLE_MARK):], known))
            continue
        if name in known or name in model.types or close_to_type(name, model):
            continue  # a name close to a type is reported by the scan already
        findings.append(Finding(
            file, line, "directive_unknown",
            f"'{{{name}}}' är ingen typ av objekt eller block som finns, så blocket visas inte.",
            f"Kontrollera stavningen. Objekttyperna är: {', '.join(model.types)}.",
            model.severity_of("directive_unknown"),
        ))
    return findings


def page_mention_findings(model: Model, id_words: list[tuple[str, str, int]],
                          needs: list[NeedSource]) -> list[Finding]:
    """An object's ID written in a page's own text, outside any object, becomes a link
    to the object on the site (sphinx/id_links.py): one that names no object is said,
    as it is inside an object (mention_target_missing)."""
    ids = {need.id for need in needs if need.id}
    published = published_ids(model, needs)
    findings = []
    for file, word, line in id_words:
        type_def = model.type_by_prefix(word)
        if type_def is None or not type_def.id_pattern.fullmatch(word) or word in ids:
            continue
        findings.append(Finding(file, line, "mention_target_missing", *missing_mention(word, published),
                                model.severity_of("mention_target_missing")))
    return findings


def reference_findings(model: Model, references: list[tuple[str, str, int]],
                       needs: list[NeedSource]) -> list[Finding]:
    """``{need}`` references in running text, outside any object: each must lead to an
    object on the site (those inside objects are checked with the object)."""
    by_id: dict[str, NeedSource] = {}
    for need in needs:
        by_id.setdefault(need.id, need)
    drafts = model.publishing.draft_statuses
    published = published_ids(model, needs)
    findings = []
    for file, target_id, line in references:
        target = by_id.get(target_id)
        if target is None:
            findings.append(Finding(file, line, "link_target_missing", *missing_reference(target_id, published),
                                    model.severity_of("link_target_missing")))
        elif target.value(model.field_for("state")) in drafts:
            findings.append(Finding(file, line, "link_to_draft", *reference_to_draft(target_id),
                                    model.severity_of("link_to_draft")))
    return findings


def draft_pages_of(model: Model, needs: list[NeedSource]) -> dict[str, list[NeedSource]]:
    """The pages the site leaves out because every object on them is a draft, with
    their objects."""
    by_file: dict[str, list[NeedSource]] = {}
    for need in needs:
        by_file.setdefault(need.file, []).append(need)
    return {file: objects for file, objects in by_file.items() if only_drafts(model, objects)}


def draft_page_links(model: Model, page_links: list[tuple[str, str, int]],
                     draft_pages: dict[str, list[NeedSource]]) -> list[Finding]:
    """Links from a published page to a page the site leaves out because every object
    on it is a draft (as the build decides, sphinx/extension.py ``_leave_out``;
    ``draft_pages_of``)."""
    findings = []
    for file, page, line in page_links:
        if page in draft_pages and file not in draft_pages:
            first = draft_pages[page][0].id or draft_pages[page][0].title
            findings.append(Finding(
                file, line, "link_to_draft",
                f"Länken går till {page}, som bara har utkast ({first}) och inte visas på webbplatsen. "
                "Läsaren får ingen länk.",
                f"Vänta med länken tills {first} är fastställd, eller skriv vad som gäller i stället.",
                model.severity_of("link_to_draft"),
            ))
    return findings


def bad_name(model: Model, shown: str, problem: str) -> Finding:
    return Finding(
        safe_name(shown), 1, "file_name",
        f"Filen kan inte bli en sida på webbplatsen: {problem}. Den läses inte.",
        "Byt namn på filen: använd bokstäver, siffror och bindestreck, till exempel "
        "'rutin-nycklar.md'.",
        model.severity_of("file_name"),
    )


def model_findings(model: Model) -> list[Finding]:
    """The model file is checked for personal data like any content."""
    path = Path(model.path)
    if not path.is_file():
        return []
    return personal_data_findings(model, path.name, path.read_text(encoding="utf-8"))


@dataclass
class Checked:
    """One run of every check: the objects found, their index, and all findings. The
    index is made when first asked for (a kept check, checks/kept.py, holds none)."""

    needs: list[NeedSource]
    findings: list[Finding]
    model: Model
    today: dt.date
    statistics: Statistics | None = None
    goal_values: GoalValues | None = None
    built: ObjectIndex | None = field(default=None, repr=False, compare=False)
    #: The keys the results cache keeps the parts of the files with needs under, in
    #: the order of ``needs`` (None when one is not kept): checks/kept.py keeps the
    #: whole check without its needs, which those parts hold already.
    parts: tuple[tuple, ...] | None = field(default=None, repr=False, compare=False)

    @property
    def index(self) -> ObjectIndex:
        if self.built is None:
            self.built = ObjectIndex(self.model, self.needs, self.today, statistics=self.statistics,
                                     goal_values=self.goal_values)
        return self.built


def _unknown_role(model: Model, file: str, line: int, name: str, known: set[str]) -> Finding:
    roles = sorted(k[len(ROLE_MARK):] for k in known if k.startswith(ROLE_MARK))
    close = difflib.get_close_matches(name, ["need", *roles], n=1, cutoff=0.6)
    return Finding(
        file, line, "role_unknown",
        f"'{{{name}}}' är ingen roll som finns, så texten i den visas inte som det var tänkt.",
        (f"Menade du '{{{close[0]}}}'? " if close else "")
        + "Till ett objekt länkar du med {need}, till exempel {need}`RUT-HT-001`.",
        model.severity_of("role_unknown"),
    )


def check(model: Model, root: Path, files: Iterable[Path], today: dt.date,
          known_directives: set[str] | frozenset[str] | None = None, reading: Reading | None = None) -> Checked:
    """Every check. With ``known_directives`` (every directive the build's extensions
    provide), a directive that none provides is reported too; ``reading`` is how the
    project's Markdown is read (MyST's settings in conf.py)."""
    # here, not at the top: a build or check whose whole check is kept (checks/kept.py)
    # needs none of them
    from lotsen.checks.anchors import section_link_findings
    from lotsen.checks.coverage import gate_findings
    from lotsen.checks.follow_up import follow_up_findings
    from lotsen.checks.goals import goal_findings
    from lotsen.checks.lifetime import repealed_link_findings
    from lotsen.checks.results import result_findings
    from lotsen.checks.rules_kept import validate_kept
    from lotsen.checks.year_data import goal_value_rules, statistics_rules
    from lotsen.reports.story.checking import story_findings
    from lotsen.reports.story.prose import prose_format, unused_prose

    files = list(files)
    directives: list[tuple[str, str, int]] = []
    references: list[tuple[str, str, int]] = []
    per_file: list[tuple[bytes | None, list[NeedSource]]] = []
    page_links: list[tuple[str, str, int]] = []
    section_links: list[tuple[str, str, str, int]] = []
    labels: dict[str, frozenset[str] | None] = {}
    kept_parts: list[tuple | None] = []
    id_words: list[tuple[str, str, int]] = []
    needs, findings = scan_files(model, root, files, directives, reading=reading, references=references,
                                 per_file=per_file, today=today, page_links=page_links,
                                 section_links=section_links, labels=labels, kept_parts=kept_parts,
                                 id_words=id_words)
    if known_directives is not None:
        findings += unknown_directives(model, directives, set(known_directives))
    # the tables are read again only when they, or the indicators they are read against, change
    statistics = tables_kept("statistics", model, root, statistics_files(model, root),
                             lambda: read_statistics(model, root))
    # the rules across the files, on a copy: what tables_kept holds stays as read
    statistics = statistics_rules(model, statistics, today)
    findings += statistics.findings
    kinds = tuple(sorted(indicator_kinds(model, needs).items())) if model.goals.indicator_type else ()
    goal_values = tables_kept("goal-values", model, root, goal_value_files(model, root),
                              lambda: read_goal_values(model, root, needs), kinds)
    goal_values = goal_value_rules(model, goal_values, today)
    findings += goal_values.findings
    index = ObjectIndex(model, needs, today, statistics=statistics, goal_values=goal_values)
    drafts = draft_pages_of(model, needs)
    # the same finding twice (an ID named twice on a line, a link listed twice) is said once
    findings = sorted(set(findings + validate_kept(model, needs, today, per_file) + result_findings(model, needs, today)
                      + repealed_link_findings(model, needs, today) + follow_up_findings(model, needs, today)
                      + goal_findings(model, needs)
                      + gate_findings(index) + reference_findings(model, references, needs)
                      + page_mention_findings(model, id_words, needs)
                      + readability_findings(model, needs) + model_findings(model)
                      + story_findings(index, root) + unused_prose(model, root, files, today.year)
                      + prose_format(model, root, files, reading)
                      + draft_page_links(model, page_links, drafts)
                      + section_link_findings(model, section_links, labels, set(drafts))))
    parts = None if None in kept_parts else tuple(kept_parts)  # type: ignore[arg-type]
    return Checked(needs, findings, model, today, statistics, goal_values, index, parts)


def per_file_kept(model: Model, today: dt.date) -> Callable[[FileCheck], None]:
    """What the check asks of one file's needs on their own, computed and kept with the
    file's part: the rules' findings for them alone (checks/rules_kept.py) and each
    routine's LIX (checks/content.py). So a first check computes them for half the
    files on each core (checks/two_cores.py), and then finds them kept."""
    from lotsen.checks.rules_kept import rules_alone
    from lotsen.model.loader import kept_model_key

    model_key = kept_model_key(model)

    def compute(part: FileCheck) -> None:
        if not part.needs:
            return
        if part.key is not None and model_key is not None:
            rules_alone(model, model_key, part.key, part.needs, today)
        if model.content_checks.lix_max:
            for need in part.needs:
                routine_lix(model, need)
    return compute


def check_files(model: Model, root: Path, files: Iterable[Path], today: dt.date,
                known_directives: set[str] | frozenset[str] | None = None,
                reading: Reading | None = None) -> list[Finding]:
    """Every finding for the given files, sorted by place."""
    return check(model, root, files, today, known_directives, reading).findings
