"""Documents in: reading sources (`read`) and cleaning them into passages (`clean`).

`sitrep.ingest.read` turns paths, folders, JSON Lines feeds and standard input
into `Document` records or counted `Rejected` values; `sitrep.ingest.clean` is
the first pipeline stage, which splits a document into passages (body,
headline, furniture, repeated copies, quoted voices) and reads its dateline.
"""
