"""Transcript error codes (a contract, like engine/errors.py: add, never rename)."""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import NoReturn

from engine.errors import Diagnostic, Span, SpeclogicError

SYNTAX_ERROR = "transcript_syntax_error"          # text or a tag where the format allows none
UNCLOSED_TAG = "transcript_unclosed_tag"          # <user> (or <untrusted>, <settings>...) never closed
MISMATCHED_TAG = "transcript_mismatched_tag"      # <user> ... </assistant>
UNCLOSED_COMMENT = "transcript_unclosed_comment"  # <!-- without -->
UNCLOSED_FENCE = "transcript_unclosed_fence"      # ~~~xml without its closing fence
BAD_LABEL = "transcript_bad_label"                # <!-- GOD -->, or a label outside <comparison>
BAD_CANDIDATE = "transcript_bad_candidate"        # a non-assistant message inside <comparison>
BAD_ANNOTATION = "transcript_bad_annotation"      # @facts terms that are not ground terms
BAD_SETTING = "transcript_bad_setting"            # a <settings> line that is not `key: value`
BAD_ATTRIBUTE = "transcript_bad_attribute"        # a repeated attribute
BAD_JSON = "transcript_bad_json"                  # not JSON, or not the documented shape
BAD_ROLE = "transcript_bad_role"                  # a JSON role we do not know
BAD_ENCODING = "transcript_bad_encoding"          # the file is not UTF-8
DUPLICATE_ID = "transcript_duplicate_id"          # two conversations of one file with one id
EMPTY = "transcript_empty"                        # a file with no conversation in it
MIXED_CONVERSATIONS = "transcript_mixed_conversations"  # <conversation> blocks beside bare messages
UNRENDERABLE = "transcript_unrenderable"          # facts the example format cannot express
# Warnings
STRAY_TEXT = "transcript_stray_text"              # text between messages: ignored, reported

ALL_CODES = (
    SYNTAX_ERROR, UNCLOSED_TAG, MISMATCHED_TAG, UNCLOSED_COMMENT, UNCLOSED_FENCE, BAD_LABEL,
    BAD_CANDIDATE, BAD_ANNOTATION, BAD_SETTING, BAD_ATTRIBUTE, BAD_JSON, BAD_ROLE, BAD_ENCODING,
    DUPLICATE_ID, EMPTY, MIXED_CONVERSATIONS, UNRENDERABLE, STRAY_TEXT,
)


def fail(code: str, message: str, span: Span | None, sources: dict[str, str] | None = None) -> NoReturn:
    raise SpeclogicError(Diagnostic(code, message, span), sources or {})


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `text` (once; many lookups use LineIndex)."""
    return LineIndex(text).position(offset)


class LineIndex:
    """Line starts of a text, found once, so each offset's line:col is a bisection:
    counting newlines from the start for every message made big files quadratic."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column of `offset`."""
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


_NEWLINE = re.compile("\n")
