from fastapi import FastAPI

from app.api import orders

app = FastAPI(title="shop")
app.include_router(orders.router)
