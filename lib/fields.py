"""Model fields of the toolbox."""

from django.db import models

from lib import clock


class StampedAt(models.DateTimeField):
    """`auto_now` / `auto_now_add` on the platform's clock (lib.clock.now):
    the moment something happened in the office's story (a filing
    submitted, a bid revised, a photo uploaded, a notice sent), so that on a
    pinned day (a demo, a training copy) it reads that day like every
    deadline it is compared with. Unpinned it is Django's own stamp."""

    def pre_save(self, model_instance, add):
        if self.auto_now or (self.auto_now_add and add):
            value = clock.now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)
