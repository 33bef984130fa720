"""Views of the accounts app that Django's own do not cover: the 500 page."""

import logging

from django.http import HttpRequest, HttpResponseServerError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("tps_khusus.security")

# Used when even the template cannot be rendered (e.g. a broken static manifest): plain and safe.
SERVER_ERROR_FALLBACK = "<!doctype html><html lang=\"id\"><title>{title}</title><h1>{title}</h1><p>{text}</p></html>"


def server_error(request: HttpRequest) -> HttpResponseServerError:
    """handler500: renders 500.html with no request context (nothing about the request or the
    user that could fail again or leak), and a plain page if that fails too."""
    try:
        return HttpResponseServerError(render_to_string("500.html"))
    except Exception:
        logger.exception("The 500 page could not be rendered")
        return HttpResponseServerError(SERVER_ERROR_FALLBACK.format(
            title=_("Terjadi kesalahan pada server"),
            text=_("Maaf, terjadi kesalahan di pihak kami dan sudah dicatat. Coba lagi beberapa saat lagi; "
                   "jika terus berulang, hubungi admin.")))
