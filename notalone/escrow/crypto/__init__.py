"""The escrow's cryptography (ESCROW.md), free of Django.

Modules: ``oprf`` (RFC 9497), ``threshold`` (t-of-n guardians), ``entry`` (ESCROW.md §2-3),
``keyfile`` (the counselor's key pair) and ``errors``. Only ``_ristretto`` touches libsodium.
"""
