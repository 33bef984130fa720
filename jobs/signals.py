"""A job's file goes when its row goes (purge, or the requester's account deleted)."""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from jobs.models import Job


@receiver(post_delete, sender=Job)
def delete_file(sender, instance: Job, **kwargs) -> None:
    instance.delete_file()
