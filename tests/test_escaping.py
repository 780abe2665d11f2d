"""Nothing from lotsen.yaml, the content or git reaches a page unescaped, and an
organisation can override the theme's templates from its own repository.

One build of the sample with markup planted in a unit name, a role name, a field label,
a type's title, a link's label, a scale step, a risk level, the organisation's name, a
routine's heading and title, a process's title, a change note and a commit message
(its Approved-by trailer too): every HTML file is parsed, and no planted element may exist in any of them; the planted text must be shown
as text where it belongs.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import copy_sample, sphinx_build, without_printing

#: Where markup is planted -> the marker. Each leaves an <img onerror> if it is not escaped.
PLANTED = {
    "enhet": "<img src=x onerror=alert('enhet')>",
    "roll": "<img src=x onerror=alert('roll')>",
    "fält": "<img src=x onerror=alert('falt')>",
    "typ": "<img src=x onerror=alert('typ')>",
    "länk": "<img src=x onerror=alert('lank')>",
    "skala": "<img src=x onerror=alert('skala')>",
    "nivå": "<img src=x onerror=alert('niva')>",
    "organisation": "<img src=x onerror=alert('org')>",
    "rubrik": "<img src=x onerror=alert('rubrik')>",
    "process": "<img src=x onerror=alert('process')>",
    "git": "<img src=x onerror=alert('git')>",
}

#: The override an organisation keeps in its repository: the theme's browse page with
#: one more line, which shows the page title (escaped by the template, as Lotsen's own).
OVERRIDE = """{% from "lotsen/macros.html" import link_list %}
<h1>{{ title }}</h1><p class="egen-mall">Egen mall: {{ title }}</p><p>{{ intro }}</p>{{ link_list(items) }}
"""


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-10-01T10:00:00", "GIT_COMMITTER_DATE": "2026-10-01T10:00:00",
           "GIT_AUTHOR_NAME": "Lotsen test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "Lotsen test", "GIT_COMMITTER_EMAIL": "test@example.invalid"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = copy_sample(tmp_path_factory.mktemp("planted") / "src")
    model = src / "lotsen.yaml"
    _replace(model, "  HT: Hemtjänsten Norrvik\n", f"  HT: \"Hemtjänsten {PLANTED['enhet']}\"\n")
    _replace(model, "  undersköterska: Undersköterska\n", f"  undersköterska: \"Undersköterska {PLANTED['roll']}\"\n")
    _replace(model, "    label: Ägare\n", f"    label: \"Ägare {PLANTED['fält']}\"\n")
    _replace(model, "    title: Rutin\n", f"    title: \"Rutin {PLANTED['typ']}\"\n")
    _replace(model, "    outgoing: Tillhör process\n", f"    outgoing: \"Tillhör process {PLANTED['länk']}\"\n")
    _replace(model, "    2: Liten\n", f"    2: \"Liten {PLANTED['skala']}\"\n")
    _replace(model, "{from: 4, label: Måttlig,", f"{{from: 4, label: \"Måttlig {PLANTED['nivå']}\",")
    _replace(model, "  name: Norrviks stadsdelsförvaltning\n",
             f"  name: \"Norrviks stadsdelsförvaltning {PLANTED['organisation']}\"\n")
    _replace(model, "  site_name: Norrviks ledningssystem\n",
             f"  site_name: \"Norrviks ledningssystem {PLANTED['organisation']}\"\n")
    routine = src / "routines/ht/rut-ht-002.md"
    _replace(routine, "Nyckel saknas eller har tappats bort", f"Nyckel saknas {PLANTED['rubrik']}")
    _replace(src / "processes/proc-ht-utfora.md", "Planera och utföra insatser i hemmet",
             f"Planera och utföra insatser {PLANTED['process']}")
    (src / "_templates/lotsen").mkdir(parents=True)
    (src / "_templates/lotsen/browse.html").write_text(OVERRIDE, encoding="utf-8")
    (src / "conf.py").write_text((src / "conf.py").read_text(encoding="utf-8")
                                 + 'templates_path = ["_templates"]\n', encoding="utf-8")
    _git(src, "init", "-q", "-b", "main")
    _git(src, "add", "-A")
    _git(src, "commit", "-q", "-m", "Första versionen")
    _replace(routine, ":version: 3", ":version: 4")
    # the change log and a page's Versioner show each version's change note, and the
    # reviewer from the commit's Approved-by trailer (an account or a name only)
    _replace(routine, ":ändringsnotering: Lagt till vem man ringer kvällar och nätter när en nyckel saknas.",
             f":ändringsnotering: Ny version {PLANTED['git']}")
    _git(src, "commit", "-q", "-am", f"Ny version {PLANTED['git']}", "-m", f"Approved-by: {PLANTED['git']}")
    # every page as `make html` writes it; the PDF files are not printed (conftest.unprinted):
    # their content is not what this file checks, and a build in git prints every binder anew
    with without_printing(tmp_path_factory.mktemp("unprinted")):
        result = sphinx_build(src)
    assert result.returncode == 0, result.stderr
    return src / "_build" / "html"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_no_planted_markup_becomes_an_element_on_any_page(planted: Path) -> None:
    pages = sorted(planted.rglob("*.html"))
    assert len(pages) > 80
    leaks = []
    for page in pages:
        for element in _soup(page).find_all(attrs={"onerror": True}):
            leaks.append(f"{page.relative_to(planted)}: {element}")
    assert not leaks, "\n".join(leaks)


def test_a_planted_element_would_be_found() -> None:
    """The check above can fail: the same parse finds the planted tag when it is not escaped."""
    page = BeautifulSoup(f"<p>Hemtjänsten {PLANTED['enhet']}</p>", "html.parser")
    assert page.find_all(attrs={"onerror": True})


def _text(page: Path, selector: str) -> str:
    found = _soup(page).select(selector)
    assert found, (page, selector)
    text = " ".join(" ".join(element.get_text().split()) for element in found)
    return text.replace("\u2019", "'").replace("\u2018", "'")  # Sphinx's smart quotes in content


@pytest.mark.parametrize(("page", "selector", "shown"), [
    ("index.html", ".lotsen-links", f"Hemtjänsten {PLANTED['enhet']}"),
    ("index.html", ".lotsen-links", f"Undersköterska {PLANTED['roll']}"),
    ("enhet/ht.html", ".lotsen-links", f"Nyckel saknas {PLANTED['rubrik']}"),
    ("index.html", ".site-name", f"Norrviks ledningssystem {PLANTED['organisation']}"),
    ("index.html", "footer .build", f"Norrviks stadsdelsförvaltning {PLANTED['organisation']}"),
    ("enhet/ht.html", "h1", f"Rutiner för Hemtjänsten {PLANTED['enhet']}"),
    ("enhet/ht.html", "title", f"Rutiner för Hemtjänsten {PLANTED['enhet']}"),
    ("roll/underskoterska.html", "h1", f"Rutiner för undersköterska {PLANTED['roll']}"),
    ("routines/ht/rut-ht-002.html", "h1", f"Nyckel saknas {PLANTED['rubrik']}"),
    ("routines/ht/rut-ht-002.html", "title", f"Nyckel saknas {PLANTED['rubrik']}"),
    ("routines/ht/rut-ht-002.html", ".lotsen-for", f"Undersköterska {PLANTED['roll']}"),
    ("routines/ht/rut-ht-002.html", ".lotsen-for", f"Hemtjänsten {PLANTED['enhet']}"),
    ("routines/ht/rut-ht-002.html", ".lotsen-meta", f"Ägare {PLANTED['fält']}"),
    ("routines/ht/rut-ht-002.html", ".lotsen-meta", f"Tillhör process {PLANTED['länk']}"),
    ("routines/ht/rut-ht-002.html", ".lotsen-meta", f"Planera och utföra insatser {PLANTED['process']}"),
    ("routines/index.html", "main", f"Nyckel saknas {PLANTED['rubrik']}"),
    ("processes/proc-ht-utfora.html", "h1", f"Planera och utföra insatser {PLANTED['process']}"),
    ("risks/ht.html", ".lotsen-risk", f"liten {PLANTED['skala']}".lower()),
    ("docs/kvalitet/riskregister.html", "main", f"Måttlig {PLANTED['nivå']}"),
    ("docs/andringslogg.html", "main", f"Ny version {PLANTED['git']}"),
    ("routines/ht/rut-ht-002.html", ".lotsen-versioner", f"Ny version {PLANTED['git']}"),
    ("docs/regler.html", "main", f"Rutin {PLANTED['typ']}"),
    ("docs/regler.html", "main", f"Hemtjänsten {PLANTED['enhet']}"),
    ("docs/regler.html", "main", f"Undersköterska {PLANTED['roll']}"),
    ("docs/regler.html", "main", f"Ägare {PLANTED['fält']}"),
    ("docs/regler.html", "main", f"Liten {PLANTED['skala']}"),
])
def test_planted_markup_is_shown_as_text(planted: Path, page: str, selector: str, shown: str) -> None:
    assert shown in _text(planted / page, selector)


def test_an_organisation_overrides_a_template_from_its_repository(planted: Path) -> None:
    """templates_path in conf.py: _templates/lotsen/browse.html replaces the theme's, and
    what it shows is escaped as in Lotsen's own templates."""
    own = _soup(planted / "enhet/ht.html").select_one("p.egen-mall")
    assert own is not None
    assert own.get_text() == f"Egen mall: Rutiner för Hemtjänsten {PLANTED['enhet']}"
    # the theme's own templates still serve everything else
    assert _soup(planted / "routines/ht/rut-ht-002.html").select_one(".lotsen-status .lotsen-id").get_text() == "RUT-HT-002"


def test_a_risk_colour_cannot_carry_css(tmp_path: Path) -> None:
    """A level's colour is written into the site's stylesheet: only a colour is accepted."""
    from lotsen.errors import ModelError
    from lotsen.model import load_model

    from conftest import REPO

    text = (REPO / "lotsen.yaml").read_text(encoding="utf-8")
    bad = text.replace('color: "#fff2b3"', 'color: "#fff; } body { display: none"')
    assert bad != text
    (tmp_path / "lotsen.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(ModelError) as err:
        load_model(tmp_path / "lotsen.yaml")
    [problem] = err.value.problems
    line = next(n for n, row in enumerate(bad.splitlines(), 1) if "display: none" in row)
    assert problem.line == line and "ingen färg" in problem.message
    for good in ("#d8f0d2", "#abc", "orange"):
        (tmp_path / "lotsen.yaml").write_text(text.replace('color: "#fff2b3"', f'color: "{good}"'), encoding="utf-8")
        assert load_model(tmp_path / "lotsen.yaml").risk.levels[1].color == good
