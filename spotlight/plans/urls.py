from django.urls import path

from spotlight.plans import views

urlpatterns = [
    path("new/", views.plan_new, name="plan_new"),
    path("<id:plan_id>/", views.plan_detail, name="plan_detail"),
    path("<id:plan_id>/print/", views.plan_print, name="plan_print"),
    path("<id:plan_id>/review/", views.plan_review, name="plan_review"),
    path("<id:plan_id>/actions/new/", views.action_add, name="plan_action_add"),
    path("<id:plan_id>/actions/<id:action_id>/", views.action_update, name="plan_action_update"),
]
