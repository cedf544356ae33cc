"""TimelineJS in: a TimelineJS JSON file (or its Google Sheet, saved as CSV) as event
files ready to fill in. The way out is generator/formats/timelinejs.py.

Dates become EDTF (a `display_date` that starts with "c."
or ends with "?" marks the date approximate or uncertain, as export writes them), the
headline becomes the title as plain text, the group an event type when it names one,
and the text Markdown (paragraphs, links, emphasis, line breaks and lists; nothing else,
and never raw HTML). Every problem in the file is reported at its line, and nothing is
written unless there are none.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlsplit

from generator.dates import DateError, parse_date, parse_point
from generator.errors import InputError, Problem
from generator.load import (
    MAX_FILE_BYTES,
    RawInput,
    decode,
    display_path,
    read_bytes,
    read_registries,
)
from generator.narrative import narrative_problems
from generator.scaffold import TEMPLATE, slugify
from generator.validate import ID, validate_registry
from generator.validate.fields import SHORT_TEXT

# ---------------------------------------------------------------------------------------
# HTML to Markdown
# ---------------------------------------------------------------------------------------

_DROPPED = frozenset({"script", "style", "template", "noscript", "iframe", "object", "embed",
                      "svg", "math", "textarea", "select", "title", "head", "frameset",
                      "noembed", "noframes", "xmp", "plaintext", "canvas", "audio", "video"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr", "param"})
_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section",
                     "article", "header", "footer", "main", "aside", "nav", "figure",
                     "figcaption", "pre", "table", "thead", "tbody", "tfoot", "tr", "dl", "dt",
                     "dd", "address", "center", "details", "summary", "form", "fieldset",
                     "hr", "li", "caption"})
_LISTS = frozenset({"ul", "ol"})
_EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}
_MAX_DEPTH = 32  # deeper elements are flattened into their parent: rendering stays shallow
_SPACE = re.compile("[ \t\n\r\f]+")
_BREAK = "\ue000"  # stands for <br> until paragraphs are cut into lines
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Inline syntax, always escaped; `_` only where it could open or close emphasis, so that
# snake_case stays as written.
_INLINE_SYNTAX = re.compile(r"[\\`*\[\]<|~]|(?<![^\W_])_|_(?![^\W_])")
# At the start of a line: a heading, a quote, a list item, a rule or a setext underline.
_LINE_START = re.compile(r"^(?:[#>]|[-+*](?= |$)|(?:-+|=+) *$|[0-9]{1,9}(?=[.)]( |$)))")
_LIST_ITEM = re.compile(r"- |[0-9]{1,9}\. ")  # how a list of ours starts; a paragraph cannot
_LINK_SCHEMES = ("http", "https", "mailto")


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)
    dropped: bool = False


class _Tree(HTMLParser):
    """A forgiving tree of the HTML, as deep as _MAX_DEPTH; never raises."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("body", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p" or tag == "li":  # an open p or li ends where the next one starts
            self._close_open(tag, {"li": ("ul", "ol"), "p": tuple(_BLOCKS - {"p"})}[tag])
        node = _Node(tag, {k: v or "" for k, v in attrs},
                     dropped=tag in _DROPPED or self.stack[-1].dropped)
        self.stack[-1].children.append(node)
        if tag not in _VOID and len(self.stack) <= _MAX_DEPTH:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {}, dropped=tag in _DROPPED))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data.replace(_BREAK, "\ufffd"))

    def _close_open(self, tag: str, boundaries: tuple[str, ...]) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
            if self.stack[depth].tag in boundaries:
                return


def _tree(markup: str) -> _Node:
    parser = _Tree()
    parser.feed(markup)
    parser.close()
    return parser.root


def plain_text(markup: str) -> str:
    """The text of some HTML, without its tags, entities decoded, whitespace folded."""
    def walk(node: _Node) -> Iterator[str]:
        for child in node.children:
            if isinstance(child, str):
                yield child
            elif not child.dropped:
                yield " " if child.tag in _BLOCKS or child.tag == "br" else ""
                yield from walk(child)
                yield " " if child.tag in _BLOCKS else ""
    return " ".join("".join(walk(_tree(markup))).split())


def _escape_text(text: str) -> str:
    """Text as Markdown that reads as nothing but that text (line starts aside)."""
    escaped = _INLINE_SYNTAX.sub(lambda m: "\\" + m[0], _SPACE.sub(" ", text))
    return _ENTITY_LIKE.sub(lambda m: "\\&", escaped)  # after: its backslash stays single


def _escape_line_start(line: str) -> str:
    """Backslash-escape what would make a line a heading, a quote, a list or a rule."""
    found = _LINE_START.match(line)
    if not found:
        return line
    if found[0][:1].isdigit():  # '1. ' or '1) ': escape the dot or the parenthesis
        return f"{found[0]}\\{line[len(found[0]):]}"
    return "\\" + line


def _link_target(href: str) -> str:
    """An http(s) or mailto address, percent-encoded for a Markdown link (spaces too, as
    a browser would); else ''."""
    href = href.strip()
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return ""
    if scheme not in _LINK_SCHEMES or re.search("[\x00-\x1f\x7f-\x9f]", href):
        return ""
    return quote(href, safe="!#$%&'*+,-./:;=?@_~")


def _inline(node: _Node, in_link: bool = False) -> str:
    """The inline Markdown of an element's children."""
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(_escape_text(child))
        elif child.dropped:
            continue
        elif child.tag == "br":
            parts.append(_BREAK)
        elif child.tag in _EMPHASIS:
            parts.append(_wrap(_inline(child, in_link), _EMPHASIS[child.tag]))
        elif child.tag == "a" and not in_link:
            label = _inline(child, in_link=True)
            target = _link_target(child.attrs.get("href", ""))
            parts.append(_wrap(label, "[", f"]({target})") if target else label)
        elif child.tag in _BLOCKS or child.tag in _LISTS:
            parts.append(" " + _inline(child, in_link) + " ")
        else:
            parts.append(_inline(child, in_link))
    return "".join(parts)


def _wrap(inner: str, before: str, after: str | None = None) -> str:
    """Markup around inline text, with its outer spaces and breaks kept outside."""
    edges = " " + _BREAK
    core = inner.strip(edges)
    if not core:  # nothing to mark up: keep the spaces and breaks
        return inner
    lead = inner[:len(inner) - len(inner.lstrip(edges))]
    trail = inner[len(inner.rstrip(edges)):]
    return f"{lead}{before}{core}{before if after is None else after}{trail}"


def _paragraph(inline: str) -> str:
    """Inline Markdown cut into lines at its <br>s, each line start escaped."""
    text = re.sub(" +", " ", inline)
    lines = [line.strip(" ") for line in text.split(_BREAK)]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    lines = [_escape_line_start(line) for line in lines if line]
    return "\\\n".join(lines)


def _blocks(node: _Node) -> list[str]:
    """The Markdown blocks (paragraphs and lists) of an element's children."""
    out: list[str] = []
    pending = _Node("span", {})

    def flush() -> None:
        paragraph = _paragraph(_inline(pending))
        pending.children.clear()
        if paragraph:
            out.append(paragraph)

    for child in node.children:
        if isinstance(child, _Node) and not child.dropped and child.tag in _LISTS:
            flush()
            listed = _list(child)
            if listed:
                out.append(listed)
        elif isinstance(child, _Node) and not child.dropped and child.tag in _BLOCKS:
            flush()
            out.extend(_blocks(child))
        else:
            pending.children.append(child)
    flush()
    return out


def _list(node: _Node) -> str:
    """A Markdown list: `- ` items, or numbered ones for <ol>."""
    items: list[list[str]] = []
    loose: list[_Node | str] = []
    for child in [*node.children, _Node("li", {})]:  # the sentinel ends stray content
        if isinstance(child, _Node) and child.tag == "li" and not child.dropped:
            if loose:
                items.append(_blocks(_Node("li", {}, loose)))
                loose = []
            if child.children:
                items.append(_blocks(child))
        elif isinstance(child, str) and not child.strip():
            continue
        else:
            loose.append(child)
    start = node.attrs.get("start", "1").strip()
    number = int(start) if node.tag == "ol" and re.fullmatch("[0-9]{1,6}", start) else 1
    lines: list[str] = []
    for blocks in (b for b in items if b):
        marker = f"{number}. " if node.tag == "ol" else "- "
        number += 1
        indent = " " * len(marker)
        body = "".join(("" if i == 0 else "\n" if _LIST_ITEM.match(block) else "\n\n") + block
                       for i, block in enumerate(blocks)).split("\n")
        lines.append(marker + body[0])
        lines.extend(indent + line if line else "" for line in body[1:])
    return "\n".join(lines)


def markdown_of(markup: str) -> str:
    """TimelineJS text (HTML) as a Markdown narrative: paragraphs, links (http, https and
    mailto only), emphasis, line breaks and lists. Every other tag is dropped, keeping
    its text, except scripts, styles, frames and media, which go with their content.
    The text is escaped, so nothing in it becomes Markdown or HTML."""
    return "\n\n".join(_blocks(_tree(markup)))


# ---------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------

MAX_IMPORT_BYTES = 16 * 1024 * 1024  # a TimelineJS file holds many events; keep it bounded
# Characters an event file may not hold: controls (YAML refuses them, and so does check)
# and code points that are not text (lone surrogates, U+FFFE, U+FFFF).
_NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_APPROXIMATE = re.compile(r"^\s*(?:~|c\.|ca\.|circa\b|about\b|around\b|approx(?:\.|imately\b))",
                          re.IGNORECASE)
_RANGE_SEPARATOR = re.compile("\\s+(?:[-\u2013\u2014]|to)\\s+", re.IGNORECASE)
CSV_COLUMNS = ("Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time",
               "Display Date", "Headline", "Text", "Media", "Media Credit", "Media Caption",
               "Media Thumbnail", "Type", "Group", "Background")


@dataclass(frozen=True)
class Draft:
    """One event read from a TimelineJS file, ready to be written as an event file."""

    line: int  # where its slide or row starts in the file read
    date: str  # EDTF, as an event file's `date`
    title: str
    type: str
    narrative: str  # Markdown
    unique_id: str = ""

    @property
    def start(self) -> str:
        return parse_date(self.date).start.isoformat()

    @property
    def stem(self) -> str:
        """The file name without `.md`: the slide's unique_id when it already is an event id
        of this date (as export writes them), else the date and a slug of the title."""
        if ID.fullmatch(self.unique_id) and self.unique_id.startswith(self.start + "-"):
            return self.unique_id
        slug = slugify(self.title)
        return f"{self.start}-{slug}" if slug else ""

    def content(self) -> str:
        """The event file: `timeline new`'s template, with the narrative in place."""
        text = TEMPLATE.format(date=self.date, title=json.dumps(self.title, ensure_ascii=False),
                               type=self.type)
        if self.narrative:
            front, fence, _ = text.rpartition("\n---\n")
            text = f"{front}{fence}{self.narrative}\n"
        return text


@dataclass
class _Slide:
    """What one slide or row says, in the shape both formats share, before checking."""

    line: int
    start: object  # a date object as read: checked by _point
    end: object
    display_date: str
    headline: str
    text: str
    group: str
    unique_id: str = ""
    fields: dict[str, str] = field(default_factory=dict)  # names for messages, per format


# How each format names a slide's parts, in messages.
_JSON_FIELDS = {"start": "start_date", "end": "end_date", "headline": "text.headline",
                "text": "text.text"} | {f"{which}.{part}": f"{which}_date.{part}"
                                        for which in ("start", "end")
                                        for part in ("year", "month", "day")}
_CSV_FIELDS = {"start": "Year", "end": "End Year", "headline": "Headline", "text": "Text",
               "start.year": "Year", "start.month": "Month", "start.day": "Day",
               "end.year": "End Year", "end.month": "End Month", "end.day": "End Day"}


def _number(value: object) -> tuple[int | None, str]:
    """A whole number as TimelineJS reads one (a JSON number or digits, commas and spaces
    ignored); None when missing; and a message when it is something else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    if isinstance(value, bool):
        return None, f"expected a whole number, got {json.dumps(value)}"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e9:
        return int(value), ""
    if isinstance(value, int):
        return value, ""
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,9}", re.sub(r"[\s,]", "", value)):
        return int(re.sub(r"[\s,]", "", value)), ""
    shown = value if isinstance(value, str) else json.dumps(value)
    return None, f"expected a whole number, got {shown[:40]!r}"


def _point(item: _Slide, which: str, problems: list[Problem], path: str) -> str | None:
    """The EDTF text of a start or end date object, or None (with problems recorded)."""
    date = item.start if which == "start" else item.end

    def name(part: str) -> str:
        return item.fields[f"{which}.{part}"]

    if not isinstance(date, dict):
        problems.append(Problem(path, item.line, item.fields[which],
                                "is missing: every event needs a date" if date is None else
                                "must be a date object with a year"))
        return None
    values: dict[str, int | None] = {}
    for part in ("year", "month", "day"):
        values[part], message = _number(date.get(part))
        if message:
            problems.append(Problem(path, item.line, name(part), message))
            return None
    year, month, day = values["year"], values["month"], values["day"]
    if year is None:
        problems.append(Problem(path, item.line, name("year"),
                                "is missing: every event needs at least a year"))
        return None
    if not 1 <= year <= 9999:
        problems.append(Problem(path, item.line, name("year"),
                                f"{year} is outside the years an event file can hold "
                                "(0001 to 9999)"))
        return None
    if day is not None and month is None:
        problems.append(Problem(path, item.line, name("day"), "is given without a month"))
        return None
    if month is not None and not 1 <= month <= 12:
        problems.append(Problem(path, item.line, name("month"), f"there is no month {month}"))
        return None
    text = f"{year:04d}" + (f"-{month:02d}" if month is not None else "")
    if day is not None:
        if not 1 <= day <= 31:
            problems.append(Problem(path, item.line, name("day"), f"there is no day {day}"))
            return None
        text += f"-{day:02d}"
    try:
        parse_point(text)
    except DateError as error:
        problems.append(Problem(path, item.line, name("day"), str(error)))
        return None
    return text


def _qualifiers(display_date: str, parts: int) -> list[str]:
    """EDTF qualifiers for each point of a date, read from a display date as export writes
    them: 'c. June 2025' approximate, '2 June 2025?' uncertain, both '%'."""
    pieces = _RANGE_SEPARATOR.split(display_date.strip()) if display_date.strip() else []
    if len(pieces) != parts:
        pieces = [display_date] * parts
    found = []
    for piece in pieces:
        approximate = bool(_APPROXIMATE.match(piece)) or piece.rstrip().endswith("~")
        uncertain = piece.rstrip().endswith("?")
        found.append("%" if approximate and uncertain else "~" if approximate else
                     "?" if uncertain else "")
    return found


def _draft(item: _Slide, types: dict[str, str], path: str,
           problems: list[Problem]) -> Draft | None:
    """Check one slide and make it a draft event, or record why it cannot be one."""
    before = len(problems)
    names = item.fields
    start = _point(item, "start", problems, path)
    has_end = item.end is not None and (not isinstance(item.end, dict) or any(
        _number(item.end.get(part)) != (None, "") for part in ("year", "month", "day")))
    end = _point(item, "end", problems, path) if has_end else None
    date = None
    if start is not None and (end is not None or not has_end):
        points = [start] if end is None or end == start else [start, end]
        marks = _qualifiers(item.display_date, len(points))
        text = "/".join(p + q for p, q in zip(points, marks, strict=True))
        try:
            date = parse_date(text)
        except DateError as error:
            problems.append(Problem(path, item.line, names["end"], str(error)))
    title = plain_text(item.headline)
    if not title:
        problems.append(Problem(path, item.line, names["headline"],
                                "is empty: every event needs a title"))
    elif len(title) > SHORT_TEXT:
        problems.append(Problem(path, item.line, names["headline"],
                                f"is {len(title)} characters long; a title holds at most "
                                f"{SHORT_TEXT}"))
    elif found := _NOT_TEXT.search(title):
        problems.append(Problem(path, item.line, names["headline"],
                                f"holds the character U+{ord(found[0]):04X}: remove it"))
    narrative = markdown_of(item.text)
    if found := _NOT_TEXT.search(narrative.replace("\n", " ")):
        problems.append(Problem(path, item.line, names["text"],
                                f"holds the character U+{ord(found[0]):04X}: remove it"))
    else:
        problems.extend(Problem(path, item.line, names["text"], p.message)
                        for p in narrative_problems(narrative, path, item.line))
    if len(problems) != before or date is None:
        return None
    group = " ".join(item.group.split()).casefold()
    type_id = types.get(group) or ("other" if "other" in types.values() else
                                   next(iter(types.values()), "other"))
    draft = Draft(item.line, date.text, title, type_id, narrative, item.unique_id.strip())
    if not draft.stem:
        problems.append(Problem(path, item.line, names["headline"],
                                "cannot make a file name from this title: give the slide a "
                                "unique_id such as 2025-06-02-geneva-talks"))
        return None
    if len(draft.content().encode("utf-8")) > MAX_FILE_BYTES:
        problems.append(Problem(path, item.line, names["text"],
                                f"makes an event file larger than {MAX_FILE_BYTES // 1024} "
                                "KiB, the limit for one event: shorten it"))
        return None
    return draft


# JSON, with the line where each slide starts.

def _skip(text: str, index: int) -> int:
    """The index of the next character that is not JSON whitespace."""
    while index < len(text) and text[index] in " \t\n\r":
        index += 1
    return index


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _walk(text: str, index: int, close: str, read: Callable[[str, int], int]) -> int:
    """Walk the object (close '}') or array (close ']') that opens at `index`, calling
    `read(key, start)` for each member (key '' in an array), which reads the value that
    starts there and answers the index after it. Returns the index after the closing
    bracket; raises JSONDecodeError, as json does, on anything else."""
    index = _skip(text, index + 1)
    if text.startswith(close, index):
        return index + 1
    while True:
        key = ""
        if close == "}":
            if not text.startswith('"', index):
                raise json.JSONDecodeError("Expecting property name enclosed in double quotes",
                                           text, index)
            key, index = json.decoder.scanstring(text, index + 1)  # type: ignore[attr-defined]
            index = _skip(text, index)
            if not text.startswith(":", index):
                raise json.JSONDecodeError("Expecting ':' delimiter", text, index)
            index = _skip(text, index + 1)
        index = _skip(text, read(key, index))
        if text.startswith(close, index):
            return index + 1
        if not text.startswith(",", index):
            raise json.JSONDecodeError(f"Expecting ',' delimiter or '{close}'", text, index)
        index = _skip(text, index + 1)


def _json_slides(text: str, path: str, problems: list[Problem]) -> list[tuple[int, object]]:
    """The slides of a TimelineJS JSON file, each with the line where it starts."""
    decoder = json.JSONDecoder()
    slides: list[tuple[int, object]] = []
    seen = []

    def slide_at(_: str, start: int) -> int:
        value, end = decoder.raw_decode(text, start)
        slides.append((_line(text, start), value))
        return end

    def member(key: str, start: int) -> int:
        if key == "events":
            seen.append(start)
            slides.clear()
            if text.startswith("[", start):
                return _walk(text, start, "]", slide_at)
        return decoder.raw_decode(text, start)[1]

    try:
        index = _skip(text, 0)
        if text.startswith("{", index):
            index = _walk(text, index, "}", member)
        else:
            value, index = decoder.raw_decode(text, index)  # raises if it is not JSON at all
            got = "a list" if isinstance(value, list) else "a string" \
                if isinstance(value, str) else f"the value {json.dumps(value)[:20]}"
        if _skip(text, index) != len(text):
            raise json.JSONDecodeError("Extra data", text, _skip(text, index))
    except json.JSONDecodeError as error:
        problems.append(Problem(path, error.lineno, "json",
                                f"does not parse: {error.msg} (column {error.colno})"))
        return []
    except RecursionError:
        problems.append(Problem(path, 1, "json", "nests arrays or objects too deep to read"))
        return []
    first = _skip(text, 0)
    if not text.startswith("{", first):
        problems.append(Problem(path, _line(text, first), "json",
                                f"must be an object with an \"events\" list (TimelineJS's "
                                f"format), not {got}"))
    elif not seen:
        problems.append(Problem(path, 1, "events", "is missing: a TimelineJS file holds its "
                                                   "slides in an \"events\" list"))
    elif not text.startswith("[", seen[-1]):
        problems.append(Problem(path, _line(text, seen[-1]), "events",
                                "must be a list of slides"))
    return slides


def _text_of(value: object) -> str:
    return value if isinstance(value, str) else ""


def _from_json(text: str, path: str, problems: list[Problem]) -> list[_Slide]:
    items: list[_Slide] = []
    for number, (line, value) in enumerate(_json_slides(text, path, problems)):
        if not isinstance(value, dict):
            problems.append(Problem(path, line, f"events[{number}]",
                                    "must be an object (a slide)"))
            continue
        texts = value.get("text", {})
        if not isinstance(texts, dict):
            problems.append(Problem(path, line, "text", "must be an object with a headline"))
            continue
        start = value.get("start_date")
        display = _text_of(value.get("display_date")) or \
            (_text_of(start.get("display_date")) if isinstance(start, dict) else "")
        items.append(_Slide(line, start, value.get("end_date"), display,
                            _text_of(texts.get("headline")), _text_of(texts.get("text")),
                            _text_of(value.get("group")), _text_of(value.get("unique_id")),
                            _JSON_FIELDS))
    return items


def _from_csv(text: str, path: str, problems: list[Problem]) -> list[_Slide]:
    """The rows of a Google Sheet made from TimelineJS's template, saved as CSV."""
    lines = text.splitlines(keepends=True)
    reader = csv.reader(lines, strict=True)
    items: list[_Slide] = []
    try:
        header = next(reader, None)
        if header is None:
            problems.append(Problem(path, 1, "file", "is empty"))
            return []
        columns = {name.strip().casefold(): index for index, name in enumerate(header)}
        missing = [c for c in ("Year", "Headline") if c.casefold() not in columns]
        if missing:
            problems.append(Problem(path, 1, "header",
                                    f"has no column {' or '.join(missing)}: the first row "
                                    f"must name the columns of TimelineJS's template "
                                    f"({', '.join(CSV_COLUMNS)})"))
            return []
        previous = reader.line_num
        for row in reader:
            line, previous = previous + 1, reader.line_num

            def cell(name: str, row: list[str] = row) -> str:
                index = columns.get(name.casefold())
                return row[index].strip() if index is not None and index < len(row) else ""

            if not any(c.strip() for c in row) or cell("Type").casefold() in ("title", "era"):
                continue
            end = {"year": cell("End Year"), "month": cell("End Month"),
                   "day": cell("End Day")}
            items.append(_Slide(line, {"year": cell("Year"), "month": cell("Month"),
                                       "day": cell("Day")},
                                end if any(end.values()) else None, cell("Display Date"),
                                cell("Headline"), cell("Text"), cell("Group"), "",
                                _CSV_FIELDS))
    except csv.Error as error:
        problems.append(Problem(path, reader.line_num or 1, "csv", f"does not parse: {error}"))
        return []
    return items


def _type_titles(events_dir: Path) -> dict[str, str]:
    """Each event type of the project by its title and its id (casefolded): what a group
    may name. The project's own types.yml, when it reads; else the built-in ones."""
    found: list[Problem] = []
    registries, _ = read_registries(events_dir, found)
    registry = validate_registry(RawInput((), registries, ()), found)
    names: dict[str, str] = {}
    for type_ in registry.types.values():
        names.setdefault(" ".join(type_.title.split()).casefold(), type_.id)
        names.setdefault(type_.id, type_.id)
    return names


def read_file(path: Path, events_dir: Path) -> tuple[list[Draft], list[Problem]]:
    """Read a TimelineJS JSON file or CSV sheet into draft events, with every problem.
    Writes nothing."""
    shown = display_path(path)
    raw, problems = read_bytes(path, MAX_IMPORT_BYTES, shown)
    if raw is None:  # the loader's advice on size is for event files: say it for imports
        return [], [Problem(p.path, p.line, p.field, f"is larger than "
                            f"{MAX_IMPORT_BYTES // 1024 // 1024} MiB, the limit for a file "
                            "to import: split it") if p.message.startswith("is larger") else p
                    for p in problems]
    text, problems = decode(raw, shown)
    if text is None:
        return [], problems
    suffix = path.suffix.lower()
    is_json = suffix == ".json" or (suffix != ".csv" and text.lstrip()[:1] in ("{", "["))
    slides = (_from_json if is_json else _from_csv)(text, shown, problems)
    types = _type_titles(events_dir)
    drafts = [d for s in slides if (d := _draft(s, types, shown, problems)) is not None]
    if not slides and not problems:
        problems.append(Problem(shown, 1, "events", "holds no events to import"))
    return drafts, problems


def import_file(path: Path, events_dir: Path) -> list[Path]:
    """Write an event file for each event of a TimelineJS file, in the shape `timeline new`
    writes: `events/YYYY/YYYY-MM-DD-slug.md`. Raises InputError with every problem (bad
    dates, empty headlines, a file that exists already) and then writes nothing."""
    drafts, problems = read_file(path, events_dir)
    shown = display_path(path)
    existing = {p.name for p in events_dir.glob("*/*.md")} if events_dir.is_dir() else set()
    planned: dict[str, Draft] = {}
    targets: list[tuple[Path, Draft]] = []
    for draft in drafts:
        target = events_dir / draft.start[:4] / f"{draft.stem}.md"
        if draft.stem in planned:
            problems.append(Problem(shown, draft.line, "file",
                                    f"{draft.stem}.md is also the file of the event on line "
                                    f"{planned[draft.stem].line}: give one a unique_id or "
                                    "another headline"))
        elif target.name in existing or target.exists():
            problems.append(Problem(shown, draft.line, "file",
                                    f"{display_path(target)} exists already; it was not "
                                    "overwritten"))
        planned.setdefault(draft.stem, draft)
        targets.append((target, draft))
    if problems:
        raise InputError(problems)
    written: list[Path] = []
    try:
        for target, draft in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("x", encoding="utf-8", newline="\n") as handle:
                written.append(target)
                handle.write(draft.content())
    except OSError:
        for done in written:  # all or nothing: take back what this run wrote
            done.unlink(missing_ok=True)
        raise
    return written
