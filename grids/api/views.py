"""The grids JSON API: people on patrol report and follow tickets with a
token; residents report, follow and rate without an account.

Jurisdiction is the same as everywhere: every queryset starts from
`for_user`, so a ticket outside the caller's area is a 404.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from lib.api import ScopedThrottle, refused
from lib.masking import PHONE
from lib.paginators import BigListPaginator
from orgs.models import Area, AreaLevel
from orgs.privacy import PersonalDataAPIMixin

from .. import services
from ..models import (
    Grid,
    PhotoKind,
    Source,
    Ticket,
    TicketCategory,
    TicketPhoto,
    open_tickets_of_grid,
)
from ..patrol import may_report, report_found, reportable_grids
from . import serializers as s

# Any value reaches the view, so a malformed id gets the API's JSON 404 rather
# than the site's HTML "page not found".
ANY_ID = r"[^/]+"


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Ticket categories and their deadlines in working days."""

    queryset = TicketCategory.objects.all()
    serializer_class = s.CategorySerializer
    lookup_value_regex = ANY_ID
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    pagination_class = None


class GridPages(PageNumberPagination):
    """Numbered pages (a city has 7,000 grids), a deep one read as its ids
    first: the open tickets are then counted for its 50 grids only, not for
    every grid it skips."""

    django_paginator_class = BigListPaginator


class GridViewSet(PersonalDataAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The caller's grids (a grid member's own; staff: their area's), with
    their open tickets."""

    personal_what = "grids.ticket"

    def get_personal_fields(self):
        return {"resident_phone": PHONE} if self.action == "tickets" else {}

    serializer_class = s.GridSerializer
    lookup_value_regex = ANY_ID
    pagination_class = GridPages

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Grid.objects.none()
        return (
            reportable_grids(self.request.user)
            .select_related("community", "leader")
            .annotate(open_tickets=open_tickets_of_grid())
            .order_by("community__code", "number")
        )

    @extend_schema(responses=s.TicketSerializer(many=True))
    @action(detail=True, methods=["get"])
    def tickets(self, request, pk=None, format=None):
        """The grid's open tickets, most urgent first."""
        grid = self.get_object()
        tickets = (
            Ticket.objects.for_user(request.user)
            .open()
            .filter(grid=grid)
            .select_related(
                "community",
                "grid",
                "category",
                "assigned_user",
                "assigned_organisation",
                "department",
            )
            .order_by("due_on", "reported_at")
        )
        page = self.paginate_queryset(tickets)
        serializer = s.TicketSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)


class NewestFirst(CursorPagination):
    """The ticket list by cursor, newest first: `next` and `previous` are
    links, and a page deep in a city's million tickets costs what the first
    does (an index of this order, grids.Ticket.Meta). No page numbers, no
    count."""

    ordering = ("-reported_at", "-id")


@extend_schema_view(
    list=extend_schema(
        parameters=[s.TicketFilterSerializer],
        responses={
            200: s.TicketSerializer(many=True),
            400: refused("A query parameter is not valid"),
        },
    )
)
class TicketViewSet(
    PersonalDataAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Tickets in the caller's jurisdiction; report one found on patrol."""

    lookup_value_regex = ANY_ID
    personal_fields = {"resident_phone": PHONE}
    personal_what = "grids.ticket"
    pagination_class = NewestFirst

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        user = self.request.user
        tickets = Ticket.objects.for_user(user).select_related(
            "community", "grid", "category", "assigned_user", "assigned_organisation", "department"
        )
        if self.action != "list":  # the filters are the list's, not the detail's
            return tickets.prefetch_related("photos") if self.action == "retrieve" else tickets
        query = s.TicketFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        if params.get("status"):
            tickets = tickets.filter(status=params["status"])
        if params.get("open"):
            tickets = tickets.open()
        if params.get("grid"):
            tickets = tickets.filter(grid_id=params["grid"])
        if params.get("mine"):
            tickets = tickets.filter(
                Q(reporter=user)
                | Q(assigned_user=user)
                | Q(assigned_organisation=user.organisation_id or 0)
            )
        return tickets.order_by(*NewestFirst.ordering)

    def get_serializer_class(self):
        if self.action == "create":
            return s.PatrolReportSerializer
        if self.action == "retrieve":
            return s.TicketDetailSerializer
        return s.TicketSerializer

    def get_serializer(self, *args, **kwargs):
        if self.action == "create":
            kwargs["grids"] = reportable_grids(self.request.user)
        return super().get_serializer(*args, **kwargs)

    @extend_schema(request=s.PatrolReportSerializer, responses={201: s.TicketDetailSerializer})
    def create(self, request, *args, **kwargs):
        if not may_report(request.user):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ticket = report_found(by=request.user, **serializer.validated_data)
        body = s.TicketDetailSerializer(ticket, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    def _handled(self, request):
        ticket = self.get_object()
        if not services.may_handle(request.user, ticket):
            raise PermissionDenied
        return ticket

    def _detail(self, ticket):
        ticket = self.get_queryset().prefetch_related("photos").get(pk=ticket.pk)
        return Response(
            s.TicketDetailSerializer(ticket, context=self.get_serializer_context()).data
        )

    @extend_schema(
        request={"multipart/form-data": s.PhotoUploadSerializer},
        responses={201: s.PhotoSerializer},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def photos(self, request, pk=None, format=None):
        """Add a photo as found: by whoever reported it, or the assignee."""
        ticket = self.get_object()
        if ticket.reporter_id != request.user.pk and not services.may_handle(request.user, ticket):
            raise PermissionDenied
        upload = s.PhotoUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        photo = TicketPhoto.objects.create(
            ticket=ticket, kind=PhotoKind.REPORT, image=upload.validated_data["image"]
        )
        return Response(
            s.PhotoSerializer(photo, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=None, responses=s.TicketDetailSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None, format=None):
        """The assignee starts work."""
        return self._detail(services.start(ticket=self._handled(request), by=request.user))

    @extend_schema(request=s.HoldSerializer, responses=s.TicketDetailSerializer)
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None, format=None):
        """The assignee puts it on hold: the deadline clock stops."""
        ticket = self._handled(request)
        body = s.HoldSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._detail(
            services.hold(ticket=ticket, by=request.user, reason=body.validated_data["reason"])
        )

    @extend_schema(request=None, responses=s.TicketDetailSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None, format=None):
        """The assignee resumes: the deadline moves by the working days held."""
        return self._detail(services.resume(ticket=self._handled(request), by=request.user))

    @extend_schema(
        request={
            "multipart/form-data": s.ResolveSerializer,
            "application/json": s.ResolveSerializer,
        },
        responses=s.TicketDetailSerializer,
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None, format=None):
        """The assignee resolves it, with a note and an optional photo; the
        resident can then rate it."""
        ticket = self._handled(request)
        body = s.ResolveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self._detail(
            services.resolve(
                ticket=ticket,
                by=request.user,
                resolution=body.validated_data["resolution"],
                photo=body.validated_data.get("photo"),
            )
        )


# --- the resident's side: no account ------------------------------------------------------


class PublicCommunityList(ListAPIView):
    """Communities to choose from when reporting."""

    serializer_class = s.CommunitySerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    pagination_class = None

    def get_queryset(self):
        return (
            Area.objects.filter(level=AreaLevel.COMMUNITY).select_related("parent").order_by("code")
        )


class PublicTicketViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
    """A resident reports a problem and follows it by its tracking token."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    serializer_class = s.PublicReportSerializer
    throttle_scope = "public_report"
    lookup_field = "token"
    lookup_value_regex = r"[^/]+"

    def get_throttles(self):
        return [ScopedThrottle()] if self.action == "create" else []

    @extend_schema(request=s.PublicReportSerializer, responses={201: s.PublicTicketSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ticket = services.report(source=Source.RESIDENT, **serializer.validated_data)
        return Response(s.PublicTicketSerializer(ticket).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.PublicTicketSerializer)
    def retrieve(self, request, token=None, format=None):
        ticket = services.ticket_for_token(token)
        if ticket is None:
            raise NotFound
        return Response(s.PublicTicketSerializer(ticket).data)


class RatingView(APIView):
    """The resident rates the resolution with the single-use rating token:
    below the threshold the ticket reopens, otherwise it closes."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedThrottle]
    throttle_scope = "public_rating"

    @extend_schema(
        request=s.RatingSerializer,
        responses={
            200: s.RatingResultSerializer,
            400: refused("Not 1 to 5, or the token is not valid"),
            410: OpenApiResponse(
                s.RatingRefusalSerializer, description="The link has expired or was used"
            ),
        },
    )
    def post(self, request):
        body = s.RatingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            ticket = services.rate(
                token=data["token"], rating=data["rating"], comment=data["comment"]
            )
        except DjangoValidationError as exc:
            code = exc.code or "invalid"
            return Response(
                {"detail": exc.messages[0], "code": code},
                status=status.HTTP_410_GONE if code in ("expired", "used") else 400,
            )
        return Response(
            {"ticket": ticket.pk, "status": ticket.status, "reopened": ticket.status != "closed"}
        )
