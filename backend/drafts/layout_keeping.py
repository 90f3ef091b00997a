"""Give a changed document back with the author's own lines wherever they did not change.

ruamel.yaml keeps comments and order but restyles what it writes: trailing spaces go, and every
list takes one indentation, so a file mixing `- item` and `  - item` would come back with dozens
of changed lines for one changed value. Here the writer's output is compared with the writer's
output for the untouched document; lines that are the same there are taken from the original.
The result is checked to hold exactly the changed data, else the writer's output is used.
"""

from __future__ import annotations

from difflib import SequenceMatcher


def keep_layout(original: str, rewritten_original: str, changed: str) -> str:
    """`changed` with the original's lines where the change did not touch them.

    `rewritten_original` is the writer's output for the unchanged document: it lines up the
    writer's lines with the author's (whitespace aside)."""
    author = [_ended(line) for line in original.splitlines(keepends=True)]
    writer = rewritten_original.splitlines(keepends=True)
    to_author = _line_map(writer, author)
    merged: list[str] = []
    matcher = SequenceMatcher(None, writer, changed.splitlines(keepends=True), autojunk=False)
    changed_lines = changed.splitlines(keepends=True)
    shift = 0
    for tag, w_start, w_end, c_start, c_end in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(w_end - w_start):
                source = to_author.get(w_start + offset)
                if source is None:
                    merged.append(writer[w_start + offset])
                    continue
                merged.append(author[source])
                if author[source].strip():
                    shift = _indent(author[source]) - _indent(writer[w_start + offset])
        else:
            # New lines go in at the author's indentation of the lines just above them.
            merged.extend(_shifted(line, shift) for line in changed_lines[c_start:c_end])
    return "".join(merged)


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
    """writer line index -> the author's line with the same text (whitespace aside)."""
    matcher = SequenceMatcher(
        None, [line.strip() for line in writer], [line.strip() for line in author], autojunk=False
    )
    mapping: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            mapping[block.a + offset] = block.b + offset
    return mapping
