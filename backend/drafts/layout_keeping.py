"""Give a changed document back with the author's own lines wherever they did not change.

ruamel.yaml keeps comments and order but restyles what it writes: trailing spaces go, and every
list takes one indentation, so a file mixing `- item` and `  - item` would come back with dozens
of changed lines for one changed value. Here the writer's output is compared with the writer's
output for the untouched document; lines that are the same there are taken from the original.
The result is checked to hold exactly the changed data, else the writer's output is used.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_END_COMMENT = re.compile(r"^(?P<body>.*?\S)(?P<gap>[ \t]+)(?P<comment>#.*\n?)$", re.DOTALL)


def keep_layout(original: str, rewritten_original: str, changed: str) -> str:
    """`changed` with the original's lines where the change did not touch them.

    `rewritten_original` is the writer's output for the unchanged document: it lines up the
    writer's lines with the author's (whitespace aside)."""
    author = [_ended(line) for line in original.splitlines(keepends=True)]
    writer = rewritten_original.splitlines(keepends=True)
    to_author = _line_map(writer, author)
    merged: list[str] = []
    changed_lines = changed.splitlines(keepends=True)
    shift = 0
    for tag, w_start, w_end, c_start, c_end in line_opcodes(writer, changed_lines):
        if tag == "equal":
            lines, shift = _author_lines(author, writer, to_author, range(w_start, w_end), shift)
            merged.extend(lines)
        elif tag == "replace" and w_end - w_start == c_end - c_start:
            # Lines changed in place (a renamed key, a new value) keep the indentation the
            # author gave the line they replace: `  - rollsite` becomes `  - osx`, not `- osx`.
            for offset in range(w_end - w_start):
                source = to_author.get(w_start + offset)
                line = changed_lines[c_start + offset]
                if source is not None and author[source].strip():
                    shift = _indent(author[source]) - _indent(writer[w_start + offset])
                    line = _comment_spaced_as(line, author[source])
                merged.append(_shifted(line, shift))
        else:
            # New lines go in at the author's indentation of the lines just above them.
            merged.extend(_shifted(line, shift) for line in changed_lines[c_start:c_end])
    return "".join(merged)


def _author_lines(
    author: list[str],
    writer: list[str],
    to_author: dict[int, int],
    unchanged: range,
    shift: int,
) -> tuple[list[str], int]:
    """The author's lines for a run of unchanged writer lines, and the indentation shift after
    them. Blank lines holding only spaces, which the writer drops, are the author's too."""
    lines: list[str] = []
    last: int | None = None
    for index in unchanged:
        source = to_author.get(index)
        if source is None:
            lines.append(writer[index])
            continue
        dropped = author[last + 1 : source] if last is not None else []
        if dropped and not any(line.strip() for line in dropped):
            lines.extend(dropped)
        lines.append(author[source])
        last = source
        if author[source].strip():
            shift = _indent(author[source]) - _indent(writer[index])
    return lines, shift


def _comment_spaced_as(line: str, author: str) -> str:
    """`line` with the author's spaces before its end-of-line comment, when the comment is the
    author's: the writer keeps a comment's column, so `- rollsite  # gw` renamed would read
    `- osx       # gw`."""
    new, old = _END_COMMENT.match(line), _END_COMMENT.match(author)
    if new is None or old is None or new["comment"] != old["comment"]:
        return line
    return f"{new['body']}{old['gap']}{new['comment']}"


def _words(line: str) -> str:
    return " ".join(line.split())


def _ended(line: str) -> str:
    return line if line.endswith(("\n", "\r")) else line + "\n"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _shifted(line: str, shift: int) -> str:
    if shift > 0 and line.strip():
        return " " * shift + line
    if shift < 0 and line[:-shift].strip() == "":
        return line[-shift:]
    return line


def _line_map(writer: list[str], author: list[str]) -> dict[int, int]:
    """writer line index -> the author's line with the same text (whitespace aside: the writer
    also moves a comment to the column it had, `- osx    # note` for `  - osx  # note`)."""
    mapping: dict[int, int] = {}
    words = [_words(line) for line in writer], [_words(line) for line in author]
    for tag, w_start, w_end, a_start, _a_end in line_opcodes(*words):
        if tag == "equal":
            for offset in range(w_end - w_start):
                mapping[w_start + offset] = a_start + offset
    return mapping


Opcode = tuple[str, int, int, int, int]


def line_opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    """SequenceMatcher's opcodes from `a` to `b`, its matching run only between the first and
    the last differing line: it is quadratic in the lines it is given, and a cluster.yaml with
    10,000 parties (30,000 lines, most of them alike) differs in a few lines at the top."""
    limit = min(len(a), len(b))
    head = 0
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    inner = SequenceMatcher(None, a[head : len(a) - tail], b[head : len(b) - tail], autojunk=False)
    codes: list[Opcode] = [("equal", 0, head, 0, head)]
    for tag, a1, a2, b1, b2 in inner.get_opcodes():
        codes.append((tag, a1 + head, a2 + head, b1 + head, b2 + head))
    codes.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return _joined([code for code in codes if code[1] != code[2] or code[3] != code[4]])


def _joined(codes: list[Opcode]) -> list[Opcode]:
    """Neighbouring `equal` runs as one (the trimmed ends meet the matcher's own runs)."""
    joined: list[Opcode] = []
    for code in codes:
        if joined and code[0] == "equal" and joined[-1][0] == "equal":
            tag, a1, _a2, b1, _b2 = joined[-1]
            joined[-1] = (tag, a1, code[2], b1, code[4])
        else:
            joined.append(code)
    return joined
