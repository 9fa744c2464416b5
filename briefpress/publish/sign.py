"""Signed originals: a PAdES signature (pyHanko) added to a built PDF or a stamped copy.

The signature is an incremental update: the signed file starts with the original's bytes, so its
outline, tags, attachments and conformance stay as they were. It is written beside the original as
``<stem>-signed.pdf`` and listed in the manifest with the signer and the hash of the file signed.
``signatures`` reads them back for ``inspect``: intact or not, who signed, and whether a given
certificate authority vouches for the signer.
"""
from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BriefError, Location
from . import manifest
from .output import locked, publish
from .stamp import check_readable

MAX_PEM_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Signature:
    field: str
    signer: str
    intact: bool  # the signed bytes are unchanged
    trusted: bool | None  # the signer's certificate chains to a given authority (None: none was given)
    signed_at: str | None
    covers_whole_file: bool


def signed_path(source: Path) -> Path:
    return source.with_name(f"{source.stem}-signed.pdf")


def _pem(path: Path, what: str) -> bytes:
    if not path.is_file():
        raise BriefError.at(Location.of(path), f"{what} not found")
    data = path.read_bytes()[: MAX_PEM_BYTES + 1]
    if len(data) > MAX_PEM_BYTES:
        raise BriefError.at(Location.of(path), f"{what} is over {MAX_PEM_BYTES:,} bytes: not a key or certificate")
    return data


def _signer(key: Path, cert: Path, chain: list[Path], passphrase: bytes | None) -> Any:
    """pyHanko's signer for the key and certificate, once they are known to belong together."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign import signers

    key_data, cert_data = _pem(key, "key"), _pem(cert, "certificate")
    chain_data = [_pem(path, "certificate") for path in chain]
    try:
        private = serialization.load_pem_private_key(key_data, password=passphrase)
    except (ValueError, TypeError) as error:
        reason = "it needs a passphrase (--passphrase-env)" if "password" in str(error).lower() else str(error)
        raise BriefError.at(Location.of(key), f"not a readable private key: {reason}") from None
    certificates = []
    for path, data in [(cert, cert_data), *zip(chain, chain_data, strict=True)]:
        try:
            certificates.append(x509.load_pem_x509_certificate(data))
        except ValueError as error:
            raise BriefError.at(Location.of(path), f"not a readable PEM certificate: {error}") from None
    certificate = certificates[0]
    raw = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if private.public_key().public_bytes(*raw) != certificate.public_key().public_bytes(*raw):
        raise BriefError.at(Location.of(key), f"the key does not match the certificate {cert} "
                                              f"({certificate.subject.rfc4514_string()})")
    signer = signers.SimpleSigner.load(str(key), str(cert), ca_chain_files=tuple(str(p) for p in chain),
                                       key_passphrase=passphrase)
    if signer is None:
        raise BriefError.at(Location.of(key), "the key and certificate cannot be used to sign")
    return signer, _name(certificate.subject)


def _name(subject: Any) -> str:
    """'Jane Signer (Test Org)': the certificate's common name and organisation."""
    from cryptography.x509.oid import NameOID

    def first(oid: Any) -> str:
        found = subject.get_attributes_for_oid(oid)
        return str(found[0].value) if found else ""

    common, organisation = first(NameOID.COMMON_NAME), first(NameOID.ORGANIZATION_NAME)
    return f"{common} ({organisation})" if common and organisation else common or organisation or subject.rfc4514_string()


def sign_pdf(original: bytes, signer: Any) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(original), strict=False)
    details = signers.PdfSignatureMetadata(field_name="Signature", subfilter=fields.SigSeedSubFilter.PADES,
                                           md_algorithm="sha256")
    return bytes(signers.sign_pdf(writer, details, signer=signer).getvalue())


def sign(source: Path, key: Path, cert: Path, chain: list[Path], passphrase: bytes | None = None) -> tuple[Path, str]:
    """Write the signed copy of ``source`` beside it and list it in the manifest there, if there is one."""
    if not source.is_file():
        raise BriefError.at(Location.of(source), "no such file")
    original = source.read_bytes()
    check_readable(source, original)
    signer, name = _signer(key, cert, chain, passphrase)
    data = sign_pdf(original, signer)
    target, folder = signed_path(source), source.parent
    with locked(folder):
        listing = manifest.read(folder)
        files = {target.name: data}
        if listing is not None:
            listed = listing.find(source.name)
            details = {"source": source.name, "source_sha256": hashlib.sha256(original).hexdigest(), "signer": name}
            listing.replace(manifest.Entry.of(target.name, data, listed.pages if listed else None,
                                              listed.variant if listed else None, listed.copy if listed else None,
                                              signature=details))
            files[manifest.NAME] = listing.to_bytes()
        publish(folder, files, lock=False)
    return target, name


def signatures(data: bytes, trust: Sequence[Path] = ()) -> list[Signature]:
    """Every signature in the PDF, checked (offline: nothing is fetched to check revocation)."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(path)) for path in trust],
                                allow_fetching=False)
    found = []
    for embedded in reader.embedded_signatures:
        status = validate_pdf_signature(embedded, context)
        when = status.signer_reported_dt.isoformat() if status.signer_reported_dt else None
        found.append(Signature(embedded.field_name, status.signing_cert.subject.human_friendly,
                               bool(status.intact and status.valid), bool(status.trusted) if trust else None, when,
                               status.coverage is not None and status.coverage.name == "ENTIRE_FILE"))
    return found
