"""The record beyond positions: every commitment with its status, disputed claims side by
side, and the outlets that sources cite."""

from __future__ import annotations

from markupsafe import Markup

from generator import html as md, urls
from generator.index import Said
from generator.model import Claim, Commitment
from generator.pages.fragments import outlet_name
from generator.pages.site import Site, render, summary


def commitment_rows(site: Site, commitments: list[Said[Commitment]]) -> list[list]:
    """A row per commitment: who, what (linked to where it was made), due, status, steps;
    each made once a run (the commitments page and every party and topic page use them)."""
    made = site.memo.setdefault("commitment rows", {})
    missing = [s for s in commitments if (s.event.id, s.item.id) not in made]
    for said, row in zip(missing, _commitment_rows(site, missing), strict=True):
        made[(said.event.id, said.item.id)] = row
    return [made[(s.event.id, s.item.id)] for s in commitments]


def _commitment_rows(site: Site, commitments: list[Said[Commitment]]) -> list[list]:
    words, index, as_of = site.words, site.index, site.index.as_of()
    rows = []
    for said in commitments:
        commitment, event = said.item, said.event
        status = index.status(said, as_of)
        made = md.a(commitment.text, urls.link(urls.home_of(event),
                                               urls.item(event, commitment.id)))
        steps = [f"{md.h(words.spoken(s.event.date))}: "
                 f"<strong>{md.h(words('status_' + s.item.status))}</strong> · "
                 f"{md.a(s.event.title, urls.event_link(s.event))}"
                 for s in index.fulfilments.get((event.id, commitment.id), ())]
        rows.append([
            md.join(", ", (site.links.party[p] for p in commitment.parties)),
            Markup(f"{made}<br>\n<small>{md.h(words.spoken(event.date))} · "
                   f"{site.links.topic[commitment.topic]}</small>"),
            md.esc(words.spoken(commitment.due)) if commitment.due else Markup("—"),
            Markup(f'<span class="tl-status tl-status-{status}">'
                   f"{md.h(words('status_' + status))}</span>"),
            Markup("<br>\n".join(steps)) if steps else Markup("—")])
    return rows


def commitments_page(site: Site) -> str:
    """Every commitment, latest first, with its status as of the record's last day."""
    as_of = site.index.as_of()
    return render("commitments.md.j2", title=site.words("commitments"), words=site.words,
                  description=summary(site.words, "describe_commitments",
                                      date=site.words.spoken_day(as_of) if as_of else "—"),
                  intro=site.words("commitments_intro",
                                   date=site.words.spoken_day(as_of) if as_of else "—"),
                  rows=commitment_rows(site, list(reversed(site.index.commitments))))


def dispute_rows(site: Site, claims: list[Said[Claim]]) -> list[list]:
    """A row per dispute: the claim disputed, and each claim disputing it, side by side."""
    index, rows, seen = site.index, [], set()
    for said in claims:
        root = index.claim(said.item.disputes) if said.item.disputes else said
        if root is None or (root.event.id, root.item.id) in seen:
            continue
        seen.add((root.event.id, root.item.id))
        answers = index.disputed_by.get((root.event.id, root.item.id), ())
        rows.append([claim_cell(site, root),
                     Markup("<br>\n").join(claim_cell(site, a) for a in answers)])
    return rows


def claim_cell(site: Site, said: Said[Claim]) -> Markup:
    """A claim in a table: who, what, where and when, and which outlet reported it."""
    claim, event = said.item, said.event
    outlet = outlet_name(site.registry, site.words, event.source(claim.source).outlet)
    speaker = f"{md.h(claim.speaker)} · " if claim.speaker else ""
    link = md.a(site.words.spoken(event.date),
                urls.link(urls.home_of(event), urls.item(event, claim.id)))
    return Markup(f"<strong>{site.links.party[claim.party]}</strong>: {md.h(claim.text)}"
                  f"<br>\n<small>{link} · {speaker}{outlet}</small>")


def outlets_page(site: Site) -> str:
    """Every registered outlet: its kind, country, and the events citing it."""
    citing: dict[str, list] = {}
    for event in site.index.dataset.events:
        for name in dict.fromkeys(s.outlet for s in event.sources):
            citing.setdefault(name, []).append(event)
    rows = []
    for outlet in sorted(site.registry.outlets.values(), key=lambda o: (o.name.casefold(), o.id)):
        name = md.a(outlet.name, outlet.url) if outlet.url else md.esc(outlet.name)
        events = citing.get(outlet.id, [])
        rows.append([Markup(f'<span id="{outlet.id}">{name}</span>'),
                     site.words(f"outlet_kind_{outlet.kind}"), outlet.country or "—",
                     md.join(", ", (md.a(e.title, urls.event_link(e)) for e in events))
                     if events else Markup("—")])
    return render("outlets.md.j2", title=site.words("outlets"), words=site.words, rows=rows,
                  description=summary(site.words, "describe_outlets"))
