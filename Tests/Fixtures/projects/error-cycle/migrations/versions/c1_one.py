"""one

Revision ID: c1
Revises: c3
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'c1'
down_revision = 'c3'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
