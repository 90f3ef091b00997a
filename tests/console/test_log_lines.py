"""The held log lines (bounded, numbered, searchable) and how the log view wraps and marks them."""

from __future__ import annotations

from textual.app import App, ComposeResult

from kubefate_tui.widgets.logs.log_header import LogHeader, StreamState
from kubefate_tui.widgets.logs.log_lines import HeldLines, clean_line, line_time, split_log_text
from kubefate_tui.widgets.logs.log_panel import container_names, next_tail
from kubefate_tui.widgets.logs.log_view import LogView, prefix_end, row_count, wrap_offsets


def test_oldest_lines_go_first_and_numbers_stay() -> None:
    held = HeldLines(limit=3)
    assert held.extend(["a", "b"]) == 0
    assert held.extend(["c", "d", "e"]) == 2
    assert list(held) == ["c", "d", "e"]
    assert (held.dropped, held.first_number, held.end_number) == (2, 2, 5)
    assert held.index_of(1) is None and held.index_of(3) == 1
    held.clear()
    assert (len(held), held.dropped, held.end_number) == (0, 0, 0)


def test_search_follows_new_lines_and_forgets_dropped_ones() -> None:
    held = HeldLines(limit=4)
    held.extend(["ERROR one", "fine", "error two"])
    held.search("error")  # smart case: lower case matches any case
    assert list(held.matches) == [0, 2]
    held.extend(["more", "error three"])  # line 0 dropped with its match
    assert list(held.matches) == [2, 4]
    assert held.match_ordinal(4) == 2 and held.match_ordinal(3) is None
    assert held.match_after(2) == 4 and held.match_after(4) == 2  # wraps round
    assert held.match_before(2) == 4 and held.match_before(4) == 2
    held.search("ERROR")  # a capital: exact case
    assert list(held.matches) == []
    assert held.match_after(0) is None
    held.search("")
    assert held.search_term == "" and held.match_spans("error") == []


def test_match_spans_treat_the_term_as_text() -> None:
    held = HeldLines()
    held.search("a.b")
    assert held.match_spans("a.b axb A.B") == [(0, 3), (8, 11)]


def test_lines_are_cleaned_for_the_screen() -> None:
    assert clean_line("\x1b[31mred\x1b[0m\tok\r\n") == "red     ok"
    assert clean_line("bell\x07") == "bell"
    assert split_log_text("one\ntwo\n") == ["one", "two"]
    assert split_log_text("one\n\nthree") == ["one", "", "three"]
    assert split_log_text("") == []


def test_the_time_of_a_timestamped_line() -> None:
    assert line_time("[p c] 2026-03-01T12:00:01.5Z hi") == "2026-03-01 12:00:01"
    assert line_time("2026-03-01T12:00:01Z hi") == "2026-03-01 12:00:01"
    assert line_time("no time here") is None


def test_wrapping_counts_cells_not_characters() -> None:
    assert wrap_offsets("abcdefg", 3) == [0, 3, 6]
    assert row_count("abcdefg", 3) == 3 and row_count("", 3) == 1
    assert wrap_offsets("联邦学习abc", 4) == [0, 2, 4]  # two cells per ideograph
    assert row_count("联邦学习abc", 4) == 3


def test_the_stream_prefix_is_found() -> None:
    assert prefix_end("[python-0 python] hello") == len("[python-0 python] ")
    assert prefix_end("[INFO] hello") == 0  # a log level in brackets is not a prefix
    assert prefix_end("hello") == 0


def test_tail_cycles_and_containers_come_from_info() -> None:
    assert [next_tail(t) for t in (100, 500, 2000, None)] == [500, 2000, None, 100]
    info = {"status": {"containers": {"python": "Running", "mysql": "Pending"}}}
    assert container_names(info) == ["mysql", "python"]
    assert container_names(None) == [] and container_names({"ip": "x"}) == []


def test_header_says_what_is_held_and_how() -> None:
    header = LogHeader(
        cluster="fate-9999",
        container="",
        held=50_000,
        dropped=1_234,
        tail=None,
        first_time="2026-03-01 12:00:01",
        state=StreamState.FOLLOWING,
        wrap=True,
        timestamps=True,
        search="error",
        match_ordinal=3,
        match_count=12,
        filtering=True,
    )
    assert header.text() == (
        "fate-9999 · all containers · 50,000 lines since 2026-03-01 12:00:01 UTC (all lines), "
        "1,234 older dropped · following · wrap on · timestamps on · "
        "/error: 3 of 12 lines (only these shown)"
    )


class ViewApp(App[None]):
    def __init__(self, held: HeldLines) -> None:
        super().__init__()
        self.held = held

    def compose(self) -> ComposeResult:
        yield LogView(self.held)


def drawn_text(view: LogView) -> list[str]:
    """Every row of the view as text, scrolling through it (trailing padding stripped)."""
    rows = []
    for row in range(view.virtual_size.height):
        view.scroll_to(y=row, animate=False, immediate=True)  # clamped near the end
        rows.append(view.render_line(row - view.scroll_offset.y).text.rstrip())
    return rows


async def test_view_rows_stay_in_step_with_lines_coming_and_going() -> None:
    held = HeldLines(limit=6)
    app = ViewApp(held)
    async with app.run_test(size=(12, 5)) as pilot:
        view = app.query_one(LogView)
        view.wrap = True
        held.search("e")
        batches = [["short", "a" * 25], ["eeee", "b" * 11, "c"], ["d" * 12, "end", "x", "ye"]]
        for batch in batches:
            held.extend(batch)
            view.lines_changed(keep_end_in_view=True)
            await pilot.pause()
            for filtering in (False, True, False):
                view.filtering = filtering
                await pilot.pause()
                shown = [
                    held[held.index_of(view.shown_number(i)) or 0] for i in range(view.shown_count)
                ]
                width = view.scrollable_content_region.width  # beside the scrollbar, if any
                expected = [
                    line[i : i + width]
                    for line in shown
                    for i in range(0, max(1, len(line)), width)
                ]
                view.wrap = False
                assert drawn_text(view) == [line[:width] for line in shown]
                view.wrap = True
                assert view.virtual_size.height == len(expected)
                assert drawn_text(view) == expected
        assert held.dropped == 3 and held[0] == "b" * 11
