"""Turn Lark's parse exceptions into `syntax_error` diagnostics worded for people.

Lark reports terminal names (DOT, STRICT_ARROW...); users see what was expected in
words and what was found, at the exact line and column of the offending token.
"""
from __future__ import annotations

from typing import NoReturn

from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from engine.errors import SYNTAX_ERROR, Diagnostic, Span, SpeclogicError

# terminal name -> words; the order here is the order they are listed in messages
DL_WORDS = {
    "DOT": "'.'",
    "COLON": "':'",
    "STRICT_ARROW": "':-'",
    "ARROW": "':=' or ':^'",
    "GT": "'>'",
    "CMP": "a comparison (= != < <= >=)",
    "COMMA": "','",
    "LPAR": "'('",
    "RPAR": "')'",
    "TILDE": "'~'",
    "NOT": "'not'",
    "TRUE": "'true'",
    "CONFLICT": "'#conflict'",
    "INPUT": "'#input'",
    "ANNOTATION": "'#annotation'",
    "VALUE": "'#value'",
    "REJECTS": "'rejects'",
    "SECTION": "a section anchor such as {#comply_with_laws}",
    "IDENT": "a name",
    "VAR": "a variable",
    "INT": "an integer",
    "FLOAT": "a number",
    "STRING": "a string",
    "PLUS": "'+'",
    "MINUS": "'-'",
    "STAR": "'*'",
    "SLASH": "'/'",
    "$END": "end of input",
}

DFL_WORDS = {
    "_NL": "a line break",
    "FACT_ARROW": "'>>'",
    "RULE_ARROW": "'->', '=>' or '~>'",
    "GT": "'>'",
    "COLON": "':'",
    "COMMA": "','",
    "LPAR": "'('",
    "RPAR": "')'",
    "NEG": "a negation sign (- ~ ¬)",
    "NAME": "a name",
    "NUMBER": "a number",
    "STRING": "a string",
    "$END": "end of input",
}

# When all of these are acceptable, say "a term" instead of listing them.
_TERM_STARTS = {"VAR", "INT", "FLOAT", "STRING", "LPAR", "MINUS"}
_OPERATORS = {"PLUS", "MINUS", "STAR", "SLASH"}


def syntax_error(message: str, filename: str, line: int, column: int, width: int = 1) -> SpeclogicError:
    span = Span(filename, line, column, line, column + max(1, width))
    return SpeclogicError(Diagnostic(SYNTAX_ERROR, message, span))


def describe_expected(names, words: dict[str, str]) -> str:
    names = set(names)
    parts: list[str] = []
    if {"NOT", "TILDE", "IDENT", "VAR"} <= names:  # the start of a body item
        names -= _TERM_STARTS | {"IDENT", "NOT", "TILDE"}
        parts.append("a condition (a literal, 'not' literal or comparison)")
    if _TERM_STARTS <= names:
        names -= _TERM_STARTS | {"IDENT"}
        parts.append("a term")
    if _OPERATORS <= names:
        names -= _OPERATORS
        parts.append("an operator (+ - * /)")
    ordered = [words[n] for n in words if n in names]
    ordered += sorted(f"'{n}'" for n in names if n not in words and not n.startswith("__"))
    items = (ordered + parts)[:7]
    if not items:
        return "something else"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " or " + items[-1]


def _statement_kind(text: str, pos: int) -> str:
    """What the statement being read is, for "expected '.' to end the ...": a line
    starting with '#' is a declaration, anything else a rule (or superiority)."""
    line_start = text.rfind("\n", 0, pos) + 1
    return "declaration" if text[line_start:pos].lstrip().startswith("#") else "rule"


def _expected_end(expected: set, text: str, pos: int) -> str:
    """When '.' can end the statement here, that is what is missing, whatever else
    (operators, comparisons, '(') could also have continued it; only ',' and the
    arrows are worth adding."""
    items = [f"'.' to end the {_statement_kind(text, pos)}"]
    if "COMMA" in expected:
        items.append("',' before another condition")
    arrows = [a for name, a in (("STRICT_ARROW", ":-"), ("ARROW", ":= :^")) if name in expected]
    if arrows:
        items.append(f"an arrow ({' '.join(arrows)}) before a body")
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _found(value: str) -> str:
    if not value:
        return "end of input"
    return f"'{value}'" if value.strip() else "end of line"


def raise_syntax_error(exc: UnexpectedInput, text: str, filename: str, words: dict[str, str]) -> NoReturn:
    """Re-raise a Lark exception as SpeclogicError(syntax_error); never returns."""
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        ch = text[pos] if pos < len(text) else ""
        if ch == '"':
            msg = "unterminated string: a string must end with '\"' on the same line"
        elif ch == "\\":
            msg = "stray '\\' outside a string"
        elif ch == "[" and words is DFL_WORDS:
            msg = "modal operators such as [O] are not supported (speclogic reads plain defeasible DFL)"
        else:
            # exc.allowed comes from a merged LALR state and may list tokens that are
            # not valid here, so no "expected ..." part
            msg = f"unexpected character {ch!r}"
        raise syntax_error(msg, filename, exc.line, exc.column) from None
    if isinstance(exc, UnexpectedToken):
        tok = exc.token
        try:
            # LALR merges states, so exc.expected can list tokens that are not valid
            # here; accepts() replays the parser to get the exact set.
            expected = exc.accepts or exc.expected
        except Exception:  # noqa: BLE001 - best effort; fall back to the table's set
            expected = exc.expected
        if tok.type == "$END":
            # Lark's end token borrows the position of the last real token: the missing
            # piece belongs just after it (not after a trailing comment)
            if getattr(tok, "end_line", None) and getattr(tok, "end_column", None) and text.strip():
                line, column = tok.end_line, tok.end_column
            else:
                line, column = _end_position(text)
            found = "end of input"
        else:
            line, column = tok.line, tok.column
            found = _found(tok.value)
        pos = tok.start_pos if tok.type != "$END" else len(text)
        if "DOT" in expected and words is DL_WORDS:
            msg = f"expected {_expected_end(set(expected), text, pos)}, found {found}"
        else:
            msg = f"expected {describe_expected(expected, words)}, found {found}"
        if "DOT" in expected and tok.type != "$END":
            prev_line = _previous_line(text, tok.start_pos)
            if prev_line is not None and prev_line < tok.line:
                msg += f" (is a '.' missing at the end of line {prev_line}?)"
        width = len(tok.value) if tok.type != "$END" and tok.line == tok.end_line else 1
        raise syntax_error(msg, filename, line, column, width) from None
    if isinstance(exc, UnexpectedEOF):
        line, column = _end_position(text)
        msg = f"unexpected end of input; expected {describe_expected(exc.expected, words)}"
        raise syntax_error(msg, filename, line, column) from None
    raise syntax_error(f"cannot parse: {exc}", filename, 1, 1) from None


def _previous_line(text: str, pos: int) -> int | None:
    """The line of the last non-blank character before `pos`."""
    before = text[:pos].rstrip()
    return before.count("\n") + 1 if before else None


def _end_position(text: str) -> tuple[int, int]:
    """Just after the last non-blank character: where the missing token belongs."""
    stripped = text.rstrip()
    line = stripped.count("\n") + 1
    column = len(stripped) - (stripped.rfind("\n") + 1) + 1
    return line, column
