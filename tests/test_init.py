"""`lotsen init`: a new organisation's repository builds clean at once, names only the
organisation (never the sample), has an empty Ändringslogg, passes `lotsen check`, and
its CI runs `lotsen check`; `--exempel` gives the sample."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lotsen.cli.main import main
from lotsen.model import load_model

from conftest import REPO, SAMPLE_IGNORE, sphinx_build

NAME = "Socialförvaltningen i Ekby"
FLAGS = ["--namn", NAME, "--kortnamn", "Ekby", "--enhet", "AO=Äldreomsorg", "--enhet", "HT=Hemtjänst Ekby@AO",
         "--enhet", "NO=Nordöstra området", "--roll", "enhetschef=Enhetschef", "--roll", "usk=Undersköterska",
         "--git-värd", "https://git.ekby.example/socialtjansten/ledningssystem", "--no-input"]


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("init") / "ekby"
    assert main(["init", str(dest), *FLAGS]) == 0
    return dest


@pytest.fixture(scope="module")
def org_site(org: Path) -> Path:
    result = sphinx_build(org)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return org / "_build" / "html"


def text_of(html: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.read_text(encoding="utf-8")))


def test_the_model_is_the_organisations_own(org: Path) -> None:
    model = load_model(org / "lotsen.yaml")
    assert model.organisation == NAME and model.short_name == "Ekby"
    # NO stays a unit code (quoted), not the boolean false of YAML 1.1
    assert model.units == {"AO": "Äldreomsorg", "HT": "Hemtjänst Ekby", "NO": "Nordöstra området"}
    # HT=…@AO: the tree as asked for, in the model the site is built from (org_site)
    assert model.unit_tree.ancestors("HT") == ["AO"] and model.unit_tree.roots() == ["AO", "NO"]
    assert model.roles == {"enhetschef": "Enhetschef", "usk": "Undersköterska"}
    assert model.accounts == {"*": "@socialtjansten/kvalitetsledning"}
    sample = load_model(REPO / "lotsen.yaml")
    assert list(model.types) == list(sample.types) and list(model.fields) == list(sample.fields)


def test_nothing_of_the_sample_is_in_the_repository(org: Path) -> None:
    sample_ids = re.compile(r"\b(RUT|PROC|RISK|KTRL|KRAV|ATG)-(HT|LSS|BUM|EKB|GEM|SOSFS|SOL)-")
    for path in org.rglob("*"):
        if path.is_file() and ".git" not in path.relative_to(org).parts:
            text = path.read_text(encoding="utf-8")
            assert "norrvik" not in text.casefold(), path
            assert not sample_ids.search(text), path
    content = [p for p in org.rglob("*.md") if p.name != "index.md" and p.parts[-2] != "skeletons"
               and "docs" not in p.relative_to(org).parts and p.name not in ("sok.md", "README.md")]
    assert content == []


def test_a_fresh_history_of_one_commit(org: Path) -> None:
    log = subprocess.run(["git", "log", "--format=%s"], cwd=org, capture_output=True, text=True, check=True)
    assert log.stdout.splitlines() == [f"Nytt ledningssystem för {NAME} (lotsen init)"]
    status = subprocess.run(["git", "status", "--porcelain"], cwd=org, capture_output=True, text=True, check=True)
    assert status.stdout == ""


def test_it_builds_clean_and_every_page_names_only_the_organisation(org_site: Path) -> None:
    pages = list(org_site.rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        assert "norrvik" not in page.read_text(encoding="utf-8").casefold(), page
    assert "norrvik" not in (org_site / "needs.json").read_text(encoding="utf-8").casefold()
    start = (org_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1>Ekbys ledningssystem", start)
    assert re.search(r"<title>Ekbys ledningssystem[^<]*Socialförvaltningen i Ekby", start)
    assert f"{NAME} står bakom den här webbplatsen" in text_of(org_site / "docs" / "tillganglighet.html")
    assert NAME in text_of(org_site / "docs" / "lasa.html") or "Ekby" in text_of(org_site / "docs" / "lasa.html")


def test_the_change_log_is_empty(org_site: Path) -> None:
    text = text_of(org_site / "docs" / "andringslogg.html")
    assert "Inga ändringar av fastställda dokument ännu" in text
    assert "<tbody>" not in (org_site / "docs" / "andringslogg.html").read_text(encoding="utf-8")


def test_lotsen_check_and_codeowners_pass(org: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--root", str(org)]) == 0
    assert "0 fel" in capsys.readouterr().err
    assert main(["codeowners", "--check", "--root", str(org)]) == 0


def test_ci_templates_parse_and_run_lotsen_check(org: Path) -> None:
    github = yaml.safe_load((org / ".github/workflows/lotsen.yml").read_text(encoding="utf-8"))
    runs = [step.get("run", "") for job in github["jobs"].values() for step in job["steps"]]
    assert any(re.search(r"\blotsen check\b", run) for run in runs)
    assert any("requirements.txt" in run for run in runs) and not any("-e ." in run for run in runs)
    gitlab = yaml.safe_load((org / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    scripts = [line for job in gitlab.values() if isinstance(job, dict) for line in job.get("script", [])]
    assert any(re.search(r"\blotsen check\b", line) for line in scripts)
    assert "-r requirements.txt" in " ".join(gitlab["default"]["before_script"])
    # document control in a pull or merge request: checked against the target branch
    steps = [step for job in github["jobs"].values() for step in job["steps"]]
    assert any("--base" in step.get("run", "") and "pull_request" in step.get("if", "") for step in steps)
    check_lines = gitlab["lotsen-check"]["script"]
    for base, expected in (("abc123", ["check", "--format", "gitlab", "--base", "abc123"]),
                           ("", ["check", "--format", "gitlab"])):
        shell = "\n".join(line.replace(".venv/bin/lotsen", "printf '%s\\n'").replace(" > lotsen-kodkvalitet.json", "")
                          for line in check_lines)
        said = subprocess.run(["sh", "-c", shell], env={"CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "PATH": "/usr/bin:/bin"},
                              capture_output=True, text=True, check=True).stdout.split()
        assert said == expected, said


def test_lotsen_is_a_pinned_package_not_a_copy(org: Path) -> None:
    lines = (org / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = [line for line in lines if line and not line.startswith("#")]
    assert pins[0].startswith("lotsen @ file://") or pins[0].startswith("lotsen==")
    assert set((REPO / "requirements.txt").read_text(encoding="utf-8").split()) <= set(pins[1:])
    assert not (org / "src").exists() and not list(org.rglob("*.py"))[1:]  # conf.py only
    makefile = (org / "Makefile").read_text(encoding="utf-8")
    assert "pip --disable-pip-version-check -q" in makefile and "install -r requirements.txt" in makefile
    # mermaid comes inside the Lotsen package: nothing else is fetched
    assert "npm" not in makefile and "npm" not in (org / ".gitlab-ci.yml").read_text(encoding="utf-8")


def test_a_given_lotsen_reference_is_written(tmp_path: Path) -> None:
    ref = "git+https://git.example/lotsen/lotsen.git@v0.1.0"
    assert main(["init", str(tmp_path / "x"), "--namn", "Ekby", "--lotsen", ref, "--no-input"]) == 0
    assert f"lotsen @ {ref}" in (tmp_path / "x" / "requirements.txt").read_text(encoding="utf-8")
    assert f"lotsen @ {ref}" in (tmp_path / "x" / "docs" / "lotsen-version.md").read_text(encoding="utf-8")


def test_a_unit_code_that_cannot_be_in_an_id_is_refused_before_anything_is_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "x"), "--namn", "Ekby", "--enhet", "ÄLD=Äldreomsorg", "--no-input"]) == 2
    err = capsys.readouterr().err
    assert "--enhet 'ÄLD=Äldreomsorg': koden ÄLD" in err and "'Ä'" in err and "Traceback" not in err
    assert not (tmp_path / "x").exists()


def _asked_tree(units: list[str]) -> dict[str, str]:
    """The oracle: code -> parent ('' at the top), read from the flags as written."""
    return {u.split("=")[0]: (u.rpartition("@")[2] if "@" in u else "") for u in units}


def _written_tree(path: Path) -> dict[str, str]:
    """Code -> parent from the written file read as plain YAML: each unit's units inside
    it, or a 'parent:' (an independent reading of what the loader reads)."""
    found: dict[str, str] = {}
    todo = [(code, spec, "") for code, spec in yaml.safe_load(path.read_text(encoding="utf-8"))["units"].items()]
    while todo:
        code, spec, parent = todo.pop()
        found[code] = parent or (spec.get("parent", "") if isinstance(spec, dict) else "")
        if isinstance(spec, dict):
            todo += [(c, s, code) for c, s in (spec.get("units") or {}).items()]
    return found


TREES = {
    "three levels": ["GEM=Förvaltningen", "ALD=Äldreomsorg@GEM", "HT=Hemtjänst@ALD", "SBO=Boendet@ALD",
                     "IFO=Individ och familj@GEM", "EKB=Ekonomiskt bistånd@IFO"],
    "a unit before its parent": ["HT=Hemtjänst@ALD", "ALD=Äldreomsorg@GEM", "GEM=Förvaltningen"],
    "two trees": ["AO=Äldreomsorg", "HT=Hemtjänst@AO", "NO=Nordöstra", "NV=Nordväst@NO"],
    "a flat list": ["HT=Hemtjänst", "LSS=LSS", "NO=Nordöstra området"],
    "a name with @": ["AO=Äldre@omsorg@AOB", "AOB=Förvaltningen"],
    "a deep chain": [f"L{chr(65 + i // 26)}{chr(65 + i % 26)}=Nivå {i}" + (f"@L{chr(65 + (i - 1) // 26)}"
                                                                      f"{chr(65 + (i - 1) % 26)}" if i else "")
                     for i in range(40)],
}


@pytest.mark.parametrize("units", TREES.values(), ids=TREES.keys())
def test_the_units_are_written_as_the_tree_asked_for(tmp_path: Path, units: list[str],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    dest = tmp_path / "x"
    flags = [f for u in units for f in ("--enhet", u)]
    assert main(["init", str(dest), "--namn", "Ekby", *flags, "--no-input"]) == 0
    asked = _asked_tree(units)
    assert _written_tree(dest / "lotsen.yaml") == asked
    model = load_model(dest / "lotsen.yaml")
    assert {code: unit.parent for code, unit in model.unit_tree.units.items()} == asked
    names = {u.split("=", 1)[0]: u.split("=", 1)[1].rpartition("@")[0] or u.split("=", 1)[1] for u in units}
    assert model.units == {code: names[code] for code in model.units} and set(model.units) == set(names)
    assert "finns inte i modellen" not in capsys.readouterr().err
    assert main(["check", "--root", str(dest)]) == 0


REFUSED = {
    "itself": (["AA=A@AA"], ["kan inte höra till sig själv"]),
    "a cycle of two": (["AA=A@BB", "BB=B@AA"], ["går i cirkel: AA → BB → AA"]),
    "a cycle of three": (["GEM=G@HT", "ALD=Ä@GEM", "HT=H@ALD", "IFO=I"], ["går i cirkel: GEM → HT → ALD → GEM"]),
    "a cycle below a good unit": (["TOP=T", "AA=A@BB", "BB=B@AA", "CC=C@AA"], ["går i cirkel: AA → BB → AA"]),
    "an unknown parent": (["HT=Hemtjänst@ÄLD"], ["enheten ÄLD, som HT ska höra till, finns inte"]),
    "an empty parent": (["HT=Hemtjänst@"], ["skriv koden för enheten den hör till efter @"]),
    "every mistake at once": (["AA=A@AA", "BB=B@CC", "CC=C@BB", "DD=D@XX"],
                              ["sig själv", "enheten XX", "BB → CC → BB"]),
}


@pytest.mark.parametrize("units, words", REFUSED.values(), ids=REFUSED.keys())
def test_a_tree_that_cannot_be_is_refused_before_anything_is_written(
        tmp_path: Path, units: list[str], words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    flags = [f for u in units for f in ("--enhet", u)]
    assert main(["init", str(tmp_path / "x"), "--namn", "Ekby", *flags, "--no-input"]) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == len(words), err  # one line per mistake
    for line, word in zip(lines, words):
        assert word in line and line.startswith("--enhet"), err
    assert "Traceback" not in err and "parent" not in err and "units" not in err
    assert not (tmp_path / "x").exists()


CODES = {"ÄO": "tecknet 'Ä' är inte tillåtet", "ht": "tecknen 'h' och 't' är inte tillåtna",
         "D10": "tecknen '1' och '0' är inte tillåtna", "A": "den har 1 tecken",
         "ABCDEFG": "den har 7 tecken", "ABCDEFGHIJKLMNOPQ": "den har 17 tecken"}


@pytest.mark.parametrize("code", CODES)
def test_a_unit_code_that_cannot_be_in_an_id_is_one_line_without_model_words(
        tmp_path: Path, code: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "x"), "--namn", "Ekby", "--enhet", f"{code}=Enheten", "--enhet",
                 "HT=Hemtjänst", "--no-input"]) == 2
    err = capsys.readouterr().err
    [line] = [line for line in err.splitlines() if line.strip()]
    assert line.startswith(f"--enhet '{code}=Enheten': koden {code} kan inte stå i ett ID") and CODES[code] in line
    for word in ("id_pattern", "types.", "Exemplet", "units", "Traceback"):
        assert word not in err
    assert not (tmp_path / "x").exists()


def test_every_unit_code_mistake_is_said_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flags = [f for code in CODES for f in ("--enhet", f"{code}=Enheten")]
    assert main(["init", str(tmp_path / "x"), "--namn", "Ekby", *flags, "--roll", "a b=C", "--no-input"]) == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == len(CODES) + 1 and lines[-1].startswith("--roll 'a b=C'")


@pytest.mark.parametrize("code", ["AO", "ABCDE", "XY", "ABC"])
def test_a_unit_code_that_fits_the_ids_is_accepted(tmp_path: Path, code: str) -> None:
    assert main(["init", str(tmp_path / "x"), "--namn", "Ekby", "--enhet", f"{code}=Enheten", "--no-input"]) == 0
    assert list(load_model(tmp_path / "x" / "lotsen.yaml").units) == [code]


def test_bad_flags_are_all_said_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "x"), "--namn", "Ekby", "--enhet", "HT", "--roll", "a b=C",
                 "--no-input"]) == 2
    err = capsys.readouterr().err
    assert "--enhet 'HT'" in err and "--roll 'a b=C'" in err


def test_a_folder_that_is_not_empty_is_never_written_to(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "mitt.md").write_text("# Mitt\n", encoding="utf-8")
    assert main(["init", str(tmp_path / "x"), "--namn", "Ekby", "--no-input"]) == 2
    assert "inte tom" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "x").iterdir()] == ["mitt.md"]


def test_exempel_gives_the_sample(tmp_path: Path) -> None:
    dest = tmp_path / "exempel"
    assert main(["init", str(dest), "--exempel", "--no-input"]) == 0
    for name in ("lotsen.yaml", "index.md", "routines/ht/rut-ht-002.md", "docs/tillganglighet.md"):
        assert (dest / name).read_bytes() == (REPO / name).read_bytes()
    assert (dest / "requirements.txt").read_text(encoding="utf-8").startswith("# Lotsen")
    assert main(["check", "--root", str(dest)]) == 0
    assert main(["codeowners", "--check", "--root", str(dest)]) == 0


def test_exempel_carries_every_folder_of_the_repositorys_sample(tmp_path: Path) -> None:
    """What the repository's sample reads (its pages, the model's data folders and the
    berättelse's prose) is what `init --exempel` copies, file for file; only Lotsen's
    own README stays behind."""
    from lotsen.source.files import content_files

    dest = tmp_path / "exempel"
    assert main(["init", str(dest), "--exempel", "--no-input"]) == 0
    model = load_model(REPO / "lotsen.yaml")
    folders = [f for f in (model.story.folder, model.statistics.folder, model.goals.folder) if f]
    assert "berattelse" in folders  # the sample writes prose for its berättelse
    wanted = {p.relative_to(REPO) for p in content_files(REPO)} - {Path("README.md")}
    wanted |= {p.relative_to(REPO) for folder in folders for p in (REPO / folder).rglob("*") if p.is_file()}
    prose = {p for p in wanted if p.parts[0] == model.story.folder}
    assert len(prose) >= 3, prose
    for name in sorted(wanted):
        assert (dest / name).is_file(), f"{name} is missing from init --exempel"
        assert (dest / name).read_bytes() == (REPO / name).read_bytes(), name


def test_the_wheel_carries_the_sample_and_the_scaffold(tmp_path: Path) -> None:
    src = tmp_path / "lotsen"
    shutil.copytree(REPO, src, ignore=SAMPLE_IGNORE)
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                           "-w", str(tmp_path / "dist"), str(src)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    [wheel] = (tmp_path / "dist").glob("lotsen-*.whl")
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("lotsen/exempel/lotsen.yaml", "lotsen/exempel/routines/ht/rut-ht-002.md",
                 "lotsen/exempel/requirements.txt", "lotsen/exempel/.github/CODEOWNERS",
                 "lotsen/exempel/berattelse/2026/sammanfattning.md",
                 "lotsen/scaffold/Makefile", "lotsen/scaffold/github-workflow.yml", "lotsen/scaffold/docs/lasa.md.in", "lotsen/scaffold/README.md.in"):
        assert name in names, name


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_asks_for_what_is_not_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    answers = "Omsorgsförvaltningen i Ekby\n\nAO=Äldreomsorg\nHT=Hemtjänst@AO\n\nenhetschef=Enhetschef\n\n\n"
    monkeypatch.setattr(sys, "stdin", _Terminal(answers))
    assert main(["init", str(tmp_path / "x")]) == 0
    model = load_model(tmp_path / "x" / "lotsen.yaml")
    assert model.organisation == "Omsorgsförvaltningen i Ekby" and model.short_name == "Omsorgsförvaltningen"
    assert model.units == {"AO": "Äldreomsorg", "HT": "Hemtjänst"} and model.roles == {"enhetschef": "Enhetschef"}
    assert model.unit_tree.ancestors("HT") == ["AO"]
    err = capsys.readouterr().err
    assert "Organisationens namn" in err and "finns inte i modellen" not in err


def test_the_examples_init_gives_are_units_init_accepts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    # the prompt's example and the hint for a malformed --enhet, each tried as init's own input
    monkeypatch.setattr(sys, "stdin", _Terminal("Ekby\n\n\n\n\n"))
    assert main(["init", str(tmp_path / "x")]) == 0
    prompt = capsys.readouterr().err
    assert main(["init", str(tmp_path / "y"), "--namn", "Ekby", "--enhet", "HT", "--no-input"]) == 2
    hint = capsys.readouterr().err
    asked = prompt.split("Enheter, ", 1)[1].split("\n")[0].split("till exempel", 1)[1]
    examples = re.findall(r"[A-ZÅÄÖa-zåäö0-9]+=[^\s;,)@]+(?:@[A-ZÅÄÖ0-9]+)?", asked)
    examples += re.findall(r"--enhet ([^\s']+=[^\s.]+)", hint)
    assert len(examples) >= 3, (prompt, hint)
    for n, example in enumerate(examples):
        code = example.partition("=")[0]
        parent = example.rpartition("@")[2] if "@" in example else ""
        flags = ["--enhet", example] + (["--enhet", f"{parent}=Förälder"] if parent and parent != code else [])
        assert main(["init", str(tmp_path / f"e{n}"), "--namn", "Ekby", *flags, "--no-input"]) == 0, example
        assert code in load_model(tmp_path / f"e{n}" / "lotsen.yaml").units


def test_the_repository_is_the_organisations_own_or_left_to_fill_in(org: Path, tmp_path: Path) -> None:
    # an address Lotsen cannot tell the host of: no link until the organisation fills it in
    assert load_model(org / "lotsen.yaml").repository.url == ""
    assert "#   url: https://git.ekby.example/socialtjansten/ledningssystem" in (org / "lotsen.yaml").read_text(
        encoding="utf-8")
    dest = tmp_path / "ekby"
    flags = [f if not f.startswith("https://") else "https://gitlab.com/ekby/ledningssystem.git" for f in FLAGS]
    assert main(["init", str(dest), *flags]) == 0
    repository = load_model(dest / "lotsen.yaml").repository
    assert (repository.host, repository.url, repository.branch) == ("gitlab", "https://gitlab.com/ekby/ledningssystem",
                                                                    "main")
