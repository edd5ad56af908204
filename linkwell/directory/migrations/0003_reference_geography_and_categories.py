from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # Uses the current models on purpose: these loaders are also run by `linkwell demo` to refresh the data.
    from linkwell.directory.reference_geography import load_reference_geography
    from linkwell.directory.taxonomy import ensure_linkwell_taxonomy

    load_reference_geography()
    ensure_linkwell_taxonomy()


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_full_text_index")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
