"""Session limits and response caching for pages that carry personal data."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

SIGNED_OUT_IDLE = _("Anda telah keluar otomatis karena tidak ada aktivitas selama %(minutes)d menit. Silakan masuk lagi.")
SIGNED_OUT_DAY = _("Anda telah keluar otomatis karena sudah %(hours)d jam sejak masuk (batas satu hari kerja). "
                   "Silakan masuk lagi.")

SESSION_LOGIN_AT = "tps_login_at"
SESSION_SEEN_AT = "tps_seen_at"
# Last activity is written at most once a minute, not on every request (a session write each).
ACTIVITY_RESOLUTION_SECONDS = 60


class NoStoreMiddleware:
    """Every response of the application's views may carry personal data (NIK, criminal status):
    no browser or proxy may keep a copy. Static files are served above this by whitenoise."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


class SessionLimitsMiddleware:
    """Signs the user out after TPS_SESSION_IDLE_MINUTES without a request, and at the latest
    TPS_SESSION_MAX_HOURS after signing in, with a message on the sign-in page saying why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    @staticmethod
    def check(request: HttpRequest) -> None:
        now = int(timezone.now().timestamp())
        session = request.session
        login_at = session.get(SESSION_LOGIN_AT)
        seen_at = session.get(SESSION_SEEN_AT)
        if login_at is None or seen_at is None:  # signed in before this middleware existed, or by force_login
            session[SESSION_LOGIN_AT] = login_at = now if login_at is None else login_at
            session[SESSION_SEEN_AT] = seen_at = now
        idle = settings.TPS_SESSION_IDLE_MINUTES
        day = settings.TPS_SESSION_MAX_HOURS
        if now - login_at >= day * 3600:
            reason = SIGNED_OUT_DAY % {"hours": day}
        elif now - seen_at >= idle * 60:
            reason = SIGNED_OUT_IDLE % {"minutes": idle}
        else:
            if now - seen_at >= ACTIVITY_RESOLUTION_SECONDS:
                session[SESSION_SEEN_AT] = now
            return
        logout(request)
        messages.warning(request, reason)

