from fastapi import FastAPI

from app.api import payments

app = FastAPI(title="payments")
app.include_router(payments.router)
