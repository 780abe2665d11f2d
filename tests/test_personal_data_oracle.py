"""The personal-data guard against an independent oracle, the PyPI ``personnummer``
package: thousands of numbers in more than ten written forms, and near misses that
must stay quiet (SFS numbers, phone numbers, org.nr, dates, OCR and diary numbers).

The numbers here are generated with date arithmetic and the oracle's own Luhn check,
never with the guard's helpers.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from personnummer import personnummer

from lotsen.checks.personal_data import find_personal_numbers, mask_personal_numbers

SEED = 20261129

#: How a number is written: (name, century digits?, separator between date and serial).
FORMS = [
    ("10 bindestreck", False, "-"),
    ("10 plus", False, "+"),
    ("10 utan", False, ""),
    ("12 bindestreck", True, "-"),
    ("12 utan", True, ""),
    ("10 tankstreck", False, "\u2013"),
    ("12 tankstreck", True, "\u2013"),
    ("10 hårt bindestreck", False, "\u2011"),
    ("10 mellanslag runt bindestreck", False, " - "),
    ("10 mellanslag runt tankstreck", False, " \u2013 "),
    ("12 mellanslag runt tankstreck", True, " \u2013 "),
    ("10 minustecken", False, "\u2212"),
    ("10 hårt mellanslag runt tankstreck", False, "\u00a0\u2013\u00a0"),
    ("10 tankstreck mellanslag efter", False, "\u2013 "),
]

CONTEXTS = ["Brukaren {n} har ansökt.", "| {n} | Hemtjänst |", "Pnr: {n}.", "- {n}", "({n})", "{n}"]


def _oracle_form(written: str) -> str:
    """What the oracle parses: one ASCII hyphen, or ``+``, and no spaces."""
    text = written.replace("\u00a0", "").replace(" ", "")
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2212":
        text = text.replace(dash, "-")
    return text


def _luhn(nine: str) -> int:
    total = 0
    for index, char in enumerate(nine):
        product = int(char) * (2 - index % 2)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def _written(rng: random.Random, form: tuple[str, bool, str]) -> str:
    _, long, sep = form
    first = date(1800, 1, 1) if long else date(1926 if sep != "+" else 1800, 1, 1)
    last = date(2025, 12, 31) if sep != "+" else date(1925, 12, 31)
    born = first + timedelta(days=rng.randrange((last - first).days + 1))
    day = born.day + (60 if rng.random() < 0.3 else 0)
    serial = rng.randrange(1, 1000)  # the oracle never accepts 000
    nine = f"{born.year % 100:02d}{born.month:02d}{day:02d}{serial:03d}"
    ten = nine + str(_luhn(nine))
    return f"{born.year // 100 if long else ''}{ten[:6]}{sep}{ten[6:]}"


def test_a_thousand_valid_numbers_in_every_form_are_found_and_masked() -> None:
    rng = random.Random(SEED)
    missed, leaked, count = [], [], 0
    for form in FORMS:
        for _ in range(100):
            written = _written(rng, form)
            assert personnummer.valid(_oracle_form(written)), written  # the oracle agrees it is one
            text = rng.choice(CONTEXTS).format(n=written)
            hits = find_personal_numbers(text)
            count += 1
            if len(hits) != 1 or hits[0].column != text.index(written) + 1:
                missed.append((form[0], text, hits))
            masked = mask_personal_numbers(text)
            digits = "".join(c for c in written if c.isdigit())
            if written in masked or digits[-4:] in masked or written in repr(hits):
                leaked.append((form[0], masked))
    assert count >= 1000 and len(FORMS) >= 10
    assert missed == [], missed[:5]
    assert leaked == [], leaked[:5]


def test_the_guard_agrees_with_the_oracle_on_random_number_shaped_text() -> None:
    """Random dates (some impossible), serials and check digits, in every form: where
    the oracle says valid, the guard reports; where it says invalid, the guard is quiet."""
    rng = random.Random(SEED + 1)
    disagreements, valid = [], 0
    for _ in range(3000):
        _, long, sep = rng.choice(FORMS)
        century = rng.choice(["18", "19", "20"]) if long else ""
        yy, month, day = rng.randrange(100), rng.randint(0, 13), rng.randint(0, 92)
        serial = rng.randrange(1, 1000)
        nine = f"{yy:02d}{month:02d}{day:02d}{serial:03d}"
        check = _luhn(nine) if rng.random() < 0.5 else rng.randrange(10)
        ten = f"{nine}{check}"
        if sep == "+" and long:
            continue
        written = f"{century}{ten[:6]}{sep}{ten[6:]}"
        expected = personnummer.valid(_oracle_form(written))
        valid += expected
        got = bool(find_personal_numbers(f"Gäller {written}."))
        if got != expected:
            disagreements.append((written, expected, got))
    assert valid > 300
    assert disagreements == [], disagreements[:10]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def near_misses() -> list[str]:
    rng = random.Random(SEED + 2)
    texts = []
    for _ in range(80):
        year, number = rng.randint(1960, 2030), rng.randint(1, 999)
        iso = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        later = iso + timedelta(days=rng.randrange(1, 400))
        org = f"{rng.choice(['21', '55', '71', '80', '82'])}{rng.randint(20, 99)}{_digits(rng, 2)}"
        texts += [
            f"Enligt SFS {year}:{number} och socialtjänstlagen (2025:400).",
            f"Lag ({year}:{number}) om stöd och service, {rng.randint(1, 30)} kap. {rng.randint(1, 20)} §.",
            f"Gäller {iso} \u2013 {later} och {iso}\u2013{later}.",
            f"Period {iso:%Y%m%d} \u2013 {later:%Y%m%d}.",
            f"Organisationsnummer {org}-{_digits(rng, 4)} och {org}\u2013{_digits(rng, 4)}.",
            "Norrviks kommun, org.nr 212000-0142.",
            f"Ring 08-{_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 2)} eller 08\u2013{_digits(rng, 6)}.",
            f"Mobil 07{rng.choice('02369')}\u2011{_digits(rng, 3)} {_digits(rng, 2)} {_digits(rng, 2)}.",
            f"Tel. +46 {rng.randint(10, 99)} \u2013 {_digits(rng, 3)} {_digits(rng, 2)} {_digits(rng, 2)}",
            f"OCR-nummer {_digits(rng, rng.choice([8, 12, 14, 16]))} på fakturan.",
            f"Diarienummer SN {year}/{number}, dnr {year}-{number:04d} och KS {year}.{number}.",
            f"Dnr {rng.choice(['SN', 'ON', 'KS'])} {year}\u2013{number:03d}.",
            f"Beslutet {iso:%y%m%d} \u2013 {rng.randint(1, 99)} kap.",
            f"Belopp {rng.randint(100, 999)} {rng.randint(100, 999)} kr \u2013 {rng.randint(1000, 9999)} kr.",
        ]
    return texts


def test_a_thousand_near_misses_stay_quiet() -> None:
    texts = near_misses()
    assert len(texts) >= 1000
    reported = [(text, find_personal_numbers(text)) for text in texts]
    assert [item for item in reported if item[1]] == []
    # and the oracle agrees that none of the number-shaped parts is a number
    for text in texts:
        for token in text.replace(",", " ").replace(".", " ").split():
            candidate = _oracle_form(token)
            if candidate.replace("-", "").isdigit() and len(candidate.replace("-", "")) in (10, 12):
                assert not personnummer.valid(candidate) or token.count("-") > 1, token
