from django.urls import path

from dossiers.search import views as search_views
from dossiers.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("topics/", views.hub_index, name="hubs"),
    path("topics/<slug:slug>/", views.hub_detail, name="hub"),
    path("analysis/<slug:slug>/", views.article_detail, name="article"),
    path("analysis/<slug:slug>/comments/", views.comment_post, name="comment-post"),
    path("authors/<slug:slug>/", views.author_detail, name="author"),
    path("entities/<slug:slug>/", views.entity_detail, name="entity"),
    path("glossary/", views.glossary_page, name="glossary"),
    path("search/", search_views.search_page, name="search"),
    path("preview/<int:pk>/", views.article_preview, name="article-preview"),
    path("favicon.ico", views.favicon, name="favicon"),
]
