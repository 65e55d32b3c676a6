"""Every dashboard, report and performance page, on the seeded workshop."""

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import Seed


def get(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_admin_dashboard(client: TestClient, seed: Seed) -> None:
    body = get(client, "/dashboard/admin")
    tasks = body["overview"]["tasks"]
    assert tasks["total"] == 7
    assert tasks["by_status"] == {"done": 3, "in_progress": 1, "todo": 2, "blocked": 1}
    assert tasks["unassigned"] == 1
    assert body["overview"]["projects"] == {"total": 3, "by_status": {"active": 2, "done": 1}}
    assert body["overview"]["users"] == {"total": 6, "active": 5}
    assert len(body["recent_tasks"]) == 5
    assert {task["title"] for task in body["recent_tasks"]} <= set(seed.tasks)


def test_supervisor_dashboard(client: TestClient, seed: Seed) -> None:
    body = get(client, "/dashboard/supervisor", supervisor_id=seed.users["Sam"])
    assert [task["title"] for task in body["running"]] == ["Weld brackets"]
    assert {task["title"] for task in body["quick_wins"]} == {"Order bolts", "Paint frame"}
    assert {task["status"] for task in body["quick_wins"]} == {"todo"}
    team = {member["name"]: member["open_tasks"] for member in body["team"]}
    assert team == {"Olga Operator": 2, "Omar Operator": 0}
    projects = {project["name"]: project for project in body["projects"]}
    assert set(projects) == {"Bridge retrofit", "Warehouse racks"}
    assert projects["Bridge retrofit"]["expected_completion_time"] == 120
    assert projects["Bridge retrofit"]["open_tasks"] == 4


def test_running_tasks(client: TestClient, seed: Seed) -> None:
    running = get(client, "/supervisor/running-tasks")
    assert len(running) == 1
    assert running[0]["id"] == seed.tasks["Weld brackets"]
    assert running[0]["assigned_to"] == seed.users["Olga"]
    assert running[0]["elapsed_minutes"] >= 0
    assert get(client, "/supervisor/running-tasks", supervisor_id=seed.users["Ada"]) == []


def test_planning_dashboard(client: TestClient, seed: Seed) -> None:
    body = get(client, "/dashboard/planning")
    plans = {plan["project"]["name"]: plan for plan in body["projects"]}
    assert set(plans) == {"Bridge retrofit", "Warehouse racks"}
    bridge = plans["Bridge retrofit"]
    assert bridge["project"]["expected_completion_time"] == 120
    assert (bridge["tasks_total"], bridge["tasks_done"], bridge["progress"]) == (5, 1, 0.2)
    assert bridge["next_milestone"]["title"] == "Steel cut"
    assert plans["Warehouse racks"]["next_milestone"] is None
    assert [task["title"] for task in body["unassigned"]] == ["Paint frame"]
    assert body["backlog_by_department"] == {"fab": 1, "planning": 1}


def test_attendance_dashboard(client: TestClient, seed: Seed) -> None:
    body = get(client, "/dashboard/attendance")
    people = {person["name"]: person for person in body["people"]}
    assert body["present"] == 3
    assert people["Olga Operator"]["running_tasks"] == ["Weld brackets"]
    assert people["Omar Operator"]["check_out"] is not None
    assert people["Sam Supervisor"]["status"] == "late"
    assert body["absent"] == ["Ada Admin", "Pia Planner"]
    other_day = get(client, "/dashboard/attendance", day="2020-01-06")
    assert other_day["present"] == 0
    assert len(other_day["absent"]) == 5


def test_fab_dashboard(client: TestClient, seed: Seed) -> None:
    body = get(client, "/dashboard/fab")
    assert body["queue"] == {"done": 1, "in_progress": 1, "todo": 1, "blocked": 1}
    assert [task["title"] for task in body["in_progress"]] == ["Weld brackets"]
    assert [task["title"] for task in body["blocked"]] == ["Inspect welds"]
    assert body["done_today"] == 1


def test_filing_dashboard(client: TestClient, seed: Seed) -> None:
    body = get(client, "/dashboard/filing")
    assert body["files_by_category"] == {"permits": 1, "fab": 1}
    recent = {file["filename"]: file["task"] for file in body["recent_files"]}
    assert recent == {"permit-2025-114.pdf": "File permits", "cut-list.xlsx": "Cut beams"}
    assert [task["title"] for task in body["done_without_files"]] == ["Scan drawings"]


def test_task_performance(client: TestClient, seed: Seed) -> None:
    rows = get(client, "/performance/tasks")
    overruns = [(row["title"], row["overrun_minutes"]) for row in rows]
    assert overruns == [("Cut beams", 30), ("File permits", -10)]


def test_user_performance(client: TestClient, seed: Seed) -> None:
    rows = get(client, "/performance/users")
    done = {row["name"]: (row["tasks_done"], row["minutes_worked"]) for row in rows}
    assert done == {"Olga Operator": (1, 120), "Omar Operator": (2, 35)}


def test_project_budgets(client: TestClient, seed: Seed) -> None:
    rows = {row["name"]: row for row in get(client, "/performance/projects")}
    assert rows["Bridge retrofit"]["budget_minutes"] == 120 * 60
    assert rows["Bridge retrofit"]["remaining_minutes"] == 120 * 60 - 120
    assert rows["Warehouse racks"]["spent_minutes"] == 35
    assert rows["Archive migration"]["budget_minutes"] == 0


def test_task_report(client: TestClient, seed: Seed) -> None:
    rows = get(client, "/reports/tasks")
    assert [row["id"] for row in rows] == sorted(seed.tasks.values())
    by_title = {row["title"]: row for row in rows}
    assert by_title["Cut beams"]["project"] == "Bridge retrofit"
    assert by_title["Cut beams"]["assignee"] == "Olga Operator"
    assert by_title["Cut beams"]["actual_completion_time"] == 120
    assert by_title["Paint frame"]["assignee"] is None


def test_public_task_report_hides_estimates(client: TestClient, seed: Seed) -> None:
    rows = get(client, "/reports/tasks/public")
    assert len(rows) == 7
    assert all("expected_completion_time" not in row for row in rows)
    assert all("eta_minutes" not in row for row in rows)
    assert {row["status"] for row in rows} == {"todo", "in_progress", "blocked", "done"}


def test_milestone_report(client: TestClient, seed: Seed) -> None:
    rows = get(client, "/reports/milestones")
    assert [row["title"] for row in rows] == ["Drawings approved", "Steel cut", "Assembly"]
    steel_cut = rows[1]
    assert (steel_cut["expected_minutes"], steel_cut["spent_minutes"]) == (600, 120)
    assert steel_cut["remaining_minutes"] == 480
    assert rows[0]["reached"] is True


def test_project_report(client: TestClient, seed: Seed) -> None:
    rows = get(client, "/reports/projects")
    assert [row["name"] for row in rows] == [
        "Bridge retrofit",
        "Warehouse racks",
        "Archive migration",
    ]
    assert [row["expected_completion_time"] for row in rows] == [120, 40, None]
    assert [m["title"] for m in rows[0]["milestones"]] == ["Steel cut", "Assembly"]
    assert rows[0]["milestones"][0]["expected_completion_time_minutes"] == 600
