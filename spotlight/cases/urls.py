from django.urls import path

from spotlight.cases import views

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("search/", views.family_search, name="family_search"),
    path("export.jsonl", views.caseload_export, name="caseload_export"),
    path("families/new/", views.family_create, name="family_create"),
    path("families/<int:family_id>/", views.family_detail, name="family_detail"),
    path("families/<int:family_id>/export.jsonl", views.family_export, name="family_export"),
    path("families/<int:family_id>/people/new/", views.person_add, name="person_add"),
    path("families/<int:family_id>/relationships/new/", views.relationship_add, name="relationship_add"),
    path("families/<int:family_id>/agencies/new/", views.agency_add, name="agency_add"),
    path("families/<int:family_id>/notes/new/", views.note_add, name="note_add"),
    path("families/<int:family_id>/notes/review/", views.note_review, name="note_review"),
    path("families/<int:family_id>/language/", views.family_language, name="family_language"),
    path("families/<int:family_id>/contact-attempts/new/", views.contact_attempt_add, name="contact_attempt_add"),
    path("families/<int:family_id>/people/<int:person_id>/sealed/", views.sealed_details, name="sealed_details"),
]
