"""Tests of the workflow tracker; run from backend/: python -m pytest tests"""
