"""Signed originals: a test certificate authority and signer, a PAdES signature, checked by pyHanko."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import run_cli
from pypdf import PdfReader

SLUG = "iraq-us-relations"


def _certificates(folder: Path) -> dict[str, Path]:
    """A CA, a signer it certifies, and a stranger's key: PEM files in ``folder``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def name(common: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test Signing Office")])

    def usage(**allowed: bool) -> x509.KeyUsage:
        names = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment", "key_agreement",
                 "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
        return x509.KeyUsage(**{key: allowed.get(key, False) for key in names})

    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    ca_key, key, stranger = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    ca = (x509.CertificateBuilder().subject_name(name("Test CA")).issuer_name(name("Test CA"))
          .public_key(ca_key.public_key()).serial_number(1).not_valid_before(start)
          .not_valid_after(start + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(usage(digital_signature=True, key_cert_sign=True, crl_sign=True), critical=True)
          .sign(ca_key, hashes.SHA256()))
    cert = (x509.CertificateBuilder().subject_name(name("Jane Signer")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(2).not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=30))
            .add_extension(usage(digital_signature=True, content_commitment=True), critical=True)
            .sign(ca_key, hashes.SHA256()))
    files = {"ca": ca.public_bytes(serialization.Encoding.PEM), "cert": cert.public_bytes(serialization.Encoding.PEM)}
    for label, private in (("key", key), ("stranger", stranger)):
        files[label] = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption())
    paths = {}
    for label, data in files.items():
        paths[label] = folder / f"{label}.pem"
        paths[label].write_bytes(data)
    return paths


@pytest.fixture
def signing(tmp_path: Path, built_brief: Path) -> tuple[Path, dict[str, Path]]:
    dist = tmp_path / "dist"
    shutil.copytree(built_brief, dist)
    return dist, _certificates(tmp_path)


def test_a_signed_copy_keeps_the_original_and_validates(signing):
    from briefpress.publish.sign import signatures

    dist, pem = signing
    source = dist / f"{SLUG}.pdf"
    result = run_cli("sign", source, "--key", pem["key"], "--cert", pem["cert"], "--chain", pem["ca"])
    assert result.status == 0, result.stderr
    signed = dist / f"{SLUG}-signed.pdf"
    assert result.stdout == f"{signed}  signed by Jane Signer (Test Signing Office)\n"
    original, data = source.read_bytes(), signed.read_bytes()
    assert data.startswith(original)  # an incremental update: every byte of the original comes first
    found = signatures(data, [pem["ca"]])
    assert [(s.field, s.intact, s.trusted, s.covers_whole_file) for s in found] == [("Signature", True, True, True)]
    assert "Jane Signer" in found[0].signer
    assert signatures(data)[0].trusted is None  # no authority given: trust is not claimed either way
    before, after = PdfReader(source), PdfReader(signed)
    assert [o.title for o in after.outline if not isinstance(o, list)] == \
        [o.title for o in before.outline if not isinstance(o, list)]
    assert "/StructTreeRoot" in after.trailer["/Root"] and len(after.attachments) == len(before.attachments)
    entries = {e["path"]: e for e in json.loads((dist / "manifest.json").read_text(encoding="utf-8"))["outputs"]}
    assert entries[signed.name]["signature"] == {"source": source.name, "signer": "Jane Signer (Test Signing Office)",
                                                 "source_sha256": hashlib.sha256(original).hexdigest()}
    report = run_cli("inspect", signed, "--trust", pem["ca"]).stdout
    assert "signatures:\n  Signature  intact, trusted; signed by" in report


def test_a_byte_changed_after_signing_is_reported(signing):
    dist, pem = signing
    source = dist / f"{SLUG}.pdf"
    assert run_cli("sign", source, "--key", pem["key"], "--cert", pem["cert"]).status == 0
    signed = dist / f"{SLUG}-signed.pdf"
    data = bytearray(signed.read_bytes())
    at = data.index(b"/Title", 200)
    data[at + 8] ^= 0x01  # inside the original's bytes, which the signature covers
    signed.write_bytes(bytes(data))
    report = run_cli("inspect", signed, "--trust", pem["ca"]).stdout
    assert "Signature  NOT INTACT: the file changed after it was signed" in report


def test_a_stamped_copy_can_be_signed(signing):
    dist, pem = signing
    assert run_cli("stamp", dist / f"{SLUG}.pdf", "--recipient", "Jane Doe", "--of", "2").status == 0
    copy = dist / f"{SLUG}-copy-1.pdf"
    assert run_cli("sign", copy, "--key", pem["key"], "--cert", pem["cert"]).status == 0
    signed = dist / f"{SLUG}-copy-1-signed.pdf"
    assert signed.read_bytes().startswith(copy.read_bytes())
    assert "Prepared for Jane Doe" in PdfReader(signed).pages[0].extract_text()


@pytest.mark.parametrize(("which", "message"), [
    ("stranger", "{key}: the key does not match the certificate {cert} (O=Test Signing Office,CN=Jane Signer)"),
    ("missing", "{key}: key not found"),
    ("garbage", "{key}: not a readable private key: "),
])
def test_a_key_that_cannot_sign_is_refused_and_nothing_is_written(signing, which: str, message: str):
    dist, pem = signing
    key = pem["stranger"] if which == "stranger" else pem["key"].with_name(f"{which}.pem")
    if which == "garbage":
        key.write_text("not a key\n")
    before = sorted(p.name for p in dist.iterdir())
    result = run_cli("sign", dist / f"{SLUG}.pdf", "--key", key, "--cert", pem["cert"])
    assert result.status == 1
    assert result.stderr.startswith(message.format(key=key, cert=pem["cert"]))
    assert sorted(p.name for p in dist.iterdir()) == before
