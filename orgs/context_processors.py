from django.utils.functional import SimpleLazyObject

from lib import todos as workbench

from .roles import Role


def roles(request):
    """`Role` for templates, so a page says `Role.ORG_LEADER`, never the stored value."""
    return {"Role": Role}


def todos(request):
    """What waits for the account (lib/todos.py), gathered at most once a
    request and only by a page that shows it: the home page and the admin
    index list it; the header shows its count, which the other pages take
    from the count those two kept (lib.todos.COUNT_SECONDS), never asking."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {
        "todos": SimpleLazyObject(lambda: workbench.for_request(request)),
        "todo_count": SimpleLazyObject(lambda: workbench.count_for_request(request)),
    }
