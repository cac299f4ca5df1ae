"""Forms for reporting tickets (resident, patrol), rating them, and the
organisation's own steps on tickets assigned to it."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lib.limits import TEXT, ClearLengthErrors
from lib.uploads import check_photo
from lib.validators import normalise_phone, validate_phone
from orgs.models import Area, AreaLevel

from .models import Ticket

MAX_PHOTOS = 4
MAX_PHOTO_BYTES = 8 * 1024 * 1024


def validate_photo_size(photo):
    if photo and photo.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("%(name)s is larger than 8 MB; send a smaller photo.") % {"name": photo.name}
        )


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.ImageField):
    """Up to MAX_PHOTOS photos in one file input; each checked as an image."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("Up to %(count)d photos, 8 MB each.") % {"count": MAX_PHOTOS}
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("Send at most %(count)d photos.") % {"count": MAX_PHOTOS})
        photos = [super(PhotosField, self).clean(item, initial) for item in files]
        for photo in photos:
            validate_photo_size(photo)
            check_photo(photo)
        return photos


class PhotoField(forms.ImageField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("validators", [validate_photo_size, check_photo])
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/*"}))
        kwargs.setdefault("help_text", _("One photo, up to 8 MB."))
        super().__init__(*args, **kwargs)


class _TicketForm(forms.ModelForm):
    photos = PhotosField(label=_("Photos of the problem"))

    class Meta:
        model = Ticket
        fields = ["category", "description", "location", "latitude", "longitude"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "latitude": forms.HiddenInput,
            "longitude": forms.HiddenInput,
        }

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError(_("Give both the latitude and the longitude, or neither."))
        return data


class PublicTicketForm(ClearLengthErrors, _TicketForm):
    """The resident's own report: no account; a honeypot field for robots."""

    website = forms.CharField(required=False, widget=forms.HiddenInput, label="")

    class Meta(_TicketForm.Meta):
        fields = ["community", *_TicketForm.Meta.fields, "resident_name", "resident_phone"]
        labels = {
            "community": _("Your community"),
            "category": _("Kind of problem"),
            "description": _("What is the problem?"),
            "location": _("Where is it?"),
            "resident_name": _("Your name"),
            "resident_phone": _("Your phone"),
        }
        help_texts = {
            "location": _("A building, a street corner, a landmark."),
            "resident_phone": _(
                "The community may call you about it; it is not shown to anyone else."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = (
            Area.objects.filter(level=AreaLevel.COMMUNITY).select_related("parent").order_by("code")
        )
        self.fields["community"].label_from_instance = lambda area: (
            f"{area.parent.name} {area.name}"
        )
        self.fields["resident_name"].required = True
        self.fields["resident_phone"].required = True
        # On a phone: the digit keypad, and the browser may offer the number.
        self.fields["resident_name"].widget.attrs.update(autocomplete="name")
        self.fields["resident_phone"].widget.attrs.update(inputmode="tel", autocomplete="tel")

    def clean_resident_phone(self):
        phone = normalise_phone(self.cleaned_data.get("resident_phone", ""))
        validate_phone(phone)
        return phone


class PatrolTicketForm(_TicketForm):
    """Found on patrol by a grid member, or by an organisation's member."""

    class Meta(_TicketForm.Meta):
        fields = ["grid", *_TicketForm.Meta.fields]
        labels = {
            "category": _("Kind of problem"),
            "description": _("What was found"),
            "location": _("Where"),
        }

    def __init__(self, *args, grids, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["grid"]
        field.queryset = grids.select_related("community")
        field.required = True
        field.empty_label = None if grids.count() == 1 else field.empty_label


class RatingForm(ClearLengthErrors, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with how it was resolved?"),
        choices=[
            (5, _("5 — very satisfied")),
            (4, _("4 — satisfied")),
            (3, _("3 — basically satisfied")),
            (2, _("2 — not satisfied")),
            (1, _("1 — not at all satisfied")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to add?"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("How it was resolved"),
        max_length=TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = PhotoField(label=_("Photo of the result"))


class HoldForm(forms.Form):
    reason = forms.CharField(label=_("Why it waits"), max_length=200)
