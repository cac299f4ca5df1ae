"""The staff map's index (grids.Ticket.Meta, grids/maps.py): points in a
box and counts per cell, read from the index alone on PostgreSQL. Built
CONCURRENTLY there, so the release before keeps writing tickets while it
builds (docs/deploy.md)."""

from django.db import migrations, models

from lib.indexes import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("grids", "0011_points_keep_their_coordinate_system"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="ticket",
            index=models.Index(
                fields=["latitude", "longitude"],
                include=["status", "community"],
                name="ticket_map_point",
            ),
        ),
    ]
