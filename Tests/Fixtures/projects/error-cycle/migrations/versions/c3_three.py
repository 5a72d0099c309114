"""three

Revision ID: c3
Revises: c2
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'c3'
down_revision = 'c2'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
