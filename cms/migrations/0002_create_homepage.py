"""Replace Wagtail's placeholder root child with Nest's HomePage and point the default Site at it."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("cms", "HomePage")
    Locale = apps.get_model("wagtailcore", "Locale")

    # Wagtail's initial migration creates a "Welcome to your new Wagtail site!" page at depth 2.
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page").delete()

    locale, _ = Locale.objects.get_or_create(language_code="en")
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    home = HomePage.objects.create(
        title="OWASP Nest",
        draft_title="OWASP Nest",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        live=True,
        locale=locale,
    )
    Page.objects.filter(depth=1).update(numchild=Page.objects.filter(depth=2).count())
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": home.id, "site_name": "OWASP Nest"},
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("cms", "HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
