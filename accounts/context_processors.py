from accounts.access import area_of


def role(request):
    return {"area": area_of(request.user)} if hasattr(request, "user") else {}
