"""The residents' API bodies, declared so the OpenAPI schema documents them."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class ResidentCodeRequestSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20, help_text=_("An 11-digit mainland mobile number."))


class ResidentCodeSentSerializer(serializers.Serializer):
    detail = serializers.CharField()
    expires_in = serializers.IntegerField(help_text=_("Seconds the code works for."))
    resend_in = serializers.IntegerField(
        help_text=_("Seconds before another code may be asked for.")
    )


class ResidentTokenRequestSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20)
    code = serializers.CharField(max_length=12)


class ResidentTokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text=_("Send it as the header `Authorization: Resident <token>`.")
    )
    expires_in = serializers.IntegerField(help_text=_("Seconds the token works for."))


class ResidentReportSerializer(serializers.Serializer):
    """One ticket or need: follow it by its tracking token (GET
    /api/v1/public/tickets/{token}/ for a ticket); rate a resolved ticket by
    its rating token (POST /api/v1/public/ratings/)."""

    kind = serializers.ChoiceField(choices=["ticket", "need"])
    id = serializers.IntegerField()
    what = serializers.CharField()
    community = serializers.CharField()
    sent_at = serializers.DateTimeField()
    status = serializers.CharField()
    status_display = serializers.CharField()
    tracking_token = serializers.CharField()
    rating_token = serializers.CharField(allow_null=True, required=False)


class ResidentReportsSerializer(serializers.Serializer):
    tickets = ResidentReportSerializer(many=True)
    needs = ResidentReportSerializer(many=True)
