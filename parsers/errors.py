"""The product's errors: one root, `RttError`, at the bottom so that every floor can use it.

Each error's text is a reason a school (or an officer) can act on, shown as it is in replies
and on the case page. What code decides on is a field, never the text: a file that was not
read carries `cause`, a `ReadFailure`.
"""

from __future__ import annotations

from enum import Enum


class RttError(Exception):
    """The root of every error the product raises on purpose."""


class ReadFailure(Enum):
    """Why a file was not read."""

    UNREADABLE = "unreadable"
    ENCRYPTED = "encrypted"
    """Password protected, and no password we were given opens it."""
    """The file itself: damaged, encrypted, empty, too large, of a kind that is not read."""
    TIMEOUT = "timeout"
    """Reading it took longer than the time limit for one file."""
    MEMORY = "memory"
    """Reading it needed more memory than the limit."""
    CRASH = "crash"
    """The reader crashed on it (it is probably damaged)."""
    BUDGET = "budget"
    """The time for reading all of this message's files ran out before it was read."""
    NO_WORKER = "no_worker"
    """No worker process could be started to read it (out of processes or memory)."""
    READER_FAILED = "reader_failed"
    """A reader failed on it in a way it did not foresee (a bug shown by hostile input)."""


class Unreadable(RttError):
    """A file that cannot be read: the text is a reason a school can act on, `cause` its kind."""

    def __init__(self, reason: str, cause: ReadFailure = ReadFailure.UNREADABLE) -> None:
        super().__init__(reason)
        self.reason = reason
        self.cause = cause

    def __reduce__(self) -> tuple[type[Unreadable], tuple[str, ReadFailure]]:
        return type(self), (self.reason, self.cause)


class Refused(Unreadable):
    """A job (`parsers.sandbox.run_job`) could not read its file within the limits."""


class MessageUnreadable(RttError):
    """The bytes are not an email message at all."""


class MessageTooLarge(MessageUnreadable):
    """The message is larger than `Limits.max_message_bytes`: refused before it is parsed."""
