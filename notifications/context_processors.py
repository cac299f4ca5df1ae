from django.utils.functional import SimpleLazyObject


def unread_notifications(request):
    """The header's unread count, queried only when a page shows it."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: user.notifications.unread().count())}
