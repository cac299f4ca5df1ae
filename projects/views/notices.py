"""The award notice on the project page: the notices and their objections,
a bidder's objection (质疑), and the street's or district's answer (答复)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib import clock
from lib.screens import run_service
from orgs.roles import Role

from ..forms import AnswerForm, ObjectionForm
from ..models import AwardNotice, Bid, NoticeStatus, Objection, ObjectionStatus, ProjectStatus
from ..services import notices as notice_service
from .common import back, project_for


def _answers(user) -> bool:
    return user.sees_everything or user.role in notice_service.ANSWERING_ROLES


def notice_context(project, user, my_bid) -> dict:
    """The project's award notices, newest first, with their objections; the
    form to object for a bidder that may, a form per pending objection for
    the office that answers them. Two queries."""
    notices = list(
        AwardNotice.objects.filter(project=project)
        .select_related("bid__organisation")
        .prefetch_related(
            Prefetch("objections", queryset=Objection.objects.select_related("organisation"))
        )
    )
    current = next((n for n in notices if n.status == NoticeStatus.OPEN), None)
    running = (
        current is not None
        and project.current_status == ProjectStatus.NOTICE
        and current.ends_at > clock.now()
    )
    context = {"notices": notices, "notice": current, "notice_running": running}
    if (
        running
        and my_bid is not None
        and my_bid.status != "withdrawn"
        and my_bid.pk != current.bid_id
        and not any(o.organisation_id == user.organisation_id for o in current.objections.all())
    ):
        context["objection_form"] = ObjectionForm()
    if _answers(user):
        for notice in notices:
            if notice.status != NoticeStatus.OPEN or notice.proposed_by_id == user.pk:
                continue  # nothing to answer, or the proposer's own award
            for objection in notice.objections.all():
                if objection.status == ObjectionStatus.PENDING:
                    objection.answer_form = AnswerForm(prefix=f"objection-{objection.pk}")
    return context


@login_required
@require_POST
def lodge(request, pk):
    user = request.user
    project = project_for(user, pk)
    if user.role != Role.ORG_LEADER or not user.organisation_id:
        raise PermissionDenied
    if not Bid.objects.of_party(user.organisation_id).filter(project=project).exists():
        raise PermissionDenied
    notice = notice_service.open_notice(project)
    form = ObjectionForm(request.POST)
    if notice is None:
        messages.error(request, _("The notice period is over: objections are no longer taken."))
    elif form.is_valid():
        run_service(
            request,
            notice_service.lodge_objection,
            _("Objection lodged. The street or the district answers it with reasons."),
            notice=notice,
            organisation=user.organisation,
            grounds=form.cleaned_data["grounds"],
            by=user,
        )
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return back(project)


@login_required
@require_POST
def answer(request, pk, objection_pk):
    user = request.user
    project = project_for(user, pk)
    if not _answers(user):
        raise PermissionDenied
    objection = get_object_or_404(
        Objection.objects.select_related("notice"), pk=objection_pk, notice__project=project
    )
    form = AnswerForm(request.POST, prefix=f"objection-{objection.pk}")
    if form.is_valid():
        upheld = form.cleaned_data["decision"] == "upheld"
        run_service(
            request,
            notice_service.answer_objection,
            _("Objection upheld: the award is withdrawn and the project reviewed again.")
            if upheld
            else _("Objection answered: not upheld."),
            objection=objection,
            upheld=upheld,
            answer=form.cleaned_data["answer"],
            by=user,
        )
    else:
        for error in form.errors.values():
            messages.error(request, " ".join(error))
    return back(project)
