from django.contrib import messages

from inmates.signals import collect_feedback


class RegistryFeedbackMiddleware:
    """Show the user what their registry change did elsewhere (e.g. to voter lists)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with collect_feedback() as notes:
            response = self.get_response(request)
        for note in dict.fromkeys(notes):  # once each, in order
            messages.info(request, note)
        return response
