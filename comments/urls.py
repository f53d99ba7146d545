from django.urls import path

from . import views
from .metrics import views as metrics_views
from .notices import views as notice_views
from .privacy import views as privacy_views
from .reports import views as report_views
from .surge import views as surge_views

app_name = "comments"

urlpatterns = [
    path("stories/<int:pk>/comments/", views.post_comment, name="post"),
    path("comments/stamp/<int:pk>/", views.comment_stamp, name="stamp"),
    path("moderation/", views.QueueView.as_view(), name="queue"),
    path("moderation/decide/", views.moderate, name="moderate"),
    path("comments/<int:pk>/report/", report_views.report_comment, name="report"),
    path("moderation/reports/", report_views.ReportQueueView.as_view(), name="reports"),
    path("moderation/reports/decide/", report_views.resolve_report, name="resolve-report"),
    path("moderation/stories/<int:pk>/controls/", surge_views.update_controls, name="controls"),
    path("moderation/privacy/", privacy_views.privacy_request, name="privacy"),
    path("comments/unsubscribe/<str:token>/", notice_views.unsubscribe, name="unsubscribe"),
    path(
        "comments/unsubscribe/<str:token>/one-click/",
        notice_views.unsubscribe_one_click,
        name="unsubscribe-one-click",
    ),
    path("moderation/dashboard/", metrics_views.DashboardView.as_view(), name="dashboard"),
    path("moderation/dashboard/decisions.csv", metrics_views.decision_log_csv, name="decision-log"),
]
