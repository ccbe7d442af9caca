"""Connections to mail services that the mailbox (`intake/`) and the sender (`replies/`) share:
OAuth2 tokens (`tokens`), the SASL strings that carry them (`sasl`), and the Microsoft Graph
mail API client (`graph`).

A bottom floor: it knows nothing of Settings, the store or the pipeline; the callers hand it
small typed configs.
"""
