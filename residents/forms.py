from django import forms
from django.utils.translation import gettext_lazy as _


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Your mobile number"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "type": "tel",
                "inputmode": "tel",
                "autocomplete": "tel",
                "maxlength": 20,
                "class": "resident-input",
            }
        ),
        help_text=_("We send a 6-digit code to this number by text message."),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("The code in the text message"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9]*",
                "maxlength": 12,
                "class": "resident-input",
            }
        ),
    )
