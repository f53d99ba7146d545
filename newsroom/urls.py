from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.generic import RedirectView, TemplateView


class FaviconRedirect(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        # Resolved per request: hashed static names exist only after collectstatic.
        return static_url("img/favicon.svg")


admin.site.site_header = f"{settings.NEWSROOM_NAME} newsroom"
admin.site.site_title = settings.NEWSROOM_NAME
admin.site.index_title = "Newsroom"

urlpatterns = [
    # Browsers ask for /favicon.ico on pages without an icon link (the admin's).
    path("favicon.ico", FaviconRedirect.as_view()),
    path("admin/", admin.site.urls),
    # The staff's interface language (Django's set_language: a cookie).
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("api/v1/", include("api.urls")),
    path("", include("comments.urls")),
    # "/" (choose an edition) and the addresses from before editions (301s).
    path("", include("articles.editions.urls")),
]
# Every public page under its edition's prefix: /en/, /ckb/, /ar/, /kmr/ (the language
# codes of settings.LANGUAGES; LocaleMiddleware activates the language from it).
urlpatterns += i18n_patterns(path("", include("articles.urls")), prefix_default_language=True)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
