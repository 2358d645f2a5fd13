"""Resolution stages: who the actors are, where and when each event happened.

Each stage fills one part of every event that coding left empty, and nothing
else (enrich, don't revisit):

- `sitrep.resolve.actors`: `ActorResolver`, over the packaged actor lexicon
  (`sitrep.resolve.actor_lexicon`);
- `sitrep.resolve.places`: `PlaceMentions` and `PlaceResolver`, over the
  packaged gazetteer (`sitrep.resolve.gazetteer`) and the places named near each
  other (`sitrep.resolve.place_context`);
- `sitrep.resolve.dates`: `DateResolver`, over the rules that find and read time
  expressions (`sitrep.resolve.time_expressions`);
- `sitrep.resolve.anchors`: what every resolver reads of the report as a whole
  (its dateline's country, the day its relative dates count from).
"""

from sitrep.resolve.actors import ActorResolver
from sitrep.resolve.dates import DateResolver
from sitrep.resolve.places import PlaceMentions, PlaceResolver

__all__ = ["ActorResolver", "DateResolver", "PlaceMentions", "PlaceResolver"]
