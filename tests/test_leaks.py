"""Nothing leaked: bad input planted in a copy of a project, category by category.

For each case: the rule code, file and line, from `lotsen check` (every format) and
from the build; the exit code; no traceback; the personal number never printed; the
content from outside the repository never on a page; the sources untouched.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from lotsen.cli.main import main

from conftest import make_project, reported, sphinx_build

#: Valid numbers (Luhn and date checked by tests/test_personal_data_oracle.py's oracle).
NUMBER = "850101-1236"
NUMBER_12 = "19121212-1212"
#: What must never appear in any output: the digits of the numbers, in any form.
NEVER = ("850101", "1236", "121212", "1212-1212", "8501011236")
SECRET = "HEMLIG-RAD-UTANFÖR-ARKIVET"

ROUTINE = """# Rutin

```{{rutin}} Ny rutin
:id: RUT-HT-050
:status: {status}
:ägare: enhetschef_ht
:fastställd_av: avdelningschef
:fastställd: 2026-01-15
:revideras: 2027-01-15
:version: 1
:målgrupp: undersköterska
:enheter: HT
:tillhör: PROC-HT-UTFORA
:uppfyller: KRAV-SOSFS-4-4

1. {step}
```
"""


@dataclass
class Case:
    files: dict[str, str]
    expected: list[tuple[str, int, str]]
    links: dict[str, str] = field(default_factory=dict)  # name -> target under the outside folder
    outside: dict[str, str] = field(default_factory=dict)  # files outside the repository


UP = "../" * 12
CASES = {
    "filnamn": Case({f"brukare-{NUMBER}.md": "# Anteckning\n\nText.\n"},
                    [("brukare-85xxxx-xxxx.md", 1, "personal_number")]),
    "mappnamn": Case({f"{NUMBER}/sida.md": "# Anteckning\n\nText.\n"},
                     [("85xxxx-xxxx/sida.md", 1, "personal_number")]),
    "literalinclude": Case({"sida.md": "# A\n\n```{literalinclude} data/lista.txt\n```\n",
                            "data/lista.txt": f"rad 1\nrad 2\nBrukare {NUMBER}\n"},
                           [("data/lista.txt", 3, "personal_number")]),
    "include": Case({"sida.md": "# A\n\n```{include} delar/del.txt\n```\n",
                     "delar/del.txt": "Text\n\nBrukare 19121212\u20131212.\n"},
                    [("delar/del.txt", 3, "personal_number")]),
    "csv-table": Case({"sida.md": "# A\n\n```{csv-table} Lista\n:file: data/t.csv\n```\n",
                       "data/t.csv": "namn,nummer\nA,850101 - 1236\n"},
                      [("data/t.csv", 2, "personal_number")]),
    "rst": Case({"sida.rst": f"Rubrik\n======\n\nBrukare {NUMBER}.\n"},
                [("sida.rst", 1, "file_not_markdown"), ("sida.rst", 4, "personal_number")]),
    "dold mapp": Case({".utkast/sida.md": "# A\n\nBrukare 850101\u20111236.\n"},
                      [(".utkast/sida.md", 3, "personal_number")]),
    "utkast": Case({"utkast.md": ROUTINE.format(status="utkast", step=f"Ring brukaren {NUMBER_12}.")},
                   [("utkast.md", 16, "personal_number")]),
    "fältvärde": Case({"sida.md": ROUTINE.format(status="fastställd", step="Ring.").replace(
                        ":ägare: enhetschef_ht", f":ägare: {NUMBER}")},
                      [("sida.md", 6, "personal_number")]),  # one finding: the number must go
    "tankstreck": Case({"sida.md": "# A\n\nBrukare 850101 \u2013 1236 och 19121212\u00a0\u20131212.\n"},
                       [("sida.md", 3, "personal_number"), ("sida.md", 3, "personal_number")]),
    "länk till fil utanför": Case({}, [("lank.md", 1, "outside_repository")],
                                  links={"lank.md": "hemlig.md"},
                                  outside={"hemlig.md": f"# {SECRET}\n\n{NUMBER}\n"}),
    "länk till mapp utanför": Case({}, [("extern", 1, "outside_repository")],
                                   links={"extern": "mapp"}, outside={"mapp/sida.md": f"# {SECRET}\n"}),
    "systemfil": Case({"sida.md": f"# A\n\n```{{literalinclude}} {UP}etc/passwd\n```\n"},
                      [("sida.md", 3, "outside_repository")]),
    "include utanför": Case({"sida.md": f"# A\n\n```{{include}} {UP}{{outside}}/hemlig.md\n```\n\n"
                                        f"```{{csv-table}} T\n:file: {UP}{{outside}}/t.csv\n```\n\n"
                                        f"![bild]({UP}{{outside}}/bild.png)\n\n"
                                        f"Ladda ner {{download}}`listan <{UP}{{outside}}/t.csv>`.\n\n"
                                        f"```{{eval-rst}}\n.. include:: {UP}{{outside}}/hemlig.md\n```\n"},
                            [("sida.md", 3, "outside_repository"), ("sida.md", 7, "outside_repository"),
                             ("sida.md", 10, "outside_repository"), ("sida.md", 12, "outside_repository"),
                             ("sida.md", 15, "outside_repository")],
                            outside={"hemlig.md": f"# {SECRET}\n", "t.csv": f"a\n{SECRET}\n",
                                     "bild.png": SECRET}),
    "include i include": Case({"sida.md": "# A\n\n```{include} delar/a.txt\n```\n\n[mer]: " + UP + "etc/hosts\n",
                               "delar/a.txt": f"Text\n\n```{{literalinclude}} {UP}etc/passwd\n```\n"},
                              [("sida.md", 3, "outside_repository"), ("sida.md", 6, "outside_repository")]),
    "html": Case({"sida.md": "# A\n\n<meta http-equiv=\"refresh\" content=\"0; url=https://exempel.invalid/\">\n\n"
                             "<style>.upphavd { display: none }</style>\n\n"
                             "Text <iframe src=\"https://exempel.invalid/\"></iframe>.\n\n"
                             "<script>alert(1)</script>\n\n"
                             "<form action=\"https://exempel.invalid/\"><input name=\"pnr\"></form>\n\n"
                             "Bild <img src=\"x.png\" onerror=\"alert(1)\">\n\n"
                             "<object data=\"x.swf\"></object><embed src=\"x.swf\"><base href=\"https://x.invalid/\">\n\n"
                             "[länk](javascript:alert(1)) och <a href=\"javascript:alert(1)\">klicka</a>\n\n"
                             "<b onclick=\"alert(1)\">fet</b> och <span style=\"display:none\">dold</span>\n\n"
                             "```{note}\n<iframe src=\"https://exempel.invalid/\"></iframe>\n```\n\n"
                             "```{raw} html\n<p>rå</p>\n```\n"},
                 [("sida.md", n, "raw_html") for n in (3, 5, 7, 9, 11, 13, 15, 17, 19, 22, 26)]),
}


def plant(tmp_path: Path, case: Case) -> Path:
    outside = tmp_path / "utanfor"
    outside.mkdir()
    for name, text in case.outside.items():
        (outside / name).parent.mkdir(parents=True, exist_ok=True)
        (outside / name).write_text(text, encoding="utf-8")
    rel_outside = os.path.relpath(outside, "/")
    files = {name: text.replace("{outside}", rel_outside) for name, text in case.files.items()}
    root = make_project(tmp_path / "proj", files)
    for name, target in case.links.items():
        (root / name).symlink_to(outside / target)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() and not p.is_symlink() else b"link")
            for p in sorted(root.rglob("*")) if "_build" not in p.parts}


def assert_nothing_leaked(output: str) -> None:
    assert "Traceback" not in output
    for digits in NEVER:
        assert digits not in output, (digits, output[:2000])
    assert SECRET not in output
    assert "root:x:" not in output


@pytest.mark.parametrize("name", list(CASES))
def test_lotsen_check_names_code_file_and_line_in_every_format(name: str, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES[name]
    root = plant(tmp_path, case)
    before = snapshot(root)
    assert main(["check", "--root", str(root), "--format", "json"]) == 1
    out = capsys.readouterr()
    assert_nothing_leaked(out.out + out.err)
    findings = json.loads(out.out)
    assert sorted((f["file"], f["line"], f["code"]) for f in findings if f["severity"] == "fel") == sorted(case.expected)
    for output_format in ("human", "github", "gitlab"):
        assert main(["check", "--root", str(root), "--format", output_format]) == 1
        out = capsys.readouterr()
        assert_nothing_leaked(out.out + out.err)
        assert all(code in out.out for _, _, code in case.expected)
    assert snapshot(root) == before


@pytest.mark.parametrize("name", list(CASES))
def test_the_build_reports_the_same_and_publishes_nothing_of_it(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    root = plant(tmp_path, case)
    before = snapshot(root)
    result = sphinx_build(root)
    assert result.returncode != 0
    assert_nothing_leaked(result.stdout + result.stderr)
    got = sorted((r.file, r.line, r.code) for r in reported(result.stderr))
    assert got == sorted(case.expected), result.stderr
    # The build failed, so nothing is published (test_publish.py); even its own output
    # holds nothing from outside and no raw HTML, and no page is named by a number.
    site = root / "_build" / "html"
    for page in site.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".json", ".csv", ".txt", ".png"):
            text = page.read_bytes().decode("utf-8", errors="replace")
            assert SECRET not in text and "root:x:" not in text
            if page.suffix == ".html":
                for planted in ('http-equiv="refresh"', "<iframe", "onerror", "<script>alert", ".upphavd", 'href="javascript:',
                                "exempel.invalid", "x.swf", "display:none"):
                    assert planted not in text, (page, planted)
        assert "85xxxx" not in page.name and "850101" not in page.name
    assert snapshot(root) == before


def test_allowed_harmless_tags_pass_and_are_sanitised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = ("# A\n\nTexten <abbr title=\"Socialtjänstlagen\">SoL</abbr> och m<sup>2</sup>.\n\n"
            "<abbr title=\"x\" onclick=\"alert(1)\">Y</abbr>\n")
    root = make_project(tmp_path / "proj", {"sida.md": page})
    model = root / "lotsen.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace(
        "  allowed_html: []", "  allowed_html: [abbr, sup]"), encoding="utf-8")
    assert main(["check", "--root", str(root), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    assert [(f["line"], f["code"]) for f in findings] == [(5, "raw_html")]  # the event attribute only
    (root / "sida.md").write_text(page.rsplit("\n\n", 1)[0] + "\n", encoding="utf-8")
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr
    html = (root / "_build/html/sida.html").read_text(encoding="utf-8")
    assert '<abbr title="Socialtjänstlagen">SoL</abbr>' in html and "<sup>2</sup>" in html


@pytest.mark.parametrize("tag", ["script", "style", "meta", "iframe", "form", "object", "embed", "base", "img"])
def test_the_model_may_never_allow_a_dangerous_tag(tag: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "proj")
    model = root / "lotsen.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace(
        "  allowed_html: []", f"  allowed_html: [b, {tag}]"), encoding="utf-8")
    code = main(["check", "--root", str(root)])
    out = capsys.readouterr()
    assert code == 2 and "Traceback" not in out.err
    assert f"'{tag}' i 'content_checks.allowed_html' får inte tillåtas" in out.out + out.err


def test_sphinx_never_reads_what_the_checks_leave_out(tmp_path: Path) -> None:
    """Folders the checks skip at any depth are no part of the site either."""
    root = make_project(tmp_path / "proj", {"routines/tests/sida.md": f"# {SECRET}\n",
                                            "routines/needs_templates/sida.md": f"# {SECRET}\n"})
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr
    assert not list((root / "_build/html").rglob("sida.html"))
    shutil.rmtree(root / "_build")


def test_a_change_note_with_a_number_is_withheld_and_the_build_names_the_commit(tmp_path: Path) -> None:
    """The change log shows each version's change note (never a commit message): an old
    version's note with a number is withheld, and the build names its commit."""
    from conftest import copy_sample
    from workflow_repo import commit, edit, git

    repo = copy_sample(tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Exempelsystemet")
    path = repo / "routines/ht/rut-ht-002.md"
    note = ":ändringsnotering: Lagt till vem man ringer kvällar och nätter när en nyckel saknas."
    edit(path, ":version: 3", ":version: 4")
    edit(path, note, f":ändringsnotering: Gäller brukare {NUMBER} och 19121212\u20131212")
    sha = commit(repo, f"Gäller brukare {NUMBER} och 19121212\u20131212")
    edit(path, ":version: 4", ":version: 5")
    edit(path, f":ändringsnotering: Gäller brukare {NUMBER} och 19121212\u20131212", ":ändringsnotering: Nytt telefonnummer.")
    commit(repo, "Version 5")
    result = sphinx_build(repo)
    assert result.returncode == 0, result.stderr
    log = result.stdout + result.stderr
    assert_nothing_leaked(log)
    assert f"ändring {sha[:10]}" in log
    out = repo / "_build/html"
    for page in [out / "docs/andringslogg.html", *out.rglob("*.csv"), *out.rglob("*.xlsx"), out / "needs.json",
                 out / "routines/ht/rut-ht-002.html"]:
        text = page.read_bytes().decode("utf-8", errors="replace")
        assert "850101" not in text and "121212" not in text, page
    page = (out / "docs/andringslogg.html").read_text(encoding="utf-8")
    assert f"Ändring {sha[:10]}. Noteringen visas inte" in page
    assert "Nytt telefonnummer." in page  # the other versions keep their notes


def test_lotsen_diff_never_prints_a_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import copy_sample
    from workflow_repo import commit, edit, git

    repo = copy_sample(tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Exempelsystemet")
    path = repo / "routines/ht/rut-ht-002.md"
    text = path.read_text(encoding="utf-8")
    title = text.split("{rutin} ", 1)[1].split("\n", 1)[0]
    edit(path, "{rutin} " + title, f"{{rutin}} {title} för brukare {NUMBER}")
    edit(path, ":version: 3", f":version: {NUMBER_12}")
    path.write_text(path.read_text(encoding="utf-8").replace("\n1. ", f"\n1. Ring {NUMBER} först.\n1. ", 1),
                    encoding="utf-8")
    (repo / f"routines/ht/brukare-{NUMBER}.md").write_text(
        ROUTINE.format(status="fastställd", step="Ring.").replace("RUT-HT-050", "RUT-HT-051"), encoding="utf-8")
    commit(repo, "Ändring")
    for output_format in ("markdown", "json"):
        code = main(["diff", "HEAD~1", "--root", str(repo), "--format", output_format])
        out = capsys.readouterr()
        assert code == 0, out.err
        assert_nothing_leaked(out.out + out.err)
        assert "85xxxx-xxxx" in out.out and "RUT-HT-051" in out.out
        if output_format == "json":
            assert json.loads(out.out)["added"][0]["file"] == "routines/ht/brukare-85xxxx-xxxx.md"


def test_the_documented_header_is_the_sites_policy_and_more() -> None:
    import re

    from lotsen.site.theme import CSP

    from conftest import REPO

    drift = (REPO / "docs/drift.md").read_text(encoding="utf-8")
    documented = re.findall(r"Content-Security-Policy:? \"?([^\"\n]+)", drift)
    assert documented and all(policy == CSP + "; frame-ancestors 'none'" for policy in documented), documented
    assert "'unsafe-inline'" not in CSP


def test_a_publish_of_bad_input_leaves_the_old_site_and_the_sources(tmp_path: Path, site: Path) -> None:
    import subprocess
    import sys

    from conftest import copy_sample, publish_built, run_env

    src = copy_sample(tmp_path / "src")
    dest = tmp_path / "www" / "lotsen"
    dest.parent.mkdir()
    command = [sys.executable, "-m", "lotsen.site.publish", str(dest), "--source", str(src)]
    first = publish_built(site, dest, src)  # the site published before
    assert first.returncode == 0, first.stderr
    site_before, live = snapshot(dest.resolve()), dest.resolve()
    (tmp_path / "utanfor.md").write_text(f"# {SECRET}\n", encoding="utf-8")
    (src / "routines/ht/extern.md").symlink_to(tmp_path / "utanfor.md")
    (src / f"routines/ht/brukare-{NUMBER}.md").write_text("# Anteckning\n", encoding="utf-8")
    routine = src / "routines/ht/rut-ht-002.md"
    routine.write_text(routine.read_text(encoding="utf-8") + f"\n<meta http-equiv=\"refresh\" content=\"0\">\n\n"
                       f"```{{literalinclude}} {UP}etc/passwd\n```\n", encoding="utf-8")
    sources_before = snapshot(src)
    result = subprocess.run(command, capture_output=True, text=True, env=run_env(), check=False)
    assert result.returncode == 1
    assert_nothing_leaked(result.stdout + result.stderr)
    codes = {r.code for r in reported(result.stderr)}
    assert {"outside_repository", "personal_number", "raw_html"} <= codes
    assert "oförändrad" in result.stderr
    assert dest.resolve() == live and snapshot(dest.resolve()) == site_before
    assert snapshot(src) == sources_before


#: Other categories of bad input: dates, encodings and the model's values. Each gives its
#: finding or message with file and line, the exit code, and no traceback.
OTHER = {
    "datum som inte finns": ({"sida.md": ROUTINE.format(status="fastställd", step="Ring.").replace(
        ":fastställd: 2026-01-15", ":fastställd: 2026-02-30")}, None, 1, ["sida.md:8: fel"]),
    "datum i annan form": ({"sida.md": ROUTINE.format(status="fastställd", step="Ring.").replace(
        ":revideras: 2027-01-15", ":revideras: 15/1 2099")}, None, 1, ["sida.md:9: fel"]),
    "latin-1": ({"sida.md": b"# Latin\n\nTr\xe4d\n"}, None, 1, ["sida.md:3: fel", "UTF-8"]),
    "utf-16": ({"sida.md": "\ufeff# Sida\n\nText\n".encode("utf-16-le")}, None, 1, ["sida.md:1: fel", "UTF-8"]),
    "modellvärde": ({}, ("  lix_max: 45", "  lix_max: många"), 2, ["lotsen.yaml:", "heltal"]),
    "modellen i latin-1": ({}, ("  lix_max: 45", "  lix_max: 45\n# Tr\udce4d"), 2, ["lotsen.yaml", "UTF-8"]),
    "tillåten html som inte är en lista": ({}, ("  allowed_html: []", "  allowed_html: abbr"), 2,
                                           ["lotsen.yaml:", "allowed_html"]),
    "e-post i dold mapp räknas inte": ({".github/mall.md": "Skriv till noreply@example.invalid\n"}, None, 0, []),
}


@pytest.mark.parametrize("name", list(OTHER))
def test_other_bad_input_is_named_with_file_and_line(name: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    files, model_change, exit_code, shown = OTHER[name]
    root = make_project(tmp_path / "proj", files)
    if model_change:
        model = root / "lotsen.yaml"
        text = model.read_text(encoding="utf-8").replace(*model_change)
        model.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    before = snapshot(root)
    code = main(["check", "--root", str(root)])
    out = capsys.readouterr()
    assert code == exit_code, out
    assert "Traceback" not in out.out + out.err
    for part in shown:
        assert part in out.out + out.err, (part, out)
    assert snapshot(root) == before


def test_every_verb_masks_what_it_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`lotsen new` echoes the title and the findings of the new file; a model error
    quotes the value; an argument error the argument: none shows the number."""
    root = make_project(tmp_path / "proj")
    code = main(["new", "rutin", "--unit", "HT", "--title", f"Brukare {NUMBER}", "--root", str(root), "--no-input"])
    out = capsys.readouterr()
    assert_nothing_leaked(out.out + out.err)
    assert code in (0, 1, 2)
    model = root / "lotsen.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("  lix_max: 45", f"  lix_max: {NUMBER}"),
                     encoding="utf-8")
    assert main(["check", "--root", str(root)]) == 2
    out = capsys.readouterr()
    assert_nothing_leaked(out.out + out.err)
    with pytest.raises(SystemExit):
        main(["check", "--format", NUMBER])
    out = capsys.readouterr()
    assert_nothing_leaked(out.out + out.err)
    assert "85xxxx-xxxx" in out.err


def test_the_build_log_masks_what_sphinx_itself_quotes(tmp_path: Path) -> None:
    """Sphinx quotes an unknown reference in its own warning; the log masks it too."""
    root = make_project(tmp_path / "proj", {"sida.md": f"# A\n\nSe {{ref}}`brukare-{NUMBER}`.\n"})
    result = sphinx_build(root)
    assert result.returncode != 0
    assert_nothing_leaked(result.stdout + result.stderr)
    assert "brukare-85xxxx-xxxx" in result.stderr


def test_broken_links_loops_and_pipes_are_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nor a folder linked back up (Sphinx would walk round it and read every page again
    under a longer name, each object a second time): check and build read it once."""
    root = make_project(tmp_path / "proj")
    (root / "trasig.md").symlink_to(root / "finns-inte.md")
    (root / "slinga.md").symlink_to(root / "slinga.md")
    (root / "mapp").mkdir()
    (root / "mapp" / "upp").symlink_to(root)
    os.mkfifo(root / "ror.md")
    (root / "till-ror.md").symlink_to(root / "ror.md")
    assert main(["check", "--root", str(root), "--format", "json"]) == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.err and json.loads(out.out) == []
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr


def test_lotsen_check_and_the_build_check_the_same_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Drafts, hidden folders and reStructuredText: both find the same, file for file."""
    import re

    from lotsen.source.files import content_files

    files = {"utkast.md": ROUTINE.format(status="utkast", step=f"Ring {NUMBER}."),
             ".dold/sida.md": f"# A\n\n{NUMBER}\n", "sida.rst": f"R\n=\n\n{NUMBER}\n",
             "mapp/.dold.md": f"# A\n\n{NUMBER}\n"}
    root = make_project(tmp_path / "proj", files)
    main(["check", "--root", str(root), "--format", "json"])
    checked = sorted((f["file"], f["line"], f["code"]) for f in json.loads(capsys.readouterr().out)
                     if f["severity"] == "fel")
    result = sphinx_build(root)
    built = sorted((r.file, r.line, r.code) for r in reported(result.stderr))
    assert checked == built
    assert {file for file, _, _ in built} == set(files)
    count = re.search(r"Lotsen: (\d+) filer kontrollerade", result.stdout + result.stderr)
    assert count and int(count[1]) == len(content_files(root))
