"""Messages for people who are not programmers: one finding per mistake, no tool or
parser words, and every count in agreement with its noun ('1 fel', '2 varningar',
'1 nytt objekt', '2 nya objekt'), checked by running each template with 1 and 2."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from lotsen.checks.rules import validate
from lotsen.cli.main import main
from lotsen.findings import ERROR, RULES, WARNING, Finding
from lotsen.git import Revision
from lotsen.model import load_model
from lotsen.reports.diff import BrokenLink, Changed, FieldChange, ObjectRef, Report, _steps_changed
from lotsen.reports.diff_render import markdown
from lotsen.site.preview_findings import findings_html
from lotsen.source.scanner import scan_text
from lotsen.words import plural

from conftest import REPO, make_project, sphinx_build

MODEL = load_model(REPO / "lotsen.yaml")
SRC = REPO / "src" / "lotsen"

ROUTINE = """\
```{{rutin}} Rutin i testet
:id: RUT-HT-050
:status: utkast
:ägare: enhetschef_ht
:målgrupp: undersköterska
:enheter: HT
:version: 1
{extra}
```
"""


def check_json(root: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    main(["check", "--root", str(root), "--format", "json"])
    return json.loads(capsys.readouterr().out)


# ----------------------------------------------------------------------------- one finding per mistake
def test_a_misspelt_field_is_one_finding_that_names_the_field(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    text = ROUTINE.format(extra=":tillhör: PROC-HT").replace(":ägare: enhetschef_ht", ":ägre: enhetschef_ht")
    root = make_project(tmp_path / "p", {"regel.md": text})
    findings = check_json(root, capsys)
    assert [(f["file"], f["code"]) for f in findings] == [("regel.md", "option_unknown")]
    assert "Menade du 'ägare'?" in findings[0]["hint"]


def test_a_value_far_from_every_allowed_one_gets_no_suggestion(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "p", {"regel.md": ROUTINE.format(extra=":tillhör: PROC-HT").replace(
        ":enheter: HT", ":enheter: HEMTJ")})
    [finding] = check_json(root, capsys)
    assert finding["code"] == "field_value" and "Menade du" not in finding["hint"]
    assert "är ingen tillåten enhet" in finding["message"]


@pytest.mark.parametrize(("extra", "file"), [
    # the routine's process link is misspelt: no routine without process at the model file
    (ROUTINE.format(extra=":tillhör: PROC-HTT"), "regel.md"),
    # the only link that would cover a requirement is misspelt
    ("```{krav} Krav\n:id: KRAV-SOL-DOK\n:källa: SoL\n:kravtyp: lag\n```\n\n"
     + ROUTINE.format(extra=":tillhör: PROC-HT\n:uppfyller: KRAV-SOL-DOKK"), "regel.md"),
])
def test_a_broken_link_does_not_also_fail_a_coverage_gate(extra: str, file: str, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "p", {"regel.md": extra.replace(":status: utkast", ":status: fastställd\n"
                                                                   ":fastställd_av: avdelningschef\n:fastställd: 2026-01-01\n"
                                                                   ":revideras: 2027-01-01")}, gates=True)
    findings = check_json(root, capsys)
    assert [(f["file"], f["code"]) for f in findings] == [(file, "link_target_missing")]


@pytest.mark.parametrize("written", [":ägare: [enhetschef_ht]", ":målgrupp: [undersköterska, vårdbiträde]",
                                     ":enheter: [HT]"])
def test_a_list_in_brackets_is_one_finding(written: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = written.split(":")[1]
    routine = "\n".join(written if line.startswith(f":{name}:") else line
                        for line in ROUTINE.format(extra=":tillhör: PROC-HT").splitlines())
    root = make_project(tmp_path / "p", {"regel.md": routine})
    assert [f["code"] for f in check_json(root, capsys)] == ["myst_list_syntax"]


@pytest.mark.parametrize("written", [":enheter: HT, 19121212-1212", ":målgrupp: 19121212-1212",
                                     ":ägare: 191212121212"])
def test_a_personal_number_in_a_field_is_one_finding(written: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    name = written.split(":")[1]
    routine = "\n".join(written if line.startswith(f":{name}:") else line
                        for line in ROUTINE.format(extra=":tillhör: PROC-HT").splitlines())
    root = make_project(tmp_path / "p", {"regel.md": routine})
    assert [f["code"] for f in check_json(root, capsys)] == ["personal_number"]


def test_the_same_mistake_twice_on_a_line_is_one_finding_and_no_draft_is_suggested(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = ROUTINE.replace("RUT-HT-050", "RUT-HT-052").replace("Rutin i testet", "Utkastet").format(
        extra=":tillhör: PROC-HT")
    named = ROUTINE.format(extra=":tillhör: PROC-HT\n:uppfyller: KRAV-X, KRAV-X").replace(
        "```\n", "\nFölj RUT-HT-053 eller RUT-HT-053.\n```\n", 1)
    root = make_project(tmp_path / "p", {"regel.md": named, "utkast.md": draft})
    findings = check_json(root, capsys)
    codes = sorted(f["code"] for f in findings if f["file"] == "regel.md")
    assert codes == ["link_target_missing", "mention_target_missing"], findings
    assert not any("RUT-HT-052" in f["hint"] for f in findings)  # a draft: linking it would be a finding too


@pytest.mark.parametrize("written", ["Se {need}`RUT-HT-053`.", "Se RUT-HT-053."])
def test_a_page_own_text_is_suggested_no_draft_either(written: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """Outside any object, a {need} reference or an ID in the text that leads nowhere is
    said as inside one: "Menade du" names a published object, never a draft."""
    draft = ROUTINE.replace("RUT-HT-050", "RUT-HT-052").replace("Rutin i testet", "Utkastet").format(
        extra=":tillhör: PROC-HT")
    page = f"# Sidan\n\n{written}\n"
    root = make_project(tmp_path / "p", {"sida.md": page, "utkast.md": draft})
    findings = [f for f in check_json(root, capsys) if f["file"] == "sida.md"]
    assert [f["code"] for f in findings] in (["link_target_missing"], ["mention_target_missing"]), findings
    assert "RUT-HT-052" not in findings[0]["hint"]
    published = ROUTINE.replace("RUT-HT-050", "RUT-HT-054").replace(":status: utkast", ":status: granskning")
    root = make_project(tmp_path / "q", {"sida.md": page, "utkast.md": draft,
                                         "rutin.md": published.format(extra=":tillhör: PROC-HT")})
    findings = [f for f in check_json(root, capsys) if f["file"] == "sida.md"]
    assert "Menade du 'RUT-HT-054'?" in findings[0]["hint"], findings  # a published one is still named


def test_a_routine_without_process_does_not_also_fail_the_gate(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """One finding for one mistake: the routine's own rule, an error, says it; the gate
    at the model file would say it again."""
    root = make_project(tmp_path / "p", {"regel.md": ROUTINE.format(extra="").replace(
        ":status: utkast", ":status: fastställd\n:fastställd_av: avdelningschef\n:fastställd: 2026-01-01\n"
        ":revideras: 2027-01-01")}, gates=True)
    findings = check_json(root, capsys)
    assert [(f["file"], f["code"]) for f in findings] == [("regel.md", "routine_without_process")]


# ----------------------------------------------------------------------------- no tool words
TOOL_WORDS = re.compile(r"(?<!\.)\b(MyST|YAML|sphinx|direktiv\w*|fältblock\w*|optionsblock\w*|parser\w*)\b", re.IGNORECASE)


def test_the_rule_catalogue_speaks_the_authors_language() -> None:
    for code, text in RULES.items():
        assert not TOOL_WORDS.search(text), (code, text)


def test_messages_in_checks_and_commands_carry_no_tool_words() -> None:
    """The message strings (not comments or docstrings) of the modules authors meet."""
    modules = [*(SRC / "checks").glob("*.py"), *(SRC / "cli").glob("*.py"), SRC / "reports/diff_render.py",
               SRC / "source/skeletons.py", SRC / "source/options.py", SRC / "model/workflow.py"]
    for path in modules:
        text = re.sub(r'"""[\s\S]*?"""', lambda m: "\n" * m[0].count("\n"), path.read_text(encoding="utf-8"))
        for number, line in enumerate(text.splitlines(), 1):
            code = line.split("#", 1)[0]
            for literal in re.findall(r'f?"([^"]*)"', code):
                assert not TOOL_WORDS.search(literal), f"{path.name}:{number}: {literal}"


# ----------------------------------------------------------------------------- counts
def test_plural_helper() -> None:
    assert plural(1, "rutin", "rutiner") == "1 rutin" and plural(2, "rutin", "rutiner") == "2 rutiner"
    assert plural(0, "varning", "varningar") == "0 varningar"


COUNTED = re.compile(r"\{(len\([^{}]*\)|[^{}]*\b(?:count|n|days|errors|warnings|total|number|\w+_days)\b[^{}]*)\}"
                     r"\s+(fel|varning\w*|rutin\w*|objekt|dag\w*|ställe\w*|fil\w*|länk\w*|steg|nya|nytt|ändra\w*|"
                     r"borttag\w*|risk\w*|process\w*|sidor|sida|gång\w*|krav)\b")


def test_no_count_in_the_source_bypasses_the_helper() -> None:
    """A number before a noun in a message goes through plural(), or handles 1 itself."""
    offenders = []
    for path in SRC.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if COUNTED.search(line) and "plural(" not in line and "== 1" not in line and "krav" not in line:
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert offenders == []


def _finding(severity: str) -> Finding:
    return Finding("a.md", 1, "field_date", "Fel.", "", severity)


@pytest.mark.parametrize("n", [1, 2])
def test_every_count_template_agrees_with_1_and_2(n: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = n == 1
    # lotsen check's summary: errors and warnings
    root = make_project(tmp_path / "p", {f"f{i}.md": ROUTINE.format(extra=":tillhör: PROC-HT").replace(
        "RUT-HT-050", f"RUT-HT-05{i}").replace(":version: 1", ":version: x") for i in range(n)})
    main(["check", "--root", str(root)])
    assert f"{n} fel, 0 varningar." in capsys.readouterr().err
    # the preview's box
    box = findings_html("a.md", [_finding(ERROR)] * n + [_finding(WARNING)] * n)
    assert f"{n} fel och {n} {'varning' if one else 'varningar'} att rätta" in box
    # review overdue, in days
    text = ROUTINE.format(extra=":tillhör: PROC-HT").replace(":status: utkast", ":status: fastställd\n"
                                                            ":fastställd_av: avdelningschef\n:fastställd: 2026-01-01\n"
                                                            ":revideras: 2026-06-10")
    needs = scan_text(text, "a.md", set(MODEL.types)).needs + scan_text(
        (REPO / "tests/fixtures/base/objects.md").read_text(encoding="utf-8"), "b.md", set(MODEL.types)).needs
    [overdue] = [f for f in validate(MODEL, needs, dt.date(2026, 6, 10 + n)) if f.code == "review_overdue"]
    assert f"({n} {'dag' if one else 'dagar'} sedan)" in overdue.message
    # a review date beyond a review period of n months
    period = dataclasses.replace(MODEL, review=dataclasses.replace(MODEL.review, period_months=n))
    [beyond] = [f for f in validate(period, needs, dt.date(2026, 1, 1)) if f.code == "review_period" and f.file == "a.md"]
    assert f"mer än {n} {'månad' if one else 'månader'} efter" in beyond.message
    # steps removed
    assert _steps_changed(["1. a", "2. b", "3. c"], ["1. a", "2. b", "3. c"][: 3 - n]) == \
        f"{n} steg {'borttaget' if one else 'borttagna'}"
    # lotsen diff's counts
    ref = ObjectRef("RUT-HT-001", "rutin", "R", "r.md", 1)
    report = Report(Revision("main", "0" * 40), Revision("HEAD", "1" * 40), added=[ref] * n, removed=[ref] * n,
                    changed=[Changed(ref, [FieldChange("rubrik", "a", "b")])] * n,
                    broken_links=[BrokenLink(ref, "tillhör", "PROC-X", 1, False)] * n)
    shown = markdown(report, MODEL)
    if one:
        assert "**1 nytt objekt, 1 borttaget objekt och 1 ändrat objekt.**" in shown
        assert "1 länk eller hänvisning pekade" in shown
    else:
        assert "**2 nya objekt, 2 borttagna objekt och 2 ändrade objekt.**" in shown
        assert "2 länkar eller hänvisningar pekade" in shown


@pytest.mark.parametrize("written", [":tillhör: PROC-19121212-1212", ":id: RUT-19121212-1212",
                                     ":tillhör: PROC-8501011236"])
def test_a_personal_number_inside_an_id_is_never_printed(written: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """An ID with a personal number in it is no finding of its own (identifiers built on
    dates would give false alarms), but the findings that quote the ID mask it in every
    format, as the build's log does."""
    name = written.split(":")[1]
    routine = "\n".join(written if line.startswith(f":{name}:") else line
                        for line in ROUTINE.format(extra=":tillhör: PROC-HT").splitlines())
    root = make_project(tmp_path / "p", {"regel.md": routine})
    number = written.split("-", 1)[1]
    for output_format in ("human", "json", "github", "gitlab"):
        main(["check", "--root", str(root), "--format", output_format])
        out = capsys.readouterr()
        digits = "".join(c for c in number if c.isdigit())
        assert digits[-4:] not in (out.out + out.err).replace("xxxx", ""), output_format
        assert "xxxx" in out.out + out.err, output_format
    result = sphinx_build(root, pdf=False)
    assert number not in result.stdout + result.stderr and "xxxx" in result.stdout + result.stderr
