"""How long a login token lasts unless configured (`auth.tokenLifetime`), apart from the token
code so settings can name it without importing PyJWT."""

from datetime import timedelta

DEFAULT_TOKEN_LIFETIME = timedelta(minutes=30)
