"""An organisation's leader writes drafts about their own organisation
(the street or the district publishes them); the portal's other accounts
find the library's drafts in the admin."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lib.screens import run_service
from orgs.roles import Role
from orgs.scoping import get_for_user_or_404

from .. import services
from ..forms import DraftForm
from ..models import Story


def _leader(request):
    user = request.user
    if user.role != Role.ORG_LEADER or not user.organisation_id:
        raise PermissionDenied
    return user


@login_required
def mine(request):
    """The stories the leader's organisation submitted, and their state."""
    user = request.user
    if user.role != Role.ORG_LEADER:
        if user.has_perm("stories.view_story"):
            return redirect("admin:stories_story_changelist")
        raise PermissionDenied
    found = Story.objects.for_user(user).select_related("area").order_by("-created_at", "-id")
    return render(request, "stories/mine.html", {"stories": found[:100]})


@login_required
def new(request):
    user = _leader(request)
    form = DraftForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            request,
            services.submit_draft,
            _("Sent. The street will read your draft and publish it."),
            form=form,
            organisation=user.organisation,
            by=user,
            kind=data["kind"],
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            cover=data.get("cover"),
        )
        if done:
            return redirect("stories:mine")
    return render(request, "stories/draft_form.html", {"form": form})


@login_required
def edit(request, pk):
    user = _leader(request)
    story = get_for_user_or_404(Story.objects.all(), user, pk=pk)
    form = DraftForm(request.POST or None, instance=story, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            request,
            services.edit_draft,
            _("Saved."),
            form=form,
            story=story,
            by=user,
            kind=data["kind"],
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
        )
        if done:
            return redirect("stories:mine")
    return render(request, "stories/draft_form.html", {"form": form, "story": story})
