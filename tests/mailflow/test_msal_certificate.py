"""Entra ID sign-in by certificate through msal (issue 11), against the authlib token server
standing in for Entra ID over TLS: msal reads the tenant's OpenID configuration, signs a client
assertion (RFC 7523) with the app's private key and the certificate's thumbprint, and the
server checks it with the certificate's public key. A revoked app is refused plainly."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from mailconn.tokens import OAuthConfig, TokenError, make_token_source

from .oauthserver import OAuthServer
from .servers import make_certificate

MAILBOX = "attendance@oxfordshire.gov.uk"


def app_certificate(folder: Path) -> tuple[Path, str, str]:
    """The app's own key and self-signed certificate (as uploaded to the app registration):
    a PEM holding both, the SHA-1 thumbprint, and the public key."""
    key, cert = folder / "app-key.pem", folder / "app-cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=rtt-intake"],
        check=True, capture_output=True,
    )
    certificate = x509.load_pem_x509_certificate(cert.read_bytes())
    both = folder / "app.pem"
    both.write_text(key.read_text() + cert.read_text())
    thumbprint = certificate.fingerprint(hashes.SHA1()).hex().upper()  # Entra's x5t is SHA-1
    public = certificate.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()
    return both, thumbprint, public


@pytest.fixture
def entra(tmp_path: Path) -> Iterator[tuple[OAuthServer, Path]]:
    tls_cert, tls_key = make_certificate(tmp_path)
    server = OAuthServer(tls=(tls_cert, tls_key))
    server.start()
    yield server, tls_cert
    server.stop()


def test_msal_signs_in_with_a_certificate_and_a_revoked_app_is_refused(
    tmp_path: Path, entra: tuple[OAuthServer, Path]
) -> None:
    server, ca = entra
    pem, thumbprint, public = app_certificate(tmp_path)
    app = server.add_certificate_client("rtt-app", MAILBOX, public)
    resource = server.add_client("exchange", resource_server=True)
    config = OAuthConfig(
        client_id=app.client_id,
        scope="https://outlook.office365.com/.default",
        tenant_id=server.tenant,
        cert_file=pem,
        cert_thumbprint=thumbprint,
        ca_file=ca,
        authority_host=server.base_url,
    )
    tokens = make_token_source(config)
    token = tokens.token()
    found = server.introspect(token, resource)
    assert found["active"] is True and found["username"] == MAILBOX and found["client_id"] == "rtt-app"
    assert tokens.token() == token, "msal's token is cached"
    app.revoked = True
    tokens.invalidate()
    with pytest.raises(TokenError) as refused:
        tokens.token()
    assert refused.value.refused and "invalid_client" in str(refused.value)
    assert thumbprint not in str(refused.value) and "PRIVATE KEY" not in str(refused.value)


def test_a_key_that_is_not_the_registered_certificates_is_refused(
    tmp_path: Path, entra: tuple[OAuthServer, Path]
) -> None:
    server, ca = entra
    (tmp_path / "registered").mkdir()
    (tmp_path / "other").mkdir()
    _, _, public = app_certificate(tmp_path / "registered")
    other_pem, other_thumbprint, _ = app_certificate(tmp_path / "other")
    server.add_certificate_client("rtt-app", MAILBOX, public)
    config = OAuthConfig(
        client_id="rtt-app", scope="s", tenant_id=server.tenant, cert_file=other_pem,
        cert_thumbprint=other_thumbprint, ca_file=ca, authority_host=server.base_url,
    )
    with pytest.raises(TokenError) as refused:
        make_token_source(config).token()
    assert refused.value.refused and "invalid_client" in str(refused.value)
