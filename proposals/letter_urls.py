"""The public check of a decision letter, at ``/letters/<code>/``."""

from django.urls import path

from proposals import views

app_name = "letters"

urlpatterns = [
    path("<slug:code>/", views.letter_verify, name="verify"),
]
