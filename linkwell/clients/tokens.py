"""Bearer tokens for API clients. Pure: no database.

A token is 32 random bytes (43 URL-safe characters), so a fast unsalted hash is enough: nobody can guess
one, and a hash lets us find the client by indexed look-up instead of trying every stored secret.
"""

import hashlib
import hmac
import secrets

PREFIX_LENGTH = 8


def generate_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_prefix(token: str) -> str:
    return token[:PREFIX_LENGTH]


def verify_token(token: str, token_hash: str) -> bool:
    # Constant time, so response timing says nothing about how much of a hash matched.
    return hmac.compare_digest(hash_token(token), token_hash)
