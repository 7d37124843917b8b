from django.urls import path

from spotlight.documents import views

urlpatterns = [
    path("new/", views.document_attach, name="document_attach"),
    path("<id:document_id>/download/", views.document_download, name="document_download"),
    path("<id:document_id>/strike-out/", views.document_strike_out, name="document_strike_out"),
]
