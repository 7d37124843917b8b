from django.urls import path

from spotlight.access import views

urlpatterns = [
    path("sign-in/code/", views.second_factor_verify, name="second_factor"),
    path("sign-in/authenticator/", views.second_factor_enrol, name="second_factor_enrol"),
    path("account/", views.account, name="account"),
    path("account/password/", views.PasswordChange.as_view(), name="password_change"),
    path("account/recovery-codes/", views.recovery_codes_renew, name="recovery_codes_renew"),
    path("session/keep-alive/", views.session_keep_alive, name="session_keep_alive"),
]
