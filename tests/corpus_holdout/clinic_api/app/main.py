from fastapi import FastAPI

from app.routers import appointments, visit_types

app = FastAPI(title="Clinic scheduling")
app.include_router(appointments.router)
app.include_router(visit_types.router)
