"""Field roles: lotsen.yaml says which field holds the units, the audience, the approval
date and so on, and no Python file (or template) of Lotsen names a field of the model."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from lotsen.errors import ModelError
from lotsen.model import load_model
from lotsen.model.roles import FIELD_ROLES

from conftest import REPO, line_of, write_model

SOURCE = REPO / "src" / "lotsen"

#: String literals that are spelled like a field of the sample model but are not one:
#: (file under src/lotsen, literal) -> why.
NOT_FIELDS = {
    ("sphinx/needs_config.py", "status"): "sphinx-needs' own core option names, which the model must not redeclare",
    ("sphinx/extension.py", "version"): "the key of Sphinx's extension metadata",
    ("sphinx/needs_json.py", "version"): "Sphinx's configuration value 'version'",
    ("cli/main.py", "version"): "argparse's action that prints Lotsen's version",
    ("cache.py", "version"): "the key of the check cache's code version",
    ("model/loader.py", "enheter"): "the Swedish name of the model's section 'units', in messages",
    ("model/loader.py", "månader"): "the Swedish name of the model's section 'months', in messages",
    ("checks/rules.py", "månader"): "the Swedish plural of 'month' in the review period's message",
    ("reports/story/structure.py", "enheter"): "the plural of the unit kind 'enhet', in the text 'N enheter'",
}


def sample_fields() -> set[str]:
    """The field names, read from lotsen.yaml itself (not through Lotsen's loader)."""
    data = yaml.safe_load((REPO / "lotsen.yaml").read_text(encoding="utf-8"))
    return set(data["fields"])


def _literals(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_no_python_file_names_a_field_of_the_model() -> None:
    fields = sample_fields()
    assert {"enheter", "målgrupp", "fastställd", "ägare", "version", "status"} <= fields  # the oracle reads them
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE).as_posix()
        for line, text in _literals(ast.parse(path.read_text(encoding="utf-8"))):
            if text in fields and (relative, text) not in NOT_FIELDS:
                found.append(f"src/lotsen/{relative}:{line}: {text!r}")
    assert not found, "Python names fields of the model; use model.field_for(role):\n" + "\n".join(found)


def test_the_scan_finds_a_field_name_when_there_is_one() -> None:
    """The check above can fail: a literal field name in code is found."""
    tree = ast.parse('need.value("enheter")\nx = f"{need.value(\'målgrupp\')}"\n')
    assert {text for _, text in _literals(tree)} & sample_fields() == {"enheter", "målgrupp"}


def test_no_template_names_a_field_of_the_model() -> None:
    fields = sample_fields()
    found = []
    for path in sorted((SOURCE / "site" / "theme").rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = line.replace('role="status"', "")  # the ARIA role of the search's status line
            for name in fields:
                if re.search(rf"""["'.]{re.escape(name)}(?![\w-])""", line):
                    found.append(f"{path.relative_to(REPO)}:{number}: {name}")
    assert not found, "\n".join(found)


def test_the_allowed_literals_are_still_there() -> None:
    """An exception that no longer matches anything is removed, not kept."""
    for (relative, text), _why in NOT_FIELDS.items():
        literals = {t for _, t in _literals(ast.parse((SOURCE / relative).read_text(encoding="utf-8")))}
        assert text in literals, (relative, text)


# --------------------------------------------------------------------------- the loader
def test_the_sample_gives_every_role_to_its_field() -> None:
    model = load_model(REPO / "lotsen.yaml")
    data = yaml.safe_load((REPO / "lotsen.yaml").read_text(encoding="utf-8"))
    declared = {spec["role"]: name for name, spec in data["fields"].items() if "role" in spec}
    assert {role: model.field_for(role) for role in declared} == declared
    assert declared.keys() == FIELD_ROLES.keys()
    assert model.role_of(declared["units"]) == "units"


def test_an_unknown_role_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write_model(tmp_path, {"    role: units\n": "    role: enheter\n"})
    with pytest.raises(ModelError) as err:
        load_model(path)
    [problem] = err.value.problems[:1]
    assert problem.line == line_of(path, "role: enheter")
    assert "okänd roll 'enheter'" in problem.message and "units" in problem.message
    # and the role is then missing, which is said too
    assert any("role: units" in p.message for p in err.value.problems)


def test_a_role_on_two_fields_is_reported(tmp_path: Path) -> None:
    path = write_model(tmp_path, {"  syfte:\n    kind: text\n": "  syfte:\n    role: legal_source\n    kind: text\n"})
    with pytest.raises(ModelError) as err:
        load_model(path)
    [problem] = err.value.problems
    lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "role: legal_source" in line]
    assert problem.line == lines[1]  # the second field that claims it
    assert "'legal_source'" in problem.message and "'källa'" in problem.message and "'syfte'" in problem.message


def test_a_required_role_missing_is_reported(tmp_path: Path) -> None:
    path = write_model(tmp_path, {"    role: audience\n": ""})
    with pytest.raises(ModelError) as err:
        load_model(path)
    [problem] = err.value.problems
    assert problem.line == line_of(path, "fields:")
    assert "role: audience" in problem.message


def test_a_role_on_a_field_of_the_wrong_kind_is_reported(tmp_path: Path) -> None:
    path = write_model(tmp_path, {"    role: units\n": "    role: approval_date\n", "    role: approval_date\n": ""})
    with pytest.raises(ModelError) as err:
        load_model(path)
    messages = [(p.line, p.message) for p in err.value.problems]
    assert (line_of(path, "role: approval_date"),
            "Fältet 'enheter' är av slaget unit, men rollen 'approval_date' kräver slaget date.") in messages


def test_the_old_report_keys_say_what_replaces_them(tmp_path: Path) -> None:
    path = write_model(tmp_path, {"  requirement_type: krav\n": "  requirement_type: krav\n  owner_field: ägare\n"})
    with pytest.raises(ModelError) as err:
        load_model(path)
    [problem] = err.value.problems
    assert problem.line == line_of(path, "owner_field")
    assert "role: owner" in problem.message and "'ägare'" in problem.message


# --------------------------------------------------------------------------- renamed fields
RENAMED = {"enheter": "verksamheter", "målgrupp": "läsare", "fastställd": "beslutsdatum", "fastställd_av": "beslutad_av",
           "revideras": "nästa_genomgång", "version": "utgåva", "ägare": "förvaltare"}


def _rename_fields(root: Path) -> None:
    """Every field with a role gets another name, in the model and in the content."""
    model = root / "lotsen.yaml"
    text = model.read_text(encoding="utf-8")
    for old, new in RENAMED.items():
        text = re.sub(rf"(?m)^(\s+){re.escape(old)}:", rf"\g<1>{new}:", text)  # fields: and types: keys only
    model.write_text(text, encoding="utf-8")
    for path in root.rglob("*.md"):
        content = path.read_text(encoding="utf-8")
        for old, new in RENAMED.items():
            content = content.replace(f"\n:{old}:", f"\n:{new}:")
        path.write_text(content, encoding="utf-8")


def test_fields_renamed_in_the_model_work_everywhere(tmp_path: Path) -> None:
    from conftest import make_project, sphinx_build
    from html_tables import soup

    root = make_project(tmp_path / "proj")
    _rename_fields(root)
    assert ":verksamheter: HT" in (root / "objects.md").read_text(encoding="utf-8")
    (root / "conf.py").write_text((root / "conf.py").read_text(encoding="utf-8") + 'html_theme = "lotsen"\n',
                                  encoding="utf-8")
    (root / "index.md").write_text("# Testsystem\n\n```{lotsen-start}\n```\n\n```{toctree}\n:glob:\n\n*\n```\n",
                                   encoding="utf-8")
    model = load_model(root / "lotsen.yaml")
    assert model.field_for("units") == "verksamheter" and model.field_for("review_date") == "nästa_genomgång"
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr
    out = root / "_build" / "html"
    start = soup(out / "index.html")
    links = [" ".join(a.get_text(" ").split()) for a in start.select(".lotsen-links a")]
    assert "Hemtjänsten Norrvik 1 rutin" in links  # by unit
    assert "Undersköterska 1 rutin" in links  # by audience
    assert any(text.startswith("Nyckel saknas RUT-HT-001 · fastställd 2026-01-15") for text in links)  # recent
    page = next(p for p in out.rglob("*.html") if p.name == "objects.html")
    routine = soup(page).select_one(".lotsen-rutin")
    status = " ".join(routine.select_one("p.lotsen-status").get_text().split())
    assert status == "RUT-HT-001 · Fastställd 2026-01-15 av Avdelningschef · Gäller till 2027-01-15 · Version 1"
    details = " ".join(routine.select_one(".lotsen-meta").get_text(" ").split())
    assert "Ägare Enhetschef hemtjänsten" in details
    assert (out / "enhet" / "ht.html").is_file() and (out / "roll" / "underskoterska.html").is_file()
