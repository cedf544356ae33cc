"""Check an event's Markdown narrative before anything renders it: no control characters,
raw or escaped, and no nesting deep enough to make a later stage slow.

Nesting is the one shape of input whose cost grows faster than its size: the HTML
sanitiser and Python-Markdown take quadratic time over thousands of nested quotes or
tags (100 s for a 250 KB narrative of `> > > …`). A narrative that nests more than
MAX_NESTING elements is refused, at the line where it gets that deep; cmark (C, linear)
parses it as the renderer will, so the check sees exactly what would be built.
"""

from __future__ import annotations

import re

import cmarkgfm

from generator.errors import Problem

MAX_NESTING = 32
# Raw controls other than tab and line ends; the YAML reader refuses them in the fields.
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Numeric character references, which cmark turns into the character they name.
REFERENCE = re.compile(r"&#(?:([0-9]{1,8})|[xX]([0-9a-fA-F]{1,7}));")
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)|data-sourcepos="([0-9]+):')
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
_PLAIN = cmarkgfm.Options.CMARK_OPT_UNSAFE
_OPTIONS = _PLAIN | cmarkgfm.Options.CMARK_OPT_SOURCEPOS
_EXTENSIONS = ["table", "strikethrough", "autolink"]


def is_control(code: int) -> bool:
    """C0 and C1 control characters, tab and line feed aside, and NUL."""
    return (code < 0x20 and code not in (0x09, 0x0A)) or 0x7F <= code <= 0x9F


def control_problems(body: str, path: str, first_line: int) -> list[Problem]:
    """A problem for the first line holding a control character, raw or as `&#…;`."""
    for number, line in enumerate(body.split("\n")):
        raw = RAW_CONTROL.search(line)
        if raw:
            return [Problem(path, first_line + number, "narrative",
                            f"holds the control character U+{ord(raw[0]):04X}: remove it")]
        for reference in REFERENCE.finditer(line):
            code = int(reference[1]) if reference[1] else int(reference[2], 16)
            if is_control(code):
                return [Problem(path, first_line + number, "narrative",
                                f"{reference[0]} names the control character "
                                f"U+{code:04X}: remove it")]
    return []


def nesting_problems(body: str, path: str, first_line: int) -> list[Problem]:
    """A problem at the line where the narrative first nests deeper than MAX_NESTING."""
    if not body.strip():
        return []
    # Nesting needs that many tags opened, and most narratives open fewer: count them in a
    # render without GitHub's extensions (three times faster), allowing for the four levels
    # a table adds and a level per `~` of strikethrough.
    plain = cmarkgfm.markdown_to_html(body, _PLAIN)
    if plain.count("<") - plain.count("</") + 4 + body.count("~") <= MAX_NESTING:
        return []
    # Render with source positions, to name the line where it first gets too deep.
    rendered = cmarkgfm.markdown_to_html_with_extensions(body, _OPTIONS, _EXTENSIONS)
    line = too_deep_at(rendered)
    if line is None:
        return []
    return [Problem(path, first_line + line - 1, "narrative",
                    f"nests quotes, lists or tags more than {MAX_NESTING} deep from here: "
                    "flatten it")]


def too_deep_at(rendered: str) -> int | None:
    """The source line (from cmark's data-sourcepos) of the block where rendered HTML
    first nests deeper than MAX_NESTING, void tags aside; None when it never does."""
    depth, line = 0, 1
    for match in _TAG.finditer(rendered):
        closing, tag, position = match.groups()
        if position:
            line = int(position)
        elif tag.lower() in _VOID:
            continue
        elif closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            if depth > MAX_NESTING:
                return line
    return None


def narrative_problems(body: str, path: str, first_line: int) -> list[Problem]:
    """Every reason the narrative cannot be built, each at its line."""
    return control_problems(body, path, first_line) or nesting_problems(body, path, first_line)
