"""double quotes

Revision ID: 2b3c4d5e6f70
"""
revision = "2b3c4d5e6f70"
down_revision = "1a2b3c4d5e6f"
branch_labels = None
depends_on = None
