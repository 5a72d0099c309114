"""first copy

Revision ID: u2
Revises: u1
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'u2'
down_revision = 'u1'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
