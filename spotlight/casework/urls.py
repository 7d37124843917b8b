from django.urls import path

from spotlight.casework import views

urlpatterns = [
    path("due-this-week/", views.due_this_week, name="due_this_week"),
    path("overdue-across-my-teams/", views.overdue_in_teams, name="overdue_in_teams"),
    path("families/<id:family_id>/plan-status/new/", views.child_plan_record, name="child_plan_record"),
    path("families/<id:family_id>/tasks/new/", views.task_add, name="task_add"),
    path("families/<id:family_id>/tasks/<id:task_id>/done/", views.task_done, name="task_done"),
    path("families/<id:family_id>/tasks/<id:task_id>/not-done/", views.task_not_done, name="task_not_done"),
]
