"""Flask-AppBuilder views: ``datamodel = SQLAInterface(Model)`` says which model the field
names of the view's body (``list_columns``, ``label_columns`` keys, fieldsets, ...) belong
to, and a mixin of field lists names the fields of the model its views show."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from flask_appbuilder import Model
    from sqlalchemy import Boolean, Column, ForeignKey, Integer, String
    from sqlalchemy.orm import relationship


    class Database(Model):
        __tablename__ = "dbs"

        id = Column(Integer, primary_key=True)
        database_name = Column(String(250), unique=True)
        allow_csv_upload = Column(Boolean, default=False)
        expose_in_sqllab = Column(Boolean, default=True)


    class SavedQuery(Model):
        __tablename__ = "saved_query"

        id = Column(Integer, primary_key=True)
        label = Column(String(256))
        allow_csv_upload = Column(Boolean, default=False)


    class DruidCluster(Model):
        __tablename__ = "clusters"

        id = Column(Integer, primary_key=True)
        cluster_name = Column(String(250), unique=True)


    class DruidDatasource(Model):
        __tablename__ = "datasources"

        id = Column(Integer, primary_key=True)
        datasource_name = Column(String(255))
        cluster_name = Column(String(250), ForeignKey("clusters.cluster_name"))
        cluster = relationship(
            "DruidCluster", backref="datasources", foreign_keys=[cluster_name]
        )
"""

MIXIN = """
    from flask_babel import lazy_gettext as _


    class DatabaseMixin:
        list_columns = ["database_name", "allow_csv_upload", "creator", "modified"]
        add_columns = ["database_name", "allow_csv_upload", "expose_in_sqllab"]
        edit_columns = add_columns
        show_columns = add_columns + ["allow_csv_upload_label"]
        base_order = ("database_name", "desc")
        label_columns = {
            "database_name": _("Database"),
            "allow_csv_upload": _("Allow Csv Upload"),
        }
        show_fieldsets = [
            ("Summary", {"fields": ["database_name", "allow_csv_upload"]}),
        ]


    class SharedMixin:
        list_columns = ["label", "allow_csv_upload"]
"""

VIEWS = """
    from flask_appbuilder import ModelView
    from flask_appbuilder.models.sqla.interface import SQLAInterface

    from app import models
    from app.views.database import DatabaseMixin, SharedMixin


    class DatabaseView(DatabaseMixin, ModelView):
        datamodel = SQLAInterface(models.Database)


    class DatabaseAsync(DatabaseView):
        list_columns = ["id", "database_name", "allow_csv_upload"]


    class SharedDatabaseView(SharedMixin, ModelView):
        datamodel = SQLAInterface(models.Database)


    class SharedQueryView(SharedMixin, ModelView):
        datamodel = SQLAInterface(models.SavedQuery)
"""


def test_a_mixin_names_the_fields_of_the_model_its_views_show(tmp_path: Path) -> None:
    """``DatabaseMixin``'s lists, dict keys, fieldsets and ``base_order`` name
    ``Database``'s fields: ``DatabaseView`` (another file) shows ``Database`` through
    ``datamodel = SQLAInterface(models.Database)``. ``SharedMixin`` serves views of two
    models: its ``"allow_csv_upload"`` is not proven to be the one of ``dbs``."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/views/__init__.py": "",
            "app/views/database/__init__.py": MIXIN,
            "app/views/database/views.py": VIEWS,
        },
    )
    mixin = files["app/views/database/__init__.py"]
    views = files["app/views/database/views.py"]
    rows = accounted(tmp_path, "dbs.allow_csv_upload", skip="app/models.py")
    mixin_path, views_path = "app/views/database/__init__.py", "app/views/database/views.py"
    certain = [
        (mixin_path, *at(mixin, 'list_columns = ["database_name", ^"allow_csv_upload"')),
        (mixin_path, *at(mixin, 'add_columns = ["database_name", ^"allow_csv_upload"')),
        (mixin_path, *at(mixin, '^"allow_csv_upload": _(')),
        (mixin_path, *at(mixin, '"fields": ["database_name", ^"allow_csv_upload"')),
        (views_path, *at(views, '"database_name", ^"allow_csv_upload"]')),
    ]
    for where in certain:
        assert (*where, "CR106 certain") in rows
    shared = at(mixin, 'list_columns = ["label", ^"allow_csv_upload"')
    assert not any(row[:3] == (mixin_path, *shared) and "certain" in row[3] for row in rows)


def test_a_view_names_its_models_relationship_and_not_another_tables_column(
    tmp_path: Path,
) -> None:
    """``"cluster"`` in a view of ``DruidDatasource`` names the relationship built on
    ``datasources.cluster_name``, as a list item and as a ``label_columns`` key; in a view
    of ``DruidCluster`` (through a project's subclass of ``SQLAInterface``),
    ``"cluster_name"`` is ``clusters.cluster_name`` and ``"datasources"`` the backref."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/interface.py": """
        from flask_appbuilder.models.sqla.interface import SQLAInterface


        class CustomSQLAInterface(SQLAInterface):
            pass
    """,
            "app/views.py": """
        from flask_appbuilder import ModelView

        from app import models
        from app.interface import CustomSQLAInterface


        class DruidClusterModelView(ModelView):
            datamodel = CustomSQLAInterface(models.DruidCluster)

            list_columns = ["cluster_name", "datasources"]
            label_columns = {"cluster_name": "Cluster Name"}


        class DruidDatasourceModelView(ModelView):
            datamodel = CustomSQLAInterface(models.DruidDatasource)

            list_columns = ["datasource_link", "cluster", "changed_by_", "modified"]
            label_columns = {"cluster": "Cluster", "datasource_link": "Data Source"}
    """,
        },
    )
    views = files["app/views.py"]
    rows = accounted(tmp_path, "datasources.cluster_name", skip="app/models.py")
    assert ("app/views.py", *at(views, '"datasource_link", ^"cluster"'), "CR108 certain") in rows
    assert ("app/views.py", *at(views, '{^"cluster": "Cluster"'), "CR108 certain") in rows
    assert ("app/views.py", *at(views, '^"datasources"]'), "CR108 certain") in rows
    other = "excluded: other-table"
    assert ("app/views.py", *at(views, '["^cluster_name", "datasources"]'), other) in rows
    assert ("app/views.py", *at(views, '{"^cluster_name": "Cluster Name"}'), other) in rows


HOOKS = """
    from app.security import add_permission


    class DatabaseMixin:
        list_columns = ["database_name", "allow_csv_upload"]

        def _pre_add_update(self, db):
            add_permission("database_access", db.allow_csv_upload)

        def pre_add(self, db):
            self._pre_add_update(db)

        def pre_update(self, db):
            self._pre_add_update(db)

        def post_delete(self, db):
            return db.allow_csv_upload

        def prefill(self, db):
            return db.allow_csv_upload


    class SharedMixin:
        def pre_add(self, item):
            return item.allow_csv_upload
"""


def test_the_hooks_of_a_view_are_given_the_row_of_its_model(tmp_path: Path) -> None:
    """Flask-AppBuilder calls ``pre_add``, ``pre_update``, ``post_delete``... of a view with
    the row it adds, updates or deletes: in superset's ``DatabaseMixin``, whose every view
    shows a ``Database``, ``db`` is a ``Database``, in the hook and in the method every hook
    hands it to. A method of another name, and the hook of a mixin whose views show
    several models, prove nothing."""
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/security.py": "def add_permission(kind, value):\n    return kind, value\n",
            "app/views/__init__.py": "",
            "app/views/database.py": HOOKS,
            "app/views/views.py": VIEWS,
        },
    )
    hooks = files["app/views/database.py"]
    rows = accounted(tmp_path, "dbs.allow_csv_upload", skip="app/models.py")
    certain = "CR103 certain"
    assert ("app/views/database.py", *at(hooks, "db.^allow_csv_upload)"), certain) in rows
    assert ("app/views/database.py", *at(hooks, "return db.^allow_csv_upload"), certain) in rows
    prefill = at(hooks, "return db.^allow_csv_upload", 2)
    shared = at(hooks, "item.^allow_csv_upload")
    for position in (prefill, shared):
        assert not any(r[1:3] == position and r[3].endswith("certain") for r in rows)


FILTERS = """
    from flask_appbuilder.models.filters import BaseFilter


    class DatabaseFilter(BaseFilter):
        def apply(self, query, func):
            return query.filter(self.model.allow_csv_upload.is_(True))


    class SharedFilter(BaseFilter):
        def apply(self, query, func):
            return query.filter(self.model.allow_csv_upload.is_(True))


    class DatabaseMixin:
        base_filters = [["id", DatabaseFilter, lambda: []]]


    class SharedMixin:
        base_filters = [["id", SharedFilter, lambda: []]]
"""


def test_a_filter_of_base_filters_is_given_the_model_its_views_show(tmp_path: Path) -> None:
    """Flask-AppBuilder builds each filter of a view's ``base_filters`` with the view's data
    interface and sets its ``self.model`` to the model it shows: superset's
    ``DatabaseFilter`` of ``DatabaseMixin`` filters ``Database`` rows, so
    ``self.model.perm`` is the column. A filter of views that show several models
    (``SharedMixin`` of a ``Database`` and a ``SavedQuery`` view) proves nothing."""
    files = write(tmp_path, {**_FILTER_PROJECT, "app/views/database.py": FILTERS})
    filters = files["app/views/database.py"]
    rows = accounted(tmp_path, "dbs.allow_csv_upload", skip="app/models.py")
    first = at(filters, "self.model.^allow_csv_upload")
    assert ("app/views/database.py", *first, "CR102 certain") in rows
    shared = at(filters, "self.model.^allow_csv_upload", 2)
    assert not any(r[1:3] == shared and r[3].endswith("certain") for r in rows)


def test_a_view_of_another_model_deriving_from_the_filtered_one(tmp_path: Path) -> None:
    """Near miss: a view in a file that names no ``base_filters`` derives from
    ``DatabaseView`` and shows ``SavedQuery`` rows with its filters: ``DatabaseFilter``
    filters both models, and its ``self.model`` is neither proven."""
    more = """
        from flask_appbuilder.models.sqla.interface import SQLAInterface

        from app import models
        from app.views.views import DatabaseView


        class SavedQueryView(DatabaseView):
            datamodel = SQLAInterface(models.SavedQuery)
    """
    views = """
        from flask_appbuilder import ModelView
        from flask_appbuilder.models.sqla.interface import SQLAInterface

        from app import models
        from app.views.database import DatabaseMixin


        class DatabaseView(DatabaseMixin, ModelView):  # rows with allow_csv_upload set
            datamodel = SQLAInterface(models.Database)
    """
    files = write(
        tmp_path,
        {
            **_FILTER_PROJECT,
            "app/views/database.py": FILTERS.replace("SharedMixin", "OtherMixin"),
            "app/views/views.py": views,
            "app/views/more.py": more,
        },
    )
    filters = files["app/views/database.py"]
    rows = accounted(tmp_path, "dbs.allow_csv_upload", skip="app/models.py")
    first = at(filters, "self.model.^allow_csv_upload")
    assert not any(r[1:3] == first and r[3].endswith("certain") for r in rows)


_FILTER_PROJECT = {
    "app/__init__.py": "",
    "app/models.py": MODELS,
    "app/views/__init__.py": "",
    "app/views/views.py": VIEWS,
}


def test_a_filter_a_view_is_given_otherwise_than_in_its_class_body(tmp_path: Path) -> None:
    """Near miss: a view of ``SavedQuery`` takes ``DatabaseFilter`` through a module's list
    (``base_filters = FILTERS``) or sets its filters in its constructor
    (``self.base_filters = [...]``): the filter filters both models, and its
    ``self.model`` is neither proven (retiring ``saved_query``'s column, the read must not
    be taken for the other model's)."""
    for more in (
        """
        from flask_appbuilder import ModelView
        from flask_appbuilder.models.sqla.interface import SQLAInterface

        from app import models
        from app.views.database import DatabaseFilter

        FILTERS = [["id", DatabaseFilter, lambda: []]]


        class SavedQueryView(ModelView):
            datamodel = SQLAInterface(models.SavedQuery)
            base_filters = FILTERS
        """,
        """
        from flask_appbuilder import ModelView
        from flask_appbuilder.models.sqla.interface import SQLAInterface

        from app import models
        from app.views.database import DatabaseFilter


        class SavedQueryView(ModelView):
            datamodel = SQLAInterface(models.SavedQuery)

            def __init__(self):
                self.base_filters = [["id", DatabaseFilter, lambda: []]]
                super().__init__()
        """,
    ):
        files = write(
            tmp_path,
            {
                **_FILTER_PROJECT,
                "app/views/database.py": FILTERS.replace("SharedMixin", "OtherMixin"),
                "app/views/views.py": VIEWS.replace("SharedMixin", "OtherMixin"),
                "app/views/more.py": more,
            },
        )
        filters = files["app/views/database.py"]
        rows = accounted(tmp_path, "dbs.allow_csv_upload", skip="app/models.py")
        first = at(filters, "self.model.^allow_csv_upload")
        assert not any(r[1:3] == first and r[3].endswith("certain") for r in rows)
