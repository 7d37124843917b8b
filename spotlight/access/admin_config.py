"""Django's administration app with Spotlight's site (`spotlight.access.admin_site`). Kept apart from the
site itself: settings name this class before any model can be imported."""

from django.contrib.admin.apps import AdminConfig


class SpotlightAdminConfig(AdminConfig):
    default_site = "spotlight.access.admin_site.SpotlightAdminSite"
