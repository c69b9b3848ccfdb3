"""The escrow's cryptography (docs/ESCROW_PROTOCOL.md), free of Django.

Modules: ``oprf`` (RFC 9497), ``threshold`` (t-of-n guardians), ``entry`` (§5, §10),
``keyfile`` (the counselor's key pair) and ``errors``. Only ``_ristretto`` touches libsodium.
"""
