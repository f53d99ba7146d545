from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("stories/<int:pk>/comments/", views.post_comment, name="post"),
    path("comments/stamp/<int:pk>/", views.comment_stamp, name="stamp"),
    path("moderation/", views.QueueView.as_view(), name="queue"),
    path("moderation/decide/", views.moderate, name="moderate"),
]
