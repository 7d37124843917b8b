from django.urls import path

from spotlight.frontdoor import views

urlpatterns = [
    path("front-door/", views.front_door, name="front_door"),
    path("front-door/new/", views.referral_new, name="referral_new"),
    path("front-door/<id:referral_id>/", views.referral_detail, name="referral_detail"),
]
