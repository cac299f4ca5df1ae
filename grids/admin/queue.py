"""What the ticket queue is read with: its filters, and a ticket's events and
photos on its page."""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lib import clock

from ..models import TicketEvent, TicketPhoto
from ..workflow import MACHINE


class QueueFilter(admin.SimpleListFilter):
    """The work queue opens on tickets still to handle; "all" shows the rest.
    A chosen status, or a search, shows tickets whatever their state."""

    title = gettext_lazy("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            (None, _("Still to handle")),
            ("mine", _("Given to me")),
            ("all", _("All tickets")),
        ]

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value} if value else {}, [self.parameter_name]
                ),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(assigned_user=request.user)
        if self.value() == "all" or "status__exact" in request.GET or request.GET.get("q"):
            return queryset
        return queryset.open()


class OverdueFilter(admin.SimpleListFilter):
    title = gettext_lazy("deadline")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("soon", _("Due within 2 days"))]

    def queryset(self, request, queryset):
        today = clock.today()
        if self.value() == "yes":
            return queryset.overdue(today)
        if self.value() == "soon":
            return queryset.open().filter(
                due_on__gte=today, due_on__lte=today + timezone.timedelta(days=2)
            )
        return queryset


class TicketPartInline(admin.TabularInline):
    """A ticket's events and photos: read-only, seen by whoever sees the ticket."""

    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("grids.view_ticket")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(TicketPartInline):
    model = TicketEvent
    fields = ["at", "step", "from_status", "to_status", "by", "note"]
    readonly_fields = fields

    def get_queryset(self, request):
        # each row names its account: fetched with the rows, not one by one
        return super().get_queryset(request).select_related("by")

    @admin.display(description=gettext_lazy("step"))
    def step(self, event):
        step = MACHINE.steps.get(event.transition)
        return step.label if step else _("Reported")


class PhotoInline(TicketPartInline):
    model = TicketPhoto
    fields = ["kind", "preview", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("photo"))
    def preview(self, photo):
        # The link's only content is the picture: its text is the link's name.
        return format_html(
            '<a href="{0}"><img src="{0}" alt="{1}" width="120"></a>',
            photo.image.url,
            _("Open the photo (%(kind)s)") % {"kind": photo.get_kind_display()},
        )
