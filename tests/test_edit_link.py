"""'Föreslå en ändring': every object's page links to its own file in the git host's web
editor, in the form each host uses; without a repository in the model, no link.
The expected addresses are written out by hand from each host's documentation."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from lotsen.errors import ModelError
from lotsen.model import load_model
from lotsen.model.schema import RepositoryConfig
from lotsen.site.edit_link import edit_link_html, edit_url

from html_tables import soup

ROOT = Path(__file__).resolve().parents[1]
MODEL = yaml.safe_load((ROOT / "lotsen.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def model():
    return load_model(ROOT / "lotsen.yaml")


@pytest.mark.parametrize(("host", "url", "expected"), [
    ("github", "https://github.com/norrvik/ls",
     "https://github.com/norrvik/ls/edit/main/routines/ht/rut-ht-002.md"),
    ("gitlab", "https://gitlab.com/norrvik/kvalitet/ls",
     "https://gitlab.com/norrvik/kvalitet/ls/-/edit/main/routines/ht/rut-ht-002.md"),
    ("gitea", "https://git.norrvik.se/kvalitet/ls",
     "https://git.norrvik.se/kvalitet/ls/_edit/main/routines/ht/rut-ht-002.md"),
    ("forgejo", "https://codeberg.org/norrvik/ls",
     "https://codeberg.org/norrvik/ls/_edit/main/routines/ht/rut-ht-002.md"),
    ("azure", "https://dev.azure.com/norrvik/kvalitet/_git/ls",
     "https://dev.azure.com/norrvik/kvalitet/_git/ls?path=/routines/ht/rut-ht-002.md&version=GBmain&_a=contents"),
])
def test_each_host_gets_its_editor_address(model, host: str, url: str, expected: str) -> None:
    m = dataclasses.replace(model, repository=RepositoryConfig(host, url, "main"))
    assert edit_url(m, "routines/ht/rut-ht-002.md") == expected


def test_a_subfolder_and_non_ascii_names_are_encoded(model) -> None:
    m = dataclasses.replace(model, repository=RepositoryConfig("github", "https://github.com/n/ls", "huvud", "kvalitet"))
    assert edit_url(m, "åtgärder/ATG 1.md") == "https://github.com/n/ls/edit/huvud/kvalitet/%C3%A5tg%C3%A4rder/ATG%201.md"


def test_no_repository_no_link_and_the_link_is_escaped(model) -> None:
    assert edit_url(dataclasses.replace(model, repository=RepositoryConfig()), "a.md") is None
    assert edit_link_html(dataclasses.replace(model, repository=RepositoryConfig()), "a.md") == ""
    m = dataclasses.replace(model, repository=RepositoryConfig("github", "https://github.com/n/ls?a=1&b=2", "main"))
    assert 'href="https://github.com/n/ls?a=1&amp;b=2/edit/main/a.md"' in edit_link_html(m, "a.md")


def test_the_model_loader_reports_a_bad_repository_with_lines(tmp_path: Path) -> None:
    text = (ROOT / "lotsen.yaml").read_text(encoding="utf-8")
    text = text.replace("  host: github\n  url: https://github.com/norrvik/ledningssystem\n",
                        "  host: bitbucket\n  url: github.com/norrvik\n  färg: blå\n")
    (tmp_path / "lotsen.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load_model(tmp_path / "lotsen.yaml")
    lines = text.splitlines()
    by_line = {p.line: p.message for p in caught.value.problems}
    assert "bitbucket" in by_line[lines.index("  host: bitbucket") + 1]
    assert "https://" in by_line[lines.index("  url: github.com/norrvik") + 1]
    assert "färg" in by_line[lines.index("  färg: blå") + 1]


def test_every_object_page_links_to_its_own_file_in_the_editor(site: Path, needs: dict) -> None:
    repo = MODEL["repository"]
    assert repo["host"] == "github"
    for need in needs.values():
        page = soup(site / f"{need['docname']}.html")
        node = page.find(id=need["id"])
        links = node.select("p.lotsen-edit a")
        assert len(links) == 1, need["id"]
        assert links[0]["href"] == f"{repo['url']}/edit/{repo['branch']}/{need['docname']}.md"
        assert links[0].get_text() == "Föreslå en ändring"
        if need["type"] == "rutin":  # folded with the document data, out of staff's way
            assert links[0].find_parent("details", class_="lotsen-meta") is not None


def test_the_binder_keeps_the_editor_link_as_it_is() -> None:
    from lotsen.site.binder import page_body

    html = ('<main><a href="https://github.com/norrvik/ls/edit/main/routines/ht/rut-ht-002.md">Föreslå</a>'
            '<a href="../../processes/ht.html#x">Process</a><a href="mailto:a@example.invalid">e</a></main>')
    body = page_body(html, "routines/ht/rut-ht-002.html", "parm/ht.html")
    assert 'href="https://github.com/norrvik/ls/edit/main/routines/ht/rut-ht-002.md"' in body
    assert 'href="../processes/ht.html#x"' in body and 'href="mailto:a@example.invalid"' in body
