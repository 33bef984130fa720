"""Sign-in lock-out (django-axes hooks) and the log line of every failed sign-in.

Settings: TPS_LOGIN_FAILURES failures for one user name, or from one IP address, within
TPS_LOGIN_COOLOFF_MINUTES lock that name or address until TPS_LOGIN_COOLOFF_MINUTES have passed
since the last failure (axes counts the failures made while locked too, so trying on pushes the
end back). Admins unlock by deleting the row in the admin ("Access attempts") or with
`manage.py axes_reset_username NAME`, `axes_reset_ip IP`, `axes_reset`.
"""

import logging
from datetime import datetime, timedelta

from axes.helpers import get_client_parameters, get_client_user_agent, get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.middleware import SESSION_LOGIN_AT, SESSION_SEEN_AT

logger = logging.getLogger("tps_khusus.security")

LOCKED_OUT = _(
    "Terlalu banyak percobaan masuk yang gagal, jadi akun ini atau alamat jaringan ini dikunci sementara. "
    "Anda dapat mencoba lagi %(when)s (%(wait)s lagi). Setiap percobaan sebelum itu memperpanjang kunci. "
    "Jika mendesak, minta admin membuka kunci."
)
LOCKED_OUT_TITLE = _("Masuk dikunci sementara")
USERNAME_LOG_LIMIT = 150


def login_cool_off(request: HttpRequest | None = None) -> timedelta:
    """AXES_COOLOFF_TIME: read on every request, so the setting can change without a restart of axes."""
    return timedelta(minutes=settings.TPS_LOGIN_COOLOFF_MINUTES)


def client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: REMOTE_ADDR, or behind TPS_PROXY_COUNT proxies the address the
    outermost of them saw (the proxies append to X-Forwarded-For; what a client sent comes first
    and is not trusted)."""
    proxies = settings.TPS_PROXY_COUNT
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def locked_until(request: HttpRequest, credentials: dict | None) -> datetime:
    """When the lock that stopped this sign-in ends: for each lock-out parameter (user name, IP
    address) over the limit, the moment enough of its recent failures have aged past the cool-off."""
    now = timezone.now()
    cool_off = login_cool_off(request)
    limit = settings.AXES_FAILURE_LIMIT
    until = now
    parameters = get_client_parameters(
        get_client_username(request, credentials), client_ip(request), get_client_user_agent(request), request, credentials
    )
    for filters in parameters:
        rows = list(AccessAttempt.objects.filter(**filters, attempt_time__gte=now - cool_off)
                    .order_by("attempt_time").values_list("attempt_time", "failures_since_start"))
        remaining = sum(failures for _time, failures in rows)
        for attempt_time, failures in rows:
            if remaining < limit:
                break
            remaining -= failures
            until = max(until, attempt_time + cool_off)
    return until if until > now else now + cool_off


def locked_out_message(until: datetime) -> str:
    now = timezone.now()
    local = timezone.localtime(until)
    if local.date() == timezone.localtime(now).date():
        when = _("pukul %(time)s") % {"time": local.strftime("%H:%M %Z")}
    else:
        when = _("pada %(date)s pukul %(time)s") % {"date": date_format(local.date(), "j F Y"),
                                                     "time": local.strftime("%H:%M %Z")}
    minutes = max(1, -(-int((until - now).total_seconds()) // 60))  # rounded up
    wait = ngettext("%(count)d menit", "%(count)d menit", minutes) % {"count": minutes}
    return LOCKED_OUT % {"when": when, "wait": wait}


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None,
               credentials: dict | None = None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the lock-out page, for the site sign-in and the admin's alike."""
    message = locked_out_message(locked_until(request, credentials))
    return render(request, "accounts/locked_out.html", {"message": message, "title": LOCKED_OUT_TITLE,
                                                        "login_path": request.path},
                  status=settings.AXES_HTTP_RESPONSE_CODE)


@receiver(user_login_failed)
def log_failed_login(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    """One warning line per failed sign-in: the user name tried and the address, never the password."""
    username = str(credentials.get("username") or "")[:USERNAME_LOG_LIMIT]
    address = client_ip(request) if request is not None else None
    path = request.path if request is not None else None
    logger.warning("Failed sign-in: username=%r ip=%s path=%s", username, address, path)


@receiver(user_locked_out)
def log_locked_out(sender, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs) -> None:
    logger.warning("Sign-in locked: username=%r ip=%s", str(username or "")[:USERNAME_LOG_LIMIT], ip_address)


@receiver(user_logged_in)
def record_login(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """The working day of a session counts from here (accounts.middleware.SessionLimitsMiddleware)."""
    if request is not None and hasattr(request, "session"):
        now = int(timezone.now().timestamp())
        request.session[SESSION_LOGIN_AT] = now
        request.session[SESSION_SEEN_AT] = now
