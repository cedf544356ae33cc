"""JSON Schemas of the input files, shipped with the package for the site's data folder.

`event.schema.json` describes the front matter of one event file as data; its `$defs`
describe the registries (`#/$defs/parties-file`, `topics-file`, `types-file`,
`outlets-file`). One file, so that the definitions the two share (ids, text, dates,
addresses) are stated once and a reader downloads a single document. tests/test_schema.py
checks that it agrees with `timeline check`.
"""

from __future__ import annotations

from importlib.resources import files

NAMES = ("event",)  # every schema shipped: `<name>.schema.json` in this package


def file_name(name: str) -> str:
    """The file name of a shipped schema, as the site publishes it: `event.schema.json`."""
    if name not in NAMES:
        raise ValueError(f"no schema {name!r}; the schemas are: {', '.join(NAMES)}")
    return f"{name}.schema.json"


def schema(name: str) -> bytes:
    """The bytes of a shipped schema (`schema("event")`), to copy unchanged into the site."""
    return files(__name__).joinpath(file_name(name)).read_bytes()
