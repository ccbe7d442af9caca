"""The sending edge: the outbox's replies go out through SMTP or Graph, or into the outbox Maildir."""
