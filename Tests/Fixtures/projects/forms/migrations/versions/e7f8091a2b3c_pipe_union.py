from __future__ import annotations
"""not a docstring after an import"""
revision: str = "7h4m7ygnaao1"
down_revision: str | None = "kilo"
branch_labels: str | None = None
