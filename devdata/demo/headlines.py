"""Whom each demo project serves (issue 23): the groups by the project's
title, and its activities' beneficiaries by group, for the dashboard's
money, projects and beneficiaries by group served. Built after the projects
and their delivery, before the rollups; a project that already names its
groups is left alone, so a rerun changes nothing."""

from orgs.models import ServedGroup
from projects.models import ActivityReport, BeneficiaryCount, Project

# Groups served, by words of a project's title; the rest serve all residents.
GROUP_WORDS = [
    ("老", "老年人"),
    ("银", "老年人"),
    ("儿童", "儿童"),
    ("四点半", "儿童"),
    ("青少年", "青少年"),
    ("心理", "严重精神障碍患者"),
    ("困境", "困难家庭"),
    ("调解", "全体居民"),
]


def build(demo):
    groups_served(demo)


def groups_served(demo):
    """Whom each project serves, by its title, and its activities'
    beneficiaries by group; left alone where a project already names its
    groups."""
    tops = {g.name: g for g in ServedGroup.objects.tops()}
    for project in Project.objects.filter(groups__isnull=True).order_by("pk"):
        chosen = [tops[g] for word, g in GROUP_WORDS if word in project.title and g in tops]
        chosen = list(dict.fromkeys(chosen)) or [tops["全体居民"]]
        project.groups.set(chosen)
    counts = []
    reports = ActivityReport.objects.filter(group_counts__isnull=True, beneficiaries__gt=0)
    for report in reports.prefetch_related("project__groups").order_by("pk"):
        for group in report.project.groups.all():
            counts.append(BeneficiaryCount(report=report, group=group, count=report.beneficiaries))
    BeneficiaryCount.objects.bulk_create(counts)
