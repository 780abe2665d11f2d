"""The kvalitetsberättelse built from the data: its chapters, figures counted here from
the sources, the year's gaps (in the draft, in `lotsen check` and in the build), the
cut-off date read from git, and an avdelning's figures as the sums of its units."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from lotsen.cli.main import main
from lotsen.model import load_model

from conftest import REPO, TODAY, copy_sample, make_project, reported, reported_varnings, sphinx_build

#: Rules of the year's completeness, triggered here rather than by a rule fixture.
STORY_RULES = {"story_control_without_result", "story_effect_not_evaluated", "story_statistics_missing",
               "story_chapter_empty", "story_prose_unused", "story_prose_format"}
CHAPTERS = [c.title for c in load_model(REPO / "lotsen.yaml").story.chapters]


def _git(repo: Path, *args: str, date: str = "2026-11-01T12:00:00") -> None:
    env = dict(os.environ, HOME=str(repo.parent), GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull,
               GIT_AUTHOR_NAME="Lotsen test", GIT_AUTHOR_EMAIL="test@example.invalid",
               GIT_COMMITTER_NAME="Lotsen test", GIT_COMMITTER_EMAIL="test@example.invalid",
               GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    result = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def _commit(repo: Path, date: str) -> None:
    _git(repo, "add", "-A", date=date)
    _git(repo, "commit", "-q", "--no-gpg-sign", "-m", "Ändring", date=date)


@pytest.fixture(scope="module")
def sample_git(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = copy_sample(tmp_path_factory.mktemp("story") / "repo")
    _git(repo, "init", "-q", "-b", "main")
    _commit(repo, "2026-11-01T12:00:00")
    return repo


@pytest.fixture(scope="module")
def whole(sample_git: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The förvaltning's berättelse of the sample, written once for this module."""
    out = tmp_path_factory.mktemp("whole")
    with pytest.MonkeyPatch.context() as patch:  # the tests' build date, as the autouse fixture sets it
        patch.setenv("LOTSEN_TODAY", TODAY)
        assert main(["berättelse", "2026", "--root", str(sample_git), "--ut", str(out)]) == 0
    return out, (out / "berattelse-2026.md").read_text(encoding="utf-8")


def _story(repo: Path, out: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["berättelse", "2026", "--root", str(repo), "--ut", str(out), *args])
    captured = capsys.readouterr()
    text = (out / ("berattelse-2026" + (f"-{args[args.index('--avdelning') + 1].lower()}" if "--avdelning" in args
                                        else "") + ".md"))
    return code, text.read_text(encoding="utf-8") if text.exists() else "", captured.out + captured.err


def _table(text: str, caption: str) -> list[list[str]]:
    """The rows of a table in the Markdown text, by its caption."""
    lines = text.split(f"Tabell: {caption}\n\n", 1)[1].splitlines()
    rows = [line.strip("|").split(" | ") for line in lines[2:] if line.startswith("|")]
    end = next((i for i, line in enumerate(lines[2:]) if not line.startswith("|")), len(lines))
    return [[c.strip() for c in row] for row in rows[:end]]


def _csv_total(repo: Path, year: str, units: set[str] | None, category: str, quarters: set[str]) -> int:
    total = 0
    for path in sorted((repo / "statistik").glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter=";"):
                period = row["Period"]
                if period[:4] == year and period[5:] in quarters and row["Kategori"] == category \
                        and (units is None or row["Enhet"] in units):
                    total += int(row["Antal"])
    return total


def test_chapters_and_figures_match_the_sources(sample_git: Path, whole: tuple[Path, str]) -> None:
    text = whole[1]
    headings = re.findall(r"(?m)^## \d+\. (.*)$", text)
    assert headings == CHAPTERS
    # 1. the risk register holds every risk in the risks folder
    risks = sum(path.read_text(encoding="utf-8").count("```{risk}") for path in (sample_git / "risks").glob("*.md"))
    assert "- Risker: **%d**" % risks in text
    # 2. the year's results: every finished result object of 2026
    results = sum(len(re.findall(r"(?m)^:tidsperiod: 2026", p.read_text(encoding="utf-8")))
                  for p in (sample_git / "results" / "2026").glob("*.md"))
    assert results > 10 and f"- Resultat: **{results}**" in text
    # 3. avvikelser 2026 (the quarters that have statistics) from the exports, beside the table
    rows = {row[0]: row for row in _table(text, "Ärenden per kategori K1–K3, 2025 och 2026")}
    expected = _csv_total(sample_git, "2026", None, "Avvikelse", {"K1", "K2", "K3"})
    assert int(rows["Avvikelse"][2]) == expected
    assert int(rows["Avvikelse"][1]) == _csv_total(sample_git, "2025", None, "Avvikelse", {"K1", "K2", "K3"})
    # the prose beside the data
    assert "flyttat hela ledningssystemet" in text
    # the goals chapter holds every goal of the sample
    goals = sum(p.read_text(encoding="utf-8").count("```{mål}") for p in sample_git.rglob("*.md")
                if "needs_templates" not in p.parts)
    assert goals and f"- Mål: **{goals}**" in text.split("## 10. Mål och indikatorer", 1)[1]


def test_page_pdf_and_word_carry_the_chapters(sample_git: Path, whole: tuple[Path, str], tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    import docx
    from pypdf import PdfReader

    files = {p.suffix: p for p in whole[0].iterdir()}
    assert set(files) == {".html", ".pdf", ".docx", ".xlsx", ".md"}
    page = files[".html"].read_text(encoding="utf-8").replace("&amp;", "&")
    pdf = " ".join(page_.extract_text() for page_ in PdfReader(str(files[".pdf"])).pages)
    headings = [p.text for p in docx.Document(str(files[".docx"])).paragraphs if p.style.name.startswith("Heading")]
    for title in CHAPTERS:
        assert title in page and title in headings
        assert " ".join(title.split()) in " ".join(pdf.split()), title
    # built twice, the files are the same
    _story(sample_git, tmp_path / "b", capsys=capsys)
    for path in files.values():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_a_planned_control_without_a_result_is_named(sample_git: Path, whole: tuple[Path, str]) -> None:
    text = whole[1]
    missing = text.split("## Det som saknas", 1)[1]
    # KTRL-LSS-02 is planned in June; the sample has no June result for it
    assert not list((sample_git / "results").rglob("*.md")) or "RES-KTRL-LSS-02-2026-06" not in "".join(
        p.read_text(encoding="utf-8") for p in (sample_git / "results").rglob("*.md"))
    assert re.search(r"KTRL-LSS-02 \(Kassagranskning av privata medel\) var planerad i juni 2026", missing)
    assert "(controls/lss.md, rad " in missing


def test_an_avdelning_is_the_sum_of_its_units(sample_git: Path, whole: tuple[Path, str], tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    everything = whole[1]
    code, ald, output = _story(sample_git, tmp_path / "ald", "--avdelning", "ald", capsys=capsys)
    assert code == 0, output
    assert "Kvalitetsberättelse 2026: Äldreomsorg" in ald
    units = {"HT", "HTS", "SBO", "NAT", "ALD"}
    rows = {row[0]: row for row in _table(ald, "Ärenden per kategori K1–K3, 2025 och 2026")}
    assert int(rows["Avvikelse"][2]) == _csv_total(sample_git, "2026", units, "Avvikelse", {"K1", "K2", "K3"})
    # planned and performed controls: the avdelning's row is the sum of its units', in
    # both documents, and the same in both
    caption = "Läge per enhet 2026"
    for text in (everything, ald):
        table = {row[0]: [int(v) for v in row[2:]] for row in _table(text, caption)}
        parts = [table[name] for name in ("Hemtjänsten Norrvik", "Hemtjänsten Strandviken",
                                          "Vård- och omsorgsboendet Lärkan", "Nattpatrullen")]
        assert table["Äldreomsorg"] == [sum(column) for column in zip(*parts)]
    assert {row[0] for row in _table(ald, caption)} == {"Äldreomsorg", "Hemtjänsten Norrvik", "Hemtjänsten Strandviken",
                                                        "Vård- och omsorgsboendet Lärkan", "Nattpatrullen"}
    assert _table(ald, caption)[0] == next(r for r in _table(everything, caption) if r[0] == "Äldreomsorg")


def test_bad_year_date_and_unit_are_told_plainly(sample_git: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for args, words in ((["berättelse", "20x6"], "inget år"),
                        (["berättelse", "2026", "--datum", "2026-13-01"], "inget datum"),
                        (["berättelse", "2026", "--datum", "2025-06-01"], "före år 2026"),
                        (["berättelse", "2026", "--avdelning", "XYZ"], "Enheten 'XYZ' finns inte")):
        code = main([*args, "--root", str(sample_git)])
        err = capsys.readouterr().err
        assert code == 2 and words in err and "Traceback" not in err, (args, err)


@pytest.mark.parametrize("year", ["2027", "2030", "2199"])
def test_a_year_that_has_not_begun_is_refused(sample_git: Path, tmp_path: Path, year: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """The build date is 2026-11-22: a later year would mix its title with 2026's data."""
    out = tmp_path / "ut"
    code = main(["berättelse", year, "--root", str(sample_git), "--ut", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and f"{year} är för långt fram" in err and "har inte börjat" in err, err
    assert "Åtgärd: välj 2026" in err and "Traceback" not in err
    assert not out.exists()


def test_nämnd_and_berättelse_refuse_a_later_year_by_one_rule(sample_git: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    # the nämnd may plan the coming year, the berättelse tells a year that has begun
    assert main(["nämnd", "2028", "--root", str(sample_git), "--ut", str(sample_git / "_n")]) == 2
    nämnd = capsys.readouterr().err
    assert main(["berättelse", "2027", "--root", str(sample_git), "--ut", str(sample_git / "_b")]) == 2
    story = capsys.readouterr().err
    assert nämnd.split(":", 1)[1].split(" Åtgärd")[0].replace("nämndens handlingar", "X") \
        == story.split(":", 1)[1].split(" Åtgärd")[0].replace("kvalitetsberättelsen", "X")


#: Prose files the check does not read -> the rule that says so.
UNREAD_PROSE = {
    "sammanfattning.md": (("# S\n\n" + ("Vi har förbättrat rutinerna. " * 60 + "\n\n") * 1000).encode("utf-8"),
                          "file_too_large"),
    "forbattring.md": ("# F\n\nVi ska förbättra åtgärderna.\n".encode("cp1252"), "file_unreadable"),
    "egenkontroll.md": ("# E\n\nÅrets egenkontroller gick bra.\n".encode("utf-16"), "file_unreadable"),
}


def test_prose_the_check_does_not_read_is_not_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Too large or not UTF-8: the check says it is not read, so the berättelse does
    not use it either; and `lotsen berättelse` refuses content with errors, naming them."""
    from lotsen.reports.story.prose import read_prose

    repo = copy_sample(tmp_path / "repo")
    for name, (data, _code) in UNREAD_PROSE.items():
        (repo / "berattelse" / "2026" / name).write_bytes(data)
    model = load_model(repo / "lotsen.yaml")
    for name in UNREAD_PROSE:
        assert read_prose(repo, model, 2026, name[:-3]) == ("", f"berattelse/2026/{name}"), name
    assert main(["check", "--root", str(repo), "--format", "json"]) == 1
    errors = {(f["file"], f["code"]) for f in json.loads(capsys.readouterr().out) if f["severity"] == "fel"}
    assert errors == {(f"berattelse/2026/{name}", code) for name, (_data, code) in UNREAD_PROSE.items()}
    _git(repo, "init", "-q", "-b", "main")
    _commit(repo, "2026-11-01T12:00:00")
    code, text, output = _story(repo, tmp_path / "ut", capsys=capsys)
    assert code == 1 and text == "" and not (tmp_path / "ut").exists(), output
    for name, (_data, rule) in UNREAD_PROSE.items():
        assert re.search(rf"^berattelse/2026/{re.escape(name)}:\d+: fel: .*\[lotsen\.{rule}\]$", output, re.M), output
    assert "har 3 fel, så kvalitetsberättelsen kan bli fel och skrivs inte" in output and "Traceback" not in output


def test_content_with_an_error_is_refused_as_the_nämnd_refuses_it(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    repo = copy_sample(tmp_path / "repo")
    risk = repo / "risks" / "ekb.md"
    risk.write_text(risk.read_text(encoding="utf-8").replace(":sannolikhet: 2\n", "", 1), encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _commit(repo, "2026-11-01T12:00:00")
    code, _text, output = _story(repo, tmp_path / "ut", capsys=capsys)
    assert code == 1 and not (tmp_path / "ut").exists(), output
    assert re.search(r"^risks/ekb\.md:\d+: fel: ", output, re.M), output
    assert "Innehållet i versionen " in output and "har 1 fel," in output and "rätta felet först" in output
    # the same content in the working tree: the nämnd refuses it by the same words
    assert main(["nämnd", "2026", "--root", str(repo), "--ut", str(tmp_path / "n")]) == 1
    nämnd = capsys.readouterr().err
    assert "risks/ekb.md" in nämnd and "har 1 fel, så handlingarna kan bli fel och skrivs inte" in nämnd


def test_a_file_that_cannot_be_written_leaves_no_half_set(sample_git: Path, whole: tuple[Path, str], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    for older in whole[0].iterdir():  # an earlier run's files
        (out / older.name).write_bytes(b"forra")
    (out / "berattelse-2026.docx").unlink()
    (out / "berattelse-2026.docx").mkdir()
    code = main(["berättelse", "2026", "--root", str(sample_git), "--ut", str(out)])
    assert code == 2 and "det är en mapp, inte en fil" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in whole[0].iterdir())
    assert all(p.read_bytes() == b"forra" for p in out.iterdir() if p.is_file())


ROUTINE = """# Ny rutin

```{rutin} Larm som inte fungerar
:id: RUT-HT-002
:status: fastställd
:ägare: enhetschef_ht
:fastställd_av: avdelningschef
:fastställd: 2026-06-01
:revideras: 2027-06-01
:version: 1
:målgrupp: undersköterska
:enheter: HT
:tillhör: PROC-HT-UTFORA

1. Ring larmcentralen.
```
"""


def test_a_date_before_a_change_does_not_show_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_project(tmp_path / "repo")
    _git(repo, "init", "-q", "-b", "main")
    _commit(repo, "2025-12-01T12:00:00")
    (repo / "routines.md").write_text(ROUTINE, encoding="utf-8")
    _commit(repo, "2026-06-15T12:00:00")
    code, before, output = _story(repo, tmp_path / "a", "--datum", "2026-04-30", capsys=capsys)
    assert code == 0, output
    assert "RUT-HT-002" not in before
    # a chapter with neither data nor prose says so in plain words
    empty = before.split("## 8. Externa granskningar", 1)[1].split("## 9.", 1)[0]
    assert "*Det finns inga uppgifter för kapitlet 2026, och ingen har skrivit någon text om det ännu" in empty
    code, after, output = _story(repo, tmp_path / "b", "--datum", "2026-12-31", capsys=capsys)
    assert code == 0, output
    assert "| Ny | RUT-HT-002 Larm som inte fungerar | Rutin |" in after
    assert "Läget vid årets slut, den 31 december 2026" in after
    # the working tree is not read: an uncommitted change does not count, and the
    # same date gives the same text
    (repo / "routines.md").write_text(ROUTINE.replace("RUT-HT-002", "RUT-HT-003"), encoding="utf-8")
    _code, again, _ = _story(repo, tmp_path / "c", "--datum", "2026-12-31", capsys=capsys)
    assert again == after


EFFECT = """# Åtgärd

```{åtgärd} Ny nyckelrutin
:id: ATG-2026-002
:status: klar
:ansvarig: enhetschef_ht
:klar_senast: 2026-05-30
:klar_datum: 2026-05-02
:ursprung: avvikelse
:effekt: ej utvärderad
:åtgärdar: RISK-HT-01
```
"""


def test_gaps_are_warnings_of_check_and_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stats = "Period;Enhet;Kategori;Antal\n2026-K1;HT;Avvikelse;5\n2025-K4;HT;Avvikelse;4\n"
    root = make_project(tmp_path / "proj", {"atgard.md": EFFECT, "statistik/arenden.csv": stats}, completeness=True)
    model_lines = (root / "lotsen.yaml").read_text(encoding="utf-8").splitlines()
    line_of = {text.strip().split(":")[0]: number for number, text in enumerate(model_lines, 1)}
    assert main(["check", "--root", str(root), "--format", "json"]) == 0
    findings = json.loads(capsys.readouterr().out)
    got = {(f["code"], f["file"], f["line"]) for f in findings}
    objects = (root / "objects.md").read_text(encoding="utf-8").splitlines()
    control_line = next(i for i, text in enumerate(objects, 1) if text.startswith("```{kontroll}"))
    assert ("story_control_without_result", "objects.md", control_line) in got
    assert ("story_effect_not_evaluated", "atgard.md", 3) in got
    # K2 and K3 ended before the check's date (2026-11-22 less 30 days): one finding for both
    assert ("story_statistics_missing", "lotsen.yaml", line_of["HT"]) in got
    assert ("story_chapter_empty", "lotsen.yaml", line_of["sammanfattning"]) in got
    assert {f["code"] for f in findings} == STORY_RULES - {"story_prose_unused", "story_prose_format"}  # below
    assert all(f["severity"] == "varning" and f["hint"] for f in findings)
    statistics = next(f for f in findings if f["code"] == "story_statistics_missing")
    assert "K2 och K3 2026" in statistics["message"]
    control = next(f for f in findings if f["code"] == "story_control_without_result")
    assert "mars, juni och september 2026" in control["message"]
    # the build judges the same files the same way, and -W does not fail on them
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr
    assert reported(result.stderr) == []
    built = {(r.code, r.file, r.line) for r in reported_varnings(result.stdout)}
    assert built == got


GAP_RULES = STORY_RULES - {"story_prose_unused", "story_prose_format"}


def _gap_list(text: str) -> list[str]:
    """The items of the document's list of what is missing."""
    part = text.split("## Det som saknas\n\n", 1)[1]
    return [line[2:] for line in part.splitlines() if line.startswith("- ")]


@pytest.mark.parametrize("grace", [30, 0])
def test_the_list_of_gaps_is_what_check_says_on_the_same_day(tmp_path: Path, grace: int,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """On each day, the document's list is the check's story warnings, item for item:
    the same grace days, and a month passes the day after its last day."""
    repo = copy_sample(tmp_path / "repo")
    model_file = repo / "lotsen.yaml"
    model_file.write_text(model_file.read_text(encoding="utf-8").replace("grace_days: 30", f"grace_days: {grace}"),
                          encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _commit(repo, "2026-01-05T10:00:00")
    november = re.compile(r"planerad i [a-z, ]*november 2026")
    for day in ("2026-11-30", "2026-12-01", "2026-12-31"):
        monkeypatch.setenv("LOTSEN_TODAY", day)
        assert main(["check", "--root", str(repo), "--format", "json"]) == 0
        found = [f for f in json.loads(capsys.readouterr().out) if f["code"] in GAP_RULES]
        expected = sorted(f"{f['message']} ({f['file']}, rad {f['line']})" if f["line"] else
                          f"{f['message']} ({f['file']})" for f in found)
        code, text, output = _story(repo, tmp_path / day, "--datum", day, capsys=capsys)
        assert code == 0, output
        assert sorted(_gap_list(text)) == expected, day
        # November has passed when the day less the grace days is after 30 November
        cut = dt.date.fromisoformat(day) - dt.timedelta(days=grace)
        assert any(november.search(g) for g in expected) == (cut > dt.date(2026, 11, 30)), (day, expected)


#: Prose files no chapter reads -> (where the finding stands, its line, what its hint suggests).
UNUSED_PROSE = {
    "berattelse/2026/samverkn.md": ("berattelse/2026/samverkn.md", 1, "menade du samverkan.md?"),
    "berattelse/2026/Sammanfattning.md.txt": None,  # not Markdown: not prose, not checked here
    "berattelse/anteckningar.md": ("berattelse/anteckningar.md", 1, "berattelse/2026/"),
    "berattelse/tjugo/risker.md": ("berattelse/tjugo", 0, "berattelse/2026"),
    "berattelse/tjugo/mal.md": ("berattelse/tjugo", 0, "berattelse/2026"),  # the same folder: one finding
    "berattelse/2026/alld/risker.md": ("berattelse/2026/alld", 0, "menade du ald?"),
    "berattelse/2026/ald/extra/risker.md": ("berattelse/2026/ald/extra/risker.md", 1, "berattelse/2026/ald"),
}


def test_prose_that_no_chapter_reads_is_one_warning_per_mistake(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt chapter, a file outside a year's folder, a folder that is no year or
    no unit, a file too deep: its text would be missing from the berättelse, so check
    and build warn, once per file or once per folder, saying what to rename; the
    chapters' own files (for the whole förvaltning and for an avdelning) are not named."""
    prose = {name: "# Text\n\nNågot som ska med.\n" for name in UNUSED_PROSE}
    prose |= {"berattelse/2026/sammanfattning.md": "# S\n\nÅret i korthet.\n",
              "berattelse/2026/ald/risker.md": "# R\n\nRiskerna i äldreomsorgen.\n"}
    root = make_project(tmp_path / "proj", prose)
    assert main(["check", "--root", str(root), "--format", "json"]) == 0
    findings = [f for f in json.loads(capsys.readouterr().out) if f["code"] == "story_prose_unused"]
    want = {found[:2] for found in UNUSED_PROSE.values() if found}
    assert sorted((f["file"], f["line"]) for f in findings) == sorted(want)
    for where, _, suggestion in filter(None, UNUSED_PROSE.values()):
        finding = next(f for f in findings if f["file"] == where)
        assert finding["severity"] == "varning" and suggestion in finding["hint"], finding
        assert "kommer inte med i kvalitetsberättelsen" in finding["message"]
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr
    built = {(r.file, r.line) for r in reported_varnings(result.stdout) if r.code == "story_prose_unused"}
    assert built == want


def test_completeness_can_be_turned_off(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "proj", {"atgard.md": EFFECT})
    assert main(["check", "--root", str(root), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_site_page(site: Path) -> None:
    page = (site / "docs" / "kvalitet" / "berattelse.html").read_text(encoding="utf-8")
    for number, title in enumerate(CHAPTERS, 1):
        assert f">{number}. {title}</h2>" in page.replace("&amp;", "&")
    assert "Det som saknas" in page and "KTRL-LSS-02" in page
    # prose is rendered, the prose pages are not pages of their own
    assert "<p>Det här är förvaltningens kvalitetsberättelse för 2026." in page
    assert not (site / "berattelse").exists()


def test_a_chapter_with_prose_is_not_computed_for_the_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check asks only which chapters are empty, and one with prose never is: its
    data is not computed, and the findings are those of the chapters as the berättelse
    makes them, with prose or without."""
    import datetime as dt

    from lotsen.checks.pipeline import check
    from lotsen.reports.story import build
    from lotsen.reports.story.checking import story_findings
    from lotsen.reports.story.completeness import check_cut
    from lotsen.reports.story.context import StoryContext
    from lotsen.reports.story.scope import Scope
    from lotsen.source.files import content_files

    root = make_project(tmp_path / "proj", {"atgard.md": EFFECT}, completeness=True)
    model = load_model(root / "lotsen.yaml")
    index = check(model, root, content_files(root), dt.date(2026, 11, 22)).index
    cut = check_cut(index.today, model.results.grace_days)

    def as_made() -> list:
        ctx = StoryContext(Scope(index), cut.year, cut)
        return build.year_gaps(ctx) + build.chapters_of(ctx, root)[1]

    computed: list[str] = []
    for key, builder in list(build.BUILDERS.items()):
        monkeypatch.setitem(build.BUILDERS, key, lambda ctx, key=key, builder=builder: (
            computed.append(key), builder(ctx))[1])
    without = story_findings(index, root)
    assert without == as_made() and "story_chapter_empty" in {f.code for f in without}
    assert "risks" in computed
    for chapter in ("sammanfattning", "granskningar", "risker"):
        page = root / "berattelse" / str(cut.year) / f"{chapter}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("# Rubrik\n\nVad som hände.\n", encoding="utf-8")
    computed.clear()
    with_prose = story_findings(index, root)
    assert "risks" not in computed and "reviews" not in computed and "organisation" in computed
    assert with_prose == as_made() and len(with_prose) < len(without)


PROSE = """# Sammanfattning

Se {need}`RUT-HT-001` om nycklar.

| Enhet | Antal |
| --- | --- |
| HT | 3 |

## Delrubrik

Mer text.
"""


def test_prose_is_read_the_same_way_in_every_output(sample_git: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A table, a sub-heading and a link to an object: parsed back from each file with
    a parser of its own, each output shows the same."""
    from html.parser import HTMLParser

    import docx

    from lotsen.site import story_page

    repo = copy_sample(tmp_path / "repo")
    (repo / "berattelse" / "2026" / "sammanfattning.md").write_text(PROSE, encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _commit(repo, "2026-11-01T12:00:00")
    code, text, output = _story(repo, tmp_path / "ut", capsys=capsys)
    assert code == 0, output

    class Outline(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.events: list[tuple[str, str]] = []
            self.open: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag not in ("meta", "br", "hr", "img", "link", "input", "col", "wbr"):
                self.open.append(tag)

        def handle_endtag(self, tag):
            if self.open:
                self.open.pop()

        def handle_data(self, data):
            if data.strip() and self.open and self.open[-1] in ("h2", "h3", "td", "th", "a"):
                self.events.append((self.open[-1], data.strip()))

    def outline(html: str) -> list[tuple[str, str]]:
        parser = Outline()
        parser.feed(html)
        events = parser.events
        start = events.index(("h2", "Sammanfattning")) if ("h2", "Sammanfattning") in events else \
            next(i for i, e in enumerate(events) if e[0] == "h2" and e[1].endswith("Sammanfattning"))
        return [e for e in events[start + 1:] if e[1] in ("RUT-HT-001", "Enhet", "Antal", "HT", "3", "Delrubrik")][:6]

    expected = [("a", "RUT-HT-001"), ("th", "Enhet"), ("th", "Antal"), ("td", "HT"), ("td", "3"), ("h3", "Delrubrik")]
    document = (tmp_path / "ut" / "berattelse-2026.html").read_text(encoding="utf-8")
    assert outline(document)[:5] == expected[1:]  # the standalone page links no object: the ID as text
    assert "RUT-HT-001" in document and "{need}" not in document
    page = story_page.prose_html(PROSE.split("\n", 1)[1], lambda ident: f"../../routines/{ident}.html")
    assert outline("<h2>Sammanfattning</h2>" + str(page)) == expected
    word = docx.Document(str(tmp_path / "ut" / "berattelse-2026.docx"))
    cells = [[c.text for c in row.cells] for t in word.tables for row in t.rows]
    assert ["Enhet", "Antal"] in cells and ["HT", "3"] in cells
    styles = {p.text: p.style.name for p in word.paragraphs}
    assert styles["Delrubrik"] == "Heading 2" and styles["Sammanfattning"] == "Heading 1"
    assert any("RUT-HT-001" in p.text and "{need}" not in p.text for p in word.paragraphs)
    chapter = text.split("## 1. Sammanfattning", 1)[1].split("\n## 2.", 1)[0]
    assert "### Delrubrik" in chapter and "| HT | 3 |" in chapter and "Se RUT-HT-001 om" in chapter


#: A construct the berättelse cannot show -> the line of its finding and a word of its message.
UNSHOWN = {
    "Se {abbr}`LSS (lag)`.": (3, "'{abbr}'"),
    "Fotnot[^1].\n\n[^1]: Förklaring.": (3, "Fotnoter"),
    "```{note}\nEn notis.\n```": (3, "Rutan '{note}'"),
    "Text.\n\n# Analys\n\nMer.": (5, "mer än en rubrik"),
    "Se [rutinen](../../routines/ht/rut-ht-001.md).": (3, "Länken går till"),
    "Text.\n\n(etikett)=\n## Del": (5, "visas inte"),
}


@pytest.mark.parametrize("body", list(UNSHOWN))
def test_what_the_berättelse_cannot_show_is_one_finding_on_its_line(tmp_path: Path, body: str,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    repo = copy_sample(tmp_path / "repo")
    (repo / "berattelse" / "2026" / "sammanfattning.md").write_text(f"# Sammanfattning\n\n{body}\n",
                                                                    encoding="utf-8")
    assert main(["check", "--root", str(repo), "--format", "json"]) == 1
    found = [f for f in json.loads(capsys.readouterr().out) if f["code"] == "story_prose_format"]
    line, words = UNSHOWN[body]
    assert [(f["file"], f["line"]) for f in found] == [("berattelse/2026/sammanfattning.md", line)], found
    assert words in found[0]["message"] and found[0]["hint"] and found[0]["severity"] == "fel"
    assert not re.search(r"MyST|direktiv|roll|token|parser", found[0]["message"] + found[0]["hint"], re.I)


def test_the_text_escapes_values_from_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A '|' in a title splits no row, and HTML from the model stays text (read back
    with markdown-it, an independent reading of the file)."""
    from markdown_it import MarkdownIt

    repo = copy_sample(tmp_path / "repo")
    model = repo / "lotsen.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("HT: Hemtjänsten Norrvik",
                                                               'HT: "Hemtjänst <script>x</script> & Co"', 1),
                     encoding="utf-8")
    routine = repo / "routines" / "ht" / "rut-ht-001.md"
    lines = routine.read_text(encoding="utf-8").split("\n")
    lines[0] = "# Nycklar | larm"
    lines = [re.sub(r"^(```\{rutin\}) .*$", r"\1 Nycklar | larm \\ ny", line) for line in lines]
    routine.write_text("\n".join(lines), encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _commit(repo, "2026-11-01T12:00:00")
    code, text, output = _story(repo, tmp_path / "ut", capsys=capsys)
    assert code == 0, output
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt; &amp; Co" in html
    assert "RUT-HT-001 Nycklar \\| larm" in text
    # every row of a table has as many columns as its header
    for table in re.findall(r"(?:^\|.*\n)+", text, re.M):
        bars = {len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(bars) == 1, table
