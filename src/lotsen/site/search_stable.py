"""Pagefind's filter indexes made the same on every build. Pagefind (1.5) writes the
values of a filter in the order of a Rust hash map, which differs from run to run, and
names each file by its content: two builds of the same sources got different files, and
the service worker a new version. Here the values are put in order, the files named by
their content again, and the index's references to them changed to match."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path

#: What Pagefind writes at the start of each of its files, before gzip.
SIGNATURE = b"pagefind_dcd"


def _head(data: bytes, at: int) -> tuple[int, int, int]:
    """(major type, argument, position after the head) of the CBOR item at ``at``."""
    first = data[at]
    major, info = first >> 5, first & 0x1F
    if info < 24:
        return major, info, at + 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
    return major, int.from_bytes(data[at + 1: at + 1 + size], "big"), at + 1 + size


def _skip(data: bytes, at: int) -> int:
    """The position after the CBOR item at ``at`` (unsigned ints, text, byte strings and
    arrays: what a filter index holds)."""
    major, arg, at = _head(data, at)
    if major in (2, 3):
        return at + arg
    if major == 4:
        for _ in range(arg):
            at = _skip(data, at)
        return at
    if major == 0:
        return at
    raise ValueError(f"unexpected CBOR type {major}")


def _text(data: bytes, at: int) -> str:
    major, arg, start = _head(data, at)
    return data[start: start + arg].decode("utf-8") if major == 3 else ""


def _sorted_filter(body: bytes) -> bytes:
    """A filter index ([name, [[value, [pages]], …]]) with its values in order."""
    major, count, at = _head(body, 0)
    assert major == 4 and count == 2
    at = _skip(body, at)  # the filter's name
    values_at = at
    major, count, at = _head(body, at)
    assert major == 4
    entries = []
    for _ in range(count):
        end = _skip(body, at)
        _, _, value_at = _head(body, at)
        entries.append((_text(body, value_at), body[at:end]))
        at = end
    header = body[values_at: _head(body, values_at)[2]]
    return body[:values_at] + header + b"".join(e for _, e in sorted(entries)) + body[at:]


def _write(path: Path, body: bytes) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + body, mtime=0))


def stabilise(pagefind: Path) -> None:
    """Rewrite the filter indexes of every language in order, and the meta index and
    entry file that name them."""
    entry_path = pagefind / "pagefind-entry.json"
    if not entry_path.is_file():
        return
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    renamed: dict[str, str] = {}
    for path in sorted((pagefind / "filter").glob("*.pf_filter")):
        data = gzip.decompress(path.read_bytes())
        if not data.startswith(SIGNATURE):
            return
        body = _sorted_filter(data[len(SIGNATURE):])
        language, _, old = path.stem.partition("_")
        new = hashlib.sha256(body).hexdigest()[: len(old)]
        renamed[f"{language}_{old}"] = f"{language}_{new}"
        path.unlink()
        _write(path.with_name(f"{language}_{new}.pf_filter"), body)
    for language, info in entry.get("languages", {}).items():
        meta_path = pagefind / f"pagefind.{info['hash']}.pf_meta"
        if not meta_path.is_file():
            continue
        data = gzip.decompress(meta_path.read_bytes())
        for old, new in renamed.items():
            data = data.replace(old.encode(), new.encode())
        data = _sorted_filter_list(data)
        meta_hash = f"{language}_" + hashlib.sha256(data).hexdigest()[: len(info["hash"]) - len(language) - 1]
        meta_path.unlink()
        (pagefind / f"pagefind.{meta_hash}.pf_meta").write_bytes(gzip.compress(data, mtime=0))
        info["hash"] = meta_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _sorted_filter_list(data: bytes) -> bytes:
    """The meta index's list of filters ([name, file] pairs, side by side) in order."""
    found = []
    at = 0
    while True:
        at = data.find(b"\x82", at)
        if at < 0:
            break
        try:
            name_end = _skip(data, at + 1)
            file_end = _skip(data, name_end)
        except (ValueError, IndexError, KeyError):
            at += 1
            continue
        name, file = _text(data, at + 1), _text(data, name_end)
        if name and re.fullmatch(r"[a-z]+_[0-9a-f]{7}", file or ""):
            found.append((at, file_end, name))
            at = file_end
        else:
            at += 1
    runs = found
    if len(runs) < 2 or any(a[1] != b[0] for a, b in zip(runs, runs[1:])):
        return data
    start, end = runs[0][0], runs[-1][1]
    ordered = sorted((data[s:e] for s, e, _ in runs), key=lambda b: _text(b, 1))
    return data[:start] + b"".join(ordered) + data[end:]
