from django.contrib import admin
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Article
from .rendering import markdown_to_html


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "published_at", "author", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"
    readonly_fields = ["preview"]
    fields = ["title", "slug", "summary", "body", "preview", "author", "published_at", "is_demo"]

    @admin.display(description=_("Aperçu (HTML nettoyé)"))
    def preview(self, obj: Article) -> str:
        # Sanitised by nh3 before being marked safe.
        return mark_safe(markdown_to_html(obj.body)) if obj.pk else "—"

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)
