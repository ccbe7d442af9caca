"""Checking a message: the offline pipeline (bytes in, judgement and reply out) and its
`rtt-check/1` JSON document. Pure: no store, no network, no settings."""
