from django.urls import path

from spotlight.sharing import views

urlpatterns = [path("new/", views.sharing_add, name="sharing_add")]
