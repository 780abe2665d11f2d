"""A cell's value as a field of the model wants it, or why it cannot be one.

Each function returns (value, problem): the value to write in the object, and when it
cannot be used, what is wrong and what to do, in Swedish. What is unambiguous is
converted (an Excel date, 31/12/2026, a month written out); what is not is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from lotsen.model import Model
from lotsen.model.schema import TypeField
from lotsen.numbers import MOST_DIGITS, parse_number, too_long
from lotsen.periods import PERIOD_FORMS, parse_period
from lotsen.source.tabular import nearest, safe_to_show

__all__ = ["cell_text", "convert", "nearest", "quoted", "small_int", "to_codes", "to_date", "to_months", "to_period"]

#: Excel counts days from here (its 1900 date system, with its leap-year bug).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Day numbers taken as Excel dates: 1954-10-03 to 2119-01-10.
_EXCEL_DAYS = range(20_000, 80_000)
_SPLIT = re.compile(r"\s*(?:[,;\n]|\boch\b)\s*", re.IGNORECASE)


def cell_text(value: Any) -> str:
    """A cell as text: 3.0 as '3', a date as ÅÅÅÅ-MM-DD, whitespace collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


def small_int(text: str) -> int | None:
    """A whole number of at most nine ASCII digits, or None: never int() on a digit
    string of any length (Python refuses one of over 4300 digits) or on other digits."""
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def quoted(text: str, otherwise: str = "texten i cellen") -> str:
    """A cell's text in quotation marks where it is safe to repeat (a number, date or
    period: source.tabular.safe_to_show), else ``otherwise``: free text such as a name
    is never repeated in what the import says."""
    return f"'{text}'" if safe_to_show(text) else otherwise


def _date_from_parts(day: int, month: int, year: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def to_date(value: Any) -> tuple[str, str]:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            return "", f"{value.isoformat(sep=' ')} har ett klockslag. Skriv bara datumet, ÅÅÅÅ-MM-DD."
        return value.date().isoformat(), ""
    if isinstance(value, dt.date):
        return value.isoformat(), ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and int(value) in _EXCEL_DAYS:
            return (_EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat(), ""
        return "", f"{cell_text(value)} är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD."
    text = cell_text(value)
    if m := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?", text):
        found = _date_from_parts(int(m[3]), int(m[2]), int(m[1]))
        if found:
            return found.isoformat(), ""
    elif m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        as_dm = _date_from_parts(first, second, year)
        as_md = _date_from_parts(second, first, year)
        if as_dm and as_md and as_dm != as_md:
            return "", (f"'{text}' kan vara både {as_dm.isoformat()} och {as_md.isoformat()}. "
                        f"Skriv datumet som ÅÅÅÅ-MM-DD.")
        if as_dm or as_md:
            return (as_dm or as_md).isoformat(), ""  # type: ignore[union-attr]
    elif (days := small_int(text)) is not None and days in _EXCEL_DAYS:
        return (_EXCEL_EPOCH + dt.timedelta(days=days)).isoformat(), ""
    return "", f"{quoted(text)} är inget datum Lotsen kan läsa säkert. Skriv datumet som ÅÅÅÅ-MM-DD."


def to_months(model: Model, value: Any) -> tuple[str, str]:
    """'mars, oktober', 'Mar och Okt', '3' -> 'mar, okt' (the model's month names)."""
    months = list(model.months)
    found: list[str] = []
    for token in (t for t in _SPLIT.split(cell_text(value).casefold()) if t):
        parts = re.split(r"\s*[–-]\s*", token)
        named = [_month(months, p) for p in parts]
        if any(n is None for n in named) or len(named) > 2:
            return "", (f"{quoted(token, 'en av dem')} är ingen månad. Skriv månaderna som {', '.join(months[:3])} … "
                        f"eller fullt ut, åtskilda med kommatecken.")
        if len(named) == 2:
            start, end = months.index(named[0]), months.index(named[1])  # type: ignore[arg-type]
            found += months[start:end + 1] if start <= end else months[start:] + months[:end + 1]
        else:
            found.append(named[0])  # type: ignore[arg-type]
    ordered = [m for m in months if m in found]
    return ", ".join(ordered), ""


def _month(months: list[str], token: str) -> str | None:
    token = token.strip(". ")
    number = small_int(token)
    if number is not None and 1 <= number <= len(months):
        return months[number - 1]
    for month in months:
        if len(token) >= 3 and (token.startswith(month.casefold()) or month.casefold().startswith(token)):
            return month
    return None


def to_codes(known: dict[str, str], value: Any, what: str, multiple: bool) -> tuple[str, str]:
    """Codes (units, roles) given as code or name, any case."""
    by_code = {c.casefold(): c for c in known}
    by_name = {n.casefold(): c for c, n in known.items()}
    tokens = [t for t in _SPLIT.split(cell_text(value)) if t] if multiple else [cell_text(value)]
    codes = []
    for token in tokens:
        code = by_code.get(token.casefold()) or by_name.get(token.casefold())
        if code is None:
            return "", (f"{quoted(token, 'texten' if len(tokens) == 1 else 'en av dem')} finns inte bland {what} i "
                        f"lotsen.yaml.{nearest(token, known)}")
        if code not in codes:
            codes.append(code)
    return ", ".join(codes), ""


def to_period(value: Any) -> tuple[str, str]:
    """A month, quarter, half-year or year; a date cell (Excel's month) as its month."""
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year}-{value.month:02d}", ""
    text = cell_text(value).upper().replace("Q", "K")
    if parse_period(text) is not None:
        return text, ""
    return "", f"{quoted(cell_text(value))} är ingen period. Skriv {PERIOD_FORMS}."


def convert(model: Model, usage: TypeField, allowed: tuple[str, ...], value: Any) -> tuple[str, str]:
    """A cell as the value of a field (already known not to be empty)."""
    f = usage.field
    if f.kind == "date":
        return to_date(value)
    if f.kind == "month":
        return to_months(model, value)
    if f.kind == "unit":
        return to_codes({u: model.units[u] for u in allowed}, value, "enheterna", f.multiple)
    if f.kind == "role":
        return to_codes({r: model.roles[r] for r in allowed}, value, "rollerna", f.multiple)
    if f.kind == "period":
        return to_period(value)
    text = cell_text(value)
    if f.kind == "scale":
        scale = model.scales[f.scale]
        if small_int(text) in scale:
            return text, ""
        return "", (f"{quoted(text)} ligger utanför skalan för {f.label.lower()} ({min(scale)}–{max(scale)}). "
                    f"Skriv ett heltal från {min(scale)} till {max(scale)}.")
    if f.kind == "number":
        if parse_number(text) is not None:
            return text.replace(".", ","), ""
        if too_long(text):
            return "", f"talet har fler än {MOST_DIGITS} siffror. Skriv ett tal som går att använda."
        return "", f"{quoted(text)} är inget tal. Skriv ett tal, med decimalkomma om det behövs, till exempel 91,5."
    if allowed:
        folded = {v.casefold(): v for v in allowed}
        tokens = [t for t in _SPLIT.split(text) if t] if f.multiple else [text]
        values = []
        for token in tokens:
            if token.casefold() not in folded:
                return "", (f"{quoted(token, 'texten' if len(tokens) == 1 else 'en av dem')} är inget tillåtet värde för {f.label.lower()}: "
                            f"{', '.join(allowed)}.{nearest(token, {v: '' for v in allowed})}")
            values.append(folded[token.casefold()])
        return ", ".join(values), ""
    return text, ""
