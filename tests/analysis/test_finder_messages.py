"""A text built for people, kept in a local that holds nothing else and that only a logging
call reads, is a message (``prose``), as it is given to the call directly; a local whose text
goes anywhere else keeps its words undecided."""

from __future__ import annotations

from pathlib import Path

from tests.analysis.helpers import accounted, at, write

MODELS = """
    from sqlalchemy import Boolean, Column, Integer, String
    from sqlalchemy.orm import declarative_base

    Base = declarative_base()


    class DagRun(Base):
        __tablename__ = "dag_run"
        id = Column(Integer, primary_key=True)
        dag_id = Column(String(250))
        external_trigger = Column(Boolean)
        dag_hash = Column(String(32))
"""


def _rows(tmp_path: Path, column: str, path: str) -> list[tuple[int, int, str]]:
    return [(line, col, where) for p, line, col, where in accounted(tmp_path, column) if p == path]


def test_a_local_message_read_only_by_a_logging_call_is_prose(tmp_path: Path) -> None:
    """airflow's ``DagRun.update_state``: the message of its log line is built in a local
    over three lines, then handed to ``self.log.info`` with the values."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/finish.py": """
        import logging

        log = logging.getLogger(__name__)


        def report(run_id: str, dag_id: str, trigger: bool, digest: str) -> None:
            msg = (
                "DagRun Finished: dag_id=%s, run_id=%s, "
                "external_trigger=%s, dag_hash=%s"
            )
            log.info(msg, dag_id, run_id, trigger, digest)


        def warn(trigger: bool) -> None:
            text = f"external_trigger is {trigger}"
            if trigger:
                text = "external_trigger is " + "set"
            print(text)
    """,
        },
    )
    finish = files["app/finish.py"]
    assert _rows(tmp_path, "dag_run.external_trigger", "app/finish.py") == [
        (*at(finish, '"^external_trigger=%s'), "excluded: prose"),
        (*at(finish, 'f"^external_trigger is'), "excluded: prose"),
        (*at(finish, '"^external_trigger is " +'), "excluded: prose"),
    ]
    assert _rows(tmp_path, "dag_run.dag_hash", "app/finish.py") == [
        (*at(finish, "^dag_hash=%s"), "excluded: prose"),
    ]


def test_a_local_text_that_goes_anywhere_else_stays_undecided(tmp_path: Path) -> None:
    """Near misses: the same text also executed, formatted with ``%``, returned, rebound
    from a call, or read by a nested function's parameter of the same name: no proof that
    it is only a message."""
    files = write(
        tmp_path,
        {
            "app/models.py": MODELS,
            "app/texts.py": """
        import logging

        from sqlalchemy import text

        log = logging.getLogger(__name__)


        def executed(session) -> None:
            sql = "UPDATE dag_run SET external_trigger = false WHERE external_trigger"
            log.info(sql)
            session.execute(text(sql))


        def formatted(trigger: bool) -> None:
            msg = "external_trigger=%s"
            log.info(msg % trigger)


        def returned() -> str:
            msg = "external_trigger=%s"
            log.info(msg)
            return msg


        def rebound(lookup) -> None:
            msg = "external_trigger=%s"
            log.info(msg)
            msg = lookup("external_trigger")
            log.info(msg)
    """,
        },
    )
    texts = files["app/texts.py"]
    rows = _rows(tmp_path, "dag_run.external_trigger", "app/texts.py")
    prose = [row[:2] for row in rows if row[2] == "excluded: prose"]
    assert at(texts, 'sql = "UPDATE dag_run SET ^external_trigger') not in prose
    assert at(texts, 'WHERE ^external_trigger"') not in prose
    assert at(texts, 'msg = "^external_trigger=%s"\n    log.info(msg %') not in prose
    assert at(texts, 'msg = "^external_trigger=%s"\n    log.info(msg)\n    return') not in prose
    assert at(texts, 'msg = "^external_trigger=%s"\n    log.info(msg)\n    msg =') not in prose
