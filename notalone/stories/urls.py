from django.urls import path

from notalone.stories import views

app_name = "stories"

urlpatterns = [
    path("stories/", views.feed, name="feed"),
    path("search/", views.feed, name="search"),
    path("stories/new/", views.new, name="new"),
    path("stories/pii-check/", views.pii_check, name="pii_check"),
    path("stories/mine/", views.mine, name="mine"),
    path("stories/<pid:story_id>/", views.detail, name="detail"),
    path("stories/<pid:story_id>/edit/", views.edit, name="edit"),
    path("stories/<pid:story_id>/delete/", views.delete, name="delete"),
    path("stories/<pid:story_id>/pdf/", views.pdf, name="pdf"),
    path("stories/<pid:story_id>/react/<str:kind>/", views.react, name="react"),
    path("stories/<pid:story_id>/replies/", views.reply, name="reply"),
    path("replies/<pid:reply_id>/hide/", views.reply_hide, name="reply_hide"),
    path("replies/<pid:reply_id>/delete/", views.reply_delete, name="reply_delete"),
    path("block/", views.block, name="block"),
    path("account/blocks/", views.blocks, name="blocks"),
    path("account/blocks/undo/", views.blocks_undo, name="blocks_undo"),
    path("tags/<str:tag>/", views.tag, name="tag"),
    path("guidelines/", views.guidelines, name="guidelines"),
]
