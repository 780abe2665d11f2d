"""Personal numbers and e-mail addresses: thousands of generated hits and near misses."""

from __future__ import annotations

import calendar
import random
from datetime import date, timedelta

import pytest

from lotsen.checks.personal_data import (
    PERSONNUMMER,
    SAMORDNINGSNUMMER,
    EmailHit,
    PersonalNumberHit,
    find_emails,
    find_personal_numbers,
    luhn_digit,
)

SEED = 20260312


# --- generators ------------------------------------------------------------------------


def _random_date(rng: random.Random, first: int, last: int) -> date:
    start = date(first, 1, 1)
    return start + timedelta(days=rng.randrange((date(last, 12, 31) - start).days + 1))


def _ten(yy: int, month: int, day: int, serial: int) -> str:
    """The 10-digit form YYMMDDNNNC with a correct check digit."""
    nine = f"{yy:02d}{month:02d}{day:02d}{serial:03d}"
    return nine + str(luhn_digit(nine))


def render(ten: str, form: str, century: int | None = None) -> str:
    """``ten`` written as ``form``: 10-, 10+, 10, 12- or 12."""
    if form == "10-":
        return f"{ten[:6]}-{ten[6:]}"
    if form == "10+":
        return f"{ten[:6]}+{ten[6:]}"
    if form == "10":
        return ten
    if form == "12-":
        return f"{century}{ten[:6]}-{ten[6:]}"
    return f"{century}{ten}"


def valid_number(rng: random.Random) -> tuple[str, str, str]:
    """A valid number as (written, 10-digit form, kind), in a random form."""
    form = rng.choice(["10-", "10+", "10", "12-", "12"])
    if form == "10+":
        born = _random_date(rng, 1800, 1925)  # 100 years or older
    elif form.startswith("10"):
        born = _random_date(rng, 1926, 2025)
    else:
        born = _random_date(rng, 1800, 2025)
    kind = rng.choice([PERSONNUMMER, SAMORDNINGSNUMMER])
    day = born.day + (60 if kind == SAMORDNINGSNUMMER else 0)
    ten = _ten(born.year % 100, born.month, day, rng.randrange(1000))
    return render(ten, form, born.year // 100), ten, kind


CONTEXTS = [
    "Brukaren med personnummer {n} har ansökt om hemtjänst.",
    "{n} är registrerad i verksamhetssystemet.",
    "Uppgiften gäller {n}",
    "| Ärende | {n} | Hemtjänst |",
    "|{n}|",
    ":urval: {n}",
    ":brukare: {n}, se akten",
    "- {n}",
    "1. Kontrollera {n}.",
    "**{n}**",
    "Barnet ({n}) placerades.",
    "Personnr: {n}; handläggare Eva.",
    "`{n}`",
    "Sökte den 2026-03-12 {n} om bistånd.",
    "journal-{n}.pdf",
    "Pnr:{n}",
    "Gäller {n} och {n}.",
]

FILLER = [
    "# Rutin för ansökan",
    "",
    "Handläggaren dokumenterar enligt 11 kap. 5 § SoL (2025:400).",
    "Ring växeln 08-123 456 78 vid frågor.",
    "Beslut fattades 2026-03-12 och gäller till 2026-09-30.",
    "Avgiften är 12 500 kr per månad.",
    "Se RUT-HT-012 och KRAV-SOSFS-4-2.",
]


def generated_hits(count: int) -> list[tuple[str, list[tuple[int, int, str, str]]]]:
    """(text, expected [(line, column, kind, ten)]) for ``count`` valid numbers."""
    rng = random.Random(SEED)
    cases = []
    for _ in range(count):
        written, ten, kind = valid_number(rng)
        context = rng.choice(CONTEXTS)
        line = context.format(n=written)
        before = rng.sample(FILLER, rng.randrange(4))
        after = rng.sample(FILLER, rng.randrange(3))
        text = "\n".join([*before, line, *after])
        line_number = len(before) + 1
        expected, start = [], 0
        for _ in range(context.count("{n}")):
            column = line.index(written, start) + 1
            expected.append((line_number, column, kind, ten))
            start = column + len(written)
        cases.append((text, expected))
    return cases


# --- valid numbers ---------------------------------------------------------------------


def test_thousands_of_valid_numbers_are_found_where_they_are() -> None:
    cases = generated_hits(1500)
    failures = []
    for text, expected in cases:
        hits = find_personal_numbers(text)
        got = [(hit.line, hit.column, hit.kind) for hit in hits]
        if got != [(line, column, kind) for line, column, kind, _ in expected]:
            failures.append((text, got, expected))
            continue
        for hit, (_, _, _, ten) in zip(hits, expected):
            full_forms = (ten, f"{ten[:6]}-{ten[6:]}", f"{ten[:6]}+{ten[6:]}", ten[2:], ten[6:])
            if any(form in hit.masked or form in repr(hit) for form in full_forms):
                failures.append((text, hit, "leaks digits"))
            if hit.masked[:2] != ten[:2] or hit.masked[2:].strip("x-+"):
                failures.append((text, hit, "bad mask"))
    assert not failures, failures[:5]
    assert sum(len(expected) for _, expected in cases) >= 1500


@pytest.mark.parametrize(
    ("text", "kind", "masked"),
    [
        ("850101-1236", PERSONNUMMER, "85xxxx-xxxx"),
        ("8501011236", PERSONNUMMER, "85xxxx-xxxx"),
        ("850101+1236", PERSONNUMMER, "85xxxx+xxxx"),
        ("19850101-1236", PERSONNUMMER, "85xxxx-xxxx"),
        ("198501011236", PERSONNUMMER, "85xxxx-xxxx"),
        ("850161-1233", SAMORDNINGSNUMMER, "85xxxx-xxxx"),
        (render(_ten(0, 2, 29, 123), "10-"), PERSONNUMMER, "00xxxx-xxxx"),  # 2000 is a leap year
        (f"20{_ten(0, 2, 29, 123)}", PERSONNUMMER, "00xxxx-xxxx"),
        (f"19{_ten(4, 2, 29, 123)}", PERSONNUMMER, "04xxxx-xxxx"),
        (render(_ten(4, 2, 29, 123), "10+"), PERSONNUMMER, "04xxxx+xxxx"),
        (render(_ten(12, 2, 89, 123), "10-"), SAMORDNINGSNUMMER, "12xxxx-xxxx"),  # 29 Feb + 60
        (render(_ten(85, 1, 91, 123), "10-"), SAMORDNINGSNUMMER, "85xxxx-xxxx"),  # 31 Jan + 60
        (render(_ten(85, 12, 31, 123), "10-"), PERSONNUMMER, "85xxxx-xxxx"),
    ],
)
def test_forms_kinds_and_masks(text: str, kind: str, masked: str) -> None:
    assert find_personal_numbers(f"Gäller {text}.") == [PersonalNumberHit(1, 8, kind, masked)]


def test_line_and_column_are_one_based_in_characters() -> None:
    text = "# Rubrik\n\nÅsa på Älvgården: 850101-1236\n"
    assert find_personal_numbers(text) == [PersonalNumberHit(3, 19, PERSONNUMMER, "85xxxx-xxxx")]


def test_hit_holds_no_full_number() -> None:
    (hit,) = find_personal_numbers("850101-1236")
    assert "1236" not in repr(hit) and "850101" not in repr(hit)
    assert set(vars(hit)) == {"line", "column", "kind", "masked"}
    with pytest.raises(AttributeError):
        hit.masked = "x"  # type: ignore[misc]


def test_unlabelled_unseparated_number_starting_with_zero_is_reported() -> None:
    # Ambiguous with a phone number, but may be a child's number: reported.
    assert luhn_digit("070123456") == 9
    assert [hit.masked for hit in find_personal_numbers("Uppgift: 0701234569")] == ["07xxxx-xxxx"]


def test_luhn_digit() -> None:
    assert luhn_digit("811218987") == 6  # Skatteverket's example 811218-9876
    assert luhn_digit("850101123") == 6


# --- near misses -----------------------------------------------------------------------


def _invalid_dates(rng: random.Random) -> list[str]:
    """Numbers with a correct check digit whose date does not exist."""
    numbers = []
    for _ in range(60):
        yy, serial = rng.randrange(100), rng.randrange(1000)
        day = rng.randint(1, 28)
        numbers += [
            _ten(yy, 13, day, serial),
            _ten(yy, 0, day, serial),
            _ten(yy, rng.randint(14, 99), day, serial),
            _ten(yy, rng.randint(1, 12), 32, serial),
            _ten(yy, rng.randint(1, 12), 0, serial),
            _ten(yy, 2, 30, serial),
            _ten(yy, 2, 31, serial),
            _ten(yy, rng.choice([4, 6, 9, 11]), 31, serial),
            _ten(rng.choice([y for y in range(100) if y % 4]), 2, 29, serial),
            # samordningsnummer: day + 60 out of range or impossible
            _ten(yy, rng.randint(1, 12), rng.randint(92, 99), serial),
            _ten(yy, rng.randint(1, 12), 60, serial),
            _ten(yy, 2, 90, serial),
            _ten(yy, rng.choice([4, 6, 9, 11]), 91, serial),
            _ten(rng.choice([y for y in range(100) if y % 4]), 2, 89, serial),
            _ten(yy, rng.randint(1, 12), rng.randint(33, 59), serial),
        ]
    return numbers


def near_misses() -> list[str]:
    rng = random.Random(SEED + 1)
    texts: list[str] = []

    # Wrong check digit, in every form.
    for _ in range(150):
        written, ten, _ = valid_number(rng)
        wrong = str((int(ten[9]) + rng.randint(1, 9)) % 10)
        texts.append(f"Gäller {written[:-1]}{wrong}.")

    # Dates that do not exist, in every form.
    for ten in _invalid_dates(rng):
        form = rng.choice(["10-", "10", "10+"])
        texts.append(f"Brukaren {render(ten, form)} har ansökt.")
    for year in (1800, 1900, 1801, 1999, 2001, 2025):
        assert not calendar.isleap(year)
        texts.append(f"{year}{_ten(year % 100, 2, 29, 123)}")
        texts.append(f"{year // 100}{render(_ten(year % 100, 2, 29, 123), '10-')}")
    texts.append(render(_ten(0, 2, 29, 123), "10+"))  # 1900 is no leap year

    # 12 digits: wrong century, or with + (only the 10-digit form takes +).
    for _ in range(40):
        written, ten, _ = valid_number(rng)
        texts.append(f"{rng.choice([17, 21, 99, 10])}{ten}")
        texts.append(f"19{ten[:6]}+{ten[6:]}")

    # Ids, dates, SFS numbers, paragraphs, money.
    for _ in range(60):
        year, number = rng.randint(1990, 2030), rng.randint(1, 999)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        iso, later = f"{year}-{month:02d}-{day:02d}", f"{year + 1}-{month:02d}-{day:02d}"
        kronor = f"{rng.randint(1, 99)} {rng.randint(0, 999):03d}"
        million = f"{rng.randint(1, 9)} {rng.randint(0, 999):03d} {rng.randint(0, 999):03d}"
        texts += [
            f"Se RUT-{rng.choice(['HT', 'BUM', 'LSS'])}-{number:03d} och ATG-{year}-{number:03d}.",
            f"Uppfyller KRAV-SOSFS-{rng.randint(1, 9)}-{rng.randint(1, 9)} och KRAV-SOSFS-{year}-{rng.randint(1, 9)}.",
            f"Beslutet {iso} gäller {iso}–{later}, {iso} – {later} och {iso}--{later}.",
            f"{iso}/{later} och {year}{month:02d}{day:02d}",
            f"Enligt SFS {year}:{number} och lag ({year}:{number}), {rng.randint(1, 30)} kap. {rng.randint(1, 20)} §.",
            f"Kostnad {kronor} kr, totalt {million},50 kr eller {kronor}:-.",
            f"| {iso} | {kronor} kr | {year}:{number} |",
        ]

    # Phone numbers in their usual forms.
    def digits(n: int) -> str:
        return "".join(str(rng.randrange(10)) for _ in range(n))

    for _ in range(60):
        mobile = rng.choice(["070", "072", "073", "076", "079"])
        texts += [
            f"Ring 08-{digits(3)} {digits(3)} {digits(2)}.",
            f"Mobil {mobile}-{digits(3)} {digits(2)} {digits(2)}",
            f"Tel. +46 8 {digits(3)} {digits(3)} {digits(2)}",
            f"+46 {mobile[1:]} {digits(3)} {digits(2)} {digits(2)}",
            f"+46{mobile[1:]}{digits(7)} eller 0046{mobile[1:]}{digits(7)}",
            f"{rng.choice(['072', '073', '076', '079'])}{digits(7)}",  # never a valid month
            f"Växel: 0{rng.choice(['31', '40', '18', '90'])}-{digits(2)} {digits(2)} {digits(2)}",
            f"Kundtjänst 0771-{digits(2)} {digits(2)} {digits(2)}",
        ]
    texts.append("Ring 0701234567")

    # Unseparated numbers that start with 0 and would be valid, behind a phone label.
    labels = ["Tel: ", "tel. ", "Telefon ", "telefonnummer: ", "Tfn ", "Mobil: ", "mobilnr ", "Tel.nr ",
              "sms ", "Fax ", "Växel: ", "ring ", "Ring "]
    for _ in range(120):
        born = _random_date(rng, 2000, 2009)
        ten = _ten(born.year % 100, born.month, born.day, rng.randrange(1000))
        texts.append(f"Kontakt: {rng.choice(labels)}{ten}")

    # Valid numbers glued to digits, letters, + or a continuation.
    for _ in range(60):
        written, ten, _ = valid_number(rng)
        d = str(rng.randrange(10))
        texts += [
            f"{d}{written}",
            f"{written}{d}",
            f"x{written}",
            f"{written}a",
            f"Ö{written}",
            f"{written}-{d}",
            f"{d}-{written}",
            f"{written}.{d}",
            f"{d},{written}",
            f"+{written}",
            f"ATG-{written}",
            f"{written}-A",
            f"{rng.randint(1, 99)} {written}",
            f"{written} {rng.randint(1, 999)} kr",
            f"08 {written}",
            f"{digits(rng.randint(3, 8))}{ten}{digits(rng.randint(1, 8))}",
        ]
    return texts


def test_thousands_of_near_misses_are_not_reported() -> None:
    texts = near_misses()
    reported = [(text, find_personal_numbers(text)) for text in texts]
    assert [item for item in reported if item[1]][:5] == []
    assert len(texts) >= 1000


@pytest.mark.parametrize(
    "text",
    [
        "RUT-HT-012",
        "KRAV-SOSFS-4-2",
        "ATG-2026-004",
        "2026-03-12",
        "2026-03-12–2026-04-12",
        "2025:400",
        "SFS 2001:453",
        "4 kap. 2 §",
        "08-123 456 78",
        "070-123 45 67",
        "+46 8 123 456 78",
        "0701234567",
        "12 500 kr",
        "1 234 567,50 kr",
        "123850101123645",
        "",
    ],
)
def test_listed_look_alikes(text: str) -> None:
    assert find_personal_numbers(text) == []


# --- e-mail addresses ------------------------------------------------------------------


def test_email_found_with_line_column_and_mask() -> None:
    text = "# Kontakt\n\nMejla nils.nilsson@example.se eller Åsa.Berg@norrvik.se.\n"
    assert find_emails(text, []) == [
        EmailHit(3, 7, "n***@example.se"),
        EmailHit(3, 37, "Å***@norrvik.se"),
    ]


def test_email_hit_holds_no_full_address() -> None:
    (hit,) = find_emails("nils.nilsson@example.se", [])
    assert "nilsson" not in repr(hit)


def test_allowed_addresses_are_exact_and_case_insensitive() -> None:
    text = "Skicka till Registrator@Norrvik.se eller eva@norrvik.se"
    hits = find_emails(text, ["registrator@norrvik.se"])
    assert [hit.masked for hit in hits] == ["e***@norrvik.se"]
    assert find_emails(text, [" REGISTRATOR@norrvik.se ", "eva@norrvik.se"]) == []


def test_domain_in_allowed_is_no_wildcard() -> None:
    hits = find_emails("eva@norrvik.se och registrator@norrvik.se", ["@norrvik.se", "norrvik.se"])
    assert [hit.masked for hit in hits] == ["e***@norrvik.se", "r***@norrvik.se"]


def test_allowed_does_not_match_a_longer_address() -> None:
    hits = find_emails("registrator@norrvik.se.example.com", ["registrator@norrvik.se"])
    assert [hit.masked for hit in hits] == ["r***@norrvik.se.example.com"]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("<eva.ek@soc.norrvik.se>", "e***@soc.norrvik.se"),
        ("[mejla](mailto:eva+test@norrvik.se)", "e***@norrvik.se"),
        ("| eva_ek@norrvik.se |", "e***@norrvik.se"),
        ("(eva-ek@norrvik.se),", "e***@norrvik.se"),
        ("**a@b.se**", "a***@b.se"),
    ],
)
def test_email_forms(text: str, masked: str) -> None:
    assert [hit.masked for hit in find_emails(text, [])] == [masked]


@pytest.mark.parametrize(
    "text",
    ["@norrvik.se", "eva@norrvik", "eva@", "a @ b.se", "Se RUT-HT-012.", "SFS 2001:453", "", "e-post saknas"],
)
def test_not_emails(text: str) -> None:
    assert find_emails(text, []) == []


def test_default_allowed_is_empty() -> None:
    assert len(find_emails("a@b.se")) == 1


def test_a_text_of_many_lines_gives_the_hits_of_each_line_on_its_own() -> None:
    """A whole text is first searched at once (most hold no number and no address):
    every hit that a line gives on its own is still found, at that line, whatever
    breaks the lines."""
    from dataclasses import replace

    rng = random.Random(SEED + 7)
    breaks = ["\n", "\r\n", "\r", "\u2028", "\x0c", "\x85", "\u2029"]
    words = ["Brukaren", "tel", "070-123 45 67", "2029-06-28", "Dnr 2029/123", "anna.svensson@example.se",
             "info@kommun.se", "@", "–", "(", ")", "x"]
    texts = numbers = emails = 0
    for _ in range(400):
        lines = [" ".join(valid_number(rng)[0] if rng.random() < 0.15 else rng.choice(words)
                          for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 8))]
        text = "".join(line + rng.choice(breaks) for line in lines)
        expected_numbers = [replace(hit, line=number) for number, line in enumerate(lines, 1)
                            for hit in find_personal_numbers(line)]
        expected_emails = [replace(hit, line=number) for number, line in enumerate(lines, 1)
                           for hit in find_emails(line)]
        assert find_personal_numbers(text) == expected_numbers, text
        assert find_emails(text) == expected_emails, text
        texts += 1
        numbers += len(expected_numbers)
        emails += len(expected_emails)
    assert numbers > 100 and emails > 100 and texts == 400
