from django.urls import path

from spotlight.audit import views

urlpatterns = [
    path("", views.audit_list, name="audit_list"),
    path("new/", views.audit_round_new, name="audit_round_new"),
    path("compare/", views.audit_compare, name="audit_compare"),
    path("<id:round_id>/", views.audit_round_detail, name="audit_round_detail"),
    path("<id:round_id>/close/", views.audit_round_close, name="audit_round_close"),
    path("<id:round_id>/report/", views.audit_round_report, name="audit_round_report"),
    path("<id:round_id>/ratings.csv", views.audit_round_csv, name="audit_round_csv"),
    path("<id:round_id>/files/<id:assignment_id>/", views.audit_file, name="audit_file"),
    path("<id:round_id>/files/<id:assignment_id>/ratings/", views.audit_file_ratings, name="audit_file_ratings"),
]
