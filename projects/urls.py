from django.urls import path

from .views import notices, office, organisations, project, reviewers

app_name = "projects"

urlpatterns = [
    path("", office.project_list, name="list"),
    path("new/", office.project_new, name="new"),
    path("<int:pk>/", project.project, name="project"),
    path("<int:pk>/step/<str:name>/", office.step, name="step"),
    path("<int:pk>/award/", office.award, name="award"),
    path("<int:pk>/accept/", office.accept, name="accept"),
    path("<int:pk>/settle/", office.settle, name="settle"),
    path("<int:pk>/pay/", office.pay, name="pay"),
    path("<int:pk>/object/", notices.lodge, name="object"),
    path("<int:pk>/objections/<int:objection_pk>/answer/", notices.answer, name="answer_objection"),
    path("needs/", office.need_list, name="needs"),
    path("needs/new/", office.need_new, name="need_new"),
    path("needs/<int:pk>/<str:decision>/", office.need_decide, name="need_decide"),
    path("tenders/", organisations.tenders, name="tenders"),
    path("bids/", organisations.my_bids, name="my_bids"),
    path("<int:pk>/bid/", organisations.bid, name="bid"),
    path("<int:pk>/withdraw/", organisations.withdraw, name="withdraw"),
    path("memberships/<int:pk>/accept/", organisations.accept, name="membership_accept"),
    path("memberships/<int:pk>/decline/", organisations.decline, name="membership_decline"),
    path("<int:pk>/activity/", organisations.activity_new, name="activity_new"),
    path("<int:pk>/expense/", organisations.expense_new, name="expense_new"),
    path("<int:pk>/milestone/", organisations.milestone, name="milestone"),
    path(
        "<int:pk>/photos/<int:activity_photo_pk>/publish/",
        project.photo_publish,
        {"publish": True},
        name="photo_publish",
    ),
    path(
        "<int:pk>/photos/<int:activity_photo_pk>/withdraw/",
        project.photo_publish,
        {"publish": False},
        name="photo_withdraw",
    ),
    path("review/", reviewers.panels, name="panels"),
    path("<int:pk>/review/", reviewers.review_project, name="review"),
    path("<int:pk>/review/<int:bid_pk>/score/", reviewers.score, name="score"),
    path("<int:pk>/review/declare/", reviewers.declare, name="declare"),
]
