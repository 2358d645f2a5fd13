"""The one exception tree of sitrep, and the reason codes of rejections.

::

    SitrepError                  exit 1, HTTP 500
    ├── ConfigError              exit 2, HTTP 400   bad setting or option value
    ├── UsageError               exit 2, HTTP 400   bad command-line use (missing path, ...)
    ├── PipelineError            exit 3, HTTP 500   stages that do not fit together
    ├── StoreError               exit 4, HTTP 500   the database cannot be opened or written
    └── NotFoundError            exit 5, HTTP 404   an id or record that does not exist

Expected bad input is not an exception: it becomes a `model.Rejected` with one
of the `Reason` codes below, stored and counted. Each face (CLI, REST) translates
these exceptions once, using `exit_code` and `http_status`.
"""

from __future__ import annotations

from enum import StrEnum


class SitrepError(Exception):
    """Base of every error sitrep raises on purpose."""

    exit_code = 1
    http_status = 500


class ConfigError(SitrepError):
    """A setting has a bad value; the message names the setting, value and choices."""

    exit_code = 2
    http_status = 400


class UsageError(SitrepError):
    """The command was used wrongly (a missing file, conflicting options)."""

    exit_code = 2
    http_status = 400


class PipelineError(SitrepError):
    """The stages do not fit: one needs a field that no earlier stage provides."""

    exit_code = 3


class StoreError(SitrepError):
    """The store cannot be opened, migrated or written."""

    exit_code = 4


class NotFoundError(SitrepError):
    """No record has the id that was asked for."""

    exit_code = 5
    http_status = 404


class Reason(StrEnum):
    """Why a document or input line was rejected."""

    EMPTY = "empty"  # no text, or only white space / page furniture
    BINARY = "binary"  # looks like a binary file (NUL bytes, mostly control characters)
    UNDECODABLE = "undecodable"  # not valid UTF-8 (or the declared encoding)
    OVERSIZED = "oversized"  # more characters than settings.max_chars
    MALFORMED = "malformed"  # a JSON Lines line that is not a JSON object with "text", or
    # markup the HTML reader cannot parse
    BAD_FIELD = "bad_field"  # a field of the right name but the wrong type or form
    DUPLICATE = "duplicate"  # the same document id with the same text was seen already
    SUPERSEDED = "superseded"  # an earlier version of a document id: a later file's text won
    UNREADABLE = "unreadable"  # the file could not be opened
    UNSUPPORTED = "unsupported"  # a file type sitrep does not read
    STAGE_ERROR = "stage_error"  # a bug inside a stage, recorded in a non-strict batch run
    TIME_BUDGET = "time_budget"  # took longer than the setting time_budget allows
