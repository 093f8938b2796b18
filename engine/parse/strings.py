"""Double-quoted string literals: the escapes speclogic accepts, decoded by hand.

Only the listed escapes are meaningful; anything else is an error rather than
being passed to a Python decoder, so a string is always plain data. The rule
language and transcript annotations share this one decoder.
"""
from __future__ import annotations

from engine.parse.syntax_errors import syntax_error

SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r"}
_HEX = frozenset("0123456789abcdefABCDEF")


class EscapeError(ValueError):
    def __init__(self, offset: int, message: str):
        super().__init__(message)
        self.offset = offset  # index of the backslash in the string body


def unescape(body: str) -> str:
    """The value of a string literal's body (without its quotes)."""
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1] if i + 1 < len(body) else ""
        if nxt in SIMPLE_ESCAPES:
            out.append(SIMPLE_ESCAPES[nxt])
            i += 2
        elif nxt == "u":
            code = _hex4(body, i + 2, i)
            start, i = i, i + 6
            if 0xD800 <= code <= 0xDBFF and body[i : i + 2] == "\\u" and set(body[i + 2 : i + 6]) <= _HEX:
                low = int(body[i + 2 : i + 6], 16) if len(body[i + 2 : i + 6]) == 4 else 0
                if 0xDC00 <= low <= 0xDFFF:
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
            if 0xD800 <= code <= 0xDFFF:
                raise EscapeError(start, "\\u escape is a lone UTF-16 surrogate; write the character, "
                                         "or a high+low surrogate pair")
            out.append(chr(code))
        else:
            raise EscapeError(i, f"unknown escape '\\{nxt}' in string (allowed: \\\" \\\\ \\n \\t \\r \\uXXXX)")
    return "".join(out)


def _hex4(body: str, at: int, backslash: int) -> int:
    digits = body[at : at + 4]
    if len(digits) != 4 or not set(digits) <= _HEX:
        raise EscapeError(backslash, "\\u must be followed by four hex digits")
    return int(digits, 16)


def decode_string(tok, filename: str) -> str:
    """The value of a STRING token (quotes included in `tok`)."""
    try:
        return unescape(tok.value[1:-1])
    except EscapeError as exc:
        raise syntax_error(str(exc), filename, tok.line, tok.column + 1 + exc.offset) from None
