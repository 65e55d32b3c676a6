"""A dict of attribute names handed to a function of the module that sets them.

pgAdmin's ``update()`` maps request fields to ``Server`` attributes (``config_param_map =
{"hostaddr": "hostaddr", "sslmode": "ssl_mode"}``) and hands the map, with the row, to a
helper that hands both on to another, which does ``setattr(server,
config_param_map[arg], value)``: each value names an attribute of the object given beside
the map. Set on a ``Server`` (and on a ``SharedServer`` too, in another branch), the value
is the ``Server`` column's name. A helper that only reads the map, an object of unknown
class, or a plain method reached through its class (given ``self`` among the arguments)
proves nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analysis.helpers import accounted, at, code, write

MODELS = """
    from flask_sqlalchemy import SQLAlchemy

    db = SQLAlchemy()


    class Server(db.Model):
        __tablename__ = "server"
        id = db.Column(db.Integer, primary_key=True)
        hostaddr = db.Column(db.String(128))


    class SharedServer(db.Model):
        __tablename__ = "sharedserver"
        id = db.Column(db.Integer, primary_key=True)
        hostaddr = db.Column(db.String(128))
"""

VIEWS = """
    from app.models import Server, SharedServer


    class ServerNode:
        def update(self, sid, data):
            server = Server.query.filter_by(id=sid).first()
            sharedserver = SharedServer.query.filter_by(osid=sid).first()
            config_param_map = {
                "name": "name",
                "hostaddr": "hostaddr",
            }
            return self._set_valid_attr_value(data, config_param_map, server, sharedserver)

        @staticmethod
        def _update_server_details(server, sharedserver, config_param_map, arg, value):
            if server.shared:
                setattr(sharedserver, config_param_map[arg], value)
            else:
                setattr(server, config_param_map[arg], value)

        def _set_valid_attr_value(self, data, config_param_map, server, sharedserver):
            for arg in config_param_map:
                if arg in data:
                    self._update_server_details(
                        server, sharedserver, config_param_map, arg, data[arg]
                    )
"""


def _scan(tmp_path: Path, views: str, column: str = "server.hostaddr") -> list[tuple]:
    files = write(
        tmp_path,
        {"app/__init__.py": "", "app/models.py": MODELS, "app/views.py": views},
    )
    line, col = at(files["app/views.py"], '"hostaddr": ^"hostaddr"')
    # the value: a reference starts at its quote, any other tier at the word inside it
    return [
        r
        for r in accounted(tmp_path, column)
        if r[:2] == ("app/views.py", line) and r[2] in (col, col + 1)
    ]


@pytest.mark.parametrize("column", ["server.hostaddr", "sharedserver.hostaddr"])
def test_the_values_name_attributes_set_on_the_rows_given_beside(
    tmp_path: Path, column: str
) -> None:
    [(_, _, _, where)] = _scan(tmp_path, VIEWS, column)
    assert where == "CR106 certain"


#: the helper called through its class's name, a static method no subclass can stand in for
ALONE = (
    "self._set_valid_attr_value(data, config_param_map, server, sharedserver)",
    "ServerNode._update_server_details(\n"
    "                sharedserver, sharedserver, config_param_map, 'hostaddr', data\n"
    "            )",
)


def test_set_on_another_table_alone_is_that_tables(tmp_path: Path) -> None:
    [(_, _, _, where)] = _scan(tmp_path, code(VIEWS).replace(*ALONE))
    assert where == "excluded: other-table"


def test_set_through_self_on_another_table_proves_nothing(tmp_path: Path) -> None:
    """``self._set_valid_attr_value(...)`` given only the ``SharedServer``: ``self`` may be
    of a class deriving from ``ServerNode`` in a file the scan does not read, whose helper
    may set the names on a ``Server``; set on our model it would still be ours."""
    views = code(VIEWS).replace(
        "self._set_valid_attr_value(data, config_param_map, server, sharedserver)",
        "self._set_valid_attr_value(data, config_param_map, sharedserver, sharedserver)",
    )
    [(_, _, _, where)] = _scan(tmp_path, views)
    assert where == "unexplained"


@pytest.mark.parametrize(
    "change",
    [
        # the helper only reads the map
        ("setattr(", "print("),
        # an object of unknown class beside the map
        ("server = Server.query.filter_by(id=sid).first()", "server = data.server"),
        # a plain method reached through its class is given self among the arguments
        (
            "self._set_valid_attr_value(data, config_param_map, server, sharedserver)",
            "ServerNode._set_valid_attr_value(data, config_param_map, server, sharedserver)",
        ),
        # the map is rebound in the helper before the lookup
        ("for arg in config_param_map:", "config_param_map = {}\n            for arg in data:"),
    ],
)
def test_what_proves_nothing(tmp_path: Path, change: tuple[str, str]) -> None:
    views = code(VIEWS)
    assert change[0] in views
    [(_, _, _, where)] = _scan(tmp_path, views.replace(*change))
    assert where == "unexplained"


def test_an_object_annotated_as_either_model(tmp_path: Path) -> None:
    """``server: Union[Server, SharedServer]`` beside the map: set on a ``Server`` too."""
    views = (
        code(VIEWS)
        .replace("from app.models import", "from typing import Union\n\nfrom app.models import")
        .replace(
            "def update(self, sid, data):",
            "def update(self, sid, data, row: Union[Server, SharedServer]):",
        )
        .replace("config_param_map, server, sharedserver)\n", "config_param_map, row, row)\n")
    )
    [(_, _, _, where)] = _scan(tmp_path, views)
    assert where == "CR106 certain"


def test_a_helper_that_also_uses_the_map_otherwise_proves_nothing(tmp_path: Path) -> None:
    """The helper sets the attributes the map names on the ``SharedServer`` given, but also
    hands the map to code that may set them on a ``Server`` (here, one it builds itself):
    the value may name the ``Server`` column, so it is not excluded as the other table's."""
    helper = "            setattr(server, config_param_map[arg], value)\n"
    assert helper in code(VIEWS)
    views = (
        code(VIEWS)
        .replace(*ALONE)
        .replace(helper, helper + "        fill(Server(), config_param_map)\n")
        + "\n\ndef fill(row, mapping):\n    for field, attr in mapping.items():\n        setattr(row, attr, None)\n"
    )
    [(_, _, _, where)] = _scan(tmp_path, views)
    assert where == "unexplained"


def test_a_method_a_subclass_may_override_proves_nothing(tmp_path: Path) -> None:
    """``self._set_valid_attr_value(...)`` where a class of the project derives from
    ``ServerNode`` and overrides the helper: ``self`` may be one of those, whose helper may
    set the names on a ``Server``."""
    views = code(VIEWS).replace(
        "self._set_valid_attr_value(data, config_param_map, server, sharedserver)",
        "self._set_valid_attr_value(data, config_param_map, sharedserver, sharedserver)",
    )
    files = write(
        tmp_path,
        {
            "app/__init__.py": "",
            "app/models.py": MODELS,
            "app/views.py": views,
            "app/other.py": """
                from app.models import Server
                from app.views import ServerNode


                class OwnNode(ServerNode):
                    def _set_valid_attr_value(self, data, config_param_map, server, shared):
                        row = Server()
                        for arg, attr in config_param_map.items():
                            setattr(row, attr, data[arg])
            """,
        },
    )
    line, col = at(files["app/views.py"], '"hostaddr": ^"hostaddr"')
    [(_, _, _, where)] = [
        r
        for r in accounted(tmp_path, "server.hostaddr")
        if r[:2] == ("app/views.py", line) and r[2] in (col, col + 1)
    ]
    assert where == "unexplained"
