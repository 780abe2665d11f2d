"""`lotsen new`: a file from the skeleton, the next free ID, and a draft that passes check."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from lotsen.checks.pipeline import scan_files
from lotsen.cli.main import main
from lotsen.cli.prompt import SHOWN, TerminalAsker
from lotsen.model import load_model
from lotsen.source.files import content_files
from lotsen.source.skeletons import Slot, resolve

from conftest import REPO, reported, run_env, sphinx_build
from workflow_repo import commit, git, sample_repo

MODEL = load_model(REPO / "lotsen.yaml")
TITLE = "Nytt objekt i testet"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return sample_repo(tmp_path / "repo")


class FakeTerminal(io.StringIO):
    """Answers typed at a terminal, one per line."""

    def isatty(self) -> bool:
        return True


def new(repo: Path, *args: str, no_input: bool = True) -> int:
    """`lotsen new`, by default with --no-input: the tests' stdin is no terminal."""
    return main(["new", *args, "--root", str(repo), *(["--no-input"] if no_input else [])])


def created_path(repo: Path, out: str) -> Path:
    [line] = out.strip().splitlines()
    path = Path(line)
    return path if path.is_absolute() else Path.cwd() / path


def ids_in(repo: Path) -> set[str]:
    needs, _ = scan_files(MODEL, repo, content_files(repo))
    return {n.id for n in needs}


def need_in(path: Path, repo: Path):
    needs, _ = scan_files(MODEL, repo, [path])
    [need] = needs
    return need


def check_json(repo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict]]:
    code = main(["check", "--root", str(repo), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("type_name", sorted(MODEL.types))
def test_new_object_of_every_type_passes_check(type_name: str, repo: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    before = ids_in(repo)
    assert new(repo, type_name, "--title", TITLE) == 0
    path = created_path(repo, capsys.readouterr().out)
    type_def = MODEL.types[type_name]
    assert path.is_file() and path.relative_to(repo).parts[0] == type_def.folder
    need = need_in(path, repo)
    assert need.type == type_name and need.title == TITLE
    assert type_def.id_pattern.fullmatch(need.id) and need.id not in before
    assert "$" not in path.read_text(encoding="utf-8")
    drafts = set(MODEL.publishing.draft_statuses) & set(MODEL.allowed_values(type_def.fields["status"])) \
        if "status" in type_def.fields else set()
    if drafts:
        assert need.value("status") in drafts

    code, findings = check_json(repo, capsys)
    relative = path.relative_to(repo).as_posix()
    assert [f for f in findings if f["file"] == relative] == []
    about_it = [f for f in findings if need.id in f["message"]]
    # a new object is a draft: not yet in force, so not counted by the coverage gates
    assert about_it == [] and code == 0


def test_new_routine_goes_to_its_unit_with_the_next_number(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    numbers = [int(m[1]) for m in re.finditer(r":id: RUT-HT-(\d{3})", "".join(
        p.read_text(encoding="utf-8") for p in (repo / "routines").rglob("*.md")))]
    expected = f"RUT-HT-{max(numbers) + 1:03d}"
    assert new(repo, "rutin", "--title", TITLE, "--unit", "ht") == 0
    path = created_path(repo, capsys.readouterr().out)
    assert path == repo / "routines" / "ht" / f"{expected.lower()}.md"
    need = need_in(path, repo)
    assert need.id == expected and need.values("enheter") == ["HT"]

    # the defaults are what the unit's own routines mostly have
    routines = [n for n in scan_files(MODEL, repo, content_files(repo))[0]
                if n.type == "rutin" and n.values("enheter") == ["HT"] and n.id != expected]
    assert need.value("ägare") == Counter(n.value("ägare") for n in routines).most_common(1)[0][0]
    assert need.value("tillhör") == Counter(t for n in routines for t in n.values("tillhör")).most_common(1)[0][0]

    assert new(repo, "rutin", "--title", "En till", "--unit", "HT") == 0
    assert need_in(created_path(repo, capsys.readouterr().out), repo).id == f"RUT-HT-{max(numbers) + 2:03d}"


@pytest.mark.parametrize(("today", "expected_year", "due"), [("2026-11-22", 2026, "2027-02-22"),
                                                             ("2027-11-30", 2027, "2028-02-29")])
def test_new_action_takes_year_and_due_date_from_the_build_date(
        today: str, expected_year: int, due: str, repo: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LOTSEN_TODAY", today)
    taken = [int(i.rsplit("-", 1)[1]) for i in ids_in(repo) if i.startswith(f"ATG-{expected_year}-")]
    assert new(repo, "åtgärd", "--title", TITLE, "--owner", "enhetschef_lss") == 0
    need = need_in(created_path(repo, capsys.readouterr().out), repo)
    assert need.id == f"ATG-{expected_year}-{max(taken, default=0) + 1:03d}"
    assert need.value("klar_senast") == due
    assert need.value("ansvarig") == "enhetschef_lss"


def test_new_never_overwrites(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(repo, "rutin", "--title", TITLE, "--id", "RUT-HT-999", "--unit", "HT") == 0
    capsys.readouterr()
    assert new(repo, "rutin", "--title", TITLE, "--id", "RUT-HT-999", "--unit", "HT") == 2
    assert "ID:t 'RUT-HT-999' används redan" in capsys.readouterr().err

    squatter = repo / "routines" / "ht" / "rut-ht-998.md"
    squatter.write_text("# Något annat\n", encoding="utf-8")
    assert new(repo, "rutin", "--title", TITLE, "--id", "RUT-HT-998", "--unit", "HT") == 2
    assert "Filen routines/ht/rut-ht-998.md finns redan" in capsys.readouterr().err
    assert squatter.read_text(encoding="utf-8") == "# Något annat\n"


@pytest.mark.parametrize(("args", "message"), [
    (["rutiner", "--title", TITLE], "Typen 'rutiner' finns inte i modellen. Typerna är: krav, process"),
    (["rutin"], "Rubrik saknas. Ange den med --title"),
    (["rutin", "--title", TITLE, "--unit", "XX"], "Enhet (--unit): 'XX' finns inte. Välj en av: GEM, ALD, HT"),
    (["rutin", "--title", TITLE, "--owner", "chefen"], "Ägare (--owner): 'chefen' finns inte"),
    (["rutin", "--title", TITLE, "--process", "PROC-FINNS-INTE"], "Tillhör process (--process): 'PROC-FINNS-INTE'"),
    (["åtgärd", "--title", TITLE, "--due", "2026-13-01"], "'2026-13-01' är inget datum på formen ÅÅÅÅ-MM-DD"),
    (["risk", "--title", TITLE, "--id", "RISK-1"], "ID:t 'RISK-1' följer inte formatet för risk"),
])
def test_bad_input_stops_with_a_swedish_message(args: list[str], message: str, repo: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    files = set(repo.rglob("*.md"))
    assert new(repo, *args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert set(repo.rglob("*.md")) == files


def test_options_a_type_does_not_use_are_named(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(repo, "krav", "--title", TITLE, "--owner", "enhetschef_ht") == 0
    err = capsys.readouterr().err
    assert "--owner används inte för typen krav" in err
    assert ":uppfyller: KRAV-" in err  # how to cover the new requirement


def test_new_asks_on_a_terminal(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    units = list(MODEL.units)
    # title; unit by its number; owner: default; target group: a wrong answer, then a role;
    # process: default
    answers = f"Läkemedel i hemmet\n{units.index('LSS') + 1}\n\nnågon\nstödassistent\n\n"
    monkeypatch.setattr(sys, "stdin", FakeTerminal(answers))
    assert new(repo, "rutin", no_input=False) == 0
    out, err = capsys.readouterr()
    need = need_in(created_path(repo, out), repo)
    assert need.title == "Läkemedel i hemmet" and need.id.startswith("RUT-LSS-")
    assert need.values("enheter") == ["LSS"] and need.values("målgrupp") == ["stödassistent"]
    assert need.value("ägare") in MODEL.roles
    assert "Målgrupp (--role): 'någon' finns inte" in err
    assert "Enhet [GEM]:" in err and f"{units.index('LSS') + 1:>4}. LSS" in err


def test_a_terminal_that_closes_stops_cleanly(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", FakeTerminal("Bara en rubrik\n"))
    assert new(repo, "rutin", no_input=False) == 2
    assert "Avbrutet: inget svar om enhet" in capsys.readouterr().err


def test_new_from_the_shell_without_a_terminal(repo: Path) -> None:
    command = [sys.executable, "-m", "lotsen.cli.main", "new", "rutin", "--title", "Rutin från skalet"]
    files = set(repo.rglob("*.md"))
    # no terminal and no --no-input: Lotsen does not guess, it names what to give
    result = subprocess.run(command, cwd=repo, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            env=run_env(), check=False)
    assert result.returncode == 2 and result.stdout == ""
    assert all(f"--{name}:" in result.stderr for name in ("unit", "owner", "role", "process"))
    assert "--no-input" in result.stderr and "Traceback" not in result.stderr
    assert set(repo.rglob("*.md")) == files
    # a flag given is not asked for again
    result = subprocess.run([*command, "--unit", "HT", "--role", "undersköterska"], cwd=repo,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, env=run_env(), check=False)
    assert result.returncode == 2
    assert "--owner:" in result.stderr and "--process:" in result.stderr
    assert "--unit:" not in result.stderr and "--role:" not in result.stderr

    result = subprocess.run([*command, "--no-input"], cwd=repo, stdin=subprocess.DEVNULL, capture_output=True,
                            text=True, env=run_env(), check=False)
    assert result.returncode == 0, result.stderr
    path = repo / result.stdout.strip()
    assert path.is_file() and path.parent.parent == repo / "routines"
    assert "klarar lotsen check" in result.stderr
    need = need_in(path, repo)  # each default taken is said, with the value it wrote
    for option, field_name in (("unit", "enheter"), ("owner", "ägare"), ("role", "målgrupp"), ("process", "tillhör")):
        assert f": {need.value(field_name)} (ange --{option} för ett annat)." in result.stderr
    assert main(["check", "--root", str(repo)]) == 0


def test_a_type_without_template_cannot_be_created(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = repo / "lotsen.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace('    id_template: "RISK-{unit}-{number:02d}"\n', ""),
                     encoding="utf-8")
    assert new(repo, "risk", "--title", TITLE) == 2
    assert "Typen 'risk' har ingen id_template i lotsen.yaml" in capsys.readouterr().err


def test_new_objects_build_into_the_site(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for type_name in MODEL.types:
        if type_name != MODEL.reports.requirement_type:
            assert new(repo, type_name, "--title", f"Ny {MODEL.types[type_name].title.lower()}", "--unit", "HT") == 0
    capsys.readouterr()
    commit(repo, "Nya objekt")
    assert git(repo, "status", "--porcelain") == ""
    result = sphinx_build(repo)
    assert result.returncode == 0, result.stderr
    assert reported(result.stderr) == [] and "WARNING" not in result.stderr


def test_a_long_list_of_choices_is_cut_but_every_choice_can_be_typed() -> None:
    choices = tuple((f"RUT-HT-{n:03d}", f"Rutin {n}") for n in range(1, SHOWN + 6))
    out = io.StringIO()
    ask = TerminalAsker(FakeTerminal(f"RUT-HT-{SHOWN + 5:03d}\n"), out)
    answer = ask(Slot("routine", "Rutin", choices, "RUT-HT-001"), resolve)
    assert answer == f"RUT-HT-{SHOWN + 5:03d}"
    assert "… och 5 till: skriv koden eller ID:t." in out.getvalue()
    assert f"RUT-HT-{SHOWN + 1:03d}" not in out.getvalue().split("…")[0]


@pytest.mark.parametrize(("type_name", "unit", "link"), [("kontroll", "HT", "följer_upp"), ("rutin", "LSS", "tillhör"),
                                                         ("kontroll", "EKB", "följer_upp")])
def test_default_links_stay_within_the_unit(type_name: str, unit: str, link: str, repo: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert new(repo, type_name, "--title", TITLE, "--unit", unit) == 0
    need = need_in(created_path(repo, capsys.readouterr().out), repo)
    [target] = need.values(link)
    others = scan_files(MODEL, repo, content_files(repo))[0]
    assert next(n for n in others if n.id == target).values("enheter") == [unit]


def test_the_units_are_offered_in_the_trees_order_indented(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    # units placed by parent, listed out of order: offered förvaltning → avdelning → enhet
    units = ("units:\n  HT: {name: Hemtjänsten Norrvik, parent: ALD}\n"
             "  GEM: {name: Norrviks stadsdelsförvaltning, kind: förvaltning}\n"
             "  LSS: {name: LSS gruppbostad Tallbacken, parent: FUN}\n"
             "  ALD: {name: Äldreomsorg, kind: avdelning, parent: GEM}\n"
             "  FUN: {name: Funktionsnedsättning, kind: avdelning, parent: GEM}\n"
             "  HTS: {name: Hemtjänsten Strandviken, parent: ALD}\n\n")
    model = repo / "lotsen.yaml"
    text = re.sub(r"(?ms)^units:\n.*?(?=^\S)", units, model.read_text(encoding="utf-8"), count=1)
    model.write_text(re.sub(r"(?m)^  [a-z_]+@[A-Z]+:.*\n", "", text), encoding="utf-8")  # accounts of gone units
    monkeypatch.setattr(sys, "stdin", FakeTerminal("Läkemedel i hemmet\n"))  # then the terminal closes
    assert new(repo, "rutin", no_input=False) == 2
    err = capsys.readouterr().err
    listed = re.findall(r"(?m)^ +(\d+)\. (\S+) ( *)(.*)$", err.split("Enhet:\n", 1)[1])
    # the indent before a name: what is left after the code column (3 wide) and 2 spaces
    assert [(n, code, len(code) + 1 + len(gap) - 3 - 2, name) for n, code, gap, name in listed] == [
        ("1", "GEM", 0, "Norrviks stadsdelsförvaltning (förvaltning)"),
        ("2", "ALD", 2, "Äldreomsorg (avdelning)"),
        ("3", "HT", 4, "Hemtjänsten Norrvik"),
        ("4", "HTS", 4, "Hemtjänsten Strandviken"),
        ("5", "FUN", 2, "Funktionsnedsättning (avdelning)"),
        ("6", "LSS", 4, "LSS gruppbostad Tallbacken"),
    ]
