from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "spotlight.reviews"
    label = "reviews"
    verbose_name = "Language reviews"
