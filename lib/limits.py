"""How long free text may be, declared once and used by model fields (and
through them by model forms, the admin and DRF model serializers) and by the
few plain forms and serializers that are not built from a model.

Limits a resident or an officer never meets in honest use, and that keep a
page of twenty tickets in the API to tens of kilobytes: an outside test sent
4.9 MB descriptions, and eleven of them made one page of the staff list 51 MB.
The API answers with DRF's message ("请确保这个字段不能超过 2000 个字符。"), the
staff's forms with Django's, and the forms residents fill with the plainer
sentence of `ClearLengthErrors`.
"""

from django.utils.translation import gettext as _

NAME = 50  # a person's name (the models' CharFields already say so)
COMMENT = 500  # a reason, a short note
TEXT = 2000  # a description, a note, a resolution: what a resident or officer types
DOCUMENT = 10000  # a proposal, a call text, a review's findings: pasted from a document


class ClearLengthErrors:
    """For forms residents fill: a text past its limit is refused with a
    sentence a resident reads at once ("最多 2000 字，现在有 2001 字。")
    instead of Django's "确保该变量包含不超过 2000 字符"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                # Shown beside the field, whose label says what it is.
                field.error_messages["max_length"] = _(
                    "At most {limit} characters; this has %(show_value)d."
                ).format(limit=field.max_length)
