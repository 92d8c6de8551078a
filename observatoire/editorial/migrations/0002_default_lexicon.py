"""Loads the default lexicon (observatoire/editorial/lexicon_default.py) into Theme and
ThemeTerm and records it as LexiconRevision 1. A new database gets the lexicon as that module
writes it at the time; an existing one keeps what staff made of it. Reversible: going back
removes the default themes (with their terms) and the revision it created."""

from django.db import migrations

NOTE = "Lexique par défaut (lexicon_default.py)"


def load(apps, schema_editor):
    from observatoire.editorial.lexicon_default import THEMES

    Theme = apps.get_model("editorial", "Theme")
    ThemeTerm = apps.get_model("editorial", "ThemeTerm")
    LexiconRevision = apps.get_model("editorial", "LexiconRevision")
    for position, spec in enumerate(THEMES):
        theme, _ = Theme.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "name_en": spec.name_en,
                "description": spec.description,
                "bit": spec.bit,
                "position": position,
            },
        )
        terms = {term: False for term in spec.terms}
        terms.update({term: True for term in spec.negatives})
        rows = [ThemeTerm(theme=theme, term=term, negative=neg) for term, neg in terms.items()]
        ThemeTerm.objects.bulk_create(rows, ignore_conflicts=True)
    LexiconRevision.objects.create(note=NOTE)


def unload(apps, schema_editor):
    from observatoire.editorial.lexicon_default import THEMES

    Theme = apps.get_model("editorial", "Theme")
    LexiconRevision = apps.get_model("editorial", "LexiconRevision")
    Theme.objects.filter(slug__in=[spec.slug for spec in THEMES]).delete()
    LexiconRevision.objects.filter(note=NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [("editorial", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
