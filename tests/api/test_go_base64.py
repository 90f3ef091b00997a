"""The quick way through Go's base64 decoder gives exactly what the port of Go's loop gives."""

from __future__ import annotations

import base64
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from backend.api.go_base64 import CorruptInputError, go_b64decode, quantum_decode


def outcome(decode: Callable[[str], bytes], text: str) -> object:
    try:
        return decode(text)
    except CorruptInputError as error:
        return ("illegal base64 data at input byte", error.offset)


texts = st.one_of(
    st.text(alphabet="AQB+/=\r\n-x ", max_size=16),
    st.binary(max_size=12).map(lambda data: base64.b64encode(data).decode()),
    st.tuples(st.binary(max_size=12), st.integers(0, 20), st.sampled_from("=\r\n!A")).map(
        lambda t: (lambda s: s[: t[1]] + t[2] + s[t[1] :])(base64.b64encode(t[0]).decode())
    ),
)


@given(texts)
def test_the_quick_path_agrees_with_gos_loop(text: str) -> None:
    assert outcome(go_b64decode, text) == outcome(lambda t: quantum_decode(t.encode()), text)
