"""Markdown building blocks: the one place where untrusted text is escaped or sanitised."""

from __future__ import annotations

import functools
import posixpath
import re
from urllib.parse import quote

import markdown
import nh3

# Characters Python-Markdown (with tables and attr_list) treats as syntax in running text.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|])")
# At the start of a line these would open a list or a rule ('>' is already an entity).
_LEADING = re.compile(r"^(?:([-+])|([0-9]+)(\.))")
_NARRATIVE_TAGS = {
    "p", "br", "em", "strong", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "table", "thead", "tbody", "tr", "th", "td", "h3", "h4", "h5", "h6", "hr", "sub", "sup",
}
_NARRATIVE_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_converter = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def text(value: str) -> str:
    """Escape plain text so Markdown and HTML read it as nothing but text."""
    value = " ".join(value.split())
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _LEADING.sub(_escape_leading, _SPECIAL.sub(r"\\\1", value))


def _escape_leading(match: re.Match) -> str:
    """Backslash-escape a leading list or rule marker."""
    if match[1]:
        return "\\" + match[1]
    return f"{match[2]}\\{match[3]}"


def link(label: str, target: str) -> str:
    """A Markdown link whose label is escaped text and whose target cannot break out."""
    return f"[{text(label)}]({quote(target, safe=':/#?=&%.-_~@+,;')})"


@functools.lru_cache(maxsize=65536)  # a few hundred pages link to each other many times
def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """The relative link from one docs page to another, optionally to an anchor on it."""
    if to_page == from_page:
        return f"#{anchor}" if anchor else ""
    target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{target}#{anchor}" if anchor else target


def narrative_html(source: str) -> str:
    """Render an event's Markdown narrative and keep only safe HTML: no scripts, no handlers."""
    _converter.reset()
    html = _converter.convert(source)
    return nh3.clean(html, tags=_NARRATIVE_TAGS, attributes=_NARRATIVE_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto"},
                     link_rel="noopener noreferrer nofollow")


def html_block(css_class: str, html: str) -> str:
    """Wrap sanitised HTML as a raw block that Markdown passes through untouched."""
    if not html.strip():
        return ""
    return f'<div class="{css_class}" markdown="0">\n{html.strip()}\n</div>'


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table from cells that are already escaped Markdown."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines
