"""Grouping events into merged events: blocking, components and incremental linking.

Groups are the connected components of that relation, so the result depends only
on the set of events, never on the order they arrive in, and adding events can
only join groups: merging a corpus in parts (`link_new`, which the store uses as
documents arrive) gives the same groups as merging it at once. Candidate pairs
(`candidates`) are events of one type that share a key and a week of their date
windows; since the hard rules demand both, no pair that could merge is skipped,
and the cost grows with the number of events times the size of a block, not with
the square of the corpus.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sitrep.merge.relation import MergeSettings, Profile, same_event

#: A date range covering more weeks than this is not put in each week's block: it is
#: looked up week by week instead (`candidates`), so that blocks stay small.
WIDE_WEEKS = 8


def candidates(profiles: Sequence[Profile]) -> set[tuple[int, int]]:
    """Every pair that could pass the hard rules: events of one type that share a key
    (`shared_keys`) and a week of their date windows, or are both undated. Exact, not a
    sample: no pair outside it can be the same event, so the groups are those of
    comparing every pair.

    An event spanning many weeks ("in March") is looked up week by week among the
    others and paired with every other wide event sharing a key.
    """
    blocks: dict[tuple[str, str, int | None], list[int]] = defaultdict(list)
    wide_by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    wide: list[int] = []
    for i, p in enumerate(profiles):
        weeks = _weeks(p)
        if weeks is not None and len(weeks) > WIDE_WEEKS:
            wide.append(i)
        for key in p.keys:
            if weeks is None:
                blocks[(p.type, key, None)].append(i)  # the undated, among themselves
            elif len(weeks) > WIDE_WEEKS:
                wide_by_key[(p.type, key)].append(i)
            else:
                for week in weeks:
                    blocks[(p.type, key, week)].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        pairs.update(itertools.combinations(sorted(set(members)), 2))
    for i in wide:
        kind = profiles[i].type
        for key in profiles[i].keys:
            found = [j for w in _weeks(profiles[i]) or () for j in blocks.get((kind, key, w), ())]
            found += wide_by_key[(kind, key)]
            pairs.update((min(i, j), max(i, j)) for j in found if j != i)
    return pairs


def _weeks(p: Profile) -> range | None:
    """The weeks the profile's window covers; None when its date is unknown."""
    if p.first is None or p.last is None:
        return None
    return range(p.first.toordinal() // 7, p.last.toordinal() // 7 + 1)


def components(profiles: Sequence[Profile], settings: MergeSettings) -> list[list[int]]:
    """The connected components of "same event" among `profiles` (indexes into it)."""
    parent = list(range(len(profiles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in sorted(candidates(profiles)):
        if root(i) != root(j) and same_event(profiles[i], profiles[j], settings):
            first, second = sorted((root(i), root(j)))
            parent[second] = first
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(profiles)):
        groups[root(i)].append(i)
    return list(groups.values())


@dataclass(frozen=True, slots=True)
class Joined:
    """New events and the stored groups they join: one merged event after an update."""

    new: tuple[Profile, ...]
    groups: frozenset[str]  # ids of stored groups that become part of it


def link_new(
    new: Sequence[Profile],
    stored: Callable[[Profile], Iterable[tuple[Profile, str]]],
    settings: MergeSettings,
) -> list[Joined]:
    """How `new` events join the stored groups: one `Joined` per resulting group.

    `stored(p)` gives the stored events (with their group ids) that could pass the
    hard rules with `p` (at least all those of its type whose windows overlap its
    own). Stored groups are the components of the same-event relation among the
    stored events; since that relation depends on the two events alone, the new
    components are the old ones joined through edges that touch a new event, which
    is all this looks at. The result is the same as merging everything at once.
    """
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(a: str, b: str) -> None:
        first, second = sorted((root(a), root(b)))
        parent[second] = first

    for profile in new:
        root(f"e:{profile.id}")
        for other, group in stored(profile):
            # a shared key is a hard rule: most neighbours fail it, cheaply
            node = f"g:{group}"
            if profile.keys.isdisjoint(other.keys):
                continue
            if node in parent and root(node) == root(f"e:{profile.id}"):
                continue  # already joined through another of the group's events
            if same_event(profile, other, settings):
                join(f"e:{profile.id}", f"g:{group}")
    for i, j in sorted(candidates(new)):
        if same_event(new[i], new[j], settings):
            join(f"e:{new[i].id}", f"e:{new[j].id}")
    by_id = {p.id: p for p in new}
    found: dict[str, tuple[list[Profile], set[str]]] = defaultdict(lambda: ([], set()))
    for node in sorted(parent):
        kind, ident = node.split(":", 1)
        events, groups = found[root(node)]
        if kind == "e":
            events.append(by_id[ident])
        else:
            groups.add(ident)
    return [Joined(tuple(events), frozenset(groups)) for events, groups in found.values()]
