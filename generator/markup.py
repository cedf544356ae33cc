"""HTML and Markdown building blocks: the one place where untrusted text is escaped or sanitised.

Pages are Markdown files whose headings are Markdown (so MkDocs builds the table of
contents and permalinks) and whose bodies are raw HTML blocks: Python-Markdown passes
those through without running its inline patterns over every link, which is most of
the cost of building a large site.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import cmarkgfm
import nh3

# Characters Python-Markdown (with tables and attr_list) treats as syntax in running text.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|])")
# At the start of a line these would open a list or a rule ('>' is already an entity).
_LEADING = re.compile(r"^(?:([-+])|([0-9]+)(\.))")
_NARRATIVE_TAGS = {
    "p", "br", "em", "strong", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li", "del",
    "a", "table", "thead", "tbody", "tr", "th", "td", "h3", "h4", "h5", "h6", "hr", "sub", "sup",
}
_NARRATIVE_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_URL_SAFE = ":/#?=&%.-_~@+,;"
_CMARK_OPTIONS = cmarkgfm.Options.CMARK_OPT_UNSAFE  # nh3 below is the sanitiser
_CMARK_EXTENSIONS = ["table", "strikethrough", "autolink"]
_CLEANER = nh3.Cleaner(tags=_NARRATIVE_TAGS, attributes=_NARRATIVE_ATTRIBUTES,
                       url_schemes={"http", "https", "mailto"},
                       link_rel="noopener noreferrer nofollow")


def text(value: str) -> str:
    """Escape plain text for a Markdown line (a heading) so it reads as nothing but text."""
    value = " ".join(value.split())
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _LEADING.sub(_escape_leading, _SPECIAL.sub(r"\\\1", value))


def _escape_leading(match: re.Match) -> str:
    """Backslash-escape a leading list or rule marker."""
    if match[1]:
        return "\\" + match[1]
    return f"{match[2]}\\{match[3]}"


def esc(value: str) -> str:
    """Escape plain text for HTML (validation already folded its whitespace)."""
    return html.escape(value)


def href(target: str) -> str:
    """A link target for an HTML attribute: percent-encoded, then attribute-escaped."""
    return html.escape(quote(target, safe=_URL_SAFE))


def a(label_html: str, target: str) -> str:
    """An HTML link around already-escaped label HTML."""
    return f'<a href="{href(target)}">{label_html}</a>'


def narrative_html(source: str) -> str:
    """Render an event's Markdown narrative (GitHub-flavoured CommonMark) to safe HTML.

    cmark (C, fast) renders; nh3 (ammonia) sanitises: it keeps only an allow-list of tags
    and link schemes, and drops scripts with their content, so a narrative may use a
    little raw HTML such as <sup> but never anything active or loaded from elsewhere.
    """
    rendered = cmarkgfm.markdown_to_html_with_extensions(source, _CMARK_OPTIONS, _CMARK_EXTENSIONS)
    return _CLEANER.clean(rendered).strip()


def block(tag: str, inner: str, css_class: str = "", search: bool = True) -> str:
    """A raw HTML block; `search=False` keeps it out of the search index (it repeats
    what another page already holds)."""
    attributes = (f' class="{css_class}"' if css_class else "") + \
        ("" if search else ' data-search-exclude=""')
    return f"<{tag}{attributes}>\n{inner}\n</{tag}>"


def table(header: list[str], rows: list[list[str]]) -> str:
    """An HTML table from cells that are already escaped HTML."""
    head = "<tr>" + "".join(f"<th>{cell}</th>" for cell in header) + "</tr>"
    body = "\n".join("<tr>" + "".join(f"<td>{cell or ''}</td>" for cell in row) + "</tr>"
                     for row in rows)
    # No class: Material styles only tables without one.
    return f"<table>\n<thead>{head}</thead>\n<tbody>\n{body}\n</tbody>\n</table>"
