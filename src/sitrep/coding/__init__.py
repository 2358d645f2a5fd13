"""Event coding: triggers, status, roles, attribution and counts, sentence by sentence."""
