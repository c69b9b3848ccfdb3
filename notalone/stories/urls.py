from django.urls import path

from notalone.stories import views

app_name = "stories"

urlpatterns = [
    path("stories/", views.feed, name="feed"),
    path("search/", views.feed, name="search"),
    path("stories/new/", views.new, name="new"),
    path("stories/mine/", views.mine, name="mine"),
    path("stories/<int:story_id>/", views.detail, name="detail"),
    path("stories/<int:story_id>/edit/", views.edit, name="edit"),
    path("stories/<int:story_id>/delete/", views.delete, name="delete"),
    path("stories/<int:story_id>/pdf/", views.pdf, name="pdf"),
    path("stories/<int:story_id>/react/<str:kind>/", views.react, name="react"),
    path("stories/<int:story_id>/replies/", views.reply, name="reply"),
    path("replies/<int:reply_id>/hide/", views.reply_hide, name="reply_hide"),
    path("replies/<int:reply_id>/delete/", views.reply_delete, name="reply_delete"),
    path("block/", views.block, name="block"),
    path("tags/<str:tag>/", views.tag, name="tag"),
    path("guidelines/", views.guidelines, name="guidelines"),
]
