"""Casework: a judgement written onto its case (`judgement`, the daemon's and the officers'),
and what officers do to a case's reading (`officer`: correct, re-read, re-kind, merge, move)."""
