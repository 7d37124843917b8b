from django.urls import path

from spotlight.cases import views

urlpatterns = [
    path("search/", views.family_search, name="family_search"),
    path("families/new/", views.family_create, name="family_create"),
    path("families/<id:family_id>/people/new/", views.person_add, name="person_add"),
    path("families/<id:family_id>/relationships/new/", views.relationship_add, name="relationship_add"),
    path("families/<id:family_id>/agencies/new/", views.agency_add, name="agency_add"),
    path("families/<id:family_id>/contact-attempts/new/", views.contact_attempt_add, name="contact_attempt_add"),
    path("families/<id:family_id>/people/<id:person_id>/sealed/", views.sealed_details, name="sealed_details"),
    path("families/<id:family_id>/restriction/", views.family_restriction, name="family_restriction"),
    path("families/<id:family_id>/allocation/", views.family_allocate, name="family_allocate"),
    path("families/<id:family_id>/restriction/lift/", views.family_restriction_lift, name="family_restriction_lift"),
]
