"""Go's base64.StdEncoding decoder, for its exact error offsets.

KubeFATE's `ClusterArgs.data` is a Go `[]byte`: encoding/json decodes it with
base64.StdEncoding (padded, CR and LF skipped) and reports `illegal base64 data at input byte N`.
Python's decoder accepts and rejects slightly different inputs and does not say where; this
port of Go's quantum decoder does both the same way.
"""

from __future__ import annotations

import binascii

_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_DECODE = {byte: index for index, byte in enumerate(_ALPHABET)}
_PAD = ord("=")
_NEWLINES = (ord("\n"), ord("\r"))


class CorruptInputError(ValueError):
    def __init__(self, offset: int) -> None:
        super().__init__(f"illegal base64 data at input byte {offset}")
        self.offset = offset


def _skip_newlines(src: bytes, si: int) -> int:
    while si < len(src) and src[si] in _NEWLINES:
        si += 1
    return si


def go_b64decode(text: str) -> bytes:
    """Decode like Go's StdEncoding.DecodeString; CorruptInputError at Go's offset.

    Well-formed input (padded, `=` only at the end, CR/LF anywhere) is what both decoders read
    the same way: it goes through binascii (a 3 MB document in milliseconds instead of a
    second); the rest through the port, which finds Go's offset."""
    src = text.encode("utf-8")
    compact = src.translate(None, b"\r\n")
    # Strict mode alone would let `=` runs follow a whole quantum: Go does not.
    if len(compact) % 4 == 0 and compact.find(b"=") in (-1, len(compact) - 2, len(compact) - 1):
        try:  # only the alphabet, `=` only at the end
            return binascii.a2b_base64(compact, strict_mode=True)
        except binascii.Error:
            pass
    return quantum_decode(src)


def quantum_decode(src: bytes) -> bytes:
    """Go's decoding loop itself, a quantum (4 characters) at a time."""
    out = bytearray()
    si = 0
    while True:
        quantum = [0, 0, 0, 0]
        length = 4
        trailing_garbage: int | None = None
        j = 0
        while j < 4:
            if si == len(src):
                if j == 0:
                    return bytes(out)
                raise CorruptInputError(si - j)
            byte = src[si]
            si += 1
            value = _DECODE.get(byte)
            if value is not None:
                quantum[j] = value
                j += 1
                continue
            if byte in _NEWLINES:
                continue
            if byte != _PAD or j < 2:
                raise CorruptInputError(si - 1)
            if j == 2:  # "==" expected: the first "=" is consumed
                si = _skip_newlines(src, si)
                if si == len(src):
                    raise CorruptInputError(len(src))
                if src[si] != _PAD:
                    raise CorruptInputError(si - 1)
                si += 1
            si = _skip_newlines(src, si)
            if si < len(src):
                trailing_garbage = si
            length = j
            break
        value = quantum[0] << 18 | quantum[1] << 12 | quantum[2] << 6 | quantum[3]
        out += bytes(((value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF))[: length - 1]
        if trailing_garbage is not None:
            raise CorruptInputError(trailing_garbage)
        if length < 4:
            return bytes(out)
