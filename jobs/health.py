"""`/sehat/`: is this app server able to serve? For the load balancer and monitoring.

200 with the database's state and the task queue's (jobs waiting and running, the age of the
oldest waiting one); 503 when the database cannot be reached or queried. No sign-in needed and
nothing personal: counts only.

A small view rather than django-health-check: the queue's age needs a check of our own in either
case, and the database's needs one query; the package would add an app, its pages and its own
output format for that, and one more dependency to keep pinned.
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from jobs import selectors

logger = logging.getLogger(__name__)


@login_not_required
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check: database unreachable: %s", error)
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    try:
        queue = selectors.queue_state()
    except DatabaseError as error:  # reachable, but not migrated or broken
        logger.warning("Health check: database error: %s", error)
        return JsonResponse({"status": "error", "database": "error"}, status=503)
    return JsonResponse({
        "status": "ok", "database": "ok",
        "tasks": {"queued": queue.queued, "running": queue.running,
                  "oldest_queued_seconds": queue.oldest_queued_seconds(timezone.now())},
    })
