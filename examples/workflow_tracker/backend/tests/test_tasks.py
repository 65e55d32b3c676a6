"""The /tasks endpoints and the health check."""

from fastapi.testclient import TestClient

from tests.conftest import Seed


def titles(items: list[dict[str, object]]) -> set[object]:
    return {item["title"] for item in items}


def test_health(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_list_tasks(client: TestClient, seed: Seed) -> None:
    response = client.get("/tasks")
    assert response.status_code == 200
    tasks = response.json()
    assert titles(tasks) == set(seed.tasks)
    assert tasks[0]["title"] == "Order bolts"  # priority 1 comes first


def test_list_tasks_by_status_and_assignee(client: TestClient, seed: Seed) -> None:
    done = client.get("/tasks", params={"status": "done"}).json()
    assert titles(done) == {"Cut beams", "File permits", "Scan drawings"}
    olgas = client.get("/tasks", params={"assigned_to": seed.users["Olga"]}).json()
    assert titles(olgas) == {"Cut beams", "Weld brackets", "Inspect welds"}
    assert client.get("/tasks", params={"status": "lost"}).status_code == 422


def test_estimated_tasks(client: TestClient, seed: Seed) -> None:
    response = client.get("/tasks/estimated")
    assert response.status_code == 200
    estimated = {"Cut beams", "Weld brackets", "Paint frame", "File permits", "Order bolts"}
    assert titles(response.json()) == estimated


def test_create_and_read_task(client: TestClient, seed: Seed) -> None:
    body = {
        "title": "Deburr edges",
        "department": "fab",
        "project_id": seed.projects["Bridge retrofit"],
        "assigned_to": seed.users["Olga"],
        "eta_minutes": 25,
    }
    created = client.post("/tasks", json=body)
    assert created.status_code == 201, created.text
    task = created.json()
    assert task["title"] == "Deburr edges"
    assert task["eta_minutes"] == 25
    assert task["status"] == "todo"
    assert task["started_at"] is None
    read = client.get(f"/tasks/{task['id']}")
    assert read.status_code == 200
    assert read.json()["assigned_to"] == seed.users["Olga"]


def test_create_task_rejects_an_empty_title(client: TestClient) -> None:
    assert client.post("/tasks", json={"title": ""}).status_code == 422


def test_unknown_task_is_404(client: TestClient, seed: Seed) -> None:
    missing = max(seed.tasks.values()) + 1000
    response = client.get(f"/tasks/{missing}")
    assert response.status_code == 404
    assert "not found" in response.json()["detail"]


def test_update_changes_only_the_fields_sent(client: TestClient, seed: Seed) -> None:
    task_id = seed.tasks["Paint frame"]
    response = client.patch(f"/tasks/{task_id}", json={"title": "Paint frame (RAL 7016)"})
    assert response.status_code == 200
    task = response.json()
    assert task["title"] == "Paint frame (RAL 7016)"
    assert task["department"] == "fab"
    assert task["updated_at"] is not None


def test_estimate(client: TestClient, seed: Seed) -> None:
    task_id = seed.tasks["Inspect welds"]
    payload = {"eta_minutes": 35, "reason": "two inspectors"}
    response = client.put(f"/tasks/{task_id}/estimate", json=payload)
    assert response.status_code == 200, response.text
    task = response.json()
    assert task["id"] == task_id
    assert task["status"] == "blocked"
    assert task["eta_minutes"] == 35
    assert task["updated_at"] is not None
    missing = max(seed.tasks.values()) + 1000
    assert client.put(f"/tasks/{missing}/estimate", json=payload).status_code == 404


def test_duplicate(client: TestClient, seed: Seed) -> None:
    response = client.post(f"/tasks/{seed.tasks['Cut beams']}/duplicate")
    assert response.status_code == 201
    copy = response.json()
    assert copy["title"] == "Cut beams (copy)"
    assert copy["status"] == "todo"
    assert copy["assigned_to"] is None
    assert copy["project_id"] == seed.projects["Bridge retrofit"]
    assert copy["id"] not in seed.tasks.values()


def test_start_then_complete(client: TestClient, seed: Seed) -> None:
    task_id = seed.tasks["Paint frame"]
    started = client.post(f"/tasks/{task_id}/start")
    assert started.status_code == 200
    assert started.json()["status"] == "in_progress"
    assert started.json()["started_at"] is not None
    assert client.post(f"/tasks/{task_id}/start").status_code == 409

    completed = client.post(f"/tasks/{task_id}/complete", json={})
    assert completed.status_code == 200
    task = completed.json()
    assert task["status"] == "done"
    assert task["completed_at"] is not None
    assert task["actual_completion_time"] == 0  # finished within the minute it started


def test_complete_needs_a_start(client: TestClient, seed: Seed) -> None:
    response = client.post(f"/tasks/{seed.tasks['Order bolts']}/complete", json={})
    assert response.status_code == 409
    assert "not been started" in response.json()["detail"]
