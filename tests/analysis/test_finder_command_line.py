"""The name of a command line's parameter, declared to click or argparse, is the command
line's: click hands the value to the command as a parameter of that name, argparse sets it on
its ``Namespace``. The shapes are a Flask app's click commands and a CLI's argparse groups,
beside a model with a ``username`` column."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class LoginHistory(Base):
        __tablename__ = "login_history"
        id = Column(Integer, primary_key=True)
        username = Column(String)
"""

CLICK = """
    import click

    from app.models import LoginHistory


    def add_commands(app):
        @app.cli.command()
        @click.argument("username")
        @click.option("--email", required=True)
        def create(name, email):
            return name, email
"""

ARGPARSE = """
    import argparse

    from app.models import LoginHistory


    def register(parser: argparse.ArgumentParser):
        group = parser.add_argument_group("Login")
        exclusive = group.add_mutually_exclusive_group()
        exclusive.add_argument("--user", action="store", dest="username")


    def main():
        parser = argparse.ArgumentParser()
        commands = parser.add_subparsers()
        login = commands.add_parser("login")
        login.add_argument("username")
"""

OWN = """
    from app.models import LoginHistory


    class Form:
        def add_argument(self, flag, dest):
            return LoginHistory(**{dest: flag})


    def build(form):
        form.add_argument("--user", dest="username")
"""


def test_a_click_parameter_is_the_command_lines(tmp_path: Path) -> None:
    files = write(tmp_path, {"app/models.py": MODELS, "app/commands.py": CLICK})
    source = files["app/commands.py"]
    rows = accounted(tmp_path, "login_history.username", skip="app/models.py")
    assert rows == [("app/commands.py", *at(source, '"^username"'), "excluded: framework")]


def test_an_argparse_destination_stays_unexplained(tmp_path: Path) -> None:
    """argparse's ``Namespace`` holds the values under these names, and ``vars(args)``,
    wherever the namespace goes, may spread them into the model."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/cli.py": ARGPARSE})
    source = files["app/cli.py"]
    rows = accounted(tmp_path, "login_history.username", skip="app/models.py")
    assert rows == [
        ("app/cli.py", *at(source, 'dest="^username"'), "unexplained"),
        ("app/cli.py", *at(source, 'add_argument("^username")'), "unexplained"),
    ]


SPREAD = """
    import argparse

    import click

    from app.models import LoginHistory


    @click.command()
    @click.option("--username")
    def create(**kwargs):
        return LoginHistory(**kwargs)


    @click.command()
    @click.argument("username")
    @click.pass_context
    def record(ctx, username):
        return LoginHistory(**ctx.params)


    def main():
        parser = argparse.ArgumentParser()
        parser.add_argument("--user", dest="username")
        args = parser.parse_args()
        return LoginHistory(**vars(args))
"""


def test_names_a_command_spreads_into_the_model_stay_unexplained(tmp_path: Path) -> None:
    """The command takes the values in a dict under the parameters' names (``**kwargs``,
    ``ctx.params``, argparse's ``vars(args)``) and spreads it into the model: each name is
    the model's keyword, never excluded."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/cli.py": SPREAD})
    source = files["app/cli.py"]
    rows = accounted(tmp_path, "login_history.username", skip="app/models.py")
    assert rows == [
        ("app/cli.py", *at(source, '"--^username"'), "unexplained"),
        ("app/cli.py", *at(source, 'argument("^username")'), "unexplained"),
        ("app/cli.py", *at(source, "ctx, ^username"), "excluded: local"),
        ("app/cli.py", *at(source, 'dest="^username"'), "unexplained"),
    ]


def test_an_add_argument_of_the_project_is_not_argparse(tmp_path: Path) -> None:
    """Near miss: the project's own ``add_argument`` builds a row with the name it is given;
    the string is not excluded."""
    files = write(tmp_path, {"app/models.py": MODELS, "app/forms.py": OWN})
    source = files["app/forms.py"]
    rows = accounted(tmp_path, "login_history.username", skip="app/models.py")
    assert ("app/forms.py", *at(source, 'dest="^username"'), "excluded: framework") not in rows
    assert [r for r in rows if r[1] == at(source, 'dest="^username"')[0]]
