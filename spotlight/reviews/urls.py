from django.urls import path

from spotlight.reviews import views

#: Under families/<id>/: the note editor with its live review, and the family's language review.
family_urlpatterns = [
    path("notes/new/", views.note_add, name="note_add"),
    path("notes/review/", views.note_review, name="note_review"),
    path("language/", views.family_language, name="family_language"),
    path("notes/<id:note_id>/keep/", views.wording_keep, name="wording_keep"),
]

urlpatterns = [
    path("", views.archive_review_list, name="archive_review_list"),
    path("start/", views.archive_review_start, name="archive_review_start"),
    path("<id:review_id>/", views.archive_review_detail, name="archive_review_detail"),
    path("<id:review_id>/cancel/", views.archive_review_cancel, name="archive_review_cancel"),
]
