from django.urls import path

from dossiers.web.views import articles, hubs, reference, search

urlpatterns = [
    path("", hubs.home, name="home"),
    path("topics/", hubs.hub_index, name="hubs"),
    path("topics/<slug:slug>/", hubs.hub_detail, name="hub"),
    path("topics/<slug:slug>/page/<int:page>/", hubs.hub_detail, name="hub-page"),
    path("analysis/<slug:slug>/", articles.article_detail, name="article"),
    path("analysis/<slug:slug>/comments/", articles.comment_post, name="comment-post"),
    path("authors/<slug:slug>/", reference.author_detail, name="author"),
    path("authors/<slug:slug>/page/<int:page>/", reference.author_detail, name="author-page"),
    path("entities/<slug:slug>/", reference.entity_detail, name="entity"),
    path("entities/<slug:slug>/page/<int:page>/", reference.entity_detail, name="entity-page"),
    path("glossary/", reference.glossary_page, name="glossary"),
    path("search/", search.search_page, name="search"),
    path("preview/<int:pk>/", articles.article_preview, name="article-preview"),
    path("favicon.ico", hubs.favicon, name="favicon"),
]

# Standing pages (about, contact, privacy) at /<slug>/: last, so every section above wins.
urlpatterns += [path("<slug:slug>/", reference.standing_page, name="page")]
