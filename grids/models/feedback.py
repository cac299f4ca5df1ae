"""What comes back on a ticket from outside the office: the residents'
ratings and the photos, as found and as resolved."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lib import clock
from lib.fields import StampedAt
from lib.uploads import RandomName, ServedImageField, check_photo, private_storage

from .tickets import Ticket


class TicketRating(models.Model):
    """Each rating a resident gives, kept: the satisfaction rate counts
    ratings, so a low one stays counted after the reopened ticket is
    resolved again and rated anew. The ticket carries the latest."""

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="ratings"
    )
    stars = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    rated_at = models.DateTimeField(_("rated at"), default=clock.now, db_index=True)

    class Meta:
        verbose_name = _("resident's rating")
        verbose_name_plural = _("residents' ratings")
        ordering = ["rated_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=1, stars__lte=5), name="ticket_rating_stars_1_to_5"
            )
        ]

    def __str__(self):
        return f"#{self.ticket_id} {self.stars}/5"


class PhotoKind(models.TextChoices):
    REPORT = "report", _("As found")
    RESOLUTION = "resolution", _("As resolved")


class TicketPhoto(models.Model):
    ticket = models.ForeignKey(
        Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="photos"
    )
    kind = models.CharField(_("photo taken"), max_length=10, choices=PhotoKind.choices)
    # A resident's street, door or face may show: fetched only by those who
    # may see the ticket (and by the reporter through the rating link).
    image = ServedImageField(
        _("photo"),
        upload_to=RandomName("grids/tickets"),
        storage=private_storage,
        validators=[check_photo],
        served_as="ticket-photo",
        scope_through="ticket",
    )
    uploaded_at = StampedAt(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ticket photo")
        verbose_name_plural = _("ticket photos")

    def __str__(self):
        return self.image.name
