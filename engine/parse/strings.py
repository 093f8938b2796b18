"""Double-quoted string literals: the escapes speclogic accepts, decoded by hand.

Only the listed escapes are meaningful; anything else is a syntax error rather than
being passed to a Python decoder, so a string is always plain data.
"""
from __future__ import annotations

from engine.parse.syntax_errors import syntax_error

SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r"}


def decode_string(tok, filename: str) -> str:
    """The value of a STRING token (quotes included in `tok`)."""
    body = tok.value[1:-1]
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
        column = tok.column + 1 + i
        if nxt in SIMPLE_ESCAPES:
            out.append(SIMPLE_ESCAPES[nxt])
            i += 2
        elif nxt == "u":
            digits = body[i + 2 : i + 6]
            if len(digits) != 4 or any(c not in "0123456789abcdefABCDEF" for c in digits):
                raise syntax_error("\\u must be followed by four hex digits", filename, tok.line, column)
            code = int(digits, 16)
            i += 6
            if 0xD800 <= code <= 0xDBFF and body[i : i + 2] == "\\u":
                low = body[i + 2 : i + 6]
                if len(low) == 4 and all(c in "0123456789abcdefABCDEF" for c in low) and 0xDC00 <= int(low, 16) <= 0xDFFF:
                    code = 0x10000 + ((code - 0xD800) << 10) + (int(low, 16) - 0xDC00)
                    i += 6
            if 0xD800 <= code <= 0xDFFF:
                raise syntax_error(
                    "\\u escape is a lone UTF-16 surrogate; write the character, or a high+low surrogate pair",
                    filename, tok.line, column,
                )
            out.append(chr(code))
        else:
            raise syntax_error(
                f"unknown escape '\\{nxt}' in string (allowed: \\\" \\\\ \\n \\t \\r \\uXXXX)",
                filename,
                tok.line,
                column,
            )
    return "".join(out)
