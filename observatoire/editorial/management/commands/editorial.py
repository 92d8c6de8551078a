from django.core.management.base import BaseCommand, CommandError
from django.utils import formats
from django.utils.translation import gettext as _

from observatoire.core.models import JobRun
from observatoire.editorial.accessibility import RULES_VERSION
from observatoire.editorial.models import (
    AccessibilityMonth,
    BrandedHashtag,
    Campaign,
    EditorialMonth,
    PostAnalysis,
    PostHashtag,
    Theme,
    ThemeTerm,
)
from observatoire.editorial.services import editorial_rebuild, lexicon_current
from observatoire.metrics.models import Post


class Command(BaseCommand):
    help = "Analyse des publications (thèmes, formats, hashtags, accessibilité) : rebuild, status."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        rebuild = commands.add_parser(
            "rebuild",
            help="Refaire de zéro les analyses, hashtags, bilans mensuels et hashtags de marque "
            "de toutes les publications (lexique et règles actuels).",
        )
        rebuild.add_argument("--yes", action="store_true", help="Confirmer la réécriture.")
        rebuild.add_argument(
            "--no-progress", action="store_true", help="Sans barre de progression."
        )
        commands.add_parser("status", help="Où en sont les analyses des publications.")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _rebuild(self, *, yes, no_progress=False, **options):
        if not yes:
            raise CommandError(
                "Réécrit les analyses de toutes les publications, leurs hashtags, les bilans "
                "mensuels et les hashtags de marque : relancez avec --yes pour confirmer."
            )
        run = editorial_rebuild(progress=not no_progress and options["verbosity"] > 0)
        counts = run.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts.get('posts', 0)} publications analysées, {counts.get('hashtags', 0)} "
                f"hashtags, {counts.get('editorial_months', 0)} bilans éditoriaux et "
                f"{counts.get('accessibility_months', 0)} bilans d'accessibilité mensuels, "
                f"{counts.get('branded_hashtags', 0)} hashtags de marque "
                f"({run.duration.total_seconds():.1f} s)"
            )
        )

    def _status(self, **options):
        current = lexicon_current()
        posts = Post.objects.count()
        analyses = PostAnalysis.objects.count()
        lines = [
            _("Lexique : v%(revision)d (%(themes)d thèmes, %(terms)d termes)")
            % {
                "revision": current.revision,
                "themes": Theme.objects.count(),
                "terms": ThemeTerm.objects.count(),
            },
            _("Publications : %(posts)d, analysées : %(analyses)d, sans analyse : %(missing)d")
            % {"posts": posts, "analyses": analyses, "missing": max(posts - analyses, 0)},
            _("Analyses à reclassifier (lexique antérieur) : %(n)d")
            % {"n": PostAnalysis.objects.exclude(lexicon_revision=current.revision).count()},
            _("Analyses faites avec d'autres règles d'accessibilité (v%(version)d) : %(n)d")
            % {
                "version": RULES_VERSION,
                "n": PostAnalysis.objects.exclude(rules_version=RULES_VERSION).count(),
            },
            _(
                "Hashtags des publications : %(tags)d, hashtags de marque : %(branded)d, "
                "campagnes : %(campaigns)d"
            )
            % {
                "tags": PostHashtag.objects.count(),
                "branded": BrandedHashtag.objects.count(),
                "campaigns": Campaign.objects.count(),
            },
            _("Bilans mensuels : %(editorial)d éditoriaux, %(accessibility)d d'accessibilité")
            % {
                "editorial": EditorialMonth.objects.count(),
                "accessibility": AccessibilityMonth.objects.count(),
            },
        ]
        last = JobRun.objects.filter(kind=JobRun.Kind.EDITORIAL).order_by("-started_at").first()
        if last is not None:
            lines.append(
                _("Dernière tâche : %(name)s, %(when)s (%(status)s)")
                % {
                    "name": last.name,
                    "when": formats.localize(last.started_at),
                    "status": last.get_status_display(),
                }
            )
        if (
            posts - analyses > 0
            or PostAnalysis.objects.exclude(rules_version=RULES_VERSION).exists()
        ):
            lines.append(_("→ observatoire editorial rebuild --yes"))
        self.stdout.write("\n".join(lines))
