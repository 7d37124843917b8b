from django.urls import path

from spotlight.pattern import views

urlpatterns = [
    path("found-in-notes/", views.notes_facts, name="notes_facts"),
    path("found-in-a-draft/", views.draft_facts, name="draft_facts"),
    path("found-in-notes/<id:note_id>/<hex64:key>/add/", views.note_fact_add, name="note_fact_add"),
    path("found-in-notes/<id:note_id>/<hex64:key>/dismiss/", views.note_fact_dismiss, name="note_fact_dismiss"),
    path("behaviour/new/", views.behaviour_entry_add, name="behaviour_entry_add"),
    path("behaviour/<id:entry_id>/harm-to-child/new/", views.child_harm_add, name="child_harm_add"),
    path("protective-efforts/new/", views.protective_effort_add, name="protective_effort_add"),
    path("complicating-factors/new/", views.complicating_factor_add, name="complicating_factor_add"),
    path("programme-referrals/new/", views.programme_referral_add, name="programme_referral_add"),
    path(
        "programme-referrals/<id:referral_id>/status/",
        views.programme_referral_status,
        name="programme_referral_status",
    ),
]
