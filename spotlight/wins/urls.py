from django.urls import path

from spotlight.wins import views

urlpatterns = [
    path("families/<id:family_id>/wins/new/", views.win_add, name="win_add"),
    path("wins/", views.team_board, name="team_board"),
]
