"""The subset of the Microsoft Graph mail API that the daemon uses, as one small client.

Per Microsoft's API reference (learn.microsoft.com/graph/api/...): `mailFolders` (get by id or
well-known name, list with `$filter=displayName eq '...'`, create, `childFolders`), a folder's
`messages` (paged by `@odata.nextLink`), `messages/delta` (rounds ending in `@odata.deltaLink`;
`@removed` rows; 410 Gone for an expired state token), a message's MIME (`/$value`), `move`
(`destinationId`), and `sendMail` with a base64 MIME body as `text/plain` (202 Accepted).
Every request asks for immutable ids (`Prefer: IdType="ImmutableId"`), so a message keeps its
id when it moves to another folder of the mailbox.

Throttling (429 with Retry-After) and server errors (5xx) are retried here with capped waits;
401 drops the token and tries once more with a new one. What is left becomes a `GraphError`.
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from mailconn.tokens import TokenError, TokenSource

log = logging.getLogger(__name__)

DEFAULT_GRAPH_URL = "https://graph.microsoft.com/v1.0"
IMMUTABLE_IDS = 'IdType="ImmutableId"'
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
WELL_KNOWN_FOLDERS = frozenset(
    {"inbox", "archive", "deleteditems", "drafts", "junkemail", "sentitems", "outbox", "msgfolderroot"}
)
PAGE_SIZE = 100


class GraphError(Exception):
    """A Graph request failed for good. `status` is the HTTP status (None: unreachable);
    `code` Graph's error code. The message never quotes a token or a message's text."""

    def __init__(self, message: str, *, status: int | None = None, code: str = "") -> None:
        super().__init__(message)
        self.status, self.code = status, code

    @property
    def denied(self) -> bool:
        """The credentials or the app's permissions were refused (401, 403, no token)."""
        return self.status in (401, 403) or self.code == "token"

    @property
    def transient(self) -> bool:
        return self.status is None or self.status in RETRIED_STATUSES


@dataclass(frozen=True)
class GraphConfig:
    mailbox: str
    base_url: str = DEFAULT_GRAPH_URL
    timeout_seconds: float = 30.0
    retry_max_seconds: float = 60.0
    """The longest wait between two tries of one request (Retry-After is capped to it)."""
    max_tries: int = 5
    ca_file: Path | None = None


@dataclass
class DeltaRound:
    added: list[str] = field(default_factory=list)
    """Ids of messages new or changed in the folder."""
    removed: list[str] = field(default_factory=list)
    link: str = ""
    """The `@odata.deltaLink` for the next round."""


class GraphClient:
    def __init__(
        self,
        config: GraphConfig,
        tokens: TokenSource,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config, self.tokens, self.sleep = config, tokens, sleep
        verify: Any = str(config.ca_file) if config.ca_file else True
        self._http = httpx.Client(timeout=config.timeout_seconds, verify=verify)
        self.user_path = f"/users/{quote(config.mailbox, safe='@')}"

    def __repr__(self) -> str:
        return f"GraphClient({self.config.base_url}{self.user_path})"

    def close(self) -> None:
        self._http.close()

    # ------------------------------------------------------------ requests

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One request, retried on throttling, server errors and a refused token."""
        url = path if path.startswith(("http://", "https://")) else self.config.base_url + path
        wait, refreshed = 1.0, False
        for attempt in range(1, self.config.max_tries + 1):
            response = self._send(method, url, kwargs)
            if response is not None and response.status_code == 401 and not refreshed:
                self.tokens.invalidate()
                refreshed = True
                response = self._send(method, url, kwargs)
            if response is not None and response.status_code not in RETRIED_STATUSES:
                return self._checked(response)
            if attempt == self.config.max_tries:
                break
            hinted = _retry_after(response)
            if hinted is None:  # a server error, or throttling without a hint: doubling waits
                hinted, wait = wait, wait * 2
            pause = float(min(self.config.retry_max_seconds, hinted))
            log.info(
                "Graph %s answered %s; try %d again in %.1fs",
                method, response.status_code if response is not None else "nothing", attempt + 1, pause,
            )
            self.sleep(pause)
        if response is None:
            raise GraphError("Microsoft Graph could not be reached")
        raise GraphError(f"Microsoft Graph answered {response.status_code} {_code(response)}".strip(),
                         status=response.status_code, code=_code(response))

    def _send(self, method: str, url: str, kwargs: dict[str, Any]) -> httpx.Response | None:
        try:
            token = self.tokens.token()
        except TokenError as exc:
            raise GraphError(f"no OAuth2 token: {exc}", code="token") from None
        headers = {"Authorization": f"Bearer {token}", "Prefer": IMMUTABLE_IDS, **kwargs.get("headers", {})}
        try:
            return self._http.request(method, url, **{**kwargs, "headers": headers})
        except httpx.HTTPError as exc:
            log.info("Graph %s failed: %s", method, type(exc).__name__)
            return None

    @staticmethod
    def _checked(response: httpx.Response) -> httpx.Response:
        if response.status_code < 400:
            return response
        code = _code(response)
        raise GraphError(f"Microsoft Graph answered {response.status_code} {code}".strip(),
                         status=response.status_code, code=code)

    def _json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        body = self.request(method, path, **kwargs).json()
        if not isinstance(body, dict):
            raise GraphError("Microsoft Graph answered something that is not a JSON object")
        return body

    def _pages(self, path: str, params: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
        """Every page of a collection, following `@odata.nextLink`."""
        page = self._json("GET", path, params=params or {})
        while True:
            yield page
            next_link = page.get("@odata.nextLink")
            if not isinstance(next_link, str):
                return
            page = self._json("GET", next_link)

    # ------------------------------------------------------------ mailbox

    def mailbox_info(self) -> dict[str, Any]:
        """The mailbox's root folder: reachable means the app may use the mailbox."""
        return self._json("GET", f"{self.user_path}/mailFolders/msgfolderroot")

    def folder_names(self) -> list[str]:
        return [
            str(f.get("displayName", ""))
            for page in self._pages(f"{self.user_path}/mailFolders", {"$top": str(PAGE_SIZE)})
            for f in page.get("value", [])
        ]

    def folder_id(self, name: str) -> str | None:
        """A folder's id by well-known name or display name (top level, then under Inbox)."""
        if name.lower() in WELL_KNOWN_FOLDERS:
            return str(self._json("GET", f"{self.user_path}/mailFolders/{name.lower()}")["id"])
        wanted = {"$filter": f"displayName eq '{name.replace(chr(39), chr(39) * 2)}'"}
        for parent in (f"{self.user_path}/mailFolders", f"{self.user_path}/mailFolders/inbox/childFolders"):
            found = self._json("GET", parent, params=wanted).get("value", [])
            if found:
                return str(found[0]["id"])
        return None

    def ensure_folder(self, name: str) -> str:
        existing = self.folder_id(name)
        if existing:
            return existing
        made = self._json("POST", f"{self.user_path}/mailFolders", json={"displayName": name})
        return str(made["id"])

    def folder_count(self, folder_id: str) -> int:
        return int(self._json("GET", f"{self.user_path}/mailFolders/{folder_id}").get("totalItemCount", 0))

    def message_ids(self, folder_id: str) -> list[str]:
        params = {"$select": "id", "$top": str(PAGE_SIZE)}
        pages = self._pages(f"{self.user_path}/mailFolders/{folder_id}/messages", params)
        return [str(m["id"]) for page in pages for m in page.get("value", [])]

    def mime(self, message_id: str) -> bytes | None:
        """The message's exact MIME; None when it is gone."""
        try:
            path = f"{self.user_path}/messages/{quote(message_id, safe='')}/$value"
            return self.request("GET", path).content
        except GraphError as exc:
            if exc.status == 404:
                return None
            raise

    def move(self, message_id: str, destination_id: str) -> bool:
        """Move into the destination folder; False when the message is gone."""
        path = f"{self.user_path}/messages/{quote(message_id, safe='')}/move"
        try:
            self.request("POST", path, json={"destinationId": destination_id})
        except GraphError as exc:
            if exc.status == 404:
                return False
            raise
        return True

    def in_sent_items(self, internet_message_id: str) -> bool:
        """Whether Sent Items holds a message with this Message-ID (sendMail keeps the copy
        there): how a sender that died between Graph's 202 and its own record tells a reply
        that went from one that did not."""
        quoted = internet_message_id.replace("'", "''")
        params = {"$filter": f"internetMessageId eq '{quoted}'", "$select": "id", "$top": "1"}
        found = self._json("GET", f"{self.user_path}/mailFolders/sentitems/messages", params=params)
        return bool(found.get("value"))

    def send_mime(self, mime: bytes) -> None:
        """sendMail with the message as base64 MIME (`text/plain`); Graph takes the recipients
        from its To, Cc and Bcc headers and keeps a copy in Sent Items."""
        self.request(
            "POST",
            f"{self.user_path}/sendMail",
            content=base64.b64encode(mime),
            headers={"Content-Type": "text/plain"},
        )

    def delta(self, folder_id: str, link: str | None) -> DeltaRound:
        """One round of the folder's delta query: from `link` (the last round's deltaLink), or
        from the start when None or when the state token has expired (410)."""
        start = f"{self.user_path}/mailFolders/{folder_id}/messages/delta"
        try:
            pages = list(self._pages(link or start, None if link else {"$select": "id"}))
        except GraphError as exc:
            if exc.status != 410 or link is None:
                raise
            pages = list(self._pages(start, {"$select": "id"}))
        found = DeltaRound(link=str(pages[-1].get("@odata.deltaLink", "")))
        for row in (r for page in pages for r in page.get("value", [])):
            (found.removed if "@removed" in row else found.added).append(str(row["id"]))
        return found


def _code(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    error = body.get("error") if isinstance(body, dict) else None
    return str(error.get("code", "")) if isinstance(error, dict) else ""


def _retry_after(response: httpx.Response | None) -> float | None:
    """Retry-After in seconds (a number or an HTTP date), when the server gave one."""
    value = response.headers.get("Retry-After") if response is not None else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None
