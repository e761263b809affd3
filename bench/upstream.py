"""The upstream of bench/http_clients.py: a bare ASGI app answering every request with a
small JSON body.

    uvicorn --app-dir bench upstream:app --loop uvloop --http httptools --lifespan off

No framework, no routing: the server does as little as it can, so that the clients, not
the upstream, set the pace.
"""

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Message = MutableMapping[str, Any]

BODY = b'{"id": 1, "name": "upstream", "active": true}'
START = {
    "type": "http.response.start",
    "status": 200,
    "headers": [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(BODY))],
}
RESPONSE = {"type": "http.response.body", "body": BODY}


async def app(
    scope: Message,
    receive: Callable[[], Awaitable[Message]],
    send: Callable[[Message], Awaitable[None]],
) -> None:
    await send(START)
    await send(RESPONSE)
