"""Uploaded files: what each upload may be, where it is stored, how it is named.

Every file a person uploads (photos, receipts, vouchers, charters, evidence,
agreements) is checked here by its CONTENT, never by its name or the
browser's content type: an `.html` or `.svg` "receipt" is refused, so nothing
a browser would run is ever stored. Stored names are random
(`grids/tickets/2026/11/<hex>.jpg`); the uploader's own name is kept as data
where people download the file.

Files live in one of two storages (settings.STORAGES): "default" for the
uploads, "private" for the download centre and import staging; local folders
in the embedded default, an S3-compatible store in production. Browsers never
fetch from the store: a file's `.url` is a view of the platform that checks
who asks (`orgs.views.files`).
"""

import posixpath
import uuid
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models.expressions import DatabaseDefault
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

# --- what a file is ------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    ext: str
    content_type: str
    raster: bool = False  # a verified photo: the only kind ever shown inline


JPEG = Kind("jpg", "image/jpeg", raster=True)
PNG = Kind("png", "image/png", raster=True)
WEBP = Kind("webp", "image/webp", raster=True)
PDF = Kind("pdf", "application/pdf")
DOC = Kind("doc", "application/msword")
XLS = Kind("xls", "application/vnd.ms-excel")
DOCX = Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
KINDS = (JPEG, PNG, WEBP, PDF, DOC, XLS, DOCX, XLSX)
_PILLOW_FORMATS = {"JPEG": JPEG, "PNG": PNG, "WEBP": WEBP}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class MacroDocument(Exception):
    """An Office file carrying macros (vbaProject.bin)."""


def _read_all(file) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _zip_kind(file) -> Kind | None:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        file.seek(0)
    if "[Content_Types].xml" not in names:
        return None  # a plain zip, not an Office document
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise MacroDocument
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _ole_kind(file) -> Kind | None:
    """Word 97 or Excel 97: an OLE compound file whose directory names its
    main stream (UTF-16): "WordDocument" or "Workbook"/"Book"."""
    data = _read_all(file)
    if b"_\x00V\x00B\x00A\x00_\x00P\x00R\x00O\x00J\x00E\x00C\x00T" in data:
        raise MacroDocument
    if "WordDocument".encode("utf-16-le") in data:
        return DOC
    if "Workbook".encode("utf-16-le") in data or "Book\x00".encode("utf-16-le") in data:
        return XLS
    return None


def _raster_kind(file, expected: Kind) -> Kind | None:
    """Pillow reads the whole image structure; the format must be the one
    the first bytes announced (a PNG header on a GIF is refused)."""
    from PIL import Image, UnidentifiedImageError

    try:
        file.seek(0)
        with Image.open(file) as image:
            found = _PILLOW_FORMATS.get(image.format)
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        file.seek(0)
    return found if found == expected else None


def sniff(file) -> Kind | None:
    """The kind of `file` from its bytes, or None for anything else (HTML,
    SVG, GIF, scripts, archives...). Raises MacroDocument for Office files
    with macros. Leaves the file at its start."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return _raster_kind(file, JPEG)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _raster_kind(file, PNG)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _raster_kind(file, WEBP)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file)
    if head.startswith(_OLE):
        return _ole_kind(file)
    return None


def sniff_safely(file) -> Kind | None:
    try:
        return sniff(file)
    except MacroDocument:
        return None


# --- what each upload may be -------------------------------------------------


@dataclass(frozen=True)
class Accept:
    kinds: tuple[Kind, ...]
    max_mb: int
    described: str  # lazy: "a JPEG, PNG or WebP photo"


ACCEPT = {
    # Photos of activities and tickets, shown on pages.
    "photo": Accept((JPEG, PNG, WEBP), 8, _("a JPEG, PNG or WebP photo")),
    # Receipts and vouchers: a scan or a photo of the paper.
    "receipt": Accept((PDF, JPEG, PNG), 10, _("a PDF, or a JPEG or PNG photo")),
    # Charters, agreements and checklist evidence: offices write these in
    # Word and keep sign-in sheets in Excel (WPS saves either format).
    "document": Accept(
        (PDF, JPEG, PNG, DOC, DOCX, XLS, XLSX),
        10,
        _("a PDF, a Word or Excel document, or a JPEG or PNG photo"),
    ),
}


def check_upload(file, accept: str) -> Kind:
    """The verified kind of an upload, or a ValidationError in plain words."""
    rule = ACCEPT[accept]
    name = posixpath.basename(getattr(file, "name", "") or "")
    if file.size > rule.max_mb * 1024 * 1024:
        raise ValidationError(
            _("“%(name)s” is larger than %(mb)d MB."),
            code="file_too_large",
            params={"name": name, "mb": rule.max_mb},
        )
    try:
        kind = sniff(file)
    except MacroDocument:
        raise ValidationError(
            _("“%(name)s” contains macros: save it as a plain .docx or .xlsx and upload it again."),
            code="file_macros",
            params={"name": name},
        ) from None
    if kind not in rule.kinds:
        raise ValidationError(
            _("“%(name)s” is not an accepted file: upload %(accepted)s."),
            code="file_type",
            params={"name": name, "accepted": rule.described},
        )
    return kind


@deconstructible
class FileCheck:
    """A validator for forms, admin forms, serializers and model fields."""

    def __init__(self, accept: str):
        self.accept = accept

    def __call__(self, file):
        if file is None or getattr(file, "_committed", False):
            return  # already stored: checked when it was uploaded
        check_upload(file, self.accept)

    def __eq__(self, other):
        return isinstance(other, FileCheck) and other.accept == self.accept


check_photo = FileCheck("photo")
check_receipt = FileCheck("receipt")
check_document = FileCheck("document")


# --- where files are stored -------------------------------------------------


class AliasStorage(LazyObject):
    """STORAGES[alias], looked up when first used and again after a test
    changes the settings (Django builds a model field's storage once)."""

    def __init__(self, alias: str):
        self.__dict__["alias"] = alias
        super().__init__()

    def _setup(self):
        self._wrapped = storages[self.__dict__["alias"]]


UPLOADS = AliasStorage("default")
PRIVATE = AliasStorage("private")


def upload_storage():
    return UPLOADS


def private_storage():
    return PRIVATE


def _forget_storages(*, setting, **kwargs):
    if setting in ("STORAGES", "MEDIA_ROOT", "PRIVATE_ROOT"):
        UPLOADS._wrapped = empty
        PRIVATE._wrapped = empty


setting_changed.connect(_forget_storages)


# --- how files are named -----------------------------------------------------

_EXTENSIONS = {kind.ext for kind in KINDS} | {"jpeg"}


def normalised_extension(filename: str) -> str:
    ext = posixpath.splitext(filename)[1].lower().lstrip(".")
    ext = "jpg" if ext == "jpeg" else ext
    return f".{ext}" if ext in _EXTENSIONS else ""


@deconstructible
class RandomName:
    """upload_to: `<prefix>/<year>/<month>/<random hex>.<ext>`; nothing of the
    uploader's own name reaches the path."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename):
        today = timezone.localdate()
        return f"{self.prefix}/{today:%Y/%m}/{uuid.uuid4().hex}{normalised_extension(filename)}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.prefix == self.prefix


# --- fields whose files are served through the platform ------------------------

#: served_as -> the field, filled in as models are defined.
SERVED: dict[str, "ServedFileMixin"] = {}


class ServedFieldFileMixin:
    def save(self, name, content, save=True):
        """Name the stored file by its verified kind, and keep the
        uploader's own name in the model's `original_name` field."""
        original = posixpath.basename(name or "")
        kept = getattr(self.instance, self.field.original_name_field, "")
        # An unsaved row holds its database default as an expression, not "".
        if self.field.original_name_field and (not kept or isinstance(kept, DatabaseDefault)):
            limit = self.instance._meta.get_field(self.field.original_name_field).max_length
            setattr(self.instance, self.field.original_name_field, original[:limit])
        kind = sniff_safely(content) if hasattr(content, "seek") else None
        super().save(f"upload.{kind.ext}" if kind else original, content, save=save)

    @property
    def url(self):
        """The platform's view for this file, never the store's address."""
        self._require_file()
        if self.instance.pk is None:
            return ""
        if self.field.public:
            return reverse("public:file", args=[self.field.served_as, self.instance.pk])
        return reverse("portal:file", args=[self.field.served_as, self.instance.pk])


class ServedFieldFile(ServedFieldFileMixin, FieldFile):
    pass


class ServedImageFieldFile(ServedFieldFileMixin, ImageFieldFile):
    pass


class ServedFileMixin:
    """`served_as`: the name in the file's URL. `scope_through`: the lookup to
    a parent whose `objects.for_user` says who may fetch the file (empty: this
    model's own). `public`: anyone may fetch it. `original_name_field`: where
    the uploader's own file name is kept."""

    def __init__(
        self,
        *args,
        served_as: str,
        scope_through: str = "",
        public: bool = False,
        original_name_field: str = "",
        **kwargs,
    ):
        self.served_as = served_as
        self.scope_through = scope_through
        self.public = public
        self.original_name_field = original_name_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["served_as"] = self.served_as
        for key in ("scope_through", "public", "original_name_field"):
            if getattr(self, key):
                kwargs[key] = getattr(self, key)
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        # Not the audit trail's copies (simple-history's Historical* models)
        # nor the migrations' stand-ins: the live model answers for its files.
        if cls.__module__ != "__fake__" and not cls.__name__.startswith("Historical"):
            SERVED[self.served_as] = self

    def rows_for(self, user):
        """The rows whose file `user` may fetch."""
        model = self.model
        if self.public:
            return model._default_manager.all()
        if not self.scope_through:
            return model._default_manager.for_user(user)
        parent = model
        for part in self.scope_through.split("__"):
            parent = parent._meta.get_field(part).related_model
        visible = parent._default_manager.for_user(user).values("pk")
        return model._default_manager.filter(**{f"{self.scope_through}__in": visible})


class ServedFileField(ServedFileMixin, models.FileField):
    attr_class = ServedFieldFile


class ServedImageField(ServedFileMixin, models.ImageField):
    attr_class = ServedImageFieldFile
