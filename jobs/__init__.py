"""Background jobs: work too long for a web request (an export larger than one facility), run by the
task worker and handed back to the one user who asked.

The engine is django-tasks with its database backend (django-tasks-db): the queue is a table in the
product's own database, so there is no extra service, and every app server and worker sees the same
queue. `manage.py db_worker` runs the tasks (docs/deploy.md).

This app sits low in the layers (just above the ground helpers) and knows no domain app. An app
offers a kind of job by registering it in a module named `tasks` (found at start-up, in the web
processes and in the worker alike):

    # myapp/tasks.py
    from jobs import kinds

    def run_thing(run: kinds.Run) -> kinds.Output:
        run.set_total(1000)                      # rows expected (optional)
        ...                                      # run.progress(rows_written) now and then
        return kinds.Output(stream=workbook, filename="thing.xlsx", rows=1000,
                            log=lambda: ...)     # written with the file, in one transaction

    THING = kinds.register("myapp.thing", label=_("Berkas sesuatu"), run=run_thing)

and a view hands the request to `jobs.views.offer(request, kind=..., params=..., label=..., ...)`:
a GET shows what will be made and the user's earlier files of that kind, a POST queues the job
(`jobs.services.job_start`) and sends the user to its page, which shows progress and then the
download. `run.user` is the user who asked; the kind scopes its data through accounts.access as
that user, at the time the job runs. `kinds.JobFailed(message)` ends a job with a message for the
user. The file is kept in the storage `settings.TPS_EXPORT_STORAGE` for its requester alone (404
for anyone else) for `settings.TPS_EXPORT_KEEP_HOURS`, then deleted (by the worker after each job,
and by `manage.py purge_jobs`).
"""
