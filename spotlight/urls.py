from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from spotlight.reviews.urls import family_urlpatterns as family_language_urls

urlpatterns = [
    path("sign-in/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("spotlight.access.urls")),
    path("archive-reviews/", include("spotlight.reviews.urls")),
    path("audits/", include("spotlight.audit.urls")),
    path("families/<id:family_id>/pattern/", include("spotlight.pattern.urls")),
    path("families/<id:family_id>/documents/", include("spotlight.documents.urls")),
    path("families/<id:family_id>/risk/", include("spotlight.risk.urls")),
    path("families/<id:family_id>/outcomes/", include("spotlight.outcomes.urls")),
    path("families/<id:family_id>/plans/", include("spotlight.plans.urls")),
    path("families/<id:family_id>/information-sharing/", include("spotlight.sharing.urls")),
    path("families/<id:family_id>/", include(family_language_urls)),
    path("", include("spotlight.casework.urls")),
    path("", include("spotlight.wins.urls")),
    path("", include("spotlight.frontdoor.urls")),
    path("", include("spotlight.marac.urls")),
    path("", include("spotlight.family.urls")),
    path("", include("spotlight.cases.urls")),
]

handler400 = "spotlight.ui.errors.bad_request"
handler403 = "spotlight.ui.errors.forbidden"
handler404 = "spotlight.ui.errors.not_found"
handler500 = "spotlight.ui.errors.server_error"
