"""broken"""
revision = "x2"
down_revision = ("x1",
