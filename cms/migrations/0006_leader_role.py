from django.db import migrations, models


def add_role_column(apps, schema_editor):
    """Give the leader rows sync last wrote a role column (empty), so they still equal the pages' leaders.

    Otherwise every synced leader list would differ from its stored form and be taken for an editor's change.
    """
    OwaspPage = apps.get_model("cms", "OwaspPage")
    for page in OwaspPage.objects.exclude(synced_values={}).only("pk", "synced_values").iterator():
        rows = (page.synced_values or {}).get("leaders")
        if isinstance(rows, list) and any(isinstance(row, list) and len(row) == 3 for row in rows):
            page.synced_values["leaders"] = [[*row, ""] if len(row) == 3 else row for row in rows]
            OwaspPage.objects.filter(pk=page.pk).update(synced_values=page.synced_values)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_chapter_location_postal"),
    ]

    operations = [
        migrations.AddField(
            model_name="leader",
            name="role",
            field=models.CharField(blank=True, help_text="As written beside the name, e.g. 'Chair'.", max_length=100),
        ),
        migrations.RunPython(add_role_column, migrations.RunPython.noop),
    ]
