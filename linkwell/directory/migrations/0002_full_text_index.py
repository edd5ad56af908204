from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from linkwell.directory import fulltext


def install(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    fulltext.install(schema_editor.connection)


def remove(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    fulltext.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
