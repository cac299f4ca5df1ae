"""Uploaded files reach browsers only through these views, never from the
store: so the store needs no public address, and every personal file is
fetched by someone who may see its row.

`serve` answers 404 to anyone outside the row's jurisdiction (anonymous
visitors included), as if the file did not exist; `serve_public` serves the
kinds declared public (activity photos). Either way the response's type comes
from the file's verified content, never from a name someone typed: photos are
shown inline, everything else is a download, and `nosniff` stops a browser
from guessing HTML out of it.
"""

import posixpath

from django.http import FileResponse, Http404

from lib.uploads import SERVED, UPLOADS, sniff_safely


def file_response(fieldfile, *, filename: str = "", personal: bool = True) -> FileResponse:
    """Stream a stored file as a download (inline only for a verified photo)."""
    if not fieldfile:
        raise Http404
    storage = fieldfile.storage
    name = fieldfile.name
    if storage is not UPLOADS and not storage.exists(name) and UPLOADS.exists(name):
        storage = UPLOADS  # uploaded before personal files had their own storage
    try:
        handle = storage.open(name, "rb")
        kind = sniff_safely(handle)
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    stem = posixpath.splitext(posixpath.basename(filename or name))[0] or "file"
    inline = kind is not None and kind.raster
    response = FileResponse(
        handle,
        content_type=kind.content_type if kind else "application/octet-stream",
        as_attachment=not inline,
        filename=f"{stem}.{kind.ext}" if kind else f"{stem}.bin",
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own (a PDF in a tab), a file may run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    # A personal file must not outlive the session in a shared office
    # computer's cache.
    # A published photo may be taken back at any time (it shows residents):
    # kept, but asked again each time, so it is gone once withdrawn.
    response["Cache-Control"] = "no-store" if personal else "public, no-cache"
    return response


def _field(kind: str, *, public: bool):
    field = SERVED.get(kind)
    if field is None or field.public != public:
        raise Http404
    return field


def _original_name(field, row) -> str:
    return getattr(row, field.original_name_field, "") if field.original_name_field else ""


def _user(request):
    """The signed-in user, or the API's (the mini-program shows ticket photos
    with its token): the API's own authentication classes decide."""
    if request.user.is_authenticated or "HTTP_AUTHORIZATION" not in request.META:
        return request.user
    from rest_framework.exceptions import APIException
    from rest_framework.request import Request
    from rest_framework.settings import api_settings

    authenticators = [cls() for cls in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
    try:
        return Request(request, authenticators=authenticators).user
    except APIException:
        return request.user  # a bad or expired token: anonymous, so a 404


def serve(request, kind: str, pk: int):
    """A personal file: only for those whose jurisdiction holds its row."""
    field = _field(kind, public=False)
    row = field.rows_for(_user(request)).filter(pk=pk).first()
    if row is None:
        raise Http404
    return file_response(getattr(row, field.name), filename=_original_name(field, row))


def serve_public(request, kind: str, pk: int):
    """A file published for anyone (activity photos)."""
    field = _field(kind, public=True)
    row = field.model._default_manager.filter(pk=pk).first()
    if row is None:
        raise Http404
    return file_response(getattr(row, field.name), personal=False)
