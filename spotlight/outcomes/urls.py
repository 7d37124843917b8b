from django.urls import path

from spotlight.outcomes import views

urlpatterns = [
    path("new/", views.outcome_add, name="outcome_add"),
]
