"""`speclogic test --format json|junit`: the run as data, for CI.

JUnit XML is written with the standard library's ElementTree (which escapes
markup); every value passes through escape_text first, and characters XML 1.0
cannot hold at all (U+FFFE, U+FFFF, the C0 controls) are written as \\uXXXX, so
hostile test names or messages still give a well-formed file.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from engine.ast import escape_text

JSON_VERSION = 1
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _safe(text: str) -> str:
    lines = [escape_text(line) for line in str(text).split("\n")]
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", "\n".join(lines))


def run_json(results, errors) -> str:
    data = {
        "version": JSON_VERSION,
        "tests": [{"name": r.name, "passed": r.passed, "details": list(r.details)} for r in results],
        "errors": [d.to_json() for e in errors for d in e.diagnostics],
        "summary": {"passed": sum(r.passed for r in results), "failed": sum(not r.passed for r in results),
                    "bad_input": len(errors)},
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def _case(parent, name: str) -> ET.Element:
    """`file::conversation` gives classname=file, name=conversation; a theory test is its file."""
    classname, _, short = name.rpartition("::")
    return ET.SubElement(parent, "testcase", classname=_safe(classname or name), name=_safe(short or name))


def run_junit(results, errors) -> str:
    failures = sum(not r.passed for r in results)
    attrs = {"tests": str(len(results) + len(errors)), "failures": str(failures), "errors": str(len(errors))}
    root = ET.Element("testsuites", {"name": "speclogic", **attrs})
    suite = ET.SubElement(root, "testsuite", {"name": "speclogic test", **attrs})
    for r in results:
        case = _case(suite, r.name)
        if not r.passed:
            failure = ET.SubElement(case, "failure", message=_safe(r.details[0] if r.details else "failed"))
            failure.text = _safe("\n".join(r.details))
    for e in errors:
        where = e.span.file if e.span else "<input>"
        case = ET.SubElement(suite, "testcase", classname=_safe(where), name="bad input")
        error = ET.SubElement(case, "error", type=_safe(e.code), message=_safe(e.diagnostics[0].message))
        error.text = _safe(e.render())
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")
