from django.contrib import admin

from .models import Post, Snapshot
from .services import post_write, posts_delete


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["profile", "date", "followers", "following", "posts_count", "collected_at"]
    list_filter = ["profile__network"]
    search_fields = ["profile__handle", "profile__territory__name"]
    raw_id_fields = ["profile"]
    date_hierarchy = "date"
    list_select_related = ["profile"]
    show_full_result_count = False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = [
        "profile",
        "published_at",
        "media_type",
        "likes",
        "comments",
        "shares",
        "views",
        "image_count",
    ]
    list_filter = ["profile__network", "media_type"]
    search_fields = ["external_id", "profile__handle", "text"]
    raw_id_fields = ["profile"]
    date_hierarchy = "published_at"
    list_select_related = ["profile"]
    show_full_result_count = False

    # Through the services, so the daily rollups the rankings read stay exact.
    def save_model(self, request, obj, form, change):
        post_write(post=obj)

    def delete_model(self, request, obj):
        posts_delete(posts=Post.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        posts_delete(posts=queryset)
