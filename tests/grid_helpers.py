"""Tickets for tests, reported and moved along through the services."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from grids import services
from grids.models import Source


def photo(name="photo.jpg", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def found(grid, category, *, by, description="楼道堆放杂物，堵塞消防通道。", **extra):
    """A ticket a grid member found on patrol in `grid`."""
    return services.report(
        community=grid.community,
        grid=grid,
        category=category,
        description=description,
        location="3号楼2单元",
        source=Source.GRID,
        reporter=by,
        **extra,
    )


def from_resident(community, category, **extra):
    return services.report(
        community=community,
        category=category,
        description="路灯不亮，晚上一片漆黑。",
        location="小区东门",
        source=Source.RESIDENT,
        resident_name="王女士",
        resident_phone="13903710001",
        **extra,
    )


def resolved(ticket, personas, note="已清理杂物，通道恢复畅通。"):
    """Accepted, assigned to the community worker, started and resolved."""
    worker = personas.community_worker
    services.accept(ticket=ticket, by=worker)
    services.assign(ticket=ticket, by=worker, user=worker)
    services.start(ticket=ticket, by=worker)
    return services.resolve(ticket=ticket, by=worker, resolution=note)
