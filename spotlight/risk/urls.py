from django.urls import path

from spotlight.risk import views

urlpatterns = [
    path("identify/", views.risk_identify, name="risk_identify"),
    path("identifications/<id:identification_id>/", views.identification_detail, name="risk_identification"),
    path("review/", views.risk_review, name="risk_review"),
    path("reviews/<id:review_id>/", views.review_detail, name="risk_review_detail"),
    path("safety-marker/", views.safety_marker, name="safety_marker"),
]
