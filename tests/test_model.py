"""The model file: loaded with every problem reported at once, in Swedish, with lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from lotsen.cli.main import main
from lotsen.errors import ModelError
from lotsen.model import load_model

from conftest import REPO, line_of, make_project, sphinx_build, write_model


def test_sample_model_loads() -> None:
    model = load_model(REPO / "lotsen.yaml")
    assert set(model.types) == {"krav", "process", "rutin", "risk", "kontroll", "åtgärd", "resultat", "granskning",
                                 "mål", "indikator"}
    assert model.types["rutin"].fields["fastställd_av"].required_for_status == ("fastställd",)
    assert model.links["åtgärdar"].targets == ("risk", "kontroll", "rutin")
    assert model.risk.level(9).label == "Hög"
    assert model.risk.level(3).label == "Låg"
    assert model.severity_of("review_overdue") == "varning"
    assert model.severity_of("link_target_type") == "fel"


def test_missing_model_file(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as err:
        load_model(tmp_path / "lotsen.yaml")
    assert "Modellfilen finns inte" in str(err.value)


def test_unknown_keys_are_all_reported_with_lines(tmp_path: Path) -> None:
    path = write_model(tmp_path, {"    prefix: KRAV-": "    prefx: KRAV-", "  due_soon_days: 60": "  due_soon_dayz: 60"})
    with pytest.raises(ModelError) as err:
        load_model(path)
    problems = {(p.line, p.message.split(".")[0]) for p in err.value.problems}
    assert (line_of(path, "prefx: KRAV-"), "Okänd nyckel 'prefx' i 'types") in problems
    assert (line_of(path, "due_soon_dayz"), "Okänd nyckel 'due_soon_dayz' i 'review'") in problems


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = write_model(tmp_path, {"  HT: Hemtjänsten Norrvik": "  HT: [Hemtjänsten"})
    with pytest.raises(ModelError) as err:
        load_model(path)
    [problem] = err.value.problems
    assert problem.line == line_of(path, "HT: [Hemtjänsten") + 1  # where the parser gives up
    assert "Raden går inte att läsa" in problem.message and "YAML" not in problem.message


def test_references_to_undeclared_names(tmp_path: Path) -> None:
    path = write_model(tmp_path, {"      källa: required": "      käla: required",
                                  "    targets: [krav]": "    targets: [kraven]"})
    with pytest.raises(ModelError) as err:
        load_model(path)
    text = str(err.value)
    assert f"lotsen.yaml:{line_of(path, 'käla: required')}: 'types.krav.fields.käla'" in text
    assert "pekar på typen 'kraven', som inte finns" in text


def test_bad_kind_is_reported_once(tmp_path: Path) -> None:
    path = write_model(tmp_path, {"    kind: date\n    label: Fastställd\n": "    kind: datum\n    label: Fastställd\n"})
    with pytest.raises(ModelError) as err:
        load_model(path)
    assert len(err.value.problems) == 1
    assert "'fields.fastställd.kind' ska vara en av" in err.value.problems[0].message


def test_id_example_must_match_pattern(tmp_path: Path) -> None:
    path = write_model(tmp_path, {"id_example: RUT-HT-012": "id_example: RUT-HT-12"})
    with pytest.raises(ModelError) as err:
        load_model(path)
    assert err.value.problems[0].line == line_of(path, "id_example: RUT-HT-12")


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    # HT stands in the sample's tree under its avdelning: the second HT beside it
    path = write_model(tmp_path, {"\n          HT: Hemtjänsten Norrvik": "\n          HT: Hemtjänsten Norrvik\n          HT: Hemtjänsten igen"})
    with pytest.raises(ModelError) as err:
        load_model(path)
    assert "står två gånger" in str(err.value)


@pytest.mark.parametrize("breakage", ["missing", "unknown_key", "not_yaml"])
def test_build_and_check_stop_cleanly_on_a_broken_model(breakage: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "proj")
    model = root / "lotsen.yaml"
    if breakage == "missing":
        model.unlink()
    elif breakage == "unknown_key":
        model.write_text(model.read_text(encoding="utf-8").replace("units:", "unitz:", 1), encoding="utf-8")
    else:
        model.write_text("types: [oops\n", encoding="utf-8")
    result = sphinx_build(root)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert "Lotsen kan inte läsa modellen" in result.stderr
    assert main(["check", "--root", str(root)]) == 2
    assert "Lotsen kan inte läsa modellen" in capsys.readouterr().err


def test_build_stops_cleanly_on_a_build_date_that_is_no_date(tmp_path: Path) -> None:
    """LOTSEN_TODAY pins the date reviews are judged against; a typo must say so."""
    root = make_project(tmp_path / "proj")
    result = sphinx_build(root, today="igår")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert "Lotsen kan inte avgöra byggdatumet" in result.stderr
    assert "'igår' är inget datum på formen ÅÅÅÅ-MM-DD" in result.stderr


@pytest.mark.parametrize("code", ["NO", "ON", "YES", "OFF", "NULL", "TRUE"])
def test_unit_and_role_codes_are_text_whatever_yaml_1_1_would_make_of_them(tmp_path: Path, code: str) -> None:
    """YAML 1.1 reads NO, ON, YES, OFF and TRUE as booleans, and NULL as nothing."""
    path = write_model(tmp_path, {"\n          HT: Hemtjänsten Norrvik": f"\n          HT: Hemtjänsten Norrvik\n          {code}: Norra området",
                                  "  nämnden: Stadsdelsnämnden": f"  nämnden: Stadsdelsnämnden\n  {code}: Samordnare norr"})
    model = load_model(path)
    assert model.units[code] == "Norra området"
    assert model.roles[code] == "Samordnare norr"


def test_a_scale_with_a_gap_is_refused_at_its_line(tmp_path: Path) -> None:
    path = write_model(tmp_path, {"    3: Möjlig\n": ""})
    with pytest.raises(ModelError) as err:
        load_model(path)
    [problem] = [p for p in err.value.problems if "hoppar över" in p.message]
    assert problem.line == line_of(path, "  sannolikhet:\n".strip()) and "hoppar över 3" in problem.message


@pytest.mark.parametrize(("old", "new", "key"), [
    ("  period_months: 12", "  period_months: -6", "period_months"),
    ("  period_months: 12", "  period_months: 0", "period_months"),
    ("  due_soon_days: 60", "  due_soon_days: -1", "due_soon_days"),
    ("  max_file_kb: 1024", "  max_file_kb: -5", "max_file_kb"),
])
def test_periods_and_limits_must_not_be_negative(tmp_path: Path, old: str, new: str, key: str) -> None:
    path = write_model(tmp_path, {old: new})
    with pytest.raises(ModelError) as err:
        load_model(path)
    [problem] = err.value.problems
    assert problem.line == line_of(path, new) and key in problem.message and "minst" in problem.message


@pytest.mark.parametrize(("old", "key"), [("  period_months: 12", "period_months"),
                                          ("  due_soon_days: 60", "due_soon_days"),
                                          ("  reassess_months: 12", "reassess_months"),
                                          ("  grace_days: 30", "grace_days")])
@pytest.mark.parametrize("number", ["121", "99999999999999999999"])
def test_a_period_longer_than_ten_years_is_refused_at_its_line(tmp_path: Path, old: str, key: str,
                                                               number: str) -> None:
    """Dates are reckoned with these: a slip of the keyboard must be a line in the model,
    not a date out of range in the middle of a check."""
    if key.endswith("days") and number == "121":
        number = "3661"
    new = old.split(":")[0] + ": " + number
    path = write_model(tmp_path, {old: new})
    with pytest.raises(ModelError) as err:
        load_model(path)
    [problem] = err.value.problems
    assert problem.line == line_of(path, new) and key in problem.message and "högst" in problem.message
    assert number not in problem.message or len(number) < 12


def test_a_number_field_cannot_hold_several_values(tmp_path: Path) -> None:
    """A decimal comma would split it: 91,5 is one number, not 91 and 5."""
    text = (REPO / "lotsen.yaml").read_text(encoding="utf-8").replace(
        "  utfall:\n    role: outcome\n    kind: number\n", "  utfall:\n    role: outcome\n    kind: number\n    multiple: true\n")
    path = tmp_path / "lotsen.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load_model(path)
    [problem] = caught.value.problems
    assert text.splitlines()[problem.line - 1].strip() == "multiple: true"
    assert text.splitlines()[problem.line - 2].strip() == "kind: number" and "decimaltal" in problem.message


def test_the_statistics_section_is_checked(tmp_path: Path) -> None:
    text = (REPO / "lotsen.yaml").read_text(encoding="utf-8").replace("    count: Antal\n", "").replace(
        "  small_count_threshold: 2", "  small_count_threshold: -1")
    path = tmp_path / "lotsen.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load_model(path)
    messages = sorted(p.message for p in caught.value.problems)
    assert len(messages) == 2
    assert any("'statistics.columns.count' saknas" in m for m in messages)
    assert any("small_count_threshold" in m for m in messages)
