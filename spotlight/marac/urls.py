from django.urls import path

from spotlight.marac import views

urlpatterns = [
    path("marac/", views.marac_home, name="marac_home"),
    path("marac/meetings/<id:meeting_id>/", views.meeting_page, name="marac_meeting"),
    path("marac/meetings/<id:meeting_id>/minutes/", views.meeting_minutes, name="marac_minutes"),
    path(
        "families/<id:family_id>/marac/actions/<id:action_id>/to-plan/",
        views.action_to_plan,
        name="marac_action_to_plan",
    ),
]
