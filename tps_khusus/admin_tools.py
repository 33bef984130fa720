"""Admin building blocks shared by the apps."""


class ReadOnlyMixin:
    """Rows written by the services or loaded from reference files (events, imports, locked lists,
    registrations, regions): the admin shows them and never edits or deletes them, so the rules
    those services enforce cannot be bypassed here."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
