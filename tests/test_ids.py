"""ID templates: the next free ID is one past the highest in use, never a taken one."""

from __future__ import annotations

from lotsen.model.ids import ID_PLACEHOLDERS, next_id, render_id, template_problem


def test_next_id_follows_the_highest_number_of_the_unit() -> None:
    taken = {"RUT-HT-001", "RUT-HT-007", "RUT-LSS-012", "RUT-HT-ABC"}
    assert next_id("RUT-{unit}-{number:03d}", "HT", 2026, taken) == "RUT-HT-008"
    assert next_id("RUT-{unit}-{number:03d}", "LSS", 2026, taken) == "RUT-LSS-013"
    assert next_id("RUT-{unit}-{number:03d}", "BUM", 2026, taken) == "RUT-BUM-001"


def test_next_id_counts_per_year() -> None:
    taken = {"ATG-2025-014", "ATG-2026-003"}
    assert next_id("ATG-{year}-{number:03d}", "", 2026, taken) == "ATG-2026-004"
    assert next_id("ATG-{year}-{number:03d}", "", 2027, taken) == "ATG-2027-001"


def test_next_id_skips_an_id_written_without_padding() -> None:
    # 'KRAV-LSS-2' is number 2 as well, so the next is 3 and '02' is never given out
    assert next_id("KRAV-{unit}-{number:02d}", "LSS", 2026, {"KRAV-LSS-2"}) == "KRAV-LSS-03"


def test_template_problems_are_named() -> None:
    assert template_problem("RUT-{unit}-{number:03d}", ID_PLACEHOLDERS, needs="number") == ""
    assert "{enhet}" in template_problem("RUT-{enhet}-{number}", ID_PLACEHOLDERS, needs="number")
    assert "måste innehålla {number" in template_problem("RUT-{unit}", ID_PLACEHOLDERS, needs="number")
    assert "går inte att läsa" in template_problem("RUT-{unit", ID_PLACEHOLDERS, needs="number")
    assert "fylla i" in template_problem("RUT-{number:x.y}", ID_PLACEHOLDERS, needs="number")
    assert render_id("RISK-{unit}-{number:02d}", "HT", 2026, 5) == "RISK-HT-05"
