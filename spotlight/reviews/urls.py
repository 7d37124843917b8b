from django.urls import path

from spotlight.reviews import views

urlpatterns = [
    path("", views.archive_review_list, name="archive_review_list"),
    path("start/", views.archive_review_start, name="archive_review_start"),
    path("<int:review_id>/", views.archive_review_detail, name="archive_review_detail"),
    path("<int:review_id>/cancel/", views.archive_review_cancel, name="archive_review_cancel"),
]
