from .roles import Role


def roles(request):
    """`Role` for templates, so a page says `Role.ORG_LEADER`, never the stored value."""
    return {"Role": Role}
