"""gunicorn for `make loadtest`: the application loaded once in the master and the region codes read
before the workers fork, so no worker spends its first requests on them (what a deployment would
want too; docs/performance.md)."""

preload_app = True


def when_ready(server):
    from django.db import connections

    from regions import reference

    reference.warm()
    connections.close_all()  # a connection of the master must not be shared by the forked workers
