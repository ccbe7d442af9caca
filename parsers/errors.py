"""The errors of reading untrusted files, at the bottom so that every reader can raise them."""

from __future__ import annotations


class Unreadable(Exception):
    """A file that cannot be read, with a reason a school can act on."""


class MessageUnreadable(Exception):
    """The bytes are not an email message at all."""


class MessageTooLarge(MessageUnreadable):
    """The message is larger than `Limits.max_message_bytes`: refused before it is parsed."""
