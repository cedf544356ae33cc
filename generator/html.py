"""HTML and Markdown building blocks: the one place where untrusted text is escaped or
sanitised. Everything here returns `markupsafe.Markup`, which the page templates
(autoescaped) insert as it is and every other string they escape: nothing is escaped
twice, nothing forgotten.

Pages are Markdown files whose headings are Markdown (so MkDocs builds the table of
contents and permalinks) and whose bodies are raw HTML blocks: Python-Markdown passes
those through without running its inline patterns over every link, which is most of
the cost of building a large site.
"""

from __future__ import annotations

import re
from html import escape as _escape
from urllib.parse import quote

import cmarkgfm
import nh3
from markupsafe import Markup

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


def text(value: str) -> Markup:
    """Escape plain text for a Markdown line (a heading) so it reads as nothing but text."""
    value = " ".join(value.split())
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(_LEADING.sub(_escape_leading, _SPECIAL.sub(r"\\\1", value)))


def _escape_leading(match: re.Match) -> str:
    """Backslash-escape a leading list or rule marker."""
    if match[1]:
        return "\\" + match[1]
    return f"{match[2]}\\{match[3]}"


def esc(value: str | Markup) -> Markup:
    """Escape plain text for HTML (validation already folded its whitespace); Markup is
    kept as it is."""
    return value if isinstance(value, Markup) else Markup(_escape(value))


def h(value: str | Markup) -> str:
    """HTML for a value inside an f-string: Markup as it is, text escaped. The standard
    library's escape is a chain of C replaces, several times faster than markupsafe's
    per call; pages call this hundreds of thousands of times."""
    return value if isinstance(value, Markup) else _escape(value)


def href(target: str) -> str:
    """A link target: percent-encoded (an attribute escapes it again where it is written)."""
    return quote(target, safe=_URL_SAFE)


def link(label_html: str, target: str) -> str:
    """A link around label HTML that is already safe, as a string for f-strings on the hot
    path (f-strings over `escape`, not Markup.format: format is ten times slower)."""
    return f'<a href="{_escape(href(target))}">{label_html}</a>'


def a(label: str | Markup, target: str) -> Markup:
    """An HTML link; a plain-text label is escaped, a Markup one kept."""
    return Markup(link(h(label), target))


def narrative_html(source: str) -> Markup:
    """Render an event's Markdown narrative (GitHub-flavoured CommonMark) to safe HTML.

    cmark (C, fast) renders; nh3 (ammonia) sanitises: it keeps only an allow-list of tags
    and link schemes, and drops scripts with their content, so a narrative may use a
    little raw HTML such as <sup> but never anything active or loaded from elsewhere.
    """
    rendered = cmarkgfm.markdown_to_html_with_extensions(source, _CMARK_OPTIONS, _CMARK_EXTENSIONS)
    return Markup(_CLEANER.clean(rendered).strip())


def join(separator: str | Markup, parts) -> Markup:
    """Join parts (Markup kept, text escaped) with a separator (text escaped, Markup kept)."""
    return Markup(h(separator).join(map(h, parts)))


def block(tag: str, inner: str, css_class: str = "", search: bool = True) -> Markup:
    """A raw HTML block around HTML that is already safe; `search=False` keeps it out of
    the search index (it repeats what another page already holds)."""
    attributes = (f' class="{css_class}"' if css_class else "") + \
        ("" if search else ' data-search-exclude=""')
    return Markup(f"<{tag}{attributes}>\n") + Markup(inner) + Markup(f"\n</{tag}>")


def table(header: list, rows: list[list]) -> Markup:
    """An HTML table of cells (Markup kept, text escaped), a line per cell, so that the
    search index reads "Topic Ukraine Russia" rather than "TopicUkraineRussia"."""
    def row(cells: list, tag: str) -> Markup:
        inner = join("\n", (Markup(f"<{tag}>{{}}</{tag}>").format(c or "") for c in cells))
        return Markup("<tr>\n{}\n</tr>").format(inner)
    body = join("\n", (row(cells, "td") for cells in rows))
    # No class: Material styles only tables without one.
    return Markup("<table>\n<thead>\n{}\n</thead>\n<tbody>\n{}\n</tbody>\n</table>").format(
        row(header, "th"), body)
