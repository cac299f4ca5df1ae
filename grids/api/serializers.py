from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from lib.limits import TEXT
from lib.uploads import check_photo
from lib.validators import normalise_phone, validate_phone
from orgs.models import Area

from .. import services
from ..forms import MAX_PHOTO_BYTES, MAX_PHOTOS, validate_photo_size
from ..models import Grid, Ticket, TicketCategory, TicketPhoto, TicketStatus


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = TicketCategory
        fields = ["id", "name", "deadline_days"]


class CommunitySerializer(serializers.ModelSerializer):
    street = serializers.CharField(source="parent.name", read_only=True)

    class Meta:
        model = Area
        fields = ["id", "code", "name", "street"]


class GridSerializer(serializers.ModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    leader = serializers.SerializerMethodField()
    open_tickets = serializers.IntegerField(read_only=True)

    class Meta:
        model = Grid
        fields = [
            "id",
            "code",
            "name",
            "community",
            "community_name",
            "leader",
            "households",
            "open_tickets",
        ]

    def get_leader(self, grid) -> str:
        return (grid.leader.name or grid.leader.username) if grid.leader_id else ""


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.ImageField(source="image", read_only=True)

    class Meta:
        model = TicketPhoto
        fields = ["id", "kind", "url", "uploaded_at"]


class PhotoUploadSerializer(serializers.Serializer):
    image = serializers.ImageField(validators=[check_photo])

    def validate_image(self, image):
        if image.size > MAX_PHOTO_BYTES:
            raise serializers.ValidationError(_("The photo is larger than 8 MB."))
        return image


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    label = serializers.CharField()
    status = serializers.CharField()
    note = serializers.CharField()
    by = serializers.CharField()


class TicketFilterSerializer(serializers.Serializer):
    """The ticket list's query parameters: a value that is not one of them
    (an unknown status, a grid number past the database's range) is a 400."""

    status = serializers.ChoiceField(
        choices=TicketStatus.choices, required=False, help_text="One status, e.g. assigned"
    )
    open = serializers.BooleanField(required=False, help_text="Only tickets not yet resolved")
    grid = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    mine = serializers.BooleanField(required=False, help_text="Reported by me or given to me")


class TicketSerializer(serializers.ModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    grid_name = serializers.CharField(source="grid.name", read_only=True, default="")
    category_name = serializers.CharField(source="category.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    assignee = serializers.CharField(read_only=True)
    resident_name = serializers.SerializerMethodField()
    resident_phone = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = [
            "id",
            "community",
            "community_name",
            "grid",
            "grid_name",
            "category",
            "category_name",
            "description",
            "location",
            "latitude",
            "longitude",
            "source",
            "resident_name",
            "resident_phone",
            "status",
            "status_display",
            "reported_at",
            "due_on",
            "overdue",
            "escalation",
            "assignee",
            "rejection_reason",
            "resolution",
            "resolved_at",
            "closed_at",
            "rating",
            "rating_comment",
            "no_answer",
        ]
        read_only_fields = fields

    def get_resident_name(self, ticket) -> str:
        """Masked (张**) for all but the people who answer the resident."""
        return ticket.resident_for(self.context["request"].user)[0]

    def get_resident_phone(self, ticket) -> str:
        """Masked (139****0001) for all but the people who answer the resident:
        the street officer and community worker of the ticket's community and
        the grid member handling it."""
        return ticket.resident_for(self.context["request"].user)[1]


class TicketDetailSerializer(TicketSerializer):
    photos = PhotoSerializer(many=True, read_only=True)
    timeline = serializers.SerializerMethodField()

    class Meta(TicketSerializer.Meta):
        fields = [*TicketSerializer.Meta.fields, "photos", "timeline"]
        read_only_fields = fields

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, ticket):
        return TimelineEntrySerializer(services.timeline(ticket), many=True).data


class _Coordinates(serializers.Serializer):
    def validate(self, data):
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise serializers.ValidationError(
                _("Give both the latitude and the longitude, or neither.")
            )
        return data


class PatrolReportSerializer(_Coordinates, serializers.ModelSerializer):
    """A ticket found on patrol; the community is the grid's."""

    class Meta:
        model = Ticket
        fields = ["grid", "category", "description", "location", "latitude", "longitude"]
        extra_kwargs = {"grid": {"required": True, "allow_null": False}}

    def __init__(self, *args, grids=None, **kwargs):
        super().__init__(*args, **kwargs)
        if grids is not None:
            self.fields["grid"].queryset = grids


class PublicReportSerializer(_Coordinates, serializers.ModelSerializer):
    """A resident's report, without an account. Photos, as on the web form, in
    a multipart body: one `photos` part each (the web app's offline draft is
    sent this way, static/portal/drafts.js)."""

    photos = serializers.ListField(
        child=serializers.ImageField(validators=[validate_photo_size, check_photo]),
        max_length=MAX_PHOTOS,
        required=False,
        write_only=True,
    )

    class Meta:
        model = Ticket
        fields = [
            "community",
            "category",
            "description",
            "location",
            "latitude",
            "longitude",
            "resident_name",
            "resident_phone",
            "photos",
        ]
        extra_kwargs = {
            "community": {"queryset": Area.objects.filter(level="community")},
            "resident_name": {"required": True, "allow_blank": False},
            "resident_phone": {"required": True, "allow_blank": False},
        }

    def validate_resident_phone(self, value):
        phone = normalise_phone(value)
        validate_phone(phone)
        return phone


class PublicTicketSerializer(serializers.ModelSerializer):
    """What the resident following their report sees: no office names or notes."""

    community_name = serializers.CharField(source="community.name", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    timeline = serializers.SerializerMethodField()
    tracking_token = serializers.SerializerMethodField()
    rating_token = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = [
            "id",
            "tracking_token",
            "community_name",
            "category_name",
            "description",
            "location",
            "status",
            "status_display",
            "reported_at",
            "due_on",
            "rejection_reason",
            "resolution",
            "resolved_at",
            "rating",
            "timeline",
            "rating_token",
        ]
        read_only_fields = fields

    def get_tracking_token(self, ticket) -> str:
        return services.tracking_token(ticket)

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, ticket):
        return TimelineEntrySerializer(services.timeline(ticket, public=True), many=True).data

    def get_rating_token(self, ticket) -> str | None:
        """Present once the ticket is resolved and not yet rated: POST it to
        /api/v1/public/ratings/ with 1-5 stars."""
        if ticket.status == TicketStatus.RESOLVED and ticket.rating_nonce:
            return services.rating_token(ticket)
        return None


class RatingSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=200)
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RatingRefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.ChoiceField(choices=["expired", "used"])


class RatingResultSerializer(serializers.Serializer):
    ticket = serializers.IntegerField()
    status = serializers.CharField()
    reopened = serializers.BooleanField()


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=TEXT)
    photo = serializers.ImageField(required=False, validators=[check_photo])

    def validate_photo(self, photo):
        if photo and photo.size > MAX_PHOTO_BYTES:
            raise serializers.ValidationError(_("The photo is larger than 8 MB."))
        return photo


class HoldSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)
