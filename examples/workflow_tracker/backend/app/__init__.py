"""Workflow tracker: tasks, projects, attendance and the dashboards built on them."""
