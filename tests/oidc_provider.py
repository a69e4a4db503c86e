"""A real OpenID Connect provider for the tests (issue 21): oidc-provider-mock (PyPI), an Authlib-based
standards-conformant provider, started as its own process on 127.0.0.1. The monitor talks to it over HTTP
exactly as to Keycloak or Microsoft Entra ID: discovery, the authorization form, the token endpoint with the
code and PKCE verifier, signed ID tokens and their keys, userinfo and the end-session endpoint.

It does not check the PKCE verifier itself (it ignores code_challenge); the tests check what the monitor sends.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class RunningProvider:
    url: str

    def set_user(self, sub: str, claims: dict[str, Any]) -> None:
        response = httpx.put(f"{self.url}/users/{sub}", json=claims, timeout=10)
        assert response.status_code < 300, response.text

    def authorize(self, authorize_url: str, sub: str) -> str:
        """Sign in as `sub` on the provider's own form, as a person would; the redirect back to the monitor."""
        with httpx.Client(timeout=10) as browser:
            form = browser.get(authorize_url)
            assert form.status_code == 200 and "sub" in form.text, form.text[:500]
            answer = browser.post(authorize_url, data={"sub": sub}, follow_redirects=False)
        assert answer.status_code in (302, 303), answer.text[:500]
        return answer.headers["location"]


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@contextmanager
def running_provider(bind: str = "127.0.0.1", address: str = "127.0.0.1") -> Iterator[RunningProvider]:
    """The provider on `bind`, known to everyone as http://`address`:port (a container reaches the host by another
    address than 127.0.0.1)."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--host", bind, "--port",
                                str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               cwd=tempfile.gettempdir())  # not the tests folder: its html.py shadows a module
    url = f"http://{address}:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(url + "/.well-known/openid-configuration", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("de test-aanmeldvoorziening (oidc-provider-mock) startte niet")
            time.sleep(0.1)
        yield RunningProvider(url)
    finally:
        process.terminate()
        process.wait(timeout=10)


def sso_config(issuer: str, **extra: Any) -> str:
    """A configuration file as a municipality writes it (TOML)."""
    lines = [f"issuer = {json.dumps(issuer)}", 'client_id = "raadsmonitor"', 'client_secret = "test-geheim"',
             'knoptekst = "Aanmelden met uw account van de gemeente Heerlen"']
    lines += [f"{name} = {json.dumps(value)}" for name, value in extra.items()]
    lines += ['[[rollen]]', 'groep = "rm-programmabureau"', 'rol = "programmabureau"',
              '[[rollen]]', 'groep = "rm-griffie"', 'rol = "griffie"',
              '[[rollen]]', 'groep = "rm-raad"', 'rol = "raadslid"']
    return "\n".join(lines) + "\n"
