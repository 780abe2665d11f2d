"""Objects that are not routines (krav, processes, risks, controls, actions) as a
quality lead reads them: one card each, with readable names, the risk score and level,
and working links both ways. Expectations come from needs.json and lotsen.yaml, not
from the code under test."""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

from html_tables import soup

ROOT = Path(__file__).resolve().parents[1]
MODEL = yaml.safe_load((ROOT / "lotsen.yaml").read_text(encoding="utf-8"))


def _unit_names(table: dict) -> dict[str, str]:
    """Code -> name for every unit in the model's tree (a name, or a table with its
    name and the units inside it)."""
    names: dict[str, str] = {}
    for code, spec in table.items():
        names[code] = spec if isinstance(spec, str) else spec["name"]
        if isinstance(spec, dict):
            names.update(_unit_names(spec.get("units") or {}))
    return names


UNIT_NAMES = _unit_names(MODEL["units"])


@functools.cache
def parsed(path: Path):
    """A page of the session's site, parsed once for this file's tests (only read)."""
    return soup(path)


def card(site: Path, need: dict):
    page = parsed(site / f"{need['docname']}.html")
    node = page.find(id=need["id"])
    assert node is not None, need["id"]
    return page, node


def facts(node) -> dict[str, str]:
    rows = {}
    for dl in node.select("dl.lotsen-fakta"):
        for dt_, dd in zip(dl.find_all("dt"), dl.find_all("dd")):
            rows[dt_.get_text(strip=True)] = dd.get_text(" ", strip=True)
    return rows


def test_every_other_object_is_a_card_and_no_sphinx_needs_table_is_left(site: Path, needs: dict) -> None:
    others = [n for n in needs.values() if n["type"] != "rutin"]
    assert len({n["type"] for n in others}) == 9  # every type but rutin: krav, process, risk, kontroll, åtgärd, resultat, granskning, mål, indikator
    for need in others:
        _, node = card(site, need)
        assert "lotsen-objekt" in node["class"], need["id"]
        assert f"lotsen-typ-{need['type']}" in node["class"]
        assert node.select_one(".lotsen-id").get_text() == need["id"]
    for page in site.rglob("*.html"):
        assert "needs_grid_simple" not in page.read_text(encoding="utf-8"), page


def test_risk_card_shows_score_and_level_from_the_model(site: Path, needs: dict) -> None:
    levels = MODEL["risk"]["levels"]
    risks = [n for n in needs.values() if n["type"] == "risk"]
    assert risks
    for risk in risks:
        score = int(risk["sannolikhet"]) * int(risk["konsekvens"])
        level = [lv for lv in levels if lv["from"] <= score][-1]
        _, node = card(site, risk)
        line = node.select_one("p.lotsen-risk")
        assert f"riskvärde {score}" in line.get_text(" ", strip=True), risk["id"]
        badge = line.select_one(".lotsen-level")
        assert badge.get_text() == level["label"]
        assert f"lotsen-level-{levels.index(level) + 1}" in badge["class"]
        likelihood = MODEL["scales"]["sannolikhet"][int(risk["sannolikhet"])].lower()
        assert likelihood in line.get_text()


def test_roles_and_units_are_shown_by_name_never_by_code(site: Path, needs: dict) -> None:
    checked = 0
    for need in needs.values():
        if need["type"] == "rutin" or not need.get("ägare"):
            continue
        _, node = card(site, need)
        shown = facts(node)
        assert shown["Ägare"] == MODEL["roles"][need["ägare"]], need["id"]
        if need.get("enheter"):
            assert shown["Enheter"] == ", ".join(UNIT_NAMES[u] for u in need["enheter"])
        checked += 1
    assert checked > 20


def test_links_are_listed_both_ways_and_lead_to_the_object(site: Path, needs: dict) -> None:
    checked = 0
    for need in needs.values():
        if need["type"] == "rutin":
            continue
        _, node = card(site, need)
        listed = {a["href"].split("#")[1]: a for a in node.select("dl.lotsen-kopplingar a")}
        # drafts are not on the site, so not among the links either
        outgoing = {t for name in MODEL["links"] for t in need.get(name, []) if t in needs}
        incoming = {s for name in MODEL["links"] for s in need.get(f"{name}_back", [])}
        assert outgoing | incoming, need["id"]
        assert set(listed) == outgoing | incoming, need["id"]
        for target_id, anchor in listed.items():
            href = anchor["href"].split("#")[0]  # empty: an object on the same page
            page = (site / need["docname"]).parent / href if href else site / f"{need['docname']}.html"
            assert parsed(page.resolve()).find(id=target_id) is not None, (need["id"], target_id)
            assert needs[target_id]["title"] in anchor.get_text()
            checked += 1
    assert checked > 100


def test_cards_headings_follow_the_page_outline(site: Path, needs: dict) -> None:
    page = soup(site / "risks" / "bum.html")
    headings = [int(h.name[1]) for h in page.select("main h1, main h2, main h3, main h4")]
    assert headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(headings, headings[1:])), headings
    titles = [h.get_text() for h in page.select("main .lotsen-objekt > h2")]
    assert titles == [n["title"] for n in sorted(needs.values(), key=lambda n: n["lineno"] or 0)
                      if n["docname"] == "risks/bum"]


def test_process_overview_follows_its_process_card(site: Path, needs: dict) -> None:
    processes = [n for n in needs.values() if n["type"] == "process"]
    for process in processes:
        _, node = card(site, process)
        overview = node.find_next_sibling()
        assert overview is not None and overview.get("id") == f"oversikt-{process['id'].lower()}", process["id"]


def test_document_data_is_shown_but_kept_out_of_the_search_index(site: Path, needs: dict) -> None:
    """Facts, links, type, status and the risk arithmetic would make every page match
    every role and ID, and the index a phone downloads larger; the ID is searched."""
    for need in needs.values():
        if need["type"] == "rutin":
            continue
        _, node = card(site, need)
        for part in node.select("dl.lotsen-fakta, p.lotsen-risk"):
            assert part.has_attr("data-pagefind-ignore"), (need["id"], part.name)
        status = node.select_one("p.lotsen-status")
        searched = [c for c in status.children if not (getattr(c, "has_attr", None) and c.has_attr("data-pagefind-ignore"))]
        assert [c.get_text() for c in searched] == [need["id"]]
