"""The one task the engine runs: a job, by its id. The kinds of job live in the apps' `tasks`
modules (jobs.kinds); the engine only ever stores `jobs.tasks.run_job` and the job's id."""

from django_tasks import task

from jobs import services


@task()
def run_job(job_id: str) -> str:
    return services.job_run(job_id=job_id)
