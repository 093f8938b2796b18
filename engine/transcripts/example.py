"""The Model Spec example format: tags parsed by grammar/transcript.lark -> Conversations.

`parse_example(text, file, ...)` reads one example block (or a whole bare-tag file)
and returns its conversations: one, or one per `<conversation>` element. Line and
column offsets place the block inside its file so every error points at the file.
"""
from __future__ import annotations

import re
from typing import NoReturn, TypeVar

from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from engine.errors import WARNING, Diagnostic, Span
from engine.transcripts import content as content_mod
from engine.transcripts.annotations import Origin, parse_annotations, parse_directive
from engine.transcripts.errors import (
    BAD_ATTRIBUTE,
    BAD_CANDIDATE,
    BAD_LABEL,
    MISMATCHED_TAG,
    MIXED_CONVERSATIONS,
    STRAY_TEXT,
    SYNTAX_ERROR,
    UNCLOSED_COMMENT,
    UNCLOSED_TAG,
    LineIndex,
    fail,
)
from engine.transcripts.lark_parser import end, error_offset, parser, start, token, unexpected_text
from engine.transcripts.model import Candidate, Comparison, Conversation, Elision, Message

CONVERSATION_ATTRS = ("id", "title", "section", "authority", "tags", "facts")
_TAGS = re.compile(
    r"<!--|<(/?)(system|developer|user|assistant|tool|comparison|conversation)(?=[\s>])[^>]*>?"
)
_CONTAINERS = ("comparison", "conversation")
_CLOSING_NAME = re.compile(r"</(\w+)")

_M = TypeVar("_M", bound=Message)


class ExampleReader:
    def __init__(self, text: str, file: str, line: int = 1, column: int = 1, sources=None):
        self.text, self.file = text, file
        self.line0, self.col0 = line - 1, column - 1
        self.sources = sources if sources is not None else {file: text}
        self.warnings: list[Diagnostic] = []
        self.lines = LineIndex(text)

    # ------------------------------------------------------------ positions
    def span_at(self, offset: int, width: int = 1) -> Span:
        line, col = self.lines.position(offset)
        col += self.col0
        return Span(self.file, line + self.line0, col, line + self.line0, col + width)

    def span(self, tok: Token) -> Span:
        return self.span_at(start(tok), len(tok))

    def origin(self, offset: int) -> Origin:
        sp = self.span_at(offset)
        return Origin(self.file, sp.line, sp.column, self.sources)

    def fail(self, code: str, message: str, span: Span) -> NoReturn:
        fail(code, message, span, self.sources)

    # ------------------------------------------------------------ parsing
    def read(self) -> list[Conversation]:
        try:
            tree = parser().parse(self.text, start="example")
        except UnexpectedInput as exc:
            self._diagnose(exc)
        wrapped = [c for c in tree.children if isinstance(c, Tree) and c.data == "conversation"]
        if not wrapped:
            conv = Conversation([], self.file, self.span_at(0))
            self._fill(conv, tree.children)
            conv.warnings.extend(self.warnings)
            return [conv]
        loose: list[Token | Tree[Token]] = [c for c in tree.children if isinstance(c, Tree) and c.data != "conversation"]
        loose += [c for c in tree.children if isinstance(c, Token) and c.type == "ELISION"]
        loose.sort(key=lambda c: start(_first_token(c)))
        if loose:
            self.fail(MIXED_CONVERSATIONS, "messages outside <conversation> in a file that uses "
                      "<conversation> blocks: put every message inside one", self.span(_first_token(loose[0])))
        out = []
        for node in wrapped:
            conv = Conversation([], self.file, self.span(token(node.children[0])))
            attrs = self._attrs(node, CONVERSATION_ATTRS)
            conv.explicit_id = attrs.get("id")
            conv.title = attrs.get("title")
            conv.title_cites = content_mod.title_cites(conv.title)
            conv.section = attrs.get("section")
            conv.authority = attrs.get("authority")
            conv.tags = [t for t in re.split(r"[\s,]+", attrs.get("tags", "")) if t]
            conv.annotations.extend(self._attr_annotations(node))
            self._fill(conv, node.children[1:])
            out.append(conv)
        for tok in tree.children:
            if isinstance(tok, Token) and tok.type == "STRAY":
                self._stray(tok)
        out[0].warnings.extend(self.warnings)
        return out

    def _fill(self, conv: Conversation, children) -> None:
        for child in children:
            if isinstance(child, Tree):
                if child.data == "message":
                    conv.items.append(self._message(child, Message))
                elif child.data == "comparison":
                    conv.items.append(self._comparison(child))
            elif child.type == "ELISION":
                conv.items.append(Elision(self.span(child), str(child)))
            elif child.type == "COMMENT":
                conv.annotations.extend(self._directive(child) or [])
            elif child.type == "STRAY":
                self._stray(child)

    def _stray(self, tok: Token) -> None:
        self.warnings.append(Diagnostic(STRAY_TEXT, f"text outside any message is ignored: {str(tok)[:30]!r}",
                                        self.span(tok), WARNING))

    def _comparison(self, node: Tree[Token]) -> Comparison:
        cmp = Comparison([], self.span(token(node.children[0])))
        self._attrs(node, ("facts",))
        cmp.annotations.extend(self._attr_annotations(node))
        for child in node.children[1:]:
            if isinstance(child, Tree) and child.data == "message":
                cand = self._message(child, Candidate)
                if cand.role != "assistant":
                    self.fail(BAD_CANDIDATE, f"<{cand.role}> inside <comparison>: a comparison holds "
                              "<assistant> candidate replies only", cand.span)
                cmp.candidates.append(cand)
            elif isinstance(child, Token) and child.type == "COMMENT":
                cmp.annotations.extend(self._directive(child) or [])
            elif isinstance(child, Token) and child.type == "STRAY":
                self._stray(child)
        return cmp

    def _message(self, node: Tree[Token], kind: type[_M]) -> _M:
        """A <role>...</role> element read as a Message, or as a Candidate inside <comparison>."""
        open_tok, close_tok = token(node.children[0]), token(node.children[-1])
        role = open_tok[1:]
        closing_tag = _CLOSING_NAME.match(close_tok)
        assert closing_tag is not None, "MESSAGE_CLOSE is </role>"
        closing = closing_tag.group(1)
        if closing != role:
            self.fail(MISMATCHED_TAG, f"</{closing}> closes <{role}> (opened at "
                      f"{self.span(open_tok)})", self.span(close_tok))
        msg = kind(role, "", self.span(open_tok))
        msg.attrs = {k: v for k, v in self._attrs(node, None).items() if k != "facts"}
        msg.annotations.extend(self._attr_annotations(node))
        body = [c for c in node.children if isinstance(c, Token) and c.type in ("TEXT", "COMMENT")]
        msg.text = self._body_text(msg, body)
        body_start = end(next(c for c in node.children if isinstance(c, Token) and c.type == "TAG_END"))
        content_mod.read_structure(msg, lambda off, width: self._locate(msg.text, off, width, body_start),
                                   self.sources)
        return msg

    def _body_text(self, msg: Message, body: list[Token]) -> str:
        """The message text: comments that carry a label or @facts are taken out
        (with their line when they stand alone on it); other comments are text."""
        cut = next(ch for ch in ("\x00", "\x01", "\ufdd0", "\ufdd1") if all(ch not in t for t in body))
        pieces: list[str] = []
        leading = True
        for tok in body:
            if tok.type == "COMMENT":
                inner = tok[4:-3]
                label = content_mod.parse_label(inner, self.span(tok), self.sources) if leading else None
                if label is not None:
                    if not isinstance(msg, Candidate):
                        self.fail(BAD_LABEL, "a GOOD/BAD/OK label belongs on a candidate reply inside "
                                  "<comparison>", self.span(tok))
                    msg.label, msg.note, msg.cites = label
                    pieces.append(cut)
                    leading = False
                    continue
                found = self._directive(tok)
                if found is not None:
                    msg.annotations.extend(found)
                    pieces.append(cut)
                    continue
                leading = False
            elif tok.strip():
                leading = False
            pieces.append(str(tok))
        lines = "".join(pieces).split("\n")
        kept = [ln for ln in lines if not (cut in ln and not ln.replace(cut, "").strip())]
        return content_mod.trim_blank_lines("\n".join(kept).replace(cut, ""))

    def _locate(self, text: str, offset: int, width: int, body_start: int) -> Span:
        found = self.text.find(text[offset:offset + max(width, 1)], body_start)
        return self.span_at(found if found >= 0 else body_start, width)

    def _directive(self, tok: Token):
        return parse_directive(tok[4:-3], self.origin(start(tok) + 4))

    def _attrs(self, node: Tree[Token], allowed) -> dict[str, str]:
        out: dict[str, str] = {}
        for child in node.children:
            if isinstance(child, Tree) and child.data == "attribute":
                name_tok, _, value_tok = (token(c) for c in child.children)
                if name_tok in out:
                    self.fail(BAD_ATTRIBUTE, f"attribute '{name_tok}' given twice", self.span(name_tok))
                if allowed is not None and name_tok not in allowed:
                    self.fail(BAD_ATTRIBUTE, f"unknown attribute '{name_tok}' (allowed: {', '.join(allowed)})",
                              self.span(name_tok))
                value = str(value_tok)
                out[str(name_tok)] = value[1:-1] if value[:1] in "\"'" else value
        return out

    def _attr_annotations(self, node: Tree[Token]):
        for child in node.children:
            if isinstance(child, Tree) and child.data == "attribute" and child.children[0] == "facts":
                tok = token(child.children[2])
                quoted = tok[:1] in "\"'"
                text = tok[1:-1] if quoted else str(tok)
                return parse_annotations(text, self.origin(start(tok) + int(quoted)))
        return []

    # ------------------------------------------------------------ errors
    def _diagnose(self, exc: UnexpectedInput) -> NoReturn:
        offset = error_offset(exc, self.text)
        if isinstance(exc, UnexpectedCharacters) and self.text.startswith("<!--", offset):
            self.fail(UNCLOSED_COMMENT, "<!-- is never closed (expected -->)", self.span_at(offset, 4))
        open_stack = self._open_elements(offset)
        at_end = isinstance(exc, UnexpectedToken) and exc.token.type == "$END"
        closing = self.text.startswith("</", offset)
        if open_stack and (at_end or closing):
            name, start = open_stack[-1]
            self.fail(UNCLOSED_TAG, f"<{name}> is never closed (expected </{name}>)",
                      self.span_at(start, len(name) + 1))
        what = unexpected_text(exc, self.text)
        hint = ""
        if not open_stack or open_stack[-1][0] in _CONTAINERS:
            hint = ": outside a message only tags, `[...]` and <!-- comments --> may appear"
        self.fail(SYNTAX_ERROR, f"unexpected {what}{hint}", self.span_at(offset))

    def _open_elements(self, limit: int) -> list[tuple[str, int]]:
        """The elements still open at `limit`, read the way the grammar reads them."""
        stack: list[tuple[str, int]] = []
        pos = 0
        while True:
            m = _TAGS.search(self.text, pos, limit)
            if not m:
                return stack
            pos = m.end()
            if m.group(0) == "<!--":
                end = self.text.find("-->", m.end())
                pos = limit if end < 0 else end + 3
                continue
            closing, name = m.group(1), m.group(2)
            inside_message = bool(stack) and stack[-1][0] not in _CONTAINERS
            if closing:
                if stack:
                    stack.pop()
            elif not inside_message:
                stack.append((name, m.start()))


def _first_token(node: Token | Tree[Token]) -> Token:
    """A token, or an element's opening tag: where it starts."""
    return node if isinstance(node, Token) else token(node.children[0])


def parse_example(text: str, file: str, line: int = 1, column: int = 1, sources=None) -> list[Conversation]:
    return ExampleReader(text, file, line, column, sources).read()
