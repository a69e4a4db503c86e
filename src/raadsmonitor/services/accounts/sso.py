"""Single sign-on with OpenID Connect (issue 21), beside the local accounts.

The authorization-code flow with PKCE (RFC 7636, S256) and a nonce: Authlib makes the verifier and
its challenge, joserfc (Authlib's JOSE library) checks the ID token's signature against the
provider's published keys and its issuer, audience, expiry and nonce. The provider is found through
its discovery document (`/.well-known/openid-configuration`).

A configuration file (TOML, named by RAADSMONITOR_OIDC_CONFIG) names the provider and maps the
provider's groups or other claims to the monitor's roles. The account is tied to the provider's
subject (issuer + `sub`, table sso_koppelingen), never to a name someone could choose: the first
sign-in makes the account, each later one updates its role from the claims. When the provider says
it used more than a password (`amr` or `acr`, values listed in the file), the monitor does not ask
its own TOTP code. Every outcome lands in the audit trail.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

from sqlalchemy import Connection, Engine, insert, select, update

from raadsmonitor.config import settings
from raadsmonitor.domain.access import Gebruiker, Rol
from raadsmonitor.domain.audit import Actie, AuditContext, Resultaat
from raadsmonitor.store import audit
from raadsmonitor.store.database import write_transaction
from raadsmonitor.store.sessions import SessionLimits, create_session, delete_session
from raadsmonitor.store.tables import table
from raadsmonitor.store.users import add_user, get_user, set_role, totp_state

# httpx, Authlib and joserfc (with rich, pygments, click and cryptography behind them) are imported where a
# sign-on uses them: a server without single sign-on is 20 MB smaller per worker without them (issue 15).
if TYPE_CHECKING:
    import httpx
    from joserfc.jwk import KeySet

ENV_CONFIG = settings.variable_of("oidc_config")
# amr values (RFC 8176) that mean more than a password: one-time code, hardware or software key, smart
# card, FIDO, and "mfa" itself. Microsoft Entra ID says "mfa"; Keycloak says what its flow configures.
DEFAULT_MFA_AMR = ("mfa", "otp", "hwk", "swk", "sc", "fido", "face", "fpt", "iris", "retina", "vbm")
METADATA_SECONDS = 3600
ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]
NAME = re.compile(r"[^A-Za-z0-9._@-]+")


class ConfigError(Exception):
    """The configuration file is missing something or says something impossible (Dutch message)."""


class ProviderUnreachable(Exception):
    """The identity provider did not answer (network, time-out, server error)."""


class SignInRefused(Exception):
    """The sign-in is refused; `melding` is for the person, `reden` for the audit trail."""

    def __init__(self, melding: str, reden: str) -> None:
        super().__init__(reden)
        self.melding = melding
        self.reden = reden


@dataclass(frozen=True)
class RoleRule:
    """Who gets a role: everyone whose claim (default the groups claim) holds this value."""

    waarde: str
    rol: Rol
    claim: str | None = None
    organisatie: str | None = None


@dataclass(frozen=True)
class SsoConfig:
    issuer: str
    client_id: str
    client_secret: str | None
    rules: tuple[RoleRule, ...]
    scopes: tuple[str, ...] = ("openid", "profile", "email")
    redirect_uri: str | None = None  # default: this site's /aanmelden/sso/terug
    post_logout_redirect_uri: str | None = None  # default: this site's /aanmelden?afgemeld=1
    naam_claim: str = "preferred_username"
    weergavenaam_claim: str = "name"
    groepen_claim: str = "groups"
    mfa_amr: tuple[str, ...] = DEFAULT_MFA_AMR
    mfa_acr: tuple[str, ...] = ()
    knoptekst: str = "Aanmelden met uw organisatie-account"
    wachttijd: float = 10.0

    @property
    def origin(self) -> str:
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"


def _strings(value: Any, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise ConfigError(f"'{name}' moet tekst of een lijst van teksten zijn")


def parse_config(data: Mapping[str, Any], secret: str | None = None) -> SsoConfig:
    """The configuration from a parsed TOML document (see README: 'Eenmalig aanmelden')."""
    for required in ("issuer", "client_id"):
        if not isinstance(data.get(required), str) or not data[required].strip():
            raise ConfigError(f"'{required}' ontbreekt")
    issuer = data["issuer"].strip().rstrip("/")
    if urlsplit(issuer).scheme not in ("https", "http"):
        raise ConfigError("'issuer' moet een https-adres zijn")
    rules = []
    for index, rule in enumerate(data.get("rollen", []), start=1):
        value = rule.get("groep", rule.get("waarde")) if isinstance(rule, dict) else None
        if not isinstance(rule, dict) or not isinstance(rule.get("rol"), str) or not isinstance(value, str):
            raise ConfigError(f"[[rollen]] nummer {index}: geef 'groep' (of 'claim' en 'waarde') en 'rol'")
        try:
            rol = Rol(rule["rol"])
        except ValueError as error:
            raise ConfigError(f"[[rollen]] nummer {index}: onbekende rol '{rule['rol']}'; kies uit "
                             + ", ".join(r.value for r in Rol)) from error
        if rol is Rol.PARTNER and not rule.get("organisatie"):
            raise ConfigError(f"[[rollen]] nummer {index}: een partner hoort bij een 'organisatie'")
        rules.append(RoleRule(value, rol, rule.get("claim"), rule.get("organisatie")))
    if not rules:
        raise ConfigError("geen enkele [[rollen]]-regel: zonder regel krijgt niemand toegang")
    known = {"issuer", "client_id", "client_secret", "rollen", "scopes", "redirect_uri", "post_logout_redirect_uri",
             "naam_claim", "weergavenaam_claim", "groepen_claim", "mfa_amr", "mfa_acr", "knoptekst", "wachttijd"}
    if unknown := sorted(set(data) - known):
        raise ConfigError("onbekende instelling(en): " + ", ".join(unknown))
    options: dict[str, Any] = {}
    for name in ("redirect_uri", "post_logout_redirect_uri", "naam_claim", "weergavenaam_claim", "groepen_claim",
                 "knoptekst"):
        if name in data:
            options[name] = str(data[name])
    for name in ("scopes", "mfa_amr", "mfa_acr"):
        if name in data:
            options[name] = _strings(data[name], name)
    if "wachttijd" in data:
        options["wachttijd"] = float(data["wachttijd"])
    if "openid" not in options.get("scopes", ("openid",)):
        raise ConfigError("'scopes' moet 'openid' bevatten")
    return SsoConfig(issuer=issuer, client_id=data["client_id"].strip(),
                     client_secret=secret or data.get("client_secret") or None, rules=tuple(rules), **options)


def load_config(path: Path, secret: str | None = None) -> SsoConfig:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: het bestand kan niet worden gelezen ({error.strerror})") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: geen geldige TOML ({error})") from error
    try:
        return parse_config(data, secret)
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from error


def config_from_environment() -> SsoConfig | None:
    """The configuration named by RAADSMONITOR_OIDC_CONFIG (None: no single sign-on)."""
    chosen = settings.current()
    if chosen.oidc_config is None:
        return None
    return load_config(chosen.oidc_config, chosen.oidc_client_secret)


# --- the provider -----------------------------------------------------------------------------------


@dataclass
class Provider:
    """The provider's discovery document and keys, read once an hour (or when a key is unknown)."""

    config: SsoConfig
    transport: httpx.BaseTransport | None = None
    _metadata: dict[str, Any] | None = None
    _keys: KeySet | None = None
    _read_at: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _client(self) -> httpx.Client:
        import httpx

        return httpx.Client(timeout=self.config.wachttijd, transport=self.transport, follow_redirects=False)

    def _get_json(self, url: str) -> dict[str, Any]:
        import httpx

        try:
            with self._client() as client:
                response = client.get(url, headers={"Accept": "application/json"})
            response.raise_for_status()
            found = response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise ProviderUnreachable(f"{url}: {error}") from error
        if not isinstance(found, dict):
            raise ProviderUnreachable(f"{url}: geen JSON-object")
        return found

    def metadata(self, refresh: bool = False) -> dict[str, Any]:
        with self._lock:
            if refresh or self._metadata is None or time.monotonic() - self._read_at > METADATA_SECONDS:
                metadata = self._get_json(self.config.issuer + "/.well-known/openid-configuration")
                if metadata.get("issuer", "").rstrip("/") != self.config.issuer:
                    raise ProviderUnreachable(f"de aanmeldvoorziening noemt zich '{metadata.get('issuer')}', "
                                              f"niet '{self.config.issuer}'")
                self._metadata, self._keys, self._read_at = metadata, None, time.monotonic()
            return self._metadata

    def keys(self, refresh: bool = False) -> KeySet:
        from joserfc.jwk import KeySet

        metadata = self.metadata()
        with self._lock:
            if refresh or self._keys is None:
                self._keys = KeySet.import_key_set(self._get_json(metadata["jwks_uri"]))  # type: ignore[arg-type]
            return self._keys

    def exchange(self, code: str, verifier: str, redirect_uri: str) -> dict[str, Any]:
        """The token request: the code and the PKCE verifier, the client's secret as HTTP Basic if it has one."""
        import httpx

        metadata = self.metadata()
        body = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
                "code_verifier": verifier, "client_id": self.config.client_id}
        # client_secret_basic; a public client (no secret) relies on PKCE alone
        auth = httpx.BasicAuth(self.config.client_id, self.config.client_secret) if self.config.client_secret \
            else httpx.Auth()  # the base class adds nothing: a public client
        try:
            with self._client() as client:
                response = client.post(metadata["token_endpoint"], data=body, auth=auth,
                                       headers={"Accept": "application/json"})
        except httpx.HTTPError as error:
            raise ProviderUnreachable(f"token: {error}") from error
        if response.status_code >= 500:
            raise ProviderUnreachable(f"token: status {response.status_code}")
        try:
            found = response.json()
        except ValueError:
            found = {}
        if response.status_code != 200 or not isinstance(found, dict) or "id_token" not in found:
            reason = found.get("error", response.status_code) if isinstance(found, dict) else response.status_code
            raise SignInRefused("De aanmeldvoorziening weigerde de aanmelding af te ronden. Probeer het opnieuw.",
                                f"tokenverzoek geweigerd: {reason}")
        return found

    def id_claims(self, id_token: str, nonce: str) -> dict[str, Any]:
        """The ID token's claims, after its signature, issuer, audience, expiry and nonce were checked."""
        from joserfc import jwt
        from joserfc.errors import JoseError

        invalid = "De aanmeldvoorziening gaf een ongeldig antwoord. Probeer het opnieuw of neem contact op met de " \
                  "beheerder."
        try:
            try:
                token = jwt.decode(id_token, self.keys(), algorithms=ALGORITHMS)
            except JoseError:
                token = jwt.decode(id_token, self.keys(refresh=True), algorithms=ALGORITHMS)  # the keys rotated
            registry = jwt.JWTClaimsRegistry(
                leeway=60, iss={"essential": True, "value": self.config.issuer},
                aud={"essential": True, "value": self.config.client_id}, sub={"essential": True},
                exp={"essential": True}, nonce={"essential": True, "value": nonce})
            registry.validate(token.claims)
        except (JoseError, ValueError, KeyError) as error:
            raise SignInRefused(invalid, f"ID-token ongeldig: {error}") from error
        claims = dict(token.claims)
        azp = claims.get("azp")
        if isinstance(claims.get("aud"), list) and len(claims["aud"]) > 1 and azp != self.config.client_id:
            raise SignInRefused(invalid, "ID-token voor meerdere partijen zonder juiste azp")
        return claims

    def userinfo(self, access_token: str | None) -> dict[str, Any]:
        """Claims the provider gives only at its userinfo endpoint (some put groups there); {} if none."""
        import httpx

        endpoint = self.metadata().get("userinfo_endpoint")
        if not endpoint or not access_token:
            return {}
        try:
            with self._client() as client:
                response = client.get(endpoint, headers={"Authorization": f"Bearer {access_token}"})
            found = response.json() if response.status_code == 200 else {}
        except (httpx.HTTPError, ValueError) as error:
            raise ProviderUnreachable(f"userinfo: {error}") from error
        return found if isinstance(found, dict) else {}


# --- the steps --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Start:
    """The first step: where to send the browser, and what the browser keeps until it comes back."""

    url: str
    state: str
    nonce: str
    verifier: str


def start(provider: Provider, redirect_uri: str) -> Start:
    from authlib.oauth2.rfc7636 import create_s256_code_challenge

    metadata = provider.metadata()
    state, nonce, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    query = {"response_type": "code", "client_id": provider.config.client_id, "redirect_uri": redirect_uri,
             "scope": " ".join(provider.config.scopes), "state": state, "nonce": nonce,
             "code_challenge": create_s256_code_challenge(verifier), "code_challenge_method": "S256"}
    endpoint = metadata["authorization_endpoint"]
    return Start(endpoint + ("&" if "?" in endpoint else "?") + urlencode(query), state, nonce, verifier)


def _values(claims: Mapping[str, Any], name: str) -> set[str]:
    value = claims.get(name)
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {str(item) for item in value}
    return set()


def role_for(config: SsoConfig, claims: Mapping[str, Any]) -> RoleRule | None:
    """The first rule in the file that the claims meet (so the file's order settles a person in two groups)."""
    for rule in config.rules:
        if rule.waarde in _values(claims, rule.claim or config.groepen_claim):
            return rule
    return None


def provider_did_mfa(config: SsoConfig, claims: Mapping[str, Any]) -> bool:
    return bool(_values(claims, "amr") & set(config.mfa_amr)) or bool(_values(claims, "acr") & set(config.mfa_acr))


@dataclass(frozen=True)
class SsoSignIn:
    session_id: str
    gebruiker: Gebruiker
    code_needed: bool  # the role needs a second factor the provider did not report: the local TOTP step


def _subject_key(issuer: str, subject: str) -> str:
    return hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()


def _free_name(connection: Connection, claims: Mapping[str, Any], config: SsoConfig, issuer: str,
               subject: str) -> str:
    wanted = claims.get(config.naam_claim) or claims.get("email") or "sso"
    base = NAME.sub("-", str(wanted)).strip("-")[:80] or "sso"
    if get_user(connection, base) is None:
        return base
    return f"{base}-{_subject_key(issuer, subject)[:8]}"  # never someone else's local account


def linked_user(connection: Connection, issuer: str, subject: str) -> str | None:
    links = table("sso_koppelingen")
    return connection.execute(select(links.c.gebruiker).where(links.c.issuer == issuer,
                                                              links.c.subject == subject)).scalar()


def complete(engine: Engine, context: AuditContext, config: SsoConfig, claims: Mapping[str, Any], *,
             now: datetime, limits: SessionLimits, old_session: str | None = None) -> SsoSignIn:
    """The account tied to the provider's subject, with the role its claims map to, and a new session.

    Raises SignInRefused (recorded in the audit trail) when no role applies, the account is disabled, or the
    role needs a second factor that neither the provider nor the account has.
    """
    issuer, subject = str(claims["iss"]), str(claims["sub"])
    mfa = provider_did_mfa(config, claims)
    target = f"sso/{_subject_key(issuer, subject)[:16]}"
    try:
        with write_transaction(engine) as connection:
            if old_session:  # a new session id at every sign-in, as with a password
                delete_session(connection, old_session)
            naam = linked_user(connection, issuer, subject)
            target = f"gebruikers/{naam}" if naam else target
            rule = role_for(config, claims)
            if rule is None:
                raise SignInRefused("Uw account geeft geen toegang tot de monitor: geen van uw groepen is aan een rol "
                                    "gekoppeld. Vraag de beheerder van de monitor om toegang.",
                                    "sso: geen rol voor de groepen of claims van dit account")
            user = _account(connection, context, config, claims, naam, rule, issuer, subject, now)
            if not user.actief:
                raise SignInRefused("Uw account in de monitor is uitgeschakeld. Neem contact op met de beheerder.",
                                    "sso: account uitgeschakeld")
            code_needed = user.needs_second_factor and not mfa
            if code_needed and totp_state(connection, user.naam)[0] is None:
                raise SignInRefused("Voor uw rol is een tweede factor verplicht, maar de aanmeldvoorziening meldde "
                                    "geen tweede factor (amr/acr) en uw account heeft geen code-app. Meld u aan met "
                                    "een tweede factor bij uw organisatie, of vraag de beheerder om "
                                    "'raadsmonitor users totp'.", "sso: tweede factor verplicht maar niet gedaan")
            session_id = create_session(connection, user.naam, tweede_factor=not code_needed, now=now,
                                        limits=limits)
            how = ("tweede factor bij de aanmeldvoorziening" if mfa
                   else "zonder tweede factor bij de aanmeldvoorziening")
            audit.append(connection, context.event(
                Actie.AANMELDEN, f"gebruikers/{user.naam}", Resultaat.GELUKT,
                toelichting=f"aangemeld via eenmalig aanmelden ({issuer}, {how}"
                            + ("; code gevraagd)" if code_needed else ")")))
            return SsoSignIn(session_id, user, code_needed)
    except SignInRefused as refused:
        # Nothing of the refused sign-in stays (no account is made or changed); its refusal is recorded.
        with write_transaction(engine) as connection:
            audit.append(connection, context.event(Actie.AANMELDEN, target, Resultaat.GEWEIGERD,
                                                   toelichting=refused.reden))
        raise


def _account(connection: Connection, context: AuditContext, config: SsoConfig, claims: Mapping[str, Any],
             naam: str | None, rule: RoleRule, issuer: str, subject: str, now: datetime) -> Gebruiker:
    actor = context
    if naam is None:
        naam = _free_name(connection, claims, config, issuer, subject)
        weergavenaam = claims.get(config.weergavenaam_claim)
        # The account has a password nobody knows: it signs in only through the provider.
        user = add_user(connection, actor, naam=naam, rol=rule.rol, wachtwoord=secrets.token_urlsafe(32),
                        organisatie=rule.organisatie, weergavenaam=str(weergavenaam) if weergavenaam else None)
        connection.execute(insert(table("sso_koppelingen")), [{
            "issuer": issuer, "subject": subject, "gebruiker": naam, "aangemaakt": now.isoformat(),
            "laatst_aangemeld": now.isoformat()}])
        audit.append(connection, context.event(Actie.GEBRUIKERSBEHEER, f"gebruikers/{naam}",
                                               nieuw={"issuer": issuer, "subject": subject},
                                               toelichting="gekoppeld aan een account bij de aanmeldvoorziening"))
        return user
    found = get_user(connection, naam)
    assert found is not None  # the link's foreign key keeps the account
    user = found
    if user.rol is not rule.rol or user.organisatie != rule.organisatie:
        user = set_role(connection, actor, naam, rule.rol, rule.organisatie)
    links = table("sso_koppelingen")
    connection.execute(update(links).where(links.c.issuer == issuer, links.c.subject == subject)
                       .values(laatst_aangemeld=now.isoformat()))
    return user


def record_failure(engine: Engine, context: AuditContext, reden: str) -> None:
    """A sign-in that did not reach the provider's answer (unreachable, cancelled, a stale state)."""
    with write_transaction(engine) as connection:
        audit.append(connection, context.event(Actie.AANMELDEN, "sso", Resultaat.MISLUKT, toelichting=reden))


def sign_out_url(provider: Provider, id_token: str | None, post_logout_redirect_uri: str) -> str | None:
    """Where to end the session at the provider too (RP-initiated logout); None if it has no such endpoint."""
    endpoint = provider.metadata().get("end_session_endpoint")
    if not endpoint:
        return None
    query = {"client_id": provider.config.client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
    if id_token:
        query["id_token_hint"] = id_token
    return endpoint + ("&" if "?" in endpoint else "?") + urlencode(query)
