"""The log lines a panel holds: bounded (oldest dropped first), searchable, numbered.

Every line gets a number when it arrives (0 for the first since the last `clear`), kept when
older lines are dropped, so a search match or a reading position stays on the same line while
new lines push old ones out. Searching scans only the lines that arrive after the search was
set, so a follow of a busy cluster costs no more with a search than without.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

DEFAULT_LIMIT = 50_000
"""How many lines a panel holds before it drops the oldest."""

_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]|[\x00-\x08\x0b-\x1f\x7f]")
"""ANSI escape sequences and control characters (tabs aside): they would break widths."""

_TIMESTAMP = re.compile(r"^(?:\[[^\]]*\] )?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)")
"""The RFC 3339 time Kubernetes puts first with `timestamps`, after the stream prefix."""


def clean_line(raw: str) -> str:
    """`raw` as it can be drawn: colour codes and control characters gone, tabs expanded."""
    text = raw.rstrip("\r\n")
    if "\x1b" in text or not text.isprintable():
        text = _CONTROL.sub("", text)
    return text.expandtabs(8) if "\t" in text else text


def split_log_text(text: str) -> list[str]:
    """The lines of a snapshot (no empty line for the final newline), cleaned."""
    if not text:
        return []
    pieces = text.split("\n")
    if pieces[-1] == "":
        pieces.pop()
    return [clean_line(piece) for piece in pieces]


def line_time(line: str) -> str | None:
    """The time a timestamped line was written (`YYYY-MM-DD HH:MM:SS`, UTC), if it has one."""
    found = _TIMESTAMP.match(line)
    return None if found is None else found.group(1).replace("T", " ")


@dataclass(frozen=True, slots=True)
class Search:
    """A search term; smart case: case-insensitive unless the term has a capital letter."""

    term: str

    @property
    def pattern(self) -> re.Pattern[str]:
        flags = 0 if any(c.isupper() for c in self.term) else re.IGNORECASE
        return re.compile(re.escape(self.term), flags)


class HeldLines:
    """At most `limit` lines, newest last, with the numbers of those matching the search."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        if limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")
        self.limit = limit
        self._lines: list[str] = []
        self._first = 0  # the number of _lines[0]
        self._search: Search | None = None
        self._pattern: re.Pattern[str] | None = None
        self._matches: list[int] = []  # numbers of matching held lines, ascending

    # --- lines ---------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, index: int) -> str:
        return self._lines[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)

    @property
    def dropped(self) -> int:
        """How many lines were dropped (the oldest) to stay within the limit since `clear`."""
        return self._first

    @property
    def first_number(self) -> int:
        """The number of the oldest line held."""
        return self._first

    @property
    def end_number(self) -> int:
        """The number the next line will get."""
        return self._first + len(self._lines)

    def index_of(self, number: int) -> int | None:
        """Where the line `number` is held, or None if it was dropped or has not come yet."""
        index = number - self._first
        return index if 0 <= index < len(self._lines) else None

    def snapshot(self) -> list[str]:
        """A copy of the lines held (for saving while new lines keep coming)."""
        return list(self._lines)

    def clear(self) -> None:
        """Hold nothing; numbering starts again at 0. The search term stays."""
        self._lines.clear()
        self._first = 0
        self._matches.clear()

    def extend(self, lines: Iterable[str]) -> int:
        """Add `lines` (already cleaned) at the end; return how many old lines were dropped."""
        start = self.end_number
        self._lines.extend(lines)
        if self._pattern is not None:
            search = self._pattern.search
            self._matches.extend(
                start + offset
                for offset, line in enumerate(self._lines[start - self._first :])
                if search(line)
            )
        excess = len(self._lines) - self.limit
        if excess <= 0:
            return 0
        del self._lines[:excess]
        self._first += excess
        del self._matches[: bisect_left(self._matches, self._first)]
        return excess

    # --- search --------------------------------------------------------------------------------
    @property
    def search_term(self) -> str:
        """The term searched for ("" when not searching)."""
        return "" if self._search is None else self._search.term

    @property
    def matches(self) -> Sequence[int]:
        """The numbers of the held lines that match the search, ascending."""
        return self._matches

    def search(self, term: str) -> None:
        """Search the held lines (and those to come) for `term`; "" stops searching."""
        if not term:
            self._search, self._pattern, self._matches = None, None, []
            return
        self._search = Search(term)
        self._pattern = self._search.pattern
        search = self._pattern.search
        first = self._first
        self._matches = [first + i for i, line in enumerate(self._lines) if search(line)]

    def match_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the search term occurs in `text`, as (start, end) character offsets."""
        if self._pattern is None:
            return []
        return [found.span() for found in self._pattern.finditer(text)]

    def match_after(self, number: int) -> int | None:
        """The first matching line after `number`, wrapping round to the first; None if none."""
        if not self._matches:
            return None
        slot = bisect_left(self._matches, number + 1)
        return self._matches[slot] if slot < len(self._matches) else self._matches[0]

    def match_before(self, number: int) -> int | None:
        """The last matching line before `number`, wrapping round to the last; None if none."""
        if not self._matches:
            return None
        slot = bisect_left(self._matches, number)
        return self._matches[slot - 1] if slot > 0 else self._matches[-1]

    def match_ordinal(self, number: int) -> int | None:
        """1 for the first matching line, ...; None if line `number` does not match."""
        slot = bisect_left(self._matches, number)
        if slot < len(self._matches) and self._matches[slot] == number:
            return slot + 1
        return None
