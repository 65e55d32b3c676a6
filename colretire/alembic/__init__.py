"""Alembic integration: the drop guard and the revisions colretire writes.

The guard (enable it with one line in ``env.py``, see :mod:`colretire.alembic.guard`):

=======================  =================================================================
module                   role
=======================  =================================================================
``guard``                the ``env.py`` line: ``from colretire.alembic.guard import context``
``autogen``              generation time: ``include_object``, ``process_revision_directives``
``runtime``              upgrade time: the pre-check of pending revisions
``backstop``             upgrade time: each drop judged as it runs (``implementation_for``)
``lint``                 the static lint of migration scripts (CR200-CR205), for CI
``sql``                  drops in raw SQL text
``rules``                the drop rule asked by the names a migration uses
``override``             ``COLRETIRE_ALLOW_DROP``: the recorded emergency override
``plugin``               the ``alembic.plugins`` entry point (zero lines in ``env.py``)
=======================  =================================================================

``ops`` and ``revisions`` build and write the revisions of ``colretire drop``, ``restore`` and
``relax``. Imported on demand; the core never imports this package (see
tests/core/test_architecture.py).
"""
