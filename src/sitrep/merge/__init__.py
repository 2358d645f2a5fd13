"""One event, many reports: merging events that describe the same real-world event.

- `sitrep.merge.relation`: when two reports tell the same event (hard rules and
  similarity over each event's `Profile`);
- `sitrep.merge.linking`: candidate pairs, groups as connected components, and
  linking new reports to stored groups as documents arrive;
- `sitrep.merge.record`: the `MergedEvent` with counts across sources and the
  disagreements, and its public JSON shape;
- `sitrep.merge.copies`: copies of one article (MinHash signatures), whose
  reports are listed but not counted twice.

The names below are the package's public API; docs/merging.md explains the rules.
"""

from sitrep.merge.linking import candidates, components, link_new
from sitrep.merge.record import (
    Claim,
    CountRange,
    CountReport,
    Disagreement,
    MergedEvent,
    count_range,
    merge_events,
    merged_event,
    merged_id,
    merged_to_dict,
    sorted_merged,
)
from sitrep.merge.relation import (
    NO_NAMES,
    DocumentNames,
    MergeSettings,
    Profile,
    document_names,
    same_event,
)

__all__ = [
    "NO_NAMES",
    "Claim",
    "CountRange",
    "CountReport",
    "Disagreement",
    "DocumentNames",
    "MergeSettings",
    "MergedEvent",
    "Profile",
    "candidates",
    "components",
    "count_range",
    "document_names",
    "link_new",
    "merge_events",
    "merged_event",
    "merged_id",
    "merged_to_dict",
    "same_event",
    "sorted_merged",
]
