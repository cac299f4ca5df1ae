from .accounts import User
from .organisations import Organisation
from .territory import Area, AreaLevel

__all__ = ["Area", "AreaLevel", "Organisation", "User"]
