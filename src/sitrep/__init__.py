"""sitrep: structured, sourced PLOVER event data from conflict reporting."""
