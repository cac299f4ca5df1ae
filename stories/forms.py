from django import forms
from django.utils.translation import gettext_lazy as _

from lib.limits import ClearLengthErrors
from lib.uploads import check_photo

from .models import Story


class DraftForm(ClearLengthErrors, forms.ModelForm):
    """A leader's draft about their own organisation (the cover may be
    added only when the draft is first sent)."""

    class Meta:
        model = Story
        fields = ["kind", "title", "summary", "body", "cover"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2}), "body": forms.Textarea}

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["cover"]
        else:
            self.fields["cover"].validators = [check_photo]
            self.fields["cover"].help_text = _("A photo (JPEG, PNG or WebP), optional.")

    def _post_clean(self):
        # The service checks and saves the row: the form checks the fields only.
        pass
