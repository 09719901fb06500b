"""A local OpenID Connect provider stand-in: real HTTP on loopback, real RS256 ID tokens, PKCE checked.

Tests tell it who signs in (``email``, ``role``) and how to misbehave (``mode``):
``wrong_nonce``, ``wrong_audience``, ``wrong_issuer``, ``expired``, ``alg_none`` or ``foreign_key``. In-process
tests set the attributes; the browser tests run it as a process
(``python -m tests.support.idp --port N``) and set them with ``POST /stand-in/identity``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import uvicorn
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from litestar import Litestar, Request, Response, get, post
from litestar.response import Redirect

CLIENT_ID = "recoup-console"
CLIENT_SECRET = "stand-in-secret"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class StandInProvider:
    def __init__(self, port: int) -> None:
        self.issuer = f"http://127.0.0.1:{port}"
        self.key = RSAKey.generate_key(2048, parameters={"kid": "stand-in-1", "use": "sig", "alg": "RS256"})
        self.foreign_key = RSAKey.generate_key(2048, parameters={"kid": "stand-in-1"})
        self.email = "sso.clerk@recoup.example"
        self.name = "Sam Single"
        self.role: str | None = "ar_clerk"
        self.email_verified: bool | None = None
        self.mode = "honest"
        self.codes: dict[str, dict[str, Any]] = {}

    def id_token(self, grant: dict[str, Any]) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": "user-123",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            "email": self.email,
            "name": self.name,
        }
        if self.role is not None:
            claims["recoup_role"] = self.role
        if self.email_verified is not None:
            claims["email_verified"] = self.email_verified
        if self.mode == "wrong_nonce":
            claims["nonce"] = "not-the-nonce"
        if self.mode == "wrong_audience":
            claims["aud"] = "someone-else"
        if self.mode == "wrong_issuer":
            claims["iss"] = "http://issuer.elsewhere.example"
        if self.mode == "expired":
            claims["iat"], claims["exp"] = now - 3600, now - 1800
        if self.mode == "alg_none":
            return f"{_b64(json.dumps({'alg': 'none', 'typ': 'JWT'}).encode())}.{_b64(json.dumps(claims).encode())}."
        key = self.foreign_key if self.mode == "foreign_key" else self.key
        return jwt.encode({"alg": "RS256", "kid": "stand-in-1"}, claims, key)

    def app(self) -> Litestar:
        provider = self

        @get("/.well-known/openid-configuration")
        async def metadata() -> dict[str, Any]:
            return {
                "issuer": provider.issuer,
                "authorization_endpoint": f"{provider.issuer}/authorize",
                "token_endpoint": f"{provider.issuer}/token",
                "jwks_uri": f"{provider.issuer}/jwks",
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
            }

        @get("/jwks")
        async def jwks() -> dict[str, Any]:
            return KeySet([provider.key]).as_dict(private=False)

        @get("/authorize")
        async def authorize(request: Request[Any, Any, Any]) -> Redirect:
            q = request.query_params
            assert q["client_id"] == CLIENT_ID and q["code_challenge_method"] == "S256" and q["response_type"] == "code"
            code = secrets.token_urlsafe(16)
            provider.codes[code] = {
                "nonce": q["nonce"],
                "challenge": q["code_challenge"],
                "redirect_uri": q["redirect_uri"],
            }
            return Redirect(f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q['state']})}")

        @post("/token", status_code=200)
        async def token(request: Request[Any, Any, Any]) -> Response[Any]:
            form = await request.form()
            auth = base64.b64decode(request.headers.get("authorization", "Basic ").split(" ", 1)[1] or b"").decode()
            grant = provider.codes.pop(str(form.get("code")), None)
            verifier = str(form.get("code_verifier", ""))
            if auth != f"{CLIENT_ID}:{CLIENT_SECRET}" or grant is None:
                return Response({"error": "invalid_grant"}, status_code=400)
            if (
                _b64(hashlib.sha256(verifier.encode()).digest()) != grant["challenge"]
                or form.get("redirect_uri") != grant["redirect_uri"]
            ):
                return Response(
                    {"error": "invalid_grant", "error_description": "PKCE or redirect mismatch"}, status_code=400
                )
            return Response(
                {
                    "access_token": secrets.token_urlsafe(16),
                    "token_type": "Bearer",
                    "id_token": provider.id_token(grant),
                }
            )

        @post("/stand-in/identity", status_code=200)
        async def identity(data: dict[str, Any]) -> dict[str, Any]:
            provider.email = str(data.get("email", provider.email))
            provider.name = str(data.get("name", provider.name))
            provider.role = data.get("role", provider.role)
            provider.mode = str(data.get("mode", "honest"))
            return {"email": provider.email, "role": provider.role, "mode": provider.mode}

        return Litestar(route_handlers=[metadata, jwks, authorize, token, identity], openapi_config=None)


@contextmanager
def running_provider() -> Iterator[StandInProvider]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    provider = StandInProvider(port)
    server = uvicorn.Server(uvicorn.Config(provider.app(), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield provider
    finally:
        server.should_exit = True
        thread.join(timeout=5)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Run the OpenID Connect stand-in on loopback.")
    parser.add_argument("--port", type=int, required=True)
    arguments = parser.parse_args()
    uvicorn.run(StandInProvider(arguments.port).app(), host="127.0.0.1", port=arguments.port, log_level="warning")
