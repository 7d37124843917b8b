from django.urls import path

from spotlight.wins import views

urlpatterns = [
    path("families/<id:family_id>/wins/new/", views.win_add, name="win_add"),
    path("wins/", views.team_board, name="team_board"),
    path("supervision/", views.supervision_home, name="supervision_home"),
    path("supervision/with/<id:worker_id>/", views.supervision_add, name="supervision_add"),
    path("supervision/<id:supervision_id>/", views.supervision_detail, name="supervision_detail"),
]
