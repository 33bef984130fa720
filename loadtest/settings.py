"""The production settings served over plain HTTP on 127.0.0.1 for `make loadtest`: DEBUG stays off, but
there is no TLS proxy in front, so no redirect to https and cookies that travel over http."""

from tps_khusus.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["127.0.0.1"]
