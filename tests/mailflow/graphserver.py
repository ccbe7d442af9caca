"""A stand-in for the part of the Microsoft Graph mail API that rtt-intake uses, on 127.0.0.1.

No real Graph can run here, so this small HTTP server implements just that subset, written
from Microsoft's published API reference (learn.microsoft.com/graph/api/...):
- `GET /users/{id}/mailFolders/{id | well-known name}` (user-get-mailfolders; `totalItemCount`),
  `GET /users/{id}/mailFolders[?$filter=displayName eq '...']`, `.../inbox/childFolders`,
  `POST /users/{id}/mailFolders` with `displayName` (201);
- `GET /users/{id}/mailFolders/{id}/messages` ($select, $top; pages joined by `@odata.nextLink`;
  `$filter=internetMessageId eq '...'`, user-list-messages);
- `GET /users/{id}/messages/{id}/$value`: the message's MIME (outlook-get-mime-message);
- `POST /users/{id}/messages/{id}/move` with `destinationId` (201, the moved message; its id
  changes unless the request says `Prefer: IdType="ImmutableId"`, outlook-immutable-id);
- `GET /users/{id}/mailFolders/{id}/messages/delta` (message-delta, delta-query-messages): a
  round of pages ending in `@odata.deltaLink`; later rounds give what was added and, as
  `@removed` rows, what left; an unknown state token answers 410 Gone;
- `POST /users/{id}/sendMail` with `Content-Type: text/plain` and the base64 MIME (user-sendmail:
  202 Accepted, a copy kept in Sent Items; 400 "Invalid base64 string for MIME content.");
- errors as `{"error": {"code", "message"}}`; throttling as 429 with `Retry-After` (throttling).
Bearer tokens are checked by the OAuth2 test server's introspection endpoint (called
in-process); the app may use only the mailbox its registration is scoped to (403
ErrorAccessDenied otherwise, as an application access policy does). Faults (429 with
Retry-After, 5xx) can be injected.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from .oauthserver import Client, OAuthServer
from .servers import free_port

WELL_KNOWN = {"inbox": "Inbox", "msgfolderroot": "Top of Information Store", "sentitems": "Sent Items"}
DEFAULT_PAGE = 10


@dataclass
class Folder:
    id: str
    name: str
    messages: dict[str, bytes] = field(default_factory=dict)
    """Immutable id -> MIME, in arrival order."""
    changes: list[tuple[str, bool]] = field(default_factory=list)
    """The folder's change log for delta: (message id, added?)."""


@dataclass
class Fault:
    status: int
    path: str
    times: int
    retry_after: str | None


@dataclass
class Reply:
    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


def _json(status: int, body: dict[str, Any], **headers: str) -> Reply:
    return Reply(status, json.dumps(body).encode(), headers=headers)


def _message_id(raw: bytes) -> str:
    """A stored message's internetMessageId: its Message-ID header."""
    found = re.search(rb"^Message-ID:[ \t]*(<[^>\r\n]*>)", raw, re.IGNORECASE | re.MULTILINE)
    return found.group(1).decode("ascii", "replace") if found else ""


def _error(status: int, code: str, message: str = "", **headers: str) -> Reply:
    return _json(status, {"error": {"code": code, "message": message}}, **headers)


class GraphServer:
    def __init__(self, tokens: OAuthServer, mailbox: str) -> None:
        self.tokens, self.mailbox = tokens, mailbox
        self.resource: Client = tokens.add_client("graph", resource_server=True)
        self.port = free_port()
        self.lock = threading.Lock()
        self._ids = itertools.count(1)
        self.folders: dict[str, Folder] = {}
        for key, name in WELL_KNOWN.items():
            self.folders[key] = Folder(f"AAMkF-{key}", name)
        self.sent: list[bytes] = []
        self.faults: list[Fault] = []
        self.requests: list[tuple[str, str, int]] = []
        """(method, path, status) of every request, in order."""
        self.without_immutable_ids = 0
        self._http: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1.0"

    # ---------------------------------------------------------------- test controls

    def deliver(self, raw: bytes, folder: str = "inbox") -> str:
        with self.lock:
            box = self._folder(folder)
            assert box is not None
            message_id = f"AAMkAGI-{next(self._ids):06d}="
            box.messages[message_id] = raw
            box.changes.append((message_id, True))
            return message_id

    def inject(self, status: int, path: str = "", times: int = 1, retry_after: str | None = None) -> None:
        """The next `times` requests whose path contains `path` get `status` (429 with Retry-After)."""
        with self.lock:
            self.faults.append(Fault(status, path, times, retry_after))

    def count(self, name: str) -> int:
        """Messages in a folder, by well-known name or display name."""
        with self.lock:
            box = self._folder(name) or next((f for f in self.folders.values() if f.name == name), None)
            return len(box.messages) if box else 0

    def statuses(self, status: int) -> int:
        return sum(1 for _, _, s in self.requests if s == status)

    # ---------------------------------------------------------------- folders

    def _folder(self, key: str) -> Folder | None:
        if key.lower() in self.folders:
            return self.folders[key.lower()]
        return next((f for f in self.folders.values() if f.id == key), None)

    def _folder_json(self, f: Folder) -> dict[str, Any]:
        return {"id": f.id, "displayName": f.name, "totalItemCount": len(f.messages), "childFolderCount": 0}

    # ---------------------------------------------------------------- dispatch

    def handle(self, method: str, target: str, headers: Any, body: bytes) -> Reply:
        parts = urlsplit(target)
        path, query = unquote(parts.path), {k: v[0] for k, v in parse_qs(parts.query).items()}
        if 'IdType="ImmutableId"' not in (headers.get("Prefer") or ""):
            self.without_immutable_ids += 1
        reply = self._fault(path) or self._authorised(path, headers)
        reply = reply or self._route(method, path, query, body, headers)
        self.requests.append((method, path, reply.status))
        return reply

    def _fault(self, path: str) -> Reply | None:
        with self.lock:
            for fault in self.faults:
                if fault.times > 0 and fault.path in path:
                    fault.times -= 1
                    extra = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                    code = "TooManyRequests" if fault.status == 429 else "ServiceNotAvailable"
                    return _error(fault.status, code, "injected", **extra)
        return None

    def _authorised(self, path: str, headers: Any) -> Reply | None:
        auth = headers.get("Authorization") or ""
        if not auth.startswith("Bearer "):
            return _error(401, "InvalidAuthenticationToken", "Access token is empty.")
        found = self.tokens.introspect(auth[7:], self.resource)
        if not found.get("active"):
            return _error(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.")
        match = re.match(r"^/v1\.0/users/([^/]+)", path)
        if not match or match.group(1).lower() != str(found.get("username", "")).lower():
            return _error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.")
        return None

    def _route(self, method: str, path: str, query: dict[str, str], body: bytes, headers: Any) -> Reply:
        rest = re.sub(r"^/v1\.0/users/[^/]+", "", path)
        for pattern, verb, action in self._routes():
            match = re.fullmatch(pattern, rest)
            if match and verb == method:
                with self.lock:
                    result: Reply = action(query, body, headers, *match.groups())
                    return result
        return _error(400, "BadRequest", f"Resource not found for the segment '{rest}'.")

    def _routes(self) -> list[tuple[str, str, Any]]:
        return [
            (r"/mailFolders", "GET", self._list_folders),
            (r"/mailFolders", "POST", self._create_folder),
            (r"/mailFolders/inbox/childFolders", "GET", lambda *a: _json(200, {"value": []})),
            (r"/mailFolders/([^/]+)", "GET", self._get_folder),
            (r"/mailFolders/([^/]+)/messages", "GET", self._list_messages),
            (r"/mailFolders/([^/]+)/messages/delta", "GET", self._delta),
            (r"/messages/([^/]+)/\$value", "GET", self._mime),
            (r"/messages/([^/]+)/move", "POST", self._move),
            (r"/sendMail", "POST", self._send_mail),
        ]

    # ---------------------------------------------------------------- handlers

    def _list_folders(self, query: dict[str, str], *_: Any) -> Reply:
        wanted = re.fullmatch(r"displayName eq '(.*)'", query.get("$filter", ""))
        found = [
            self._folder_json(f)
            for key, f in self.folders.items()
            if key != "msgfolderroot" and (not wanted or f.name == wanted.group(1).replace("''", "'"))
        ]
        return _json(200, {"value": found})

    def _create_folder(self, query: dict[str, str], body: bytes, *_: Any) -> Reply:
        name = json.loads(body).get("displayName", "")
        if any(f.name == name for f in self.folders.values()):
            return _error(409, "ErrorFolderExists", "A folder with the specified name already exists.")
        folder = Folder(f"AAMkF-{next(self._ids):06d}", name)
        self.folders[folder.id] = folder
        return _json(201, self._folder_json(folder))

    def _get_folder(self, query: dict[str, str], body: bytes, headers: Any, key: str) -> Reply:
        folder = self._folder(key)
        if folder is None:
            return _error(404, "ErrorItemNotFound", "The specified object was not found in the store.")
        return _json(200, self._folder_json(folder))

    def _list_messages(self, query: dict[str, str], body: bytes, headers: Any, key: str) -> Reply:
        folder = self._folder(key)
        if folder is None:
            return _error(404, "ErrorItemNotFound", "The specified object was not found in the store.")
        top, skip = int(query.get("$top", DEFAULT_PAGE)), int(query.get("$skip", 0))
        wanted = re.fullmatch(r"internetMessageId eq '(.*)'", query.get("$filter", ""))
        if query.get("$filter") and wanted is None:
            return _error(400, "ErrorInvalidUrlQueryFilter", "Filtered by internetMessageId only here.")
        chosen = [i for i, raw in folder.messages.items()
                  if wanted is None or _message_id(raw) == wanted.group(1).replace("''", "'")]
        ids = chosen[skip : skip + top]
        page: dict[str, Any] = {"value": [{"id": i} for i in ids]}
        if skip + top < len(chosen) and wanted is None:
            page["@odata.nextLink"] = f"{self.url}/users/{self.mailbox}/mailFolders/{folder.id}/messages" + (
                f"?%24select=id&%24top={top}&%24skip={skip + top}"
            )
        return _json(200, page)

    def _delta(self, query: dict[str, str], body: bytes, headers: Any, key: str) -> Reply:
        folder = self._folder(key)
        if folder is None:
            return _error(404, "ErrorItemNotFound", "The specified object was not found in the store.")
        base = f"{self.url}/users/{self.mailbox}/mailFolders/{folder.id}/messages/delta"
        if "$deltatoken" in query:
            start = int(query["$deltatoken"])
            if start > len(folder.changes):
                return _error(410, "SyncStateNotFound", "The sync state is no longer valid.")
            rows: list[dict[str, Any]] = []
            for message_id, added in folder.changes[start:]:
                present = message_id in folder.messages
                if added and present:
                    rows.append({"id": message_id})
                elif not added:
                    rows.append({"id": message_id, "@removed": {"reason": "deleted"}})
            link = f"{base}?%24deltatoken={len(folder.changes)}"
            return _json(200, {"value": rows, "@odata.deltaLink": link})
        skip = int(query.get("$skiptoken", 0))
        ids = list(folder.messages)
        page: dict[str, Any] = {"value": [{"id": i} for i in ids[skip : skip + DEFAULT_PAGE]]}
        if skip + DEFAULT_PAGE < len(ids):
            page["@odata.nextLink"] = f"{base}?%24skiptoken={skip + DEFAULT_PAGE}"
        else:
            page["@odata.deltaLink"] = f"{base}?%24deltatoken={len(folder.changes)}"
        return _json(200, page)

    def _find(self, message_id: str) -> Folder | None:
        return next((f for f in self.folders.values() if message_id in f.messages), None)

    def _mime(self, query: dict[str, str], body: bytes, headers: Any, message_id: str) -> Reply:
        folder = self._find(message_id)
        if folder is None:
            return _error(404, "ErrorItemNotFound", "The specified object was not found in the store.")
        return Reply(200, folder.messages[message_id], "text/plain")

    def _move(self, query: dict[str, str], body: bytes, headers: Any, message_id: str) -> Reply:
        source, target = self._find(message_id), self._folder(json.loads(body).get("destinationId", ""))
        if source is None or target is None:
            return _error(404, "ErrorItemNotFound", "The specified object was not found in the store.")
        raw = source.messages.pop(message_id)
        source.changes.append((message_id, False))
        immutable = 'IdType="ImmutableId"' in (headers.get("Prefer") or "")
        new_id = message_id if immutable else f"AAMkAGI-{next(self._ids):06d}="
        target.messages[new_id] = raw
        target.changes.append((new_id, True))
        return _json(201, {"id": new_id, "parentFolderId": target.id})

    def _send_mail(self, query: dict[str, str], body: bytes, headers: Any) -> Reply:
        if not (headers.get("Content-Type") or "").startswith("text/plain"):
            return _error(400, "ErrorInvalidRequest", "JSON sendMail is not implemented by this stand-in")
        try:
            mime = base64.b64decode(body, validate=True)
        except binascii.Error:
            return _error(400, "ErrorMimeContentInvalidBase64", "Invalid base64 string for MIME content.")
        self.sent.append(mime)
        copy_id = f"AAMkAGI-{next(self._ids):06d}="
        self.folders["sentitems"].messages[copy_id] = mime
        self.folders["sentitems"].changes.append((copy_id, True))
        return Reply(202)

    # ---------------------------------------------------------------- HTTP

    def start(self) -> None:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                reply = owner.handle(self.command, self.path, self.headers, self.rfile.read(length))
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            do_GET = do_POST = _serve

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self._http = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._http.daemon_threads = True
        threading.Thread(target=self._http.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
            self._http = None
