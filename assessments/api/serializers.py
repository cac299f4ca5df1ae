from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Level
from ..models.surveys import COMMENT_LENGTH


class ChoiceSerializer(serializers.Serializer):
    value = serializers.IntegerField(help_text=_("The answer's score out of 100."))
    label = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    field = serializers.CharField(help_text=_("The answer's field: q1, q2 or q3."))
    text = serializers.CharField()
    choices = ChoiceSerializer(many=True)


class SurveySerializer(serializers.Serializer):
    """The survey as a resident sees it."""

    organisation = serializers.IntegerField()
    organisation_name = serializers.CharField()
    year = serializers.IntegerField()
    open = serializers.BooleanField(help_text=_("False for a closed organisation."))
    closed_reason = serializers.CharField(allow_blank=True)
    questions = QuestionSerializer(many=True)
    comment_max_length = serializers.IntegerField()
    signed_in = serializers.BooleanField(help_text=_("Whether a resident's phone is signed in."))
    answered = serializers.BooleanField(
        help_text=_("Whether this phone has already answered this year.")
    )


class AnswerSerializer(serializers.Serializer):
    q1 = serializers.ChoiceField(choices=Level.choices)
    q2 = serializers.ChoiceField(choices=Level.choices)
    q3 = serializers.ChoiceField(choices=Level.choices)
    comment = serializers.CharField(
        max_length=COMMENT_LENGTH, required=False, allow_blank=True, default=""
    )


class AnsweredSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    year = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=4, decimal_places=1)


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
