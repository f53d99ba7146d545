"""Share-draft links: a draft read by someone without an account."""

from django.core import signing
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers

from articles.stories.models import Article
from articles.stories.views import ArticleDetailView

from .models import ShareLink


class SharedDraftView(ArticleDetailView):
    """
    /preview/<signed id>/: a draft read through a share-draft link, with no account.

    The story page (templates/articles/article_detail.html, with ``share_link``
    and ``is_preview``: the DRAFT banner and noindex) while the link is valid;
    templates/articles/share_link_invalid.html with ``problem`` ("invalid",
    "revoked" or "expired") and ``link`` otherwise: 404 for an address that was
    altered or never existed, 410 for a link revoked or past its time. A story
    published since goes to its public address. Never stored by any cache, and
    never sent on as a referrer (the address is the secret).
    """

    is_staff = True  # every story, published or not: the link decides
    use_shell = False  # a draft: never from nor into the cache

    def visible_stories(self):
        return Article.objects.all()

    def get(self, request, *args, **kwargs):
        link, problem = self.resolve(kwargs["signed"])
        if problem:
            status = 404 if problem == "invalid" else 410
            response = render(
                request,
                "articles/share_link_invalid.html",
                {"problem": problem, "link": link},
                status=status,
            )
            return self.private(response)
        self.kwargs["pk"] = link.article_id
        self.object = self.get_object()
        if self.object.is_public:
            return redirect(self.object)
        if self.object.edition_info.code != request.edition.code:
            # A link from before editions (sent to /en/): the draft in its own language.
            return redirect(link.get_absolute_url())
        context = self.get_context_data(object=self.object, share_link=link)
        return self.private(self.render_to_response(context))

    @staticmethod
    def resolve(signed):
        """The link and what is wrong with it ("" when nothing is)."""
        try:
            pk = ShareLink.id_from_token(signed)
        except signing.BadSignature:
            return None, "invalid"
        link = ShareLink.objects.filter(pk=pk).first()
        if link is None:
            return None, "invalid"
        return link, "" if link.state == "active" else link.state

    @staticmethod
    def private(response):
        add_never_cache_headers(response)  # private, no-store (and no-cache, max-age=0)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response
